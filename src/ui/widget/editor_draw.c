/* Drawing the editor widget; see editor.h. Only the lines on screen are looked at. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/widget/editor.h"
#include "ui/widget/editor_priv.h"
#include "ui/widget/screen.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const enum theme_el draw_hl_el[] = {
	[EHL_TEXT] = THEME_DEFAULT, [EHL_KEY] = THEME_EDITOR_KEY, [EHL_STRING] = THEME_EDITOR_STRING,
	[EHL_NUMBER] = THEME_EDITOR_NUMBER, [EHL_COMMENT] = THEME_EDITOR_COMMENT,
};

/* A run of cells in one attribute, put on screen when the attribute changes. */
struct draw_run {
	char buf[512];
	size_t n;
	attr_t attr;
	int y, x, w;   /* where the run starts and its columns */
};

static void
draw_flush(struct draw_run *r)
{
	if (r->n == 0)
		return;
	r->buf[r->n] = '\0';
	screen_put(r->y, r->x, r->w, r->buf, r->attr, 0);
	r->x += r->w;
	r->n = 0;
	r->w = 0;
}

static void
draw_cells(struct draw_run *r, attr_t attr, const char *s, size_t n, int w)
{
	if (attr != r->attr || r->n + n + 1 >= sizeof r->buf)
		draw_flush(r);
	r->attr = attr;
	memcpy(r->buf + r->n, s, n);
	r->n += n;
	r->w += w;
}

static int
draw_mark_col(const struct editor *ed, size_t line)
{
	for (size_t i = 0; i < ed->nmarks; i++)
		if ((size_t)ed->marks[i].line == line + 1)
			return ed->marks[i].col > 0 ? ed->marks[i].col : 1;
	return 0;
}

/* One line of text from display column ed->left, w columns wide. */
static void
draw_line(struct editor *ed, size_t line, uint32_t state, int y, int x, int w)
{
	size_t len;
	const char *s = textbuf_line(ed->tb, line, &len);
	struct tb_pos sa, sb;
	int sel = editor_selection(ed, &sa, &sb);
	int mark = draw_mark_col(ed, line);
	struct draw_run r = { .y = y, .x = x };
	size_t col = 0, i = 0;

	if (ed->hl_tmp_cap < len + 1) {
		ed->hl_tmp_cap = len + 256;
		ed->hl_tmp = xrealloc(ed->hl_tmp, ed->hl_tmp_cap);
	}
	editor_syntax_line(ed->lang, s, len, state, ed->hl_tmp);
	while (i < len && col < ed->left + (size_t)w) {
		uint32_t cp;
		size_t clen = utf8_decode(s + i, len - i, &cp);
		int cw = cp == '\t' ? (int)(TEXTBUF_TAB - col % TEXTBUF_TAB) : utf8_cp_width(cp);
		struct tb_pos p = { line, i };
		attr_t attr = screen_attr(draw_hl_el[ed->hl_tmp[i] < 5 ? ed->hl_tmp[i] : 0]);
		if (sel && textbuf_pos_cmp(p, sa) >= 0 && textbuf_pos_cmp(p, sb) < 0)
			attr = screen_attr(THEME_EDITOR_SELECTION);
		else if (mark && (size_t)mark == i + 1)
			attr = screen_attr(THEME_EDITOR_ERROR);
		if (col < ed->left || col + (size_t)cw > ed->left + (size_t)w) {
			/* a character cut by an edge: blanks where it shows */
			for (size_t c = col; c < col + (size_t)cw; c++)
				if (c >= ed->left && c < ed->left + (size_t)w)
					draw_cells(&r, attr, " ", 1, 1);
		} else if (cp == '\t') {
			draw_cells(&r, attr, "        ", (size_t)cw, cw);
		} else if (cp < 0x20 || cp == 0x7f) {
			char ctl[2] = { '^', (char)(cp == 0x7f ? '?' : cp + '@') };
			draw_cells(&r, attr, ctl, 2, 2);
		} else if ((cp == 0xFFFD && clen == 1) || (cp >= 0x80 && !screen_utf8())) {
			/* as many '?' as the character's columns, so the cursor stays in its place */
			if (cw > 0)
				draw_cells(&r, attr, "??", (size_t)cw, cw);
		} else if (cw == 0 && r.n == 0) {
			/* a combining mark opening a run has nothing to sit on */
		} else
			draw_cells(&r, attr, s + i, clen, cw);
		col += (size_t)cw;
		i += clen;
	}
	/* the selection goes on past the end of a line it covers the newline of */
	if (sel && line >= sa.line && line < sb.line && col >= ed->left && col < ed->left + (size_t)w)
		draw_cells(&r, screen_attr(THEME_EDITOR_SELECTION), " ", 1, 1);
	else if (mark && (size_t)mark > len && col >= ed->left && col < ed->left + (size_t)w)
		draw_cells(&r, screen_attr(THEME_EDITOR_ERROR), " ", 1, 1);
	draw_flush(&r);
}

static void
draw_status(struct editor *ed, int y, int x, int w)
{
	char line[600];
	int l, c;
	const char *msg = editor_mark_here(ed);
	attr_t attr = screen_attr(THEME_EDITOR_STATUS);

	editor_cursor(ed, &l, &c);
	int n = snprintf(line, sizeof line, " %d:%d  %s%s%s", l, c, ed->lang == EDITOR_JSON ? "JSON" : "YAML",
	    editor_dirty(ed) ? "  modified" : "", ed->sel ? "  selecting" : "");
	if (ed->nmarks > 0 && n > 0 && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n, "  %zu error%s", ed->nmarks, ed->nmarks == 1 ? "" : "s");
	screen_fill(y, x, w, attr);
	int used = screen_put(y, x, w, line, attr, 1);
	if (msg != NULL && used + 3 < w) {
		screen_put(y, x + used + 2, w - used - 2, msg, screen_attr(THEME_EDITOR_ERROR), 1);
	}
}

void
editor_draw(struct editor *ed, int y, int x, int h, int w, int *cy, int *cx)
{
	size_t n = textbuf_line_count(ed->tb);
	struct tb_pos c = textbuf_cursor(ed->tb);
	char num[32];
	int digits = snprintf(num, sizeof num, "%zu", n);
	int gutter = (digits < 3 ? 3 : digits) + 2;
	int rows = h - 1, tw = w - gutter;

	if (rows < 1 || tw < 2) {
		*cy = y, *cx = x;
		return;
	}
	ed->page = rows > 2 ? rows - 1 : 1;
	/* the cursor in view, a few lines of context kept where there is room */
	if (c.line < ed->top)
		ed->top = c.line;
	if (c.line >= ed->top + (size_t)rows)
		ed->top = c.line - (size_t)rows + 1;
	if (ed->top > 0 && ed->top + (size_t)rows > n)
		ed->top = n > (size_t)rows ? n - (size_t)rows : 0;
	size_t dcol = textbuf_display_col(ed->tb, c.line, c.col);
	if (dcol < ed->left)
		ed->left = dcol > 8 ? dcol - 8 : 0;
	if (dcol >= ed->left + (size_t)tw)
		ed->left = dcol - (size_t)tw + 8 < dcol ? dcol - (size_t)tw + 8 : 0;

	uint32_t state = editor_line_state(ed, ed->top);
	for (int r = 0; r < rows; r++) {
		size_t line = ed->top + (size_t)r;
		screen_fill(y + r, x, w, screen_attr(THEME_DEFAULT));
		if (line >= n)
			continue;
		int err = draw_mark_col(ed, line) > 0;
		snprintf(num, sizeof num, "%*zu%s", gutter - 2, line + 1, err ? ">" : " ");
		screen_put(y + r, x, gutter, num, screen_attr(err ? THEME_EDITOR_ERROR : THEME_EDITOR_LINENR), 0);
		draw_line(ed, line, state, y + r, x + gutter, tw);
		state = editor_line_state(ed, line + 1);
	}
	draw_status(ed, y + rows, x, w);
	*cy = y + (int)(c.line - ed->top);
	*cx = x + gutter + (int)(dcol - ed->left);
}
