/* Resource quantities; see quantity.h. The grammar is apimachinery's ParseQuantity. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/quantity.h"

static const struct {
	const char *suffix;
	long double mult;
} quantity_suffixes[] = {
	{ "Ki", 1024.0L }, { "Mi", 1048576.0L }, { "Gi", 1073741824.0L },
	{ "Ti", 1099511627776.0L }, { "Pi", 1125899906842624.0L }, { "Ei", 1152921504606846976.0L },
	{ "n", 1e-9L }, { "u", 1e-6L }, { "m", 1e-3L }, { "", 1.0L }, { "k", 1e3L }, { "M", 1e6L },
	{ "G", 1e9L }, { "T", 1e12L }, { "P", 1e15L }, { "E", 1e18L },
};

/* [+-]digits[.digits] or [+-].digits: the end of it, NULL when there is no number. */
static const char *
quantity_number(const char *p)
{
	size_t digits = 0;
	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p))
		p++, digits++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++, digits++;
	}
	return digits ? p : NULL;
}

/* Whether the rest after a quantity's number is an exponent: e or E with more after it
 * ("1e3", "1E-2"), but not "Ei", the exbi suffix. */
static int
quantity_is_exponent(const char *p)
{
	return (*p == 'e' || *p == 'E') && p[1] != '\0' && strcmp(p, "Ei") != 0;
}

/* The number at the start of q (quantity_parse took it) as one integer *m of at most
 * maxdigits significant digits and the power of ten *s it is scaled by; *neg for a minus,
 * *rest what follows. -1 when there are more digits. */
static int
quantity_digits(const char *q, int maxdigits, __int128 *m, int *s, int *neg, const char **rest)
{
	const char *p = q;
	int frac = 0, digits = 0;
	*neg = 0;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	*m = 0;
	*s = 0;
	for (; isdigit((unsigned char)*p) || (*p == '.' && !frac); p++) {
		if (*p == '.') {
			frac = 1;
			continue;
		}
		if (*m == 0 && *p == '0') {
			*s -= frac;
			continue;
		}
		if (++digits > maxdigits)
			return -1;
		*m = *m * 10 + (*p - '0');
		*s -= frac;
	}
	*rest = p;
	return 0;
}

int
quantity_parse(const char *q, long double *v)
{
	if (q == NULL || *q == '\0')
		return -1;
	const char *end = quantity_number(q);
	if (end == NULL)
		return -1;
	/* the number as C reads it, from a copy without the suffix (strtold takes "inf", hex) */
	char num[64];
	if ((size_t)(end - q) >= sizeof num)
		return -1;
	memcpy(num, q, (size_t)(end - q));
	num[end - q] = '\0';
	long double n = strtold(num, NULL);
	if (quantity_is_exponent(end)) {
		const char *p = end + 1, *e = p;
		if (*e == '+' || *e == '-')
			e++;
		if (!isdigit((unsigned char)*e))
			return -1;
		while (isdigit((unsigned char)*e))
			e++;
		if (*e != '\0' || e - p > 4)
			return -1;
		*v = n * powl(10.0L, (long double)strtol(p, NULL, 10));
		return 0;
	}
	for (size_t i = 0; i < sizeof quantity_suffixes / sizeof quantity_suffixes[0]; i++)
		if (strcmp(end, quantity_suffixes[i].suffix) == 0) {
			*v = n * quantity_suffixes[i].mult;
			return 0;
		}
	return -1;
}

int
quantity_scaled(const char *q, int exp10, long long *out)
{
	static const struct {
		const char *suffix;
		int exp10, pow1024;
	} sfx[] = {
		{ "n", -9, 0 }, { "u", -6, 0 }, { "m", -3, 0 }, { "", 0, 0 }, { "k", 3, 0 }, { "M", 6, 0 },
		{ "G", 9, 0 }, { "T", 12, 0 }, { "P", 15, 0 }, { "E", 18, 0 }, { "Ki", 0, 1 }, { "Mi", 0, 2 },
		{ "Gi", 0, 3 }, { "Ti", 0, 4 }, { "Pi", 0, 5 }, { "Ei", 0, 6 },
	};
	const __int128 max = (__int128)(((unsigned __int128)1 << 127) - 1);
	long double v;
	if (quantity_parse(q, &v) != 0)
		return -1;
	/* the digits as one integer m, scaled by 10^s and by 1024^bin */
	__int128 m;
	int s, neg, bin = 0;
	const char *p;
	if (quantity_digits(q, 36, &m, &s, &neg, &p) != 0)
		return -1;
	if (quantity_is_exponent(p))
		s += (int)strtol(p + 1, NULL, 10);
	else
		for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
			if (strcmp(p, sfx[i].suffix) == 0) {
				s += sfx[i].exp10;
				bin = sfx[i].pow1024;
				break;
			}
	s -= exp10;
	for (int i = 0; i < bin; i++) {
		if (m > max / 1024)
			return -1;
		m *= 1024;
	}
	for (; s > 0 && m != 0; s--) {
		if (m > LLONG_MAX)
			return -1;
		m *= 10;
	}
	if (s <= -39)
		m = 0;   /* below 10^-39 of the unit: m is below 2^127 */
	else if (s < 0) {
		__int128 d = 1;
		for (; s < 0; s++)
			d *= 10;
		__int128 r = m % d;
		m /= d;
		if (r >= d - r)
			m++;
	}
	if (m > LLONG_MAX)
		return -1;
	*out = neg ? -(long long)m : (long long)m;
	return 0;
}

int
quantity_check(const char *q, const char *what, char *why, size_t len)
{
	long double v;
	if (quantity_parse(q, &v) != 0) {
		snprintf(why, len, "%s \"%s\" is not a quantity (like 250m, 0.5, 128Mi or 1Gi)", what, q ? q : "");
		return -1;
	}
	if (v < 0) {
		snprintf(why, len, "%s %s is below 0", what, q);
		return -1;
	}
	return 0;
}

int
quantity_cmp(const char *a, const char *b)
{
	long double x = 0, y = 0;
	(void)quantity_parse(a, &x);
	(void)quantity_parse(b, &y);
	/* the two were written by people: 0.1 and 100m are the same amount */
	long double eps = fabsl(x > y ? x : y) * 1e-12L;
	if (fabsl(x - y) <= eps)
		return 0;
	return x < y ? -1 : 1;
}

/* m * 10^s without trailing zeros, the exponent a multiple of 3 (int64Amount's
 * AsCanonicalBytes), with the suffix of decimal SI or of an exponent. */
static int
quantity_write_decimal(long long m, int s, int exponent_form, char *out, size_t len)
{
	static const char *const si[] = { "n", "u", "m", "", "k", "M", "G", "T", "P", "E" };
	if (m == 0)
		return snprintf(out, len, "0"), 0;
	while (m % 10 == 0) {
		m /= 10;
		s++;
	}
	int r = s % 3;
	if (r == 1 || r == -2) {
		if (m > LLONG_MAX / 10)
			return -1;
		m *= 10;
		s -= 1;
	} else if (r == 2 || r == -1) {
		if (m > LLONG_MAX / 100)
			return -1;
		m *= 100;
		s -= 2;
	}
	if (s < -9)
		return -1;   /* the API rounds below 1n up: left to it */
	if (exponent_form) {
		if (s == 0)
			snprintf(out, len, "%lld", m);
		else
			snprintf(out, len, "%llde%d", m, s);
		return 0;
	}
	if (s > 18)
		return -1;
	snprintf(out, len, "%lld%s", m, si[(s + 9) / 3]);
	return 0;
}

int
quantity_canonical(const char *q, char *out, size_t len)
{
	long double v;
	if (quantity_parse(q, &v) != 0)
		return -1;
	/* the digits as one integer m and the power of ten s they are scaled by */
	__int128 wide;
	int s, neg;
	const char *p;
	if (quantity_digits(q, 18, &wide, &s, &neg, &p) != 0)
		return -1;
	long long m = (long long)wide;
	if (neg && m != 0)
		return -1;   /* no resource amount is below 0 */
	if (quantity_is_exponent(p))
		return quantity_write_decimal(m, s + (int)strtol(p + 1, NULL, 10), 1, out, len);
	int bin = 0;
	static const char *const binsfx[] = { "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	for (int i = 0; i < 6; i++)
		if (strcmp(p, binsfx[i]) == 0)
			bin = i + 1;
	if (!bin) {
		static const char *const dec[] = { "n", "u", "m", "", "k", "M", "G", "T", "P", "E" };
		for (int i = 0; i < 10; i++)
			if (strcmp(p, dec[i]) == 0)
				return quantity_write_decimal(m, s + (i - 3) * 3, 0, out, len);
		return -1;
	}
	/* binary: the amount in units, exactly, else written as decimal SI */
	__int128 u = m;
	for (int i = 0; i < bin; i++) {
		u *= 1024;
		if (u > (__int128)LLONG_MAX)
			return -1;
	}
	int exact = 1;
	for (int i = s; i < 0; i++) {
		if (u % 10 != 0)
			exact = 0;
		u /= 10;
	}
	if (!exact || u < 1024) {
		__int128 d = m;
		for (int i = 0; i < bin; i++)
			d *= 1024;
		return quantity_write_decimal((long long)d, s, 0, out, len);
	}
	long long n = (long long)u;
	int k = 0;
	while (n % 1024 == 0 && k < 6) {
		n /= 1024;
		k++;
	}
	snprintf(out, len, "%lld%s", n, k ? binsfx[k - 1] : "");
	return 0;
}
