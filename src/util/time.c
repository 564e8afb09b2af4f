/* RFC 3339 times; see time.h. */
#define _DEFAULT_SOURCE
#include "util/time.h"

#include <ctype.h>
#include <stddef.h>

/* Exactly n digits from *s into *out; advances *s. */
static int
time_digits(const char **s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return -1;
		v = v * 10 + (*s)[i] - '0';
	}
	*s += n;
	*out = v;
	return 0;
}

int
time_parse_rfc3339(const char *s, time_t *t)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, se;
	if (s == NULL)
		return -1;
	if (time_digits(&s, 4, &y) || *s++ != '-' || time_digits(&s, 2, &mo) || *s++ != '-' ||
	    time_digits(&s, 2, &d) || (*s != 'T' && *s != 't' && *s != ' '))
		return -1;
	s++;
	if (time_digits(&s, 2, &h) || *s++ != ':' || time_digits(&s, 2, &mi) || *s++ != ':' ||
	    time_digits(&s, 2, &se))
		return -1;
	if (*s == '.') {
		if (!isdigit((unsigned char)s[1]))
			return -1;
		for (s++; isdigit((unsigned char)*s); s++)
			;
	}
	long off = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s++ == '-' ? -1 : 1, oh, om;
		if (time_digits(&s, 2, &oh) || *s++ != ':' || time_digits(&s, 2, &om) || oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 3600L + om * 60L);
	} else {
		return -1;
	}
	/* a leap second (:60) is allowed by RFC 3339; timegm folds it into the next minute */
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*t = timegm(&tm) - off;
	return 0;
}
