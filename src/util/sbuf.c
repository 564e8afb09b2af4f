#include "util/sbuf.h"

#include <string.h>

#include "util/xmalloc.h"

/* Makes room for n more bytes and the NUL after them. */
static void
sbuf_grow(struct sbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void
sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sbuf_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

int
sbuf_fread(struct sbuf *b, FILE *f, size_t limit)
{
	size_t n;

	sbuf_add(b, "", 0);
	/* straight into s, with no copy on the stack: the file may hold credentials, which
	 * the caller wipes from s */
	while (b->len < limit) {
		sbuf_grow(b, 8192);
		n = fread(b->s + b->len, 1, b->cap - b->len - 1, f);
		if (n == 0)
			break;
		b->len += n;
		b->s[b->len] = '\0';
	}
	return ferror(f) ? -1 : 0;
}
