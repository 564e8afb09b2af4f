/* The editor widget: a text (model/textbuf.h) on screen with line numbers, YAML or JSON
 * highlighting, a selection, a clipboard and the marks of errors in the gutter. Keys come
 * in two kinds: raw keys (editor_key: typing, arrows, Enter, Tab, a bracketed paste) and
 * the editor: section's actions of the keymap (editor_action). What needs a question (go
 * to a line, search, replace) is the page's to ask; the widget does it given the answer.
 *
 * A keystroke costs what it changes: the highlight state is kept per line and redone only
 * from the first changed line down to the last line on screen; nothing here parses or
 * joins the whole text. Drawing is in editor_draw.c, highlighting in editor_syntax.c. */
#ifndef KD_EDITOR_H
#define KD_EDITOR_H

#include <stddef.h>
#include <stdint.h>

#include "model/textbuf.h"
#include "ui/widget/action.h"
#include "util/err.h"

enum editor_lang { EDITOR_YAML, EDITOR_JSON };

/* The keys of a bracketed paste (ESC[200~ and ESC[201~, taught to curses by
 * shell_keys_init), as editor_key gets them: KEYMAP_FN + SHELL_KEY_PASTE_BEGIN/END. */
#define EDITOR_PASTE_BEGIN (0x200000 + 0x7f00)
#define EDITOR_PASTE_END (0x200000 + 0x7f01)

/* What a key or action did. */
enum {
	EDITOR_NOTHING = 0,
	EDITOR_MOVED = 1,       /* the cursor, the selection or the view moved: repaint */
	EDITOR_CHANGED = 2,     /* the text changed (journal it, check it on idle) */
	EDITOR_UNHANDLED = 4,   /* not an editor key */
};

/* An error at a place: 1-based line, col (bytes, 1-based; 0: the whole line). */
struct editor_mark {
	int line, col;
	const char *msg;
};

struct editor;

struct editor *editor_new(void);
void editor_free(struct editor **ed);

/* Replaces the text (clean, history cleared, cursor at the start). */
void editor_load(struct editor *ed, const char *s, size_t n, enum editor_lang lang);
/* The same taking s (malloc'd, n bytes and a NUL): the editor's now, not copied. */
void editor_load_take(struct editor *ed, char *s, size_t n, enum editor_lang lang);
/* Replaces the text by s in lang as one undo step, the cursor on line (1-based); with
 * keep_clean the text stays clean when it was (a YAML/JSON toggle changes the form, not
 * the object). */
void editor_retext(struct editor *ed, const char *s, size_t n, enum editor_lang lang, int line,
    int keep_clean);
enum editor_lang editor_lang(const struct editor *ed);
/* The whole text, new (the caller frees it). Not for the keystroke path. */
char *editor_text_dup(const struct editor *ed, size_t *len);
struct textbuf *editor_buf(struct editor *ed);
int editor_dirty(const struct editor *ed);
void editor_mark_saved(struct editor *ed);
/* Bumped by every change of the text. */
uint64_t editor_generation(const struct editor *ed);
/* The cursor, 1-based line and display column. */
void editor_cursor(const struct editor *ed, int *line, int *col);

/* A raw key as curses gives it (keymap.h's form): printable characters are typed;
 * arrows, shift-arrows, home, end, page keys, Enter, Tab, Backspace, Delete and a paste
 * are handled; anything else is EDITOR_UNHANDLED. now_ms merges typing into one undo
 * step. */
int editor_key(struct editor *ed, int key, int64_t now_ms);
/* Whether a bracketed paste is coming in (its keys are text, not commands). */
int editor_pasting(const struct editor *ed);
/* One of the editor: section's actions (ACT_EDITOR_*) that need no question. */
int editor_action(struct editor *ed, enum action a, int64_t now_ms);

/* Goes to line (1-based, clamped). */
int editor_goto_line(struct editor *ed, long line);
/* Searches pattern (a regex; a plain text when it is not one) forward from the cursor,
 * wrapping, and selects the match: 1 found, 0 not, -1 with err when the pattern is empty.
 * The query is kept for editor_search_again. */
int editor_search(struct editor *ed, const char *pattern, struct kd_err *err);
int editor_search_again(struct editor *ed, int backward);
/* Replaces the next match of pattern (or every one, all) by repl, one undo step; returns
 * how many, or -1 with err. */
long editor_replace(struct editor *ed, const char *pattern, const char *repl, int all,
    struct kd_err *err);

/* The marks (copied; replaces those before). */
void editor_set_marks(struct editor *ed, const struct editor_mark *m, size_t n);
size_t editor_mark_count(const struct editor *ed);
/* The message of the first mark on the cursor's line, or NULL. */
const char *editor_mark_here(const struct editor *ed);

/* The clipboard (borrowed), for a test or a copy to the outer terminal. */
const char *editor_clipboard(const struct editor *ed, size_t *len);
/* Whether a selection is shown, and its ends in order. */
int editor_selection(const struct editor *ed, struct tb_pos *a, struct tb_pos *b);

/* Draws the text into rows h, columns w at (y, x): the last row is the editor's status
 * (position, form, unsaved, the message of the mark under the cursor). Scrolls to keep the
 * cursor in view; *cy, *cx get where the terminal cursor goes. In editor_draw.c. */
void editor_draw(struct editor *ed, int y, int x, int h, int w, int *cy, int *cx);
/* The rows a page moves (the last drawn height; before a draw, 20). */
void editor_set_page(struct editor *ed, int rows);

/* Highlighting (editor_syntax.c): the class of each byte of a line. */
enum editor_hl { EHL_TEXT, EHL_KEY, EHL_STRING, EHL_NUMBER, EHL_COMMENT };
/* Classes the n bytes of s into hl[n] given the state the line starts in (0 at the top),
 * and returns the state the next line starts in. */
uint32_t editor_syntax_line(enum editor_lang lang, const char *s, size_t n, uint32_t state,
    unsigned char *hl);
/* The state line i starts in, computed from the last line whose state is known (in
 * editor.c). */
uint32_t editor_line_state(struct editor *ed, size_t i);

#endif
