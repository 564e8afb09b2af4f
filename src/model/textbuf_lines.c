/* Commands on whole lines: indent, outdent, comment, and tabs turned into spaces for a
 * paste; see textbuf.h. */
#include "model/textbuf.h"

#include <string.h>

#include "util/sbuf.h"
#include "util/utf8.h"

char *
textbuf_untab_dup(const char *s, size_t n, size_t start_col, int tabstop, size_t *len)
{
	struct sbuf b = { 0 };
	size_t x = start_col, stop = tabstop > 0 ? (size_t)tabstop : 1;

	sbuf_add(&b, "", 0);
	for (size_t off = 0; off < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + off, n - off, &cp);
		if (cp == '\t') {
			size_t w = stop - x % stop;
			for (size_t i = 0; i < w; i++)
				sbuf_add(&b, " ", 1);
			x += w;
		} else {
			sbuf_add(&b, s + off, k);
			x = cp == '\n' ? 0 : x + (size_t)utf8_cp_width(cp);
		}
		off += k;
	}
	if (len)
		*len = b.len;
	return b.s;
}

/* The leading spaces of line i, and whether nothing else is on it. */
static size_t
indent_of(const struct textbuf *tb, size_t i, int *blank)
{
	size_t len, k = 0;
	const char *s = textbuf_line(tb, i, &len);

	while (k < len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	*blank = k == len;
	return k;
}

/* first..last clamped to the text; 0 when the range is empty. */
static int
clamp_range(const struct textbuf *tb, size_t *first, size_t *last)
{
	size_t n = textbuf_line_count(tb);
	if (*last >= n)
		*last = n - 1;
	return *first <= *last;
}

/* Inserts s at col of line, keeping the cursor on the character it was on. */
static void
line_insert(struct textbuf *tb, struct tb_pos *cur, size_t line, size_t col, const char *s,
    size_t n)
{
	textbuf_insert(tb, (struct tb_pos){ line, col }, s, n, NULL, NULL);
	if (cur->line == line && cur->col >= col)
		cur->col += n;
}

static void
line_delete(struct textbuf *tb, struct tb_pos *cur, size_t line, size_t col, size_t n)
{
	textbuf_delete(tb, (struct tb_pos){ line, col }, (struct tb_pos){ line, col + n }, NULL);
	if (cur->line == line && cur->col > col)
		cur->col = cur->col >= col + n ? cur->col - n : col;
}

static void
range_begin(struct textbuf *tb, struct tb_pos *cur)
{
	*cur = textbuf_cursor(tb);
	textbuf_group_begin(tb);
}

static void
range_end(struct textbuf *tb, struct tb_pos cur)
{
	textbuf_set_cursor(tb, cur);
	textbuf_group_end(tb);
}

size_t
textbuf_indent(struct textbuf *tb, size_t first, size_t last, int n)
{
	static const char spaces[] = "                                ";
	struct tb_pos cur;
	size_t changed = 0;

	if (n == 0 || !clamp_range(tb, &first, &last))
		return 0;
	range_begin(tb, &cur);
	for (size_t i = first; i <= last; i++) {
		int blank;
		size_t k = indent_of(tb, i, &blank), len;
		const char *s = textbuf_line(tb, i, &len);
		if (blank)
			continue;
		if (n > 0) {
			for (size_t left = (size_t)n; left > 0;) {
				size_t m = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
				line_insert(tb, &cur, i, 0, spaces, m);
				left -= m;
			}
			changed++;
			continue;
		}
		size_t m = 0;
		while (m < (size_t)-n && m < k && s[m] == ' ')
			m++;
		if (m > 0) {
			line_delete(tb, &cur, i, 0, m);
			changed++;
		}
	}
	range_end(tb, cur);
	return changed;
}

/* Whether line i is a comment: "#" after its indent. */
static int
commented(const struct textbuf *tb, size_t i, size_t *at)
{
	int blank;
	size_t k = indent_of(tb, i, &blank);
	*at = k;
	return !blank && textbuf_line(tb, i, NULL)[k] == '#';
}

size_t
textbuf_comment(struct textbuf *tb, size_t first, size_t last)
{
	struct tb_pos cur;
	size_t col = (size_t)-1, changed = 0;

	if (!clamp_range(tb, &first, &last))
		return 0;
	for (size_t i = first; i <= last; i++) {
		int blank;
		size_t k = indent_of(tb, i, &blank);
		if (!blank && k < col)
			col = k;
	}
	if (col == (size_t)-1)
		return 0;
	range_begin(tb, &cur);
	for (size_t i = first; i <= last; i++) {
		int blank;
		indent_of(tb, i, &blank);
		if (blank)
			continue;
		line_insert(tb, &cur, i, col, "# ", 2);
		changed++;
	}
	range_end(tb, cur);
	return changed;
}

size_t
textbuf_uncomment(struct textbuf *tb, size_t first, size_t last)
{
	struct tb_pos cur;
	size_t changed = 0;

	if (!clamp_range(tb, &first, &last))
		return 0;
	range_begin(tb, &cur);
	for (size_t i = first; i <= last; i++) {
		size_t at;
		if (!commented(tb, i, &at))
			continue;
		const char *s = textbuf_line(tb, i, NULL);
		line_delete(tb, &cur, i, at, s[at + 1] == ' ' ? 2 : 1);
		changed++;
	}
	range_end(tb, cur);
	return changed;
}

size_t
textbuf_comment_toggle(struct textbuf *tb, size_t first, size_t last)
{
	int all = 1, any = 0;

	if (!clamp_range(tb, &first, &last))
		return 0;
	for (size_t i = first; i <= last; i++) {
		int blank;
		size_t at;
		indent_of(tb, i, &blank);
		if (blank)
			continue;
		any = 1;
		if (!commented(tb, i, &at))
			all = 0;
	}
	if (!any)
		return 0;
	return all ? textbuf_uncomment(tb, first, last) : textbuf_comment(tb, first, last);
}
