/* A terminal pane: libvterm interprets what the pod's program writes (UTF-8 and wide
 * characters, 16/256/RGB colours, the cursor, the alternate screen, bracketed paste,
 * OSC 52) and term_draw copies it onto the curses screen, mapping colours to what the
 * outer terminal has. Repaints are damage-driven (neovim's terminal.c): vterm's callbacks
 * only widen an invalid-rows range; the owner draws on a short timer, which absorbs bursts.
 * Lines scrolled off the top go to a bounded scrollback that can be viewed and searched.
 * Floods of plain lines are held back until the pane is read and then jump-scrolled
 * (term.c): a `cat` of a big file costs two screenfuls of vterm scrolling per frame. */
#ifndef KD_TERM_H
#define KD_TERM_H

#include <stddef.h>
#include <stdint.h>

struct term;

struct term_cbs {
	/* Bytes for the program (keys, pastes, terminal replies). */
	void (*output)(const char *buf, size_t len, void *arg);
	/* The program asked to set the clipboard: OSC 52's base64 text. */
	void (*clipboard)(const char *b64, size_t len, void *arg);
	/* Something changed on screen (schedule a draw). */
	void (*damage)(void *arg);
	void (*bell)(void *arg);
};

/* scrollback: lines kept above the screen (0: 10000). */
struct term *term_new(int rows, int cols, size_t scrollback, const struct term_cbs *cbs, void *arg);
void term_free(struct term **t);

/* Output of the program. */
void term_write(struct term *t, const char *buf, size_t len);
void term_resize(struct term *t, int rows, int cols);
void term_size(const struct term *t, int *rows, int *cols);

/* A key from curses: fn set when ch is a KEY_* code (wget_wch's KEY_CODE_YES). */
void term_key(struct term *t, uint32_t ch, int fn);
void term_paste_begin(struct term *t);
void term_paste_end(struct term *t);

/* Draws onto stdscr at (y, x): only rows changed since the last draw unless full. The
 * cursor goes where the program has it (when visible and not scrolled back). Returns 1
 * when the cursor should be shown. */
int term_draw(struct term *t, int y, int x, int full);
int term_dirty(const struct term *t);

/* Scrollback view: lines above the live screen (0: live). */
void term_scroll(struct term *t, int delta);
int term_scrolled(const struct term *t);
size_t term_scrollback_lines(const struct term *t);
/* Searches text backwards (dir < 0) or forwards from the last match, scrolling to it and
 * highlighting it. Returns 1 when found, 0 otherwise. */
int term_search(struct term *t, const char *text, int dir);
/* The text of the highlighted match's line, or of the whole visible screen without a
 * match: a new UTF-8 string (trailing blanks trimmed). */
char *term_copy_text(struct term *t);
/* Plain text of the live screen, one line per row (tests, recordings). Caller frees. */
char *term_screen_text(struct term *t);
const char *term_title(const struct term *t);
int term_altscreen(const struct term *t);

#endif
