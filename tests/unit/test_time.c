/* util/time: RFC 3339 as the API server writes it, and what it must refuse. */
#include "t.h"

#include <time.h>

#include "model/expr.h"
#include "util/time.h"

T_CASE(time_utc)
{
	time_t t;
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:01:00Z", &t), 0);
	T_EQ_INT(t, 60);
	T_EQ_INT(time_parse_rfc3339("2024-02-29T12:00:00Z", &t), 0);
	T_EQ_INT(t, 1709208000);
	T_EQ_INT(time_parse_rfc3339("2024-02-29t12:00:00z", &t), 0);
	T_EQ_INT(t, 1709208000);
	T_EQ_INT(time_parse_rfc3339("2024-02-29 12:00:00Z", &t), 0);
	T_EQ_INT(t, 1709208000);
}

T_CASE(time_fraction)
{
	time_t t;
	/* MicroTime (events' eventTime) and log timestamps carry up to nanoseconds */
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:10.123456Z", &t), 0);
	T_EQ_INT(t, 10);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:10.999999999Z", &t), 0);
	T_EQ_INT(t, 10);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:10.Z", &t), -1);
}

T_CASE(time_offset)
{
	time_t t;
	T_EQ_INT(time_parse_rfc3339("1970-01-01T01:00:00.123456+01:00", &t), 0);
	T_EQ_INT(t, 0);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00-00:30", &t), 0);
	T_EQ_INT(t, 1800);
	T_EQ_INT(time_parse_rfc3339("1970-01-02T05:30:00+05:30", &t), 0);
	T_EQ_INT(t, 86400);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00+0100", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00+01", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00+24:00", &t), -1);
}

T_CASE(time_refused)
{
	time_t t = 42;
	T_EQ_INT(time_parse_rfc3339(NULL, &t), -1);
	T_EQ_INT(time_parse_rfc3339("", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00", &t), -1);   /* no zone */
	T_EQ_INT(time_parse_rfc3339("1970-13-01T00:00:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-00T00:00:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T24:00:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:60:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-1-01T00:00:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339(" 1970-01-01T00:00:00Z", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00Z ", &t), -1);
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:00Zjunk", &t), -1);
	T_EQ_INT(time_parse_rfc3339("<no value>", &t), -1);
	T_EQ_INT(t, 42);   /* untouched on failure */
}

T_CASE(time_leap_second)
{
	time_t t;
	T_EQ_INT(time_parse_rfc3339("1970-01-01T00:00:60Z", &t), 0);
	T_EQ_INT(t, 60);
}

/* expr's age() reads times through the same parser: as strict, -1 when refused */
T_CASE(time_expr_uses_it)
{
	T_EQ_INT(expr_parse_time("1970-01-02T00:00:00Z"), 86400);
	T_EQ_INT(expr_parse_time("1970-01-02T01:00:00+01:00"), 86400);
	T_EQ_INT(expr_parse_time("1970-01-02T00:00:00"), -1);
	T_EQ_INT(expr_parse_time("1970-01-02T00:00:00Z trailing"), -1);
	T_EQ_INT(expr_parse_time(NULL), -1);
}

int
main(void)
{
	T_RUN(time_utc);
	T_RUN(time_fraction);
	T_RUN(time_offset);
	T_RUN(time_refused);
	T_RUN(time_leap_second);
	T_RUN(time_expr_uses_it);
	return t_done();
}
