#define _GNU_SOURCE
#include "model/filter.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model/selector.h"
#include "util/xmalloc.h"

static const char *
filter_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return hay;
	unsigned char f = (unsigned char)needle[0];
	unsigned char F = (unsigned char)toupper(f);
	const char *end = hay + hlen;
	const char *p = hay;
	while (p + nlen <= end) {
		/* look for either case of the first character */
		const char *a = memchr(p, f, (size_t)(end - p - (ptrdiff_t)nlen + 1));
		const char *b = F != f ? memchr(p, F, (size_t)(end - p - (ptrdiff_t)nlen + 1)) : NULL;
		const char *c = a == NULL ? b : (b == NULL || a < b) ? a : b;
		if (c == NULL)
			return NULL;
		size_t i = 1;
		while (i < nlen && tolower((unsigned char)c[i]) == (unsigned char)needle[i])
			i++;
		if (i == nlen)
			return c;
		p = c + 1;
	}
	return NULL;
}

int
filter_parse(struct filter *f, const char *text, struct kd_err *err)
{
	const char *p = text ? text : "";
	while (*p == ' ')
		p++;
	int invert = 0;
	if (*p == '!') {
		invert = 1;
		p++;
	}
	enum filter_kind kind = FILTER_NONE;
	regex_t re;
	struct selector *sel = NULL;
	if (strncmp(p, "-l", 2) == 0 && (p[2] == ' ' || p[2] == '\0')) {
		sel = selector_parse(p + 2, err);
		if (sel == NULL)
			return -1;
		kind = FILTER_LABELS;
	} else if (*p != '\0') {
		kind = FILTER_SUBSTR;
		if (strpbrk(p, ".*[]()|^$+?{}\\") != NULL) {
			int rc = regcomp(&re, p, REG_EXTENDED | REG_ICASE | REG_NOSUB);
			if (rc == 0) {
				kind = FILTER_REGEX;
			} else if (strpbrk(p, "*[]()|^$+?{}\\") != NULL) {
				char why[128];
				regerror(rc, &re, why, sizeof why);
				return kd_err_set(err, KD_ERR_INVALID, "The filter \"%.100s\" is not a "
				    "valid regular expression: %s.", p, why);
			}
		}
	}
	filter_clear(f);
	f->kind = kind;
	f->invert = invert;
	f->needle = xstrdup(p);
	for (char *q = f->needle; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	f->needle_len = strlen(f->needle);
	if (kind == FILTER_REGEX)
		f->re = re;
	f->sel = sel;
	return 0;
}

void
filter_clear(struct filter *f)
{
	if (f->kind == FILTER_REGEX)
		regfree(&f->re);
	selector_free(&f->sel);
	free(f->needle);
	f->needle = NULL;
	f->needle_len = 0;
	f->kind = FILTER_NONE;
	f->invert = 0;
}

int
filter_text(const struct filter *f, const char *str, size_t len)
{
	if (f->kind == FILTER_SUBSTR)
		return filter_find(str, len, f->needle, f->needle_len) != NULL;
	if (f->kind != FILTER_REGEX)
		return f->kind == FILTER_NONE;
	/* regex: string by string (a NUL ends a string for regexec) */
	const char *p = str, *end = str + len;
	while (p < end) {
		if (regexec(&f->re, p, 0, NULL, 0) == 0)
			return 1;
		p += strlen(p) + 1;
	}
	return 0;
}

int
filter_match(const struct filter *f, const char *texts, size_t len, const char *labels)
{
	int m;
	switch (f->kind) {
	case FILTER_NONE:
		return 1;
	case FILTER_LABELS:
		m = selector_match_packed(f->sel, labels);
		break;
	default:
		m = filter_text(f, texts, len);
		break;
	}
	return f->invert ? !m : m;
}
