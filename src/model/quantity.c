/* Resource quantities; see quantity.h. The grammar is apimachinery's ParseQuantity. */
#include <ctype.h>
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
	if ((*end == 'e' || *end == 'E') && end[1] != '\0') {
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
