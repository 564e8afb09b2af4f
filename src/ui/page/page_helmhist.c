/* A Helm release's history; see page_helmhist.h. Each revision keeps its data.release as
 * served (compressed) and a summary; its manifest, values, notes and hooks are decoded
 * again when one is opened or diffed, so a long history of large manifests is held
 * compressed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/helmrel.h"
#include "model/helmtext.h"
#include "model/helmvalues.h"
#include "model/store.h"
#include "ui/helmact.h"
#include "ui/page/page.h"
#include "ui/page/page_choice.h"
#include "ui/page/page_diff.h"
#include "ui/page/page_helm.h"
#include "ui/page/page_helmhist.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

struct hh_rev {
	long version;
	char *status, *chart, *app, *desc;
	time_t updated;
	char *data;        /* data.release as served: decoded when a view opens */
	int defaults;      /* the release holds chart.values */
};

struct page_helmhist {
	struct page base;
	struct table *t;
	const struct kres *res;
	char *ns, *name, *selector;
	struct hh_rev *revs;     /* newest first */
	size_t n;
	int read;                /* a read has answered */
	struct api_call *call;
	struct informer *inf;    /* the release's Secrets, watched: a new revision reads again */
	uint64_t store_seen, version;
	char err[640];
};

static const struct page_ops page_helmhist_ops;

/* ---- reading ---- */

static void
hh_revs_free(struct page_helmhist *hh)
{
	for (size_t i = 0; i < hh->n; i++) {
		struct hh_rev *r = &hh->revs[i];
		free(r->status);
		free(r->chart);
		free(r->app);
		free(r->desc);
		free(r->data);
	}
	free(hh->revs);
	hh->revs = NULL;
	hh->n = 0;
}

static int
hh_rev_cmp(const void *a, const void *b, void *ctx)
{
	const struct hh_rev *x = a, *y = b;
	(void)ctx;
	return x->version < y->version ? 1 : x->version > y->version ? -1 : 0;
}

static void
hh_on_list(struct api_call *c, const struct api_result *res, void *arg)
{
	struct page_helmhist *hh = arg;
	(void)c;
	hh->call = NULL;
	hh->read = 1;
	if (res->err.code != KD_OK) {
		if (res->err.code == KD_ERR_FORBIDDEN)
			snprintf(hh->err, sizeof hh->err, "Helm keeps its releases in Secrets, and reading them is "
			    "not allowed here: %s", res->err.msg);
		else
			snprintf(hh->err, sizeof hh->err, "%s", res->err.msg);
	} else {
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(res->body, "items"), *it;
		size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
		struct hh_rev *revs = xcalloc(n + 1, sizeof *revs);
		hh->err[0] = '\0';
		cJSON_ArrayForEach(it, items) {
			struct helmrel r;
			struct kd_err err = { 0 };
			if (helmrel_from_secret(&r, it, &err) < 0) {
				snprintf(hh->err, sizeof hh->err, "%s", err.msg);
				continue;
			}
			const cJSON *data = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(it, "data"),
			    "release");
			struct hh_rev *v = &revs[k++];
			v->version = r.version;
			v->status = xstrdup(r.status);
			v->chart = r.chart[0] ? xasprintf("%s-%s", r.chart, r.chart_version) : xstrdup("");
			v->app = xstrdup(r.app_version);
			v->desc = xstrdup(r.description);
			v->updated = r.last_deployed;
			v->data = xstrdup(data->valuestring);
			v->defaults = helmvalues_has_defaults(r.json);
			helmrel_free(&r);
		}
		util_sort(revs, k, sizeof *revs, hh_rev_cmp, NULL);
		hh_revs_free(hh);
		hh->revs = revs;
		hh->n = k;
	}
	hh->version++;
	hh->base.dirty = 1;
	app_dirty(hh->base.app);
}

static void
hh_read(struct page_helmhist *hh)
{
	api_cancel(&hh->call);
	if (hh->base.cluster->api == NULL)
		return;
	struct api_ref ref = api_ref_kres(hh->res, hh->ns, NULL);
	struct api_list_opts o = { .label_selector = hh->selector };
	hh->call = api_list(hh->base.cluster->api, &ref, &o, hh_on_list, hh);
}

static void
hh_listen(struct informer *inf, void *arg)
{
	struct page_helmhist *hh = arg;
	uint64_t v = store_version(informer_store(inf));
	if (!informer_synced(inf) || v == hh->store_seen)
		return;
	int first = hh->store_seen == 0;
	hh->store_seen = v;
	if (!first || hh->read)
		hh_read(hh);
}

/* ---- the table ---- */

enum { HHC_REV, HHC_UPDATED, HHC_STATUS, HHC_CHART, HHC_APP, HHC_DESC, HHC_N };
static const char *const hhc_names[HHC_N] = { "REVISION", "UPDATED", "STATUS", "CHART", "APP VERSION",
	"DESCRIPTION" };

static int hhs_ncols(void *arg) { (void)arg; return HHC_N; }

static void
hhs_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = hhc_names[i];
	c->right = i == HHC_REV;
}

static size_t hhs_nrows(void *arg) { return ((struct page_helmhist *)arg)->n; }

static void
hhs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_helmhist *hh = arg;
	buf[0] = '\0';
	if (row >= hh->n)
		return;
	const struct hh_rev *r = &hh->revs[row];
	switch (col) {
	case HHC_REV: snprintf(buf, len, "%ld", r->version); break;
	case HHC_UPDATED: {
		struct tm tm;
		if (r->updated > 0 && gmtime_r(&r->updated, &tm) != NULL)
			strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm);
		break;
	}
	case HHC_STATUS: snprintf(buf, len, "%s", r->status); break;
	case HHC_CHART: snprintf(buf, len, "%s", r->chart); break;
	case HHC_APP: snprintf(buf, len, "%s", r->app); break;
	case HHC_DESC:
		if (helmrel_pending(r->status) && row == 0)
			snprintf(buf, len, "%s (%s)", r->desc, PAGE_HELM_PENDING_NOTE);
		else
			snprintf(buf, len, "%s", r->desc);
		break;
	}
}

static void
hhs_key(void *arg, size_t row, char *buf, size_t len)
{
	struct page_helmhist *hh = arg;
	buf[0] = '\0';
	if (row < hh->n)
		snprintf(buf, len, "%ld", hh->revs[row].version);
}

static enum theme_el
hhs_row_el(void *arg, size_t row)
{
	struct page_helmhist *hh = arg;
	if (row >= hh->n)
		return THEME_ROW;
	const char *s = hh->revs[row].status;
	if (strcmp(s, "failed") == 0)
		return THEME_ERROR;
	if (helmrel_pending(s))
		return THEME_WARNING;
	if (strcmp(s, "deployed") == 0)
		return THEME_OK;
	return THEME_ROW;
}

static uint64_t hhs_version(void *arg) { return ((struct page_helmhist *)arg)->version; }

static const struct table_source_ops helmhist_source = {
	.ncols = hhs_ncols, .col = hhs_col, .nrows = hhs_nrows, .cell = hhs_cell, .key = hhs_key,
	.row_el = hhs_row_el, .version = hhs_version,
};

/* ---- a revision's texts ---- */

static void
hh_pager_text(struct pager *p, const char *text)
{
	const char *s = text;
	while (*s != '\0') {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *line = xstrndup(s, n);
		const char *t = line + strspn(line, " ");
		const char *colon = strstr(line, ": ");
		if (*t == '#')
			pager_add(p, line, 0, THEME_YAML_COMMENT, THEME_YAML_COMMENT, PAGER_PLAIN);
		else if (colon != NULL)
			pager_add(p, line, (int)(colon - line) + 1, THEME_YAML_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
		else if (n > 0 && line[n - 1] == ':')
			pager_add(p, line, (int)n, THEME_YAML_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
		else
			pager_add(p, line, 0, THEME_YAML_VALUE, THEME_YAML_VALUE, PAGER_PLAIN);
		free(line);
		s = nl ? nl + 1 : s + n;
	}
}

static const struct hh_rev *
hh_find(struct page_helmhist *hh, long version)
{
	for (size_t i = 0; i < hh->n; i++)
		if (hh->revs[i].version == version)
			return &hh->revs[i];
	return NULL;
}

static const struct hh_rev *
hh_selected(struct page_helmhist *hh)
{
	long i = table_selected(hh->t);
	return i >= 0 && (size_t)i < hh->n ? &hh->revs[i] : NULL;
}

/* A choice's context: copies, as the page may be gone when the choice ends. */
struct hh_pick {
	struct cluster *c;
	char *what;               /* "team-b/redis" */
	char *a, *b;              /* data.release of the revisions (a: none for a view) */
	long va, vb;
	enum helmtext codes[HELMTEXT_COUNT];
};

static void
hh_pick_free(struct hh_pick *pk)
{
	free(pk->what);
	free(pk->a);
	free(pk->b);
	free(pk);
}

static void
hh_show(struct app *app, struct cluster *c, const char *what, const char *data, long version,
    enum helmtext view)
{
	struct helmrel r;
	struct kd_err err = { 0 };
	if (helmrel_decode(&r, data, &err) < 0) {
		app_flash(app, 1, "revision %ld: %s", version, err.msg);
		return;
	}
	char title[600];
	snprintf(title, sizeof title, "helm %s revision %ld %s", what, version, helmtext_word(view));
	struct page *pg = page_text_new(app, c, title);
	struct pager *p = page_text_pager(pg);
	pager_addf(p, THEME_TITLE, "%s %s revision %ld (%s)", helmtext_head(view), what, version, r.status);
	char *text = helmtext_of(&r, view);
	if (text[0] == '\0')
		pager_addf(p, THEME_PENDING, "%s", view == HELMTEXT_HOOKS ? "no hooks" : view == HELMTEXT_NOTES ?
		    "no notes" : "empty");
	hh_pager_text(p, text);
	free(text);
	helmrel_free(&r);
	app_push(app, pg);
}

static void
hh_on_view(struct app *app, int index, void *arg)
{
	struct hh_pick *pk = arg;
	if (index >= 0)
		hh_show(app, pk->c, pk->what, pk->b, pk->vb, pk->codes[index]);
	hh_pick_free(pk);
}

static void
hh_on_diff(struct app *app, int index, void *arg)
{
	struct hh_pick *pk = arg;
	struct helmrel ra, rb;
	struct kd_err err = { 0 };
	if (index < 0) {
		hh_pick_free(pk);
		return;
	}
	enum helmtext view = pk->codes[index];
	if (helmrel_decode(&ra, pk->a, &err) < 0) {
		app_flash(app, 1, "revision %ld: %s", pk->va, err.msg);
		hh_pick_free(pk);
		return;
	}
	if (helmrel_decode(&rb, pk->b, &err) < 0) {
		app_flash(app, 1, "revision %ld: %s", pk->vb, err.msg);
		helmrel_free(&ra);
		hh_pick_free(pk);
		return;
	}
	char *ta = helmtext_of(&ra, view), *tb = helmtext_of(&rb, view);
	char title[600];
	snprintf(title, sizeof title, "helm %s: revision %ld -> %ld, %s", pk->what, pk->va, pk->vb, helmtext_word(view));
	page_diff_open(app, pk->c, title, NULL, ta, strlen(ta), tb, strlen(tb), NULL, NULL, NULL);
	free(ta);
	free(tb);
	helmrel_free(&ra);
	helmrel_free(&rb);
	hh_pick_free(pk);
}

static struct hh_pick *
hh_pick_new(struct page_helmhist *hh)
{
	struct hh_pick *pk = xcalloc(1, sizeof *pk);
	pk->c = hh->base.cluster;
	pk->what = xasprintf("%s/%s", hh->ns, hh->name);
	return pk;
}

/* Enter: which text of the selected revision. */
static int
hh_views(struct page_helmhist *hh)
{
	const struct hh_rev *r = hh_selected(hh);
	if (r == NULL)
		return APP_NOTHING;
	struct hh_pick *pk = hh_pick_new(hh);
	const char *items[5];
	size_t n = 0;
	pk->b = xstrdup(r->data);
	pk->vb = r->version;
	for (enum helmtext v = HELMTEXT_MANIFEST; v <= HELMTEXT_HOOKS; v++) {
		if (v == HELMTEXT_ALL && !r->defaults)
			continue;
		pk->codes[n] = v;
		items[n++] = helmtext_word(v);
	}
	char title[600];
	snprintf(title, sizeof title, "helm %s revision %ld", pk->what, r->version);
	app_push(hh->base.app, page_choice_new(hh->base.app, title, "show which of the revision?", items, n, 0,
	    hh_on_view, pk));
	return APP_FULL;
}

/* The diff key: the marked revision against the selected one; none marked, the one
 * before the selected. */
static int
hh_diff(struct page_helmhist *hh)
{
	const struct hh_rev *b = hh_selected(hh), *a = NULL;
	if (b == NULL)
		return APP_NOTHING;
	if (table_mark_count(hh->t) > 0) {
		char **keys = table_targets(hh->t);
		for (char **k = keys; *k != NULL && a == NULL; k++)
			if (strtol(*k, NULL, 10) != b->version)
				a = hh_find(hh, strtol(*k, NULL, 10));
		for (char **k = keys; *k != NULL; k++)
			free(*k);
		free(keys);
	} else {
		for (size_t i = 0; i < hh->n && a == NULL; i++)
			if (hh->revs[i].version < b->version)
				a = &hh->revs[i];
	}
	if (a == NULL) {
		app_flash(hh->base.app, 1, "revision %ld: no other revision to diff it with (mark one first)", b->version);
		return APP_REDRAW;
	}
	if (a->version > b->version) {   /* older on the left */
		const struct hh_rev *t = a;
		a = b;
		b = t;
	}
	struct hh_pick *pk = hh_pick_new(hh);
	pk->a = xstrdup(a->data);
	pk->b = xstrdup(b->data);
	pk->va = a->version;
	pk->vb = b->version;
	const char *items[3];
	size_t n = 0;
	for (enum helmtext v = HELMTEXT_MANIFEST; v <= HELMTEXT_ALL; v++) {
		if (v == HELMTEXT_ALL && !(a->defaults && b->defaults))
			continue;
		pk->codes[n] = v;
		items[n++] = helmtext_word(v);
	}
	char title[600];
	snprintf(title, sizeof title, "helm %s: revision %ld -> %ld", pk->what, pk->va, pk->vb);
	app_push(hh->base.app, page_choice_new(hh->base.app, title, "diff which of the two?", items, n, 0,
	    hh_on_diff, pk));
	return APP_FULL;
}

/* ---- the page ---- */

static void
helmhist_draw(struct page *pg, int y, int h, int w)
{
	struct page_helmhist *hh = (struct page_helmhist *)pg;
	table_draw(hh->t, y, h, w, 0);
	const char *say = hh->err[0] && hh->n == 0 ? hh->err : !hh->read ? "reading the release's Secrets ..." :
	    hh->n == 0 ? "No revisions: the release is gone." : NULL;
	if (say != NULL && h > 2)
		screen_put(y + 2, 2, w - 4, say, screen_attr(hh->err[0] ? THEME_ERROR : THEME_PENDING), 1);
}

/* After a rollback or an uninstall: the history on top reads again. */
static void
hh_after_op(struct app *app)
{
	struct page *top = app_page(app, 0);
	if (top != NULL && top->ops == &page_helmhist_ops)
		hh_read((struct page_helmhist *)top);
}

static int
helmhist_action(struct page *pg, enum action a)
{
	struct page_helmhist *hh = (struct page_helmhist *)pg;
	int ret;
	if ((ret = table_key(hh->t, a, 0)) != APP_UNHANDLED)
		return ret;
	switch (a) {
	case ACT_ENTER:
		return hh_views(hh);
	case ACT_YAML: {
		const struct hh_rev *r = hh_selected(hh);
		char what[600];
		if (r == NULL)
			return APP_NOTHING;
		snprintf(what, sizeof what, "%s/%s", hh->ns, hh->name);
		hh_show(pg->app, pg->cluster, what, r->data, r->version, HELMTEXT_MANIFEST);
		return APP_FULL;
	}
	case ACT_DIFF:
		return hh_diff(hh);
	case ACT_ROLLBACK: {
		const struct hh_rev *r = hh_selected(hh);
		if (r == NULL)
			return APP_NOTHING;
		helmact_rollback(pg->app, pg->cluster, hh->ns, hh->name, r->version, hh_after_op);
		return APP_REDRAW;
	}
	case ACT_DELETE:
		helmact_uninstall(pg->app, pg->cluster, hh->ns, hh->name, hh_after_op);
		return APP_REDRAW;
	case ACT_REFRESH:
		hh_read(hh);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static void
helmhist_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_helmhist *hh = (struct page_helmhist *)pg;
	snprintf(buf, len, "helm history %s/%s", hh->ns, hh->name);
}

static void
helmhist_status(struct page *pg, char *buf, size_t len)
{
	struct page_helmhist *hh = (struct page_helmhist *)pg;
	if (!hh->read)
		snprintf(buf, len, "reading");
	else if (hh->n > 0 && helmrel_pending(hh->revs[0].status))
		snprintf(buf, len, "%zu revision%s; stuck in %s: %s", hh->n, hh->n == 1 ? "" : "s", hh->revs[0].status,
		    PAGE_HELM_PENDING_NOTE);
	else
		snprintf(buf, len, "%zu revision%s%s%s", hh->n, hh->n == 1 ? "" : "s", hh->err[0] ? "; " : "", hh->err);
}

static void
helmhist_free(struct page *pg)
{
	struct page_helmhist *hh = (struct page_helmhist *)pg;
	api_cancel(&hh->call);
	informer_unlisten(hh->inf, hh_listen, hh);
	informer_release(&hh->inf);
	hh_revs_free(hh);
	table_free(&hh->t);
	free(hh->ns);
	free(hh->name);
	free(hh->selector);
	free(hh);
}

static const enum action helmhist_hint_actions[] = { ACT_ENTER, ACT_YAML, ACT_MARK, ACT_DIFF, ACT_ROLLBACK,
	ACT_DELETE, ACT_REFRESH, ACT_BACK, ACT_HELP };
static const char *const helmhist_hint_words[] = { "views", "manifest", NULL, NULL, "rollback", "uninstall",
	NULL, NULL, NULL };
static const struct page_hints helmhist_hints = { helmhist_hint_actions,
	sizeof helmhist_hint_actions / sizeof helmhist_hint_actions[0], KEYMAP_KEYS, helmhist_hint_words };

static const struct page_ops page_helmhist_ops = {
	.kind = "helm-history",
	.hints = &helmhist_hints,
	.draw = helmhist_draw,
	.action = helmhist_action,
	.crumb = helmhist_crumb,
	.status = helmhist_status,
	.free = helmhist_free,
};

int
page_helmhist_open(struct app *app, struct cluster *c, const char *ns, const char *name)
{
	if (c == NULL || c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c ? c->context : "the cluster");
		return -1;
	}
	const struct kres *res = discovery_find(c->disc, "secrets");
	if (res == NULL) {
		app_flash(app, 1, "the server does not serve secrets, where Helm keeps its releases");
		return -1;
	}
	struct page_helmhist *hh = xcalloc(1, sizeof *hh);
	hh->base.ops = &page_helmhist_ops;
	hh->base.app = app;
	hh->base.cluster = c;
	hh->res = res;
	hh->ns = xstrdup(ns);
	hh->name = xstrdup(name);
	hh->selector = xasprintf("%s,name=%s", HELMREL_SELECTOR, name);
	hh->base.res_group = "";
	hh->base.res_name = "secrets";
	hh->base.res_ns = hh->ns;
	hh->t = table_new(&helmhist_source, hh);
	hh->inf = informer_acquire(c->infs, res, hh->ns, hh->selector);
	informer_listen(hh->inf, hh_listen, hh);
	app_push(app, &hh->base);
	hh_read(hh);
	return 0;
}
