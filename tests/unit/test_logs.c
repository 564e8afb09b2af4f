/* Logs: the ring's bounds, timestamps, dedup across reconnects; with KDECK_LOGS_KUBECONFIG
 * (tests/integration/test_logs set it) a followed stream against kubesim that survives
 * the kill-streams fault with no duplicate and no gap. */
#include "t.h"

#include <stdint.h>
#include <time.h>

#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "kube/logs.h"
#include "model/logring.h"
#include "loop.h"
#include "util/xmalloc.h"

T_CASE(logring_keeps_the_newest)
{
	struct logring *r = logring_new(3, 0);
	char buf[16];
	for (int i = 0; i < 10; i++) {
		int n = snprintf(buf, sizeof(buf), "line %d", i);
		logring_push(r, "", buf, (size_t)n, 0);
	}
	T_EQ_INT(logring_count(r), 3);
	T_EQ_INT(logring_dropped(r), 7);
	T_EQ_STR(logring_get(r, 0)->text, "line 7");
	T_EQ_STR(logring_get(r, 2)->text, "line 9");
	T_ASSERT(logring_get(r, 3) == NULL);
	logring_free(&r);
	T_ASSERT(r == NULL);
	logring_free(&r);   /* NULL is fine */
}

T_CASE(logring_byte_bound)
{
	struct logring *r = logring_new(1000, 100);
	char line[40];
	memset(line, 'x', sizeof(line));
	for (int i = 0; i < 50; i++)
		logring_push(r, "", line, sizeof(line), 0);
	T_ASSERT(logring_bytes(r) <= 100);
	T_EQ_INT(logring_count(r), 2);
	logring_free(&r);
}

T_CASE(logring_million_lines_flat)
{
	struct logring *r = logring_new(10000, 0);
	char line[120];
	for (int i = 0; i < 1000000; i++) {
		int n = snprintf(line, sizeof(line), "2024-01-01T00:00:00Z 10.0.0.1 GET /api/items/%d 200", i);
		logring_push(r, "2024-01-01T00:00:00.000000001Z", line, (size_t)n, 0);
	}
	T_EQ_INT(logring_count(r), 10000);
	T_EQ_INT(logring_dropped(r), 990000);
	T_ASSERT(logring_bytes(r) < 10000 * 120);
	logring_free(&r);
}

T_CASE(logs_split_timestamps)
{
	char ts[40];
	const char *l = "2024-01-02T03:04:05.123456789Z hello world";
	size_t off = logs_split_ts(l, strlen(l), ts);
	T_EQ_STR(ts, "2024-01-02T03:04:05.123456789Z");
	T_EQ_STR(l + off, "hello world");
	off = logs_split_ts("no timestamp here", 17, ts);
	T_EQ_INT(off, 0);
	T_EQ_STR(ts, "");
	off = logs_split_ts("", 0, ts);
	T_EQ_INT(off, 0);
}

T_CASE(logs_dedup_across_a_reconnect)
{
	struct logs_dedup d = { 0 };
	/* first stream */
	T_ASSERT(logs_dedup_keep(&d, "2024-01-01T00:00:01.5Z"));
	T_ASSERT(logs_dedup_keep(&d, "2024-01-01T00:00:02.1Z"));
	T_ASSERT(logs_dedup_keep(&d, "2024-01-01T00:00:02.1Z"));   /* two lines, same time */
	/* dropped; asked again from 00:00:02 (seconds): the server repeats what it had */
	logs_dedup_resume(&d);
	T_ASSERT(!logs_dedup_keep(&d, "2024-01-01T00:00:02.05Z"));
	T_ASSERT(!logs_dedup_keep(&d, "2024-01-01T00:00:02.1Z"));
	T_ASSERT(!logs_dedup_keep(&d, "2024-01-01T00:00:02.100Z"));   /* same time, other spelling */
	T_ASSERT(logs_dedup_keep(&d, "2024-01-01T00:00:02.1Z"));       /* a third line at that time: new */
	T_ASSERT(logs_dedup_keep(&d, "2024-01-01T00:00:02.12Z"));      /* later than .1 */
	T_ASSERT(logs_dedup_keep(&d, ""));                              /* no time: kept */
}

T_CASE(logs_path_options)
{
	struct logs_opts o = { .ns = "a", .pod = "p", .container = "c", .follow = 1, .tail_lines = 100 };
	char *p = logs_path(&o, NULL);
	T_EQ_STR(p, "/api/v1/namespaces/a/pods/p/log?timestamps=true&container=c&follow=true&tailLines=100");
	free(p);
	p = logs_path(&o, "2024-01-01T00:00:02Z");
	T_EQ_STR(p, "/api/v1/namespaces/a/pods/p/log?timestamps=true&container=c&follow=true&sinceTime=2024-01-01T00%3A00%3A02Z");
	free(p);
	struct logs_opts q = { .ns = "a", .pod = "p", .previous = 1, .tail_lines = -1, .since_seconds = 60 };
	p = logs_path(&q, NULL);
	T_EQ_STR(p, "/api/v1/namespaces/a/pods/p/log?timestamps=true&previous=true&sinceSeconds=60");
	free(p);
}

/* ---- against kubesim ---- */

struct follow {
	struct logring *ring;
	int dups, disorder, states[8];
	char last[40];
	struct loop *loop;
};

static void
follow_line(const char *ts, const char *text, size_t len, int source, void *arg)
{
	struct follow *f = arg;
	if (f->last[0] && strcmp(ts, f->last) < 0)
		f->disorder++;
	/* a repeated (time, text) pair is a duplicate */
	size_t n = logring_count(f->ring);
	for (size_t i = n > 50 ? n - 50 : 0; i < n; i++) {
		const struct logline *l = logring_get(f->ring, i);
		if (strcmp(l->ts, ts) == 0 && l->len == len && memcmp(l->text, text, len) == 0)
			f->dups++;
	}
	snprintf(f->last, sizeof(f->last), "%s", ts);
	logring_push(f->ring, ts, text, len, source);
}

static void
follow_state(enum logs_state st, const struct kd_err *err, void *arg)
{
	(void)err;
	struct follow *f = arg;
	f->states[st]++;
}

T_CASE(logs_follow_survives_a_drop)
{
	const char *kc = getenv("KDECK_LOGS_KUBECONFIG");
	const char *fault = getenv("KDECK_LOGS_FAULT");   /* a command that kills the streams */
	if (kc == NULL || fault == NULL)
		T_SKIP("KDECK_LOGS_KUBECONFIG is not set (tests/integration/test_logs)");
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(kc, &err);
	T_ASSERT_MSG(cfg != NULL, "%s", err.msg);
	struct kconn *conn = kcfg_resolve(cfg, NULL, &err);
	T_ASSERT_MSG(conn != NULL, "%s", err.msg);
	struct follow f = { .ring = logring_new(100000, 0), .loop = loop_new() };
	struct http *h = http_new(f.loop, conn, &err);
	T_ASSERT(h != NULL);
	struct logs_opts o = { .ns = getenv("KDECK_LOGS_NS"), .pod = getenv("KDECK_LOGS_POD"),
		.container = getenv("KDECK_LOGS_CONTAINER"), .follow = 1, .tail_lines = 5 };
	struct logs_cbs cbs = { follow_line, follow_state };
	struct logs *l = logs_new(h, &o, &cbs, &f);
	/* the stream is dropped once lines have come, and followed until lines come again after
	 * a reconnect: waits for what happens, never for a fixed time (a loaded machine is slow) */
	uint64_t t0 = loop_now_ms(), seen_after = 0;
	int killed = 0;
	size_t at_kill = 0;
	while (loop_now_ms() - t0 < 60000) {
		loop_run_once(f.loop, 100);
		if (!killed && logring_count(f.ring) > 0 && loop_now_ms() - t0 > 1000) {
			killed = 1;
			at_kill = logring_count(f.ring);
			if (system(fault) != 0)
				printf("# the fault command failed\n");
		}
		if (killed && seen_after == 0 && logs_reconnects(l) >= 1 && logring_count(f.ring) > at_kill + 2)
			seen_after = loop_now_ms();
		if (seen_after != 0 && loop_now_ms() - seen_after > 1000)
			break;   /* a second more of lines, for duplicates and order */
	}
	size_t total = logring_count(f.ring);
	unsigned reconnects = logs_reconnects(l);
	/* write what we saw for the script to compare with kubectl logs */
	const char *out = getenv("KDECK_LOGS_OUT");
	if (out != NULL) {
		FILE *fp = fopen(out, "w");
		for (size_t i = 0; fp && i < total; i++) {
			const struct logline *ll = logring_get(f.ring, i);
			fprintf(fp, "%s %.*s\n", ll->ts, (int)ll->len, ll->text);
		}
		if (fp)
			fclose(fp);
	}
	logs_free(&l);
	http_free(&h);
	loop_free(&f.loop);
	logring_free(&f.ring);
	kconn_free(&conn);
	kcfg_free(&cfg);
	T_ASSERT_MSG(at_kill > 0, "no lines before the drop");
	T_ASSERT_MSG(total > at_kill, "no lines after the drop (%zu)", total);
	T_ASSERT_MSG(reconnects >= 1, "never reconnected");
	T_EQ_INT(f.dups, 0);
	T_EQ_INT(f.disorder, 0);
}

/* The pod's status decides whether a followed stream the server ended is over. */
T_CASE(logs_container_ended_from_status)
{
	char why[200] = "";
	const char *job = "{\"spec\":{\"restartPolicy\":\"Never\"},\"status\":{\"phase\":\"Failed\","
	    "\"containerStatuses\":[{\"name\":\"side\",\"state\":{\"running\":{}}},"
	    "{\"name\":\"app\",\"state\":{\"terminated\":{\"exitCode\":1,\"reason\":\"Error\"}}}]}}";
	T_ASSERT(logs_container_ended(job, strlen(job), "app", why, sizeof why) == 1);
	T_EQ_STR(why, "exit code 1 (Error)");
	T_ASSERT(logs_container_ended(job, strlen(job), "side", why, sizeof why) == 0);
	T_ASSERT(logs_container_ended(job, strlen(job), "nosuch", why, sizeof why) == 0);
	/* a crash under restartPolicy Always: the next start follows, not the end */
	const char *crash = "{\"spec\":{\"restartPolicy\":\"Always\"},\"status\":{\"phase\":\"Running\","
	    "\"containerStatuses\":[{\"name\":\"app\",\"state\":{\"terminated\":{\"exitCode\":2}}}]}}";
	T_ASSERT(logs_container_ended(crash, strlen(crash), "app", why, sizeof why) == 0);
	const char *waiting = "{\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"app\","
	    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}";
	T_ASSERT(logs_container_ended(waiting, strlen(waiting), NULL, why, sizeof why) == 0);
	/* OnFailure ends on success only; a debug container never restarts */
	const char *onfail = "{\"spec\":{\"restartPolicy\":\"OnFailure\"},\"status\":{\"phase\":\"Running\","
	    "\"containerStatuses\":[{\"name\":\"app\",\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":\"Completed\"}}}],"
	    "\"ephemeralContainerStatuses\":[{\"name\":\"debugger\",\"state\":{\"terminated\":{\"exitCode\":130}}}]}}";
	T_ASSERT(logs_container_ended(onfail, strlen(onfail), NULL, why, sizeof why) == 1);
	T_EQ_STR(why, "exit code 0 (Completed)");
	T_ASSERT(logs_container_ended(onfail, strlen(onfail), "debugger", why, sizeof why) == 1);
	T_EQ_STR(why, "exit code 130");
	T_ASSERT(logs_container_ended("not json", 8, "app", why, sizeof why) == 0);
}

struct t_lines {
	int n;
	size_t lens[64];
	int marked[64];
	char first[32];
};

static void
t_lines_add(const char *line, size_t len, void *arg)
{
	struct t_lines *t = arg;
	if (t->n == 0)
		snprintf(t->first, sizeof t->first, "%.*s", (int)(len < 31 ? len : 31), line);
	if (t->n < 64) {
		size_t m = strlen(LOGS_CUT_MARK);
		t->lens[t->n] = len;
		t->marked[t->n] = len >= m && memcmp(line + len - m, LOGS_CUT_MARK, m) == 0;
	}
	t->n++;
}

/* Lines come whole however the stream is cut; a line that never ends stops growing at
 * the bound and comes out in marked pieces, nothing lost; the buffer stays at the bound. */
T_CASE(logs_split_bounds_a_line_without_end)
{
	struct logs_split s = { .max = 1000 };
	struct t_lines t = { 0 };
	logs_split_feed(&s, "ab", 2, t_lines_add, &t);
	logs_split_feed(&s, "c\nde\n\nf", 7, t_lines_add, &t);
	T_EQ_INT(t.n, 3);
	T_EQ_STR(t.first, "abc");
	T_EQ_INT((long)t.lens[1], 2);
	T_EQ_INT((long)t.lens[2], 0);
	T_EQ_INT((long)s.len, 1);   /* "f" waits */
	logs_split_reset(&s);
	memset(&t, 0, sizeof t);
	/* 3500 bytes without a newline, fed 100 at a time, then its end */
	char chunk[100];
	memset(chunk, 'x', sizeof chunk);
	for (int i = 0; i < 35; i++)
		logs_split_feed(&s, chunk, sizeof chunk, t_lines_add, &t);
	T_EQ_INT(t.n, 3);
	T_ASSERT(s.cap <= 1000 + sizeof(LOGS_CUT_MARK));
	logs_split_feed(&s, "\n", 1, t_lines_add, &t);
	T_EQ_INT(t.n, 4);
	size_t m = strlen(LOGS_CUT_MARK);
	for (int i = 0; i < 3; i++) {
		T_ASSERT(t.marked[i]);
		T_EQ_INT((long)t.lens[i], (long)(1000 + m));
	}
	T_ASSERT(!t.marked[3]);
	T_EQ_INT((long)t.lens[3], 500);
	T_EQ_INT((long)s.cuts, 3);
	/* one feed far past the bound */
	memset(&t, 0, sizeof t);
	char *big = xmalloc(5000);
	memset(big, 'y', 5000);
	logs_split_feed(&s, big, 5000, t_lines_add, &t);
	T_EQ_INT(t.n, 4);
	T_EQ_INT((long)s.len, 1000);   /* the fifth thousand may still end */
	free(big);
	logs_split_free(&s);
	T_ASSERT(s.buf == NULL);
	/* the default bound is 1 MiB, and can be set */
	T_EQ_INT((long)logs_max_line(), 1L << 20);
	logs_set_max_line(4096);
	T_EQ_INT((long)logs_max_line(), 4096);
	logs_set_max_line(0);
	T_EQ_INT((long)logs_max_line(), (long)LOGS_LINE_MAX);
}

int
main(void)
{
	T_RUN(logs_container_ended_from_status);
	T_RUN(logring_keeps_the_newest);
	T_RUN(logring_byte_bound);
	T_RUN(logring_million_lines_flat);
	T_RUN(logs_split_timestamps);
	T_RUN(logs_split_bounds_a_line_without_end);
	T_RUN(logs_dedup_across_a_reconnect);
	T_RUN(logs_path_options);
	T_RUN(logs_follow_survives_a_drop);
	return t_done();
}
