/* The state of a libvterm pane, shared by its parts: term.c (vterm's callbacks, keys,
 * drawing), term_write.c (output and the jump scroll) and term_scroll.c (scrollback view,
 * search, copy). Nothing outside ui/widget/term*.c includes it. */
#ifndef KD_TERM_PRIV_H
#define KD_TERM_PRIV_H

#include <stdint.h>

#include <vterm.h>

#include "ui/widget/term.h"
#include "util/sbuf.h"


/* A scrollback cell: a fifth of a VTermScreenCell (combining characters past the first
 * are dropped once a line leaves the screen). */
struct term_cell {
	uint32_t ch;
	uint8_t width, attrs;
	VTermColor fg, bg;
};

enum { TA_BOLD = 1, TA_UNDER = 2, TA_ITALIC = 4, TA_BLINK = 8, TA_REVERSE = 16, TA_STRIKE = 32 };

struct term_line {
	uint16_t len;
	struct term_cell cells[];
};

struct term {
	VTerm *vt;
	VTermScreen *vs;
	VTermState *state;
	struct term_cbs cbs;
	void *arg;
	int rows, cols;
	int inv_top, inv_bot;        /* rows to redraw: [inv_top, inv_bot) */
	VTermPos cursor;
	int cursor_visible, alt;
	char title[256];
	struct term_line **sb;       /* ring of scrollback lines, oldest at sb_head */
	size_t sb_cap, sb_len, sb_head;
	int sb_off;                  /* lines scrolled back */
	/* search: the match, as an absolute line (scrollback index, then screen rows) */
	long match_line;
	int match_col, match_len;
	/* what the input set that the fast path for plain lines must know (term_scan) */
	int esc;                     /* TS_* (term_write.c) */
	int csi_len, region, lrmode, g0, shifted, nojump;
	int bol;                     /* the last input ended a line */
	struct sbuf pend;            /* plain output not given to vterm yet (term_flush) */
	char csi[16];
};

/* Marks rows [0, rows) for redrawing. */
void term_invalidate_all(struct term *t);
/* Appends l (now owned by t) to the scrollback, dropping the oldest line when full. */
void term_sb_push(struct term *t, struct term_line *l);
/* Scrollback line i, 0 the oldest. */
const struct term_line *term_sb_line(const struct term *t, size_t i);
/* Gives vterm the plain output held back (term_write). */
void term_flush(struct term *t);

#endif
