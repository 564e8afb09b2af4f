/* JSON text written as block YAML without a tree: a large object's text as it arrives,
 * at the cost of the text alone (a tree of a Deployment with 12k env entries costs seven
 * times its text). The YAML is byte for byte what doc_to_yaml writes, in document order,
 * for the tree cJSON parses from the same text, less what a filter takes out or puts in
 * place of an object's member (the editor's view hides status and managedFields, and
 * folds the last-applied annotation: model/editview.h). */
#ifndef KD_DOC_STREAM_H
#define KD_DOC_STREAM_H

#include <stddef.h>

/* An object's member, as the filter sees it before its value is written. */
struct doc_stream_member {
	const char *const *path;   /* the members above, outermost first: their keys, NULL for
	                            * an array's item */
	size_t depth;              /* of path: 0 for the top object's members */
	const char *key;
	const char *str;           /* the value when it is a string, else NULL */
};

enum doc_stream_act {
	DOC_STREAM_KEEP,      /* written as it is */
	DOC_STREAM_DROP,      /* left out (an object left empty is written {}) */
	DOC_STREAM_REPLACE,   /* its value is the string the filter gives instead */
};

/* What becomes of member m; for DOC_STREAM_REPLACE, *with is a new string written as the
 * value (freed here). */
typedef enum doc_stream_act (*doc_stream_filter)(void *arg, const struct doc_stream_member *m,
    char **with);

/* The YAML of the JSON text json (len bytes), each object member through filter (NULL:
 * all kept). NULL when the text is not JSON as cJSON reads it (nor nested deeper than cJSON
 * reads), or the filter asked to stop (it returned an act not above): the caller parses
 * it then. A new string. */
char *doc_stream_yaml(const char *json, size_t len, doc_stream_filter filter, void *arg);

#endif
