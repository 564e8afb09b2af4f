/* The audit journal read into :audit's rows: the cells of a change, a dry run, a refusal
 * and a session; no control character reaches a cell; lines read on as they are appended,
 * a line being written left for later, a replaced journal read again; the words that
 * choose lines; a line shown whole again from where it is. */
#include "t.h"

#include <stdio.h>
#include <unistd.h>

#include "model/auditlog.h"
#include "util/xmalloc.h"

static const char line_patch[] = "{\"id\":\"aa\",\"time\":\"2026-12-03T09:00:00Z\",\"context\":\"prod\","
    "\"server\":\"https://k\",\"user\":\"alice\",\"verb\":\"patch\",\"patch\":\"strategic\",\"group\":\"apps\","
    "\"version\":\"v1\",\"resource\":\"deployments\",\"namespace\":\"shop\",\"name\":\"web\",\"subresource\":\"\","
    "\"dryRun\":false,\"body\":{\"spec\":{\"replicas\":3}},\"code\":200,\"message\":\"\"}";
static const char line_dry[] = "{\"id\":\"bb\",\"time\":\"2026-12-03T09:01:00Z\",\"context\":\"staging\","
    "\"user\":\"bob\",\"verb\":\"delete\",\"group\":\"\",\"resource\":\"configmaps\",\"namespace\":\"lab\","
    "\"name\":\"cfg\",\"subresource\":\"\",\"dryRun\":true,\"code\":200,\"message\":\"\"}";
static const char line_refused[] = "{\"id\":\"cc\",\"time\":\"2026-12-03T09:02:00Z\",\"context\":\"prod\","
    "\"user\":\"alice\",\"verb\":\"patch\",\"patch\":\"merge\",\"group\":\"apps\",\"resource\":\"deployments\","
    "\"namespace\":\"shop\",\"name\":\"db\",\"subresource\":\"scale\",\"dryRun\":false,\"code\":403,"
    "\"message\":\"forbidden\\u001b[31m\"}";
static const char line_session[] = "{\"id\":\"dd\",\"time\":\"2026-12-03T09:03:00Z\",\"context\":\"prod\","
    "\"user\":\"alice\",\"verb\":\"exec\",\"group\":\"\",\"resource\":\"pods\",\"namespace\":\"shop\","
    "\"name\":\"web-1\",\"subresource\":\"\",\"dryRun\":false,\"detail\":\"sh\",\"code\":0,\"message\":\"\"}";

T_CASE(auditlog_cells)
{
	struct auditlog_row r;
	T_EQ_INT(auditlog_row_parse(&r, line_patch, strlen(line_patch)), 0);
	T_EQ_STR(r.cell[AUDITLOG_TIME], "2026-12-03T09:00:00Z");
	T_EQ_STR(r.cell[AUDITLOG_CLUSTER], "prod");
	T_EQ_STR(r.cell[AUDITLOG_USER], "alice");
	T_EQ_STR(r.cell[AUDITLOG_VERB], "patch/strategic");
	T_EQ_STR(r.cell[AUDITLOG_RESOURCE], "deployments.apps");
	T_EQ_STR(r.cell[AUDITLOG_NAMESPACE], "shop");
	T_EQ_STR(r.cell[AUDITLOG_NAME], "web");
	T_EQ_STR(r.cell[AUDITLOG_RESULT], "200");
	T_EQ_STR(r.id, "aa");
	T_ASSERT(!r.failed && !r.dry_run);
	auditlog_row_free(&r);
	T_EQ_INT(auditlog_row_parse(&r, line_dry, strlen(line_dry)), 0);
	T_EQ_STR(r.cell[AUDITLOG_RESULT], "200 (dry run)");
	T_ASSERT(r.dry_run);
	auditlog_row_free(&r);
	T_EQ_INT(auditlog_row_parse(&r, line_refused, strlen(line_refused)), 0);
	T_EQ_STR(r.cell[AUDITLOG_RESOURCE], "deployments.apps/scale");
	T_EQ_STR(r.cell[AUDITLOG_RESULT], "403 forbidden?[31m");   /* no escape reaches the screen */
	T_ASSERT(r.failed);
	auditlog_row_free(&r);
	T_EQ_INT(auditlog_row_parse(&r, line_session, strlen(line_session)), 0);
	T_EQ_STR(r.cell[AUDITLOG_RESULT], "sh");
	T_ASSERT(!r.failed);
	auditlog_row_free(&r);
	T_EQ_INT(auditlog_row_parse(&r, "not json", 8), -1);
	T_EQ_INT(auditlog_row_parse(&r, "{\"a\":1}", 7), -1);
}

T_CASE(auditlog_query_words)
{
	struct auditlog_query q = { 0 };
	struct kd_err err;
	char *w1[] = { "@prod", "ns=shop", "verb=patch", "resource=deployments" };
	T_EQ_INT(auditlog_query_parse(&q, 4, w1, &err), 0);
	char text[200];
	auditlog_query_text(&q, text, sizeof text);
	T_EQ_STR(text, "@prod ns=shop verb=patch resource=deployments");
	struct auditlog_row a, b, c, d;
	auditlog_row_parse(&a, line_patch, strlen(line_patch));
	auditlog_row_parse(&b, line_dry, strlen(line_dry));
	auditlog_row_parse(&c, line_refused, strlen(line_refused));
	auditlog_row_parse(&d, line_session, strlen(line_session));
	T_ASSERT(auditlog_query_match(&q, &a));
	T_ASSERT(!auditlog_query_match(&q, &b));   /* another context */
	T_ASSERT(auditlog_query_match(&q, &c));    /* patch/merge of deployments.apps/scale */
	T_ASSERT(!auditlog_query_match(&q, &d));
	char *w2[] = { "name=cfg" };
	T_EQ_INT(auditlog_query_parse(&q, 1, w2, &err), 0);
	T_ASSERT(auditlog_query_match(&q, &b) && !auditlog_query_match(&q, &a));
	char *w3[] = { "resource=deploy" };   /* a word, not a prefix */
	T_EQ_INT(auditlog_query_parse(&q, 1, w3, &err), 0);
	T_ASSERT(!auditlog_query_match(&q, &a));
	char *w4[] = { "ns=shop", "colour=blue" };
	T_EQ_INT(auditlog_query_parse(&q, 2, w4, &err), -1);
	T_CONTAINS(err.msg, ":audit colour=blue: choose lines with @CONTEXT");
	auditlog_query_text(&q, text, sizeof text);
	T_EQ_STR(text, "resource=deploy");   /* a bad word leaves the query as it was */
	char *w5[] = { "@" };
	T_EQ_INT(auditlog_query_parse(&q, 1, w5, &err), -1);
	auditlog_query_free(&q);
	auditlog_row_free(&a);
	auditlog_row_free(&b);
	auditlog_row_free(&c);
	auditlog_row_free(&d);
}

static void
append_to(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	fputs(text, f);
	fclose(f);
}

T_CASE(auditlog_reads_on)
{
	char *path = xasprintf("%s/audit.jsonl", t_tmpdir());
	struct auditlog l;
	struct kd_err err;
	int reset;
	auditlog_init(&l, path);
	T_EQ_INT(auditlog_read(&l, &reset, &err), 0);   /* no journal yet: empty */
	append_to(path, line_patch);
	append_to(path, "\n");
	append_to(path, "garbage\n");
	append_to(path, line_dry);   /* being written: no newline yet */
	T_EQ_INT(auditlog_read(&l, &reset, &err), 1);
	T_EQ_INT(l.n, 1);
	append_to(path, "\n");
	append_to(path, line_session);
	append_to(path, "\n");
	T_EQ_INT(auditlog_read(&l, &reset, &err), 2);
	T_EQ_INT(reset, 0);
	T_EQ_INT(l.n, 3);
	T_EQ_STR(l.rows[1].cell[AUDITLOG_NAME], "cfg");
	T_EQ_INT(auditlog_read(&l, &reset, &err), 0);
	/* shown whole again from where it is */
	char *whole = auditlog_line_pretty(&l, &l.rows[0]);
	T_ASSERT(whole != NULL);
	T_CONTAINS(whole, "\"replicas\":");
	T_CONTAINS(whole, "\"server\":");
	free(whole);
	/* replaced (rotated): read again from its start */
	char *other = xasprintf("%s/audit.new", t_tmpdir());
	append_to(other, line_refused);
	append_to(other, "\n");
	T_EQ_INT(rename(other, path), 0);
	T_EQ_INT(auditlog_read(&l, &reset, &err), 1);
	T_EQ_INT(reset, 1);
	T_EQ_INT(l.n, 1);
	T_EQ_STR(l.rows[0].cell[AUDITLOG_NAME], "db");
	auditlog_free(&l);
	free(other);
	free(path);
}

int
main(void)
{
	T_RUN(auditlog_cells);
	T_RUN(auditlog_query_words);
	T_RUN(auditlog_reads_on);
	return t_done();
}
