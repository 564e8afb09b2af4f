/* The scrollback of a libvterm pane as the user reads it: scrolling back, searching,
 * copying lines as text; see term.h. */
#include <stdlib.h>
#include <string.h>
#include <vterm.h>
#include <wchar.h>

#include "ui/widget/term_priv.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

void
term_scroll(struct term *t, int delta)
{
	term_flush(t);
	int off = t->sb_off + delta;
	if (off < 0)
		off = 0;
	if (off > (int)t->sb_len)
		off = (int)t->sb_len;
	if (off != t->sb_off) {
		t->sb_off = off;
		term_invalidate_all(t);
	}
	if (off == 0 && t->match_line >= 0) {
		t->match_line = -1;
		term_invalidate_all(t);
	}
}

int
term_scrolled(const struct term *t)
{
	return t->sb_off;
}

size_t
term_scrollback_lines(const struct term *t)
{
	return t->sb_len;
}

/* The code points of absolute line i (one per cell, wide right halves skipped), with
 * their columns. Returns the count. */
static int
term_line_chars(struct term *t, long i, uint32_t *out, int *col, int max)
{
	int n = 0;
	if (i < (long)t->sb_len) {
		const struct term_line *l = term_sb_line(t, (size_t)i);
		for (int c = 0; c < l->len && n < max; c++) {
			if (l->cells[c].ch == (uint32_t)-1)
				continue;
			col[n] = c;
			out[n++] = l->cells[c].ch ? l->cells[c].ch : ' ';
		}
		return n;
	}
	int row = (int)(i - (long)t->sb_len);
	for (int c = 0; c < t->cols && n < max; c++) {
		VTermScreenCell cell;
		VTermPos pos = { row, c };
		if (!vterm_screen_get_cell(t->vs, pos, &cell) || cell.chars[0] == (uint32_t)-1)
			continue;
		col[n] = c;
		out[n++] = cell.chars[0] ? cell.chars[0] : ' ';
	}
	return n;
}

/* UTF-8 to code points; returns the count. */
static int
term_decode(const char *s, uint32_t *out, int max)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	int n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < max) {
		uint32_t c = *p;
		int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		if (len > 1) {
			c &= 0xff >> (len + 1);
			for (int k = 1; k < len; k++) {
				if ((p[k] & 0xc0) != 0x80)
					return n;
				c = (c << 6) | (p[k] & 0x3f);
			}
		}
		out[n++] = c;
		p += len;
	}
	return n;
}

int
term_search(struct term *t, const char *text, int dir)
{
	term_flush(t);
	uint32_t q[256];
	int qn = term_decode(text, q, 256);
	if (qn == 0)
		return 0;
	long total = (long)t->sb_len + t->rows;
	long start = t->match_line >= 0 ? t->match_line + (dir < 0 ? -1 : 1)
	    : (dir < 0 ? total - 1 : (long)t->sb_len - t->sb_off);
	uint32_t *buf = xmalloc(sizeof(uint32_t) * (size_t)(t->cols + 1));
	int *col = xmalloc(sizeof(int) * (size_t)(t->cols + 1));
	int found = 0;
	for (long i = start; i >= 0 && i < total; i += dir < 0 ? -1 : 1) {
		int n = term_line_chars(t, i, buf, col, t->cols);
		for (int k = 0; k + qn <= n; k++) {
			if (memcmp(buf + k, q, sizeof(uint32_t) * (size_t)qn) == 0) {
				t->match_line = i;
				t->match_col = col[k];
				t->match_len = col[k + qn - 1] - col[k] + 1;
				found = 1;
				break;
			}
		}
		if (found)
			break;
	}
	free(buf);
	free(col);
	if (!found)
		return 0;
	/* scroll so the match is on screen, a third from the top when moving */
	long top = (long)t->sb_len - t->sb_off;
	if (t->match_line < top || t->match_line >= top + t->rows) {
		long want_top = t->match_line - t->rows / 3;
		if (want_top < 0)
			want_top = 0;
		if (want_top > (long)t->sb_len)
			want_top = (long)t->sb_len;
		t->sb_off = (int)((long)t->sb_len - want_top);
	}
	term_invalidate_all(t);
	return 1;
}

/* Appends code point c as UTF-8. */
static void
term_utf8(struct sbuf *b, uint32_t c)
{
	char u[4];
	size_t n = 0;
	if (c < 0x80) {
		u[n++] = (char)c;
	} else if (c < 0x800) {
		u[n++] = (char)(0xc0 | c >> 6);
		u[n++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		u[n++] = (char)(0xe0 | c >> 12);
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[n++] = (char)(0x80 | (c & 0x3f));
	} else {
		u[n++] = (char)(0xf0 | c >> 18);
		u[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[n++] = (char)(0x80 | (c & 0x3f));
	}
	sbuf_add(b, u, n);
}

static void
term_append_line(struct term *t, long i, struct sbuf *b)
{
	uint32_t *buf = xmalloc(sizeof(uint32_t) * (size_t)(t->cols + 1));
	int *col = xmalloc(sizeof(int) * (size_t)(t->cols + 1));
	int n = term_line_chars(t, i, buf, col, t->cols);
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	for (int k = 0; k < n; k++)
		term_utf8(b, buf[k]);
	term_utf8(b, '\n');
	free(buf);
	free(col);
}

/* Absolute lines top to top + n - 1 as text, a newline after each. */
static char *
term_lines_text(struct term *t, long top, int n)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (int r = 0; r < n; r++)
		term_append_line(t, top + r, &b);
	return b.s;
}

char *
term_copy_text(struct term *t)
{
	term_flush(t);
	if (t->match_line >= 0)
		return term_lines_text(t, t->match_line, 1);
	return term_lines_text(t, (long)t->sb_len - t->sb_off, t->rows);
}

char *
term_screen_text(struct term *t)
{
	term_flush(t);
	return term_lines_text(t, (long)t->sb_len, t->rows);
}
