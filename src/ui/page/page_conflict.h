/* The fields of a three-way merge on their own page, after a save found that the object
 * changed on the server meanwhile: each changed field by its path with its value as
 * loaded (BASE), on the server now (THEIRS) and in the edit (MINE), the ones merged by
 * themselves marked so, and each conflict with the side picked (left: theirs, right:
 * mine; mine at first). Enter sends the merged object, the edit key opens the merged text
 * in the editor instead, Esc sends nothing. Changes to what the editor hides (status,
 * resourceVersion, generation, managedFields) are counted, not listed: they are the
 * server's. */
#ifndef KD_PAGE_CONFLICT_H
#define KD_PAGE_CONFLICT_H

#include <stddef.h>

struct app;
struct cluster;
struct merge3;
struct merge3_field;

enum page_conflict_answer {
	PAGE_CONFLICT_SEND,     /* Enter: send the merged object */
	PAGE_CONFLICT_EDIT,     /* the edit key: the merged text in the editor */
	PAGE_CONFLICT_CANCEL,   /* Esc, or the page closed otherwise */
};

/* Called once, when the page goes. */
typedef void (*page_conflict_cb)(struct app *app, enum page_conflict_answer a, void *arg);

/* Opens the page on m (borrowed: it must live until cb; the picks are set in it) for
 * title ("deployment shop/web") on cluster c, and pushes it. */
void page_conflict_open(struct app *app, struct cluster *c, const char *title, struct merge3 *m,
    page_conflict_cb cb, void *arg);

/* The fields the page lists, in its order: conflicts first, then the merged ones, each
 * in document order; those under what the editor hides left out and counted in *hidden.
 * rows (room for m->n) gets their indexes in m->fields. Returns how many. */
size_t page_conflict_rows(const struct merge3 *m, size_t *rows, size_t *hidden);
/* A field's STATE column: "merged: theirs", "merged: mine", "merged: same", or
 * "CONFLICT: theirs" or "CONFLICT: mine" after its pick. */
const char *page_conflict_state(const struct merge3_field *f);

#endif
