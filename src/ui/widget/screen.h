/* The screen: curses set up and torn down, colour pairs from the theme, glyphs (UTF-8 or
 * ASCII line drawing), and the fixed parts around the main area: header, breadcrumbs,
 * the flash/status line and the key-hint line. Drawing goes to stdscr and reaches the
 * terminal through doupdate(), which sends only the cells that changed: nothing here
 * ever calls clear() except for an explicit full redraw (resize, Ctrl-L, resume). */
#ifndef KD_SCREEN_H
#define KD_SCREEN_H

#include <curses.h>
#include <stddef.h>
#include <wchar.h>

#include "ui/widget/theme.h"

enum glyph { GLYPH_VLINE, GLYPH_HLINE, GLYPH_ARROW_UP, GLYPH_ARROW_DOWN, GLYPH_CRUMB_SEP,
	GLYPH_MARK, GLYPH_ELLIPSIS, GLYPH_SPINNER0, GLYPH_COUNT };

/* Starts curses. ncolors: -1 use what the terminal has (NO_COLOR and mono respected by
 * the caller through theme_colors_for); else that many. Returns 0 or -1 (no terminal). */
int screen_open(const struct theme *t, const char *theme_name);
void screen_close(void);
/* Leaves curses for Ctrl-Z (the shell gets a normal terminal), and comes back. */
void screen_suspend(void);
void screen_resume(void);
/* Ctrl-Z or a SIGTSTP from outside: leaves curses (the shell gets a normal terminal back),
 * stops as the default action would, and when continued (fg) takes the screen again at the
 * terminal's current size, the SIGTSTP handler put back. The caller repaints in full. */
void screen_stop(void);
/* Switches theme live. */
void screen_set_theme(const struct theme *t, const char *theme_name);
int screen_colors(void);        /* colours in use: 0, 8, 16, 256 */
int screen_utf8(void);
void screen_set_ascii(int ascii);

/* The curses attributes (colour pair included) of a semantic element. */
attr_t screen_attr(enum theme_el el);
/* The attributes of stream index (a log view's pod or container): entry index mod n of
 * the theme's palette (theme_palette.h), so the first n streams all look different and a
 * stream keeps its look while the theme stays. */
attr_t screen_source_attr(size_t index);
const char *screen_glyph(enum glyph g);

/* Decodes one character of s (at most left bytes) for drawing: its code point in *wc and
 * its columns in *w. Without a UTF-8 locale a non-ASCII character is one '?', so nothing
 * but ASCII reaches the terminal; a broken sequence is '?' too. Returns the bytes used (>= 1). */
int screen_decode(const char *s, size_t left, wchar_t *wc, int *w);
/* Display width of UTF-8 text (control characters count 1: they are drawn as '?'). */
int screen_width(const char *s);
/* Draws at most maxw columns of s at (y, x) with attr, never splitting a wide character,
 * ending with an ellipsis when cut (ellipsis set). Returns the columns used. */
int screen_put(int y, int x, int maxw, const char *s, attr_t attr, int ellipsis);
/* Like screen_put with an ellipsis, but a name too long for maxw loses its middle and
 * keeps both ends ("orders-55…-x7k2q": the tail from the last '-' when it is short), so
 * names that differ at the end stay distinct. Returns the columns used. */
int screen_put_middle(int y, int x, int maxw, const char *s, attr_t attr);
/* Fills columns [x, x+w) of row y with spaces in attr. */
void screen_fill(int y, int x, int w, attr_t attr);

/* Layout rows for the current size. */
struct screen_layout {
	int rows, cols;
	int header;       /* first header row (2 rows) */
	int crumbs;       /* the breadcrumb row */
	int main_top;     /* the main area: [main_top, main_top + main_rows) */
	int main_rows;
	int flash;        /* flash/prompt row */
	int hints;        /* key-hint row */
};
void screen_layout(struct screen_layout *l);

struct screen_header {
	const char *context, *cluster, *user, *version, *namespace, *server;
	const char *cpu, *mem;   /* "23%" or NULL when metrics are not served */
	const char *state;       /* "listing (3500)", "reconnecting ...", "" */
	int readonly;
	int production;          /* a production context: the header in THEME_HEADER_PRODUCTION */
};
void screen_draw_header(const struct screen_header *h);
void screen_draw_crumbs(const char *const *crumbs, int n);
/* The flash line: a message shown until replaced or expired (the app times it). */
void screen_draw_flash(const char *msg, int error);
/* Hints: pairs of key name and word; disabled ones are drawn dimmed with their reason
 * left to the help screen. */
struct screen_hint {
	const char *key, *word;
	int disabled;
	int keep;         /* kept when the line is short of room (help, quit) */
};
/* Draws the hints in order; when they do not fit, the last ones not to keep are left out
 * first (a page lists its hints most important first). */
void screen_draw_hints(const struct screen_hint *h, int n);

#endif
