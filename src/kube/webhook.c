/* The audit webhook; see webhook.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "kube/webhook.h"
#include "kube/webhook_spool.h"
#include "log.h"
#include "loop.h"
#include "util/file.h"
#include "util/xmalloc.h"

enum { WEBHOOK_POLL_MS = 1000, WEBHOOK_TIMEOUT_MS = 15000, WEBHOOK_MAX_BACKOFF_MS = 60000 };

static struct {
	struct loop *loop;
	struct wspool *sp;
	struct kconn conn;          /* the receiver: server only, no credential */
	struct http *h;
	char *path;                 /* the URL's path and query */
	struct http_req *req;       /* the POST in flight */
	off_t next;                 /* where the line in flight ends */
	struct loop_timer *retry, *poll, *kick;
	int attempt;                /* failures in a row */
	long pending, dropped, dropped_said;
	uint64_t pending_since;     /* when the oldest waiting line was first seen waiting */
	char err[600];              /* the last failure, "" after a success */
	char said[160];             /* webhook_status as the app was last told */
	void (*on_change)(void *arg);
	void *arg;
} wh;

static void webhook_kick(void);

unsigned
webhook_backoff_ms(int attempt)
{
	unsigned ms = 1000;
	for (int i = 1; i < attempt && ms < WEBHOOK_MAX_BACKOFF_MS; i++)
		ms *= 2;
	return ms < WEBHOOK_MAX_BACKOFF_MS ? ms : WEBHOOK_MAX_BACKOFF_MS;
}

/* Splits url into scheme://host[:port] and the rest ("/" when none). -1 when it is not
 * an http or https URL with a host. */
static int
webhook_split(const char *url, char **server, char **path)
{
	const char *hs;
	if (url == NULL)
		return -1;
	if (strncmp(url, "https://", 8) == 0)
		hs = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		hs = url + 7;
	else
		return -1;
	size_t hl = strcspn(hs, "/?#");
	if (hl == 0 || memchr(hs, '@', hl) != NULL || strpbrk(url, " \t\r\n") != NULL)
		return -1;
	if (server != NULL)
		*server = xstrndup(url, (size_t)(hs - url) + hl);
	if (path != NULL)
		*path = hs[hl] == '/' ? xstrdup(hs + hl) : xasprintf("/%s", hs + hl);
	return 0;
}

int
webhook_url_ok(const char *url)
{
	return webhook_split(url, NULL, NULL) == 0;
}

/* Tells the app when the header's words changed (or a line did not fit). */
static void
webhook_changed(void)
{
	char now[sizeof wh.said];
	webhook_status(now, sizeof now);
	if (strcmp(now, wh.said) == 0 && wh.dropped == wh.dropped_said)
		return;
	memcpy(wh.said, now, sizeof now);
	if (wh.on_change != NULL)
		wh.on_change(wh.arg);
}

/* Counts what waits again; tells the app when the header's words may have changed. */
static void
webhook_recount(void)
{
	long pending = wspool_pending(wh.sp), dropped = wspool_dropped(wh.sp);
	if (pending > 0 && wh.pending == 0)
		wh.pending_since = loop_now_ms();
	if (pending == 0 && dropped > 0) {
		/* caught up: what did not fit was said; the journal has it */
		wspool_forget_dropped(wh.sp);
		dropped = 0;
	}
	wh.pending = pending;
	wh.dropped = dropped;
	webhook_changed();
}

static void
webhook_on_retry(void *arg)
{
	(void)arg;
	wh.retry = NULL;
	webhook_kick();
}

static void
webhook_on_done(struct http_req *r, const struct http_result *res, void *arg)
{
	(void)r;
	(void)arg;
	wh.req = NULL;
	struct kd_err err = { 0 };
	if (res->status >= 200 && res->status < 300 && wspool_ack(wh.sp, wh.next, &err) != 0) {
		/* taken, but not recorded: sent again (a repeat) once the state can be written */
		wh.attempt++;
		snprintf(wh.err, sizeof wh.err, "%s", err.msg);
		log_warn("audit webhook: %s", err.msg);
		wh.retry = loop_timer_add(wh.loop, webhook_backoff_ms(wh.attempt), webhook_on_retry, NULL);
		webhook_changed();
		return;
	}
	if (res->status >= 200 && res->status < 300) {
		if (wh.attempt > 0)
			log_info("audit webhook: delivering again after %d failed tries", wh.attempt);
		wh.attempt = 0;
		wh.err[0] = '\0';
		webhook_recount();
		webhook_kick();
		return;
	}
	wh.attempt++;
	if (res->status != 0)
		snprintf(wh.err, sizeof wh.err, "the receiver answered %ld", res->status);
	else
		snprintf(wh.err, sizeof wh.err, "%s", res->err.msg);
	unsigned ms = webhook_backoff_ms(wh.attempt);
	if (wh.attempt == 1 || ms == WEBHOOK_MAX_BACKOFF_MS)
		log_warn("audit webhook: %s; trying again in %u s", wh.err, ms / 1000);
	wh.retry = loop_timer_add(wh.loop, ms, webhook_on_retry, NULL);
	webhook_changed();
}

static int
webhook_json(const char *line, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(line, len);
	int ok = cJSON_IsObject(j);
	cJSON_Delete(j);
	return ok;
}

/* Sends the oldest waiting line, unless one is in flight or waiting out a backoff. */
static void
webhook_kick(void)
{
	if (wh.sp == NULL || wh.req != NULL || wh.retry != NULL || !wspool_claim(wh.sp))
		return;
	char *line;
	size_t len;
	struct kd_err err = { 0 };
	int got;
	/* a line that is not JSON (torn by a crash) would never be taken: it is passed */
	while ((got = wspool_peek(wh.sp, &line, &len, &wh.next, &err)) == 1 && !webhook_json(line, len)) {
		log_warn("audit webhook: a spooled line that is not JSON is skipped");
		free(line);
		if (wspool_ack(wh.sp, wh.next, &err) != 0) {
			got = -1;
			break;
		}
	}
	if (got < 0) {   /* tried again with the next poll */
		log_warn("audit webhook: %s", err.msg);
		return;
	}
	if (got != 1) {
		webhook_recount();
		return;
	}
	struct http_opts o = {
		.method = "POST", .path = wh.path, .content_type = "application/json",
		.body = line, .body_len = len, .timeout_ms = WEBHOOK_TIMEOUT_MS, .retries = 1,
	};
	wh.req = http_request(wh.h, &o, NULL, webhook_on_done, NULL);
	free(line);
}

static void
webhook_on_kick(void *arg)
{
	(void)arg;
	wh.kick = NULL;
	webhook_recount();
	webhook_kick();
}

/* Lines another kdeck spooled, and the claim once it let go. */
static void
webhook_on_poll(void *arg)
{
	(void)arg;
	wh.poll = loop_timer_add(wh.loop, WEBHOOK_POLL_MS, webhook_on_poll, NULL);
	webhook_recount();
	webhook_kick();
}

int
webhook_start(struct loop *l, const char *url, long max, void (*on_change)(void *arg), void *arg,
    struct kd_err *err)
{
	char *server = NULL, *path = NULL;
	webhook_stop();
	if (webhook_split(url, &server, &path) != 0)
		return kd_err_set(err, KD_ERR_CONFIG, "auditWebhook %s is not an http:// or https:// URL", url);
	char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
	wh.sp = wspool_open(state, max, err);
	free(state);
	if (wh.sp == NULL) {
		free(server);
		free(path);
		return -1;
	}
	wh.conn.context = "audit-webhook";
	wh.conn.server = server;
	wh.h = http_new(l, &wh.conn, err);
	if (wh.h == NULL) {
		wspool_close(&wh.sp);
		free(server);
		free(path);
		wh.conn.server = NULL;
		return -1;
	}
	wh.loop = l;
	wh.path = path;
	wh.on_change = on_change;
	wh.arg = arg;
	wh.pending = wh.dropped = wh.dropped_said = 0;
	wh.attempt = 0;
	wh.err[0] = '\0';
	wh.poll = loop_timer_add(l, WEBHOOK_POLL_MS, webhook_on_poll, NULL);
	wh.kick = loop_timer_add(l, 0, webhook_on_kick, NULL);
	return 0;
}

int
webhook_spool_only(long max, struct kd_err *err)
{
	webhook_stop();
	char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
	wh.sp = wspool_open(state, max, err);
	free(state);
	return wh.sp != NULL ? 0 : -1;
}

void
webhook_stop(void)
{
	if (wh.loop != NULL) {
		loop_timer_cancel(wh.loop, &wh.retry);
		loop_timer_cancel(wh.loop, &wh.poll);
		loop_timer_cancel(wh.loop, &wh.kick);
	}
	http_cancel(&wh.req);
	http_free(&wh.h);
	wspool_close(&wh.sp);
	free(wh.conn.server);
	free(wh.path);
	memset(&wh, 0, sizeof wh);
}

void
webhook_journal_line(const char *line, size_t len)
{
	if (wh.sp == NULL)
		return;
	struct kd_err err = { 0 };
	int rc = wspool_append(wh.sp, line, len, &err);
	if (rc < 0)
		log_warn("audit webhook: %s; the line is in the journal only", err.msg);
	else if (rc == 1)
		log_warn("audit webhook spool full: a line is in the journal only");
	/* sent from the loop, never from inside the answer that wrote the line */
	if (wh.loop != NULL && wh.kick == NULL)
		wh.kick = loop_timer_add(wh.loop, 0, webhook_on_kick, NULL);
}

void
webhook_status(char *buf, size_t len)
{
	buf[0] = '\0';
	if (wh.sp == NULL)
		return;
	if (wh.dropped > 0) {
		snprintf(buf, len, "audit webhook spool full: %ld line%s not delivered", wh.dropped,
		    wh.dropped == 1 ? "" : "s");
		return;
	}
	/* a line on its way for a moment is not behind */
	if (wh.pending > 0 && (wh.attempt > 0 || loop_now_ms() - wh.pending_since >= 2000))
		snprintf(buf, len, "audit: %ld line%s behind", wh.pending, wh.pending == 1 ? "" : "s");
}

long
webhook_take_dropped(void)
{
	long n = wh.dropped > wh.dropped_said ? wh.dropped - wh.dropped_said : 0;
	wh.dropped_said = wh.dropped;
	return n;
}
