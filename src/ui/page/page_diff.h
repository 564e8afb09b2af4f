/* A coloured diff on its own page (removed lines in the theme's diff-delete, added in
 * diff-add, hunk headers in diff-header, both line numbers in the gutter), scrolled and searched
 * as every viewer is, optionally ending with a question: the save of an edit, an apply's
 * plan, a rollback. */
#ifndef KD_PAGE_DIFF_H
#define KD_PAGE_DIFF_H

#include <stddef.h>

struct app;
struct cluster;

/* The answer to a diff's question: 1 yes, 0 no (Esc, n, q). */
typedef void (*page_diff_cb)(struct app *app, int yes, void *arg);

/* Opens the diff of a and b (copied) on a new page of cluster c (NULL: app-wide) titled
 * title ("deployment shop/web"). head (NULL: none) is a line above the diff ("2 lines
 * changed; the patch is a strategic merge"). question NULL: a viewer only; else asked on
 * the page (y answers yes; n, q and Esc no) and cb gets the answer once, after the page
 * has closed (so what cb opens stays on screen); a page popped without an answer (a context
 * switch, a full stack, the end) gives cb 0. Identical texts show "no changes". */
void page_diff_open(struct app *app, struct cluster *c, const char *title, const char *head,
    const char *a, size_t alen, const char *b, size_t blen, const char *question,
    page_diff_cb cb, void *arg);

struct linediff_line;
/* One line of the page as a new string in *out: the gutter (the line in a, right-aligned
 * in wa columns, and in b in wb, blank where the line is not on that side), then the
 * line's - + or space and its text; a hunk header after a blank gutter. Returns the
 * gutter's length in bytes. */
int page_diff_line(const struct linediff_line *l, int wa, int wb, char **out);

#endif
