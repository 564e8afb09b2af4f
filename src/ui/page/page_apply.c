/* The plan of an apply; see page_apply.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "ops/applyfile.h"
#include "ui/guard.h"
#include "ui/page/page.h"
#include "ui/page/page_apply.h"
#include "ui/page/page_diff.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct page_apply {
	struct page base;
	struct table *t;
	struct applyfile *af;
	uint64_t version;          /* moves with every answer */
	int take_over;             /* the question open is the take-over's */
};

static const struct page_ops page_apply_ops;

/* ---- the table source: the rows in the file's order, cluster by cluster ---- */

enum { PA_CLUSTER, PA_NAMESPACE, PA_KIND, PA_NAME, PA_PLAN, PA_NCOLS };
static const char *const pa_names[PA_NCOLS] = { "CLUSTER", "NAMESPACE", "KIND", "NAME", "PLAN" };

static int pas_ncols(void *arg) { (void)arg; return PA_NCOLS; }

static void
pas_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = pa_names[i];
}

static size_t
pas_nrows(void *arg)
{
	struct page_apply *pa = arg;
	return applyfile_count(pa->af);
}

static void
pas_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_apply *pa = arg;
	const struct applyfile_item *it = applyfile_at(pa->af, row);
	buf[0] = '\0';
	if (it == NULL)
		return;
	switch (col) {
	case PA_CLUSTER: snprintf(buf, len, "%s", it->cluster->context); break;
	case PA_NAMESPACE: snprintf(buf, len, "%s", it->ns[0] ? it->ns : "-"); break;
	case PA_KIND: snprintf(buf, len, "%s", it->obj->kind); break;
	case PA_NAME: snprintf(buf, len, "%s", it->obj->name); break;
	case PA_PLAN: applyfile_plan_word(it, buf, len); break;
	}
}

static void
pas_key(void *arg, size_t row, char *buf, size_t len)
{
	(void)arg;
	snprintf(buf, len, "%zu", row);
}

static enum theme_el
pas_row_el(void *arg, size_t row)
{
	struct page_apply *pa = arg;
	const struct applyfile_item *it = applyfile_at(pa->af, row);
	if (it == NULL)
		return THEME_ROW;
	switch (it->state) {
	case AF_PLANNING: case AF_APPLYING: return THEME_PENDING;
	case AF_CREATED: case AF_CHANGED: return THEME_WARNING;
	case AF_UNCHANGED: return THEME_ROW;
	case AF_APPLIED: return THEME_OK;
	case AF_CONFLICT: case AF_ERROR: case AF_FAILED: return THEME_ERROR;
	}
	return THEME_ROW;
}

static uint64_t
pas_version(void *arg)
{
	struct page_apply *pa = arg;
	return pa->version;
}

static const struct table_source_ops apply_source = {
	.ncols = pas_ncols, .col = pas_col, .nrows = pas_nrows, .cell = pas_cell, .key = pas_key,
	.row_el = pas_row_el, .version = pas_version,
	/* no filter and no sort: the file's order, cluster by cluster */
};

/* ---- the page ---- */

static void
apply_on_change(struct applyfile *af, void *arg)
{
	struct page_apply *pa = arg;
	(void)af;
	pa->version++;
	pa->base.dirty = 1;
	app_dirty(pa->base.app);
}

/* "6 objects on 2 clusters: 4 created, 1 changed, 1 conflict (planning ...)" */
static void
apply_summary(struct page_apply *pa, char *buf, size_t len)
{
	static const struct { enum applyfile_state s; const char *word; } w[] = {
		{ AF_CREATED, "created" }, { AF_CHANGED, "changed" }, { AF_UNCHANGED, "unchanged" },
		{ AF_CONFLICT, "conflict" }, { AF_ERROR, "error" }, { AF_APPLYING, "applying" },
		{ AF_APPLIED, "applied" }, { AF_FAILED, "failed" },
	};
	size_t off = 0, n = applyfile_count(pa->af);
	int k = 0;
	off += (size_t)snprintf(buf, len, "%s: %zu object%s", applyfile_path(pa->af), n, n == 1 ? "" : "s");
	for (size_t i = 0; i < sizeof w / sizeof w[0] && off < len; i++) {
		size_t c = applyfile_count_state(pa->af, w[i].s);
		if (c > 0)
			off += (size_t)snprintf(buf + off, len - off, "%s%zu %s", k++ ? ", " : ": ", c, w[i].word);
	}
	if (off < len && applyfile_count_state(pa->af, AF_PLANNING) > 0)
		snprintf(buf + off, len - off, " (planning ...)");
}

static void
apply_draw(struct page *pg, int y, int h, int w)
{
	struct page_apply *pa = (struct page_apply *)pg;
	char line[512];
	if (h < 2)
		return;
	apply_summary(pa, line, sizeof line);
	int used = screen_put(y, 0, w, line, screen_attr(THEME_TITLE), 1);
	screen_fill(y, used, w - used, screen_attr(THEME_DEFAULT));
	table_draw(pa->t, y + 1, h - 1, w, 0);
}

static const struct applyfile_item *
apply_selected(struct page_apply *pa)
{
	long i = table_selected(pa->t);
	return i >= 0 ? applyfile_at(pa->af, (size_t)i) : NULL;
}

/* Enter: what the apply changes in that object, as a diff; a conflict or an error says
 * its reason on the flash line. */
static int
apply_show(struct page_apply *pa)
{
	struct app *app = pa->base.app;
	const struct applyfile_item *it = apply_selected(pa);
	if (it == NULL)
		return APP_NOTHING;
	if (it->result == NULL) {
		if (it->state == AF_CONFLICT)
			app_flash(app, 1, "conflict with %s (take over to apply it anyway)", it->fields);
		else if (it->why != NULL)
			app_flash(app, 1, "%s", it->why);
		else
			app_flash(app, 0, "%s/%s: no plan yet", it->obj->kind, it->obj->name);
		return APP_REDRAW;
	}
	char title[512], head[256];
	snprintf(title, sizeof title, "%s %s%s%s on %s", it->obj->kind, it->ns, it->ns[0] ? "/" : "",
	    it->obj->name, it->cluster->context);
	if (it->live == NULL)
		snprintf(head, sizeof head, "created by the apply (the server's dry run, status left out)");
	else
		snprintf(head, sizeof head, "the object as it is -> after the apply (the server's dry run; status, managedFields, resourceVersion and generation left out)");
	const char *live = it->live ? it->live : "";
	page_diff_open(app, it->cluster, title, head, live, strlen(live), it->result,
	    strlen(it->result), NULL, NULL, NULL);
	return APP_FULL;
}

static void
apply_go(struct app *app, void *arg)
{
	struct page_apply *pa = arg;
	(void)app;
	pa->version++;
	size_t n = applyfile_apply(pa->af, 0);
	app_flash(pa->base.app, 0, "applying %zu object%s ...", n, n == 1 ? "" : "s");
}

static void
apply_take_over_go(struct app *app, void *arg)
{
	struct page_apply *pa = arg;
	(void)app;
	pa->version++;
	size_t n = applyfile_apply(pa->af, 1);
	app_flash(pa->base.app, 0, "taking over %zu object%s ...", n, n == 1 ? "" : "s");
}

/* After y: on a production context, the count and kind typed as well ("3 objects"; the
 * name for one), as every change there asks it (ui/guard.h). */
static void
apply_yes(struct app *app, void *arg)
{
	struct page_apply *pa = arg;
	void (*go)(struct app *, void *) = pa->take_over ? apply_take_over_go : apply_go;
	size_t n = 0;
	const char *ctx = NULL, *name = NULL;
	for (size_t i = 0; i < applyfile_count(pa->af); i++) {
		const struct applyfile_item *it = applyfile_at(pa->af, i);
		int sent = pa->take_over ? it->state == AF_CONFLICT :
		    it->state == AF_CREATED || it->state == AF_CHANGED;
		if (!sent || it->cluster == NULL || !config_production(it->cluster->context))
			continue;
		n++;
		ctx = it->cluster->context;
		name = it->obj->name;
	}
	char *want = n > 0 ? guard_typed_answer(1, 0, n, n == 1 ? "object" : "objects", name) : NULL;
	if (want == NULL) {
		go(app, pa);
		return;
	}
	char why[300];
	snprintf(why, sizeof why, "%s is a production context", ctx);
	guard_type(app, why, want, go, pa);
	free(want);
}

/* The apply key (take_over 0) and the take-over key: refused before anything is sent when
 * a cluster is read-only or RBAC says no, else asked, naming what and where. */
static int
apply_ask(struct page_apply *pa, int take_over)
{
	struct app *app = pa->base.app;
	char why[512];
	if (app_readonly(app)) {
		app_flash(app, 1, "apply is disabled: read-only (--readonly)");
		return APP_REDRAW;
	}
	if (applyfile_count_state(pa->af, AF_PLANNING) > 0) {
		app_flash(app, 1, "the plan is not complete yet: wait for every row");
		return APP_REDRAW;
	}
	char *q = applyfile_question(pa->af, take_over, why, sizeof why);
	if (q == NULL) {
		app_flash(app, 1, "%s", why);
		return APP_REDRAW;
	}
	if (applyfile_check(pa->af, take_over, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		free(q);
		return APP_REDRAW;
	}
	pa->take_over = take_over;
	app_confirm(app, q, apply_yes, pa);
	free(q);
	return APP_REDRAW;
}

static int
apply_action(struct page *pg, enum action a)
{
	struct page_apply *pa = (struct page_apply *)pg;
	int r;

	if ((r = table_key(pa->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER:
		return apply_show(pa);
	case ACT_APPLY:
		return apply_ask(pa, 0);
	case ACT_TAKE_OVER:
		return apply_ask(pa, 1);
	default:
		return APP_UNHANDLED;
	}
}

static int
apply_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return apply_action(pg, ACT_ENTER);
	return APP_UNHANDLED;
}

static void
apply_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "apply");
}

static void
apply_status(struct page *pg, char *buf, size_t len)
{
	struct page_apply *pa = (struct page_apply *)pg;
	size_t out = applyfile_pending(pa->af);
	if (out > 0)
		snprintf(buf, len, "%zu request%s out", out, out == 1 ? "" : "s");
	else
		snprintf(buf, len, "%zu row%s", applyfile_count(pa->af), applyfile_count(pa->af) == 1 ? "" : "s");
}

static void
apply_free(struct page *pg)
{
	struct page_apply *pa = (struct page_apply *)pg;
	applyfile_free(&pa->af);
	table_free(&pa->t);
	free(pa);
}

static const enum action apply_hint_actions[] = { ACT_HELP, ACT_ENTER, ACT_APPLY, ACT_TAKE_OVER,
	ACT_BACK, ACT_QUIT };
static const char *const apply_hint_words[] = { NULL, "diff", NULL, NULL, NULL, NULL };
static const struct page_hints apply_hints = { apply_hint_actions,
	sizeof apply_hint_actions / sizeof apply_hint_actions[0], KEYMAP_KEYS, apply_hint_words };

static const struct page_ops page_apply_ops = {
	.kind = "apply",
	.hints = &apply_hints,
	.draw = apply_draw,
	.action = apply_action,
	.crumb = apply_crumb,
	.status = apply_status,
	.free = apply_free,
	.key = apply_key,
};

int
page_apply_open(struct app *app, const char *path, struct cluster *const *clusters,
    const char *const *ns, size_t ncl)
{
	struct kd_err err = { 0 };
	struct page_apply *pa = xcalloc(1, sizeof *pa);
	pa->base.ops = &page_apply_ops;
	pa->base.app = app;
	pa->af = applyfile_new(path, clusters, ns, ncl, apply_on_change, pa, &err);
	if (pa->af == NULL) {
		app_flash(app, 1, "%s", err.msg);
		free(pa);
		return -1;
	}
	pa->t = table_new(&apply_source, pa);
	app_push(app, &pa->base);
	return 0;
}
