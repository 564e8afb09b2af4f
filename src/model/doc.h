/* Documents: YAML text <-> cJSON trees, typed the way Kubernetes reads YAML
 * (sigs.k8s.io/yaml: YAML 1.1 plain scalars resolved to null, bool, int and float —
 * "yes", "on" and "y" are true, "~" is null, 0x1F and 0o17 are ints — quoted scalars stay
 * strings, timestamps stay strings, map keys become strings, anchors, aliases and "<<"
 * merge keys are expanded, a repeated key keeps the last value). An integer that a double
 * cannot hold exactly (beyond 2^53) is kept as its decimal text in a cJSON raw node.
 *
 * Output is block YAML as kubectl prints it: keys sorted (DOC_SORT_KEYS) or in document
 * order, sequences under a key not indented, multi-line strings as literal blocks,
 * strings quoted only where a plain scalar would read back differently. */
#ifndef KD_DOC_H
#define KD_DOC_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/err.h"

/* The first document of text (len bytes; need not end in NUL); an empty text is a cJSON
 * null. name is used in errors: "NAME:LINE:COL: what is wrong". Returns a new tree the
 * caller frees with cJSON_Delete, or NULL with err set (code KD_ERR_INVALID). */
cJSON *doc_from_yaml(const char *text, size_t len, const char *name, struct kd_err *err);
/* Where each node of a parsed tree came from, for errors about what a file means rather
 * than how it is written ("config.yaml:4:8: theme must be a name"). */
struct doc_marks;
/* doc_from_yaml that also records marks (*marks: new, free with doc_marks_free). */
cJSON *doc_from_yaml_marks(const char *text, size_t len, const char *name, struct doc_marks **marks,
    struct kd_err *err);
/* The 1-based line and column where node (a value or a map member) starts: 0, or -1 when
 * node is not from that parse. */
int doc_mark(const struct doc_marks *marks, const cJSON *node, int *line, int *col);
void doc_marks_free(struct doc_marks **marks);

/* doc_from_yaml sharing with like what equals it (model/jsonshare.h): the tree's maps and
 * lists equal to like's at the same place are references to them, so that a large object
 * read again after an edit costs only what changed. The tree must not outlive like, nor
 * be changed where it is a reference (cJSON_Duplicate it first). */
cJSON *doc_from_yaml_like(const char *text, size_t len, const char *name, const cJSON *like,
    struct kd_err *err);

/* Every document of a multi-document stream ("---"), as a new cJSON array. */
cJSON *doc_from_yaml_all(const char *text, size_t len, const char *name, struct kd_err *err);
/* Reads and parses the first document of path (errors name path, or KD_ERR_IO when it
 * cannot be read, with errno kept in *errno_out when not NULL). */
cJSON *doc_load_file(const char *path, int *errno_out, struct kd_err *err);

enum {
	DOC_SORT_KEYS = 1,   /* keys in byte order, as kubectl -o yaml prints them */
};
/* Block YAML for one document, ending in a newline; the caller frees it. */
char *doc_to_yaml(const cJSON *doc, int flags);
/* Every element of the array docs, separated by "---" lines. */
char *doc_to_yaml_all(const cJSON *docs, int flags);
/* JSON text for one document in its key order, indented by 2 spaces, ending in a newline;
 * the caller frees it. */
char *doc_to_json(const cJSON *doc);

/* Whether s, written as a plain (unquoted) YAML scalar, would read back as this same
 * string. */
int doc_plain_ok(const char *s);

#endif
