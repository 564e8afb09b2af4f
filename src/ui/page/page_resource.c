#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/kubeconfig.h"
#include "model/store.h"
#include "model/view.h"
#include "kube/cluster.h"
#include "ui/page/page_resource.h"
#include "ui/page/page_text.h"
#include "ui/page/page_workloads.h"
#include "ui/podact.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "ui/widget/table_store.h"
#include "util/xmalloc.h"

#define RP_MORE 8

enum rp_drill { RP_PLAIN, RP_OWNER_VIA_RS, RP_OWNER, RP_NODE, RP_VALUE };

struct page_resource {
	struct page base;
	struct kres res;
	char *ns;                 /* "" all */
	char *selector;
	char *title;
	struct informer *inf;
	uint64_t drawn_state;     /* the informers' states and synced flags at the last draw */
	struct informer *more_inf[RP_MORE];
	struct cluster *more[RP_MORE];
	int nmore;
	struct table_store *ts;
	struct table *t;
	/* drill-down by owner or node */
	enum rp_drill drill;
	char *owner_uid, *node, *col, *value;   /* RP_VALUE: col's cell is value */
	struct informer *rs_inf;  /* ReplicaSets when pods belong to a deployment */
	char **rs_uids;
	size_t nrs;
	uint64_t rs_version;
	struct http_req *req;
};

static void rp_listen(struct informer *inf, void *arg);
static int rp_changed(struct page *pg);

/* The state and synced flag of every cluster's informer, 4 bits each. */
static uint64_t
rp_state(const struct page_resource *rp)
{
	uint64_t v = (uint64_t)informer_state(rp->inf) * 2 + !!informer_synced(rp->inf);
	for (int k = 0; k < rp->nmore; k++)
		v |= ((uint64_t)informer_state(rp->more_inf[k]) * 2 + !!informer_synced(rp->more_inf[k])) <<
		    (4 * (k + 1));
	return v;
}

static void
rp_rs_refresh(struct page_resource *rp)
{
	struct store *s = informer_store(rp->rs_inf);
	if (store_version(s) == rp->rs_version)
		return;
	rp->rs_version = store_version(s);
	for (size_t i = 0; i < rp->nrs; i++)
		free(rp->rs_uids[i]);
	rp->nrs = 0;
	store_set_filter(s, "", NULL);
	size_t n = store_visible(s);
	rp->rs_uids = xreallocarray(rp->rs_uids, n ? n : 1, sizeof *rp->rs_uids);
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(s, i);
		if (store_row_owned_by(r, rp->owner_uid))
			rp->rs_uids[rp->nrs++] = xstrdup(store_row_uid(r));
	}
	table_store_pred_changed(rp->ts);
}

static int
rp_pred(const struct store_row *r, void *arg)
{
	struct page_resource *rp = arg;

	switch (rp->drill) {
	case RP_OWNER:
		return store_row_owned_by(r, rp->owner_uid);
	case RP_OWNER_VIA_RS:
		for (size_t i = 0; i < rp->nrs; i++)
			if (store_row_owned_by(r, rp->rs_uids[i]))
				return 1;
		return 0;
	case RP_NODE: {
		int c = view_col_index(store_view(informer_store(rp->inf)), "NODE");
		return c >= 0 && strcmp(store_row_cell(r, c), rp->node) == 0;
	}
	case RP_VALUE: {
		int c = view_col_index(store_view(informer_store(rp->inf)), rp->col);
		return c >= 0 && strcmp(store_row_cell(r, c), rp->value) == 0;
	}
	default:
		return 1;
	}
}

/* A store's filter belongs to whoever set it last: another page on the same informer,
 * one lingering from a page already closed, pulse, completion. This page's own filter
 * (the table's) is put back before its rows are read. */
static void
rp_filter_sync(struct page_resource *rp)
{
	const char *want = table_filter(rp->t);
	int differs = strcmp(store_filter(informer_store(rp->inf)), want) != 0;
	for (int k = 0; k < rp->nmore && !differs; k++)
		differs = strcmp(store_filter(informer_store(rp->more_inf[k])), want) != 0;
	if (differs) {
		char *copy = xstrdup(want);   /* the table keeps it in the buffer it writes */
		table_set_filter(rp->t, copy, NULL);
		free(copy);
	}
}

static void
rp_draw(struct page *pg, int y, int h, int w)
{
	struct page_resource *rp = (struct page_resource *)pg;
	int stale = informer_rows_stale(rp->inf);

	rp->drawn_state = rp_state(rp);
	if (rp->nmore > 0) {
		/* one cluster down dims its rows only: the others' are live */
		table_store_set_stale(rp->ts, 0, stale);
		for (int k = 0; k < rp->nmore; k++)
			table_store_set_stale(rp->ts, k + 1, informer_rows_stale(rp->more_inf[k]));
		stale = 0;
	}

	rp_filter_sync(rp);
	if (rp->rs_inf != NULL)
		rp_rs_refresh(rp);
	table_draw(rp->t, y, h, w, stale);
	if (table_selected(rp->t) < 0 && h > 3) {
		char msg[600];
		int retrying = !informer_synced(rp->inf) && informer_state(rp->inf) == INFORMER_RECONNECTING;
		if (retrying)   /* never listed and the server unreachable: say why, not "listing" */
			snprintf(msg, sizeof msg, "cannot list %s yet: %s", rp->res.resource,
			    informer_error(rp->inf)->msg);
		else if (!informer_synced(rp->inf) && informer_state(rp->inf) != INFORMER_FAILED)
			snprintf(msg, sizeof msg, "listing %s ...", rp->res.resource);
		else if (informer_state(rp->inf) == INFORMER_FAILED)
			snprintf(msg, sizeof msg, "%s", informer_error(rp->inf)->msg);
		else if (table_filter(rp->t)[0])
			snprintf(msg, sizeof msg, "no %s match \"%s\"", rp->res.resource, table_filter(rp->t));
		else
			snprintf(msg, sizeof msg, "No resources found%s%s.", rp->ns[0] ? " in namespace " : "",
			    rp->ns);
		screen_put(y + 2, 2, w - 4, msg, screen_attr(retrying || informer_state(rp->inf) == INFORMER_FAILED ?
		    THEME_FLASH_ERROR : THEME_PENDING), 1);
	}
}

/* The store row of the selection, and its cluster and informer. */
static const struct store_row *
rp_selected(struct page_resource *rp, struct cluster **c, struct informer **inf)
{
	long i = table_selected(rp->t);
	const struct store_row *r;

	if (i < 0)
		return NULL;
	r = table_store_row(rp->ts, (size_t)i);
	*c = rp->base.cluster;
	*inf = rp->inf;
	if (rp->nmore > 0) {
		const char *key = table_selected_key(rp->t);
		for (int k = 0; k < rp->nmore; k++) {
			size_t n = strlen(rp->more[k]->context);
			if (key[0] == '@' && strncmp(key + 1, rp->more[k]->context, n) == 0 && key[n + 1] == '/') {
				*c = rp->more[k];
				*inf = rp->more_inf[k];
			}
		}
	}
	return r;
}

static struct page_resource *rp_new(struct app *app, struct cluster *c, const struct kres *res,
    const char *ns, const char *selector, struct cluster *const *more);

static struct page *
rp_child(struct app *app, struct cluster *c, const char *resource, const char *ns,
    const char *selector, enum rp_drill drill, const char *uid, const char *node, const char *title)
{
	const struct kres *res = discovery_find(c->disc, resource);
	if (res == NULL) {
		app_flash(app, 1, "the server does not serve %s", resource);
		return NULL;
	}
	struct page_resource *ch = rp_new(app, c, res, ns, selector, NULL);
	ch->drill = drill;
	if (uid != NULL)
		ch->owner_uid = xstrdup(uid);
	if (node != NULL)
		ch->node = xstrdup(node);
	if (drill == RP_OWNER_VIA_RS) {
		const struct kres *rs = discovery_find(c->disc, "replicasets");
		if (rs != NULL) {
			ch->rs_inf = informer_acquire(c->infs, rs, ns, NULL);
			informer_listen(ch->rs_inf, rp_listen, ch);
		}
	}
	if (drill != RP_PLAIN)
		table_store_set_pred(ch->ts, rp_pred, ch);
	free(ch->title);
	ch->title = xstrdup(title);
	return &ch->base;
}

struct rp_svc {
	struct page_resource *rp;
	struct cluster *c;
	char *ns, *name;
};

static void
rp_on_service(cJSON *obj, const struct kd_err *err, void *arg)
{
	struct rp_svc *sv = arg;
	struct page_resource *rp = sv->rp;
	rp->req = NULL;
	if (obj == NULL) {
		app_flash(rp->base.app, 1, "%s", err->msg);
	} else {
		const cJSON *sel = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(obj, "spec"), "selector");
		char buf[1024] = "";
		for (const cJSON *c = sel ? sel->child : NULL; c; c = c->next)
			if (cJSON_IsString(c)) {
				size_t l = strlen(buf);
				snprintf(buf + l, sizeof buf - l, "%s%s=%s", l ? "," : "", c->string, c->valuestring);
			}
		if (buf[0] == '\0')
			app_flash(rp->base.app, 1, "service %s has no selector: no pods behind it", sv->name);
		else {
			char *title = xasprintf("pods(svc %s)", sv->name);
			struct page *pg = rp_child(rp->base.app, sv->c, "pods", sv->ns, buf, RP_PLAIN, NULL, NULL, title);
			free(title);
			if (pg)
				app_push(rp->base.app, pg);
		}
		cJSON_Delete(obj);
	}
	free(sv->ns);
	free(sv->name);
	free(sv);
}

static int
rp_enter(struct page_resource *rp)
{
	struct cluster *c;
	struct informer *inf;
	const struct store_row *r = rp_selected(rp, &c, &inf);
	const char *res = rp->res.resource;
	struct page *pg = NULL;
	char title[300];

	if (r == NULL)
		return APP_NOTHING;
	const char *name = store_row_name(r), *ns = store_row_namespace(r);
	if (strcmp(res, "namespaces") == 0) {
		/* a namespace drills to its workloads, a workload to its pods */
		pg = page_workloads_new(rp->base.app, c, name);
		app_set_namespace(rp->base.app, name);
	} else if (strcmp(res, "deployments") == 0 || strcmp(res, "statefulsets") == 0 ||
	    strcmp(res, "daemonsets") == 0 || strcmp(res, "replicasets") == 0 || strcmp(res, "jobs") == 0 ||
	    strcmp(res, "cronjobs") == 0) {
		pg = page_resource_children_of(rp->base.app, c, res, ns, name, store_row_uid(r));
	} else if (strcmp(res, "nodes") == 0) {
		snprintf(title, sizeof title, "pods(node %s)", name);
		pg = rp_child(rp->base.app, c, "pods", NULL, NULL, RP_NODE, NULL, name, title);
	} else if (strcmp(res, "services") == 0) {
		struct rp_svc *sv = xcalloc(1, sizeof *sv);
		sv->rp = rp;
		sv->c = c;
		sv->ns = xstrdup(ns);
		sv->name = xstrdup(name);
		http_cancel(&rp->req);
		rp->req = informer_fetch(inf, ns, name, rp_on_service, sv);
		app_flash(rp->base.app, 0, "finding the pods behind service %s ...", name);
		return APP_REDRAW;
	} else {
		pg = page_object_new(rp->base.app, c, inf, rp->res.kind, ns, name, PAGE_OBJ_DESCRIBE, 0);
	}
	if (pg != NULL)
		app_push(rp->base.app, pg);
	return APP_REDRAW;
}

static void rp_reveal_yes(struct app *app, void *arg);

/* The marked rows, else the selected one, as the objects an operation acts on. Keys are
 * "NS/NAME", or "@CONTEXT/NS/NAME" when the table spans clusters. */
static size_t
rp_targets(struct page *pg, struct page_target **out)
{
	struct page_resource *rp = (struct page_resource *)pg;
	char **keys = table_targets(rp->t);
	size_t n = 0;
	*out = NULL;
	for (char **k = keys; *k; k++) {
		struct cluster *c = pg->cluster;
		char *key = *k, *slash;
		if (key[0] == '@') {
			/* from the right: a context's name may hold '/' (an EKS ARN), NS and NAME not */
			char *ctx = key + 1, *last = strrchr(ctx, '/');
			if (last == NULL)
				continue;
			*last = '\0';
			slash = strrchr(ctx, '/');
			*last = '/';
			if (slash == NULL)
				continue;
			*slash = '\0';
			key = slash + 1;
			c = NULL;
			if (strcmp(pg->cluster->context, ctx) == 0)
				c = pg->cluster;
			for (int m = 0; c == NULL && m < rp->nmore; m++)
				if (strcmp(rp->more[m]->context, ctx) == 0)
					c = rp->more[m];
		}
		const struct kres *res = c ? discovery_find(c->disc, rp->res.resource) : NULL;
		if (res == NULL || (slash = strrchr(key, '/')) == NULL)
			continue;
		*slash = '\0';
		page_targets_add(out, &n, c, res, key, slash + 1);
	}
	for (char **k = keys; *k; k++)
		free(*k);
	free(keys);
	return n;
}

static void
rp_unmark(struct page *pg)
{
	table_mark_clear(((struct page_resource *)pg)->t);
}

static int
rp_action(struct page *pg, enum action a)
{
	struct page_resource *rp = (struct page_resource *)pg;
	struct cluster *c;
	struct informer *inf;
	const struct store_row *r;
	int done;

	rp_filter_sync(rp);
	if ((done = table_key(rp->t, a, 0)) != APP_UNHANDLED)
		return done;
	switch (a) {
	case ACT_ENTER: return rp_enter(rp);
	case ACT_DESCRIBE: case ACT_YAML: case ACT_JSON:
		r = rp_selected(rp, &c, &inf);
		if (r == NULL)
			return APP_NOTHING;
		app_push(pg->app, page_object_new(pg->app, c, inf, rp->res.kind, store_row_namespace(r),
		    store_row_name(r), a == ACT_DESCRIBE ? PAGE_OBJ_DESCRIBE : a == ACT_YAML ?
		    PAGE_OBJ_YAML : PAGE_OBJ_JSON, 0));
		return APP_REDRAW;
	case ACT_REVEAL:
		r = rp_selected(rp, &c, &inf);
		if (r == NULL || strcmp(rp->res.resource, "secrets") != 0) {
			app_flash(pg->app, 1, "reveal works on secrets");
			return APP_REDRAW;
		}
		{
			char q[300];
			snprintf(q, sizeof q, "Show the decoded values of secret %s?", store_row_name(r));
			app_confirm(pg->app, q, rp_reveal_yes, rp);
		}
		return APP_REDRAW;
	case ACT_ALL_NAMESPACES: {
		if (!rp->res.namespaced)
			return APP_NOTHING;
		const char *to = app_namespace_toggle(pg->app, rp->ns, pg->cluster->conn->namespace);
		/* several clusters stay together: the same ones with the other namespace */
		struct cluster *c0 = pg->cluster, *more[RP_MORE + 1] = { 0 };
		for (int k = 0; k < rp->nmore; k++)
			more[k] = rp->more[k];
		const struct kres *res = discovery_find(c0->disc, rp->res.resource);
		struct app *app = pg->app;
		app_set_namespace(app, to);
		app_pop(app);   /* frees this page: nothing of it may be used below */
		if (res != NULL)
			page_resource_open(app, c0, res, app_namespace(app), NULL, more[0] ? more : NULL);
		return APP_REDRAW;
	}
	case ACT_SHELL: case ACT_DEBUG: case ACT_LOGS: case ACT_PORT_FORWARD:
		r = rp_selected(rp, &c, &inf);
		if (r == NULL)
			return APP_NOTHING;
		podact_start(pg->app, c, &rp->res, store_row_namespace(r), store_row_name(r), a);
		return APP_REDRAW;
	case ACT_REFRESH:
		cluster_refresh(pg->cluster);
		app_flash(pg->app, 0, "refreshing");
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static void
rp_reveal_yes(struct app *app, void *arg)
{
	struct page_resource *rp = arg;
	struct cluster *c;
	struct informer *inf;
	const struct store_row *r = rp_selected(rp, &c, &inf);
	if (r != NULL)
		app_push(app, page_object_new(app, c, inf, rp->res.kind, store_row_namespace(r),
		    store_row_name(r), PAGE_OBJ_YAML, 1));
}

static void
rp_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_resource *rp = (struct page_resource *)pg;
	const char *f = table_filter(rp->t);
	/* a filtered list says so: rows missing from it are not gone from the cluster */
	snprintf(buf, len, "%s%s%s", rp->title, f[0] ? " /" : "", f);
}

static int
rp_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	return table_key_filter(((struct page_resource *)pg)->t, text, err, errlen);
}

static void
rp_status(struct page *pg, char *buf, size_t len)
{
	struct page_resource *rp = (struct page_resource *)pg;
	char st[600];
	size_t l = 0;

	if (rp->nmore == 0) {
		informer_status(rp->inf, buf, len);
		return;
	}
	/* several clusters: each one's state by its name, a stale one with since when */
	buf[0] = '\0';
	for (int k = -1; k < rp->nmore && l < len; k++) {
		informer_status_on(k < 0 ? rp->inf : rp->more_inf[k], k < 0 ? pg->cluster->context : rp->more[k]->context,
		    st, sizeof st);
		if (st[0])
			l += (size_t)snprintf(buf + l, len - l, "%s%s", l ? "; " : "", st);
	}
}

static void
rp_free(struct page *pg)
{
	struct page_resource *rp = (struct page_resource *)pg;
	http_cancel(&rp->req);
	informer_unlisten(rp->inf, rp_listen, rp);
	informer_release(&rp->inf);
	for (int k = 0; k < rp->nmore; k++) {
		informer_unlisten(rp->more_inf[k], rp_listen, rp);
		informer_release(&rp->more_inf[k]);
	}
	if (rp->rs_inf) {
		informer_unlisten(rp->rs_inf, rp_listen, rp);
		informer_release(&rp->rs_inf);
	}
	for (size_t i = 0; i < rp->nrs; i++)
		free(rp->rs_uids[i]);
	free(rp->rs_uids);
	table_free(&rp->t);
	table_store_free(&rp->ts);
	kres_clear(&rp->res);
	free(rp->ns);
	free(rp->selector);
	free(rp->title);
	free(rp->owner_uid);
	free(rp->node);
	free(rp->col);
	free(rp->value);
	free(rp);
}

static const struct page_ops page_resource_ops = {
	.kind = "resource",
	.hints = &page_hints_browse,
	.draw = rp_draw,
	.action = rp_action,
	.crumb = rp_crumb,
	.filter = rp_filter,
	.status = rp_status,
	.free = rp_free,
	.changed = rp_changed,
	.targets = rp_targets,
	.unmark = rp_unmark,
};

/* Whether a paint would show something new: the list's state (listing, synced, failed),
 * the filter, or a row on screen. A change to rows off screen is not painted. */
static int
rp_changed(struct page *pg)
{
	struct page_resource *rp = (struct page_resource *)pg;
	if (rp->drawn_state != rp_state(rp))
		return 1;
	if (strcmp(store_filter(informer_store(rp->inf)), table_filter(rp->t)) != 0)
		return 1;
	return table_window_changed(rp->t);
}

static void
rp_listen(struct informer *inf, void *arg)
{
	struct page_resource *rp = arg;
	/* replica sets decide which pods a deployment's page lists: drawn as before */
	if (inf == rp->rs_inf)
		app_dirty(rp->base.app);
	else
		app_dirty_rows(rp->base.app);
}

static struct page_resource *
rp_new(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *selector, struct cluster *const *more)
{
	struct page_resource *rp = xcalloc(1, sizeof *rp);

	rp->base.ops = &page_resource_ops;
	rp->base.app = app;
	rp->base.cluster = c;
	kres_copy(&rp->res, res);
	rp->ns = xstrdup(res->namespaced && ns ? ns : "");
	rp->selector = selector ? xstrdup(selector) : NULL;
	rp->inf = informer_acquire(c->infs, res, rp->ns[0] ? rp->ns : NULL, selector);
	informer_listen(rp->inf, rp_listen, rp);
	rp->ts = table_store_new(NULL);
	table_store_add(rp->ts, informer_store(rp->inf), c->context);
	for (int k = 0; more && more[k] && k < RP_MORE; k++) {
		if (more[k] == c || more[k]->infs == NULL)
			continue;
		rp->more[rp->nmore] = more[k];
		rp->more_inf[rp->nmore] = informer_acquire(more[k]->infs, res, rp->ns[0] ? rp->ns : NULL, selector);
		informer_listen(rp->more_inf[rp->nmore], rp_listen, rp);
		table_store_add(rp->ts, informer_store(rp->more_inf[rp->nmore]), more[k]->context);
		rp->nmore++;
	}
	table_store_set_ns_column(rp->ts, res->namespaced && rp->ns[0] == '\0');
	rp->t = table_new(&table_store_ops, rp->ts);
	rp->base.res_group = rp->res.group;
	rp->base.res_name = rp->res.resource;
	rp->base.res_ns = rp->ns;
	if (rp->nmore > 0) {
		char buf[300];
		size_t l = (size_t)snprintf(buf, sizeof buf, "%s(%s%s@%s", res->resource,
		    !res->namespaced ? "" : rp->ns[0] ? rp->ns : "all", res->namespaced ? " " : "", c->context);
		for (int k = 0; k < rp->nmore && l < sizeof buf; k++)
			l += (size_t)snprintf(buf + l, sizeof buf - l, ",@%s", rp->more[k]->context);
		snprintf(buf + l, l < sizeof buf ? sizeof buf - l : 0, ")");
		rp->title = xstrdup(buf);
	} else
		rp->title = xasprintf("%s(%s)", res->resource, !res->namespaced ? "cluster" :
		    rp->ns[0] ? rp->ns : "all");
	return rp;
}

struct page *
page_resource_children_of(struct app *app, struct cluster *c, const char *resource, const char *ns,
    const char *name, const char *uid)
{
	const struct kres *res = discovery_find(c->disc, resource);
	int deploy = strcmp(resource, "deployments") == 0, cron = strcmp(resource, "cronjobs") == 0;
	char title[300];

	if (res == NULL) {
		app_flash(app, 1, "the server does not serve %s", resource);
		return NULL;
	}
	snprintf(title, sizeof title, "%s(%s %s)", cron ? "jobs" : "pods", deploy ? "deploy" : res->singular, name);
	return rp_child(app, c, cron ? "jobs" : "pods", ns, NULL, deploy ? RP_OWNER_VIA_RS : RP_OWNER, uid, NULL,
	    title);
}

struct page *
page_resource_where_new(struct app *app, struct cluster *c, const char *resource, const char *ns,
    const char *col, const char *value)
{
	char title[300], word[64];
	size_t i;
	for (i = 0; col[i] && i + 1 < sizeof word; i++)
		word[i] = (char)(col[i] >= 'A' && col[i] <= 'Z' ? col[i] - 'A' + 'a' : col[i]);
	word[i] = '\0';
	snprintf(title, sizeof title, "%s(%s %s)", resource, word, value);
	struct page *pg = rp_child(app, c, resource, ns && *ns ? ns : NULL, NULL, RP_VALUE, NULL, NULL, title);
	if (pg != NULL) {
		((struct page_resource *)pg)->col = xstrdup(col);
		((struct page_resource *)pg)->value = xstrdup(value);
	}
	return pg;
}

void
page_resource_select(struct page *pg, const char *ns, const char *name)
{
	struct page_resource *rp = (struct page_resource *)pg;
	char key[600];
	snprintf(key, sizeof key, "%s/%s", ns ? ns : "", name);
	table_select_key(rp->t, key);
}

struct page *
page_resource_new(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *selector, struct cluster *const *more)
{
	return &rp_new(app, c, res, ns, selector, more)->base;
}

void
page_resource_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *selector, struct cluster *const *more)
{
	app_clear_stack(app);
	app_push(app, page_resource_new(app, c, res, ns, selector, more));
}
