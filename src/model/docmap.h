/* Where each field of a document is in its text: a map from field paths, written as the
 * API server writes them in the causes of a 422 (spec.replicas,
 * spec.template.spec.containers[0].image, metadata.labels.app, data[a.b]), to the 1-based
 * line and column of the key (of the item, for a list item), and back from a line to the
 * innermost field on it. The same parse checks the text: a YAML or JSON syntax error is a
 * value with its line, column and a sentence.
 *
 * Pure functions of the text: nothing is kept between calls, so a caller may run them
 * off the keystroke path (on idle) and drop the result when the text has changed. */
#ifndef KD_DOCMAP_H
#define KD_DOCMAP_H

#include <stddef.h>

#include "util/err.h"

struct docmap;

/* A syntax error: where (1-based) and what, as a sentence. */
struct docmap_err {
	int line, col;
	char msg[256];
};

/* The map of the first document of text (len bytes; need not end in NUL). NULL when the
 * text is not valid YAML (JSON is YAML), with *err set when err is not NULL. The caller
 * frees the map with docmap_free. */
struct docmap *docmap_new(const char *text, size_t len, struct docmap_err *err);
void docmap_free(struct docmap **m);

/* The syntax check alone: 0, or -1 with *err set. */
int docmap_check(const char *text, size_t len, struct docmap_err *err);
/* The same of a text held as n lines (line i, without its '\n', from line(arg, i, &len)),
 * read as the parser wants it: the text is never joined whole but to describe an error. */
typedef const char *(*docmap_line_fn)(void *arg, size_t i, size_t *len);
int docmap_check_lines(docmap_line_fn line, void *arg, size_t n, struct docmap_err *err);

/* What docmap_find found. */
struct docmap_hit {
	int line, col;
	int exact;      /* 0: the path is not in the text, line and col are its nearest ancestor's */
	char *found;    /* the path found (the ancestor when !exact), new: the caller frees it */
};

/* Where path is. Accepts the server's forms: a leading "." or none, keys as ".key" or
 * "[key]", list items as "[N]" or, as server-side apply names them, "[name=\"x\"]". Returns 0
 * (hit->exact says whether the path itself or an ancestor was found), or -1 when the map is
 * empty. */
int docmap_find(const struct docmap *m, const char *path, struct docmap_hit *hit);

/* The innermost field whose text covers line (1-based), as a new path ("" for the
 * document itself), or NULL when line is outside the document. */
char *docmap_path_at(const struct docmap *m, int line);

/* The line in the text of to that holds the field which line holds in the text of from
 * (the nearest ancestor when to lacks it): for the cursor across the YAML/JSON toggle. */
int docmap_line_across(const struct docmap *from, int line, const struct docmap *to);

enum docmap_form { DOCMAP_YAML, DOCMAP_JSON };

/* The first document of text written in form (YAML as kubectl prints it in the document's
 * key order; JSON with 2-space indent), every value kept, as a new string; NULL with err
 * set when text does not parse. */
char *docmap_convert(const char *text, size_t len, enum docmap_form to, struct kd_err *err);

#endif
