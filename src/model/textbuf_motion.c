/* Positions in the text by character, display column, word and bracket; see textbuf.h. */
#include "model/textbuf.h"

#include <string.h>

#include "util/utf8.h"

struct tb_pos
textbuf_next_char(const struct textbuf *tb, struct tb_pos p)
{
	size_t len;
	const char *s = textbuf_line(tb, p.line, &len);

	if (s == NULL)
		return p;
	if (p.col < len)
		return (struct tb_pos){ p.line, utf8_next(s, len, p.col) };
	if (p.line + 1 < textbuf_line_count(tb))
		return (struct tb_pos){ p.line + 1, 0 };
	return (struct tb_pos){ p.line, len };
}

struct tb_pos
textbuf_prev_char(const struct textbuf *tb, struct tb_pos p)
{
	size_t len;
	const char *s = textbuf_line(tb, p.line, &len);

	if (s == NULL)
		return p;
	if (p.col > 0)
		return (struct tb_pos){ p.line, utf8_prev(s, len, p.col) };
	if (p.line > 0)
		return (struct tb_pos){ p.line - 1, textbuf_line_len(tb, p.line - 1) };
	return p;
}

size_t
textbuf_chars_before(const struct textbuf *tb, size_t line, size_t col)
{
	size_t len, n = 0;
	const char *s = textbuf_line(tb, line, &len);

	if (col > len)
		col = len;
	for (size_t off = 0; off < col; off = utf8_next(s, len, off))
		n++;
	return n;
}

size_t
textbuf_char_to_byte(const struct textbuf *tb, size_t line, size_t nchar)
{
	size_t len, off = 0;
	const char *s = textbuf_line(tb, line, &len);

	while (nchar-- > 0 && off < len)
		off = utf8_next(s, len, off);
	return off;
}

/* The columns of the character at off, starting at display column x. */
static size_t
char_width(const char *s, size_t len, size_t off, size_t x, size_t *next)
{
	uint32_t cp;
	*next = off + utf8_decode(s + off, len - off, &cp);
	if (cp == '\t')
		return TEXTBUF_TAB - x % TEXTBUF_TAB;
	return (size_t)utf8_cp_width(cp);
}

size_t
textbuf_display_col(const struct textbuf *tb, size_t line, size_t col)
{
	size_t len, x = 0, next;
	const char *s = textbuf_line(tb, line, &len);

	if (col > len)
		col = len;
	for (size_t off = 0; off < col; off = next)
		x += char_width(s, len, off, x, &next);
	return x;
}

size_t
textbuf_col_at_display(const struct textbuf *tb, size_t line, size_t dcol)
{
	size_t len, x = 0, next;
	const char *s = textbuf_line(tb, line, &len);

	for (size_t off = 0; off < len; off = next) {
		size_t w = char_width(s, len, off, x, &next);
		if (dcol < x + w || (w == 0 && dcol == x))
			return off;
		x += w;
	}
	return len;
}

enum cclass { C_SPACE, C_WORD, C_PUNCT };

static enum cclass
class_at(const struct textbuf *tb, struct tb_pos p)
{
	size_t len;
	const char *s = textbuf_line(tb, p.line, &len);
	uint32_t cp;

	if (p.col >= len)
		return C_SPACE;   /* a line end separates words */
	utf8_decode(s + p.col, len - p.col, &cp);
	if (cp == ' ' || cp == '\t' || cp == '\r')
		return C_SPACE;
	if (cp >= 0x80 || cp == '_' || (cp >= '0' && cp <= '9') ||
	    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
		return C_WORD;
	return C_PUNCT;
}

static int
at_end(const struct textbuf *tb, struct tb_pos p)
{
	return p.line + 1 >= textbuf_line_count(tb) && p.col >= textbuf_line_len(tb, p.line);
}

struct tb_pos
textbuf_next_word(const struct textbuf *tb, struct tb_pos p)
{
	enum cclass c = class_at(tb, p);

	if (c != C_SPACE) {
		struct tb_pos q = p;
		while (!at_end(tb, q) && q.line == p.line && class_at(tb, q) == c)
			q = textbuf_next_char(tb, q);
		p = q;
	}
	while (!at_end(tb, p) && class_at(tb, p) == C_SPACE) {
		struct tb_pos q = textbuf_next_char(tb, p);
		/* an empty line is a stop of its own, as in vi */
		if (q.line != p.line && textbuf_line_len(tb, q.line) == 0)
			return q;
		p = q;
	}
	return p;
}

struct tb_pos
textbuf_prev_word(const struct textbuf *tb, struct tb_pos p)
{
	struct tb_pos start = { 0, 0 };

	if (textbuf_pos_cmp(p, start) == 0)
		return p;
	p = textbuf_prev_char(tb, p);
	while (textbuf_pos_cmp(p, start) > 0 && class_at(tb, p) == C_SPACE) {
		if (p.col == 0 && textbuf_line_len(tb, p.line) == 0)
			return p;
		p = textbuf_prev_char(tb, p);
	}
	enum cclass c = class_at(tb, p);
	while (p.col > 0) {
		struct tb_pos q = textbuf_prev_char(tb, p);
		if (class_at(tb, q) != c)
			break;
		p = q;
	}
	return p;
}

int
textbuf_match_bracket(const struct textbuf *tb, struct tb_pos p, struct tb_pos *out)
{
	static const char open[] = "([{", close[] = ")]}";
	size_t len;
	const char *s = textbuf_line(tb, p.line, &len);

	if (s == NULL || p.col >= len || s[p.col] == '\0')
		return -1;
	const char *o = strchr(open, s[p.col]), *c = strchr(close, s[p.col]);
	if (o == NULL && c == NULL)
		return -1;
	char self = s[p.col], other = o ? close[o - open] : open[c - close];
	int forward = o != NULL;
	size_t depth = 0, nlines = textbuf_line_count(tb);
	size_t line = p.line, col = p.col;

	/* brackets are ASCII, so bytes can be walked without decoding */
	for (;;) {
		if (forward) {
			col++;
			while (col >= len) {
				if (++line >= nlines)
					return -1;
				s = textbuf_line(tb, line, &len);
				col = 0;
				if (len > 0)
					break;
			}
		} else {
			while (col == 0) {
				if (line == 0)
					return -1;
				s = textbuf_line(tb, --line, &len);
				col = len;
			}
			col--;
		}
		if (s[col] == self)
			depth++;
		else if (s[col] == other && depth-- == 0) {
			*out = (struct tb_pos){ line, col };
			return 0;
		}
	}
}
