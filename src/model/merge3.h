/* A three-way merge of an object by field path: what changed on the server since the
 * editor loaded it (BASE -> THEIRS) beside what the user changed (BASE -> MINE). A field
 * is a leaf value (a scalar, an empty map or list) or a list item with a merge key
 * (containers[name=web]); lists without one are fields whole. Paths are written as the
 * API server writes them (spec.template.spec.containers[0].image), so docmap_find puts
 * them on their lines. */
#ifndef KD_MERGE3_H
#define KD_MERGE3_H

#include <stddef.h>

#include <cjson/cJSON.h>

enum merge3_side {
	MERGE3_THEIRS = 1,   /* changed on the server only */
	MERGE3_MINE = 2,     /* changed by the user only */
	MERGE3_BOTH = 3,     /* changed by both to different values: a conflict */
	MERGE3_SAME = 4,     /* changed by both to the same value */
};

/* One changed field. Values are JSON text, cut after 4 KiB with the value's size
 * ("..." (1064425 bytes)); NULL where the field is absent on that side. */
struct merge3_field {
	char *path;
	enum merge3_side side;
	char *base, *theirs, *mine;
	int hidden;          /* under what the editor hides: status, metadata.resourceVersion,
	                      * metadata.generation, metadata.managedFields */
	int pick;            /* MERGE3_THEIRS or MERGE3_MINE for a conflict; MERGE3_MINE at first */
};

struct merge3 {
	struct merge3_field *fields;   /* in document order */
	size_t n;
	size_t conflicts;              /* fields with side MERGE3_BOTH */
	int hidden_only;               /* every server change is hidden: merged without a question */
};

/* The changed fields of base, theirs and mine (none is changed). 0, or -1 when memory
 * ran out. */
int merge3_make(const cJSON *base, const cJSON *theirs, const cJSON *mine, struct merge3 *out);
/* The merged object: theirs with every change of mine applied, and for each conflict the
 * side its pick says. A new tree that holds what it takes unchanged from theirs by
 * reference: read it (a patch, a text, a print) and delete it, but never after theirs is
 * deleted; cJSON_Duplicate makes a tree of its own. */
cJSON *merge3_result(const struct merge3 *m, const cJSON *base, const cJSON *theirs,
    const cJSON *mine);
void merge3_free(struct merge3 *m);

#endif
