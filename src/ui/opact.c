#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "ui/guard.h"
#include "ui/opact.h"
#include "ui/page/page.h"
#include "ui/page/page_rollout.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* What a question waits for: one request per cluster and kind among the targets. One
 * question is open at a time, so the last one asked is kept here until it is answered
 * or replaced (a "no" leaves it to the next). An operation that reads first (a scale's
 * counts) keeps it while its reads are out; one replaced meanwhile goes when they end. */
struct opact {
	struct app *app;
	struct page *pg;
	struct op_req **reqs;
	size_t n;
	char *arg;           /* typed after the command, NULL: asked for */
	size_t reading;      /* prepares out */
	size_t failed;
	struct kd_err err;
	int dropped;
};

static struct opact *opact_pending;

static void
opact_free(struct opact **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	if ((*pp)->reading > 0) {
		/* its reads still answer into it */
		(*pp)->dropped = 1;
		*pp = NULL;
		return;
	}
	for (size_t i = 0; i < (*pp)->n; i++)
		op_req_free(&(*pp)->reqs[i]);
	free((*pp)->reqs);
	free((*pp)->arg);
	free(*pp);
	*pp = NULL;
}

/* The targets grouped into requests by cluster and kind, in the order they came. */
static struct opact *
opact_group(struct page *pg, const struct op *op, struct page_target *t, size_t n)
{
	struct opact *p = xcalloc(1, sizeof *p);
	p->pg = pg;
	for (size_t i = 0; i < n; i++) {
		size_t g;
		for (g = 0; g < p->n; g++)
			if (p->reqs[g]->cluster == t[i].cluster &&
			    strcmp(p->reqs[g]->res->resource, t[i].res->resource) == 0 &&
			    strcmp(p->reqs[g]->res->group, t[i].res->group ? t[i].res->group : "") == 0)
				break;
		if (g == p->n) {
			p->reqs = xreallocarray(p->reqs, p->n + 1, sizeof *p->reqs);
			p->reqs[p->n++] = op_req_new(op, t[i].cluster, t[i].res, NULL, 0);
		}
		struct op_req *r = p->reqs[g];
		r->targets = xreallocarray(r->targets, r->n + 1, sizeof *r->targets);
		r->targets[r->n].ns = xstrdup(t[i].ns ? t[i].ns : "");
		r->targets[r->n].name = xstrdup(t[i].name);
		r->n++;
	}
	return p;
}

/* After a change to one workload, its rollout as kubectl rollout status follows it. */
static int
opact_has_progress(const struct op_req *req)
{
	static const char *const kinds[] = { "deployments", "statefulsets", "daemonsets", NULL };
	for (size_t i = 0; kinds[i]; i++)
		if (strcmp(req->res->resource, kinds[i]) == 0 && strcmp(req->res->group, "apps") == 0)
			return 1;
	return 0;
}

static void
opact_on_all(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg)
{
	struct app *app = arg;
	char kbuf[64];
	const char *kind = op_kind_word(req->res, req->n, kbuf, sizeof kbuf);
	if (failed == 0 && req->note != NULL && req->n == 1)
		app_flash(app, 0, "%s", req->note);
	else if (failed == 0 && req->note != NULL)
		app_flash(app, 0, "%s %zu %s; %s", req->op->done, req->n, kind, req->note);
	else if (failed == 0 && req->n == 1 && req->to != NULL && req->to[0] >= 0)
		app_flash(app, 0, "%s %s %s from %ld to %ld", req->op->done, kind, req->targets[0].name,
		    req->from[0], req->to[0]);
	else if (failed == 0 && req->n == 1)
		app_flash(app, 0, "%s %s %s", req->op->done, kind, req->targets[0].name);
	else if (failed == 0)
		app_flash(app, 0, "%s %zu %s", req->op->done, req->n, kind);
	else if (req->n == 1)
		app_flash(app, 1, "%s %s not %s: %s", kind, req->targets[0].name, req->op->done, last->msg);
	else
		app_flash(app, 1, "%zu of %zu %s not %s: %s", failed, req->n, kind, req->op->done, last->msg);
	if (failed == 0 && req->n == 1 && req->op->progress && opact_has_progress(req) && !req->opts.dry_run)
		page_rollout_open(app, req->cluster, req->res, req->targets[0].ns, req->targets[0].name);
	app_dirty(app);
}

static void
opact_go(struct app *app, void *arg)
{
	struct opact *p = arg;
	if (p != opact_pending)
		return;
	opact_pending = NULL;
	/* the page is still on top: the question is modal */
	if (p->pg->ops->unmark != NULL)
		p->pg->ops->unmark(p->pg);
	for (size_t i = 0; i < p->n; i++) {
		struct op_req *r = p->reqs[i];
		char kbuf[64];
		app_flash(app, 0, "%s %zu %s ...", r->op->name, r->n, op_kind_word(r->res, r->n, kbuf, sizeof kbuf));
		p->reqs[i] = NULL;
		op_run(r, NULL, opact_on_all, app);
	}
	opact_free(&p);
}

/* After y: what must be typed as well (guard.h's rule: a production context's name, a
 * namespace's, the count of more than five), over all the requests. */
static void
opact_yes(struct app *app, void *arg)
{
	struct opact *p = arg;
	if (p != opact_pending)
		return;
	size_t n = 0;
	int prod = 0, nss = 0, kinds = 1;
	const char *ctx = NULL;
	for (size_t i = 0; i < p->n; i++) {
		struct op_req *r = p->reqs[i];
		n += r->n;
		if (p->reqs[i]->op->mutates && config_production(r->cluster->context)) {
			prod = 1;
			ctx = r->cluster->context;
		}
		nss |= strcmp(r->res->resource, "namespaces") == 0 && strcmp(r->op->name, "delete") == 0;
		kinds &= i == 0 || strcmp(r->res->resource, p->reqs[0]->res->resource) == 0;
	}
	char kbuf[64];
	const char *kind = kinds ? op_kind_word(p->reqs[0]->res, n, kbuf, sizeof kbuf) : "objects";
	char *want = guard_typed_answer(prod, nss, n, kind, p->reqs[0]->targets[0].name);
	if (want == NULL) {
		opact_go(app, p);
		return;
	}
	char *why = prod ? xasprintf("%s is a production context", ctx) :
	    nss && n == 1 ? xasprintf("namespace %s and everything in it go for good",
	    p->reqs[0]->targets[0].name) :
	    xasprintf("%s %zu %s", p->reqs[0]->op->name, n, kind);
	guard_type(app, why, want, opact_go, p);
	free(why);
	free(want);
}

static void opact_choose(struct app *app, int key, void *arg);

/* The plans of every request as one question, with the operation's choices. */
static void
opact_ask(struct app *app, struct opact *p)
{
	const struct op *op = p->reqs[0]->op;
	struct sbuf q = { 0 };
	for (size_t i = 0; i < p->n; i++) {
		char *plan = op->plan(p->reqs[i]);
		if (i > 0)
			sbuf_str(&q, " ");
		sbuf_str(&q, plan);
		free(plan);
	}
	const char *hint = NULL, *keys = op->choices ? op->choices(p->reqs[0], &hint) : NULL;
	app_confirm_choices(app, q.s, keys, hint, opact_yes, opact_choose, p);
	free(q.s);
}

static void
opact_choose(struct app *app, int key, void *arg)
{
	struct opact *p = arg;
	if (p != opact_pending)
		return;
	for (size_t i = 0; i < p->n; i++)
		p->reqs[i]->op->choose(p->reqs[i], key);
	opact_ask(app, p);
}

/* The plan as the question, or at once when the typed answer was confirmation enough (a
 * scale of one object to a count other than 0); what must be typed after y (opact_yes)
 * is asked either way. */
static void
opact_ask_plan(struct app *app, struct opact *p)
{
	const struct op *op = p->reqs[0]->op;
	int ask = op->confirm == NULL || p->n != 1;
	for (size_t i = 0; !ask && i < p->n; i++)
		ask = op->confirm(p->reqs[i]);
	if (!ask)
		opact_yes(app, p);
	else
		opact_ask(app, p);
}

static void
opact_take(struct app *app, struct opact *p, const char *arg)
{
	char why[256];
	for (size_t i = 0; i < p->n; i++)
		if (p->reqs[i]->op->take(p->reqs[i], arg, why, sizeof why) != 0) {
			app_flash(app, 1, "%s", why);
			opact_free(&opact_pending);
			return;
		}
	opact_ask_plan(app, p);
}

static void
opact_answered(struct app *app, const char *answer, void *arg)
{
	struct opact *p = arg;
	if (p != opact_pending)
		return;
	if (answer == NULL) {
		opact_free(&opact_pending);
		return;
	}
	opact_take(app, p, answer);
}

/* Everything read: the argument asked for (or taken as typed), then the plan. */
static void
opact_ready(struct app *app, struct opact *p)
{
	const struct op *op = p->reqs[0]->op;
	if (op->take == NULL) {
		opact_ask_plan(app, p);
		return;
	}
	if (p->arg != NULL) {
		opact_take(app, p, p->arg);
		return;
	}
	char *text = NULL, *q;
	if (p->n == 1)
		q = op->ask(p->reqs[0], &text);
	else {
		size_t total = 0;
		for (size_t i = 0; i < p->n; i++)
			total += p->reqs[i]->n;
		q = xasprintf("%c%s %zu objects of several kinds to (N, +N, -N): ", op->name[0] - 32,
		    op->name + 1, total);
	}
	app_ask(app, q, text ? text : "", opact_answered, p);
	free(q);
	free(text);
}

static void
opact_on_prepared(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg)
{
	struct opact *p = arg;
	(void)req;
	p->failed += failed;
	if (failed)
		p->err = *last;
	if (--p->reading > 0)
		return;
	if (p->dropped) {
		p->dropped = 0;
		opact_free(&p);
		return;
	}
	if (p != opact_pending)
		return;
	/* the user went elsewhere meanwhile: nothing is asked on another screen */
	if (app_page(p->app, 0) != p->pg) {
		opact_free(&opact_pending);
		return;
	}
	if (p->failed) {
		app_flash(p->app, 1, "%s: %s", p->reqs[0]->op->name, p->err.msg);
		opact_free(&opact_pending);
		return;
	}
	opact_ready(p->app, p);
}

static int
opact_run_targets(struct app *app, struct page *pg, const struct op *op, struct page_target *t,
    size_t n, const char *arg)
{
	char why[512];
	struct opact *p = opact_group(pg, op, t, n);
	p->app = app;
	p->arg = arg ? xstrdup(arg) : NULL;
	for (size_t i = 0; i < p->n; i++) {
		struct cluster *c = p->reqs[i]->cluster;
		if (!op_applies(op, p->reqs[i]->res, why, sizeof why) ||
		    (c->state != CLUSTER_READY && snprintf(why, sizeof why, "%s is not connected", c->context)) ||
		    op_check(p->reqs[i], why, sizeof why) != 1) {
			app_flash(app, 1, "%s", why);
			opact_free(&p);
			return -1;
		}
	}
	opact_free(&opact_pending);
	opact_pending = p;
	if (op->prepare == NULL) {
		opact_ready(app, p);
		return 0;
	}
	p->reading = p->n;
	for (size_t i = 0; i < p->n; i++)
		op_prepare(p->reqs[i], opact_on_prepared, p);
	return 0;
}

int
opact_start_arg(struct app *app, struct page *pg, const struct op *op, const char *arg)
{
	struct page_target *t = NULL;
	size_t n = 0;
	char why[512];
	int a = action_find(op->action);

	if (pg == NULL || pg->ops->targets == NULL) {
		app_flash(app, 1, "%s is not available on this screen", op->name);
		return -1;
	}
	if (a > 0 && !app_allowed(app, pg, (enum action)a, why, sizeof why)) {
		app_flash(app, 1, "%s is disabled: %s", op->name, why);
		return -1;
	}
	n = pg->ops->targets(pg, &t);
	if (n == 0) {
		app_flash(app, 1, "nothing to %s here: select or mark a row", op->name);
		return -1;
	}
	int rc = opact_run_targets(app, pg, op, t, n, arg);
	page_targets_free(&t, n);
	return rc;
}

int
opact_start(struct app *app, struct page *pg, const struct op *op)
{
	return opact_start_arg(app, pg, op, NULL);
}

int
opact_start_on(struct app *app, struct page *pg, const struct op *op, struct cluster *c,
    const struct kres *res, const char *ns, const char *name)
{
	struct page_target *t = NULL;
	size_t n = 0;
	char why[512];
	int a = action_find(op->action);
	if (a > 0 && !app_allowed(app, pg, (enum action)a, why, sizeof why)) {
		app_flash(app, 1, "%s is disabled: %s", op->name, why);
		return -1;
	}
	page_targets_add(&t, &n, c, res, ns, name);
	int rc = opact_run_targets(app, pg, op, t, n, NULL);
	page_targets_free(&t, n);
	return rc;
}
