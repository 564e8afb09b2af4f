#include "t.h"
/* A quantity as a whole number of a unit (thousandths for CPU, units for bytes), worked
 * out exactly: every suffix and exponent, halves rounded away from 0, what does not fit
 * refused. */
#include <limits.h>

#include "model/quantity.h"

static long long
sc(const char *q, int exp10)
{
	long long v = 12345;
	if (quantity_scaled(q, exp10, &v) != 0)
		return LLONG_MIN;
	return v;
}

T_CASE(quantity_scaled_suffixes)
{
	T_EQ_INT(sc("250m", -3), 250);
	T_EQ_INT(sc("2", -3), 2000);
	T_EQ_INT(sc("7n", -9), 7);
	T_EQ_INT(sc("7u", -9), 7000);
	T_EQ_INT(sc("3k", 0), 3000);
	T_EQ_INT(sc("3M", 0), 3000000);
	T_EQ_INT(sc("3G", 0), 3000000000LL);
	T_EQ_INT(sc("3T", 0), 3000000000000LL);
	T_EQ_INT(sc("3P", 0), 3000000000000000LL);
	T_EQ_INT(sc("3E", 0), 3000000000000000000LL);
	T_EQ_INT(sc("1Ki", 0), 1024);
	T_EQ_INT(sc("1Mi", 0), 1048576);
	T_EQ_INT(sc("1Gi", 0), 1073741824LL);
	T_EQ_INT(sc("1Ti", 0), 1099511627776LL);
	T_EQ_INT(sc("1Pi", 0), 1125899906842624LL);
	T_EQ_INT(sc("1Ei", 0), 1152921504606846976LL);   /* not an exponent */
	T_EQ_INT(sc("2e3", 0), 2000);
	T_EQ_INT(sc("1Ki", -3), 1024000);
	T_EQ_INT(sc("5G", 9), 5);
}

T_CASE(quantity_scaled_exponents_and_fractions)
{
	T_EQ_INT(sc("1e3", 0), 1000);
	T_EQ_INT(sc("1E3", 0), 1000);
	T_EQ_INT(sc("1e+3", 0), 1000);
	T_EQ_INT(sc("15e-1", 0), 2);
	T_EQ_INT(sc("1.25e2", 0), 125);
	T_EQ_INT(sc("0.001", -3), 1);
	T_EQ_INT(sc(".5", -3), 500);
	T_EQ_INT(sc("0.0000000000000000000000000000000000000000001", 0), 0);
	T_EQ_INT(sc("98.221Ti", 0), 107995131591786LL);   /* .496: down, where a double says up */
	T_EQ_INT(sc("0.5Ki", 0), 512);
	T_EQ_INT(sc("1.0005Ki", 0), 1025);   /* 1024.512 */
}

T_CASE(quantity_scaled_rounds_halves_away_from_0)
{
	T_EQ_INT(sc("1.5", 0), 2);
	T_EQ_INT(sc("2.5", 0), 3);
	T_EQ_INT(sc("2.4999999999999999999", 0), 2);
	T_EQ_INT(sc("-1.5", 0), -2);
	T_EQ_INT(sc("-1.4", 0), -1);
	T_EQ_INT(sc("+1.5", 0), 2);
	T_EQ_INT(sc("1500u", -3), 2);
	T_EQ_INT(sc("1499u", -3), 1);
}

T_CASE(quantity_scaled_refuses)
{
	T_EQ_INT(sc("", 0), LLONG_MIN);
	T_EQ_INT(sc(NULL, 0), LLONG_MIN);
	T_EQ_INT(sc("Mi", 0), LLONG_MIN);
	T_EQ_INT(sc("1Qi", 0), LLONG_MIN);
	T_EQ_INT(sc("1e3m", 0), LLONG_MIN);
	T_EQ_INT(sc("0x10", 0), LLONG_MIN);
	T_EQ_INT(sc(" 1", 0), LLONG_MIN);
	T_EQ_INT(sc("9223372036854775807", 0), LLONG_MAX);
	T_EQ_INT(sc("9223372036854775808", 0), LLONG_MIN);   /* beyond a long long */
	T_EQ_INT(sc("10E", 0), LLONG_MIN);
	T_EQ_INT(sc("9000000Ti", 0), LLONG_MIN);
	T_EQ_INT(sc("1e999", 0), LLONG_MIN);
	T_EQ_INT(sc("1e-999", 0), 0);
	T_EQ_INT(sc("1234567890123456789012345678901234567", 0), LLONG_MIN);   /* 37 digits */
	T_EQ_INT(sc("100000000000000000000000000000000000n", 18), 100000000);   /* 36 digits */
	T_EQ_INT(sc("123456789012345678901234567890123456n", 0), LLONG_MIN);
}

int
main(void)
{
	T_RUN(quantity_scaled_suffixes);
	T_RUN(quantity_scaled_exponents_and_fractions);
	T_RUN(quantity_scaled_rounds_halves_away_from_0);
	T_RUN(quantity_scaled_refuses);
	return t_done();
}
