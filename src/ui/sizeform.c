/* A size from a page; see sizeform.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/metrics.h"
#include "ops/op.h"
#include "ops/size.h"
#include "ui/guard.h"
#include "ui/page/page.h"
#include "ui/page/page_form.h"
#include "ui/page/page_rollout.h"
#include "ui/sizeform.h"
#include "util/xmalloc.h"

struct sizeform {
	struct app *app;
	struct page *pg;           /* the page it was started on */
	struct op_req *req;
	struct size_plan *plan;    /* until it is attached to req */
	char **vals;               /* each field's value as last checked */
	size_t nvals;
};

static void
sizeform_free(struct sizeform *sf)
{
	if (sf->req != NULL)
		size_detach(sf->req);
	op_req_free(&sf->req);
	size_plan_free(&sf->plan);
	for (size_t i = 0; i < sf->nvals; i++)
		free(sf->vals[i]);
	free(sf->vals);
	free(sf);
}

static int
sizeform_check(size_t i, const char *value, char *why, size_t len, void *arg)
{
	struct sizeform *sf = arg;
	if (i >= sf->nvals)
		return 0;
	free(sf->vals[i]);
	sf->vals[i] = xstrdup(value ? value : "");
	/* the pair's other value as it was last typed: a request's limit, a limit's request */
	return size_check(sf->plan, i / SIZE_NFIELDS, (enum size_field)(i % SIZE_NFIELDS), sf->vals[i],
	    sf->vals[i ^ 1], why, len);
}

static void sizeform_reopen(struct sizeform *sf);

static void
sizeform_on_all(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg)
{
	struct sizeform *sf = arg;
	struct app *app = sf->app;
	char kbuf[64];
	const char *kind = op_kind_word(req->res, 1, kbuf, sizeof kbuf);
	const struct size_plan *p = size_plan_of(req);
	if (failed != 0) {
		/* refused (RBAC, the server's validation): nothing changed, so the form comes
		 * back as it was typed, with why; op_run frees this request after this */
		app_flash(app, 1, "%s %s not sized: %s", kind, req->targets[0].name, last->msg);
		struct op_target one = { req->targets[0].ns, req->targets[0].name };
		sf->plan = size_take_back(req);
		sf->req = op_req_new(&op_size, req->cluster, req->res, &one, 1);
		sizeform_reopen(sf);
		app_dirty(app);
		return;
	}
	char *ch = p ? size_changes(p, 0) : xstrdup("");
	app_flash(app, 0, "sized %s %s (%s)", kind, req->targets[0].name, ch);
	free(ch);
	if (!req->opts.dry_run && strcmp(req->res->resource, "replicasets") != 0)
		page_rollout_open(app, req->cluster, req->res, req->targets[0].ns, req->targets[0].name);
	/* op_run frees the request after this */
	size_detach(req);
	sf->req = NULL;
	sizeform_free(sf);
	app_dirty(app);
}

/* The one size waiting for its question's answer: a "no" leaves it to the next. */
static struct sizeform *sizeform_pending;

static void
sizeform_go(struct app *app, void *arg)
{
	struct sizeform *sf = arg;
	char why[512];
	if (sf != sizeform_pending)
		return;
	sizeform_pending = NULL;
	/* permissions may have changed while the form was open */
	if (op_check(sf->req, why, sizeof why) != 1) {
		app_flash(app, 1, "%s; nothing sent", why);
		sizeform_reopen(sf);
		return;
	}
	app_flash(app, 0, "size %s ...", sf->req->targets[0].name);
	op_run(sf->req, NULL, sizeform_on_all, sf);
}

/* n, Esc or another name typed at the question: the form again as it was typed. */
static void
sizeform_no(struct app *app, void *arg)
{
	struct sizeform *sf = arg;
	(void)app;
	if (sf != sizeform_pending)
		return;
	sizeform_pending = NULL;
	sizeform_reopen(sf);
}

static void
sizeform_done(struct app *app, const char *const *values, size_t n, void *arg)
{
	struct sizeform *sf = arg;
	char why[512];
	if (values == NULL) {
		app_flash(app, 0, "size cancelled, nothing sent");
		sizeform_free(sf);
		return;
	}
	/* the values exactly as typed, for the form to come back with when nothing is sent */
	for (size_t i = 0; i < n && i < sf->nvals; i++) {
		free(sf->vals[i]);
		sf->vals[i] = xstrdup(values[i] ? values[i] : "");
	}
	if (size_take(sf->plan, values, n, why, sizeof why) != 0) {
		app_flash(app, 1, "%s; nothing sent", why);
		sizeform_reopen(sf);
		return;
	}
	if (size_changed(sf->plan) == 0) {
		app_flash(app, 0, "nothing to change: the requests and limits are as they were");
		sizeform_free(sf);
		return;
	}
	size_attach(sf->req, sf->plan);
	sf->plan = NULL;
	if (sizeform_pending != NULL)
		sizeform_free(sizeform_pending);
	sizeform_pending = sf;
	char *q = op_size.plan(sf->req);
	guard_confirm_or(app, sf->req->cluster, q, sf->req->targets[0].name, sizeform_go, sizeform_no, sf);
	free(q);
}

/* "12m (avg of 3 pods; max 15m)" */
static char *
sizeform_usage(const struct size_plan *p, const struct size_container *sc, int mem)
{
	char a[32], m[32];
	if (p->usage == SIZE_USAGE_ABSENT)
		return xstrdup("usage: the cluster serves no metrics.k8s.io");
	if (p->usage == SIZE_USAGE_DENIED)
		return xstrdup("usage: not allowed to read metrics.k8s.io");
	if (p->usage != SIZE_USAGE_SERVED)
		return NULL;
	if (sc->pods == 0)
		return xstrdup("usage: no pod reports it now");
	if (mem) {
		metrics_mem_format(sc->mem_avg, a, sizeof a);
		metrics_mem_format(sc->mem_max, m, sizeof m);
	} else {
		snprintf(a, sizeof a, "%ldm", sc->cpu_avg);
		snprintf(m, sizeof m, "%ldm", sc->cpu_max);
	}
	if (sc->pods == 1)
		return xasprintf("using %s now (1 pod)", a);
	return xasprintf("using %s now (average of %d pods; most %s)", a, sc->pods, m);
}

/* The form of sf->plan with sf->vals as its values. */
static void
sizeform_open(struct sizeform *sf)
{
	struct app *app = sf->app;
	const struct size_plan *plan = sf->plan;
	const struct op_req *req = sf->req;
	struct form_field *f = xcalloc(sf->nvals ? sf->nvals : 1, sizeof *f);
	char **labels = xcalloc(sf->nvals ? sf->nvals : 1, sizeof *labels);
	char **descs = xcalloc(sf->nvals ? sf->nvals : 1, sizeof *descs);
	for (size_t i = 0; i < sf->nvals; i++) {
		const struct size_container *sc = &plan->c[i / SIZE_NFIELDS];
		enum size_field k = (enum size_field)(i % SIZE_NFIELDS);
		labels[i] = xasprintf("%s%s %s", sc->init ? "init:" : "", sc->name, size_field_word(k));
		descs[i] = sizeform_usage(plan, sc, k == SIZE_MEM_REQ || k == SIZE_MEM_LIM);
		f[i].label = labels[i];
		f[i].type = k == SIZE_CPU_REQ || k == SIZE_CPU_LIM ? "cores" : "bytes";
		f[i].description = descs[i];
		f[i].value = sf->vals[i];
		f[i].placeholder = "none (empty removes it)";
	}
	char kbuf[64], *title, *intro;
	const char *ns = req->targets[0].ns;
	title = xasprintf("size %s", req->targets[0].name);
	intro = xasprintf("Requests and limits of %s %s%s%s on %s (250m, 0.5, 128Mi, 1Gi; empty: none)",
	    op_kind_word(req->res, 1, kbuf, sizeof kbuf), req->targets[0].name, ns[0] ? " in " : "", ns,
	    req->cluster->context);
	app_push(app, page_form_new(app, title, intro, f, sf->nvals, "review", sizeform_check,
	    sizeform_done, sf));
	for (size_t i = 0; i < sf->nvals; i++) {
		free(labels[i]);
		free(descs[i]);
	}
	free(labels);
	free(descs);
	free(f);
	free(title);
	free(intro);
}

/* Nothing was sent, or the server refused what was: the form again with the values as
 * typed (the flash says why), on whatever screen is up. */
static void
sizeform_reopen(struct sizeform *sf)
{
	if (sf->plan == NULL)
		sf->plan = size_take_back(sf->req);
	/* no plan, or kdeck is ending (its pages are gone): nothing to come back to */
	if (sf->plan == NULL || sf->req == NULL || app_page(sf->app, 0) == NULL) {
		sizeform_free(sf);
		return;
	}
	sizeform_open(sf);
}

static void
sizeform_on_read(const struct op_req *req, struct size_plan *plan, const struct kd_err *err, void *arg)
{
	struct sizeform *sf = arg;
	struct app *app = sf->app;
	(void)req;
	/* the user went elsewhere meanwhile: no form on another screen */
	if (app_page(app, 0) != sf->pg) {
		size_plan_free(&plan);
		sizeform_free(sf);
		return;
	}
	if (plan == NULL) {
		app_flash(app, 1, "size: %s", err ? err->msg : "the workload was not read");
		sizeform_free(sf);
		return;
	}
	sf->plan = plan;
	sf->nvals = plan->n * SIZE_NFIELDS;
	sf->vals = xcalloc(sf->nvals ? sf->nvals : 1, sizeof *sf->vals);
	for (size_t i = 0; i < sf->nvals; i++) {
		const struct size_container *sc = &plan->c[i / SIZE_NFIELDS];
		enum size_field k = (enum size_field)(i % SIZE_NFIELDS);
		sf->vals[i] = xstrdup(sc->was[k] ? sc->was[k] : "");
	}
	sizeform_open(sf);
	app_flash(app, 0, "%s", "");   /* "reading ..." is over */
}

int
sizeform_start(struct app *app, struct page *pg, const struct page_target *t)
{
	char why[512];
	struct op_target one = { t->ns, t->name };
	struct op_req *req = op_req_new(&op_size, t->cluster, t->res, &one, 1);
	struct cluster *c = req->cluster;
	if (!op_applies(&op_size, req->res, why, sizeof why) ||
	    (c->state != CLUSTER_READY && snprintf(why, sizeof why, "%s is not connected", c->context)) ||
	    op_check(req, why, sizeof why) != 1) {
		app_flash(app, 1, "%s", why);
		op_req_free(&req);
		return -1;
	}
	struct sizeform *sf = xcalloc(1, sizeof *sf);
	sf->app = app;
	sf->pg = pg;
	sf->req = req;
	app_flash(app, 0, "reading %s's containers ...", req->targets[0].name);
	size_read(req, sizeform_on_read, sf);
	return 0;
}
