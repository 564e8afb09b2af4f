/* The canary view (page_canary.h). The namespace's Deployments say which is whose canary
 * (model/canary.c) and when either changed; both whole objects are fetched then (their
 * templates and status are not in a row). Services, ReplicaSets and pods come from the
 * namespace's informers, shared with every other screen. The steps are ops/canary.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "config.h"
#include "loop.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/canary.h"
#include "model/rollout.h"
#include "model/selector.h"
#include "model/store.h"
#include "model/view.h"
#include "ops/canary.h"
#include "ui/guard.h"
#include "ui/page/page_canary.h"
#include "ui/page/page_rollout.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

#define J(o, k) cJSON_GetObjectItemCaseSensitive((o), (k))

enum { CV_DEPLOY, CV_SERVICES, CV_RS, CV_PODS, CV_N };
enum { CV_STABLE, CV_CANARY };

#define CV_FETCH_MS 100

struct cv;

/* What a step in flight answers into: the view, or NULL once it is closed. */
struct cv_link {
	struct cv *cv;
	int refs;
};

struct cv_side {
	struct cv *cv;
	char *name;                  /* NULL: not paired */
	char rv[64];                 /* the resourceVersion last fetched */
	struct http_req *req;
	int again;
	cJSON *obj;
	long expect;                 /* the replicas the last step set, -1: none */
};

struct cv {
	struct page *pg;
	struct cluster *c;
	const struct kres *res;      /* deployments, the cluster's discovery's */
	char *ns, *name;             /* opened on */
	struct informer *inf[CV_N];
	struct cv_side side[2];
	struct loop_timer *timer;
	struct cv_link *link;
	int sending;
	int promoting;               /* the stable rolls the canary's template out */
	long promote_gen;            /* the stable's generation before it */
	struct canary_plan promote;  /* its plan, for the finish */
	struct canary_plan ask;      /* the step asked */
	char err[256];
};

/* the view whose question is open (one at a time): its answer goes nowhere else */
static struct cv *cv_asking;

static void cv_fetch(struct cv *cv, int s);

static long
cv_num(const cJSON *o, const char *k, long dflt)
{
	const cJSON *v = J(o, k);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

static long
cv_desired(const cJSON *d)
{
	return cv_num(J(d, "spec"), "replicas", 1);
}

static long
cv_ready_n(const cJSON *d)
{
	return cv_num(J(d, "status"), "readyReplicas", 0);
}

static const char *
cv_cell(struct store *s, const struct store_row *r, const char *col)
{
	int i = view_col_index(store_view(s), col);
	const char *v = i >= 0 ? store_row_cell(r, i) : NULL;
	return v ? v : "";
}

static struct store *
cv_store(struct cv *cv, int k)
{
	return cv->inf[k] != NULL && informer_synced(cv->inf[k]) ? informer_store(cv->inf[k]) : NULL;
}

static void
cv_side_reset(struct cv *cv, int s, const char *name)
{
	struct cv_side *sd = &cv->side[s];
	if (sd->name != NULL && name != NULL && strcmp(sd->name, name) == 0)
		return;
	http_cancel(&sd->req);
	cJSON_Delete(sd->obj);
	sd->obj = NULL;
	free(sd->name);
	sd->name = name ? xstrdup(name) : NULL;
	sd->rv[0] = '\0';
	sd->again = 0;
	sd->expect = -1;
}

/* Which Deployment of the namespace is whose canary, as the workloads table pairs them. */
static void
cv_pair(struct cv *cv)
{
	struct store *d = cv_store(cv, CV_DEPLOY);
	if (d == NULL)
		return;
	store_set_filter(d, "", NULL);
	size_t n = store_visible(d), me = (size_t)-1;
	struct canary_cand *v = xcalloc(n ? n : 1, sizeof *v);
	long *partner = xcalloc(n ? n : 1, sizeof *partner);
	enum canary_role *role = xcalloc(n ? n : 1, sizeof *role);
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(d, i);
		v[i].ns = store_row_namespace(r);
		v[i].name = store_row_name(r);
		v[i].labels = store_row_labels(r);
		if (strcmp(v[i].name, cv->name) == 0 && strcmp(v[i].ns, cv->ns) == 0)
			me = i;
	}
	canary_pairs(v, n, partner, role);
	if (me != (size_t)-1 && partner[me] >= 0) {
		size_t o = (size_t)partner[me];
		cv_side_reset(cv, CV_STABLE, role[me] == CANARY_STABLE ? v[me].name : v[o].name);
		cv_side_reset(cv, CV_CANARY, role[me] == CANARY_STABLE ? v[o].name : v[me].name);
	} else if (!cv->promoting) {
		cv_side_reset(cv, CV_STABLE, NULL);
		cv_side_reset(cv, CV_CANARY, NULL);
	}
	/* a side whose row changed is read again */
	for (int s = 0; s < 2; s++) {
		const struct store_row *r = cv->side[s].name ? store_find(d, cv->ns, cv->side[s].name) : NULL;
		const char *rv = r ? store_row_rv(r) : NULL;
		if (r != NULL && strcmp(rv ? rv : "", cv->side[s].rv) != 0) {
			snprintf(cv->side[s].rv, sizeof cv->side[s].rv, "%s", rv ? rv : "");
			cv_fetch(cv, s);
		}
	}
	free(v);
	free(partner);
	free(role);
}

/* ---- the promote's end: once the stable has rolled out, the counts ---- */

static void cv_sent(const struct kd_err *err, void *arg);

static void
cv_finish_check(struct cv *cv)
{
	const cJSON *st = cv->side[CV_STABLE].obj;
	struct rollout_status rs;
	if (!cv->promoting || cv->sending || st == NULL || cv_num(J(st, "metadata"), "generation", 0) <= cv->promote_gen)
		return;
	if (rollout_status_of(st, "deployments", &rs) != 0 || rs.state != ROLLOUT_DONE)
		return;
	char why[512];
	struct canary_ref r = { cv->c, cv->res, cv->ns, cv->side[CV_STABLE].name, cv->side[CV_CANARY].name };
	cv->promoting = 0;
	if (canary_check(&r, CANARY_FINISH, why, sizeof why) != 1) {
		app_flash(cv->pg->app, 1, "the promote stops after the template: %s", why);
		canary_plan_clear(&cv->promote);
		return;
	}
	cv->promote.step = CANARY_FINISH;
	cv->sending = 1;
	cv->link->refs++;
	canary_send(&r, &cv->promote, cv_sent, cv->link);
}

static void
cv_on_fetch(cJSON *obj, const struct kd_err *err, void *arg)
{
	struct cv_side *sd = arg;
	struct cv *cv = sd->cv;
	sd->req = NULL;
	if (obj == NULL)
		snprintf(cv->err, sizeof cv->err, "%.200s", err ? err->msg : "not found");
	else {
		cv->err[0] = '\0';
		cJSON_Delete(sd->obj);
		sd->obj = obj;
		if (sd->expect >= 0 && cv_desired(obj) == sd->expect)
			sd->expect = -1;
	}
	if (sd->again) {
		sd->again = 0;
		cv_fetch(cv, sd == &cv->side[CV_STABLE] ? CV_STABLE : CV_CANARY);
	}
	cv_finish_check(cv);
	page_text_refill_now(cv->pg);
	app_dirty(cv->pg->app);
}

static void
cv_fetch(struct cv *cv, int s)
{
	struct cv_side *sd = &cv->side[s];
	if (sd->req != NULL) {
		sd->again = 1;
		return;
	}
	sd->req = informer_fetch(cv->inf[CV_DEPLOY], cv->ns, sd->name, cv_on_fetch, sd);
}

static void
cv_on_timer(void *arg)
{
	struct cv *cv = arg;
	cv->timer = NULL;
	cv_pair(cv);
	page_text_refill_now(cv->pg);
	app_dirty(cv->pg->app);
}

static void
cv_listen(struct informer *inf, void *arg)
{
	struct cv *cv = arg;
	if (inf == cv->inf[CV_DEPLOY] && cv->timer == NULL)
		cv->timer = loop_timer_add(app_loop(cv->pg->app), CV_FETCH_MS, cv_on_timer, cv);
	page_text_refill_now(cv->pg);
}

/* ---- what is shown ---- */

static const char *
cv_json_label(const void *labels, const char *key)
{
	const cJSON *v = J((const cJSON *)labels, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *
cv_tmpl_labels(const cJSON *d)
{
	return J(J(J(J(d, "spec"), "template"), "metadata"), "labels");
}

/* The Service of the namespace whose selector selects both templates' pods: its name and
 * selector into name and *sel (a new selector), 0; -1 when none does. */
static int
cv_service(struct cv *cv, char *name, size_t len, struct selector **sel)
{
	struct store *s = cv_store(cv, CV_SERVICES);
	const cJSON *a = cv->side[CV_STABLE].obj, *b = cv->side[CV_CANARY].obj;
	if (s == NULL || a == NULL || b == NULL)
		return -1;
	store_set_filter(s, "", NULL);
	for (size_t i = 0; i < store_visible(s); i++) {
		const struct store_row *r = store_at(s, i);
		const char *text = cv_cell(s, r, "SELECTOR");
		struct kd_err err = { 0 };
		if (text[0] == '\0' || strcmp(text, "<none>") == 0)
			continue;
		struct selector *x = selector_parse(text, &err);
		if (x != NULL && selector_count(x) > 0 && selector_match(x, cv_json_label, cv_tmpl_labels(a)) &&
		    selector_match(x, cv_json_label, cv_tmpl_labels(b))) {
			snprintf(name, len, "%s", store_row_name(r));
			*sel = x;
			return 0;
		}
		selector_free(&x);
	}
	return -1;
}

static int
cv_pod_ready(struct store *pods, const struct store_row *p)
{
	int a, b;
	char end;
	return strcmp(cv_cell(pods, p, "STATUS"), "Running") == 0 &&
	    sscanf(cv_cell(pods, p, "READY"), "%d/%d%c", &a, &b, &end) == 2 && a == b && b > 0;
}


static const char *
cv_uid(const cJSON *d)
{
	const cJSON *v = J(J(d, "metadata"), "uid");
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* The ready pods sel selects of each side (owned through its ReplicaSets). */
static void
cv_pods_behind(struct cv *cv, const struct selector *sel, long n[2])
{
	struct store *rs = cv_store(cv, CV_RS), *pods = cv_store(cv, CV_PODS);
	n[0] = n[1] = 0;
	if (rs == NULL || pods == NULL)
		return;
	store_set_filter(rs, "", NULL);
	store_set_filter(pods, "", NULL);
	for (size_t i = 0; i < store_visible(rs); i++) {
		const struct store_row *r = store_at(rs, i);
		int s = store_row_owned_by(r, cv_uid(cv->side[CV_STABLE].obj)) ? CV_STABLE :
		    store_row_owned_by(r, cv_uid(cv->side[CV_CANARY].obj)) ? CV_CANARY : -1;
		if (s < 0)
			continue;
		const char *rsuid = store_row_uid(r);
		for (size_t k = 0; k < store_visible(pods); k++) {
			const struct store_row *p = store_at(pods, k);
			if (store_row_owned_by(p, rsuid) && cv_pod_ready(pods, p) &&
			    selector_match_packed(sel, store_row_labels(p)))
				n[s]++;
		}
	}
}

/* Whether the next step may go: 1, or 0 with why (the last one has not become ready). */
static int
cv_ready(struct cv *cv, char *why, size_t len)
{
	for (int s = 0; s < 2; s++) {
		const struct cv_side *sd = &cv->side[s];
		const cJSON *d = sd->obj;
		if (d == NULL) {
			snprintf(why, len, "%s is still being read", sd->name);
			return 0;
		}
		long want = cv_desired(d), ready = cv_ready_n(d);
		if (sd->expect >= 0) {
			snprintf(why, len, "%s does not show the %ld replicas of the last step yet", sd->name, sd->expect);
			return 0;
		}
		if (cv_num(J(d, "status"), "observedGeneration", 0) < cv_num(J(d, "metadata"), "generation", 0)) {
			snprintf(why, len, "%s has not taken its last change in yet", sd->name);
			return 0;
		}
		if (ready != want) {
			snprintf(why, len, "%s has %ld of %ld replicas ready", sd->name, ready, want);
			return 0;
		}
	}
	return 1;
}

static void
cv_refill(struct page *pg, struct pager *p, void *arg)
{
	struct cv *cv = arg;
	const cJSON *o[2] = { cv->side[CV_STABLE].obj, cv->side[CV_CANARY].obj };
	(void)pg;
	pager_clear(p);
	if (cv->side[CV_STABLE].name == NULL) {
		pager_addf(p, THEME_TABLE_HEADER, "canary of %s in %s on %s", cv->name, cv->ns, cv->c->context);
		if (cv_store(cv, CV_DEPLOY) == NULL)
			pager_addf(p, THEME_PENDING, "reading the deployments of %s ...", cv->ns);
		else
			pager_addf(p, THEME_WARNING, "%s has no canary: no Deployment %s-canary in %s, nor one with its app "
			    "label and track: canary", cv->name, cv->name, cv->ns);
		return;
	}
	pager_addf(p, THEME_TABLE_HEADER, "canary of %s in %s on %s", cv->side[CV_STABLE].name, cv->ns,
	    cv->c->context);
	if (cv->err[0])
		pager_addf(p, THEME_ERROR, "%s", cv->err);
	pager_addf(p, THEME_DEFAULT, "%s", "");
	pager_addf(p, THEME_TABLE_HEADER, "  %-7s %-32s %-8s %s", "", "DEPLOYMENT", "READY", "IMAGES");
	for (int s = 0; s < 2; s++) {
		char img[512], ready[64];
		if (o[s] == NULL) {
			pager_addf(p, THEME_PENDING, "  %-7s %-32s reading ...", s ? "canary" : "stable", cv->side[s].name);
			continue;
		}
		canary_images(o[s], img, sizeof img);
		snprintf(ready, sizeof ready, "%ld/%ld", cv_ready_n(o[s]), cv_desired(o[s]));
		pager_addf(p, cv_ready_n(o[s]) == cv_desired(o[s]) ? THEME_OK : THEME_WARNING, "  %-7s %-32s %-8s %s",
		    s ? "canary" : "stable", cv->side[s].name, ready, img);
	}
	if (o[0] == NULL || o[1] == NULL)
		return;
	pager_addf(p, THEME_DEFAULT, "%s", "");
	long dc = cv_desired(o[1]), ds = cv_desired(o[0]);
	int share = canary_share(dc, ds);
	pager_addf(p, THEME_DEFAULT, "replicas: %ld in all, %ld canary (%d %%); a step is %ld %% (canaryStep)",
	    dc + ds, dc, share < 0 ? 0 : share, config_canary_step());
	char svc[256];
	struct selector *sel = NULL;
	if (cv_service(cv, svc, sizeof svc, &sel) == 0) {
		long n[2];
		cv_pods_behind(cv, sel, n);
		int sh = canary_share(n[CV_CANARY], n[CV_STABLE]);
		pager_addf(p, THEME_OK, "service %s selects both: %ld ready pods behind it, %ld stable and %ld canary: "
		    "the canary's share is %d %%", svc, n[0] + n[1], n[CV_STABLE], n[CV_CANARY], sh < 0 ? 0 : sh);
		selector_free(&sel);
	} else {
		int sh = canary_share(cv_ready_n(o[1]), cv_ready_n(o[0]));
		pager_addf(p, THEME_WARNING, "no Service in %s selects both %s and %s: the canary's share of the ready "
		    "replicas is %d %%", cv->ns, cv->side[CV_STABLE].name, cv->side[CV_CANARY].name, sh < 0 ? 0 : sh);
	}
	pager_addf(p, THEME_DEFAULT, "%s", "");
	char why[512];
	if (cv->promoting)
		pager_addf(p, THEME_PENDING, "promoting: %s rolls the template of %s out; then %s goes to 0 (while this "
		    "view is open)", cv->side[CV_STABLE].name, cv->side[CV_CANARY].name, cv->side[CV_CANARY].name);
	else if (cv->sending)
		pager_addf(p, THEME_PENDING, "sending ...");
	else if (cv_ready(cv, why, sizeof why))
		pager_addf(p, THEME_OK, "ready for the next step");
	else
		pager_addf(p, THEME_PENDING, "waiting: %s", why);
}

static void
cv_status(void *arg, char *buf, size_t len)
{
	struct cv *cv = arg;
	char why[512];
	snprintf(buf, len, "%s", cv->side[CV_STABLE].name == NULL ? "no canary" : cv->promoting ? "promoting" :
	    cv->sending ? "sending" : cv_ready(cv, why, sizeof why) ? "ready" : "waiting");
}

/* ---- the steps ---- */

static void
cv_link_drop(struct cv_link *l)
{
	if (--l->refs == 0)
		free(l);
}

static void
cv_sent(const struct kd_err *err, void *arg)
{
	struct cv_link *l = arg;
	struct cv *cv = l->cv;
	if (cv == NULL) {
		cv_link_drop(l);
		return;
	}
	struct app *app = cv->pg->app;
	struct canary_ref r = { cv->c, cv->res, cv->ns, cv->side[CV_STABLE].name, cv->side[CV_CANARY].name };
	struct canary_plan *p = cv->promote.step == CANARY_FINISH || cv->promoting ? &cv->promote : &cv->ask;
	cv->sending = 0;
	if (err != NULL) {
		/* the sentence says what went through, if anything, and why the rest did not */
		app_flash(app, 1, "%s", err->msg);
		cv->promoting = 0;
	} else {
		char *done = canary_done_say(&r, p);
		app_flash(app, 0, "%s", done);
		free(done);
		if (p->step != CANARY_PROMOTE) {
			cv->side[CV_CANARY].expect = p->canary_to;
			cv->side[CV_STABLE].expect = p->stable_to;
		}
	}
	if (err != NULL || p->step != CANARY_PROMOTE)
		canary_plan_clear(p);
	else if (app_page(app, 0) == cv->pg)
		page_rollout_open(app, cv->c, cv->res, cv->ns, cv->side[CV_STABLE].name);
	for (int s = 0; s < 2; s++)
		cv_fetch(cv, s);
	page_text_refill_now(cv->pg);
	app_dirty(app);
	cv_link_drop(l);
}

static void
cv_go(struct app *app, void *arg)
{
	struct cv *cv = arg;
	char why[512];
	if (cv != cv_asking)
		return;
	cv_asking = NULL;
	struct canary_ref r = { cv->c, cv->res, cv->ns, cv->side[CV_STABLE].name, cv->side[CV_CANARY].name };
	/* the cluster may have said no meanwhile */
	if (canary_check(&r, cv->ask.step, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		canary_plan_clear(&cv->ask);
		return;
	}
	cv->sending = 1;
	cv->link->refs++;
	if (cv->ask.step == CANARY_PROMOTE) {
		canary_plan_clear(&cv->promote);
		cv->promote = cv->ask;
		memset(&cv->ask, 0, sizeof cv->ask);
		cv->promoting = 1;
		cv->promote_gen = cv_num(J(cv->side[CV_STABLE].obj, "metadata"), "generation", 0);
		/* the stable runs that template already: nothing rolls out, the counts follow */
		if (cJSON_Compare(cv->promote.tmpl, cv->promote.tmpl_was, 1)) {
			cv->promoting = 0;
			cv->promote.step = CANARY_FINISH;
		}
		canary_send(&r, &cv->promote, cv_sent, cv->link);
	} else
		canary_send(&r, &cv->ask, cv_sent, cv->link);
	app_flash(app, 0, "sending ...");
	page_text_refill_now(cv->pg);
}

static int
cv_step(struct cv *cv, enum canary_step step, int dir)
{
	struct app *app = cv->pg->app;
	char why[512];
	const char *st = cv->side[CV_STABLE].name, *ca = cv->side[CV_CANARY].name;
	if (st == NULL || cv->res == NULL) {
		app_flash(app, 1, "%s has no canary here: nothing to shift", cv->name);
		return APP_REDRAW;
	}
	struct canary_ref r = { cv->c, cv->res, cv->ns, st, ca };
	int rc = canary_check(&r, step, why, sizeof why);
	if (rc != 1) {
		app_flash(app, 1, "%s", why);
		return APP_REDRAW;
	}
	if (cv->promoting || cv->sending) {
		app_flash(app, 1, "not sent: %s", cv->promoting ? "the promote is still rolling out" :
		    "the last step is still being sent");
		return APP_REDRAW;
	}
	if (!cv_ready(cv, why, sizeof why)) {
		app_flash(app, 1, "not sent: the last step has not become ready: %s", why);
		return APP_REDRAW;
	}
	const cJSON *so = cv->side[CV_STABLE].obj, *co = cv->side[CV_CANARY].obj;
	struct canary_plan *p = &cv->ask;
	canary_plan_clear(p);
	p->step = step;
	p->canary_from = cv_desired(co);
	p->stable_from = cv_desired(so);
	p->canary_to = 0;
	p->stable_to = p->canary_from + p->stable_from;
	if (step == CANARY_SHIFT &&
	    canary_shift(p->canary_from, p->stable_from, (int)config_canary_step(), dir, &p->canary_to, &p->stable_to,
	    why, sizeof why) != 0) {
		app_flash(app, 1, "not sent: %s", why);
		return APP_REDRAW;
	}
	if (step == CANARY_ABORT && p->canary_from == 0) {
		app_flash(app, 1, "not sent: %s is at 0 replicas already: nothing to abort", ca);
		return APP_REDRAW;
	}
	if (step == CANARY_PROMOTE) {
		p->tmpl = canary_promote_template(so, co, why, sizeof why);
		if (p->tmpl == NULL) {
			app_flash(app, 1, "not sent: %s", why);
			return APP_REDRAW;
		}
		p->tmpl_was = cJSON_Duplicate(J(J(so, "spec"), "template"), 1);
		canary_images(co, p->images, sizeof p->images);
	}
	char *q = canary_plan_say(&r, p);
	cv_asking = cv;
	guard_confirm(app, cv->c, q, st, cv_go, cv);
	free(q);
	return APP_REDRAW;
}

static int
cv_action(struct page *pg, enum action a, void *arg)
{
	struct cv *cv = arg;
	(void)pg;
	switch (a) {
	case ACT_CANARY_MORE: return cv_step(cv, CANARY_SHIFT, 1);
	case ACT_CANARY_LESS: return cv_step(cv, CANARY_SHIFT, -1);
	case ACT_CANARY_PROMOTE: return cv_step(cv, CANARY_PROMOTE, 0);
	case ACT_CANARY_ABORT: return cv_step(cv, CANARY_ABORT, 0);
	case ACT_CANARY: return APP_NOTHING;
	default: return APP_UNHANDLED;
	}
}

static void
cv_free(void *arg)
{
	struct cv *cv = arg;
	if (cv_asking == cv)
		cv_asking = NULL;
	if (cv->promoting && cv->side[CV_CANARY].name != NULL)
		app_flash(cv->pg->app, 1, "the promote of %s stops after the template: %s keeps its replicas (abort in "
		    "the canary view scales it to 0 and %s to the total)", cv->side[CV_CANARY].name,
		    cv->side[CV_CANARY].name, cv->side[CV_STABLE].name);
	loop_timer_cancel(app_loop(cv->pg->app), &cv->timer);
	for (int s = 0; s < 2; s++) {
		cv_side_reset(cv, s, NULL);
	}
	for (int k = 0; k < CV_N; k++)
		if (cv->inf[k]) {
			informer_unlisten(cv->inf[k], cv_listen, cv);
			informer_release(&cv->inf[k]);
		}
	cv->link->cv = NULL;
	cv_link_drop(cv->link);
	canary_plan_clear(&cv->ask);
	canary_plan_clear(&cv->promote);
	free(cv->ns);
	free(cv->name);
	free(cv);
}

static const enum action cv_hint_actions[] = { ACT_BACK, ACT_CANARY_MORE, ACT_CANARY_LESS, ACT_CANARY_PROMOTE,
	ACT_CANARY_ABORT, ACT_HELP, ACT_QUIT };
static const struct page_hints cv_hints = { cv_hint_actions, sizeof cv_hint_actions / sizeof cv_hint_actions[0],
	KEYMAP_VIEWER, NULL };

struct page *
page_canary_new(struct app *app, struct cluster *c, const char *ns, const char *name)
{
	char title[512];
	snprintf(title, sizeof title, "canary %s", name);
	struct page *pg = page_text_new(app, c, title);
	struct cv *cv = xcalloc(1, sizeof *cv);
	cv->pg = pg;
	cv->c = c;
	cv->res = discovery_find(c->disc, "deployments");
	cv->ns = xstrdup(ns ? ns : "");
	cv->name = xstrdup(name);
	cv->link = xcalloc(1, sizeof *cv->link);
	cv->link->cv = cv;
	cv->link->refs = 1;
	for (int s = 0; s < 2; s++) {
		cv->side[s].cv = cv;
		cv->side[s].expect = -1;
	}
	/* what the hint line and the keys are checked against: this namespace's deployments */
	pg->res_group = "apps";
	pg->res_name = "deployments";
	pg->res_ns = cv->ns;
	page_text_set_refill(pg, cv_refill, cv, cv_free);
	page_text_set_status(pg, cv_status);
	page_text_set_action(pg, cv_action, &cv_hints);
	static const char *const names[CV_N] = { "deployments", "services", "replicasets", "pods" };
	for (int k = 0; k < CV_N; k++) {
		const struct kres *r = discovery_find(c->disc, names[k]);
		if (r == NULL)
			continue;
		cv->inf[k] = informer_acquire(c->infs, r, cv->ns, NULL);
		informer_listen(cv->inf[k], cv_listen, cv);
	}
	if (cv->res != NULL) {
		struct canary_ref r = { c, cv->res, cv->ns, cv->name, cv->name };
		canary_prefetch(&r);
	}
	cv->timer = loop_timer_add(app_loop(app), 0, cv_on_timer, cv);
	page_text_refill_now(pg);
	return pg;
}

void
page_canary_open(struct app *app, struct cluster *c, const char *ns, const char *name)
{
	app_push(app, page_canary_new(app, c, ns, name));
}
