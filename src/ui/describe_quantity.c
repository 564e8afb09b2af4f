/* Resource quantities ("500m", "1.5", "128Mi", "2G") as kubectl adds them for a node's
 * allocated resources, and the sums written back the way kubectl writes them. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/describe_priv.h"

static const struct {
	const char *suffix;
	long double mult;
} describe_quantity_suffixes[] = {
	{ "Ki", 1024.0L }, { "Mi", 1048576.0L }, { "Gi", 1073741824.0L }, { "Ti", 1099511627776.0L },
	{ "Pi", 1125899906842624.0L }, { "Ei", 1152921504606846976.0L },
	{ "m", 0.001L }, { "k", 1e3L }, { "M", 1e6L }, { "G", 1e9L }, { "T", 1e12L }, { "P", 1e15L },
	{ "E", 1e18L }, { "", 1.0L },
};

long long
describe_quantity_milli(const char *q)
{
	char *end;
	if (q == NULL || *q == '\0')
		return -1;
	long double v = strtold(q, &end);
	if (end == q)
		return -1;
	for (size_t i = 0; i < sizeof describe_quantity_suffixes / sizeof describe_quantity_suffixes[0]; i++)
		if (strcmp(end, describe_quantity_suffixes[i].suffix) == 0) {
			long double m = v * describe_quantity_suffixes[i].mult * 1000.0L;
			if (m > 9.2e18L)
				m = 9.2e18L;
			/* kubectl rounds a fraction of a milli-unit up */
			long long r = (long long)m;
			return (long double)r < m ? r + 1 : r;
		}
	return -1;
}

void
describe_quantity_format(long long milli, int binary, char *out, size_t len)
{
	static const char *const bin[] = { "Ei", "Pi", "Ti", "Gi", "Mi", "Ki" };
	static const char *const dec[] = { "E", "P", "T", "G", "M", "k" };
	if (milli == 0) {
		snprintf(out, len, "0");
		return;
	}
	if (milli % 1000 != 0) {
		snprintf(out, len, "%lldm", milli);
		return;
	}
	long long v = milli / 1000;
	for (int i = 0; i < 6; i++) {
		long long unit = 1;
		for (int k = 0; k < 6 - i; k++)
			unit *= binary ? 1024 : 1000;
		if (v % unit == 0) {
			snprintf(out, len, "%lld%s", v / unit, binary ? bin[i] : dec[i]);
			return;
		}
	}
	snprintf(out, len, "%lld", v);
}
