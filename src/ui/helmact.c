/* A Helm rollback or uninstall from a page; see helmact.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "loop.h"
#include "ops/helmops.h"
#include "ui/guard.h"
#include "ui/helmact.h"
#include "ui/page/page_diff.h"
#include "util/xmalloc.h"

#define HELMACT_TRIES 100   /* RBAC answers waited for, 100 ms apart */

struct helmact {
	struct app *app;
	struct cluster *c;
	struct helmop *op;
	char *name;
	int tries;
	struct loop_timer *timer;
};

static void
helmact_free(struct helmact *ha)
{
	if (ha->timer != NULL)
		loop_timer_cancel(app_loop(ha->app), &ha->timer);
	helmop_free(&ha->op);
	free(ha->name);
	free(ha);
}

static const char *
helmact_verb(const struct helmact *ha)
{
	return helmop_kind_of(ha->op) == HELMOP_ROLLBACK ? "helm rollback" : "helm uninstall";
}

static void
helmact_on_done(struct helmop *op, const struct kd_err *err, void *arg)
{
	struct helmact *ha = arg;
	if (err != NULL)
		app_flash(ha->app, 1, "%s %s: %s", helmact_verb(ha), ha->name, err->msg);
	else
		app_flash(ha->app, 0, "%s", helmop_outcome(op));
	app_dirty(ha->app);
	helmact_free(ha);
}

static void
helmact_go(struct app *app, void *arg)
{
	struct helmact *ha = arg;
	char why[512];
	/* asked again: the answers may have changed while the plan was read */
	if (helmop_check(ha->op, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		helmact_free(ha);
		return;
	}
	app_flash(app, 0, "%s %s ...", helmact_verb(ha), ha->name);
	helmop_apply(ha->op, helmact_on_done, ha);
}

static void
helmact_not_typed(struct app *app, void *arg)
{
	(void)app;
	helmact_free(arg);
}

static void
helmact_yes(struct app *app, void *arg)
{
	struct helmact *ha = arg;
	if (config_production(ha->c->context)) {
		char *why = xasprintf("%s is a production context", ha->c->context);
		guard_type_or(app, why, ha->name, helmact_go, helmact_not_typed, ha);
		free(why);
		return;
	}
	helmact_go(app, ha);
}

static void
helmact_answered(struct app *app, int yes, void *arg)
{
	if (!yes) {
		app_flash(app, 0, "%s cancelled, nothing sent", helmact_verb(arg));
		helmact_free(arg);
		return;
	}
	helmact_yes(app, arg);
}

static void helmact_ask(struct helmact *ha);

static void
helmact_choose(struct app *app, int key, void *arg)
{
	struct helmact *ha = arg;
	(void)app;
	if (key == 'h')
		helmop_set_keep_history(ha->op, !helmop_keep_history(ha->op));
	helmact_ask(ha);
}

/* app_confirm_choices has no "no": a question replaced or answered no frees nothing, so
 * the pending one is kept here and freed when the next is asked. */
static struct helmact *helmact_pending;

static void
helmact_confirmed(struct app *app, void *arg)
{
	if (arg != helmact_pending)
		return;
	helmact_pending = NULL;
	helmact_yes(app, arg);
}

static void
helmact_ask(struct helmact *ha)
{
	char *q = helmop_question(ha->op);
	if (helmop_kind_of(ha->op) == HELMOP_ROLLBACK) {
		char *a = NULL, *b = NULL;
		helmop_texts(ha->op, &a, &b);
		char *title = xasprintf("helm rollback %s: revision %ld -> %ld", ha->name, helmop_next(ha->op) - 1,
		    helmop_target(ha->op));
		page_diff_open(ha->app, ha->c, title, "each object of the release now, and as the rollback leaves it",
		    a, strlen(a), b, strlen(b), q, helmact_answered, ha);
		free(title);
		free(a);
		free(b);
	} else {
		const char *hint = NULL, *keys = helmop_choices(ha->op, &hint);
		if (helmact_pending != NULL && helmact_pending != ha)
			helmact_free(helmact_pending);
		helmact_pending = ha;
		app_confirm_choices(ha->app, q, keys, hint, helmact_confirmed, helmact_choose, ha);
	}
	free(q);
	app_dirty(ha->app);
}

static void
helmact_check_again(void *arg)
{
	struct helmact *ha = arg;
	char why[512];
	ha->timer = NULL;
	int ok = helmop_check(ha->op, why, sizeof why);
	if (ok == -1 && ++ha->tries < HELMACT_TRIES) {
		ha->timer = loop_timer_add(app_loop(ha->app), 100, helmact_check_again, ha);
		return;
	}
	if (ok != 1) {
		app_flash(ha->app, 1, "%s", why);
		helmact_free(ha);
		return;
	}
	helmact_ask(ha);
}

static void
helmact_on_plan(struct helmop *op, const struct kd_err *err, void *arg)
{
	struct helmact *ha = arg;
	(void)op;
	if (err != NULL) {
		app_flash(ha->app, 1, "%s %s: %s", helmact_verb(ha), ha->name, err->msg);
		helmact_free(ha);
		return;
	}
	helmact_check_again(ha);
}

static int
helmact_start(struct app *app, struct page *pg, struct cluster *c, const char *ns, const char *name,
    int rollback, long rev)
{
	char why[512];
	const char *verb = rollback ? "helm rollback" : "helm uninstall";
	if (!app_allowed(app, NULL, rollback ? ACT_ROLLBACK : ACT_DELETE, why, sizeof why) ||
	    (c->readonly && snprintf(why, sizeof why, "read-only (%s)", c->context))) {
		app_flash(app, 1, "%s is disabled: %s", verb, why);
		return -1;
	}
	(void)pg;
	if (c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c->context);
		return -1;
	}
	struct helmact *ha = xcalloc(1, sizeof *ha);
	ha->app = app;
	ha->c = c;
	ha->name = xstrdup(name);
	app_flash(app, 0, "%s %s: reading the release ...", verb, name);
	ha->op = rollback ? helmop_rollback(c, ns, name, rev, helmact_on_plan, ha) :
	    helmop_uninstall(c, ns, name, helmact_on_plan, ha);
	return 0;
}

int
helmact_rollback(struct app *app, struct page *pg, struct cluster *c, const char *ns, const char *name,
    long rev)
{
	return helmact_start(app, pg, c, ns, name, 1, rev);
}

int
helmact_uninstall(struct app *app, struct page *pg, struct cluster *c, const char *ns, const char *name)
{
	return helmact_start(app, pg, c, ns, name, 0, 0);
}
