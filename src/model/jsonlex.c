/* JSON's tokens as cJSON takes them; see jsonlex.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/jsonlex.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

const unsigned char *
jsonlex_ws(const unsigned char *p, const unsigned char *end)
{
	while (p < end && *p <= ' ')
		p++;
	return p;
}

static int
jsonlex_hex4(const unsigned char *s, unsigned *out)
{
	unsigned h = 0;
	for (int i = 0; i < 4; i++) {
		unsigned c = s[i], v;
		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (c >= 'a' && c <= 'f')
			v = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = c - 'A' + 10;
		else
			return -1;
		h = h << 4 | v;
	}
	*out = h;
	return 0;
}

static void
jsonlex_utf8(struct sbuf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sbuf_add(b, u, n);
}

int
jsonlex_string(const unsigned char **at, const unsigned char *end, struct sbuf *b)
{
	b->len = 0;
	sbuf_add(b, "", 0);
	if (*at >= end || **at != '"')
		return -1;
	const unsigned char *p = *at + 1;
	for (;;) {
		const unsigned char *run = p;
		while (p < end && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			sbuf_add(b, (const char *)run, (size_t)(p - run));
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (p + 1 >= end)
			return -1;
		char c = 0;
		switch (p[1]) {
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case '"': case '\\': case '/': c = (char)p[1]; break;
		case 'u': {
			unsigned hi, lo;
			if (end - p < 6 || jsonlex_hex4(p + 2, &hi) < 0 || hi == 0 || (hi >= 0xdc00 && hi <= 0xdfff))
				return -1;
			unsigned long cp = hi;
			p += 6;
			if (hi >= 0xd800 && hi <= 0xdbff) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || jsonlex_hex4(p + 2, &lo) < 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + (((unsigned long)(hi & 0x3ff) << 10) | (lo & 0x3ff));
				p += 6;
			}
			jsonlex_utf8(b, cp);
			continue;
		}
		default:
			return -1;
		}
		sbuf_add(b, &c, 1);
		p += 2;
	}
	*at = p + 1;
	return 0;
}

/* The bytes of a number (at most 63) through strtod, which must take them all. */
int
jsonlex_number(const unsigned char **at, const unsigned char *end, double *v)
{
	const unsigned char *p = *at;
	char buf[64];
	size_t n = 0;
	while (p + n < end && n < sizeof buf - 1 && strchr("0123456789+-eE.", p[n]) != NULL && p[n] != '\0')
		n++;
	if (n == 0 || n == sizeof buf - 1)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	char *after;
	*v = strtod(buf, &after);
	if ((size_t)(after - buf) != n)
		return -1;
	*at = p + n;
	return 0;
}

int
jsonlex_locale_ok(void)
{
	/* cJSON reads numbers in the locale's decimal point: not matched but for '.' */
	const struct lconv *lc = localeconv();
	return lc != NULL && lc->decimal_point != NULL && strcmp(lc->decimal_point, ".") == 0;
}
