/* The audit webhook's spool: lines read back in the order appended, the offset kept
 * across a restart (a line delivered is not sent again, one not acknowledged is), the
 * spool emptied once drained, its bound counted and said, a torn line ended, one
 * deliverer at a time; and the webhook's URL check and backoff. */
#include "t.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kube/webhook.h"
#include "kube/webhook_spool.h"
#include "util/file.h"
#include "util/xmalloc.h"

static char *
dir_for(const char *name)
{
	return xasprintf("%s/%s", t_tmpdir(), name);
}

static off_t
size_of(const char *dir, const char *file)
{
	char *p = xasprintf("%s/%s", dir, file);
	struct stat st;
	off_t n = stat(p, &st) == 0 ? st.st_size : -1;
	free(p);
	return n;
}

/* The next line's text (static), or "(none)"; *next where the one after starts. */
static const char *
peek(struct wspool *sp, off_t *next)
{
	static char buf[512];
	char *line;
	size_t len;
	struct kd_err err;
	int got = wspool_peek(sp, &line, &len, next, &err);
	if (got != 1)
		return got == 0 ? "(none)" : "(error)";
	snprintf(buf, sizeof buf, "%s", line);
	free(line);
	return buf;
}

static void
append(struct wspool *sp, const char *line, int want)
{
	struct kd_err err;
	T_EQ_INT(wspool_append(sp, line, strlen(line), &err), want);
}

T_CASE(spool_in_order_then_empty)
{
	char *d = dir_for("order");
	struct kd_err err;
	struct wspool *sp = wspool_open(d, 0, &err);
	T_ASSERT(sp != NULL);
	T_EQ_STR(peek(sp, &(off_t){ 0 }), "(none)");
	append(sp, "{\"id\":\"1\"}\n", 0);
	append(sp, "{\"id\":\"2\"}", 0);   /* a newline of its own or not: one line each */
	append(sp, "{\"id\":\"3\"}\n", 0);
	T_EQ_INT(wspool_pending(sp), 3);
	off_t next;
	/* peeking does not move on: not acknowledged, the same line again */
	T_EQ_STR(peek(sp, &next), "{\"id\":\"1\"}");
	T_EQ_STR(peek(sp, &next), "{\"id\":\"1\"}");
	for (int i = 1; i <= 3; i++) {
		char want[32];
		snprintf(want, sizeof want, "{\"id\":\"%d\"}", i);
		T_EQ_STR(peek(sp, &next), want);
		T_EQ_INT(wspool_ack(sp, next, &err), 0);
		T_EQ_INT(wspool_pending(sp), 3 - i);
	}
	T_EQ_STR(peek(sp, &next), "(none)");
	/* drained: the file is emptied, not left to grow */
	T_EQ_INT(size_of(d, "webhook-spool.jsonl"), 0);
	append(sp, "{\"id\":\"4\"}", 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"4\"}");
	wspool_close(&sp);
	free(d);
}

T_CASE(spool_restart_continues)
{
	char *d = dir_for("restart");
	struct kd_err err;
	struct wspool *sp = wspool_open(d, 0, &err);
	append(sp, "{\"id\":\"a\"}", 0);
	append(sp, "{\"id\":\"b\"}", 0);
	append(sp, "{\"id\":\"c\"}", 0);
	off_t next;
	T_EQ_STR(peek(sp, &next), "{\"id\":\"a\"}");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	/* b is in flight when kdeck ends: never acknowledged */
	T_EQ_STR(peek(sp, &next), "{\"id\":\"b\"}");
	wspool_close(&sp);
	/* the offset is on disk, in the state file replaced whole */
	char *state = xasprintf("%s/webhook-spool.state", d);
	size_t len;
	char *text = file_read(state, 4096, &len);
	T_ASSERT(text != NULL);
	T_CONTAINS(text, "offset ");
	free(text);
	free(state);

	sp = wspool_open(d, 0, &err);
	T_ASSERT(sp != NULL);
	T_EQ_INT(wspool_pending(sp), 2);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"b\"}");   /* again: not lost, a not acknowledged */
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	append(sp, "{\"id\":\"d\"}", 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"c\"}");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"d\"}");
	wspool_close(&sp);
	free(d);
}

T_CASE(spool_bound_says_so)
{
	char *d = dir_for("bound");
	struct kd_err err;
	struct wspool *sp = wspool_open(d, 2, &err);
	append(sp, "{\"id\":\"1\"}", 0);
	append(sp, "{\"id\":\"2\"}", 0);
	T_EQ_INT(wspool_dropped(sp), 0);
	append(sp, "{\"id\":\"3\"}", 1);   /* full: said, not spooled */
	append(sp, "{\"id\":\"4\"}", 1);
	T_EQ_INT(wspool_pending(sp), 2);
	T_EQ_INT(wspool_dropped(sp), 2);
	wspool_close(&sp);
	/* the count outlives a restart, so it is said after one too */
	sp = wspool_open(d, 2, &err);
	T_EQ_INT(wspool_dropped(sp), 2);
	off_t next;
	T_EQ_STR(peek(sp, &next), "{\"id\":\"1\"}");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	append(sp, "{\"id\":\"5\"}", 0);   /* room again */
	T_EQ_STR(peek(sp, &next), "{\"id\":\"2\"}");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"5\"}");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	T_EQ_INT(wspool_dropped(sp), 2);   /* until it was said */
	wspool_forget_dropped(sp);
	T_EQ_INT(wspool_dropped(sp), 0);
	wspool_close(&sp);
	free(d);
}

T_CASE(spool_torn_line_ended)
{
	char *d = dir_for("torn");
	struct kd_err err;
	struct wspool *sp = wspool_open(d, 0, &err);
	/* a kdeck that died in the middle of a line */
	char *p = xasprintf("%s/webhook-spool.jsonl", d);
	int fd = open(p, O_WRONLY | O_APPEND);
	T_ASSERT(fd >= 0);
	T_EQ_INT(write(fd, "{\"id\":\"to", 9), 9);
	close(fd);
	off_t next;
	T_EQ_STR(peek(sp, &next), "(none)");   /* not a line yet */
	append(sp, "{\"id\":\"whole\"}", 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"to");
	T_EQ_INT(wspool_ack(sp, next, &err), 0);
	T_EQ_STR(peek(sp, &next), "{\"id\":\"whole\"}");
	wspool_close(&sp);
	free(p);
	free(d);
}

T_CASE(spool_two_kdecks)
{
	char *d = dir_for("two");
	struct kd_err err;
	struct wspool *a = wspool_open(d, 0, &err), *b = wspool_open(d, 0, &err);
	T_ASSERT(a != NULL && b != NULL);
	T_EQ_INT(wspool_claim(a), 1);
	T_EQ_INT(wspool_claim(b), 0);   /* one delivers */
	append(a, "{\"id\":\"from-a\"}", 0);
	append(b, "{\"id\":\"from-b\"}", 0);
	T_EQ_INT(wspool_pending(a), 2);
	off_t next;
	T_EQ_STR(peek(a, &next), "{\"id\":\"from-a\"}");
	T_EQ_INT(wspool_ack(a, next, &err), 0);
	T_EQ_INT(wspool_pending(b), 1);   /* b sees what a delivered */
	wspool_close(&a);
	T_EQ_INT(wspool_claim(b), 1);   /* a ended: b takes over where a stopped */
	T_EQ_STR(peek(b, &next), "{\"id\":\"from-b\"}");
	wspool_close(&b);
	free(d);
}

T_CASE(spool_files_private)
{
	char *d = dir_for("private");
	struct kd_err err;
	struct wspool *sp = wspool_open(d, 0, &err);
	append(sp, "{}", 0);
	off_t next;
	peek(sp, &next);
	wspool_ack(sp, next, &err);
	char *p = xasprintf("%s/webhook-spool.jsonl", d), *s = xasprintf("%s/webhook-spool.state", d);
	struct stat st;
	T_ASSERT(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	T_ASSERT(stat(s, &st) == 0 && (st.st_mode & 0077) == 0);
	T_ASSERT(stat(d, &st) == 0 && (st.st_mode & 0777) == 0700);
	wspool_close(&sp);
	free(p);
	free(s);
	free(d);
}

T_CASE(webhook_urls_and_backoff)
{
	T_ASSERT(webhook_url_ok("https://audit.example/kdeck"));
	T_ASSERT(webhook_url_ok("http://127.0.0.1:8080"));
	T_ASSERT(webhook_url_ok("http://[::1]:8080/in?x=1"));
	T_ASSERT(!webhook_url_ok("ftp://audit.example/"));
	T_ASSERT(!webhook_url_ok("file:///etc/passwd"));
	T_ASSERT(!webhook_url_ok("https://"));
	T_ASSERT(!webhook_url_ok("audit.example"));
	T_ASSERT(!webhook_url_ok("https://user:pw@audit.example/"));
	T_EQ_INT(webhook_backoff_ms(1), 1000);
	T_EQ_INT(webhook_backoff_ms(2), 2000);
	T_EQ_INT(webhook_backoff_ms(6), 32000);
	T_EQ_INT(webhook_backoff_ms(7), 60000);
	T_EQ_INT(webhook_backoff_ms(1000), 60000);
}

int
main(void)
{
	T_RUN(spool_in_order_then_empty);
	T_RUN(spool_restart_continues);
	T_RUN(spool_bound_says_so);
	T_RUN(spool_torn_line_ended);
	T_RUN(spool_two_kdecks);
	T_RUN(spool_files_private);
	T_RUN(webhook_urls_and_backoff);
	return t_done();
}
