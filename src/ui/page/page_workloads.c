#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/kubeconfig.h"
#include "log.h"
#include "loop.h"
#include "model/canary.h"
#include "model/expr.h"
#include "model/filter.h"
#include "model/project.h"
#include "model/store.h"
#include "model/view.h"
#include "model/workload.h"
#include "kube/cluster.h"
#include "ui/page/page_resource.h"
#include "ui/page/page_text.h"
#include "ui/page/page_workloads.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

#define PW_MAXC 8          /* clusters of one page */
/* Bursts of watch events become one collect, at least PW_REFILL_MS apart and at most about
 * 1/PW_SHARE of a core: at 100k pods (a 15-30 ms collect) one a second or so. */
#define PW_REFILL_MS 300
#define PW_REFILL_MAX_MS 2000
#define PW_SHARE 60

/* What one cluster's part watches: the workload kinds, then these. */
enum { PW_RS = WORKLOAD_NKINDS, PW_JOBS, PW_PODS, PW_NS, PW_OPENSHIFT, PW_N };
static const char *const pw_res[PW_N] = { "deployments", "statefulsets", "daemonsets", "cronjobs",
	"replicasets", "jobs", "pods", "namespaces", "projects.project.openshift.io" };

enum { PW_CLUSTER, PW_NAMESPACE, PW_KIND, PW_NAME, PW_READY, PW_RESTARTS, PW_FAILING, PW_CANARY, PW_AGE, PW_NCOLS };
static const char *const pw_col_names[PW_NCOLS] = { "CLUSTER", "NAMESPACE", "KIND", "NAME", "READY",
	"RESTARTS", "FAILING", "CANARY", "AGE" };

struct pw_scope {
	struct cluster *c;
	int started;
	struct informer *inf[PW_N];
	struct projects *ps;       /* a project page: resolved for c's context */
	const struct project *p;   /* the project there (in ps), NULL: none there now */
	int stale;                 /* its rows are not the server's now: dimmed, CLUSTER marked */
};

struct page_workloads {
	struct page base;
	char *ns;                  /* a namespace page: "" all */
	char *project;             /* a project page: its name, else NULL */
	enum project_source source;
	struct pw_scope sc[PW_MAXC];
	int nsc;
	struct workload_list wl;
	long *partner;             /* per workload: its canary's or stable's index, -1 none */
	enum canary_role *role;
	int has_canary;            /* some Deployment has a canary: the CANARY column shows */
	size_t *order, n;          /* the rows passing the filter, sorted */
	struct filter f;
	int sort_id, desc;         /* sort_id: a PW_* column, -1 the default order */
	int cols[PW_NCOLS], ncols; /* the columns shown */
	int multi_ns;
	int listed;                /* every started part listed (or failed) */
	uint64_t version;
	struct loop_timer *timer;
	uint64_t collect_ms;       /* what the last collect took */
	struct table *t;
};

static void pw_changed(struct informer *inf, void *arg);

static void
pw_scope_start(struct page_workloads *pw, struct pw_scope *sc)
{
	const char *ns = pw->project == NULL && pw->ns[0] ? pw->ns : NULL;
	for (int k = 0; k < PW_N; k++) {
		const struct kres *res;
		if ((k == PW_NS || k == PW_OPENSHIFT) && pw->project == NULL)
			continue;
		if ((res = discovery_find(sc->c->disc, pw_res[k])) == NULL)
			continue;
		sc->inf[k] = informer_acquire(sc->c->infs, res, k >= PW_NS ? NULL : ns, NULL);
		informer_listen(sc->inf[k], pw_changed, pw);
	}
	sc->started = 1;
}

static void
pw_scope_stop(struct page_workloads *pw, struct pw_scope *sc)
{
	for (int k = 0; k < PW_N; k++)
		if (sc->inf[k] != NULL) {
			informer_unlisten(sc->inf[k], pw_changed, pw);
			informer_release(&sc->inf[k]);
		}
	projects_free(&sc->ps);
}

/* The rows of informer k, or NULL when it is not there, failed or has not listed yet. */
static struct store *
pw_store(struct pw_scope *sc, int k)
{
	struct informer *inf = sc->inf[k];
	if (inf == NULL || !informer_synced(inf))
		return NULL;
	return informer_store(inf);
}

/* Whether the part has listed (or cannot): its rows can be shown. */
static int
pw_scope_listed(struct pw_scope *sc)
{
	if (!sc->started)
		return sc->c->state == CLUSTER_FAILED;
	for (int k = 0; k < PW_N; k++)
		if (sc->inf[k] != NULL && !informer_synced(sc->inf[k]) && informer_state(sc->inf[k]) != INFORMER_FAILED)
			return 0;
	return 1;
}

static int
pw_keep(const char *ns, void *arg)
{
	return project_has(arg, ns);
}

/* ---- rows: filter and sort ---- */

static void pw_canary_cell(const struct page_workloads *pw, const struct workload *w, char *buf, size_t len);
static int pw_canary_share(const struct page_workloads *pw, const struct workload *w);

static void
pw_cell_of(struct page_workloads *pw, const struct workload *w, int id, char *buf, size_t len)
{
	buf[0] = '\0';
	switch (id) {
	case PW_CLUSTER: snprintf(buf, len, "%s", pw->sc[w->scope].c->context); break;
	case PW_NAMESPACE: snprintf(buf, len, "%s", w->ns); break;
	case PW_KIND: snprintf(buf, len, "%s", workload_kind_name[w->kind]); break;
	case PW_NAME: snprintf(buf, len, "%s", w->name); break;
	case PW_READY:
		if (w->has_ready)
			snprintf(buf, len, "%d/%d", w->ready, w->desired);
		else
			snprintf(buf, len, "-");
		break;
	case PW_RESTARTS: snprintf(buf, len, "%ld", w->restarts); break;
	case PW_FAILING: snprintf(buf, len, "%ld", w->failing); break;
	case PW_CANARY:
		pw_canary_cell(pw, w, buf, len);
		break;
	case PW_AGE:
		if (w->created > 0)
			expr_human_duration((long long)time(NULL) - w->created, buf, len);
		else
			snprintf(buf, len, "<none>");
		break;
	}
}

/* The canary's share of the ready replicas of w's pair, -1 when w has no partner. */
static int
pw_canary_share(const struct page_workloads *pw, const struct workload *w)
{
	size_t i = (size_t)(w - pw->wl.v);
	if (pw->partner == NULL || pw->partner[i] < 0)
		return -1;
	const struct workload *o = &pw->wl.v[pw->partner[i]];
	const struct workload *c = pw->role[i] == CANARY_CANARY ? w : o, *st = c == w ? o : w;
	int sh = canary_share(c->ready, st->ready);
	return sh < 0 ? 0 : sh;
}

/* "10%" on the stable's row, "10% of web" on the canary's */
static void
pw_canary_cell(const struct page_workloads *pw, const struct workload *w, char *buf, size_t len)
{
	int sh = pw_canary_share(pw, w);
	size_t i = (size_t)(w - pw->wl.v);
	if (sh < 0)
		snprintf(buf, len, "%s", "");
	else if (pw->role[i] == CANARY_CANARY)
		snprintf(buf, len, "%d%% of %s", sh, pw->wl.v[pw->partner[i]].name);
	else
		snprintf(buf, len, "%d%%", sh);
}

/* Which Deployment is whose canary, over what was collected. */
static void
pw_pair(struct page_workloads *pw)
{
	size_t n = pw->wl.n;
	struct canary_cand *v = xcalloc(n ? n : 1, sizeof *v);
	size_t *at = xcalloc(n ? n : 1, sizeof *at), nd = 0;
	long *partner = xcalloc(n ? n : 1, sizeof *partner);
	enum canary_role *role = xcalloc(n ? n : 1, sizeof *role);
	pw->partner = xreallocarray(pw->partner, n ? n : 1, sizeof *pw->partner);
	pw->role = xreallocarray(pw->role, n ? n : 1, sizeof *pw->role);
	for (size_t i = 0; i < n; i++) {
		const struct workload *w = &pw->wl.v[i];
		pw->partner[i] = -1;
		pw->role[i] = CANARY_NONE;
		if (w->kind != WORKLOAD_DEPLOYMENT)
			continue;
		v[nd] = (struct canary_cand){ w->scope, w->ns, w->name, w->labels };
		at[nd++] = i;
	}
	canary_pairs(v, nd, partner, role);
	pw->has_canary = 0;
	for (size_t k = 0; k < nd; k++)
		if (partner[k] >= 0) {
			pw->partner[at[k]] = (long)at[partner[k]];
			pw->role[at[k]] = role[k];
			pw->has_canary = 1;
		}
	free(v);
	free(at);
	free(partner);
	free(role);
}

static int
pw_matches(struct page_workloads *pw, const struct workload *w)
{
	char text[1024];
	size_t l = 0;
	if (pw->f.kind == FILTER_NONE)
		return 1;
	for (int id = PW_CLUSTER; id <= PW_READY && l < sizeof text; id++) {
		if (id == PW_CLUSTER && pw->nsc < 2)
			continue;
		pw_cell_of(pw, w, id, text + l, sizeof text - l);
		l += strlen(text + l) + 1;
	}
	return filter_match(&pw->f, text, l < sizeof text ? l - 1 : sizeof text - 1, w->labels);
}

static int
pw_cmp_default(const struct workload *a, const struct workload *b)
{
	int r = a->scope - b->scope;
	if (r == 0)
		r = strcmp(a->ns, b->ns);
	if (r == 0)
		r = (int)a->kind - (int)b->kind;
	if (r == 0)
		r = strcmp(a->name, b->name);
	return r;
}

static int
pw_cmp(const void *x, const void *y, void *ctx)
{
	const struct page_workloads *pw = ctx;
	const struct workload *a = &pw->wl.v[*(const size_t *)x], *b = &pw->wl.v[*(const size_t *)y];
	int r = 0;
	switch (pw->sort_id) {
	case PW_CLUSTER: r = a->scope - b->scope; break;
	case PW_NAMESPACE: r = strcmp(a->ns, b->ns); break;
	case PW_KIND: r = (int)a->kind - (int)b->kind; break;
	case PW_NAME: r = strcmp(a->name, b->name); break;
	case PW_READY:
		/* the least ready first: the ratio, then the count */
		r = (long)a->ready * (b->desired ? b->desired : 1) < (long)b->ready * (a->desired ? a->desired : 1) ? -1 :
		    (long)a->ready * (b->desired ? b->desired : 1) > (long)b->ready * (a->desired ? a->desired : 1);
		if (r == 0)
			r = a->ready - b->ready;
		break;
	case PW_RESTARTS: r = a->restarts < b->restarts ? -1 : a->restarts > b->restarts; break;
	case PW_FAILING: r = a->failing < b->failing ? -1 : a->failing > b->failing; break;
	case PW_CANARY: r = pw_canary_share(pw, a) - pw_canary_share(pw, b); break;
	case PW_AGE: r = a->created > b->created ? -1 : a->created < b->created; break;   /* youngest first */
	}
	if (r == 0)
		r = pw_cmp_default(a, b);
	return pw->desc ? -r : r;
}

/* The rows again from the collected workloads: after a collect, a filter or a sort. */
static void
pw_order(struct page_workloads *pw)
{
	pw->order = xreallocarray(pw->order, pw->wl.n ? pw->wl.n : 1, sizeof *pw->order);
	pw->n = 0;
	for (size_t i = 0; i < pw->wl.n; i++)
		if (pw_matches(pw, &pw->wl.v[i]))
			pw->order[pw->n++] = i;
	util_sort(pw->order, pw->n, sizeof *pw->order, pw_cmp, pw);
	pw->version++;
}

static void
pw_set_cols(struct page_workloads *pw)
{
	pw->ncols = 0;
	for (int id = 0; id < PW_NCOLS; id++)
		if ((id != PW_CLUSTER || pw->nsc > 1) && (id != PW_NAMESPACE || pw->multi_ns) &&
		    (id != PW_CANARY || pw->has_canary))
			pw->cols[pw->ncols++] = id;
}

static void pw_collect_due(void *arg);

/* Everything from the informers again: the parts whose clusters came up start watching,
 * a project's namespaces are resolved again, and each listed part's workloads counted. */
static void
pw_collect(struct page_workloads *pw)
{
	int waiting = 0;
	size_t nns = 0;   /* 0, 1 or more than one namespace name */
	const char *first_ns = NULL;

	uint64_t t0 = loop_now_ms();
	size_t npods = 0;
	workload_list_clear(&pw->wl);
	pw->listed = 1;
	for (int i = 0; i < pw->nsc; i++) {
		struct pw_scope *sc = &pw->sc[i];
		if (!sc->started && sc->c->state == CLUSTER_READY)
			pw_scope_start(pw, sc);
		waiting |= !sc->started && sc->c->state != CLUSTER_FAILED;
		if (!pw_scope_listed(sc)) {
			pw->listed = 0;
			continue;
		}
		if (!sc->started)
			continue;
		workload_keep_fn keep = NULL;
		if (pw->project != NULL) {
			struct store *ns = pw_store(sc, PW_NS), *os = pw_store(sc, PW_OPENSHIFT);
			if (ns == NULL && os == NULL)
				continue;
			projects_resolve_stores(sc->ps, sc->c->context, ns, os);
			sc->p = projects_find(sc->ps, pw->project, pw->source);
			if (sc->p == NULL)
				continue;
			keep = pw_keep;
			for (size_t k = 0; k < sc->p->nns; k++) {   /* distinct names: shop on two clusters is one */
				if (first_ns == NULL)
					first_ns = sc->p->ns[k];
				nns += nns == 0 || strcmp(first_ns, sc->p->ns[k]) != 0;
			}
		}
		struct store *kinds[WORKLOAD_NKINDS];
		for (int k = 0; k < WORKLOAD_NKINDS; k++)
			kinds[k] = pw_store(sc, k);
		workload_collect(&pw->wl, i, kinds, pw_store(sc, PW_RS), pw_store(sc, PW_JOBS), pw_store(sc, PW_PODS),
		    keep, (void *)sc->p);
		npods += pw_store(sc, PW_PODS) ? store_size(pw_store(sc, PW_PODS)) : 0;
	}
	pw->multi_ns = pw->project != NULL ? nns > 1 : pw->ns[0] == '\0';
	pw_pair(pw);
	pw_set_cols(pw);
	pw_order(pw);
	pw->collect_ms = loop_now_ms() - t0;
	if (pw->listed)
		log_debug("workloads: %zu collected over %zu pods in %llu ms", pw->wl.n, npods,
		    (unsigned long long)pw->collect_ms);
	if (waiting && pw->timer == NULL)   /* look again when the other clusters are connected */
		pw->timer = loop_timer_add(app_loop(pw->base.app), PW_REFILL_MS, pw_collect_due, pw);
}

static void
pw_collect_due(void *arg)
{
	struct page_workloads *pw = arg;
	pw->timer = NULL;
	pw_collect(pw);
	app_dirty(pw->base.app);
}

static void
pw_changed(struct informer *inf, void *arg)
{
	struct page_workloads *pw = arg;
	(void)inf;
	/* the first rows as soon as the lists are in, then at most one collect per burst */
	uint64_t ms = pw->collect_ms * PW_SHARE;
	ms = ms < PW_REFILL_MS ? PW_REFILL_MS : ms > PW_REFILL_MAX_MS ? PW_REFILL_MAX_MS : ms;
	if (pw->timer == NULL)
		pw->timer = loop_timer_add(app_loop(pw->base.app), pw->wl.n == 0 && !pw->listed ? 0 : ms, pw_collect_due, pw);
}

/* ---- the table source ---- */

static int pws_ncols(void *arg) { return ((struct page_workloads *)arg)->ncols; }

static void
pws_col(void *arg, int i, struct table_col *c)
{
	struct page_workloads *pw = arg;
	int id = pw->cols[i];
	c->name = pw_col_names[id];
	c->width = 0;
	c->right = id == PW_RESTARTS || id == PW_FAILING;
	c->wide = 0;
}

static size_t pws_nrows(void *arg) { return ((struct page_workloads *)arg)->n; }

static void
pws_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_workloads *pw = arg;
	buf[0] = '\0';
	if (row >= pw->n || col >= pw->ncols)
		return;
	const struct workload *w = &pw->wl.v[pw->order[row]];
	if (pw->cols[col] == PW_CLUSTER)   /* marked on screen only: the filter and sort see the name */
		table_cluster_cell(pw->sc[w->scope].c->context, pw->sc[w->scope].stale, buf, len);
	else
		pw_cell_of(pw, w, pw->cols[col], buf, len);
}

static void
pws_key(void *arg, size_t row, char *buf, size_t len)
{
	struct page_workloads *pw = arg;
	buf[0] = '\0';
	if (row >= pw->n)
		return;
	const struct workload *w = &pw->wl.v[pw->order[row]];
	snprintf(buf, len, "%s%s%s%s/%s/%s", pw->nsc > 1 ? "@" : "", pw->nsc > 1 ? pw->sc[w->scope].c->context : "",
	    pw->nsc > 1 ? "/" : "", w->ns, workload_kind_name[w->kind], w->name);
}

static enum theme_el
pws_row_el(void *arg, size_t row)
{
	struct page_workloads *pw = arg;
	if (row >= pw->n)
		return THEME_ROW;
	const struct workload *w = &pw->wl.v[pw->order[row]];
	if (pw->sc[w->scope].stale)
		return THEME_STALE;
	return w->failing > 0 ? THEME_ERROR : w->ready < w->desired ? THEME_WARNING : THEME_ROW;
}

static uint64_t pws_version(void *arg) { return ((struct page_workloads *)arg)->version; }

static int
pws_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct page_workloads *pw = arg;
	if (filter_parse(&pw->f, text, err) != 0)
		return -1;
	pw_order(pw);
	return 0;
}

static void
pws_set_sort(void *arg, int col, int desc)
{
	struct page_workloads *pw = arg;
	pw->sort_id = col >= 0 && col < pw->ncols ? pw->cols[col] : -1;
	pw->desc = desc;
	pw_order(pw);
}

static void
pws_get_sort(void *arg, int *col, int *desc)
{
	struct page_workloads *pw = arg;
	*col = -1;
	for (int i = 0; i < pw->ncols; i++)
		if (pw->cols[i] == pw->sort_id)
			*col = i;
	*desc = pw->desc;
}

static const struct table_source_ops pw_source = {
	.ncols = pws_ncols, .col = pws_col, .nrows = pws_nrows, .cell = pws_cell, .key = pws_key,
	.row_el = pws_row_el, .version = pws_version, .set_filter = pws_set_filter,
	.set_sort = pws_set_sort, .get_sort = pws_get_sort,
};

/* ---- the page ---- */

/* Each part's rows stale or live as its informers are now: one cluster down dims its rows
 * only, the others' are live. */
static void
pw_stale_update(struct page_workloads *pw)
{
	for (int i = 0; i < pw->nsc; i++) {
		struct pw_scope *sc = &pw->sc[i];
		int stale = sc->started && informer_stalest(sc->inf, PW_N) != NULL;
		if (stale != sc->stale) {
			sc->stale = stale;
			pw->version++;
		}
	}
}

static void
pw_draw(struct page *pg, int y, int h, int w)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	pw_stale_update(pw);
	table_draw(pw->t, y, h, w, pw->nsc == 1 && pw->sc[0].stale);
	if (pw->n > 0 || h <= 3)
		return;
	char msg[600] = "";
	enum theme_el el = THEME_PENDING;
	for (int i = 0; i < pw->nsc && !msg[0]; i++) {
		struct pw_scope *sc = &pw->sc[i];
		if (sc->c->state == CLUSTER_FAILED)
			snprintf(msg, sizeof msg, "%s: %s", sc->c->context, sc->c->err.msg);
		for (int k = 0; k < PW_N && !msg[0]; k++)
			if (sc->inf[k] != NULL && informer_state(sc->inf[k]) == INFORMER_FAILED)
				snprintf(msg, sizeof msg, "%s", informer_error(sc->inf[k])->msg);
		if (msg[0])
			el = THEME_FLASH_ERROR;
	}
	if (msg[0])
		;
	else if (!pw->listed)
		snprintf(msg, sizeof msg, "listing workloads ...");
	else if (table_filter(pw->t)[0])
		snprintf(msg, sizeof msg, "no workloads match \"%s\"", table_filter(pw->t));
	else if (pw->project != NULL)
		snprintf(msg, sizeof msg, "No deployments, statefulsets, daemonsets or cronjobs in project %s.",
		    pw->project);
	else
		snprintf(msg, sizeof msg, "No deployments, statefulsets, daemonsets or cronjobs found%s%s.",
		    pw->ns[0] ? " in namespace " : "", pw->ns);
	screen_put(y + 2, 2, w - 4, msg, screen_attr(el), 1);
}

/* The selected workload and its part. */
static const struct workload *
pw_selected(struct page_workloads *pw, struct pw_scope **sc)
{
	long i = table_selected(pw->t);
	if (i < 0 || (size_t)i >= pw->n)
		return NULL;
	const struct workload *w = &pw->wl.v[pw->order[i]];
	*sc = &pw->sc[w->scope];
	return (*sc)->started ? w : NULL;
}

/* The marked workloads, else the selected one, for an operation (restart, delete). */
static size_t
pw_targets(struct page *pg, struct page_target **out)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	char **keys = table_targets(pw->t), key[600];
	size_t n = 0;
	*out = NULL;
	for (size_t row = 0; keys[0] != NULL && row < pw->n; row++) {
		pws_key(pw, row, key, sizeof key);
		for (char **k = keys; *k; k++) {
			if (strcmp(*k, key) != 0)
				continue;
			const struct workload *w = &pw->wl.v[pw->order[row]];
			struct cluster *c = pw->sc[w->scope].c;
			const struct kres *res = discovery_find(c->disc, workload_resource[w->kind]);
			if (res != NULL)
				page_targets_add(out, &n, c, res, w->ns, w->name);
			break;
		}
	}
	for (char **k = keys; *k; k++)
		free(*k);
	free(keys);
	return n;
}

static void
pw_unmark(struct page *pg)
{
	table_mark_clear(((struct page_workloads *)pg)->t);
}

static int
pw_all_namespaces(struct page_workloads *pw)
{
	struct app *app = pw->base.app;
	if (pw->project != NULL)
		return APP_NOTHING;
	const char *to = app_namespace_toggle(app, pw->ns, pw->base.cluster->conn->namespace);
	struct cluster *c = app_current_cluster(app);
	char *ns = xstrdup(to);
	app_pop(app);   /* frees this page: nothing of it may be used below */
	page_workloads_open(app, c, ns);
	free(ns);
	return APP_REDRAW;
}

static int
pw_action(struct page *pg, enum action a)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	struct pw_scope *sc;
	const struct workload *w;
	int r;

	if ((r = table_key(pw->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER:
		if ((w = pw_selected(pw, &sc)) == NULL)
			return APP_NOTHING;
		{
			struct page *ch = page_resource_children_of(pg->app, sc->c, workload_resource[w->kind], w->ns,
			    w->name, w->uid);
			if (ch != NULL)
				app_push(pg->app, ch);
		}
		return APP_REDRAW;
	case ACT_DESCRIBE: case ACT_YAML: case ACT_JSON:
		if ((w = pw_selected(pw, &sc)) == NULL || sc->inf[w->kind] == NULL)
			return APP_NOTHING;
		app_push(pg->app, page_object_new(pg->app, sc->c, sc->inf[w->kind],
		    discovery_find(sc->c->disc, workload_resource[w->kind])->kind, w->ns, w->name,
		    a == ACT_DESCRIBE ? PAGE_OBJ_DESCRIBE : a == ACT_YAML ? PAGE_OBJ_YAML : PAGE_OBJ_JSON, 0));
		return APP_REDRAW;
	case ACT_ALL_NAMESPACES:
		return pw_all_namespaces(pw);
	default:
		return APP_UNHANDLED;
	}
}

static void
pw_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	const char *f = table_filter(pw->t);
	if (pw->project != NULL)
		snprintf(buf, len, "workloads(project %s)%s%s", pw->project, f[0] ? " /" : "", f);
	else
		snprintf(buf, len, "workloads(%s)%s%s", pw->ns[0] ? pw->ns : "all", f[0] ? " /" : "", f);
}

static int
pw_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	return table_key_filter(((struct page_workloads *)pg)->t, text, err, errlen);
}

/* A stale part's cluster since when and why (of its informer stale the longest), as the
 * merged resource table says it; while listing, how far the pods are. */
static void
pw_status(struct page *pg, char *buf, size_t len)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	char st[600];
	size_t l = 0;

	buf[0] = '\0';
	for (int i = 0; i < pw->nsc && l < len; i++) {
		struct pw_scope *sc = &pw->sc[i];
		const struct informer *inf = sc->started ? informer_stalest(sc->inf, PW_N) : NULL;
		if (inf == NULL && !pw->listed)
			inf = sc->inf[PW_PODS];
		informer_status_on(inf, pw->nsc > 1 ? sc->c->context : NULL, st, sizeof st);
		if (st[0])
			l += (size_t)snprintf(buf + l, len - l, "%s%s", l ? "; " : "", st);
	}
}

static void
pw_free(struct page *pg)
{
	struct page_workloads *pw = (struct page_workloads *)pg;
	loop_timer_cancel(app_loop(pg->app), &pw->timer);
	for (int i = 0; i < pw->nsc; i++)
		pw_scope_stop(pw, &pw->sc[i]);
	workload_list_free(&pw->wl);
	filter_clear(&pw->f);
	table_free(&pw->t);
	free(pw->order);
	free(pw->partner);
	free(pw->role);
	free(pw->ns);
	free(pw->project);
	free(pw);
}

static const enum action pw_hint_actions[] = { ACT_HELP, ACT_COMMAND, ACT_ENTER, ACT_FILTER,
	ACT_DESCRIBE, ACT_EDIT, ACT_SCALE, ACT_RESTART, ACT_DELETE, ACT_MARK, ACT_SORT_NEXT, ACT_BACK, ACT_QUIT };
static const struct page_hints pw_hints = { pw_hint_actions, sizeof pw_hint_actions / sizeof pw_hint_actions[0],
	KEYMAP_KEYS, NULL };

static const struct page_ops page_workloads_ops = {
	.kind = "workloads", .hints = &pw_hints, .draw = pw_draw, .action = pw_action, .crumb = pw_crumb,
	.filter = pw_filter, .status = pw_status, .free = pw_free, .targets = pw_targets, .unmark = pw_unmark,
};

static struct page_workloads *
pw_new(struct app *app, struct cluster *const *clusters, int nc)
{
	struct page_workloads *pw = xcalloc(1, sizeof *pw);
	pw->base.ops = &page_workloads_ops;
	pw->base.app = app;
	pw->base.cluster = clusters[0];
	pw->sort_id = -1;
	for (int i = 0; i < nc && pw->nsc < PW_MAXC; i++)
		pw->sc[pw->nsc++].c = clusters[i];
	pw->t = table_new(&pw_source, pw);
	return pw;
}

struct page *
page_workloads_new(struct app *app, struct cluster *c, const char *ns)
{
	struct page_workloads *pw = pw_new(app, &c, 1);
	pw->ns = xstrdup(ns ? ns : "");
	pw->base.res_ns = pw->ns;
	pw_collect(pw);
	return &pw->base;
}

struct page *
page_workloads_project_new(struct app *app, struct cluster *const *clusters, int nc, const char *project,
    enum project_source source)
{
	struct page_workloads *pw = pw_new(app, clusters, nc);
	struct kd_err err = { 0 };
	char *path = xasprintf("%s/projects.yaml", config_dir());

	pw->ns = xstrdup("");
	pw->project = xstrdup(project);
	pw->source = source;
	for (int i = 0; i < pw->nsc; i++)
		if ((pw->sc[i].ps = projects_load(path, &err)) == NULL)
			pw->sc[i].ps = xcalloc(1, sizeof *pw->sc[i].ps);
	free(path);
	pw_collect(pw);
	return &pw->base;
}

void
page_workloads_open(struct app *app, struct cluster *c, const char *ns)
{
	app_set_namespace(app, ns);
	app_clear_stack(app);
	app_push(app, page_workloads_new(app, c, app_namespace(app)));
}
