/* The editor widget's state and its keys; see editor.h. Drawing is editor_draw.c's. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/widget/editor.h"
#include "ui/widget/editor_priv.h"
#include "ui/widget/keymap.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define EDITOR_INDENT 2

struct editor *
editor_new(void)
{
	struct editor *ed = xcalloc(1, sizeof *ed);
	ed->tb = textbuf_new();
	ed->page = 20;
	return ed;
}

static void
editor_marks_clear(struct editor *ed)
{
	for (size_t i = 0; i < ed->nmarks; i++)
		free(ed->marks[i].msg);
	free(ed->marks);
	ed->marks = NULL;
	ed->nmarks = 0;
}

void
editor_free(struct editor **ed)
{
	if (ed == NULL || *ed == NULL)
		return;
	textbuf_free(&(*ed)->tb);
	textbuf_query_free(&(*ed)->query);
	editor_marks_clear(*ed);
	free((*ed)->clip);
	free((*ed)->paste);
	free((*ed)->hl_state);
	free((*ed)->hl_tmp);
	free(*ed);
	*ed = NULL;
}

/* The text changed from line (0-based) on: the highlight state of the lines after it is
 * to be redone. */
void
editor_touched(struct editor *ed, size_t line)
{
	if (ed->hl_valid > line + 1)
		ed->hl_valid = line + 1;
	ed->gen++;
}

uint32_t
editor_line_state(struct editor *ed, size_t i)
{
	size_t n = textbuf_line_count(ed->tb);
	if (ed->hl_cap < n + 1) {
		ed->hl_cap = n + 64;
		ed->hl_state = xreallocarray(ed->hl_state, ed->hl_cap, sizeof *ed->hl_state);
	}
	if (ed->hl_valid == 0) {
		ed->hl_state[0] = 0;
		ed->hl_valid = 1;
	}
	if (i > n)
		i = n;
	while (ed->hl_valid <= i) {
		size_t l = ed->hl_valid - 1, len;
		const char *s = textbuf_line(ed->tb, l, &len);
		if (ed->hl_tmp_cap < len + 1) {
			ed->hl_tmp_cap = len + 256;
			ed->hl_tmp = xrealloc(ed->hl_tmp, ed->hl_tmp_cap);
		}
		ed->hl_state[ed->hl_valid] = editor_syntax_line(ed->lang, s, len, ed->hl_state[l], ed->hl_tmp);
		ed->hl_valid++;
	}
	return ed->hl_state[i];
}

static void
editor_reset_view(struct editor *ed)
{
	ed->hl_valid = 0;
	ed->top = ed->left = 0;
	ed->sel = ed->sticky = 0;
	ed->gen++;
}

void
editor_load(struct editor *ed, const char *s, size_t n, enum editor_lang lang)
{
	textbuf_load(ed->tb, s, n);
	ed->lang = lang;
	editor_reset_view(ed);
}

void
editor_load_take(struct editor *ed, char *s, size_t n, enum editor_lang lang)
{
	textbuf_load_take(ed->tb, s, n);
	ed->lang = lang;
	editor_reset_view(ed);
}

void
editor_retext(struct editor *ed, const char *s, size_t n, enum editor_lang lang, int line,
    int keep_clean)
{
	int clean = keep_clean && !textbuf_dirty(ed->tb);
	struct tb_pos end = { textbuf_line_count(ed->tb) - 1, 0 };
	end.col = textbuf_line_len(ed->tb, end.line);
	struct kd_err err;

	textbuf_replace(ed->tb, (struct tb_pos){ 0, 0 }, end, s, n, NULL, &err);
	if (clean)
		textbuf_mark_saved(ed->tb);
	ed->lang = lang;
	editor_reset_view(ed);
	editor_goto_line(ed, line);
}

enum editor_lang
editor_lang(const struct editor *ed)
{
	return ed->lang;
}

char *
editor_text_dup(const struct editor *ed, size_t *len)
{
	return textbuf_join_dup(ed->tb, len);
}

struct textbuf *
editor_buf(struct editor *ed)
{
	return ed->tb;
}

int
editor_dirty(const struct editor *ed)
{
	return textbuf_dirty(ed->tb);
}

void
editor_mark_saved(struct editor *ed)
{
	textbuf_mark_saved(ed->tb);
}

uint64_t
editor_generation(const struct editor *ed)
{
	return ed->gen;
}

void
editor_cursor(const struct editor *ed, int *line, int *col)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	*line = (int)c.line + 1;
	*col = (int)textbuf_display_col(ed->tb, c.line, c.col) + 1;
}

void
editor_set_page(struct editor *ed, int rows)
{
	ed->page = rows > 1 ? rows : 1;
}

const char *
editor_clipboard(const struct editor *ed, size_t *len)
{
	if (len != NULL)
		*len = ed->clip_len;
	return ed->clip;
}

int
editor_selection(const struct editor *ed, struct tb_pos *a, struct tb_pos *b)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	if (!ed->sel)
		return 0;
	if (textbuf_pos_cmp(ed->anchor, c) <= 0)
		*a = ed->anchor, *b = c;
	else
		*a = c, *b = ed->anchor;
	return 1;
}

/* ---- marks ---- */

void
editor_set_marks(struct editor *ed, const struct editor_mark *m, size_t n)
{
	editor_marks_clear(ed);
	if (n == 0)
		return;
	ed->marks = xreallocarray(NULL, n, sizeof *ed->marks);
	for (size_t i = 0; i < n; i++) {
		ed->marks[i].line = m[i].line;
		ed->marks[i].col = m[i].col;
		ed->marks[i].msg = xstrdup(m[i].msg ? m[i].msg : "");
	}
	ed->nmarks = n;
}

size_t
editor_mark_count(const struct editor *ed)
{
	return ed->nmarks;
}

const char *
editor_mark_here(const struct editor *ed)
{
	int line = (int)textbuf_cursor(ed->tb).line + 1;
	for (size_t i = 0; i < ed->nmarks; i++)
		if (ed->marks[i].line == line)
			return ed->marks[i].msg;
	return NULL;
}

/* The nearest mark after (dir 1) or before (dir -1) the cursor's line, wrapping. */
static int
editor_goto_mark(struct editor *ed, int dir)
{
	int cur = (int)textbuf_cursor(ed->tb).line + 1, best = 0, wrap = 0;
	if (ed->nmarks == 0)
		return EDITOR_NOTHING;
	for (size_t i = 0; i < ed->nmarks; i++) {
		int l = ed->marks[i].line;
		if (dir > 0 && l > cur && (best == 0 || l < best))
			best = l;
		if (dir < 0 && l < cur && l > best)
			best = l;
		if (wrap == 0 || (dir > 0 ? l < wrap : l > wrap))
			wrap = l;
	}
	if (best == 0)
		best = wrap;
	for (size_t i = 0; i < ed->nmarks; i++)
		if (ed->marks[i].line == best) {
			struct tb_pos p = { (size_t)best - 1, ed->marks[i].col > 0 ? (size_t)ed->marks[i].col - 1 : 0 };
			ed->sel = ed->sticky = 0;
			textbuf_set_cursor(ed->tb, p);
			break;
		}
	return EDITOR_MOVED;
}

/* ---- selection and clipboard ---- */

static void
editor_clip_set(struct editor *ed, const char *s, size_t n, int append)
{
	if (!append) {
		free(ed->clip);
		ed->clip = NULL;
		ed->clip_len = 0;
	}
	ed->clip = xrealloc(ed->clip, ed->clip_len + n + 1);
	memcpy(ed->clip + ed->clip_len, s, n);
	ed->clip_len += n;
	ed->clip[ed->clip_len] = '\0';
}

/* The text between a and b, new. */
static char *
editor_range_dup(const struct editor *ed, struct tb_pos a, struct tb_pos b, size_t *len)
{
	size_t cap = 64, n = 0;
	char *out = xmalloc(cap);
	for (size_t l = a.line; l <= b.line; l++) {
		size_t ll;
		const char *s = textbuf_line(ed->tb, l, &ll);
		size_t from = l == a.line ? a.col : 0, to = l == b.line ? b.col : ll;
		size_t add = to - from + (l < b.line);
		if (n + add + 1 > cap) {
			cap = (n + add + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, s + from, to - from);
		n += to - from;
		if (l < b.line)
			out[n++] = '\n';
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/* The selection, else the cursor's line with its newline (a nano cut). */
static void
editor_cut_range(struct editor *ed, struct tb_pos *a, struct tb_pos *b)
{
	if (editor_selection(ed, a, b))
		return;
	struct tb_pos c = textbuf_cursor(ed->tb);
	size_t n = textbuf_line_count(ed->tb);
	*a = (struct tb_pos){ c.line, 0 };
	if (c.line + 1 < n)
		*b = (struct tb_pos){ c.line + 1, 0 };
	else
		*b = (struct tb_pos){ c.line, textbuf_line_len(ed->tb, c.line) };
}

static int
editor_copy(struct editor *ed, int cut)
{
	struct tb_pos a, b;
	size_t len;
	int whole = !ed->sel;
	struct kd_err err;

	editor_cut_range(ed, &a, &b);
	char *s = editor_range_dup(ed, a, b, &len);
	editor_clip_set(ed, s, len, cut && whole && ed->last_cut);
	free(s);
	ed->sel = ed->sticky = 0;
	if (!cut)
		return EDITOR_MOVED;
	if (textbuf_pos_cmp(a, b) == 0)
		return EDITOR_MOVED;
	textbuf_delete(ed->tb, a, b, &err);
	editor_touched(ed, a.line);
	ed->cut_now = whole;
	return EDITOR_CHANGED;
}

/* Deletes the selection, if any: 1 when it did. */
static int
editor_delete_selection(struct editor *ed)
{
	struct tb_pos a, b;
	struct kd_err err;
	if (!editor_selection(ed, &a, &b))
		return 0;
	ed->sel = ed->sticky = 0;
	if (textbuf_pos_cmp(a, b) == 0)
		return 0;
	textbuf_delete(ed->tb, a, b, &err);
	editor_touched(ed, a.line);
	return 1;
}

/* Inserts s as one undo step over the selection; tabs become spaces in YAML. */
static int
editor_insert_block(struct editor *ed, const char *s, size_t n)
{
	struct kd_err err;
	char *owned = NULL;

	if (n == 0 && !ed->sel)
		return EDITOR_NOTHING;
	textbuf_group_begin(ed->tb);
	editor_delete_selection(ed);
	struct tb_pos c = textbuf_cursor(ed->tb);
	if (ed->lang == EDITOR_YAML && memchr(s, '\t', n) != NULL) {
		size_t dcol = textbuf_display_col(ed->tb, c.line, c.col);
		owned = textbuf_untab_dup(s, n, dcol, EDITOR_INDENT, &n);
		s = owned;
	}
	textbuf_insert(ed->tb, c, s, n, NULL, &err);
	textbuf_group_end(ed->tb);
	editor_touched(ed, c.line);
	free(owned);
	return EDITOR_CHANGED;
}

/* ---- typing ---- */

static int
editor_type(struct editor *ed, const char *s, size_t n, int64_t now_ms)
{
	size_t line;
	if (ed->sel) {
		textbuf_group_begin(ed->tb);
		editor_delete_selection(ed);
		line = textbuf_cursor(ed->tb).line;
		textbuf_type(ed->tb, s, n, now_ms);
		textbuf_group_end(ed->tb);
	} else {
		line = textbuf_cursor(ed->tb).line;
		textbuf_type(ed->tb, s, n, now_ms);
	}
	editor_touched(ed, line);
	return EDITOR_CHANGED;
}

/* Enter: the line's indent again, one level more after a line that opens a block (YAML:
 * it ends with ':' or a '- '; JSON: with '{' or '['). */
static int
editor_newline(struct editor *ed, int64_t now_ms)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	size_t len, ind = 0, end;
	const char *s = textbuf_line(ed->tb, c.line, &len);
	char buf[256];

	while (ind < len && ind < c.col && s[ind] == ' ')
		ind++;
	end = c.col;
	while (end > ind && s[end - 1] == ' ')
		end--;
	if (end > ind) {
		char last = s[end - 1];
		if ((ed->lang == EDITOR_YAML && last == ':' && s[ind] != '#') ||
		    (ed->lang == EDITOR_JSON && (last == '{' || last == '[')))
			ind += EDITOR_INDENT;
	}
	if (ind > sizeof buf - 2)
		ind = sizeof buf - 2;
	buf[0] = '\n';
	memset(buf + 1, ' ', ind);
	return editor_type(ed, buf, ind + 1, now_ms);
}

/* Tab: spaces to the next level (no tabs in YAML, none needed in JSON); with a selection,
 * indents its lines. */
static int
editor_tab(struct editor *ed, int64_t now_ms)
{
	if (ed->sel)
		return editor_action(ed, ACT_EDITOR_INDENT, now_ms);
	struct tb_pos c = textbuf_cursor(ed->tb);
	size_t dcol = textbuf_display_col(ed->tb, c.line, c.col);
	size_t n = EDITOR_INDENT - dcol % EDITOR_INDENT;
	return editor_type(ed, "  ", n, now_ms);
}

/* ---- motion ---- */

static void
editor_move(struct editor *ed, struct tb_pos p, int select)
{
	if (select && !ed->sel) {
		ed->sel = 1;
		ed->anchor = textbuf_cursor(ed->tb);
	} else if (!select && ed->sel && !ed->sticky)
		ed->sel = 0;
	textbuf_set_cursor(ed->tb, p);
}

/* Up or down n lines, keeping the display column the cursor wants. */
static struct tb_pos
editor_vertical(struct editor *ed, long n)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	long lines = (long)textbuf_line_count(ed->tb), l = (long)c.line + n;
	if (!ed->want_valid) {
		ed->want_col = textbuf_display_col(ed->tb, c.line, c.col);
		ed->want_valid = 1;
	}
	if (l < 0)
		l = 0;
	if (l >= lines)
		l = lines - 1;
	c.line = (size_t)l;
	c.col = textbuf_col_at_display(ed->tb, c.line, ed->want_col);
	return c;
}

static struct tb_pos
editor_line_start(struct editor *ed)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	size_t len, i = 0;
	const char *s = textbuf_line(ed->tb, c.line, &len);
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	c.col = c.col == i ? 0 : i;
	return c;
}

/* A motion action's position; 0 when a is not one. */
static int
editor_motion(struct editor *ed, enum action a, struct tb_pos *p)
{
	struct tb_pos c = textbuf_cursor(ed->tb);
	size_t n = textbuf_line_count(ed->tb);
	int vertical = 0;

	switch (a) {
	case ACT_EDITOR_UP: *p = editor_vertical(ed, -1); vertical = 1; break;
	case ACT_EDITOR_DOWN: *p = editor_vertical(ed, 1); vertical = 1; break;
	case ACT_EDITOR_PAGE_UP: *p = editor_vertical(ed, -(long)ed->page); vertical = 1; break;
	case ACT_EDITOR_PAGE_DOWN: *p = editor_vertical(ed, ed->page); vertical = 1; break;
	case ACT_EDITOR_LEFT: *p = textbuf_prev_char(ed->tb, c); break;
	case ACT_EDITOR_RIGHT: *p = textbuf_next_char(ed->tb, c); break;
	case ACT_EDITOR_LINE_START: *p = editor_line_start(ed); break;
	case ACT_EDITOR_LINE_END: *p = (struct tb_pos){ c.line, textbuf_line_len(ed->tb, c.line) }; break;
	case ACT_EDITOR_WORD_NEXT: *p = textbuf_next_word(ed->tb, c); break;
	case ACT_EDITOR_WORD_PREV: *p = textbuf_prev_word(ed->tb, c); break;
	case ACT_EDITOR_TOP: *p = (struct tb_pos){ 0, 0 }; break;
	case ACT_EDITOR_BOTTOM: *p = (struct tb_pos){ n - 1, textbuf_line_len(ed->tb, n - 1) }; break;
	case ACT_EDITOR_BRACKET:
		if (textbuf_match_bracket(ed->tb, c, p) != 0 &&
		    (c.col == 0 || textbuf_match_bracket(ed->tb, textbuf_prev_char(ed->tb, c), p) != 0))
			*p = c;
		break;
	default:
		return 0;
	}
	if (!vertical)
		ed->want_valid = 0;
	return 1;
}

/* The raw keys that move, with or without shift. */
static enum action
editor_key_motion(int key, int *shift)
{
	*shift = 0;
	switch (key - KEYMAP_FN) {
	case KEY_SR: *shift = 1; /* FALLTHROUGH */
	case KEY_UP: return ACT_EDITOR_UP;
	case KEY_SF: *shift = 1; /* FALLTHROUGH */
	case KEY_DOWN: return ACT_EDITOR_DOWN;
	case KEY_SLEFT: *shift = 1; /* FALLTHROUGH */
	case KEY_LEFT: return ACT_EDITOR_LEFT;
	case KEY_SRIGHT: *shift = 1; /* FALLTHROUGH */
	case KEY_RIGHT: return ACT_EDITOR_RIGHT;
	case KEY_SHOME: *shift = 1; /* FALLTHROUGH */
	case KEY_HOME: return ACT_EDITOR_LINE_START;
	case KEY_SEND: *shift = 1; /* FALLTHROUGH */
	case KEY_END: return ACT_EDITOR_LINE_END;
	case KEY_PPAGE: return ACT_EDITOR_PAGE_UP;
	case KEY_NPAGE: return ACT_EDITOR_PAGE_DOWN;
	default: return ACT_NONE;
	}
}

/* ---- keys ---- */

/* The UTF-8 bytes of code point cp into u; their count. */
static size_t
editor_encode(int cp, char *u)
{
	size_t n = 0;
	if (cp < 0x80)
		u[n++] = (char)cp;
	else if (cp < 0x800) {
		u[n++] = (char)(0xc0 | cp >> 6);
		u[n++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		u[n++] = (char)(0xe0 | cp >> 12);
		u[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[n++] = (char)(0x80 | (cp & 0x3f));
	} else {
		u[n++] = (char)(0xf0 | cp >> 18);
		u[n++] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[n++] = (char)(0x80 | (cp & 0x3f));
	}
	return n;
}

/* A key inside a bracketed paste: kept until its end, then inserted as one step. */
static int
editor_paste_key(struct editor *ed, int key)
{
	char u[4];
	size_t n;

	if (key == EDITOR_PASTE_END) {
		ed->in_paste = 0;
		int r = editor_insert_block(ed, ed->paste ? ed->paste : "", ed->paste_len);
		ed->paste_len = 0;
		return r | EDITOR_MOVED;
	}
	if (key == '\r' || key == KEYMAP_FN + KEY_ENTER)
		key = '\n';
	if (key >= KEYMAP_FN || key < 0)
		return EDITOR_NOTHING;
	n = editor_encode(key, u);
	if (ed->paste_len + n + 1 > ed->paste_cap) {
		ed->paste_cap = (ed->paste_len + n + 1) * 2;
		ed->paste = xrealloc(ed->paste, ed->paste_cap);
	}
	memcpy(ed->paste + ed->paste_len, u, n);
	ed->paste_len += n;
	return EDITOR_NOTHING;
}

int
editor_key(struct editor *ed, int key, int64_t now_ms)
{
	int shift;
	enum action a;
	struct tb_pos p;

	if (key == EDITOR_PASTE_BEGIN) {
		ed->in_paste = 1;
		ed->paste_len = 0;
		return EDITOR_NOTHING;
	}
	if (ed->in_paste)
		return editor_paste_key(ed, key);
	ed->last_cut = 0;
	if ((a = editor_key_motion(key, &shift)) != ACT_NONE) {
		editor_motion(ed, a, &p);
		editor_move(ed, p, shift);
		return EDITOR_MOVED;
	}
	ed->want_valid = 0;
	if (key == '\r' || key == '\n' || key == KEYMAP_FN + KEY_ENTER)
		return editor_newline(ed, now_ms);
	if (key == '\t')
		return editor_tab(ed, now_ms);
	if (key == KEYMAP_FN + KEY_BTAB)
		return editor_action(ed, ACT_EDITOR_OUTDENT, now_ms);
	if (key == KEYMAP_FN + KEY_BACKSPACE || key == 127 || key == 8) {
		if (editor_delete_selection(ed))
			return EDITOR_CHANGED;
		struct tb_pos c = textbuf_cursor(ed->tb);
		if (!textbuf_backspace(ed->tb, now_ms))
			return EDITOR_NOTHING;
		editor_touched(ed, c.line > 0 ? c.line - 1 : 0);
		return EDITOR_CHANGED;
	}
	if (key == KEYMAP_FN + KEY_DC)
		return editor_action(ed, ACT_EDITOR_DELETE_CHAR, now_ms);
	if (key >= ' ' && key < KEYMAP_FN && key != 127) {
		char u[4];
		size_t n = editor_encode(key, u);
		return editor_type(ed, u, n, now_ms);
	}
	return EDITOR_UNHANDLED;
}

int
editor_pasting(const struct editor *ed)
{
	return ed->in_paste;
}

/* The lines a line command acts on: the selection's (not the line its end is at the start
 * of), else the cursor's. */
static void
editor_lines(struct editor *ed, size_t *first, size_t *last)
{
	struct tb_pos a, b;
	if (editor_selection(ed, &a, &b)) {
		*first = a.line;
		*last = b.line > a.line && b.col == 0 ? b.line - 1 : b.line;
	} else
		*first = *last = textbuf_cursor(ed->tb).line;
}

int
editor_action(struct editor *ed, enum action a, int64_t now_ms)
{
	struct tb_pos p;
	size_t first, last;
	int r;

	ed->cut_now = 0;
	if (editor_motion(ed, a, &p)) {
		editor_move(ed, p, 0);
		ed->last_cut = 0;
		return EDITOR_MOVED;
	}
	switch (a) {
	case ACT_EDITOR_UNDO:
	case ACT_EDITOR_REDO:
		ed->sel = ed->sticky = 0;
		if (!(a == ACT_EDITOR_UNDO ? textbuf_undo(ed->tb) : textbuf_redo(ed->tb)))
			r = EDITOR_NOTHING;
		else {
			/* the step may have touched any line */
			editor_touched(ed, 0);
			r = EDITOR_CHANGED;
		}
		break;
	case ACT_EDITOR_CUT:
		r = editor_copy(ed, 1);
		break;
	case ACT_EDITOR_COPY:
		r = editor_copy(ed, 0);
		break;
	case ACT_EDITOR_PASTE:
		r = ed->clip_len ? editor_insert_block(ed, ed->clip, ed->clip_len) : EDITOR_NOTHING;
		break;
	case ACT_EDITOR_SELECT:
		if (ed->sel)
			ed->sel = ed->sticky = 0;
		else {
			ed->sel = ed->sticky = 1;
			ed->anchor = textbuf_cursor(ed->tb);
		}
		r = EDITOR_MOVED;
		break;
	case ACT_EDITOR_NEXT_ERROR:
	case ACT_EDITOR_PREV_ERROR:
		r = editor_goto_mark(ed, a == ACT_EDITOR_NEXT_ERROR ? 1 : -1);
		break;
	case ACT_EDITOR_INDENT:
	case ACT_EDITOR_OUTDENT:
	case ACT_EDITOR_COMMENT:
		editor_lines(ed, &first, &last);
		if (a == ACT_EDITOR_COMMENT)
			r = textbuf_comment_toggle(ed->tb, first, last) ? EDITOR_CHANGED : EDITOR_NOTHING;
		else
			r = textbuf_indent(ed->tb, first, last, a == ACT_EDITOR_INDENT ? EDITOR_INDENT : -EDITOR_INDENT) ?
			    EDITOR_CHANGED : EDITOR_NOTHING;
		if (r == EDITOR_CHANGED)
			editor_touched(ed, first);
		/* the selection goes on covering the same lines */
		if (ed->sel) {
			ed->anchor = (struct tb_pos){ first, 0 };
			textbuf_set_cursor(ed->tb, (struct tb_pos){ last, textbuf_line_len(ed->tb, last) });
		}
		break;
	case ACT_EDITOR_DELETE_CHAR:
		if (editor_delete_selection(ed))
			r = EDITOR_CHANGED;
		else {
			size_t line = textbuf_cursor(ed->tb).line;
			r = textbuf_delete_char(ed->tb, now_ms) ? EDITOR_CHANGED : EDITOR_NOTHING;
			if (r)
				editor_touched(ed, line);
		}
		break;
	case ACT_EDITOR_SEARCH_NEXT:
	case ACT_EDITOR_SEARCH_PREV:
		r = editor_search_again(ed, a == ACT_EDITOR_SEARCH_PREV) ? EDITOR_MOVED : EDITOR_NOTHING;
		break;
	default:
		r = EDITOR_UNHANDLED;
		break;
	}
	ed->last_cut = ed->cut_now;
	return r;
}

int
editor_goto_line(struct editor *ed, long line)
{
	long n = (long)textbuf_line_count(ed->tb);
	if (line < 1)
		line = 1;
	if (line > n)
		line = n;
	ed->sel = ed->sticky = 0;
	ed->want_valid = 0;
	textbuf_set_cursor(ed->tb, (struct tb_pos){ (size_t)line - 1, 0 });
	editor_move(ed, editor_line_start(ed), 0);
	return EDITOR_MOVED;
}
