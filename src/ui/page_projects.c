#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "loop.h"
#include "model/project.h"
#include "model/store.h"
#include "model/view.h"
#include "ui/cluster.h"
#include "ui/page_projects.h"
#include "ui/page_text.h"
#include "ui/pager.h"
#include "ui/screen.h"
#include "ui/table.h"
#include "ui/table_store.h"
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

static const char *
pj_cell(struct store *s, const struct store_row *r, const char *col)
{
	int c = view_col_index(store_view(s), col);
	return c >= 0 ? store_row_cell(r, c) : "";
}

/* Ready and desired of a workload row. */
static int
pj_ready(struct store *s, const struct store_row *r, int k, int *ready, int *desired)
{
	if (k == PJ_DS) {
		*ready = atoi(pj_cell(s, r, "READY"));
		*desired = atoi(pj_cell(s, r, "DESIRED"));
		return 0;
	}
	return sscanf(pj_cell(s, r, "READY"), "%d/%d", ready, desired) == 2 ? 0 : -1;
}

static int
pj_failing(struct store *s, const struct store_row *r)
{
	return table_store_health(pj_cell(s, r, "STATUS"), pj_cell(s, r, "READY"),
	    pj_cell(s, r, "RESTARTS")) == THEME_ERROR;
}

/* Resolves the projects from the namespaces informer, then OpenShift's projects when served
 * (a user may list those without being allowed to list namespaces). */
static void
pj_resolve(struct projects *ps, struct pj_watch *w, const char *context)
{
	struct store *s = pj_store(w, PJ_NS);
	if (s != NULL) {
		size_t n = store_visible(s);
		const char **names = xcalloc(n ? n : 1, sizeof *names), **labels = xcalloc(n ? n : 1, sizeof *labels);
		for (size_t i = 0; i < n; i++) {
			names[i] = store_row_name(store_at(s, i));
			labels[i] = store_row_labels(store_at(s, i));
		}
		projects_resolve(ps, context, n, names, labels);
		free(names);
		free(labels);
	}
	if ((s = pj_store(w, PJ_OPENSHIFT)) != NULL) {
		size_t n = store_visible(s);
		const char **names = xcalloc(n ? n : 1, sizeof *names), **disp = xcalloc(n ? n : 1, sizeof *disp);
		for (size_t i = 0; i < n; i++) {
			names[i] = store_row_name(store_at(s, i));
			disp[i] = pj_cell(s, store_at(s, i), "DISPLAY NAME");
		}
		projects_resolve_openshift(ps, n, names, disp);
		free(names);
		free(disp);
	}
}

/* ==== the list of projects ==== */

enum { PP_NAME, PP_SOURCE, PP_NS, PP_PODS, PP_READY, PP_RESTARTS, PP_FAILING, PP_MEMBERS, PP_NCOLS };
static const char *const pp_names[PP_NCOLS] = { "PROJECT", "SOURCE", "NAMESPACES", "PODS",
	"WORKLOADS READY", "RESTARTS", "FAILING", "MEMBERS" };

struct pp_stat {
	long pods, restarts, failing, ready, desired;
};

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
};

static void
pp_stats(struct page_projects *pp)
{
	struct projects *ps = pp->ps;
	struct store *s;

	pp->stat = xreallocarray(pp->stat, ps->n ? ps->n : 1, sizeof *pp->stat);
	memset(pp->stat, 0, (ps->n ? ps->n : 1) * sizeof *pp->stat);
	if ((s = pj_store(&pp->w, PJ_PODS)) != NULL)
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			for (size_t p = 0; p < ps->n; p++)
				if (project_has(&ps->v[p], store_row_namespace(r))) {
					pp->stat[p].pods++;
					pp->stat[p].restarts += atol(pj_cell(s, r, "RESTARTS"));
					pp->stat[p].failing += pj_failing(s, r);
				}
		}
	for (int k = PJ_DEPLOY; k <= PJ_DS; k++) {
		if ((s = pj_store(&pp->w, k)) == NULL)
			continue;
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			int a, b;
			if (pj_ready(s, r, k, &a, &b) != 0)
				continue;
			for (size_t p = 0; p < ps->n; p++)
				if (project_has(&ps->v[p], store_row_namespace(r))) {
					pp->stat[p].ready += a;
					pp->stat[p].desired += b;
				}
		}
	}
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
	case PP_NS: snprintf(buf, len, "%zu", p->nns); break;
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

static struct page_projects *pp_sorting;

static int
pp_cmp(const void *a, const void *b)
{
	char x[300], y[300];
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int col = pp_sorting->sort_col < 0 ? PP_NAME : pp_sorting->sort_col, r;
	pp_cell_of(pp_sorting, i, col, x, sizeof x);
	pp_cell_of(pp_sorting, j, col, y, sizeof y);
	if (col >= PP_NS && col <= PP_FAILING)
		r = atol(x) < atol(y) ? -1 : atol(x) > atol(y);
	else
		r = strcmp(x, y);
	if (r == 0)
		r = i < j ? -1 : i > j;
	return pp_sorting->desc ? -r : r;
}

/* Everything from the informers again when they moved (or the filter or sort did). */
static void
pp_rebuild(struct page_projects *pp, int force)
{
	uint64_t v = pj_version(&pp->w);
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
	pp_sorting = pp;
	qsort(pp->order, pp->n, sizeof *pp->order, pp_cmp);
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
static enum theme_el
pps_row_el(void *arg, size_t row)
{
	struct page_projects *pp = arg;
	if (row >= pp->n)
		return THEME_ROW;
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

static void
pp_draw(struct page *pg, int y, int h, int w)
{
	struct page_projects *pp = (struct page_projects *)pg;
	pp_rebuild(pp, 0);
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

static struct page *pj_project_new(struct page_projects *pp, const struct project *p);

static int
pp_action(struct page *pg, enum action a)
{
	struct page_projects *pp = (struct page_projects *)pg;
	switch (a) {
	case ACT_UP: table_move(pp->t, -1); break;
	case ACT_DOWN: table_move(pp->t, 1); break;
	case ACT_PAGE_UP: table_move(pp->t, -(LINES - 6)); break;
	case ACT_PAGE_DOWN: table_move(pp->t, LINES - 6); break;
	case ACT_TOP: table_top(pp->t); break;
	case ACT_BOTTOM: table_bottom(pp->t); break;
	case ACT_SORT_NEXT: table_sort_step(pp->t, 1); break;
	case ACT_SORT_PREV: table_sort_step(pp->t, -1); break;
	case ACT_SORT_REVERSE: table_sort_reverse(pp->t); break;
	case ACT_SORT_NAME: table_sort_by_name(pp->t, "PROJECT"); break;
	case ACT_ENTER: {
		long i = table_selected(pp->t);
		if (i >= 0 && (size_t)i < pp->n)
			app_push(pg->app, pj_project_new(pp, &pp->ps->v[pp->order[i]]));
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
	struct page_projects *pp = (struct page_projects *)pg;
	(void)err;
	(void)errlen;
	table_set_filter(pp->t, text, NULL);
	return 0;
}

static void
pp_free(struct page *pg)
{
	struct page_projects *pp = (struct page_projects *)pg;
	pj_watch_stop(&pp->w);
	projects_free(&pp->ps);
	table_free(&pp->t);
	free(pp->stat);
	free(pp->order);
	free(pp);
}

static const struct page_ops page_projects_ops = {
	.kind = "projects", .draw = pp_draw, .action = pp_action, .crumb = pp_crumb,
	.filter = pp_filter, .free = pp_free,
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
	free(path);
	pj_watch_start(&pp->w, c, pp_changed, pp);
	pp->t = table_new(&pp_source, pp);
	pp_rebuild(pp, 1);
	return &pp->base;
}

/* ==== one project ==== */

#define PJ_REFILL_MS 300   /* bursts of watch events become one refill */

#define PJ_MAXC 8           /* contexts of one project page */

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

/* Restarts of the pods of a workload: owned by it, or by a ReplicaSet it owns. */
static long
pj_restarts(struct pj_watch *w, struct store *pods, const struct store_row *wl, int k)
{
	struct store *rs = k == PJ_DEPLOY ? pj_store(w, PJ_RS) : NULL;
	const char *owners[64];
	size_t nown = 0;
	long sum = 0;

	owners[nown++] = store_row_uid(wl);
	for (size_t j = 0; rs != NULL && j < store_visible(rs) && nown < 64; j++)
		if (store_row_owned_by(store_at(rs, j), store_row_uid(wl)))
			owners[nown++] = store_row_uid(store_at(rs, j));
	for (size_t i = 0; i < store_visible(pods); i++) {
		const struct store_row *p = store_at(pods, i);
		if (strcmp(store_row_namespace(p), store_row_namespace(wl)) != 0)
			continue;
		for (size_t o = 0; o < nown; o++)
			if (store_row_owned_by(p, owners[o])) {
				sum += atol(pj_cell(pods, p, "RESTARTS"));
				break;
			}
	}
	return sum;
}

static void pj_one_changed(void *arg);

static void
pj_one_refill(struct page *pg, struct pager *p, void *arg)
{
	struct pj_one *po = arg;
	static const char *const kind[PJ_N] = { "", "", "deployment", "statefulset", "daemonset", "" };
	const struct project *pr[PJ_MAXC] = { 0 };
	int multi = po->nc > 1, waiting = 0, listed = 1;
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
		snprintf(cl[i], sizeof cl[i], multi ? "%-10s " : "", c->context);
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
					failing += pj_failing(pods, r);
				}
			}
			pager_addf(p, failing ? THEME_ERROR : THEME_ROW, "  %s%-24s %ld pods%s%.0ld%s", cl[c], pr[c]->ns[i],
			    n, failing ? ", " : "", failing, failing ? " failing" : "");
		}
	}
	pager_addf(p, THEME_ROW, "%s", "");
	pager_addf(p, THEME_TITLE, "Workloads:");
	pager_addf(p, THEME_TABLE_HEADER, "  %s%-16s %-12s %-28s %-8s %s", multi ? "CLUSTER    " : "", "NAMESPACE",
	    "KIND", "NAME", "READY", "RESTARTS");
	int any = 0;
	for (int c = 0; c < po->nc; c++) {
		struct store *pods = pr[c] ? pj_store(&po->w[c], PJ_PODS) : NULL;
		for (int k = PJ_DEPLOY; pr[c] != NULL && k <= PJ_DS; k++) {
			struct store *s = pj_store(&po->w[c], k);
			for (size_t i = 0; s != NULL && i < store_visible(s); i++) {
				const struct store_row *r = store_at(s, i);
				int a, b;
				if (!project_has(pr[c], store_row_namespace(r)) || pj_ready(s, r, k, &a, &b) != 0)
					continue;
				char rd[32];
				snprintf(rd, sizeof rd, "%d/%d", a, b);
				pager_addf(p, a < b ? THEME_WARNING : THEME_ROW, "  %s%-16s %-12s %-28s %-8s %ld", cl[c],
				    store_row_namespace(r), kind[k], store_row_name(r), rd,
				    pods ? pj_restarts(&po->w[c], pods, r, k) : 0L);
				any = 1;
			}
		}
	}
	if (!any)
		pager_addf(p, THEME_HINT, "  none");
	pager_addf(p, THEME_ROW, "%s", "");
	pager_addf(p, THEME_TITLE, "Failing pods:");
	any = 0;
	for (int c = 0; c < po->nc; c++) {
		struct store *pods = pr[c] ? pj_store(&po->w[c], PJ_PODS) : NULL;
		for (size_t k = 0; pods != NULL && k < store_visible(pods); k++) {
			const struct store_row *r = store_at(pods, k);
			if (!project_has(pr[c], store_row_namespace(r)) || !pj_failing(pods, r))
				continue;
			pager_addf(p, THEME_ERROR, "  %s%-16s %-40s %-20s %s", cl[c], store_row_namespace(r),
			    store_row_name(r), pj_cell(pods, r, "STATUS"), pj_cell(pods, r, "RESTARTS"));
			any = 1;
		}
	}
	if (!any)
		pager_addf(p, THEME_OK, "  none");
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
		po->timer = loop_timer_add(po->pg->app->loop, PJ_REFILL_MS, pj_one_refill_due, po);
}

static void
pj_one_free(void *arg)
{
	struct pj_one *po = arg;
	loop_timer_cancel(po->pg->app->loop, &po->timer);
	for (int i = 0; i < po->nc; i++) {
		if (po->started[i])
			pj_watch_stop(&po->w[i]);
		projects_free(&po->ps[i]);
	}
	free(po->name);
	free(po);
}

static struct page *
pj_project_new(struct page_projects *pp, const struct project *p)
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
	po->c[po->nc++] = pp->base.cluster;
	for (size_t i = 0; p->source == PROJECT_FILE && i < p->ncontexts && po->nc < PJ_MAXC; i++) {
		struct cluster *c = app_cluster(pp->base.app, p->contexts[i]);
		int dup = c == NULL;
		for (int k = 0; k < po->nc && !dup; k++)
			dup = po->c[k] == c;
		if (!dup)
			po->c[po->nc++] = c;
	}
	for (int i = 0; i < po->nc; i++) {
		po->ps[i] = projects_load(path, &err);
		if (po->ps[i] == NULL)
			po->ps[i] = xcalloc(1, sizeof *po->ps[i]);
	}
	free(path);
	page_text_set_refill(pg, pj_one_refill, po, pj_one_free);
	page_text_refill_now(pg);
	return pg;
}
