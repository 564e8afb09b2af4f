#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "model/store.h"
#include "kube/cluster.h"
#include "cmd.h"
#include "ui/page/page_clusters.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

enum { PC_CURRENT, PC_CONTEXT, PC_SERVER, PC_STATUS, PC_LATENCY, PC_VERSION, PC_AUTH, PC_NODES,
	PC_PODS, PC_NCOLS };
static const char *const pc_names[PC_NCOLS] = { " ", "CONTEXT", "SERVER", "STATUS", "LATENCY",
	"VERSION", "AUTH", "NODES", "PODS" };

struct page_clusters {
	struct page base;
	struct table *t;
	size_t *order;           /* visible cluster indexes, sorted and filtered */
	size_t n;
	int sort_col, desc;
	char filter[128];
	int invert;
	uint64_t version;
	struct informer **nodes, **pods;
};

static void
pc_cell_of(struct page_clusters *pc, size_t ci, int col, char *buf, size_t len)
{
	struct app *app = pc->base.app;
	struct cluster *c = app_cluster_at(app, ci);
	buf[0] = '\0';
	switch (col) {
	case PC_CURRENT: snprintf(buf, len, "%s", c == app_current_cluster(app) ? "*" : ""); break;
	case PC_CONTEXT: snprintf(buf, len, "%s", c->context); break;
	case PC_SERVER: snprintf(buf, len, "%s", c->conn ? c->conn->server : "-"); break;
	case PC_STATUS:
		snprintf(buf, len, "%s", c->state == CLUSTER_FAILED && c->err.code == KD_ERR_AUTH ?
		    (c->err.http_status == 401 ? "Unauthorized" : "No credential") :
		    c->state == CLUSTER_FAILED ? "Unreachable" :
		    c->conn != NULL && kauth_running(c->conn->auth) ? "Authenticating" : c->reachable == 1 ?
		    "Ready" : c->reachable == 0 ? "Unreachable" : c->state == CLUSTER_IDLE ? "-" : "Connecting");
		break;
	case PC_LATENCY:
		if (c->latency_ms >= 0 && c->reachable == 1)
			snprintf(buf, len, "%ldms", c->latency_ms);
		break;
	case PC_VERSION: snprintf(buf, len, "%s", c->version); break;
	case PC_AUTH: snprintf(buf, len, "%s", c->conn && c->conn->auth_method ? c->conn->auth_method : "-"); break;
	case PC_NODES: case PC_PODS: {
		struct informer *inf = col == PC_NODES ? pc->nodes[ci] : pc->pods[ci];
		if (inf != NULL && informer_synced(inf))
			snprintf(buf, len, "%zu", store_size(informer_store(inf)));
		else if (inf != NULL && informer_state(inf) == INFORMER_FAILED)
			snprintf(buf, len, "?");
		break;
	}
	}
}

static void pc_listen(struct informer *inf, void *arg);

/* Starts node and pod counts for clusters that are ready. */
static void
pc_watch(struct page_clusters *pc)
{
	struct app *app = pc->base.app;
	for (size_t i = 0; i < app_cluster_count(app); i++) {
		struct cluster *c = app_cluster_at(app, i);
		if (c->state != CLUSTER_READY || pc->nodes[i] != NULL)
			continue;
		const struct kres *no = discovery_find(c->disc, "nodes"), *po = discovery_find(c->disc, "pods");
		if (no) {
			pc->nodes[i] = informer_acquire(c->infs, no, NULL, NULL);
			informer_listen(pc->nodes[i], pc_listen, pc);
		}
		if (po) {
			pc->pods[i] = informer_acquire(c->infs, po, NULL, NULL);
			informer_listen(pc->pods[i], pc_listen, pc);
		}
	}
}

static int
pc_cmp(const void *a, const void *b, void *ctx)
{
	struct page_clusters *pc = ctx;
	char x[300], y[300];
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int col = pc->sort_col < 0 ? PC_CONTEXT : pc->sort_col, r;
	pc_cell_of(pc, i, col, x, sizeof x);
	pc_cell_of(pc, j, col, y, sizeof y);
	if (col == PC_LATENCY || col == PC_NODES || col == PC_PODS)
		r = atol(x) < atol(y) ? -1 : atol(x) > atol(y);
	else
		r = strcmp(x, y);
	if (r == 0)
		r = i < j ? -1 : i > j;
	return pc->desc ? -r : r;
}

static void
pc_rebuild(struct page_clusters *pc)
{
	struct app *app = pc->base.app;
	pc_watch(pc);
	pc->order = xreallocarray(pc->order, app_cluster_count(app) ? app_cluster_count(app) : 1, sizeof *pc->order);
	pc->n = 0;
	for (size_t i = 0; i < app_cluster_count(app); i++) {
		int match = 1;
		if (pc->filter[0]) {
			match = 0;
			for (int c = PC_CONTEXT; c < PC_NCOLS; c++) {
				char b[300];
				pc_cell_of(pc, i, c, b, sizeof b);
				if (strcasestr(b, pc->filter))
					match = 1;
			}
			if (pc->invert)
				match = !match;
		}
		if (match)
			pc->order[pc->n++] = i;
	}
	util_sort(pc->order, pc->n, sizeof *pc->order, pc_cmp, pc);
	pc->version++;
}

static int pcs_ncols(void *arg) { (void)arg; return PC_NCOLS; }
static void pcs_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = pc_names[i];
	c->width = 0;
	c->right = i == PC_LATENCY || i == PC_NODES || i == PC_PODS;
	c->wide = 0;
}
static size_t pcs_nrows(void *arg) { return ((struct page_clusters *)arg)->n; }
static void pcs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_clusters *pc = arg;
	if (row < pc->n)
		pc_cell_of(pc, pc->order[row], col, buf, len);
}
static void pcs_key(void *arg, size_t row, char *buf, size_t len)
{
	pcs_cell(arg, row, PC_CONTEXT, buf, len);
}
static enum theme_el pcs_row_el(void *arg, size_t row)
{
	char b[64];
	pcs_cell(arg, row, PC_STATUS, b, sizeof b);
	return !strcmp(b, "Ready") ? THEME_OK : !strcmp(b, "Unreachable") ? THEME_ERROR : THEME_PENDING;
}
static uint64_t pcs_version(void *arg) { return ((struct page_clusters *)arg)->version; }
static int pcs_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct page_clusters *pc = arg;
	(void)err;
	pc->invert = text[0] == '!';
	snprintf(pc->filter, sizeof pc->filter, "%s", text + pc->invert);
	pc_rebuild(pc);
	return 0;
}
static void pcs_set_sort(void *arg, int col, int desc)
{
	struct page_clusters *pc = arg;
	pc->sort_col = col;
	pc->desc = desc;
	pc_rebuild(pc);
}
static void pcs_get_sort(void *arg, int *col, int *desc)
{
	struct page_clusters *pc = arg;
	*col = pc->sort_col;
	*desc = pc->desc;
}

static const struct table_source_ops pc_source = {
	.ncols = pcs_ncols, .col = pcs_col, .nrows = pcs_nrows, .cell = pcs_cell, .key = pcs_key,
	.row_el = pcs_row_el, .version = pcs_version, .set_filter = pcs_set_filter,
	.set_sort = pcs_set_sort, .get_sort = pcs_get_sort,
};

static void
pc_listen(struct informer *inf, void *arg)
{
	struct page_clusters *pc = arg;
	(void)inf;
	pc->version++;
	app_dirty(pc->base.app);
}

static void
pc_draw(struct page *pg, int y, int h, int w)
{
	struct page_clusters *pc = (struct page_clusters *)pg;
	pc_rebuild(pc);
	table_draw(pc->t, y, h, w, 0);
}

static int
pc_action(struct page *pg, enum action a)
{
	struct page_clusters *pc = (struct page_clusters *)pg;
	int r;

	if ((r = table_key(pc->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_SORT_NAME:   /* the name column is CONTEXT here */
		table_sort_by_name(pc->t, "CONTEXT");
		break;
	case ACT_REFRESH:
		for (size_t i = 0; i < app_cluster_count(pg->app); i++)
			cluster_probe(app_cluster_at(pg->app, i));
		break;
	case ACT_ENTER: {
		const char *key = table_selected_key(pc->t);
		if (key != NULL) {
			/* a cluster drills to its namespaces, as a namespace does to its workloads */
			char *context = xstrdup(key);
			cmd_use_context(pg->app, context, "namespaces");   /* frees this page */
			free(context);
		}
		return APP_REDRAW;
	}
	default:
		return APP_UNHANDLED;
	}
	return APP_REDRAW;
}

static void
pc_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "clusters");
}

static int
pc_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	return table_key_filter(((struct page_clusters *)pg)->t, text, err, errlen);
}

static void
pc_free(struct page *pg)
{
	struct page_clusters *pc = (struct page_clusters *)pg;
	for (size_t i = 0; i < app_cluster_count(pg->app); i++) {
		if (pc->nodes[i]) {
			informer_unlisten(pc->nodes[i], pc_listen, pc);
			informer_release(&pc->nodes[i]);
		}
		if (pc->pods[i]) {
			informer_unlisten(pc->pods[i], pc_listen, pc);
			informer_release(&pc->pods[i]);
		}
	}
	free(pc->nodes);
	free(pc->pods);
	table_free(&pc->t);
	free(pc->order);
	free(pc);
}

static const struct page_ops page_clusters_ops = {
	.kind = "clusters", .hints = &page_hints_list, .draw = pc_draw, .action = pc_action, .crumb = pc_crumb,
	.filter = pc_filter, .free = pc_free,
};

struct page *
page_clusters_new(struct app *app)
{
	struct page_clusters *pc = xcalloc(1, sizeof *pc);
	pc->base.ops = &page_clusters_ops;
	pc->base.app = app;
	pc->sort_col = -1;
	pc->nodes = xcalloc(app_cluster_count(app) + 1, sizeof *pc->nodes);
	pc->pods = xcalloc(app_cluster_count(app) + 1, sizeof *pc->pods);
	/* every context: connect and measure, so the list fills in as answers come */
	for (size_t i = 0; i < app_cluster_count(app); i++) {
		cluster_connect(app_cluster_at(app, i), 0);
		cluster_probe(app_cluster_at(app, i));
	}
	pc->t = table_new(&pc_source, pc);
	pc_rebuild(pc);
	return &pc->base;
}
