/* Container logs: the stream, its timestamps and dedup; see logs.h. */
#define _POSIX_C_SOURCE 200809L
#include "kube/logs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "kube/api.h"
#include "kube/exec.h"
#include "kube/http.h"
#include "log.h"
#include "loop.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* ---- timestamps and dedup ---- */

size_t
logs_split_ts(const char *line, size_t len, char ts[40])
{
	ts[0] = '\0';
	/* 2024-01-02T03:04:05[.fraction](Z|+hh:mm) then a space */
	if (len < 21 || line[4] != '-' || line[7] != '-' || line[10] != 'T' || line[13] != ':')
		return 0;
	const char *sp = memchr(line, ' ', len < 40 ? len : 40);
	if (sp == NULL)
		return 0;
	size_t n = (size_t)(sp - line);
	memcpy(ts, line, n);
	ts[n] = '\0';
	return n + 1;
}

/* "...:05.12Z" -> "...:05.120000000Z": fixed width, so strcmp orders times. */
static void
logs_ts_norm(const char *ts, char out[40])
{
	size_t n = strlen(ts);
	if (n < 19) {
		snprintf(out, 40, "%s", ts);
		return;
	}
	char frac[10] = "000000000";
	const char *rest = ts + 19;
	if (*rest == '.') {
		rest++;
		for (size_t k = 0; *rest >= '0' && *rest <= '9'; rest++)
			if (k < 9)
				frac[k++] = *rest;
	}
	snprintf(out, 40, "%.19s.%s%.10s", ts, frac, rest);
}

int
logs_dedup_keep(struct logs_dedup *d, const char *ts)
{
	if (ts == NULL || ts[0] == '\0')
		return 1;   /* nothing to compare: keep */
	char n[40];
	logs_ts_norm(ts, n);
	int c = d->last[0] ? strcmp(n, d->last) : 1;
	if (d->resumed) {
		if (c < 0)
			return 0;
		if (c == 0 && d->skip_at_last > 0) {
			d->skip_at_last--;
			return 0;
		}
		d->resumed = 0;
	}
	if (c == 0) {
		d->at_last++;
	} else if (c > 0) {
		memcpy(d->last, n, sizeof(d->last));
		d->at_last = 1;
	}
	return 1;
}

void
logs_dedup_resume(struct logs_dedup *d)
{
	d->skip_at_last = d->at_last;
	d->resumed = d->last[0] != '\0';
}

/* ---- lines ---- */

static size_t logs_line_max = LOGS_LINE_MAX;

void
logs_set_max_line(size_t bytes)
{
	logs_line_max = bytes > 0 ? bytes : LOGS_LINE_MAX;
}

size_t
logs_max_line(void)
{
	return logs_line_max;
}

static void
logs_split_append(struct logs_split *s, const char *p, size_t n, size_t max)
{
	size_t need = s->len + n + sizeof(LOGS_CUT_MARK);
	if (need > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		while (cap < need)
			cap *= 2;
		if (cap > max + sizeof(LOGS_CUT_MARK))
			cap = max + sizeof(LOGS_CUT_MARK);
		s->buf = xrealloc(s->buf, cap);
		s->cap = cap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

void
logs_split_feed(struct logs_split *s, const char *data, size_t len, logs_line_fn fn, void *arg)
{
	size_t max = s->max > 0 ? s->max : logs_line_max;
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl != NULL ? (size_t)(nl - data) : len;
		if (s->len + n > max) {
			/* a line without its end grows no further: what came is a line of its own,
			 * marked, and the rest follows as the next line */
			size_t room = max - s->len;
			logs_split_append(s, data, room, max);
			memcpy(s->buf + s->len, LOGS_CUT_MARK, sizeof(LOGS_CUT_MARK) - 1);
			if (s->cuts++ == 0)
				log_warn("a log line is longer than %zu KiB: it is shown cut into lines "
				    "(maxLogLineKiB in config.yaml raises the bound)", max >> 10);
			size_t out = s->len + sizeof(LOGS_CUT_MARK) - 1;
			s->len = 0;
			fn(s->buf, out, arg);
			data += room;
			len -= room;
			continue;
		}
		if (nl == NULL) {
			logs_split_append(s, data, n, max);
			return;
		}
		if (s->len == 0) {
			fn(data, n, arg);
		} else {
			logs_split_append(s, data, n, max);
			size_t out = s->len;
			s->len = 0;
			fn(s->buf, out, arg);
		}
		data += n + 1;
		len -= n + 1;
	}
}

void
logs_split_reset(struct logs_split *s)
{
	s->len = 0;
}

void
logs_split_free(struct logs_split *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

/* ---- the stream ---- */

struct logs {
	struct http *h;
	struct logs_opts o;
	char *ns, *pod, *container;
	struct logs_cbs cbs;
	void *arg;
	struct http_req *req;
	struct loop_timer *retry;
	enum logs_state state;
	struct logs_dedup dedup;
	struct logs_split split;   /* the unfinished line */
	unsigned reconnects, attempt;
	int got_data;
	struct http_req *check;   /* after a clean end: the pod, to see if the container ended */
	char ended[200];          /* why it ended: "exit code 1 (Error)", "" while not ended */
};

/* ---- did the container end? ---- */

/* The status of container (NULL: the first) among a status list, or NULL. */
static const cJSON *
logs_status_of(const cJSON *list, const char *container)
{
	const cJSON *cs;
	cJSON_ArrayForEach(cs, list) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(cs, "name");
		if (container == NULL || (cJSON_IsString(name) && strcmp(name->valuestring, container) == 0))
			return cs;
	}
	return NULL;
}

int
logs_container_ended(const char *pod_json, size_t len, const char *container, char *why, size_t whylen)
{
	static const char *const lists[] = { "containerStatuses", "initContainerStatuses",
		"ephemeralContainerStatuses" };
	cJSON *pod = cJSON_ParseWithLength(pod_json, len);
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(pod, "status"), *cs = NULL;
	int ended = 0;

	size_t i;
	for (i = 0; cs == NULL && i < sizeof lists / sizeof lists[0]; i++)
		cs = logs_status_of(cJSON_GetObjectItemCaseSensitive(status, lists[i]), container);
	const cJSON *term = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cs, "state"),
	    "terminated");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(term, "exitCode");
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(term, "reason");
	const char *phase = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(status, "phase"));
	const char *policy = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(pod, "spec"), "restartPolicy"));
	int ephemeral = i == sizeof lists / sizeof lists[0];   /* found in the last list */
	/* terminated for good: the pod is done, or the kubelet will not start it again (an
	 * ephemeral container never restarts); else a crash is followed by the next start */
	int final = (phase != NULL && (strcmp(phase, "Succeeded") == 0 || strcmp(phase, "Failed") == 0)) ||
	    ephemeral || (policy != NULL && strcmp(policy, "Never") == 0) ||
	    (policy != NULL && strcmp(policy, "OnFailure") == 0 && cJSON_IsNumber(code) && code->valueint == 0);
	if (cJSON_IsObject(term) && final) {
		ended = 1;
		if (cJSON_IsNumber(code) && cJSON_IsString(reason))
			snprintf(why, whylen, "exit code %d (%s)", code->valueint, reason->valuestring);
		else if (cJSON_IsNumber(code))
			snprintf(why, whylen, "exit code %d", code->valueint);
		else
			snprintf(why, whylen, "terminated");
	}
	cJSON_Delete(pod);
	return ended;
}

char *
logs_path(const struct logs_opts *o, const char *since_time)
{
	struct sbuf q = { 0 };
	char n[32];
	api_query_add(&q, "timestamps", "true");
	if (o->container != NULL)
		api_query_add(&q, "container", o->container);
	if (o->follow)
		api_query_add(&q, "follow", "true");
	if (o->previous)
		api_query_add(&q, "previous", "true");
	if (since_time != NULL) {
		api_query_add(&q, "sinceTime", since_time);
	} else if (o->since_seconds > 0) {
		snprintf(n, sizeof n, "%ld", o->since_seconds);
		api_query_add(&q, "sinceSeconds", n);
	} else if (o->tail_lines >= 0) {
		snprintf(n, sizeof n, "%ld", o->tail_lines);
		api_query_add(&q, "tailLines", n);
	}
	struct api_ref ref = { .resource = "pods", .ns = o->ns, .name = o->pod, .subresource = "log" };
	char *p = api_path(&ref, q.s);
	free(q.s);
	return p;
}

static void
logs_set_state(struct logs *l, enum logs_state st, const struct kd_err *err)
{
	l->state = st;
	if (l->cbs.on_state != NULL)
		l->cbs.on_state(st, err, l->arg);
}

static void
logs_line(const char *line, size_t len, void *arg)
{
	struct logs *l = arg;
	char ts[40];
	size_t off = logs_split_ts(line, len, ts);
	if (!logs_dedup_keep(&l->dedup, ts))
		return;
	if (l->cbs.on_line != NULL)
		l->cbs.on_line(ts, line + off, len - off, l->o.source, l->arg);
}

static int
logs_on_data(struct http_req *r, const char *buf, size_t len, void *arg)
{
	(void)r;
	struct logs *l = arg;
	if (buf == NULL) {
		l->attempt = 0;
		logs_set_state(l, LOGS_STREAMING, NULL);
		return 0;
	}
	l->got_data = 1;
	logs_split_feed(&l->split, buf, len, logs_line, l);
	return 0;
}

static void logs_connect(struct logs *l);

static void
logs_retry(void *arg)
{
	struct logs *l = arg;
	l->retry = NULL;
	logs_connect(l);
}

/* A followed stream that ended without its container ending: ask again from the last
 * line's time. */
static void
logs_reconnect(struct logs *l, const struct kd_err *err)
{
	l->reconnects++;
	logs_set_state(l, LOGS_RECONNECTING, err);
	unsigned ms = http_backoff_ms((int)l->attempt++, 0);
	l->retry = loop_timer_add(http_loop(l->h), ms, logs_retry, l);
}

static void
logs_on_pod(struct http_req *r, const struct http_result *res, void *arg)
{
	(void)r;
	struct logs *l = arg;
	struct kd_err why = { .code = KD_OK };
	l->check = NULL;
	if (res->status == 404)
		snprintf(l->ended, sizeof l->ended, "the pod is gone");
	else if (res->err.code != KD_OK ||
	    !logs_container_ended(res->body, res->body_len, l->o.container, l->ended, sizeof l->ended)) {
		l->ended[0] = '\0';
		logs_reconnect(l, &res->err);   /* running, restarting, or not known: follow on */
		return;
	}
	snprintf(why.msg, sizeof why.msg, "%s", l->ended);
	logs_set_state(l, LOGS_ENDED, &why);
}

static void
logs_on_done(struct http_req *r, const struct http_result *res, void *arg)
{
	(void)r;
	struct logs *l = arg;
	l->req = NULL;
	logs_split_reset(&l->split);   /* a line cut by the drop comes again after the reconnect */
	if (res->err.code != KD_OK && (res->status == 400 || res->status == 403 || res->status == 404 ||
	    res->status == 401)) {
		logs_set_state(l, LOGS_FAILED, &res->err);
		return;
	}
	if (!l->o.follow || l->o.previous) {
		logs_set_state(l, res->err.code == KD_OK ? LOGS_ENDED : LOGS_FAILED, &res->err);
		return;
	}
	if (res->err.code == KD_OK) {
		/* the server ended the stream: the container stopped, or the server let go of a
		 * running one (a restart, a timeout). The pod's status says which. */
		struct api_ref ref = { .resource = "pods", .ns = l->o.ns, .name = l->o.pod };
		char *path = api_path(&ref, NULL);
		struct http_opts ho = { .path = path };
		l->check = http_request(l->h, &ho, NULL, logs_on_pod, l);
		free(path);
		return;
	}
	logs_reconnect(l, &res->err);
}

static void
logs_connect(struct logs *l)
{
	char since[40] = "";
	if (l->dedup.last[0]) {
		snprintf(since, sizeof(since), "%.19sZ", l->dedup.last);
		logs_dedup_resume(&l->dedup);
	}
	char *path = logs_path(&l->o, since[0] ? since : NULL);
	struct http_opts ho = { .path = path, .accept = "text/plain, */*", .stream = 1 };
	l->req = http_request(l->h, &ho, logs_on_data, logs_on_done, l);
	free(path);
}

struct logs *
logs_new(struct http *h, const struct logs_opts *o, const struct logs_cbs *cbs, void *arg)
{
	struct logs *l = xcalloc(1, sizeof(*l));
	l->h = h;
	l->o = *o;
	l->ns = xstrdup(o->ns);
	l->pod = xstrdup(o->pod);
	l->container = o->container ? xstrdup(o->container) : NULL;
	l->o.ns = l->ns;
	l->o.pod = l->pod;
	l->o.container = l->container;
	l->cbs = *cbs;
	l->arg = arg;
	l->state = LOGS_CONNECTING;
	logs_connect(l);
	return l;
}

void
logs_free(struct logs **lp)
{
	struct logs *l = *lp;
	if (l == NULL)
		return;
	*lp = NULL;
	http_cancel(&l->req);
	http_cancel(&l->check);
	loop_timer_cancel(http_loop(l->h), &l->retry);
	logs_split_free(&l->split);
	free(l->ns);
	free(l->pod);
	free(l->container);
	free(l);
}

enum logs_state logs_state(const struct logs *l) { return l->state; }
unsigned logs_reconnects(const struct logs *l) { return l->reconnects; }
const char *logs_ended_why(const struct logs *l) { return l->state == LOGS_ENDED ? l->ended : ""; }
