#define _POSIX_C_SOURCE 200809L
#include "kube/informer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/discovery.h"
#include "kube/informer_priv.h"
#include "kube/watch.h"
#include "log.h"
#include "loop.h"
#include "model/expr.h"
#include "model/store.h"
#include "model/view.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define INF_BACKOFF_MIN 500
#define INF_BACKOFF_MAX 30000
#define INF_ACCEPT_TABLE "application/json;as=Table;v=v1;g=meta.k8s.io," \
	"application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

struct inf_listener {
	informer_cb cb;
	void *arg;
};

struct informers {
	struct loop *loop;
	struct http *http;
	struct informer_io io;
	const char *const *view_dirs;
	struct informer *list;
	unsigned linger_ms;
	unsigned page_size;
};

static void inf_list(struct informer *inf);
static void inf_watch(struct informer *inf);

/* ---- helpers ---------------------------------------------------------------------- */

static void
inf_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = (s != NULL && s[0] != '\0') ? xstrdup(s) : NULL;
}

static void
inf_notify(struct informer *inf)
{
	inf->changed = 0;
	inf->notifying++;
	for (int i = 0; i < inf->nlisteners; i++)
		if (inf->listeners[i].cb != NULL)
			inf->listeners[i].cb(inf, inf->listeners[i].arg);
	inf->notifying--;
}

static void
inf_set_state(struct informer *inf, enum informer_state st)
{
	if (inf->state != st)
		inf->changed = 1;
	inf->state = st;
	if (st == INFORMER_SYNCED)
		inf->server_retry = 0;
	/* the rows a user sees went stale at the first failure, not at each retry */
	if (st == INFORMER_SYNCED || !inf->synced)
		inf->stale_since = 0;
	else if (inf->stale_since == 0 && (st == INFORMER_RELISTING || st == INFORMER_RECONNECTING))
		inf->stale_since = time(NULL);
}

static void
inf_cancel(struct informer *inf)
{
	if (inf->req != NULL)
		inf->set->io.cancel(inf->set->io.ctx, &inf->req);
	inf->req = NULL;
	inf->server_retry = 0;
	loop_timer_cancel(inf->set->loop, &inf->retry_timer);
	if (inf->lines)
		watch_lines_reset(inf->lines);
}

static void
inf_on_retry(void *arg)
{
	struct informer *inf = arg;
	inf->retry_timer = NULL;
	if (inf->relist_next)
		inf_list(inf);
	else
		inf_watch(inf);
}

/* Tries again after the backoff; relist: list again rather than watch. */
static void
inf_retry(struct informer *inf, int relist, const struct kd_err *why)
{
	if (why != NULL)
		inf->err = *why;
	inf->server_retry = 0;
	inf_set_state(inf, relist && inf->err.code == KD_ERR_GONE ? INFORMER_RELISTING :
	    INFORMER_RECONNECTING);
	if (!inf->synced && inf->state == INFORMER_RECONNECTING && inf->err.code == KD_OK)
		inf_set_state(inf, INFORMER_LISTING);
	inf->backoff_ms = inf->backoff_ms ? inf->backoff_ms * 2 : INF_BACKOFF_MIN;
	if (inf->backoff_ms > INF_BACKOFF_MAX)
		inf->backoff_ms = INF_BACKOFF_MAX;
	unsigned ms = inf->backoff_ms / 2 + (unsigned)rand() % (inf->backoff_ms / 2 + 1);
	inf->relist_next = relist;
	inf->retry_at = loop_now_ms() + ms;
	inf->stats.reconnects++;
	loop_timer_cancel(inf->set->loop, &inf->retry_timer);
	inf->retry_timer = loop_timer_add(inf->set->loop, ms, inf_on_retry, inf);
	inf->changed = 1;
}

static void
inf_on_note(void *arg)
{
	struct informer *inf = arg;
	inf->note_timer = NULL;
	inf_notify(inf);
}

/* The server answered 429 or 5xx and the request tries again in ms: the rows are not the
 * server's meanwhile, and the status line says why and when (informer_status). */
static void
inf_on_server_retry(long status, unsigned ms, void *arg)
{
	struct informer *inf = arg;
	inf->server_retry = status;
	inf->retry_at = loop_now_ms() + ms;
	if (status == 429)
		kd_err_set(&inf->err, KD_ERR_UNAVAILABLE, "throttled by the server (429 Too Many Requests)");
	else
		kd_err_set(&inf->err, KD_ERR_UNAVAILABLE, "the server answered %ld", status);
	if (inf->synced)
		inf_set_state(inf, INFORMER_RECONNECTING);
	inf->changed = 1;
	if (inf->note_timer == NULL)
		inf->note_timer = loop_timer_add(inf->set->loop, 0, inf_on_note, inf);
}

/* Right away, on the next turn of the loop (never from inside a curl callback). */
static void
inf_soon(struct informer *inf, int relist)
{
	inf->relist_next = relist;
	loop_timer_cancel(inf->set->loop, &inf->retry_timer);
	inf->retry_timer = loop_timer_add(inf->set->loop, 0, inf_on_retry, inf);
}

static int
inf_fatal(const struct kd_err *e)
{
	int s = e->http_status;
	return s == 401 || s == 403 || s == 404 || s == 400 || s == 405 || s == 406 ||
	    e->code == KD_ERR_CONFIG || e->code == KD_ERR_TLS;
}

static void
inf_fail(struct informer *inf, const struct kd_err *why)
{
	inf->err = *why;
	inf_set_state(inf, INFORMER_FAILED);
	inf->changed = 1;
}

static char *
inf_query_path(struct informer *inf, int watch)
{
	struct api_ref ref = api_ref_kres(&inf->res, inf->ns, NULL);
	const char *incl = inf->stats.mode_object ? "Object" : "Metadata";
	struct sbuf q = { 0 };
	char n[16];
	if (watch) {
		/* 5 to 10 minutes, as client-go, so that watches end at different times */
		unsigned t = 300 + (unsigned)rand() % 300;
		api_query_add(&q, "watch", "1");
		api_query_add(&q, "allowWatchBookmarks", "true");
		snprintf(n, sizeof n, "%u", t);
		api_query_add(&q, "timeoutSeconds", n);
		api_query_add(&q, "includeObject", incl);
		if (inf->rv)
			api_query_add(&q, "resourceVersion", inf->rv);
		if (inf->selector)
			api_query_add(&q, "labelSelector", inf->selector);
	} else {
		snprintf(n, sizeof n, "%u", inf->set->page_size);
		api_query_add(&q, "limit", n);
		api_query_add(&q, "includeObject", incl);
		if (inf->selector)
			api_query_add(&q, "labelSelector", inf->selector);
		if (inf->cont)
			api_query_add(&q, "continue", inf->cont);
	}
	char *p = api_path(&ref, q.s);
	free(q.s);
	return p;
}

/* ---- list ---------------------------------------------------------------------------- */

static void
inf_on_list(struct http_req *r, const struct http_result *res, void *arg)
{
	struct informer *inf = arg;
	(void)r;
	inf->req = NULL;
	if (res->err.code != KD_OK) {
		if (res->status == 410 && inf->cont != NULL) {
			/* the continue token expired: a full list again */
			inf->stats.relists++;
			inf_set_str(&inf->cont, NULL);
			inf_soon(inf, 1);
		} else if (inf_fatal(&res->err)) {
			inf_fail(inf, &res->err);
		} else {
			inf_retry(inf, 1, &res->err);
		}
		inf_notify(inf);
		return;
	}
	size_t len = watch_strip_managed_fields(res->body, res->body_len);
	cJSON *doc = cJSON_ParseWithLength(res->body, len);
	if (doc == NULL) {
		struct kd_err e;
		kd_err_set(&e, KD_ERR_INVALID, "The API server answered a list of %s with something "
		    "that is not JSON.", inf->res.resource);
		inf_retry(inf, 1, &e);
		inf_notify(inf);
		return;
	}
	inf->stats.pages++;
	int is_table = inf_is_table(doc);
	inf->stats.as_table = is_table;
	if (is_table && inf->cont == NULL &&
	    inf_check_table(inf, cJSON_GetObjectItemCaseSensitive(doc, "columnDefinitions"))) {
		/* the server's Table lacks a column the view reads: list whole objects */
		inf->stats.mode_object = 1;
		cJSON_Delete(doc);
		inf_soon(inf, 1);
		return;
	}
	inf_add_rows(inf, doc, is_table);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(meta, "resourceVersion");
	const cJSON *cont = cJSON_GetObjectItemCaseSensitive(meta, "continue");
	if (cJSON_IsString(rv))
		inf_set_str(&inf->rv, rv->valuestring);
	inf_set_str(&inf->cont, cJSON_IsString(cont) ? cont->valuestring : NULL);
	cJSON_Delete(doc);
	inf->changed = 1;
	if (inf->cont != NULL) {
		char *path = inf_query_path(inf, 0);
		struct http_opts o = { .path = path, .accept = INF_ACCEPT_TABLE, .on_retry = inf_on_server_retry };
		inf->req_is_watch = 0;
		inf->req = inf->set->io.request(inf->set->io.ctx, &o, NULL, inf_on_list, inf);
		free(path);
	} else {
		store_replace_end(inf->store);
		if (!inf->synced)
			log_debug("list %s%s%s: synced, %zu rows", inf->ns ? inf->ns : "", inf->ns ? "/" : "",
			    inf->res.resource, store_size(inf->store));
		inf->synced = 1;
		inf->backoff_ms = 0;
		kd_err_clear(&inf->err);
		inf_set_state(inf, INFORMER_SYNCED);
		inf_watch(inf);
	}
	inf_notify(inf);
}

static void
inf_list(struct informer *inf)
{
	inf_cancel(inf);
	if (inf->synced)
		inf_set_state(inf, inf->state == INFORMER_RECONNECTING ? INFORMER_RECONNECTING :
		    INFORMER_RELISTING);
	if (inf->synced)
		inf->stats.relists++;
	inf->stats.lists++;
	inf_set_str(&inf->cont, NULL);
	store_replace_begin(inf->store);
	char *path = inf_query_path(inf, 0);
	struct http_opts o = { .path = path, .accept = INF_ACCEPT_TABLE, .on_retry = inf_on_server_retry };
	inf->req_is_watch = 0;
	inf->req = inf->set->io.request(inf->set->io.ctx, &o, NULL, inf_on_list, inf);
	free(path);
}

/* ---- watch --------------------------------------------------------------------------- */

/* Applies one event; returns 0, 1 when a relist is needed, -1 when the stream is bad. */
static int
inf_apply(struct informer *inf, struct watch_event *ev)
{
	inf->stats.events++;
	if (ev->type == WATCH_ERROR) {
		int code = watch_event_code(ev);
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(ev->object, "message");
		if (code == 410) {
			kd_err_set(&inf->err, KD_ERR_GONE, "The watch of %s fell behind the API server's "
			    "history (410 Gone); listing again.", inf->res.resource);
			return 1;
		}
		kd_err_set(&inf->err, KD_ERR_UNAVAILABLE, "The watch of %s ended with an error: %s.",
		    inf->res.resource, cJSON_IsString(m) ? m->valuestring : "no message");
		inf->err.http_status = code;
		return -1;
	}
	const char *rv = watch_event_rv(ev);
	if (ev->type == WATCH_BOOKMARK) {
		inf->stats.bookmarks++;
		if (rv)
			inf_set_str(&inf->rv, rv);
		return 0;
	}
	const cJSON *obj = ev->object, *cells = NULL;
	if (inf_is_table(obj)) {
		const cJSON *defs = cJSON_GetObjectItemCaseSensitive(obj, "columnDefinitions");
		if (cJSON_GetArraySize(defs) > 0 && cJSON_GetArraySize(defs) != inf->ncols)
			inf_set_columns(inf, defs);
		const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(obj, "rows"), 0);
		if (row == NULL)
			return 0;
		cells = cJSON_GetObjectItemCaseSensitive(row, "cells");
		obj = cJSON_GetObjectItemCaseSensitive(row, "object");
	}
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(meta, "namespace");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(meta, "name");
	if (!cJSON_IsString(name))
		return -1;
	if (ev->type == WATCH_DELETED) {
		store_remove(inf->store, cJSON_IsString(ns) ? ns->valuestring : "", name->valuestring);
	} else {
		struct expr_ctx ctx;
		inf_ctx(inf, &ctx, obj, cells);
		store_upsert(inf->store, &ctx);
	}
	if (rv)
		inf_set_str(&inf->rv, rv);
	inf->changed = 1;
	return 0;
}

struct inf_feed {
	struct informer *inf;
	int result;   /* 0, 1 relist, -1 broken */
};

static int
inf_on_line(const char *line, size_t len, void *arg)
{
	struct inf_feed *f = arg;
	struct watch_event ev;
	struct kd_err err = { 0 };
	if (watch_parse(line, len, &ev, &err) != 0) {
		f->inf->err = err;
		f->result = -1;
		return -1;
	}
	int rc = inf_apply(f->inf, &ev);
	watch_event_clear(&ev);
	if (rc != 0) {
		f->result = rc;
		return -1;
	}
	return 0;
}

static int
inf_on_watch_data(struct http_req *r, const char *buf, size_t len, void *arg)
{
	struct informer *inf = arg;
	(void)r;
	if (buf == NULL) {
		/* the stream is open: no longer stale */
		inf->watch_open = 1;
		inf->backoff_ms = 0;
		if (inf->state != INFORMER_SYNCED) {
			kd_err_clear(&inf->err);
			inf_set_state(inf, INFORMER_SYNCED);
			inf_notify(inf);
		}
		return 0;
	}
	struct inf_feed f = { inf, 0 };
	int rc = watch_lines_feed(inf->lines, buf, len, inf_on_line, &f);
	if (rc != 0) {
		if (f.result == 0)
			kd_err_set(&inf->err, KD_ERR_INVALID, "The watch of %s sent an event larger "
			    "than kdeck accepts.", inf->res.resource);
		inf->req = NULL;   /* returning -1 ends it without on_done */
		watch_lines_reset(inf->lines);
		if (f.result == 1)
			inf_soon(inf, 1);
		else
			inf_retry(inf, 0, NULL);
		inf_notify(inf);
		return -1;
	}
	if (inf->changed)
		inf_notify(inf);
	return 0;
}

static void
inf_on_watch_done(struct http_req *r, const struct http_result *res, void *arg)
{
	struct informer *inf = arg;
	(void)r;
	inf->req = NULL;
	size_t cut = watch_lines_reset(inf->lines);
	if (res->status == 410) {
		kd_err_set(&inf->err, KD_ERR_GONE, "The watch of %s fell behind the API server's "
		    "history (410 Gone); listing again.", inf->res.resource);
		inf_set_state(inf, INFORMER_RELISTING);
		inf_soon(inf, 1);
	} else if (res->err.code != KD_OK) {
		if (inf_fatal(&res->err) && res->status != 401)
			inf_fail(inf, &res->err);
		else
			inf_retry(inf, 0, &res->err);
	} else if (cut > 0 || loop_now_ms() - inf->watch_started < 1000) {
		/* cut mid-event, or ended at once: do not spin */
		struct kd_err e;
		kd_err_set(&e, KD_ERR_UNAVAILABLE, "The watch of %s was cut off by the API server.",
		    inf->res.resource);
		inf_retry(inf, 0, &e);
	} else {
		inf_soon(inf, 0);   /* the normal end (timeoutSeconds): watch on */
	}
	inf_notify(inf);
}

static void
inf_watch(struct informer *inf)
{
	inf_cancel(inf);
	if (inf->rv == NULL) {
		inf_list(inf);
		return;
	}
	inf->stats.watches++;
	inf->watch_open = 0;
	inf->watch_started = loop_now_ms();
	char *path = inf_query_path(inf, 1);
	struct http_opts o = { .path = path, .accept = INF_ACCEPT_TABLE, .stream = 1,
	    .timeout_ms = 660000, .on_retry = inf_on_server_retry };
	inf->req_is_watch = 1;
	inf->req = inf->set->io.request(inf->set->io.ctx, &o, inf_on_watch_data, inf_on_watch_done, inf);
	free(path);
}

/* ---- lifetime -------------------------------------------------------------------------- */

static struct http_req *
inf_http_request(void *ctx, const struct http_opts *o, http_data_cb on_data, http_done_cb on_done,
    void *arg)
{
	return http_request(ctx, o, on_data, on_done, arg);
}

static void
inf_http_cancel(void *ctx, struct http_req **r)
{
	(void)ctx;
	http_cancel(r);
}

struct informers *
informers_new_io(struct loop *l, const struct informer_io *io, const char *const *view_dirs)
{
	struct informers *set = xcalloc(1, sizeof *set);
	set->loop = l;
	set->io = *io;
	set->view_dirs = view_dirs;
	set->page_size = 500;
	return set;
}

struct informers *
informers_new(struct http *h, const char *const *view_dirs)
{
	struct informer_io io = { inf_http_request, inf_http_cancel, h };
	struct informers *set = informers_new_io(http_loop(h), &io, view_dirs);
	set->http = h;
	return set;
}

void
informers_set_linger(struct informers *set, unsigned ms)
{
	set->linger_ms = ms;
}

void
informers_set_page_size(struct informers *set, unsigned limit)
{
	set->page_size = limit ? limit : 500;
}

static void
inf_destroy(struct informer *inf)
{
	struct informers *set = inf->set;
	for (struct informer **pp = &set->list; *pp; pp = &(*pp)->next) {
		if (*pp == inf) {
			*pp = inf->next;
			break;
		}
	}
	inf_cancel(inf);
	loop_timer_cancel(set->loop, &inf->linger_timer);
	loop_timer_cancel(set->loop, &inf->note_timer);
	store_free(&inf->store);
	view_free(&inf->view);
	watch_lines_free(&inf->lines);
	for (int i = 0; i < inf->ncols; i++)
		free(inf->colnames[i]);
	free(inf->colnames);
	kres_clear(&inf->res);
	free(inf->listeners);
	free(inf->key);
	free(inf->ns);
	free(inf->selector);
	free(inf->rv);
	free(inf->cont);
	free(inf);
}

void
informers_free(struct informers **sp)
{
	struct informers *set = sp ? *sp : NULL;
	if (set == NULL)
		return;
	while (set->list != NULL)
		inf_destroy(set->list);
	free(set);
	*sp = NULL;
}

struct informer *
informer_acquire(struct informers *set, const struct kres *res, const char *ns, const char *selector)
{
	if (!res->namespaced || (ns != NULL && ns[0] == '\0'))
		ns = NULL;
	if (selector != NULL && selector[0] == '\0')
		selector = NULL;
	char *key = xasprintf("%s/%s/%s/%s", res->group ? res->group : "", res->resource,
	    ns ? ns : "", selector ? selector : "");
	for (struct informer *inf = set->list; inf; inf = inf->next) {
		if (strcmp(inf->key, key) == 0 && !inf->dead) {
			free(key);
			inf->refs++;
			loop_timer_cancel(set->loop, &inf->linger_timer);
			if (inf->req == NULL && inf->retry_timer == NULL && inf->state != INFORMER_FAILED)
				inf_list(inf);     /* it was lingering stopped */
			return inf;
		}
	}
	struct informer *inf = xcalloc(1, sizeof *inf);
	inf->set = set;
	inf->key = key;
	kres_copy(&inf->res, res);
	inf->ns = ns ? xstrdup(ns) : NULL;
	inf->selector = selector ? xstrdup(selector) : NULL;
	inf->refs = 1;
	inf->view = view_load(set->view_dirs, res->resource, res->group, res->kind, &inf->view_warn);
	inf->stats.mode_object = (inf->view->needs & EXPR_NEEDS_OBJECT) != 0;
	inf->store = store_new(inf->view);
	inf->lines = watch_lines_new(0);
	inf->state = INFORMER_LISTING;
	inf->next = set->list;
	set->list = inf;
	inf_list(inf);
	return inf;
}

static void
inf_on_linger(void *arg)
{
	struct informer *inf = arg;
	inf->linger_timer = NULL;
	inf_destroy(inf);
}

void
informer_release(struct informer **ip)
{
	struct informer *inf = ip ? *ip : NULL;
	if (inf == NULL)
		return;
	*ip = NULL;
	if (--inf->refs > 0)
		return;
	if (inf->set->linger_ms > 0) {
		inf->linger_timer = loop_timer_add(inf->set->loop, inf->set->linger_ms, inf_on_linger, inf);
		return;
	}
	if (inf->notifying) {
		/* a listener let go from inside a callback: stop now, free on the next turn */
		inf_cancel(inf);
		inf->dead = 1;
		inf->linger_timer = loop_timer_add(inf->set->loop, 0, inf_on_linger, inf);
		return;
	}
	inf_destroy(inf);
}

struct store *informer_store(struct informer *inf) { return inf->store; }
const struct view *informer_view(const struct informer *inf) { return inf->view; }
enum informer_state informer_state(const struct informer *inf) { return inf->state; }
int informer_synced(const struct informer *inf) { return inf->synced; }
time_t informer_stale_since(const struct informer *inf) { return inf->stale_since; }
const struct kd_err *informer_error(const struct informer *inf) { return &inf->err; }

const struct kd_err *
informer_view_warning(const struct informer *inf)
{
	return inf->view_warn.code != KD_OK ? &inf->view_warn : NULL;
}

void
informer_get_stats(const struct informer *inf, struct informer_stats *st)
{
	*st = inf->stats;
}

void
informer_status(const struct informer *inf, char *out, size_t outlen)
{
	size_t n = store_size(inf->store);
	long secs = inf->retry_timer && inf->retry_at > loop_now_ms() ?
	    (long)((inf->retry_at - loop_now_ms() + 999) / 1000) : 0;
	long retry = inf->server_retry && inf->retry_at > loop_now_ms() ?
	    (long)((inf->retry_at - loop_now_ms() + 999) / 1000) : 0;
	switch (inf->state) {
	case INFORMER_LISTING:
		if (inf->server_retry)
			snprintf(out, outlen, "listing %s: %s, retrying in %lds", inf->res.resource,
			    inf->server_retry == 429 ? "throttled by the server" : "the server failed", retry);
		else
			snprintf(out, outlen, "listing %s (%zu so far)", inf->res.resource, n);
		break;
	case INFORMER_SYNCED:
		snprintf(out, outlen, "%s", "");
		break;
	case INFORMER_RELISTING:
		snprintf(out, outlen, "stale: listing %s again", inf->res.resource);
		break;
	case INFORMER_RECONNECTING:
		if (inf->server_retry == 429)
			snprintf(out, outlen, "stale: throttled by the server, retrying in %lds", retry);
		else if (inf->server_retry)
			snprintf(out, outlen, "stale: server error %ld, retrying in %lds", inf->server_retry, retry);
		else
			snprintf(out, outlen, "stale: reconnecting in %lds: %s", secs, inf->err.msg);
		break;
	case INFORMER_FAILED:
		snprintf(out, outlen, "%s", inf->err.msg);
		break;
	}
}

void
informer_listen(struct informer *inf, informer_cb cb, void *arg)
{
	inf->listeners = xreallocarray(inf->listeners, (size_t)inf->nlisteners + 1, sizeof *inf->listeners);
	inf->listeners[inf->nlisteners].cb = cb;
	inf->listeners[inf->nlisteners].arg = arg;
	inf->nlisteners++;
}

void
informer_unlisten(struct informer *inf, informer_cb cb, void *arg)
{
	for (int i = 0; i < inf->nlisteners; i++) {
		if (inf->listeners[i].cb == cb && inf->listeners[i].arg == arg) {
			if (inf->notifying) {
				inf->listeners[i].cb = NULL;   /* compacted later */
			} else {
				memmove(&inf->listeners[i], &inf->listeners[i + 1],
				    (size_t)(inf->nlisteners - i - 1) * sizeof *inf->listeners);
				inf->nlisteners--;
			}
			return;
		}
	}
}

struct inf_fetch {
	informer_fetch_cb cb;
	void *arg;
};

static void
inf_on_fetch(struct http_req *r, const struct http_result *res, void *arg)
{
	struct inf_fetch *f = arg;
	(void)r;
	if (res->err.code != KD_OK) {
		f->cb(NULL, &res->err, f->arg);
	} else {
		cJSON *obj = cJSON_ParseWithLength(res->body, res->body_len);
		struct kd_err e = { 0 };
		if (obj == NULL)
			kd_err_set(&e, KD_ERR_INVALID, "The API server's answer is not JSON.");
		f->cb(obj, obj ? NULL : &e, f->arg);
	}
	free(f);
}

struct http_req *
informer_fetch(struct informer *inf, const char *ns, const char *name, informer_fetch_cb cb, void *arg)
{
	struct api_ref ref = api_ref_kres(&inf->res, ns, name);
	char *path = api_path(&ref, NULL);
	struct inf_fetch *f = xcalloc(1, sizeof *f);
	f->cb = cb;
	f->arg = arg;
	/* f is the request's: freed by inf_on_fetch, or with the request when cancelled */
	struct http_opts o = { .path = path, .arg_free = free };
	struct http_req *r = inf->set->io.request(inf->set->io.ctx, &o, NULL, inf_on_fetch, f);
	free(path);
	return r;
}
