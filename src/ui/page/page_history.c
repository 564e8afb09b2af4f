/* The rollout history page; see page_history.h. */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "log.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "model/expr.h"
#include "model/history.h"
#include "ops/op.h"
#include "ops/rollback.h"
#include "ui/objview.h"
#include "ui/page/page.h"
#include "ui/page/page_diff.h"
#include "ui/page/page_history.h"
#include "ui/page/page_text.h"
#include "ui/rollback.h"
#include "ui/widget/pager.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct page_history {
	struct page base;
	struct table *t;
	struct kres *res;            /* a copy: discovery may be reloaded */
	char *ns, *name;
	struct history *h;           /* NULL until read */
	struct rollback_fetch *fetch;
	char err[512];               /* why the read failed, "" */
	uint64_t version;
	int settle;                  /* reads left until a rollback's revision is numbered */
	struct loop_timer *timer;    /* the next of them */
};

#define HISTORY_SETTLE_READS 30  /* one a second */

static const struct page_ops page_history_ops;

/* ---- the table source: the revisions, oldest first as kubectl lists them ---- */

enum { PH_REVISION, PH_AGE, PH_CAUSE, PH_IMAGES, PH_REPLICAS, PH_CURRENT, PH_NCOLS };
static const char *const ph_names[PH_NCOLS] = { "REVISION", "AGE", "CHANGE-CAUSE", "IMAGES",
	"REPLICAS", "CURRENT" };

static int phs_ncols(void *arg) { (void)arg; return PH_NCOLS; }

static void
phs_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = ph_names[i];
	c->right = i == PH_REVISION || i == PH_REPLICAS;
}

static size_t
phs_nrows(void *arg)
{
	struct page_history *ph = arg;
	return ph->h ? ph->h->n : 0;
}

static void
phs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_history *ph = arg;
	buf[0] = '\0';
	if (ph->h == NULL || row >= ph->h->n)
		return;
	const struct history_rev *r = &ph->h->revs[row];
	switch (col) {
	case PH_REVISION: snprintf(buf, len, "%ld", r->revision); break;
	case PH_AGE:
		if (r->created > 0)
			expr_human_duration((long long)time(NULL) - r->created, buf, len);
		else
			snprintf(buf, len, "<unknown>");
		break;
	case PH_CAUSE: snprintf(buf, len, "%s", r->cause[0] ? r->cause : "<none>"); break;
	case PH_IMAGES: snprintf(buf, len, "%s", r->images); break;
	case PH_REPLICAS:
		if (r->replicas >= 0)
			snprintf(buf, len, "%ld", r->replicas);
		else
			snprintf(buf, len, "-");
		break;
	case PH_CURRENT: snprintf(buf, len, "%s", r->current ? "*" : ""); break;
	}
}

static void
phs_key(void *arg, size_t row, char *buf, size_t len)
{
	struct page_history *ph = arg;
	buf[0] = '\0';
	if (ph->h != NULL && row < ph->h->n)
		snprintf(buf, len, "%ld", ph->h->revs[row].revision);
}

static enum theme_el
phs_row_el(void *arg, size_t row)
{
	struct page_history *ph = arg;
	if (ph->h != NULL && row < ph->h->n && ph->h->revs[row].current)
		return THEME_OK;
	return THEME_ROW;
}

static uint64_t phs_version(void *arg) { return ((struct page_history *)arg)->version; }

static const struct table_source_ops history_source = {
	.ncols = phs_ncols, .col = phs_col, .nrows = phs_nrows, .cell = phs_cell, .key = phs_key,
	.row_el = phs_row_el, .version = phs_version,
};

/* ---- reading ---- */

static void history_read(struct page_history *ph);

static void
history_on_timer(void *arg)
{
	struct page_history *ph = arg;
	ph->timer = NULL;
	history_read(ph);
}

static void
history_on_read(struct history *h, const struct kd_err *err, void *arg)
{
	struct page_history *ph = arg;
	ph->fetch = NULL;
	if (h == NULL) {
		snprintf(ph->err, sizeof ph->err, "%s", err ? err->msg : "the history could not be read");
	} else {
		ph->err[0] = '\0';
		history_free(&ph->h);
		ph->h = h;
		log_debug("history: %zu revisions of %s %s/%s read", h->n, h->resource, ph->ns, ph->name);
		const struct history_rev *cur = history_current(h);
		/* the current revision selected on the first read */
		if (ph->version == 0 && cur != NULL) {
			char key[32];
			snprintf(key, sizeof key, "%ld", cur->revision);
			ph->version++;
			table_select_key(ph->t, key);
		}
		/* after a rollback the controller numbers the revision it went back to anew
		 * (the highest), some time after the patch: read again until it has */
		if (ph->settle > 0 && h->n > 0 && (cur == NULL || cur->revision < h->revs[h->n - 1].revision)) {
			ph->settle--;
			ph->timer = loop_timer_add(app_loop(ph->base.app), 1000, history_on_timer, ph);
		} else
			ph->settle = 0;
	}
	ph->version++;
	ph->base.dirty = 1;
	/* the answer the key asked for: painted now, not with the next frame of watch events */
	app_dirty_now(ph->base.app);
}

static void
history_read(struct page_history *ph)
{
	rollback_fetch_cancel(&ph->fetch);
	if (ph->timer != NULL)
		loop_timer_cancel(app_loop(ph->base.app), &ph->timer);
	if (ph->base.cluster == NULL || ph->base.cluster->api == NULL)
		return;
	ph->fetch = rollback_fetch(ph->base.cluster, ph->res, ph->ns, ph->name, history_on_read, ph);
}

/* ---- the page ---- */

static const struct history_rev *
history_selected(struct page_history *ph)
{
	long i = table_selected(ph->t);
	if (ph->h == NULL || i < 0 || (size_t)i >= ph->h->n)
		return NULL;
	return &ph->h->revs[i];
}

static void
history_draw(struct page *pg, int y, int h, int w)
{
	struct page_history *ph = (struct page_history *)pg;
	table_draw(ph->t, y, h, w, 0);
	const char *say = ph->err[0] ? ph->err : ph->h == NULL ? "reading the history ..." :
	    ph->h->n == 0 ? "No revisions." : NULL;
	if (say != NULL && h > 2)
		screen_put(y + 2, 2, w - 4, say, screen_attr(ph->err[0] ? THEME_ERROR : THEME_PENDING), 1);
}

static void
history_title(struct page_history *ph, char *buf, size_t len)
{
	char kbuf[64];
	snprintf(buf, len, "%s %s%s%s", op_kind_word(ph->res, 1, kbuf, sizeof kbuf), ph->ns,
	    ph->ns[0] ? "/" : "", ph->name);
}

/* A revision's pod template in the viewer. */
static void
history_show(struct page_history *ph, const struct history_rev *r)
{
	char what[300], title[400];
	history_title(ph, what, sizeof what);
	snprintf(title, sizeof title, "%s revision %ld", what, r->revision);
	struct page *pg = page_text_new(ph->base.app, ph->base.cluster, title);
	struct pager *p = page_text_pager(pg);
	pager_addf(p, THEME_TITLE, "Pod template of revision %ld%s", r->revision,
	    r->current ? " (current)" : "");
	objview_render(p, r->tmpl, "PodTemplate", OBJVIEW_YAML, 0);
	app_push(ph->base.app, pg);
}

/* The marked revision against the selected one; none marked: the current one against
 * the selected. */
static int
history_diff(struct page_history *ph)
{
	const struct history_rev *b = history_selected(ph), *a = NULL;
	char **keys = table_marked_keys(ph->t);
	if (b == NULL) {
		table_keys_free(&keys);
		return APP_NOTHING;
	}
	if (table_mark_count(ph->t) > 0) {
		for (char **k = keys; *k != NULL && a == NULL; k++)
			if (strtol(*k, NULL, 10) != b->revision)
				a = history_find(ph->h, strtol(*k, NULL, 10));
		if (a == NULL)
			a = history_find(ph->h, strtol(keys[0], NULL, 10));
	} else
		a = history_current(ph->h);
	table_keys_free(&keys);
	char what[300], title[400];
	history_title(ph, what, sizeof what);
	char *ta, *tb = history_yaml(b->tmpl);
	if (a != NULL) {
		ta = history_yaml(a->tmpl);
		snprintf(title, sizeof title, "%s: revision %ld%s -> %ld", what, a->revision,
		    a->current ? " (current)" : "", b->revision);
	} else {
		/* no revision is the current template (a controller not caught up) */
		cJSON *cur = history_workload_template(ph->h);
		ta = history_yaml(cur);
		cJSON_Delete(cur);
		snprintf(title, sizeof title, "%s: current -> revision %ld", what, b->revision);
	}
	page_diff_open(ph->base.app, ph->base.cluster, title, NULL, ta, strlen(ta), tb, strlen(tb),
	    NULL, NULL, NULL);
	free(ta);
	free(tb);
	return APP_FULL;
}

static void
history_after_rollback(struct app *app)
{
	struct page *top = app_page(app, 0);
	if (top != NULL && top->ops == &page_history_ops) {
		((struct page_history *)top)->settle = HISTORY_SETTLE_READS;
		history_read((struct page_history *)top);
	}
}

static int
history_action(struct page *pg, enum action a)
{
	struct page_history *ph = (struct page_history *)pg;
	const struct history_rev *r;
	int ret;

	if ((ret = table_key(ph->t, a, 0)) != APP_UNHANDLED)
		return ret;
	switch (a) {
	case ACT_ENTER:
	case ACT_DESCRIBE:
	case ACT_YAML:
		if ((r = history_selected(ph)) != NULL)
			history_show(ph, r);
		return APP_FULL;
	case ACT_DIFF:
		return history_diff(ph);
	case ACT_ROLLBACK:
		page_history_rollback(pg, 0);
		return APP_REDRAW;
	case ACT_REFRESH:
		history_read(ph);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static void
history_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_history *ph = (struct page_history *)pg;
	char what[300];
	history_title(ph, what, sizeof what);
	snprintf(buf, len, "history %s", what);
}

static void
history_status(struct page *pg, char *buf, size_t len)
{
	struct page_history *ph = (struct page_history *)pg;
	if (ph->h == NULL)
		snprintf(buf, len, ph->err[0] ? "failed" : "reading");
	else
		snprintf(buf, len, "%zu revision%s", ph->h->n, ph->h->n == 1 ? "" : "s");
}

static void
history_page_free(struct page *pg)
{
	struct page_history *ph = (struct page_history *)pg;
	rollback_fetch_cancel(&ph->fetch);
	if (ph->timer != NULL)
		loop_timer_cancel(app_loop(ph->base.app), &ph->timer);
	history_free(&ph->h);
	table_free(&ph->t);
	if (ph->res != NULL) {
		kres_clear(ph->res);
		free(ph->res);
	}
	free(ph->ns);
	free(ph->name);
	free(ph);
}

static const enum action history_hint_actions[] = { ACT_ENTER, ACT_MARK, ACT_DIFF, ACT_ROLLBACK,
	ACT_REFRESH, ACT_BACK, ACT_HELP };
static const char *const history_hint_words[] = { "template", NULL, NULL, NULL, NULL, NULL, NULL };
static const struct page_hints history_hints = { history_hint_actions,
	sizeof history_hint_actions / sizeof history_hint_actions[0], KEYMAP_KEYS, history_hint_words };

static const struct page_ops page_history_ops = {
	.kind = "history",
	.hints = &history_hints,
	.draw = history_draw,
	.action = history_action,
	.crumb = history_crumb,
	.status = history_status,
	.free = history_page_free,
};

int
page_history_rollback(struct page *pg, long revision)
{
	if (pg == NULL || pg->ops != &page_history_ops)
		return -1;
	struct page_history *ph = (struct page_history *)pg;
	const struct history_rev *r;
	if (revision <= 0) {
		if ((r = history_selected(ph)) == NULL) {
			app_flash(pg->app, 1, "nothing to roll back to: no revision selected");
			return 0;
		}
		revision = r->revision;
	}
	rollback_ask(pg->app, pg->cluster, ph->res, ph->ns, ph->name, revision, history_after_rollback);
	return 0;
}

int
page_history_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name)
{
	if (res == NULL || !history_supported(res->resource)) {
		app_flash(app, 1, "history works on deployments, statefulsets and daemonsets%s%s",
		    res ? ", not " : "", res ? res->resource : "");
		return -1;
	}
	if (c == NULL || c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c ? c->context : "the cluster");
		return -1;
	}
	struct page_history *ph = xcalloc(1, sizeof *ph);
	ph->base.ops = &page_history_ops;
	ph->base.app = app;
	ph->base.cluster = c;
	ph->res = kres_dup(res);
	ph->ns = xstrdup(ns ? ns : "");
	ph->name = xstrdup(name);
	/* what the rollback key is checked against: the workload */
	ph->base.res_group = ph->res->group;
	ph->base.res_name = ph->res->resource;
	ph->base.res_ns = ph->ns[0] ? ph->ns : NULL;
	ph->t = table_new(&history_source, ph);
	app_push(app, &ph->base);
	history_read(ph);
	return 0;
}
