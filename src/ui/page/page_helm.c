/* The Helm releases page; see page_helm.h.
 *
 * What is kept: the informer's compact rows of every release Secret (labels name, status,
 * version, createdAt, modifiedAt), grouped here into one row a release, and for each
 * release only its newest revision's summary (chart, versions, description, when it was
 * deployed), keyed by the Secret and its resourceVersion. The summaries come first from
 * one list of the Secrets that are not superseded (the newest revision nearly always is
 * one of them, so 9 in 10 revisions never travel), then, for what that missed or what
 * changed later, from a GET of the newest revision alone. */
#define _GNU_SOURCE   /* strcasestr */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/expr.h"
#include "model/helmrel.h"
#include "model/store.h"
#include "ui/helmact.h"
#include "ui/page/page.h"
#include "ui/page/page_helm.h"
#include "ui/page/page_helmhist.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

#define PH_GETS 16   /* GETs of single revisions in flight at most */

/* The newest revision decoded, as the list shows it. */
struct ph_sum {
	char *key;      /* "ns/secret" */
	char *rv;
	char *chart, *app, *desc;
	time_t updated;
	int failed;     /* desc holds why it could not be decoded */
};

struct ph_rel {
	char *ns, *name, *secret, *rv, *status;   /* copies: the store's rows come and go */
	long version;
	time_t stamp;               /* modifiedAt, else createdAt: until the summary comes */
	const struct ph_sum *sum;   /* NULL until decoded */
};

struct page_helm {
	struct page base;
	struct table *t;
	struct informer *inf;
	const struct kres *res;
	char *ns;                   /* "" all */
	struct ph_rel *rels;        /* every release */
	size_t nrels;
	size_t *vis;                /* the ones passing the filter, in order */
	size_t nvis;
	char filter[256];
	int sort_col, sort_desc;
	uint64_t store_seen, version;
	/* summaries: open addressing on key */
	struct ph_sum **sums;
	size_t sum_cap, sum_n;
	struct api_call *bulk;
	int bulk_done;
	char bulk_err[512];
	struct ph_get {
		struct page_helm *ph;
		struct api_call *call;
		char key[600];
	} gets[PH_GETS];
};

static const struct page_ops page_helm_ops;

/* ---- summaries ---- */

static uint64_t
ph_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct ph_sum **
ph_slot(struct page_helm *ph, const char *key)
{
	size_t i = ph_hash(key) & (ph->sum_cap - 1);
	while (ph->sums[i] != NULL && strcmp(ph->sums[i]->key, key) != 0)
		i = (i + 1) & (ph->sum_cap - 1);
	return &ph->sums[i];
}

static void
ph_sum_free(struct ph_sum *s)
{
	if (s == NULL)
		return;
	free(s->key);
	free(s->rv);
	free(s->chart);
	free(s->app);
	free(s->desc);
	free(s);
}

static const struct ph_sum *
ph_sum_find(struct page_helm *ph, const char *ns, const char *secret)
{
	char key[600];
	if (ph->sum_cap == 0)
		return NULL;
	snprintf(key, sizeof key, "%s/%s", ns, secret);
	return *ph_slot(ph, key);
}

static void
ph_sum_put(struct page_helm *ph, struct ph_sum *s)
{
	if ((ph->sum_n + 1) * 2 > ph->sum_cap) {
		struct ph_sum **old = ph->sums;
		size_t n = ph->sum_cap;
		ph->sum_cap = n ? n * 2 : 256;
		ph->sums = xcalloc(ph->sum_cap, sizeof *ph->sums);
		for (size_t i = 0; i < n; i++)
			if (old[i] != NULL)
				*ph_slot(ph, old[i]->key) = old[i];
		free(old);
	}
	struct ph_sum **slot = ph_slot(ph, s->key);
	if (*slot != NULL)
		ph_sum_free(*slot);
	else
		ph->sum_n++;
	*slot = s;
}

/* A Secret as served: its summary, decoded now (once per revision that is new). */
static void
ph_take_secret(struct page_helm *ph, const cJSON *secret)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(secret, "metadata");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(meta, "name");
	const cJSON *ns = cJSON_GetObjectItemCaseSensitive(meta, "namespace");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(meta, "resourceVersion");
	if (!cJSON_IsString(name))
		return;
	struct ph_sum *s = xcalloc(1, sizeof *s);
	s->key = xasprintf("%s/%s", cJSON_IsString(ns) ? ns->valuestring : "", name->valuestring);
	s->rv = xstrdup(cJSON_IsString(rv) ? rv->valuestring : "");
	struct helmrel r;
	struct kd_err err = { 0 };
	if (helmrel_from_secret(&r, secret, &err) < 0) {
		s->failed = 1;
		s->chart = xstrdup("?");
		s->app = xstrdup("?");
		s->desc = xstrdup(err.msg);
	} else {
		s->chart = r.chart[0] ? xasprintf("%s-%s", r.chart, r.chart_version) : xstrdup("");
		s->app = xstrdup(r.app_version);
		s->desc = xstrdup(r.description);
		s->updated = r.last_deployed;
		helmrel_free(&r);
	}
	ph_sum_put(ph, s);
}

/* ---- the releases from the store's rows ---- */

static int
ph_rel_cmp(const void *a, const void *b)
{
	const struct ph_rel *x = a, *y = b;
	int c = strcmp(x->ns, y->ns);
	if (c == 0)
		c = strcmp(x->name, y->name);
	if (c == 0)
		c = x->version < y->version ? 1 : x->version > y->version ? -1 : 0;   /* newest first */
	return c;
}

static int
ph_vis_cmp(const void *a, const void *b, void *ctx)
{
	struct page_helm *ph = ctx;
	const struct ph_rel *x = &ph->rels[*(const size_t *)a], *y = &ph->rels[*(const size_t *)b];
	int c = 0;
	switch (ph->sort_col) {
	case 2: c = x->version < y->version ? -1 : x->version > y->version; break;
	case 3: c = strcmp(x->status, y->status); break;
	case 4: c = strcmp(x->sum ? x->sum->chart : "", y->sum ? y->sum->chart : ""); break;
	case 5: c = strcmp(x->sum ? x->sum->app : "", y->sum ? y->sum->app : ""); break;
	case 6: {
		time_t tx = x->sum && x->sum->updated ? x->sum->updated : x->stamp;
		time_t ty = y->sum && y->sum->updated ? y->sum->updated : y->stamp;
		c = tx < ty ? -1 : tx > ty;
		break;
	}
	case 1: c = strcmp(x->ns, y->ns); break;
	default: c = strcmp(x->name, y->name); break;
	}
	if (c == 0)
		c = strcmp(x->ns, y->ns) ? strcmp(x->ns, y->ns) : strcmp(x->name, y->name);
	return ph->sort_desc ? -c : c;
}

static void ph_note(const struct ph_rel *r, char *buf, size_t len);

static int
ph_matches(struct page_helm *ph, const struct ph_rel *r)
{
	if (ph->filter[0] == '\0')
		return 1;
	char note[600];
	ph_note(r, note, sizeof note);
	const char *f[] = { r->name, r->ns, r->status, r->sum ? r->sum->chart : "", r->sum ? r->sum->app : "", note };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strcasestr(f[i], ph->filter) != NULL)
			return 1;
	return 0;
}

static void
ph_visible(struct page_helm *ph)
{
	free(ph->vis);
	ph->vis = xcalloc(ph->nrels + 1, sizeof *ph->vis);
	ph->nvis = 0;
	for (size_t i = 0; i < ph->nrels; i++)
		if (ph_matches(ph, &ph->rels[i]))
			ph->vis[ph->nvis++] = i;
	util_sort(ph->vis, ph->nvis, sizeof *ph->vis, ph_vis_cmp, ph);
	ph->version++;
}

static time_t
ph_label_time(const struct store_row *row)
{
	const char *v = store_row_label(row, "modifiedAt");
	if (v == NULL)
		v = store_row_label(row, "createdAt");
	return v ? (time_t)strtoll(v, NULL, 10) : 0;
}

static void ph_fetch_missing(struct page_helm *ph);

static void
ph_rels_free(struct page_helm *ph)
{
	for (size_t i = 0; i < ph->nrels; i++) {
		struct ph_rel *r = &ph->rels[i];
		free(r->ns);
		free(r->name);
		free(r->secret);
		free(r->rv);
		free(r->status);
	}
	free(ph->rels);
	ph->rels = NULL;
	ph->nrels = 0;
}

/* Groups the store's rows into releases, the newest revision of each. */
static void
ph_rebuild(struct page_helm *ph)
{
	struct store *s = informer_store(ph->inf);
	store_set_filter(s, "", NULL);
	size_t n = store_visible(s), k = 0;
	struct ph_rel *all = xcalloc(n + 1, sizeof *all);
	for (size_t i = 0; i < n; i++) {
		const struct store_row *row = store_at(s, i);
		const char *name = store_row_label(row, "name"), *ver = store_row_label(row, "version");
		if (name == NULL || ver == NULL)
			continue;
		const char *status = store_row_label(row, "status");
		struct ph_rel *r = &all[k++];
		/* borrowed from the row while grouping; the kept ones are copied below */
		r->ns = (char *)store_row_namespace(row);
		r->name = (char *)name;
		r->secret = (char *)store_row_name(row);
		r->rv = (char *)store_row_rv(row);
		r->status = (char *)(status ? status : "unknown");
		r->version = strtol(ver, NULL, 10);
		r->stamp = ph_label_time(row);
	}
	qsort(all, k, sizeof *all, ph_rel_cmp);
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (m > 0 && strcmp(all[m - 1].ns, all[i].ns) == 0 && strcmp(all[m - 1].name, all[i].name) == 0)
			continue;
		all[m] = all[i];
		all[m].ns = xstrdup(all[m].ns);
		all[m].name = xstrdup(all[m].name);
		all[m].secret = xstrdup(all[m].secret);
		all[m].rv = xstrdup(all[m].rv);
		all[m].status = xstrdup(all[m].status);
		const struct ph_sum *sum = ph_sum_find(ph, all[m].ns, all[m].secret);
		/* a summary of this very revision, or why it could not be read (kept until a refresh) */
		all[m].sum = sum != NULL && (strcmp(sum->rv, all[m].rv) == 0 || (sum->failed && sum->rv[0] == '\0')) ?
		    sum : NULL;
		m++;
	}
	ph_rels_free(ph);
	ph->rels = all;
	ph->nrels = m;
	ph->store_seen = store_version(s);
	ph_visible(ph);
	ph_fetch_missing(ph);
}

/* ---- reading what the rows lack ---- */

static void
ph_on_get(struct api_call *c, const struct api_result *res, void *arg)
{
	struct ph_get *g = arg;
	struct page_helm *ph = g->ph;
	(void)c;
	g->call = NULL;
	if (res->err.code == KD_OK && res->body != NULL)
		ph_take_secret(ph, res->body);
	else {
		struct ph_sum *s = xcalloc(1, sizeof *s);
		const char *slash = strchr(g->key, '/');
		s->key = xstrdup(g->key);
		s->rv = xstrdup("");
		s->failed = 1;
		s->chart = xstrdup("?");
		s->app = xstrdup("?");
		s->desc = xasprintf("%s: %s", slash ? slash + 1 : g->key, res->err.msg);
		ph_sum_put(ph, s);
	}
	ph_rebuild(ph);
	ph->base.dirty = 1;
	app_dirty(ph->base.app);
}

static int
ph_getting(struct page_helm *ph, const char *key)
{
	for (int i = 0; i < PH_GETS; i++)
		if (ph->gets[i].call != NULL && strcmp(ph->gets[i].key, key) == 0)
			return 1;
	return 0;
}

static void
ph_fetch_missing(struct page_helm *ph)
{
	if (!ph->bulk_done || ph->base.cluster->api == NULL)
		return;
	for (size_t i = 0; i < ph->nrels; i++) {
		const struct ph_rel *r = &ph->rels[i];
		char key[600];
		if (r->sum != NULL)
			continue;
		snprintf(key, sizeof key, "%s/%s", r->ns, r->secret);
		if (ph_getting(ph, key))
			continue;
		int slot = -1;
		for (int k = 0; k < PH_GETS && slot < 0; k++)
			if (ph->gets[k].call == NULL)
				slot = k;
		if (slot < 0)
			return;   /* the next answer continues */
		struct ph_get *g = &ph->gets[slot];
		g->ph = ph;
		snprintf(g->key, sizeof g->key, "%s", key);
		struct api_ref ref = api_ref_kres(ph->res, r->ns, r->secret);
		g->call = api_get(ph->base.cluster->api, &ref, ph_on_get, g);
	}
}

static void
ph_on_bulk(struct api_call *c, const struct api_result *res, void *arg)
{
	struct page_helm *ph = arg;
	(void)c;
	ph->bulk = NULL;
	ph->bulk_done = 1;
	if (res->err.code != KD_OK)
		snprintf(ph->bulk_err, sizeof ph->bulk_err, "%s", res->err.msg);
	else {
		const cJSON *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res->body, "items"))
			ph_take_secret(ph, it);
	}
	ph_rebuild(ph);
	ph->base.dirty = 1;
	app_dirty(ph->base.app);
}

static void
ph_read(struct page_helm *ph)
{
	api_cancel(&ph->bulk);
	for (int i = 0; i < PH_GETS; i++)
		api_cancel(&ph->gets[i].call);
	ph->bulk_done = 0;
	ph->bulk_err[0] = '\0';
	for (size_t i = 0; i < ph->sum_cap; i++)   /* what failed is asked again */
		if (ph->sums[i] != NULL && ph->sums[i]->failed && ph->sums[i]->rv[0] == '\0') {
			free(ph->sums[i]->rv);
			ph->sums[i]->rv = xstrdup("-");
		}
	if (ph->base.cluster->api == NULL)
		return;
	struct api_ref ref = api_ref_kres(ph->res, ph->ns, NULL);
	struct api_list_opts o = { .label_selector = HELMREL_SELECTOR ",status!=superseded" };
	ph->bulk = api_list(ph->base.cluster->api, &ref, &o, ph_on_bulk, ph);
}

static void
ph_listen(struct informer *inf, void *arg)
{
	struct page_helm *ph = arg;
	if (store_version(informer_store(inf)) != ph->store_seen)
		ph_rebuild(ph);
	ph->base.dirty = 1;
	app_dirty(ph->base.app);
}

/* ---- the table ---- */

enum { PHC_NAME, PHC_NS, PHC_REV, PHC_STATUS, PHC_CHART, PHC_APP, PHC_UPDATED, PHC_NOTE, PHC_N };
static const char *const phc_names[PHC_N] = { "NAME", "NAMESPACE", "REVISION", "STATUS", "CHART",
	"APP VERSION", "UPDATED", "NOTE" };

static void
ph_note(const struct ph_rel *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (helmrel_pending(r->status))
		snprintf(buf, len, "%s", PAGE_HELM_PENDING_NOTE);
	else if (r->sum != NULL && (r->sum->failed || strcmp(r->status, "failed") == 0))
		snprintf(buf, len, "%s", r->sum->desc);
}

static int phs_ncols(void *arg) { (void)arg; return PHC_N; }

static void
phs_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = phc_names[i];
	c->right = i == PHC_REV;
}

static size_t phs_nrows(void *arg) { return ((struct page_helm *)arg)->nvis; }

static const struct ph_rel *
ph_row(struct page_helm *ph, size_t row)
{
	return row < ph->nvis ? &ph->rels[ph->vis[row]] : NULL;
}

static void
phs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_helm *ph = arg;
	const struct ph_rel *r = ph_row(ph, row);
	buf[0] = '\0';
	if (r == NULL)
		return;
	switch (col) {
	case PHC_NAME: snprintf(buf, len, "%s", r->name); break;
	case PHC_NS: snprintf(buf, len, "%s", r->ns); break;
	case PHC_REV: snprintf(buf, len, "%ld", r->version); break;
	case PHC_STATUS: snprintf(buf, len, "%s", r->status); break;
	case PHC_CHART: snprintf(buf, len, "%s", r->sum ? r->sum->chart : "..."); break;
	case PHC_APP: snprintf(buf, len, "%s", r->sum ? r->sum->app : "..."); break;
	case PHC_UPDATED: {
		time_t t = r->sum && r->sum->updated ? r->sum->updated : r->stamp;
		struct tm tm;
		if (t > 0 && gmtime_r(&t, &tm) != NULL)
			strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
		break;
	}
	case PHC_NOTE: ph_note(r, buf, len); break;
	}
}

static void
phs_key(void *arg, size_t row, char *buf, size_t len)
{
	const struct ph_rel *r = ph_row(arg, row);
	if (r != NULL)
		snprintf(buf, len, "%s/%s", r->ns, r->name);
	else
		buf[0] = '\0';
}

static enum theme_el
phs_row_el(void *arg, size_t row)
{
	const struct ph_rel *r = ph_row(arg, row);
	if (r == NULL)
		return THEME_ROW;
	if (strcmp(r->status, "failed") == 0 || (r->sum && r->sum->failed))
		return THEME_ERROR;
	if (helmrel_pending(r->status))
		return THEME_WARNING;
	if (strcmp(r->status, "uninstalling") == 0 || strcmp(r->status, "uninstalled") == 0)
		return THEME_TERMINATED;
	return THEME_ROW;
}

static uint64_t phs_version(void *arg) { return ((struct page_helm *)arg)->version; }

static int
phs_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct page_helm *ph = arg;
	(void)err;
	snprintf(ph->filter, sizeof ph->filter, "%s", text ? text : "");
	ph_visible(ph);
	return 0;
}

static void
phs_set_sort(void *arg, int col, int desc)
{
	struct page_helm *ph = arg;
	ph->sort_col = col < 0 ? PHC_NAME : col;
	ph->sort_desc = desc;
	ph_visible(ph);
}

static void
phs_get_sort(void *arg, int *col, int *desc)
{
	struct page_helm *ph = arg;
	*col = ph->sort_col;
	*desc = ph->sort_desc;
}

static const struct table_source_ops helm_source = {
	.ncols = phs_ncols, .col = phs_col, .nrows = phs_nrows, .cell = phs_cell, .key = phs_key,
	.row_el = phs_row_el, .version = phs_version, .set_filter = phs_set_filter,
	.set_sort = phs_set_sort, .get_sort = phs_get_sort,
};

/* ---- the page ---- */

static size_t
ph_decoded(const struct page_helm *ph)
{
	size_t n = 0;
	for (size_t i = 0; i < ph->nrels; i++)
		n += ph->rels[i].sum != NULL;
	return n;
}

static void
helm_draw(struct page *pg, int y, int h, int w)
{
	struct page_helm *ph = (struct page_helm *)pg;
	if (ph->store_seen != store_version(informer_store(ph->inf)))
		ph_rebuild(ph);
	table_draw(ph->t, y, h, w, informer_rows_stale(ph->inf));
	char say[900];
	say[0] = '\0';
	int error = 0;
	if (informer_state(ph->inf) == INFORMER_FAILED) {
		const struct kd_err *e = informer_error(ph->inf);
		error = 1;
		if (e->code == KD_ERR_FORBIDDEN)
			snprintf(say, sizeof say, "Helm keeps its releases in Secrets, and listing them is not allowed "
			    "here: %s", e->msg);
		else
			snprintf(say, sizeof say, "%s", e->msg);
	} else if (!informer_synced(ph->inf))
		snprintf(say, sizeof say, "listing the release Secrets (label owner=helm) ...");
	else if (ph->nrels == 0)
		snprintf(say, sizeof say, "No Helm releases%s%s.", ph->ns[0] ? " in " : "", ph->ns);
	if (say[0] != '\0' && h > 2)
		screen_put(y + 2, 2, w - 4, say, screen_attr(error ? THEME_ERROR : THEME_PENDING), 1);
}

static void
helm_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_helm *ph = (struct page_helm *)pg;
	snprintf(buf, len, "helm %s", ph->ns[0] ? ph->ns : "all namespaces");
}

static void
helm_status(struct page *pg, char *buf, size_t len)
{
	struct page_helm *ph = (struct page_helm *)pg;
	char st[256];
	informer_status(ph->inf, st, sizeof st);
	if (!informer_synced(ph->inf)) {
		snprintf(buf, len, "%s", st[0] ? st : "listing");
		return;
	}
	size_t stuck = 0, failed = 0, done = ph_decoded(ph);
	for (size_t i = 0; i < ph->nrels; i++) {
		stuck += helmrel_pending(ph->rels[i].status);
		failed += strcmp(ph->rels[i].status, "failed") == 0;
	}
	int n = snprintf(buf, len, "%zu release%s", ph->nrels, ph->nrels == 1 ? "" : "s");
	if (n >= 0 && (size_t)n < len && stuck)
		n += snprintf(buf + n, len - n, ", %zu stuck", stuck);
	if (n >= 0 && (size_t)n < len && failed)
		n += snprintf(buf + n, len - n, ", %zu failed", failed);
	if (n >= 0 && (size_t)n < len && done < ph->nrels)
		n += snprintf(buf + n, len - n, ", decoding %zu/%zu", done, ph->nrels);
	if (n >= 0 && (size_t)n < len && ph->bulk_err[0])
		n += snprintf(buf + n, len - n, "; %s", ph->bulk_err);
	if (n >= 0 && (size_t)n < len && st[0])
		snprintf(buf + n, len - n, "; %s", st);
}

static int
helm_action(struct page *pg, enum action a)
{
	struct page_helm *ph = (struct page_helm *)pg;
	int ret;
	if ((ret = table_key(ph->t, a, 0)) != APP_UNHANDLED)
		return ret;
	switch (a) {
	case ACT_ENTER:
	case ACT_HISTORY: {
		long i = table_selected(ph->t);
		const struct ph_rel *r = i >= 0 ? ph_row(ph, (size_t)i) : NULL;
		if (r == NULL)
			return APP_NOTHING;
		page_helmhist_open(pg->app, pg->cluster, r->ns, r->name);
		return APP_FULL;
	}
	case ACT_ROLLBACK:
	case ACT_DELETE: {
		long i = table_selected(ph->t);
		const struct ph_rel *r = i >= 0 ? ph_row(ph, (size_t)i) : NULL;
		if (r == NULL)
			return APP_NOTHING;
		if (a == ACT_ROLLBACK)
			helmact_rollback(pg->app, pg->cluster, r->ns, r->name, 0, NULL);
		else
			helmact_uninstall(pg->app, pg->cluster, r->ns, r->name, NULL);
		return APP_REDRAW;
	}
	case ACT_REFRESH:
		ph_read(ph);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static int
helm_changed(struct page *pg)
{
	struct page_helm *ph = (struct page_helm *)pg;
	return ph->store_seen != store_version(informer_store(ph->inf)) || table_window_changed(ph->t);
}

static void
helm_free(struct page *pg)
{
	struct page_helm *ph = (struct page_helm *)pg;
	informer_unlisten(ph->inf, ph_listen, ph);
	informer_release(&ph->inf);
	api_cancel(&ph->bulk);
	for (int i = 0; i < PH_GETS; i++)
		api_cancel(&ph->gets[i].call);
	for (size_t i = 0; i < ph->sum_cap; i++)
		ph_sum_free(ph->sums[i]);
	free(ph->sums);
	ph_rels_free(ph);
	free(ph->vis);
	table_free(&ph->t);
	free(ph->ns);
	free(ph);
}

static const enum action helm_hint_actions[] = { ACT_ENTER, ACT_ROLLBACK, ACT_DELETE, ACT_FILTER,
	ACT_SORT_NEXT, ACT_REFRESH, ACT_BACK, ACT_HELP };
static const char *const helm_hint_words[] = { "history", "rollback", "uninstall", NULL, NULL, NULL, NULL,
	NULL };
static const struct page_hints helm_hints = { helm_hint_actions,
	sizeof helm_hint_actions / sizeof helm_hint_actions[0], KEYMAP_KEYS, helm_hint_words };

static const struct page_ops page_helm_ops = {
	.kind = "helm",
	.hints = &helm_hints,
	.draw = helm_draw,
	.action = helm_action,
	.crumb = helm_crumb,
	.status = helm_status,
	.changed = helm_changed,
	.free = helm_free,
};

struct page *
page_helm_new(struct app *app, struct cluster *c, const char *ns)
{
	if (c == NULL || c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c ? c->context : "the cluster");
		return NULL;
	}
	const struct kres *res = discovery_find(c->disc, "secrets");
	if (res == NULL) {
		app_flash(app, 1, "the server does not serve secrets, where Helm keeps its releases");
		return NULL;
	}
	struct page_helm *ph = xcalloc(1, sizeof *ph);
	ph->base.ops = &page_helm_ops;
	ph->base.app = app;
	ph->base.cluster = c;
	ph->res = res;
	ph->ns = xstrdup(ns ? ns : "");
	ph->base.res_group = "";
	ph->base.res_name = "secrets";
	ph->base.res_ns = ph->ns[0] ? ph->ns : NULL;
	ph->sort_col = PHC_NAME;
	ph->t = table_new(&helm_source, ph);
	ph->inf = informer_acquire(c->infs, res, ph->ns[0] ? ph->ns : NULL, HELMREL_SELECTOR);
	informer_listen(ph->inf, ph_listen, ph);
	ph_read(ph);
	ph_rebuild(ph);
	return &ph->base;
}
