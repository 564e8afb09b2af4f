/* Themes: drawing code names semantic elements (THEME_ROW_SELECTED), never colours; a
 * theme file (themes/NAME.yaml) maps each element to "FG [on BG] [bold] [dim] [underline]
 * [reverse] [italic]". Colours are names (red, bright-blue, default), 256-colour indexes
 * (colour208) or #rrggbb, each brought to the nearest colour the terminal has (256, 16, 8)
 * or dropped (0 colours: NO_COLOR, --theme mono), where attributes alone must carry the
 * meaning. No curses here: screen.c turns resolved styles into colour pairs. */
#ifndef KD_THEME_H
#define KD_THEME_H

#include <stddef.h>

#include "util/err.h"

enum theme_el {
	THEME_DEFAULT,          /* the background everything sits on */
	THEME_HEADER,           /* the header's text */
	THEME_HEADER_KEY,       /* "Context:" labels in the header */
	THEME_HEADER_PRODUCTION,   /* the header of a production context's screens */
	THEME_LOGO,
	THEME_CRUMB,            /* a breadcrumb */
	THEME_CRUMB_ACTIVE,     /* the current one */
	THEME_TABLE_HEADER,
	THEME_TABLE_SORT,       /* the sorted column's header */
	THEME_ROW,
	THEME_ROW_SELECTED,
	THEME_ROW_MARKED,
	THEME_OK,               /* Running, Ready, Bound, Succeeded-ish health */
	THEME_WARNING,          /* restarts, partially ready, Warning events */
	THEME_ERROR,            /* CrashLoopBackOff, Failed, Error */
	THEME_PENDING,          /* Pending, ContainerCreating */
	THEME_TERMINATED,       /* Completed, Terminating */
	THEME_STALE,            /* rows that may be out of date (reconnecting) */
	THEME_FLASH,            /* the status line */
	THEME_FLASH_ERROR,
	THEME_HINT,             /* the key-hint line */
	THEME_HINT_KEY,
	THEME_HINT_DISABLED,    /* an action not allowed here */
	THEME_PROMPT,
	THEME_BORDER,
	THEME_DIALOG,
	THEME_TITLE,            /* titles of viewers and dialogs, describe section names */
	THEME_YAML_KEY,
	THEME_YAML_VALUE,
	THEME_YAML_COMMENT,
	THEME_SEARCH_MATCH,
	THEME_DIFF_ADD,
	THEME_DIFF_DELETE,
	THEME_LOG_TIMESTAMP,
	THEME_DIFF_HEADER,      /* a diff's hunk headers (@@ -1,5 +1,6 @@) */
	THEME_EDITOR_KEY,       /* the editor's YAML and JSON: a key */
	THEME_EDITOR_STRING,
	THEME_EDITOR_NUMBER,    /* numbers, true, false, null */
	THEME_EDITOR_COMMENT,
	THEME_EDITOR_ERROR,     /* a line with an error, in the gutter, and its place */
	THEME_EDITOR_SELECTION,
	THEME_EDITOR_LINENR,    /* the line numbers */
	THEME_EDITOR_STATUS,    /* the editor's status line */
	THEME_COUNT
};

enum {
	THEME_BOLD = 1, THEME_DIM = 2, THEME_UNDERLINE = 4, THEME_REVERSE = 8, THEME_ITALIC = 16,
};

/* A colour as written: kind and value; resolved with theme_color_resolve. */
enum theme_color_kind { THEME_COLOR_DEFAULT, THEME_COLOR_INDEX, THEME_COLOR_RGB };
struct theme_color {
	enum theme_color_kind kind;
	unsigned value;          /* index 0-255, or 0xRRGGBB */
};

struct theme_style {
	struct theme_color fg, bg;
	unsigned attr;           /* THEME_BOLD... */
};

struct theme {
	char *name;
	struct theme_style el[THEME_COUNT];
};

/* Resolved for one terminal: colour indexes (-1: the terminal's default) and attributes. */
struct theme_resolved {
	short fg, bg;
	unsigned attr;
};

/* Element names as theme files spell them ("row-selected"); NULL past the end. */
const char *theme_el_name(enum theme_el el);
int theme_el_find(const char *name);   /* -1 when unknown */

/* Parses a theme file's text. Elements it leaves out inherit from "inherit: NAME" (the
 * caller gives base) or from the built-in dark theme. NULL with err "file:line: ...". */
struct theme *theme_parse(const char *text, size_t len, const char *filename,
    const struct theme *base, struct kd_err *err);
/* The theme called name: the first dirs[i]/name.yaml (dirs NULL-terminated, highest
 * priority first), else a built-in one ("dark", "mono"). NULL with err when neither. */
struct theme *theme_load(const char *const *dirs, const char *name, struct kd_err *err);
/* The built-in dark or mono theme. */
struct theme *theme_builtin(const char *name);
void theme_free(struct theme **t);

/* Parses one style ("white on #005f87 bold"); 0 or -1 with err naming the word. */
int theme_style_parse(const char *text, struct theme_style *st, struct kd_err *err);
/* Brings a colour to what a terminal with ncolors colours has: an index below ncolors,
 * or -1 (default colour; always when ncolors < 8). */
short theme_color_resolve(struct theme_color c, int ncolors);
/* What colour index i (0-255) looks like, as xterm draws it: 0xRRGGBB. */
unsigned theme_index_rgb(unsigned i);
/* How far apart two 0xRRGGBB colours look: a squared RGB distance weighted as the eye
 * sees (green counts most); 0 for the same colour, 585225 for black and white. */
long theme_rgb_distance(unsigned a, unsigned b);
/* One element for a terminal with ncolors colours. With no colours, a style that relied
 * on colour alone gets an attribute, so selection and errors stay visible. */
struct theme_resolved theme_resolve(const struct theme *t, enum theme_el el, int ncolors);

/* The colour count to use: 0 when NO_COLOR is set (non-empty) or the theme is mono,
 * else what the terminal reports. */
int theme_colors_for(const char *theme_name, int terminal_colors);

#endif
