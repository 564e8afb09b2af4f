/* One object as text for the viewer: YAML (keys, values and comments highlighted) or
 * JSON, with metadata.managedFields folded behind one line, and a Secret's values
 * hidden unless revealed (then base64-decoded). */
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
/* Decodes base64 into a new NUL-terminated buffer (NULL when not base64); *len its size. */
char *objview_base64_decode(const char *in, unsigned long *len);

#endif
