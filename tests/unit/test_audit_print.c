/* kdeck --audit: durations, the table, -o json, --since and --context filters. */
#define _GNU_SOURCE
#include "t.h"

#include <time.h>

#include "audit_print.h"

static char out[8192];

static int
run(const char *since, const char *context, int json)
{
	out[0] = '\0';
	FILE *o = fmemopen(out, sizeof out, "w"), *e = fopen("/dev/null", "w");
	int rc = audit_print(o, e, since, context, json);
	fclose(o);
	fclose(e);
	return rc;
}

T_CASE(audit_print_durations)
{
	T_EQ_INT(audit_print_duration("90s"), 90);
	T_EQ_INT(audit_print_duration("15m"), 900);
	T_EQ_INT(audit_print_duration("1h30m"), 5400);
	T_EQ_INT(audit_print_duration("2d"), 172800);
	T_EQ_INT(audit_print_duration("1"), -1);
	T_EQ_INT(audit_print_duration("h"), -1);
	T_EQ_INT(audit_print_duration(""), -1);
	T_EQ_INT(audit_print_duration("-1h"), -1);
}

T_CASE(audit_print_table_and_filters)
{
	char now[32], line[4096];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(line, sizeof line,
	    "{\"time\":\"2020-01-01T00:00:00Z\",\"context\":\"old\",\"user\":\"bob\",\"verb\":\"delete\","
	    "\"group\":\"\",\"resource\":\"pods\",\"namespace\":\"shop\",\"name\":\"web-1\",\"subresource\":\"\","
	    "\"dryRun\":false,\"code\":200,\"message\":\"\"}\n"
	    "not json at all\n"
	    "{\"time\":\"%s\",\"context\":\"prod\",\"user\":\"alice\",\"verb\":\"patch\",\"patch\":\"strategic\","
	    "\"group\":\"apps\",\"resource\":\"deployments\",\"namespace\":\"shop\",\"name\":\"web\","
	    "\"subresource\":\"scale\",\"dryRun\":true,\"code\":403,\"message\":\"Not allowed: no\"}\n"
	    "{\"time\":\"%s\",\"context\":\"prod\",\"user\":\"alice\",\"verb\":\"patch\",\"patch\":\"apply\","
	    "\"group\":\"apps\",\"resource\":\"deployments\",\"namespace\":\"shop\",\"name\":\"api\","
	    "\"dryRun\":false,\"force\":true,\"code\":200}\n", now, now);
	t_write("state/kdeck/audit.jsonl", line, 0);
	T_EQ_INT(run(NULL, NULL, 0), 0);
	T_CONTAINS(out, "TIME");
	T_CONTAINS(out, "NAMESPACE/NAME");
	T_CONTAINS(out, "delete");
	T_CONTAINS(out, "shop/web-1");
	T_CONTAINS(out, "patch/strategic (dry run)");
	T_CONTAINS(out, "patch/apply (force)");
	T_CONTAINS(out, "deployments.apps/scale");
	T_CONTAINS(out, "Not allowed: no");
	T_LACKS(out, "not json");
	T_EQ_INT(run("1h", NULL, 0), 0);
	T_LACKS(out, "web-1");
	T_CONTAINS(out, "alice");
	T_EQ_INT(run(NULL, "old", 1), 0);
	T_CONTAINS(out, "\"context\":\"old\"");
	T_LACKS(out, "prod");
	T_LACKS(out, "TIME");
	T_EQ_INT(run("soon", NULL, 0), 2);
}

T_CASE(audit_print_no_journal)
{
	char p[600];
	snprintf(p, sizeof p, "%s/empty", t_tmpdir());
	setenv("XDG_STATE_HOME", p, 1);
	T_EQ_INT(run(NULL, NULL, 1), 0);
	T_EQ_STR(out, "");
}

int
main(void)
{
	char p[600];
	snprintf(p, sizeof p, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", p, 1);
	T_RUN(audit_print_durations);
	T_RUN(audit_print_table_and_filters);
	T_RUN(audit_print_no_journal);
	return t_done();
}
