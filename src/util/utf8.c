/* UTF-8 decoding and widths; see utf8.h. */
#define _XOPEN_SOURCE 700
#include "util/utf8.h"

#include <wchar.h>

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0)
		len = 2, c = u[0] & 0x1f, min = 0x80;
	else if ((u[0] & 0xf0) == 0xe0)
		len = 3, c = u[0] & 0x0f, min = 0x800;
	else if ((u[0] & 0xf8) == 0xf0)
		len = 4, c = u[0] & 0x07, min = 0x10000;
	else
		goto bad;
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (u[i] & 0x3f);
	}
	/* overlong forms, surrogates and what is past Unicode are not characters */
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

size_t
utf8_next(const char *s, size_t n, size_t off)
{
	uint32_t cp;

	if (off >= n)
		return n;
	return off + utf8_decode(s + off, n - off, &cp);
}

size_t
utf8_start(const char *s, size_t n, size_t off)
{
	if (off >= n)
		return n;
	/* back over at most three continuation bytes to a lead byte whose sequence covers off;
	 * otherwise off stands alone */
	size_t k = off;
	while (k > 0 && off - k < 3 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return utf8_next(s, n, k) > off ? k : off;
}

size_t
utf8_prev(const char *s, size_t n, size_t off)
{
	if (off > n)
		off = n;
	return off == 0 ? 0 : utf8_start(s, n, off - 1);
}

int
utf8_cp_width(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 2;
	if (cp < 0x7f)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w >= 0)
		return w;
	/* a locale that does not know the character (C, POSIX): the common wide ranges */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;
	return 1;
}
