#define _POSIX_C_SOURCE 200809L
/* The informer's state machine without a network: a fake transport records requests and
 * the test answers them: paged lists, watch events in Table form, bookmarks, 410 as a
 * status and as an ERROR event, expired continue tokens, failures and backoff, a stream
 * cut mid-line, shared scopes and stopping when released. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/watch.h"
#include "loop.h"
#include "model/store.h"
#include "model/view.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

struct fake_req {
	char path[1024];
	int stream, live;
	http_data_cb on_data;
	http_done_cb on_done;
	void (*on_retry)(long status, unsigned ms, void *arg);
	void *arg;
};

static struct fake_req reqs[64];
static int nreqs, ncancelled;

static struct http_req *
fake_request(void *ctx, const struct http_opts *o, http_data_cb on_data, http_done_cb on_done, void *arg)
{
	(void)ctx;
	struct fake_req *r = &reqs[nreqs++ % 64];
	snprintf(r->path, sizeof r->path, "%s", o->path);
	r->stream = o->stream;
	r->live = 1;
	r->on_data = on_data;
	r->on_done = on_done;
	r->on_retry = o->on_retry;
	r->arg = arg;
	return (struct http_req *)r;
}

static void
fake_cancel(void *ctx, struct http_req **r)
{
	(void)ctx;
	if (*r) {
		((struct fake_req *)*r)->live = 0;
		ncancelled++;
	}
	*r = NULL;
}

static struct fake_req *
last(void)
{
	return &reqs[(nreqs - 1) % 64];
}

static void
answer(int status, const char *body)
{
	struct fake_req *r = last();
	static char buf[65536];
	snprintf(buf, sizeof buf, "%s", body);
	struct http_result res = { 0 };
	res.status = status;
	res.body = buf;
	res.body_len = strlen(buf);
	if (status < 200 || status >= 300)
		http_status_error(status, buf, res.body_len, &res.err);
	r->live = 0;
	r->on_done((struct http_req *)r, &res, r->arg);
}

static void
answer_err(enum kd_errcode code)
{
	struct fake_req *r = last();
	static char empty[1];
	struct http_result res = { 0 };
	res.body = empty;
	kd_err_set(&res.err, code, "Cannot connect to the API server.");
	r->live = 0;
	r->on_done((struct http_req *)r, &res, r->arg);
}

/* The transport was answered status and tries again in ms, inside the same request. */
static int
retrying(long status, unsigned ms)
{
	struct fake_req *r = last();
	if (r->on_retry == NULL)
		return -1;
	r->on_retry(status, ms, r->arg);
	return 0;
}

static int
stream(const char *text)
{
	struct fake_req *r = last();
	return r->on_data((struct http_req *)r, text, text ? strlen(text) : 0, r->arg);
}

static const char *COLS =
    "\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\"},{\"name\":\"Ready\",\"type\":\"string\"},"
    "{\"name\":\"Status\",\"type\":\"string\"},{\"name\":\"Restarts\",\"type\":\"integer\"},{\"name\":\"Age\",\"type\":\"string\"},"
    "{\"name\":\"IP\",\"type\":\"string\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"priority\":1},"
    "{\"name\":\"Nominated Node\",\"type\":\"string\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"priority\":1}]";

static char *
row(const char *ns, const char *name, const char *rv, const char *status)
{
	static char buf[8][1024];
	static int k;
	char *b = buf[k++ % 8];
	snprintf(b, 1024, "{\"cells\":[\"%s\",\"1/1\",\"%s\",0,\"1m\",\"10.0.0.1\",\"n1\",\"<none>\",\"<none>\"],"
	    "\"object\":{\"kind\":\"PartialObjectMetadata\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\","
	    "\"uid\":\"u-%s\",\"resourceVersion\":\"%s\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\","
	    "\"managedFields\":[{\"manager\":\"kubelet\",\"fieldsV1\":{\"f:status\":{}}}]}}}",
	    name, status, name, ns, name, rv);
	return b;
}

static char *
event(const char *type, const char *ns, const char *name, const char *rv, const char *status)
{
	static char buf[2048];
	snprintf(buf, sizeof buf, "{\"type\":\"%s\",\"object\":{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\","
	    "\"metadata\":{\"resourceVersion\":\"%s\"},\"columnDefinitions\":[],\"rows\":[%s]}}\n",
	    type, rv, row(ns, name, rv, status));
	return buf;
}

static void
run(struct loop *l)
{
	for (int i = 0; i < 5; i++)
		loop_run_once(l, 0);
}

static const char *
status_of(struct store *s, const char *ns, const char *name)
{
	const struct store_row *r = store_find(s, ns, name);
	return r ? store_row_cell(r, 2) : "(none)";
}

static int notified;
static void on_change(struct informer *inf, void *arg) { (void)inf; (void)arg; notified++; }

int
main(void)
{
	struct loop *l = loop_new();
	struct informer_io io = { fake_request, fake_cancel, NULL };
	struct informers *set = informers_new_io(l, &io, NULL);
	informers_set_page_size(set, 2);
	struct kres pods = { .group = "", .version = "v1", .resource = "pods", .singular = "pod",
	    .kind = "Pod", .namespaced = 1, .verbs = KRES_LIST | KRES_WATCH };
	char body[16384];

	struct informer *inf = informer_acquire(set, &pods, NULL, "app=web");
	informer_listen(inf, on_change, NULL);
	struct store *s = informer_store(inf);
	CHECK("informer_lists_first", nreqs == 1 && strstr(last()->path, "/api/v1/pods?limit=2") &&
	    strstr(last()->path, "includeObject=Metadata") && strstr(last()->path, "labelSelector=app%3Dweb") &&
	    !last()->stream);
	CHECK("informer_state_listing", informer_state(inf) == INFORMER_LISTING && !informer_synced(inf));

	struct informer *again = informer_acquire(set, &pods, "", "app=web");
	CHECK("informer_shared_per_scope", again == inf && nreqs == 1);
	informer_release(&again);
	CHECK("informer_release_keeps_shared", again == NULL && last()->live);

	snprintf(body, sizeof body, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
	    "{\"resourceVersion\":\"100\",\"continue\":\"tok1\"},%s,\"rows\":[%s,%s]}", COLS,
	    row("a", "web-1", "90", "Running"), row("a", "web-2", "91", "Pending"));
	answer(200, body);
	CHECK("informer_first_page_rows", store_size(s) == 2 && strcmp(status_of(s, "a", "web-2"), "Pending") == 0);
	CHECK("informer_next_page_continue", strstr(last()->path, "continue=tok1") != NULL && !last()->stream);
	snprintf(body, sizeof body, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"100\"},"
	    "\"columnDefinitions\":[],\"rows\":[%s]}", row("b", "web-3", "95", "Running"));
	answer(200, body);
	CHECK("informer_synced_after_last_page", informer_synced(inf) && informer_state(inf) == INFORMER_SYNCED &&
	    store_size(s) == 3);
	CHECK("informer_watch_from_list_rv", last()->stream && strstr(last()->path, "watch=1") &&
	    strstr(last()->path, "resourceVersion=100") && strstr(last()->path, "allowWatchBookmarks=true") &&
	    strstr(last()->path, "labelSelector=app%3Dweb"));
	CHECK("informer_notified", notified > 0);
	struct informer_stats st;
	informer_get_stats(inf, &st);
	CHECK("informer_table_metadata_mode", st.as_table && !st.mode_object && st.pages == 2);

	/* watch events, split across pieces, in Table form */
	stream(NULL);
	char *e1 = event("MODIFIED", "a", "web-2", "101", "Running");
	size_t half = strlen(e1) / 2;
	char piece[2048];
	snprintf(piece, sizeof piece, "%.*s", (int)half, e1);
	stream(piece);
	CHECK("informer_partial_line_waits", strcmp(status_of(s, "a", "web-2"), "Pending") == 0);
	stream(e1 + half);
	CHECK("informer_modified", strcmp(status_of(s, "a", "web-2"), "Running") == 0);
	stream(event("ADDED", "c", "web-9", "102", "ContainerCreating"));
	stream(event("DELETED", "a", "web-1", "103", "Running"));
	CHECK("informer_added_deleted", store_size(s) == 3 && store_find(s, "c", "web-9") &&
	    !store_find(s, "a", "web-1"));
	stream("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"150\"}}}\n");
	informer_get_stats(inf, &st);
	CHECK("informer_bookmark_counted", st.bookmarks == 1);

	/* the watch ends normally: watch again from the bookmark's resourceVersion */
	int before = nreqs;
	answer(200, "");
	run(l);
	/* a watch that ends within a second counts as cut off: it resumes after a backoff */
	CHECK("informer_quick_end_backs_off", nreqs == before && informer_state(inf) == INFORMER_RECONNECTING);
	loop_run_once(l, 1200);
	run(l);
	CHECK("informer_rewatch_path", last()->stream && strstr(last()->path, "resourceVersion=150") != NULL);

	/* ERROR event 410 inside the stream: relist */
	stream(NULL);
	before = nreqs;
	int rc = stream("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Expired\","
	    "\"code\":410,\"message\":\"too old resource version: 150 (200)\"}}\n");
	CHECK("informer_error_410_stops_stream", rc == -1);
	run(l);
	CHECK("informer_error_410_relists", nreqs == before + 1 && !last()->stream && strstr(last()->path, "limit=2") &&
	    strstr(last()->path, "continue=") == NULL);
	CHECK("informer_relisting_state", informer_state(inf) == INFORMER_RELISTING && store_size(s) == 3);
	/* the relist's first page, then its token expired: a full list again */
	snprintf(body, sizeof body, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"300\",\"continue\":\"tok2\"},"
	    "%s,\"rows\":[%s]}", COLS, row("a", "web-2", "290", "Running"));
	answer(200, body);
	answer(410, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,"
	    "\"message\":\"The provided continue parameter is too old\"}");
	run(l);
	CHECK("informer_expired_continue_relists", !last()->stream && strstr(last()->path, "continue=") == NULL);
	snprintf(body, sizeof body, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"310\"},%s,\"rows\":[%s,%s]}",
	    COLS, row("a", "web-2", "290", "Running"), row("d", "web-5", "305", "Running"));
	answer(200, body);
	CHECK("informer_synced_not_stale", informer_stale_since(inf) == 0);
	CHECK("informer_relist_replaces", informer_state(inf) == INFORMER_SYNCED && store_size(s) == 2 &&
	    store_find(s, "d", "web-5") && !store_find(s, "c", "web-9") && !store_find(s, "b", "web-3"));
	CHECK("informer_relist_watch_rv", last()->stream && strstr(last()->path, "resourceVersion=310"));

	/* the watch fails (server down): stale, reconnect with backoff, rows kept */
	answer_err(KD_ERR_UNAVAILABLE);
	CHECK("informer_reconnecting_state", informer_state(inf) == INFORMER_RECONNECTING && store_size(s) == 2);
	time_t stale_at = informer_stale_since(inf);
	CHECK("informer_stale_since_set", stale_at != 0 && stale_at <= time(NULL) && stale_at > time(NULL) - 5);
	char line[600];
	informer_status(inf, line, sizeof line);
	CHECK("informer_status_line", strstr(line, "reconnecting in") != NULL && strstr(line, "Cannot connect") != NULL);
	/* one cluster's part of a table over several: by its name, since when and why */
	struct informer *infs[2] = { NULL, inf };
	char on[700];
	CHECK("informer_rows_stale", informer_rows_stale(inf) && informer_stalest(infs, 2) == inf);
	informer_status_on(inf, "staging", on, sizeof on);
	CHECK("informer_status_on_cluster", strncmp(on, "@staging stale since ", 21) == 0 &&
	    strstr(on, "s): reconnecting in ") != NULL && strstr(on, "Cannot connect") != NULL);
	informer_status_on(inf, NULL, on, sizeof on);
	CHECK("informer_status_on_one_cluster", strcmp(on, line) == 0);
	before = nreqs;
	run(l);
	CHECK("informer_backoff_waits", nreqs == before);
	loop_run_once(l, 1000);
	run(l);
	CHECK("informer_reconnects", nreqs == before + 1 && last()->stream && strstr(last()->path, "resourceVersion=310"));
	stream(NULL);
	CHECK("informer_open_stream_clears_stale", informer_state(inf) == INFORMER_SYNCED &&
	    informer_stale_since(inf) == 0);
	informer_status_on(inf, "staging", on, sizeof on);
	CHECK("informer_live_not_stalest", !informer_rows_stale(inf) && informer_stalest(infs, 2) == NULL &&
	    on[0] == '\0');

	/* a 410 status on the watch request itself */
	answer(410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old\"}");
	run(l);
	CHECK("informer_watch_410_relists", !last()->stream && strstr(last()->path, "limit=2"));
	/* the relist is throttled: the transport retries it, and the rows are stale at once */
	int seen = notified;
	before = nreqs;
	CHECK("informer_list_hears_retries", retrying(429, 10000) == 0);
	run(l);
	informer_status(inf, line, sizeof line);
	CHECK("informer_throttled_is_stale", informer_state(inf) == INFORMER_RECONNECTING &&
	    informer_stale_since(inf) != 0 && notified > seen && nreqs == before);
	CHECK("informer_throttled_says_why", strcmp(line, "stale: throttled by the server, retrying in 10s") == 0);
	informer_status_on(inf, "staging", on, sizeof on);
	CHECK("informer_status_on_throttled", strncmp(on, "@staging stale since ", 21) == 0 &&
	    strstr(on, "s): throttled by the server, retrying in 10s") != NULL);
	retrying(503, 4000);
	informer_status(inf, line, sizeof line);
	CHECK("informer_server_error_says_why", strcmp(line, "stale: server error 503, retrying in 4s") == 0);
	snprintf(body, sizeof body, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"400\"},%s,\"rows\":[%s]}",
	    COLS, row("a", "web-2", "290", "Running"));
	answer(200, body);
	informer_status(inf, line, sizeof line);
	CHECK("informer_retry_answered_is_live", informer_state(inf) == INFORMER_SYNCED &&
	    informer_stale_since(inf) == 0 && line[0] == '\0');
	CHECK("informer_watch_hears_retries", last()->stream && last()->on_retry != NULL);

	/* a stream cut mid-line: the partial event is dropped, the watch resumes */
	stream(NULL);
	stream("{\"type\":\"ADDED\",\"object\":{\"kind\":\"Table\",\"rows\":[{\"cells\":[\"x\"");
	answer_err(KD_ERR_UNAVAILABLE);
	CHECK("informer_cut_mid_line", informer_state(inf) == INFORMER_RECONNECTING && store_size(s) == 1);
	loop_run_once(l, 2500);
	run(l);
	CHECK("informer_cut_resumes_watch", last()->stream && strstr(last()->path, "resourceVersion=400"));

	/* garbage in the stream: reconnect rather than trust it */
	stream(NULL);
	rc = stream("this is not json\n");
	CHECK("informer_bad_event_reconnects", rc == -1 && informer_state(inf) == INFORMER_RECONNECTING);

	/* releasing the last reference stops everything */
	int cancelled = ncancelled;
	informer_release(&inf);
	CHECK("informer_stops_when_released", inf == NULL && ncancelled >= cancelled);
	before = nreqs;
	loop_run_once(l, 4000);
	run(l);
	CHECK("informer_no_requests_after_release", nreqs == before);

	/* 403 on the list: failed, not retried, with the server's words */
	inf = informer_acquire(set, &pods, "kube-system", NULL);
	CHECK("informer_namespaced_path", strstr(last()->path, "/api/v1/namespaces/kube-system/pods?") != NULL);
	answer(403, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
	    "\"message\":\"pods is forbidden: User \\\"dev\\\" cannot list resource \\\"pods\\\" in API group \\\"\\\" in the namespace \\\"kube-system\\\"\"}");
	before = nreqs;
	loop_run_once(l, 1000);
	CHECK("informer_forbidden_fails", informer_state(inf) == INFORMER_FAILED && nreqs == before &&
	    strstr(informer_error(inf)->msg, "cannot list resource") != NULL);
	informer_release(&inf);

	/* a server whose Table lacks a column the view reads: whole objects instead */
	inf = informer_acquire(set, &pods, "x", NULL);
	answer(200, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"1\"},\"columnDefinitions\":"
	    "[{\"name\":\"Name\",\"type\":\"string\"},{\"name\":\"Created At\",\"type\":\"date\"}],\"rows\":[]}");
	run(l);
	informer_get_stats(inf, &st);
	CHECK("informer_switches_to_objects", st.mode_object && strstr(last()->path, "includeObject=Object"));
	/* and a server without Tables at all: a plain list of objects */
	answer(200, "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"5\"},\"items\":[{\"metadata\":"
	    "{\"name\":\"p\",\"namespace\":\"x\",\"resourceVersion\":\"5\"},\"spec\":{\"containers\":[{}]},"
	    "\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}}]}}]}");
	s = informer_store(inf);
	CHECK("informer_plain_list", store_size(s) == 1 && strcmp(status_of(s, "x", "p"), "Running") == 0 &&
	    strcmp(store_row_cell(store_find(s, "x", "p"), 1), "1/1") == 0);
	informer_release(&inf);

	/* an unknown kind: the server's columns become the view */
	struct kres widgets = { .group = "example.com", .version = "v1", .resource = "widgets",
	    .kind = "Widget", .namespaced = 1 };
	inf = informer_acquire(set, &widgets, NULL, NULL);
	CHECK("informer_group_path", strstr(last()->path, "/apis/example.com/v1/widgets?") != NULL);
	answer(200, "{\"kind\":\"Table\",\"metadata\":{\"resourceVersion\":\"7\"},\"columnDefinitions\":"
	    "[{\"name\":\"Name\",\"type\":\"string\"},{\"name\":\"Color\",\"type\":\"string\"},"
	    "{\"name\":\"Age\",\"type\":\"date\"}],\"rows\":[{\"cells\":[\"w1\",\"blue\",\"5m\"],"
	    "\"object\":{\"metadata\":{\"name\":\"w1\",\"namespace\":\"n\",\"resourceVersion\":\"7\"}}}]}");
	const struct view *v = informer_view(inf);
	s = informer_store(inf);
	CHECK("informer_server_columns_view", v->ncols == 3 && strcmp(v->cols[1].name, "COLOR") == 0 &&
	    store_size(s) == 1 && strcmp(store_row_cell(store_find(s, "n", "w1"), 1), "blue") == 0);
	informer_release(&inf);

	informers_free(&set);
	loop_free(&l);
	return failed;
}
