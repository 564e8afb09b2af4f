#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "config.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "loop.h"
#include "model/project.h"
#include "model/store.h"
#include "model/view.h"
#include "model/workload.h"
#include "kube/cluster.h"
#include "ui/page/page_projects.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "ui/page/page_workloads.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

/* What a project page watches, shared by the list and the project it opens. */
enum { PJ_NS, PJ_PODS, PJ_DEPLOY, PJ_STS, PJ_DS, PJ_RS, PJ_OPENSHIFT, PJ_N };
static const char *const pj_res[PJ_N] = { "namespaces", "pods", "deployments", "statefulsets",
	"daemonsets", "replicasets", "projects.project.openshift.io" };

struct pj_watch {
	struct informer *inf[PJ_N];
	void (*changed)(void *arg);
	void *arg;
};

static void
pj_listen(struct informer *inf, void *arg)
{
	struct pj_watch *w = arg;
	(void)inf;
	w->changed(w->arg);
}

static void
pj_watch_start(struct pj_watch *w, struct cluster *c, void (*changed)(void *), void *arg)
{
	w->changed = changed;
	w->arg = arg;
	for (int k = 0; k < PJ_N; k++) {
		const struct kres *res = discovery_find(c->disc, pj_res[k]);
		if (res == NULL)
			continue;
		w->inf[k] = informer_acquire(c->infs, res, NULL, NULL);
		informer_listen(w->inf[k], pj_listen, w);
	}
}

static void
pj_watch_stop(struct pj_watch *w)
{
	for (int k = 0; k < PJ_N; k++)
		if (w->inf[k] != NULL) {
			informer_unlisten(w->inf[k], pj_listen, w);
			informer_release(&w->inf[k]);
		}
}

/* The rows of informer k (every row: the filter is cleared), or NULL before it synced. */
static struct store *
pj_store(struct pj_watch *w, int k)
{
	if (w->inf[k] == NULL || !informer_synced(w->inf[k]))
		return NULL;
	struct store *s = informer_store(w->inf[k]);
	store_set_filter(s, "", NULL);
	return s;
}

static uint64_t
pj_version(struct pj_watch *w)
{
	uint64_t v = 0;
	for (int k = 0; k < PJ_N; k++)
		if (w->inf[k] != NULL)
			v = v * 31 + store_version(informer_store(w->inf[k])) + (uint64_t)informer_synced(w->inf[k]);
	return v;
}

/* Resolves the projects from the namespaces informer, then OpenShift's projects when served
 * (a user may list those without being allowed to list namespaces). */
static void
pj_resolve(struct projects *ps, struct pj_watch *w, const char *context)
{
	projects_resolve_stores(ps, context, pj_store(w, PJ_NS), pj_store(w, PJ_OPENSHIFT));
}

/* ==== the list of projects ==== */

enum { PP_NAME, PP_SOURCE, PP_NS, PP_PODS, PP_READY, PP_RESTARTS, PP_FAILING, PP_MEMBERS, PP_NCOLS };
static const char *const pp_names[PP_NCOLS] = { "PROJECT", "SOURCE", "NAMESPACES", "PODS",
	"WORKLOADS READY", "RESTARTS", "FAILING", "MEMBERS" };

struct pp_stat {
	long ns, pods, restarts, failing, ready, desired;
};

#define PP_MAXX 7           /* other contexts the list counts, for projects with contexts: */

struct page_projects {
	struct page base;
	struct pj_watch w;
	struct projects *ps;
	struct pp_stat *stat;
	size_t *order;
	size_t n;
	struct table *t;
	int sort_col, desc;
	char filter[128];
	int invert;
	uint64_t seen, version;
	/* the other contexts of projects.yaml projects with contexts: their namespaces and pods
	 * count in the row of the project on this one */
	int nx;
	struct cluster *xc[PP_MAXX];
	int xstarted[PP_MAXX];
	struct pj_watch xw[PP_MAXX];
	struct projects *xps[PP_MAXX];   /* resolved for xc[i]'s context */
	/* whose counts are not the server's now: this cluster's dim every row, another's
	 * the rows of the projects that span it */
	int stale, xstale[PP_MAXX];
};

/* Adds the namespaces, pods and workloads of w's cluster to the projects' stats; of[p] is
 * project p as resolved on that cluster (NULL: not there). */
static void
pp_stats_add(struct page_projects *pp, struct pj_watch *w, const struct project *const *of)
{
	struct projects *ps = pp->ps;
	struct store *s;

	for (size_t p = 0; p < ps->n; p++)
		if (of[p] != NULL)
			pp->stat[p].ns += (long)of[p]->nns;
	if ((s = pj_store(w, PJ_PODS)) != NULL) {
		int restarts = view_col_index(store_view(s), "RESTARTS");
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			for (size_t p = 0; p < ps->n; p++)
				if (of[p] != NULL && project_has(of[p], store_row_namespace(r))) {
					pp->stat[p].pods++;
					pp->stat[p].restarts += restarts >= 0 ? atol(store_row_cell(r, restarts)) : 0;
					pp->stat[p].failing += workload_pod_failing(s, r);
				}
		}
	}
	for (int k = PJ_DEPLOY; k <= PJ_DS; k++) {
		if ((s = pj_store(w, k)) == NULL)
			continue;
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			int a, b;
			if (workload_row_ready((enum workload_kind)(k - PJ_DEPLOY), s, r, &a, &b) != 0)
				continue;
			for (size_t p = 0; p < ps->n; p++)
				if (of[p] != NULL && project_has(of[p], store_row_namespace(r))) {
					pp->stat[p].ready += a;
					pp->stat[p].desired += b;
				}
		}
	}
}

static void pp_changed(void *arg);

/* Whether p is a projects.yaml project with contexts: naming context. */
static int
pp_spans(const struct project *p, const char *context)
{
	for (size_t i = 0; p->source == PROJECT_FILE && i < p->ncontexts; i++)
		if (strcmp(p->contexts[i], context) == 0)
			return 1;
	return 0;
}

static void
pp_stats(struct page_projects *pp)
{
	struct projects *ps = pp->ps;
	const struct project **of = xcalloc(ps->n ? ps->n : 1, sizeof *of);

	pp->stat = xreallocarray(pp->stat, ps->n ? ps->n : 1, sizeof *pp->stat);
	memset(pp->stat, 0, (ps->n ? ps->n : 1) * sizeof *pp->stat);
	for (size_t p = 0; p < ps->n; p++)
		of[p] = &ps->v[p];
	pp_stats_add(pp, &pp->w, of);
	for (int x = 0; x < pp->nx; x++) {
		if (!pp->xstarted[x])
			continue;
		pj_resolve(pp->xps[x], &pp->xw[x], pp->xc[x]->context);
		for (size_t p = 0; p < ps->n; p++)
			of[p] = pp_spans(&ps->v[p], pp->base.cluster->context) &&
			    pp_spans(&ps->v[p], pp->xc[x]->context) ?
			    projects_find(pp->xps[x], ps->v[p].name, PROJECT_FILE) : NULL;
		pp_stats_add(pp, &pp->xw[x], of);
	}
	free(of);
}

/* The other contexts' watches, started once their cluster is connected; part of the version
 * so that a cluster connecting (or its lists moving) rebuilds the rows. */
static uint64_t
pp_others(struct page_projects *pp)
{
	uint64_t v = 0;
	for (int x = 0; x < pp->nx; x++) {
		if (!pp->xstarted[x] && pp->xc[x]->state == CLUSTER_READY) {
			pj_watch_start(&pp->xw[x], pp->xc[x], pp_changed, pp);
			pp->xstarted[x] = 1;
		}
		v = v * 31 + (pp->xstarted[x] ? pj_version(&pp->xw[x]) + 1 : 0);
	}
	return v;
}

static void
pp_cell_of(struct page_projects *pp, size_t i, int col, char *buf, size_t len)
{
	const struct project *p = &pp->ps->v[i];
	const struct pp_stat *st = &pp->stat[i];
	buf[0] = '\0';
	switch (col) {
	case PP_NAME: /* OpenShift's display name beside the name, as `oc projects` shows it */
		snprintf(buf, len, p->display ? "%s (%s)" : "%s", p->name, p->display);
		break;
	case PP_SOURCE: snprintf(buf, len, "%s", project_source_name(p->source)); break;
	case PP_NS: snprintf(buf, len, "%ld", st->ns); break;
	case PP_PODS: snprintf(buf, len, "%ld", st->pods); break;
	case PP_READY: snprintf(buf, len, "%ld/%ld", st->ready, st->desired); break;
	case PP_RESTARTS: snprintf(buf, len, "%ld", st->restarts); break;
	case PP_FAILING: snprintf(buf, len, "%ld", st->failing); break;
	case PP_MEMBERS: {
		size_t l = 0;
		for (size_t k = 0; k < p->nns && l + 1 < len; k++)
			l += (size_t)snprintf(buf + l, len - l, "%s%s", k ? "," : "", p->ns[k]);
		break;
	}
	}
}

static int
pp_cmp(const void *a, const void *b, void *ctx)
{
	struct page_projects *pp = ctx;
	char x[300], y[300];
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int col = pp->sort_col < 0 ? PP_NAME : pp->sort_col, r;
	pp_cell_of(pp, i, col, x, sizeof x);
	pp_cell_of(pp, j, col, y, sizeof y);
	if (col >= PP_NS && col <= PP_FAILING)
		r = atol(x) < atol(y) ? -1 : atol(x) > atol(y);
	else
		r = strcmp(x, y);
	if (r == 0)
		r = i < j ? -1 : i > j;
	return pp->desc ? -r : r;
}

/* Everything from the informers again when they moved (or the filter or sort did). */
static void
pp_rebuild(struct page_projects *pp, int force)
{
	uint64_t v = pj_version(&pp->w) * 131 + pp_others(pp);
	if (!force && v == pp->seen)
		return;
	pp->seen = v;
	pj_resolve(pp->ps, &pp->w, pp->base.cluster->context);
	pp_stats(pp);
	pp->order = xreallocarray(pp->order, pp->ps->n ? pp->ps->n : 1, sizeof *pp->order);
	pp->n = 0;
	for (size_t i = 0; i < pp->ps->n; i++) {
		const struct project *p = &pp->ps->v[i];
		if (p->source == PROJECT_FILE && !project_on(p, pp->base.cluster->context))
			continue;   /* another context's */
		int match = 1;
		if (pp->filter[0]) {
			match = 0;
			for (int c = 0; c < PP_NCOLS && !match; c++) {
				char b[600];
				pp_cell_of(pp, i, c, b, sizeof b);
				match = strcasestr(b, pp->filter) != NULL;
			}
			if (pp->invert)
				match = !match;
		}
		if (match)
			pp->order[pp->n++] = i;
	}
	util_sort(pp->order, pp->n, sizeof *pp->order, pp_cmp, pp);
	pp->version++;
}

static int pps_ncols(void *arg) { (void)arg; return PP_NCOLS; }
static void
pps_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = pp_names[i];
	c->width = 0;
	c->right = i >= PP_NS && i <= PP_FAILING;
	c->wide = 0;
}
static size_t pps_nrows(void *arg) { return ((struct page_projects *)arg)->n; }
static void
pps_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_projects *pp = arg;
	buf[0] = '\0';
	if (row < pp->n)
		pp_cell_of(pp, pp->order[row], col, buf, len);
}
static void
pps_key(void *arg, size_t row, char *buf, size_t len)
{
	struct page_projects *pp = arg;
	buf[0] = '\0';
	if (row < pp->n) {
		const struct project *p = &pp->ps->v[pp->order[row]];
		snprintf(buf, len, "%s/%s", project_source_name(p->source), p->name);
	}
}
/* Whether the row of project p counts a cluster whose rows are stale. */
static int
pp_row_stale(const struct page_projects *pp, const struct project *p)
{
	int stale = pp->stale;
	for (int x = 0; x < pp->nx && !stale; x++)
		stale = pp->xstale[x] && pp_spans(p, pp->base.cluster->context) && pp_spans(p, pp->xc[x]->context);
	return stale;
}

static enum theme_el
pps_row_el(void *arg, size_t row)
{
	struct page_projects *pp = arg;
	if (row >= pp->n)
		return THEME_ROW;
	if (pp_row_stale(pp, &pp->ps->v[pp->order[row]]))
		return THEME_STALE;
	const struct pp_stat *st = &pp->stat[pp->order[row]];
	return st->failing > 0 ? THEME_ERROR : st->ready < st->desired ? THEME_WARNING : THEME_ROW;
}
static uint64_t pps_version(void *arg) { return ((struct page_projects *)arg)->version; }
static int
pps_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct page_projects *pp = arg;
	(void)err;
	pp->invert = text[0] == '!';
	snprintf(pp->filter, sizeof pp->filter, "%s", text + pp->invert);
	pp_rebuild(pp, 1);
	return 0;
}
static void
pps_set_sort(void *arg, int col, int desc)
{
	struct page_projects *pp = arg;
	pp->sort_col = col;
	pp->desc = desc;
	pp_rebuild(pp, 1);
}
static void
pps_get_sort(void *arg, int *col, int *desc)
{
	struct page_projects *pp = arg;
	*col = pp->sort_col;
	*desc = pp->desc;
}

static const struct table_source_ops pp_source = {
	.ncols = pps_ncols, .col = pps_col, .nrows = pps_nrows, .cell = pps_cell, .key = pps_key,
	.row_el = pps_row_el, .version = pps_version, .set_filter = pps_set_filter,
	.set_sort = pps_set_sort, .get_sort = pps_get_sort,
};

static void
pp_changed(void *arg)
{
	struct page_projects *pp = arg;
	app_dirty(pp->base.app);
}

/* Each cluster counted stale or live as its informers are now. */
static void
pp_stale_update(struct page_projects *pp)
{
	int stale = informer_stalest(pp->w.inf, PJ_N) != NULL;
	pp->version += stale != pp->stale;
	pp->stale = stale;
	for (int x = 0; x < pp->nx; x++) {
		stale = pp->xstarted[x] && informer_stalest(pp->xw[x].inf, PJ_N) != NULL;
		pp->version += stale != pp->xstale[x];
		pp->xstale[x] = stale;
	}
}

/* A stale cluster since when and why, as the merged resource table says it; by its name
 * when the list counts several. */
static void
pp_status(struct page *pg, char *buf, size_t len)
{
	struct page_projects *pp = (struct page_projects *)pg;
	char st[600];
	size_t l = 0;

	buf[0] = '\0';
	for (int x = -1; x < pp->nx && l < len; x++) {
		if (x >= 0 && !pp->xstarted[x])
			continue;
		const struct informer *inf = informer_stalest(x < 0 ? pp->w.inf : pp->xw[x].inf, PJ_N);
		informer_status_on(inf, pp->nx == 0 ? NULL : x < 0 ? pp->base.cluster->context : pp->xc[x]->context,
		    st, sizeof st);
		if (st[0])
			l += (size_t)snprintf(buf + l, len - l, "%s%s", l ? "; " : "", st);
	}
}

static void
pp_draw(struct page *pg, int y, int h, int w)
{
	struct page_projects *pp = (struct page_projects *)pg;
	pp_rebuild(pp, 0);
	pp_stale_update(pp);
	table_draw(pp->t, y, h, w, 0);
	if (pp->n == 0 && h > 3) {
		struct informer *ns = pp->w.inf[PJ_NS];
		const char *msg = ns != NULL && informer_state(ns) == INFORMER_FAILED ? informer_error(ns)->msg :
		    pj_store(&pp->w, PJ_NS) == NULL ? "listing namespaces ..." : pp->filter[0] ?
		    "no project matches the filter" :
		    "No projects: no namespace has a Rancher project or KubeSphere workspace label, and "
		    "projects.yaml (beside config.yaml, see kdeck(5)) names none for this context.";
		screen_put(y + 2, 2, w - 4, msg, screen_attr(THEME_PENDING), 1);
	}
}

#define PJ_MAXC 8           /* contexts of one project page */

/* The clusters a project is shown on: the list's, then a projects.yaml project's other
 * contexts:. Returns how many (at most PJ_MAXC). */
static int
pj_clusters(struct page_projects *pp, const struct project *p, struct cluster **cs)
{
	int nc = 0;
	cs[nc++] = pp->base.cluster;
	for (size_t i = 0; p->source == PROJECT_FILE && i < p->ncontexts && nc < PJ_MAXC; i++) {
		struct cluster *c = app_cluster(pp->base.app, p->contexts[i]);
		int dup = c == NULL;
		for (int k = 0; k < nc && !dup; k++)
			dup = cs[k] == c;
		if (!dup)
			cs[nc++] = c;
	}
	return nc;
}

static struct page *pj_project_new(struct page_projects *pp, const struct project *p, struct cluster *const *cs,
    int nc);

static int
pp_action(struct page *pg, enum action a)
{
	struct page_projects *pp = (struct page_projects *)pg;
	int r;

	if ((r = table_key(pp->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_SORT_NAME:   /* the name column is PROJECT here */
		table_sort_by_name(pp->t, "PROJECT");
		break;
	case ACT_ENTER: case ACT_DESCRIBE: {
		long i = table_selected(pp->t);
		if (i < 0 || (size_t)i >= pp->n)
			break;
		const struct project *p = &pp->ps->v[pp->order[i]];
		struct cluster *cs[PJ_MAXC];
		int nc = pj_clusters(pp, p, cs);
		/* Enter: its workloads; d: the summary of its namespaces and failing pods */
		app_push(pg->app, a == ACT_ENTER ? page_workloads_project_new(pg->app, cs, nc, p->name, p->source) :
		    pj_project_new(pp, p, cs, nc));
		break;
	}
	default:
		return APP_UNHANDLED;
	}
	return APP_REDRAW;
}

static void
pp_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "projects");
}

static int
pp_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	return table_key_filter(((struct page_projects *)pg)->t, text, err, errlen);
}

static void
pp_free(struct page *pg)
{
	struct page_projects *pp = (struct page_projects *)pg;
	pj_watch_stop(&pp->w);
	for (int x = 0; x < pp->nx; x++) {
		if (pp->xstarted[x])
			pj_watch_stop(&pp->xw[x]);
		projects_free(&pp->xps[x]);
	}
	projects_free(&pp->ps);
	table_free(&pp->t);
	free(pp->stat);
	free(pp->order);
	free(pp);
}

static const struct page_ops page_projects_ops = {
	.kind = "projects", .hints = &page_hints_list, .draw = pp_draw, .action = pp_action, .crumb = pp_crumb,
	.filter = pp_filter, .status = pp_status, .free = pp_free,
};

struct page *
page_projects_new(struct app *app, struct cluster *c)
{
	struct page_projects *pp = xcalloc(1, sizeof *pp);
	struct kd_err err = { 0 };
	char *path = xasprintf("%s/projects.yaml", config_dir());

	pp->base.ops = &page_projects_ops;
	pp->base.app = app;
	pp->base.cluster = c;
	pp->sort_col = -1;
	pp->ps = projects_load(path, &err);
	if (pp->ps == NULL) {
		app_flash(app, 1, "%s (Rancher and KubeSphere projects are still shown)", err.msg);
		pp->ps = xcalloc(1, sizeof *pp->ps);
	}
	for (size_t i = 0; i < pp->ps->n; i++) {
		const struct project *p = &pp->ps->v[i];
		for (size_t k = 0; pp_spans(p, c->context) && k < p->ncontexts && pp->nx < PP_MAXX; k++) {
			struct cluster *x = strcmp(p->contexts[k], c->context) ? app_cluster(app, p->contexts[k]) : NULL;
			int dup = x == NULL;
			for (int j = 0; j < pp->nx && !dup; j++)
				dup = pp->xc[j] == x;
			if (dup)
				continue;
			pp->xc[pp->nx] = x;
			if ((pp->xps[pp->nx] = projects_load(path, &err)) == NULL)
				pp->xps[pp->nx] = xcalloc(1, sizeof *pp->xps[pp->nx]);
			pp->nx++;
		}
	}
	free(path);
	pj_watch_start(&pp->w, c, pp_changed, pp);
	pp->t = table_new(&pp_source, pp);
	pp_rebuild(pp, 1);
	return &pp->base;
}

/* ==== one project ==== */

#define PJ_REFILL_MS 300   /* bursts of watch events become one refill */

/* One project's page; a projects.yaml project with contexts: shows each of them, a
 * CLUSTER column first, the others with the context on screen. */
struct pj_one {
	struct page *pg;
	struct loop_timer *timer;
	int nc;
	struct cluster *c[PJ_MAXC];
	int started[PJ_MAXC];
	struct pj_watch w[PJ_MAXC];
	struct projects *ps[PJ_MAXC]; /* resolved for c[i]'s context */
	char *name;
	enum project_source source;
};

static void pj_one_changed(void *arg);

static void
pj_one_refill(struct page *pg, struct pager *p, void *arg)
{
	struct pj_one *po = arg;
	const struct project *pr[PJ_MAXC] = { 0 };
	int multi = po->nc > 1, waiting = 0, listed = 1, stale[PJ_MAXC] = { 0 };
	size_t nns = 0;
	char on[400] = "", cl[PJ_MAXC][64];
	(void)pg;

	for (int i = 0; i < po->nc; i++) {
		struct cluster *c = po->c[i];
		if (!po->started[i] && c->state == CLUSTER_READY) {
			pj_watch_start(&po->w[i], c, pj_one_changed, po);
			po->started[i] = 1;
		}
		waiting |= !po->started[i] && c->state != CLUSTER_FAILED;
		stale[i] = po->started[i] && informer_stalest(po->w[i].inf, PJ_N) != NULL;
		if (multi) {
			char name[48];
			table_cluster_cell(c->context, stale[i], name, sizeof name);
			snprintf(cl[i], sizeof cl[i], "%-10s ", name);
		} else
			cl[i][0] = '\0';
		size_t l = strlen(on);
		snprintf(on + l, sizeof on - l, "%s%s", i ? ", " : "", c->context);
		if (!po->started[i]) {
			listed = 0;
			continue;
		}
		pj_resolve(po->ps[i], &po->w[i], c->context);
		pr[i] = projects_find(po->ps[i], po->name, po->source);
		listed &= pj_store(&po->w[i], PJ_NS) != NULL;
		nns += pr[i] ? pr[i]->nns : 0;
	}
	if (waiting)
		pj_one_changed(po);   /* look again when the other clusters are connected */
	pager_addf(p, THEME_TITLE, "Project %s (%s) on %s", po->name, project_source_name(po->source), on);
	pager_addf(p, THEME_ROW, "%s", "");
	for (int i = 0; i < po->nc; i++)
		if (po->c[i]->state == CLUSTER_FAILED)
			pager_addf(p, THEME_ERROR, "%s: %s", po->c[i]->context, po->c[i]->err.msg);
	if (nns == 0) {
		pager_addf(p, THEME_PENDING, listed ? "No namespaces belong to it now." : "Listing namespaces ...");
		return;
	}
	pager_addf(p, THEME_TITLE, "Namespaces (%zu):", nns);
	for (int c = 0; c < po->nc; c++) {
		struct store *pods = pr[c] ? pj_store(&po->w[c], PJ_PODS) : NULL;
		for (size_t i = 0; pr[c] != NULL && i < pr[c]->nns; i++) {
			long n = 0, failing = 0;
			for (size_t k = 0; pods != NULL && k < store_visible(pods); k++) {
				const struct store_row *r = store_at(pods, k);
				if (strcmp(store_row_namespace(r), pr[c]->ns[i]) == 0) {
					n++;
					failing += workload_pod_failing(pods, r);
				}
			}
			pager_addf(p, stale[c] ? THEME_STALE : failing ? THEME_ERROR : THEME_ROW, "  %s%-24s %ld pods%s%.0ld%s",
			    cl[c], pr[c]->ns[i],
			    n, failing ? ", " : "", failing, failing ? " failing" : "");
		}
	}
	pager_addf(p, THEME_ROW, "%s", "");
	pager_addf(p, THEME_TITLE, "Failing pods:");
	int any = 0;
	for (int c = 0; c < po->nc; c++) {
		struct store *pods = pr[c] ? pj_store(&po->w[c], PJ_PODS) : NULL;
		for (size_t k = 0; pods != NULL && k < store_visible(pods); k++) {
			const struct store_row *r = store_at(pods, k);
			if (!project_has(pr[c], store_row_namespace(r)) || !workload_pod_failing(pods, r))
				continue;
			int st = view_col_index(store_view(pods), "STATUS"), rs = view_col_index(store_view(pods), "RESTARTS");
			char restarts[128] = "";
			if (rs >= 0)   /* "(5m ago)" as of now */
				view_cell_render(store_view(pods), rs, store_row_cell(r, rs), time(NULL), restarts,
				    sizeof restarts);
			pager_addf(p, stale[c] ? THEME_STALE : THEME_ERROR, "  %s%-16s %-40s %-20s %s", cl[c],
			    store_row_namespace(r),
			    store_row_name(r), st >= 0 ? store_row_cell(r, st) : "", restarts);
			any = 1;
		}
	}
	if (!any)
		pager_addf(p, THEME_OK, "  none");
}

/* A stale cluster of the project since when and why, as the merged resource table says it. */
static void
pj_one_status(void *arg, char *buf, size_t len)
{
	struct pj_one *po = arg;
	char st[600];
	size_t l = 0;

	buf[0] = '\0';
	for (int i = 0; i < po->nc && l < len; i++) {
		if (!po->started[i])
			continue;
		informer_status_on(informer_stalest(po->w[i].inf, PJ_N), po->nc > 1 ? po->c[i]->context : NULL, st,
		    sizeof st);
		if (st[0])
			l += (size_t)snprintf(buf + l, len - l, "%s%s", l ? "; " : "", st);
	}
}

static void
pj_one_refill_due(void *arg)
{
	struct pj_one *po = arg;
	po->timer = NULL;
	page_text_refill_now(po->pg);
}

static void
pj_one_changed(void *arg)
{
	struct pj_one *po = arg;
	if (po->timer == NULL)
		po->timer = loop_timer_add(app_loop(po->pg->app), PJ_REFILL_MS, pj_one_refill_due, po);
}

static void
pj_one_free(void *arg)
{
	struct pj_one *po = arg;
	loop_timer_cancel(app_loop(po->pg->app), &po->timer);
	for (int i = 0; i < po->nc; i++) {
		if (po->started[i])
			pj_watch_stop(&po->w[i]);
		projects_free(&po->ps[i]);
	}
	free(po->name);
	free(po);
}

static struct page *
pj_project_new(struct page_projects *pp, const struct project *p, struct cluster *const *cs, int nc)
{
	char *title = xasprintf("project %s", p->name);
	struct page *pg = page_text_new(pp->base.app, pp->base.cluster, title);
	struct pj_one *po = xcalloc(1, sizeof *po);
	struct kd_err err = { 0 };
	char *path = xasprintf("%s/projects.yaml", config_dir());

	free(title);
	po->pg = pg;
	po->name = xstrdup(p->name);
	po->source = p->source;
	for (int i = 0; i < nc && i < PJ_MAXC; i++)
		po->c[po->nc++] = cs[i];
	for (int i = 0; i < po->nc; i++) {
		po->ps[i] = projects_load(path, &err);
		if (po->ps[i] == NULL)
			po->ps[i] = xcalloc(1, sizeof *po->ps[i]);
	}
	free(path);
	page_text_set_refill(pg, pj_one_refill, po, pj_one_free);
	page_text_set_status(pg, pj_one_status);
	page_text_refill_now(pg);
	return pg;
}
