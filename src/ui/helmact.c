/* Helm rollback and uninstall on screen; see helmact.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/access.h"
#include "kube/cluster.h"
#include "loop.h"
#include "ops/helmops.h"
#include "ui/guard.h"
#include "ui/helmact.h"
#include "ui/page/page.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

/* how long RBAC's answers are waited for before "still asking" is said and it stops */
#define HELMACT_ACCESS_MS 5000

struct helmact {
	struct app *app;
	struct cluster *c;
	struct helmop *op;
	char *ns, *name;
	struct page *plan;          /* the plan's page, while it is on screen */
	struct loop_timer *timer;   /* the end of a wait for RBAC, or freeing */
	void (*again)(struct helmact *ha); /* the check run again at RBAC's next answer */
	int waking;                 /* again is asked for (kube/access.h) */
	int late;                   /* the wait is over */
	enum helmop_kind kind;
	long rev;                   /* a rollback's target, 0: the one before the last */
	void (*done)(struct app *app);
};

/* One at a time, as a question on the prompt row is: a new one forgets the last. */
static struct helmact *helmact_pending;

static void
helmact_free(struct helmact *ha)
{
	if (ha == NULL)
		return;
	if (helmact_pending == ha)
		helmact_pending = NULL;
	loop_timer_cancel(app_loop(ha->app), &ha->timer);
	if (ha->waking)
		access_wake_cancel(ha->c->access, ha);
	helmop_free(&ha->op);
	free(ha->ns);
	free(ha->name);
	free(ha);
}

/* From inside the operation's callback: freed once the loop is back (the operation may
 * still be on the stack). */
static void
helmact_free_now(void *arg)
{
	struct helmact *ha = arg;
	ha->timer = NULL;
	helmact_free(ha);
}

static void
helmact_free_later(struct helmact *ha)
{
	if (helmact_pending == ha)
		helmact_pending = NULL;
	loop_timer_cancel(app_loop(ha->app), &ha->timer);
	if (ha->waking)
		access_wake_cancel(ha->c->access, ha);
	ha->waking = 0;
	ha->timer = loop_timer_add(app_loop(ha->app), 0, helmact_free_now, ha);
}

static void
helmact_on_answer(void *arg)
{
	struct helmact *ha = arg;
	ha->waking = 0;
	ha->again(ha);
}

static void
helmact_on_late(void *arg)
{
	struct helmact *ha = arg;
	ha->timer = NULL;
	ha->late = 1;
	if (ha->waking)
		access_wake_cancel(ha->c->access, ha);
	ha->waking = 0;
	ha->again(ha);
}

/* After a check that said ok: 1 while its answers are waited for (again runs at the next
 * one, a question being out whenever a check says -1), 0 once the check said yes or no, or
 * HELMACT_ACCESS_MS went by without the answers. */
static int
helmact_wait(struct helmact *ha, int ok, void (*again)(struct helmact *ha))
{
	if (ok >= 0 || ha->late) {
		loop_timer_cancel(app_loop(ha->app), &ha->timer);
		if (ha->waking)
			access_wake_cancel(ha->c->access, ha);
		ha->waking = ha->late = 0;
		return 0;
	}
	ha->again = again;
	if (ha->timer == NULL)
		ha->timer = loop_timer_add(app_loop(ha->app), HELMACT_ACCESS_MS, helmact_on_late, ha);
	ha->waking = 1;
	access_wake(ha->c->access, helmact_on_answer, ha);
	return 1;
}

static void
helmact_render(struct helmact *ha, struct pager *p)
{
	const struct helmop *op = ha->op;
	char *q = helmop_question(op);
	pager_addf(p, THEME_TITLE, "%s", q);
	free(q);
	for (size_t i = 0; i < helmop_count(op); i++) {
		const struct helmop_row *r = helmop_row(op, i);
		enum theme_el el = r->action == HELMPLAN_ERROR ? THEME_ERROR : r->action == HELMPLAN_DELETE ?
		    THEME_DIFF_DELETE : r->action == HELMPLAN_CREATE ? THEME_DIFF_ADD : r->action == HELMPLAN_KEEP ?
		    THEME_WARNING : THEME_YAML_VALUE;
		pager_addf(p, el, "%-9s %s %s%s%s%s%s", helmplan_word(r->action), r->kind, r->ns, r->ns[0] ? "/" : "",
		    r->name, r->why ? ": " : "", r->why ? r->why : "");
		if (r->diff == NULL)
			continue;
		const char *s = r->diff;
		while (*s != '\0') {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			enum theme_el de = *s == '+' ? THEME_DIFF_ADD : *s == '-' ? THEME_DIFF_DELETE :
			    *s == '@' ? THEME_DIFF_HEADER : THEME_YAML_VALUE;
			pager_addf(p, de, "    %.*s", (int)n, s);
			s = nl ? nl + 1 : s + n;
		}
	}
}

static void
helmact_pop_plan(struct helmact *ha)
{
	if (ha->plan != NULL && app_page(ha->app, 0) == ha->plan)
		app_pop(ha->app);
	ha->plan = NULL;
}

static void
helmact_on_done(struct helmop *op, const struct kd_err *err, void *arg)
{
	struct helmact *ha = arg;
	struct app *app = ha->app;
	if (err != NULL)
		app_flash(app, 1, "%s", err->msg);
	else
		app_flash(app, 0, "%s", helmop_outcome(op) ? helmop_outcome(op) : "done");
	helmact_pop_plan(ha);
	void (*done)(struct app *) = ha->done;
	helmact_free_later(ha);
	if (done != NULL)
		done(app);
}

static void
helmact_go(struct app *app, void *arg)
{
	struct helmact *ha = arg;
	if (ha != helmact_pending)
		return;
	app_flash(app, 0, "%s %s in %s ...", helmop_kind_of(ha->op) == HELMOP_ROLLBACK ? "rolling back" :
	    "uninstalling", ha->name, ha->ns);
	helmop_apply(ha->op, helmact_on_done, ha);
}

static void
helmact_no(struct app *app, void *arg)
{
	(void)app;
	helmact_free(arg);
}

static void
helmact_yes(struct app *app, void *arg)
{
	struct helmact *ha = arg;
	if (ha != helmact_pending)
		return;
	if (config_production(ha->c->context)) {
		char *why = xasprintf("%s is a production context", ha->c->context);
		guard_type_or(app, why, ha->name, helmact_go, helmact_no, ha);
		free(why);
		return;
	}
	helmact_go(app, ha);
}

static void helmact_ask(struct helmact *ha);

static void
helmact_choose(struct app *app, int key, void *arg)
{
	struct helmact *ha = arg;
	(void)app;
	if (ha != helmact_pending)
		return;
	if (key == 'h')
		helmop_set_keep_history(ha->op, !helmop_keep_history(ha->op));
	helmact_ask(ha);
}

static void
helmact_ask(struct helmact *ha)
{
	char why[512];
	int ok = helmop_check(ha->op, why, sizeof why);
	if (helmact_wait(ha, ok, helmact_ask))
		return;
	if (ok <= 0) {
		app_flash(ha->app, 1, "%s", why);
		helmact_free_later(ha);
		return;
	}
	char *q = helmop_question(ha->op);
	const char *hint = NULL, *keys = helmop_choices(ha->op, &hint);
	app_confirm_choices(ha->app, q, keys, hint, helmact_yes, helmact_choose, ha);
	free(q);
}

static void
helmact_on_plan(struct helmop *op, const struct kd_err *err, void *arg)
{
	struct helmact *ha = arg;
	(void)op;
	if (err != NULL) {
		app_flash(ha->app, 1, "%s", err->msg);
		helmact_free_later(ha);
		return;
	}
	char title[600];
	snprintf(title, sizeof title, "helm %s %s/%s: the plan", helmop_kind_of(ha->op) == HELMOP_ROLLBACK ?
	    "rollback" : "uninstall", ha->ns, ha->name);
	ha->plan = page_text_new(ha->app, ha->c, title);
	helmact_render(ha, page_text_pager(ha->plan));
	app_push(ha->app, ha->plan);
	helmact_ask(ha);
}

static struct helmact *
helmact_new(struct app *app, struct cluster *c, const char *ns, const char *name, void (*done)(struct app *))
{
	if (app_readonly(app) || c->readonly) {
		app_flash(app, 1, "helm rollback and uninstall are disabled: read-only (%s)", c->context);
		return NULL;
	}
	helmact_free(helmact_pending);
	struct helmact *ha = xcalloc(1, sizeof *ha);
	ha->app = app;
	ha->c = c;
	ha->ns = xstrdup(ns);
	ha->name = xstrdup(name);
	ha->done = done;
	helmact_pending = ha;
	return ha;
}

/* The plan is read (and its dry runs sent) only once RBAC has said the release's Secrets
 * may be written: a viewer is told before anything goes out. */
static void
helmact_start(struct helmact *ha)
{
	char why[512];
	int ok = helmop_may(ha->c, ha->kind, ha->ns, why, sizeof why);
	if (helmact_wait(ha, ok, helmact_start))
		return;
	if (ok <= 0) {
		app_flash(ha->app, 1, "%s", why);
		helmact_free_later(ha);
		return;
	}
	app_flash(ha->app, 0, "reading what helm %s %s would do ...",
	    ha->kind == HELMOP_ROLLBACK ? "rollback" : "uninstall", ha->name);
	ha->op = ha->kind == HELMOP_ROLLBACK ? helmop_rollback(ha->c, ha->ns, ha->name, ha->rev, helmact_on_plan, ha) :
	    helmop_uninstall(ha->c, ha->ns, ha->name, helmact_on_plan, ha);
}

void
helmact_rollback(struct app *app, struct cluster *c, const char *ns, const char *name, long rev,
    void (*done)(struct app *app))
{
	struct helmact *ha = helmact_new(app, c, ns, name, done);
	if (ha == NULL)
		return;
	ha->kind = HELMOP_ROLLBACK;
	ha->rev = rev;
	helmact_start(ha);
}

void
helmact_uninstall(struct app *app, struct cluster *c, const char *ns, const char *name,
    void (*done)(struct app *app))
{
	struct helmact *ha = helmact_new(app, c, ns, name, done);
	if (ha == NULL)
		return;
	ha->kind = HELMOP_UNINSTALL;
	helmact_start(ha);
}
