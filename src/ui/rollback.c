/* A rollback from a page; see rollback.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/history.h"
#include "ops/op.h"
#include "ops/rollback.h"
#include "ui/guard.h"
#include "ui/page/page_diff.h"
#include "ui/rollback.h"
#include "util/xmalloc.h"

extern const struct op op_rollback;

struct rollback_ask {
	struct app *app;
	struct op_req *req;
	long target;            /* the revision resolved from the history */
	void (*done)(struct app *app);
};

static void
rollback_ask_free(struct rollback_ask *ra)
{
	op_req_free(&ra->req);
	free(ra);
}

static void
rollback_on_all(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg)
{
	struct rollback_ask *ra = arg;
	char kbuf[64];
	const char *kind = op_kind_word(req->res, 1, kbuf, sizeof kbuf);
	if (failed == 0)
		app_flash(ra->app, 0, "rolled back %s %s to revision %ld", kind, req->targets[0].name,
		    ra->target);
	else
		app_flash(ra->app, 1, "%s %s not rolled back: %s", kind, req->targets[0].name, last->msg);
	if (ra->done != NULL)
		ra->done(ra->app);
	app_dirty(ra->app);
	free(ra);
}

static void
rollback_go(struct app *app, void *arg)
{
	struct rollback_ask *ra = arg;
	struct op_req *req = ra->req;
	ra->req = NULL;
	/* the operation reads the history again and goes to the revision shown */
	req->opts.revision = ra->target;
	app_flash(app, 0, "rollback %s ...", req->targets[0].name);
	op_run(req, NULL, rollback_on_all, ra);
}

static void
rollback_not_typed(struct app *app, void *arg)
{
	(void)app;
	rollback_ask_free(arg);
}

static void
rollback_answered(struct app *app, int yes, void *arg)
{
	struct rollback_ask *ra = arg;
	char why[512];
	if (!yes) {
		app_flash(app, 0, "rollback cancelled, nothing sent");
		rollback_ask_free(ra);
		return;
	}
	/* asked again: the answer may have changed while the diff was read */
	if (op_check(ra->req, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		rollback_ask_free(ra);
		return;
	}
	if (config_production(ra->req->cluster->context)) {
		snprintf(why, sizeof why, "%s is a production context", ra->req->cluster->context);
		guard_type_or(app, why, ra->req->targets[0].name, rollback_go, rollback_not_typed, ra);
		return;
	}
	rollback_go(app, ra);
}

static void
rollback_on_history(struct history *h, const struct kd_err *err, void *arg)
{
	struct rollback_ask *ra = arg;
	struct app *app = ra->app;
	const struct history_rev *r = NULL;
	char why[512];
	if (h == NULL) {
		app_flash(app, 1, "%s: %s", ra->req->targets[0].name, err->msg);
		rollback_ask_free(ra);
		return;
	}
	if (history_target(h, ra->req->opts.revision, &r, why, sizeof why) != 0) {
		app_flash(app, 1, "%s", why);
		goto out;
	}
	if (history_matches(h, r)) {
		history_skipped(r, why, sizeof why);
		app_flash(app, 0, "%s", why);
		goto out;
	}
	ra->target = r->revision;
	struct op_req *req = ra->req;
	char kbuf[64];
	const char *kind = op_kind_word(req->res, 1, kbuf, sizeof kbuf);
	const char *ns = req->targets[0].ns;
	char *q = xasprintf("Roll %s %s%s%s on %s back to revision %ld?", kind, ns, ns[0] ? "/" : "",
	    req->targets[0].name, req->cluster->context, r->revision);
	char *title = xasprintf("%s %s%s%s: current -> revision %ld", kind, ns, ns[0] ? "/" : "",
	    req->targets[0].name, r->revision);
	cJSON *cur = history_workload_template(h);
	char *a = history_yaml(cur), *b = history_yaml(r->tmpl);
	cJSON_Delete(cur);
	page_diff_open(app, req->cluster, title, "the pod template now, and as it will be", a,
	    strlen(a), b, strlen(b), q, rollback_answered, ra);
	free(a);
	free(b);
	free(q);
	free(title);
	history_free(&h);
	return;
out:
	history_free(&h);
	rollback_ask_free(ra);
	app_dirty(app);
}

int
rollback_ask(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, long revision, void (*done)(struct app *app))
{
	char why[512];
	struct op_target t = { (char *)(ns ? ns : ""), (char *)name };
	if (!op_applies(&op_rollback, res, why, sizeof why)) {
		app_flash(app, 1, "%s", why);
		return -1;
	}
	if (c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected", c->context);
		return -1;
	}
	struct rollback_ask *ra = xcalloc(1, sizeof *ra);
	ra->app = app;
	ra->done = done;
	ra->req = op_req_new(&op_rollback, c, res, &t, 1);
	ra->req->opts.revision = revision;
	if (op_check(ra->req, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		rollback_ask_free(ra);
		return -1;
	}
	app_flash(app, 0, "reading the history of %s ...", name);
	rollback_fetch(c, ra->req->res, ra->req->targets[0].ns, ra->req->targets[0].name,
	    rollback_on_history, ra);
	return 0;
}
