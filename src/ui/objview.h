/* One object as text for the viewer: YAML (keys, values and comments highlighted) or
 * JSON, with metadata.managedFields folded behind one line, and a Secret's values (data,
 * stringData and the last-applied annotation) hidden unless revealed (then data decoded). */
#ifndef KD_OBJVIEW_H
#define KD_OBJVIEW_H

struct cJSON;
struct pager;

enum { OBJVIEW_YAML, OBJVIEW_JSON };

/* Appends obj to p. kind: the kind the page asked for (a Secret's values are hidden when
 * either it or the object's own kind says Secret: list items carry no kind). reveal: show a
 * Secret's decoded values. */
void objview_render(struct pager *p, const struct cJSON *obj, const char *kind, int format, int reveal);
/* Whether a scalar string must be quoted in YAML. */
int objview_needs_quotes(const char *s);
/* The annotation kubectl apply writes: on a Secret it holds the values as applied. */
#define OBJVIEW_LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"
/* Whether a Secret's annotation named key holds its values (the last-applied one). */
int objview_hidden_key(const char *key);

#endif
