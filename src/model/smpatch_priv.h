/* The diff of two maps the patches are made of, shared by the two-way patches (smpatch.c)
 * and the three-way one (smpatch3.c); nothing outside model/smpatch*.c includes it. As
 * apimachinery's diffMaps and diffLists under their options: a map's changed and new
 * keys, its removed ones as null; a list with a merge key (smpatch_list_key) item by
 * item, changed items as their patch with the key, new ones whole, removed ones as
 * {KEY: v, "$patch": "delete"} after them, and "$setElementOrder/FIELD"; finalizers as a
 * set with "$deleteFromPrimitiveList/FIELD"; any other list whole. */
#ifndef KD_SMPATCH_PRIV_H
#define KD_SMPATCH_PRIV_H

#include <cjson/cJSON.h>

struct smpatch_ctx {
	int oom;              /* memory ran out: the patch is dropped */
	int no_deletions;     /* IgnoreDeletions: removed keys, items and members unsaid */
	int no_changes;       /* IgnoreChangesAndAdditions: changed and new ones unsaid */
	int copy;             /* the patch's strings its own (else borrowed from the versions) */
	int removed_first;    /* a map's removed keys before its changes (else after them) */
	int whole_lists;      /* no merge keys nor sets: every list whole (a JSON merge patch) */
	int port_protocol;    /* a changed port says its protocol when that is not TCP */
	int order_text;       /* a long "$setElementOrder" list held as its JSON text */
};

/* v added to obj as key (v may be NULL: memory ran out); on failure v is deleted and
 * x->oom set. */
void smpatch_add(struct smpatch_ctx *x, cJSON *obj, const char *key, cJSON *v);
/* v added to the array arr, as smpatch_add. */
void smpatch_push(struct smpatch_ctx *x, cJSON *arr, cJSON *v);
/* v as a value of the patch: a string borrowed unless x->copy (a large field is not held
 * twice while the patch is written out), anything else copied. NULL (x->oom set) when
 * memory ran out. */
cJSON *smpatch_dup(struct smpatch_ctx *x, const cJSON *v);
/* The strategic patch of two maps under x's options, or NULL when memory ran out. */
cJSON *smpatch_maps(struct smpatch_ctx *x, const cJSON *from, const cJSON *to);

#endif
