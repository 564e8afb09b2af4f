#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/tabwriter.h"
#include "util/xmalloc.h"

struct tabwriter_line {
	size_t ncells;      /* cells ended by a '\t' */
	size_t *start, *len;
	int *width;         /* each cell's column width once known */
};

/* characters, as Go counts runes: every byte but a UTF-8 continuation byte */
static int
tabwriter_chars(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* the column col of the lines [l0, l1), each a run of lines having a cell there */
static void
tabwriter_column(struct tabwriter_line *t, const char *const *lines, size_t col, size_t l0, size_t l1, int pad)
{
	size_t i = l0;
	while (i < l1) {
		if (t[i].ncells <= col) {
			i++;
			continue;
		}
		size_t end = i;
		int width = 0;
		for (; end < l1 && t[end].ncells > col; end++) {
			int w = tabwriter_chars(lines[end] + t[end].start[col], t[end].len[col]) + pad;
			if (w > width)
				width = w;
		}
		for (size_t k = i; k < end; k++)
			t[k].width[col] = width;
		tabwriter_column(t, lines, col + 1, i, end, pad);
		i = end;
	}
}

char **
tabwriter_align(const char *const *lines, size_t n, int padding)
{
	struct tabwriter_line *t = xcalloc(n ? n : 1, sizeof *t);
	for (size_t i = 0; i < n; i++) {
		size_t tabs = 0, at = 0;
		for (const char *s = lines[i]; *s; s++)
			tabs += *s == '\t';
		t[i].ncells = tabs;
		t[i].start = xcalloc(tabs + 1, sizeof *t[i].start);
		t[i].len = xcalloc(tabs + 1, sizeof *t[i].len);
		t[i].width = xcalloc(tabs + 1, sizeof *t[i].width);
		for (size_t c = 0; c < tabs; c++) {
			const char *tab = strchr(lines[i] + at, '\t');
			t[i].start[c] = at;
			t[i].len[c] = (size_t)(tab - (lines[i] + at));
			at = (size_t)(tab - lines[i]) + 1;
		}
		t[i].start[tabs] = at;
	}
	tabwriter_column(t, lines, 0, 0, n, padding);
	char **out = xcalloc(n ? n : 1, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		struct sbuf b = { 0 };
		for (size_t c = 0; c < t[i].ncells; c++) {
			const char *cell = lines[i] + t[i].start[c];
			sbuf_add(&b, cell, t[i].len[c]);
			for (int w = tabwriter_chars(cell, t[i].len[c]); w < t[i].width[c]; w++)
				sbuf_add(&b, " ", 1);
		}
		sbuf_str(&b, lines[i] + t[i].start[t[i].ncells]);
		out[i] = b.s ? b.s : xstrdup("");
		free(t[i].start);
		free(t[i].len);
		free(t[i].width);
	}
	free(t);
	return out;
}
