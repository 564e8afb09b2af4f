/* The rollout progress view (page_rollout.h). The workload's row in its namespace's
 * informer says when it changed; the whole object is fetched then (its status and
 * conditions are not in a row) and judged by model/rollout.c. ReplicaSets, pods and
 * events come from their namespace's informers, shared with every other screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "loop.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/rollout.h"
#include "model/store.h"
#include "model/view.h"
#include "ops/op.h"
#include "ui/opact.h"
#include "ui/page/page_history.h"
#include "ui/rollback.h"
#include "ui/page/page_rollout.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

enum { RO_WORKLOAD, RO_RS, RO_PODS, RO_EVENTS, RO_N };

/* changes coalesce into one read of the object at most this often */
#define RO_FETCH_MS 100

struct ro {
	struct page *pg;
	struct cluster *c;
	const struct kres *res;      /* the cluster's discovery's */
	char *ns, *name;
	struct informer *inf[RO_N];
	struct http_req *req;        /* the object being fetched */
	struct loop_timer *timer;    /* a fetch soon: not from inside the informer's callback */
	int again;                   /* it changed while being fetched */
	char rv[64];                 /* the resourceVersion last fetched */
	cJSON *obj;
	char *uid;
	char newrs[256];             /* a Deployment's new ReplicaSet, from its Progressing condition */
	struct rollout_status st;
	int have;
	char err[256];
};

static const char *
ro_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *
ro_cell(struct store *s, const struct store_row *r, const char *col)
{
	int i = view_col_index(store_view(s), col);
	const char *v = i >= 0 ? store_row_cell(r, i) : NULL;
	return v ? v : "";
}

static void ro_fetch(struct ro *ro);

static void
ro_on_fetch(cJSON *obj, const struct kd_err *err, void *arg)
{
	struct ro *ro = arg;
	ro->req = NULL;
	if (obj == NULL) {
		snprintf(ro->err, sizeof ro->err, "%.200s", err ? err->msg : "not found");
	} else {
		ro->err[0] = '\0';
		cJSON_Delete(ro->obj);
		ro->obj = obj;
		rollout_status_of(obj, ro->res->resource, &ro->st);
		ro->have = 1;
		const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
		free(ro->uid);
		ro->uid = xstrdup(ro_str(meta, "uid"));
		ro->newrs[0] = '\0';
		const cJSON *c;
		cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj,
		    "status"), "conditions")) {
			const char *msg = ro_str(c, "message"), *q;
			/* the controller names the new ReplicaSet: ReplicaSet "web-5d8f" is progressing. */
			if (strcmp(ro_str(c, "type"), "Progressing") == 0 &&
			    strncmp(msg, "ReplicaSet \"", 12) == 0 && (q = strchr(msg + 12, '"')) != NULL)
				snprintf(ro->newrs, sizeof ro->newrs, "%.*s", (int)(q - msg - 12), msg + 12);
		}
	}
	if (ro->again) {
		ro->again = 0;
		ro_fetch(ro);
	}
	page_text_refill_now(ro->pg);
	app_dirty(ro->pg->app);
}

static void
ro_fetch(struct ro *ro)
{
	if (ro->req != NULL) {
		ro->again = 1;
		return;
	}
	ro->req = informer_fetch(ro->inf[RO_WORKLOAD], ro->ns[0] ? ro->ns : NULL, ro->name, ro_on_fetch, ro);
}

static void
ro_on_timer(void *arg)
{
	struct ro *ro = arg;
	ro->timer = NULL;
	ro_fetch(ro);
}

static void
ro_listen(struct informer *inf, void *arg)
{
	struct ro *ro = arg;
	if (inf == ro->inf[RO_WORKLOAD]) {
		const struct store_row *r = store_find(informer_store(inf), ro->ns, ro->name);
		const char *rv = r ? store_row_rv(r) : "";
		if (r != NULL && strcmp(rv ? rv : "", ro->rv) != 0) {
			snprintf(ro->rv, sizeof ro->rv, "%s", rv ? rv : "");
			if (ro->timer == NULL)
				ro->timer = loop_timer_add(app_loop(ro->pg->app), RO_FETCH_MS, ro_on_timer, ro);
		}
	}
	page_text_refill_now(ro->pg);
}

/* A pod's line; failing ones add their state to reasons, and so do the Pending ones of a
 * rollout past its deadline (no node took them: the events say why). */
static void
ro_pod(struct ro *ro, struct pager *p, struct store *pods, const struct store_row *r, const char *indent,
    char *reasons, size_t rlen)
{
	const char *status = ro_cell(pods, r, "STATUS");
	int bad = strstr(status, "BackOff") || strstr(status, "Err") || strstr(status, "Invalid") ||
	    strcmp(status, "Error") == 0 || strstr(status, "OOM") || strcmp(status, "Failed") == 0;
	enum theme_el el = bad ? THEME_ERROR : strcmp(status, "Running") == 0 ? THEME_OK : THEME_PENDING;
	pager_addf(p, el, "%s%-40s %-6s %-24s restarts %s", indent, store_row_name(r), ro_cell(pods, r, "READY"),
	    status, ro_cell(pods, r, "RESTARTS"));
	int named = bad || (ro->st.state == ROLLOUT_FAILED && strcmp(status, "Pending") == 0);
	if (named && strlen(reasons) + strlen(store_row_name(r)) + strlen(status) + 4 < rlen) {
		if (reasons[0])
			strcat(reasons, ", ");
		strcat(reasons, store_row_name(r));
		strcat(reasons, " ");
		strcat(reasons, status);
	}
}

/* The pods owned by uid. */
static void
ro_pods_of(struct ro *ro, struct pager *p, const char *uid, const char *indent, char *reasons, size_t rlen)
{
	struct store *pods = ro->inf[RO_PODS] ? informer_store(ro->inf[RO_PODS]) : NULL;
	size_t n = 0, shown = 0;
	if (pods != NULL) {
		store_set_filter(pods, "", NULL);
		n = store_visible(pods);
	}
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(pods, i);
		if (r != NULL && uid && uid[0] && store_row_owned_by(r, uid)) {
			ro_pod(ro, p, pods, r, indent, reasons, rlen);
			shown++;
		}
	}
	if (shown == 0)
		pager_addf(p, THEME_TERMINATED, "%sno pods", indent);
}

/* Warning events of the workload, its ReplicaSets and pods: why it is stuck. */
static int
ro_involved(struct ro *ro, const char *object)
{
	const char *slash = strchr(object, '/');
	const char *name = slash ? slash + 1 : object;
	size_t l = strlen(ro->name);
	/* the workload's own, its ReplicaSets' (NAME-hash) and their pods' (NAME-hash-id) */
	return strncmp(name, ro->name, l) == 0 && (name[l] == '\0' || name[l] == '-');
}

static void
ro_refill(struct page *pg, struct pager *p, void *arg)
{
	struct ro *ro = arg;
	char reasons[512] = "";
	char kbuf[64];
	const char *kind = op_kind_word(ro->res, 1, kbuf, sizeof kbuf);
	(void)pg;

	pager_clear(p);
	pager_addf(p, THEME_TABLE_HEADER, "%s %s%s%s on %s%s", kind, ro->ns, ro->ns[0] ? "/" : "", ro->name,
	    ro->c->context, ro->have && ro->st.paused ? "  (paused)" : "");
	if (!ro->have) {
		pager_addf(p, ro->err[0] ? THEME_ERROR : THEME_PENDING, "%s", ro->err[0] ? ro->err : "reading ...");
		return;
	}
	if (ro->err[0])
		pager_addf(p, THEME_ERROR, "%s", ro->err);
	pager_addf(p, THEME_DEFAULT, "desired %ld  updated %ld  ready %ld  available %ld", ro->st.desired,
	    ro->st.updated, ro->st.ready, ro->st.available);
	pager_addf(p, THEME_DEFAULT, "%s", "");

	if (strcmp(ro->res->resource, "deployments") == 0) {
		struct store *rs = ro->inf[RO_RS] ? informer_store(ro->inf[RO_RS]) : NULL;
		size_t n = 0;
		if (rs != NULL) {
			store_set_filter(rs, "", NULL);
			n = store_visible(rs);
		}
		pager_addf(p, THEME_TABLE_HEADER, "ReplicaSets");
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < n; i++) {
				const struct store_row *r = store_at(rs, i);
				if (r == NULL || ro->uid == NULL || !store_row_owned_by(r, ro->uid))
					continue;
				int isnew = strcmp(store_row_name(r), ro->newrs) == 0;
				if (isnew != (pass == 0))
					continue;
				/* old ones at 0 are history, not the rollout */
				if (!isnew && strcmp(ro_cell(rs, r, "CURRENT"), "0") == 0 &&
				    strcmp(ro_cell(rs, r, "DESIRED"), "0") == 0)
					continue;
				pager_addf(p, isnew ? THEME_OK : THEME_TERMINATED, "  %s %-40s desired %s  current %s  ready %s",
				    isnew ? "new" : "old", store_row_name(r), ro_cell(rs, r, "DESIRED"),
				    ro_cell(rs, r, "CURRENT"), ro_cell(rs, r, "READY"));
				ro_pods_of(ro, p, store_row_uid(r), "      ", reasons, sizeof reasons);
			}
	} else {
		pager_addf(p, THEME_TABLE_HEADER, "Pods");
		ro_pods_of(ro, p, ro->uid, "  ", reasons, sizeof reasons);
	}
	pager_addf(p, THEME_DEFAULT, "%s", "");

	pager_addf(p, THEME_TABLE_HEADER, "Conditions");
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ro->obj,
	    "status"), "conditions"))
		pager_addf(p, strcmp(ro_str(c, "status"), "False") == 0 ? THEME_WARNING : THEME_DEFAULT,
		    "  %-12s %-7s %-28s %s", ro_str(c, "type"), ro_str(c, "status"), ro_str(c, "reason"),
		    ro_str(c, "message"));

	struct store *ev = ro->inf[RO_EVENTS] ? informer_store(ro->inf[RO_EVENTS]) : NULL;
	size_t n = 0;
	if (ev != NULL) {
		store_set_filter(ev, "", NULL);
		n = store_visible(ev);
	}
	int head = 0;
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(ev, i);
		if (r == NULL || strcmp(ro_cell(ev, r, "TYPE"), "Warning") != 0 ||
		    !ro_involved(ro, ro_cell(ev, r, "OBJECT")))
			continue;
		if (!head++) {
			pager_addf(p, THEME_DEFAULT, "%s", "");
			pager_addf(p, THEME_TABLE_HEADER, "Why it waits (Warning events)");
		}
		pager_addf(p, THEME_WARNING, "  %-20s %-40s %s", ro_cell(ev, r, "REASON"), ro_cell(ev, r, "OBJECT"),
		    ro_cell(ev, r, "MESSAGE"));
	}
	pager_addf(p, THEME_DEFAULT, "%s", "");
	/* the verdict last, where the eye ends, and first in the status line */
	if (ro->st.state == ROLLOUT_DONE)
		pager_addf(p, THEME_OK, "rolled out: %s", ro->st.msg);
	else if (ro->st.state == ROLLOUT_FAILED)
		pager_addf(p, THEME_ERROR, "failed: %s%s%s", ro->st.msg, reasons[0] ? "; pods: " : "", reasons);
	else
		pager_addf(p, THEME_PENDING, "%s%s%s", ro->st.msg, reasons[0] ? " pods: " : "", reasons);
}

static void
ro_status(void *arg, char *buf, size_t len)
{
	struct ro *ro = arg;
	snprintf(buf, len, "%s", !ro->have ? "reading" : ro->st.state == ROLLOUT_DONE ? "rolled out" :
	    ro->st.state == ROLLOUT_FAILED ? "failed" : "rolling out");
}

static void
ro_free(void *arg)
{
	struct ro *ro = arg;
	loop_timer_cancel(app_loop(ro->pg->app), &ro->timer);
	http_cancel(&ro->req);
	for (int k = 0; k < RO_N; k++)
		if (ro->inf[k]) {
			informer_unlisten(ro->inf[k], ro_listen, ro);
			informer_release(&ro->inf[k]);
		}
	cJSON_Delete(ro->obj);
	free(ro->uid);
	free(ro->ns);
	free(ro->name);
	free(ro);
}

/* pause, resume, scale, the history and a rollback: on the object shown, so that a
 * rollout going wrong is stopped or undone from where it is watched */
static int
ro_action(struct page *pg, enum action a, void *arg)
{
	struct ro *ro = arg;
	if (a == ACT_ROLLBACK) {
		rollback_ask(pg->app, ro->c, ro->res, ro->ns, ro->name, 0, NULL);
		return APP_REDRAW;
	}
	if (a == ACT_HISTORY) {
		page_history_open(pg->app, ro->c, ro->res, ro->ns, ro->name);
		return APP_REDRAW;
	}
	const struct op *op = a == ACT_PAUSE ? op_find("pause") : a == ACT_RESUME ? op_find("resume") :
	    a == ACT_SCALE ? op_find("scale") : NULL;
	if (op == NULL)
		return APP_UNHANDLED;
	if (!op_applies_res(op, ro->res)) {
		app_flash(pg->app, 1, "%s works on deployments, not %s", op->name, ro->res->resource);
		return APP_REDRAW;
	}
	opact_start_on(pg->app, pg, op, ro->c, ro->res, ro->ns, ro->name);
	return APP_REDRAW;
}

static const enum action ro_hint_actions[] = { ACT_BACK, ACT_ROLLBACK, ACT_HISTORY, ACT_SCALE,
	ACT_PAUSE, ACT_RESUME, ACT_FILTER, ACT_SEARCH_NEXT, ACT_HELP, ACT_QUIT };
static const char *const ro_hint_words[] = { NULL, NULL, NULL, NULL, NULL, NULL, "search", NULL,
	NULL, NULL };
static const struct page_hints ro_hints = { ro_hint_actions,
	sizeof ro_hint_actions / sizeof ro_hint_actions[0], KEYMAP_VIEWER, ro_hint_words };
/* a statefulset or daemonset: no pause; a daemonset no scale either (ro_action says so) */
static const enum action ro_hint_other_actions[] = { ACT_BACK, ACT_ROLLBACK, ACT_HISTORY,
	ACT_FILTER, ACT_SEARCH_NEXT, ACT_HELP, ACT_QUIT };
static const char *const ro_hint_other_words[] = { NULL, NULL, NULL, "search", NULL, NULL, NULL };
static const struct page_hints ro_hints_other = { ro_hint_other_actions,
	sizeof ro_hint_other_actions / sizeof ro_hint_other_actions[0], KEYMAP_VIEWER, ro_hint_other_words };

struct page *
page_rollout_new(struct app *app, struct cluster *c, const struct kres *res, const char *ns, const char *name)
{
	char title[512];
	snprintf(title, sizeof title, "rollout %s/%s", res->resource, name);
	struct page *pg = page_text_new(app, c, title);
	struct ro *ro = xcalloc(1, sizeof *ro);
	ro->pg = pg;
	ro->c = c;
	ro->res = discovery_find(c->disc, res->resource);
	if (ro->res == NULL)
		ro->res = res;
	ro->ns = xstrdup(ns ? ns : "");
	ro->name = xstrdup(name);
	page_text_set_refill(pg, ro_refill, ro, ro_free);
	page_text_set_status(pg, ro_status);
	page_text_set_action(pg, ro_action, strcmp(ro->res->resource, "deployments") == 0 ? &ro_hints : &ro_hints_other);
	static const char *const names[RO_N] = { NULL, "replicasets", "pods", "events" };
	for (int k = 0; k < RO_N; k++) {
		const struct kres *r = k == RO_WORKLOAD ? ro->res : discovery_find(c->disc, names[k]);
		if (r == NULL || (k == RO_RS && strcmp(ro->res->resource, "deployments") != 0))
			continue;
		ro->inf[k] = informer_acquire(c->infs, r, ro->ns, NULL);
		informer_listen(ro->inf[k], ro_listen, ro);
	}
	ro->timer = loop_timer_add(app_loop(app), 0, ro_on_timer, ro);
	page_text_refill_now(pg);
	return pg;
}

void
page_rollout_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns, const char *name)
{
	app_push(app, page_rollout_new(app, c, res, ns, name));
}
