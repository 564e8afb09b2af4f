/* :undo from a page; see revertact.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/lastchange.h"
#include "ops/revert.h"
#include "ui/guard.h"
#include "ui/page/page.h"
#include "ui/page/page_rollout.h"
#include "ui/revertact.h"
#include "util/xmalloc.h"

/* The undo asked about. One question is open at a time: a new :undo replaces the one
 * before, unless its patches are out (then it ends on its own). */
struct revertact {
	struct app *app;
	struct page *pg;
	struct cluster *c;
	struct revert *rv;
	int sending;
};

static struct revertact *revertact_pending;

static void
revertact_free(struct revertact *p)
{
	if (p == NULL)
		return;
	if (revertact_pending == p)
		revertact_pending = NULL;
	revert_free(&p->rv);
	free(p);
}

/* The cluster the undo is for: the selected row's, else the page's, else the current. */
static struct cluster *
revertact_cluster(struct app *app, struct page *pg)
{
	struct cluster *c = NULL;
	if (pg != NULL && pg->ops->targets != NULL) {
		struct page_target *t = NULL;
		size_t n = pg->ops->targets(pg, &t);
		if (n > 0)
			c = t[0].cluster;
		page_targets_free(&t, n);
	}
	if (c == NULL && pg != NULL)
		c = pg->cluster;
	return c != NULL ? c : app_current_cluster(app);
}

/* After an undo of one workload's template or count: its rollout, as after the change. */
static void
revertact_progress(struct revertact *p, const struct lastchange *lc)
{
	static const char *const kinds[] = { "deployments", "statefulsets", "daemonsets", NULL };
	if (lc->n != 1 || lc->steps[0].path == NULL || strcmp(lc->steps[0].res->group, "apps") != 0 ||
	    (strcmp(lc->steps[0].path, "/spec/template") != 0 && strcmp(lc->steps[0].path, "/spec/replicas") != 0 &&
	    strcmp(lc->steps[0].path, "/spec/paused") != 0))
		return;
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(lc->steps[0].res->resource, kinds[i]) == 0) {
			const struct kres *r = p->c->disc ? discovery_find(p->c->disc, kinds[i]) : NULL;
			if (r != NULL)
				page_rollout_open(p->app, p->c, r, lc->steps[0].ns, lc->steps[0].name);
			return;
		}
}

static void
revertact_on_applied(struct revert *rv, const struct kd_err *err, void *arg)
{
	struct revertact *p = arg;
	const struct lastchange *lc = revert_change(rv);
	if (err != NULL)
		app_flash(p->app, 1, "not undone: %s", err->msg);
	else {
		app_flash(p->app, 0, "undone: %s", lc->undo ? lc->undo : "the last change");
		revertact_progress(p, lc);
	}
	app_dirty(p->app);
	revertact_free(p);
}

static void
revertact_go(struct app *app, void *arg)
{
	struct revertact *p = arg;
	(void)app;
	if (p != revertact_pending)
		return;
	p->sending = 1;
	revertact_pending = NULL;   /* it ends on its own now */
	revert_apply(p->rv, revertact_on_applied, p);
}

static void
revertact_not_typed(struct app *app, void *arg)
{
	(void)app;
	if (arg == revertact_pending)
		revertact_free(arg);
}

/* After y: a production context asks for the name typed. */
static void
revertact_yes(struct app *app, void *arg)
{
	struct revertact *p = arg;
	if (p != revertact_pending)
		return;
	const struct lastchange *lc = revert_change(p->rv);
	if (!config_production(p->c->context) || lc->n == 0) {
		revertact_go(app, p);
		return;
	}
	char *why = xasprintf("%s is a production context", p->c->context);
	guard_type_or(app, why, lc->steps[0].name, revertact_go, revertact_not_typed, p);
	free(why);
}

static void
revertact_on_checked(struct revert *rv, const struct kd_err *err, void *arg)
{
	struct revertact *p = arg;
	(void)rv;
	if (p != revertact_pending)
		return;
	if (err != NULL) {
		app_flash(p->app, 1, "undo: %s", err->msg);
		revertact_free(p);
		return;
	}
	/* the user went elsewhere meanwhile: nothing is asked on another screen */
	if (app_page(p->app, 0) != p->pg) {
		revertact_free(p);
		return;
	}
	app_confirm(p->app, revert_question(p->rv), revertact_yes, p);
	app_dirty(p->app);
}

int
revertact_start(struct app *app, struct page *pg)
{
	char why[512];
	struct cluster *c = revertact_cluster(app, pg);
	if (c == NULL) {
		app_flash(app, 1, "nothing to undo: no cluster here");
		return -1;
	}
	if (app_readonly(app)) {
		app_flash(app, 1, "undo is disabled: read-only (--readonly)");
		return -1;
	}
	const struct lastchange *lc = lastchange_get(c->context);
	if (lc == NULL) {
		app_flash(app, 1, "nothing to undo on %s: kdeck has made no change there", c->context);
		return -1;
	}
	if (lc->why_not != NULL) {
		app_flash(app, 1, "%s", lc->why_not);
		return -1;
	}
	if (lc->n == 0) {
		app_flash(app, 1, "nothing to undo on %s", c->context);
		return -1;
	}
	if (revert_access(c, lc, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		return -1;
	}
	if (c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c->context);
		return -1;
	}
	if (revertact_pending != NULL && !revertact_pending->sending)
		revertact_free(revertact_pending);
	struct revertact *p = xcalloc(1, sizeof *p);
	p->app = app;
	p->pg = app_page(app, 0);
	p->c = c;
	revertact_pending = p;
	p->rv = revert_check(c, lc, revertact_on_checked, p);
	return 0;
}
