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
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* What a question waits for: one request per cluster and kind among the targets. One
 * question is open at a time, so the last one asked is kept here until it is answered
 * or replaced (a "no" leaves it to the next). */
struct opact {
	struct page *pg;
	struct op_req **reqs;
	size_t n;
};

static struct opact *opact_pending;

static void
opact_free(struct opact **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	for (size_t i = 0; i < (*pp)->n; i++)
		op_req_free(&(*pp)->reqs[i]);
	free((*pp)->reqs);
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
	else if (failed == 0 && req->n == 1)
		app_flash(app, 0, "%s %s %s", req->op->done, kind, req->targets[0].name);
	else if (failed == 0)
		app_flash(app, 0, "%s %zu %s", req->op->done, req->n, kind);
	else if (req->n == 1)
		app_flash(app, 1, "%s %s not %s: %s", kind, req->targets[0].name, req->op->done, last->msg);
	else
		app_flash(app, 1, "%zu of %zu %s not %s: %s", failed, req->n, kind, req->op->done, last->msg);
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

/* After y: what must be typed as well (guard.h's rule), over all the requests. */
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

int
opact_start(struct app *app, struct page *pg, const struct op *op)
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
	struct opact *p = opact_group(pg, op, t, n);
	page_targets_free(&t, n);
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
	opact_ask(app, p);
	return 0;
}
