/* A text viewer: describe, YAML, JSON, help and pulse are lines of text, each drawn with
 * two semantic elements (a key part and the rest), with scrolling, search (highlighted,
 * n/N) and folding (managedFields hidden behind one line until unfolded). */
#ifndef KD_PAGER_H
#define KD_PAGER_H

#include <stddef.h>

#include "ui/widget/theme.h"

enum pager_fold {
	PAGER_PLAIN,        /* always shown */
	PAGER_FOLDED,       /* hidden while folded */
	PAGER_PLACEHOLDER,  /* shown only while folded: stands for the hidden lines */
};

struct pager;

struct pager *pager_new(const char *title);
void pager_free(struct pager **p);
const char *pager_title(const struct pager *p);
void pager_clear(struct pager *p);
/* Adds a line: text[0..split) drawn in el1, the rest in el2 (split 0: all in el2). */
void pager_add(struct pager *p, const char *text, int split, enum theme_el el1, enum theme_el el2,
    enum pager_fold fold);
/* Adds a plain line in one element, printf-style. */
void pager_addf(struct pager *p, enum theme_el el, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
size_t pager_lines(const struct pager *p);      /* every line */
const char *pager_line(const struct pager *p, size_t i);
/* How line i is drawn, as pager_add took it (left alone when there is no line i). */
void pager_line_style(const struct pager *p, size_t i, int *split, enum theme_el *el1, enum theme_el *el2);
/* The lines as shown (folding applied) joined with newlines; owned by the caller. */
char *pager_text(const struct pager *p);

void pager_toggle_fold(struct pager *p);
int pager_folded(const struct pager *p);
/* Scrolls by delta lines (clamped). */
void pager_scroll(struct pager *p, long delta);
void pager_top(struct pager *p);
void pager_bottom(struct pager *p);
void pager_scroll_x(struct pager *p, int delta);
/* Sets the search text ("" none) and goes to the first match from the top line;
 * returns the number of matching lines. */
size_t pager_search(struct pager *p, const char *text);
/* The same going dir (-1: to the first match from the top line up). */
size_t pager_search_dir(struct pager *p, const char *text, int dir);
/* Next (dir 1) or previous (-1) match; returns 0 or -1 when none. */
int pager_search_next(struct pager *p, int dir);

/* Cursor mode (pulse): a highlighted line that moves among the lines that name
 * something and skips the others; other pagers scroll only. */
void pager_set_cursor(struct pager *p, int on);
int pager_cursor_on(const struct pager *p);
/* The line added last names something: the cursor stops on it. key says what it names;
 * the cursor stays on the line with the same key when the text is built again. */
void pager_name_last(struct pager *p, const char *key);
/* Moves the cursor to the next (dir 1) or previous (-1) line that names something,
 * scrolling to show it; none that way: scrolls by a line. */
void pager_cursor_move(struct pager *p, int dir);
/* The key of the line under the cursor (on screen), NULL when there is none. */
const char *pager_cursor_key(struct pager *p);

void pager_draw(struct pager *p, int y, int h, int w);

#endif
