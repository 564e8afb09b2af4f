#include <ctype.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/revert.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

extern const struct op op_delete;
extern const struct op op_restart;
extern const struct op op_rollback;
extern const struct op op_scale;
extern const struct op op_pause;
extern const struct op op_resume;
extern const struct op op_size;
extern const struct op op_cordon;
extern const struct op op_uncordon;
extern const struct op op_drain;

const struct op *const op_table[] = {
	&op_delete,
	&op_restart,
	&op_rollback,
	&op_scale,
	&op_pause,
	&op_resume,
	&op_size,
	&op_cordon,
	&op_uncordon,
	&op_drain,
	NULL,
};

const struct op *
op_find(const char *name)
{
	for (size_t i = 0; name && op_table[i]; i++)
		if (strcmp(op_table[i]->name, name) == 0)
			return op_table[i];
	return NULL;
}

const struct op *
op_for_action(const char *action)
{
	for (size_t i = 0; action && op_table[i]; i++)
		if (strcmp(op_table[i]->action, action) == 0)
			return op_table[i];
	return NULL;
}

int
op_applies_to(const struct op *op, const char *resource)
{
	if (op->kinds == NULL)
		return 1;
	for (size_t i = 0; resource != NULL && op->kinds[i]; i++)
		if (strcmp(op->kinds[i], resource) == 0)
			return 1;
	return 0;
}

int
op_applies_res(const struct op *op, const struct kres *res)
{
	if (op_applies_to(op, res ? res->resource : NULL))
		return 1;
	return res != NULL && op->kinds_subres != 0 && (res->subres & op->kinds_subres) == op->kinds_subres;
}

int
op_applies(const struct op *op, const struct kres *res, char *why, size_t len)
{
	if (op_applies_res(op, res))
		return 1;
	struct sbuf b = { 0 };
	for (size_t i = 0; op->kinds[i]; i++) {
		if (i > 0)
			sbuf_str(&b, op->kinds[i + 1] || op->kinds_subres ? ", " : " and ");
		sbuf_str(&b, op->kinds[i]);
	}
	if (op->kinds_subres & KRES_SUB_SCALE)
		sbuf_str(&b, " and any resource with a scale subresource");
	snprintf(why, len, "%s works on %s%s%s", op->name, b.s ? b.s : "nothing",
	    res ? ", not " : "", res ? res->resource : "");
	free(b.s);
	return 0;
}

int
op_check(const struct op_req *req, char *why, size_t len)
{
	struct cluster *c = req->cluster;
	if (c->readonly) {
		snprintf(why, len, "%s is disabled: read-only (%s)", req->op->name, c->context);
		return 0;
	}
	if (c->access == NULL)
		return 1;
	for (size_t i = 0; i < req->n; i++) {
		const char *ns = req->targets[i].ns;
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(req->targets[k].ns, ns) == 0;
		if (seen)
			continue;
		struct api_access q = { req->op->verb, req->res->group, req->res->resource,
			req->op->subresource, ns, NULL };
		int ok = access_may(c->access, &q, req->op->name, why, len);
		if (ok != 1)
			return ok;
	}
	return 1;
}

struct op_req *
op_req_new(const struct op *op, struct cluster *c, const struct kres *res,
    const struct op_target *targets, size_t n)
{
	struct op_req *req = xcalloc(1, sizeof *req);
	req->op = op;
	req->cluster = c;
	if (res != NULL) {
		req->own = kres_dup(res);
		req->res = req->own;
	}
	req->n = n;
	req->targets = xcalloc(n ? n : 1, sizeof *req->targets);
	for (size_t i = 0; i < n; i++) {
		req->targets[i].ns = xstrdup(targets[i].ns ? targets[i].ns : "");
		req->targets[i].name = xstrdup(targets[i].name);
	}
	req->opts.grace_seconds = -1;
	return req;
}

void
op_req_free(struct op_req **reqp)
{
	if (reqp == NULL || *reqp == NULL)
		return;
	struct op_req *req = *reqp;
	for (size_t i = 0; i < req->n; i++) {
		free(req->targets[i].ns);
		free(req->targets[i].name);
	}
	free(req->targets);
	free(req->from);
	free(req->to);
	free(req->note);
	lastchange_free(&req->change);
	if (req->own != NULL) {
		kres_clear(req->own);
		free(req->own);
	}
	free(req);
	*reqp = NULL;
}

/* The namespace all targets share, "" when cluster-scoped, NULL when they differ. */
static const char *
op_common_ns(const struct op_req *req)
{
	const char *ns = req->n ? req->targets[0].ns : "";
	for (size_t i = 1; i < req->n; i++)
		if (strcmp(req->targets[i].ns, ns) != 0)
			return NULL;
	return ns;
}

const char *
op_kind_word(const struct kres *res, size_t n, char *buf, size_t len)
{
	if (res == NULL)
		return n == 1 ? "object" : "objects";
	if (n != 1)
		return res->resource;
	if (res->singular && res->singular[0])
		return res->singular;
	/* servers before 1.27 send no singularName: the kind, as kubectl prints it */
	snprintf(buf, len, "%s", res->kind ? res->kind : res->resource);
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return buf;
}

char *
op_plan_say(const struct op_req *req, const char *verb, const char *tail)
{
	const char *ns = op_common_ns(req);
	char kbuf[64];
	const char *kind = op_kind_word(req->res, req->n, kbuf, sizeof kbuf);
	const char *ctx = req->cluster && req->cluster->context ? req->cluster->context : "?";
	struct sbuf b = { 0 };
	char num[32];

	sbuf_str(&b, verb);
	if (req->n == 1) {
		sbuf_str(&b, " ");
		sbuf_str(&b, kind);
		sbuf_str(&b, " ");
		sbuf_str(&b, req->targets[0].name);
	} else {
		snprintf(num, sizeof num, " %zu ", req->n);
		sbuf_str(&b, num);
		sbuf_str(&b, kind);
	}
	if (ns == NULL)
		sbuf_str(&b, " in several namespaces");
	else if (ns[0]) {
		sbuf_str(&b, " in ");
		sbuf_str(&b, ns);
	}
	sbuf_str(&b, " on ");
	sbuf_str(&b, ctx);
	if (req->n > 1) {
		/* the names, as many as a line holds: the user confirms what they see */
		size_t shown = 0, width = 0;
		sbuf_str(&b, ":");
		for (size_t i = 0; i < req->n; i++) {
			size_t w = strlen(req->targets[i].name) + (ns == NULL ? strlen(req->targets[i].ns) + 1 : 0);
			if (shown > 0 && width + w > 60)
				break;
			sbuf_str(&b, shown ? ", " : " ");
			if (ns == NULL) {
				sbuf_str(&b, req->targets[i].ns);
				sbuf_str(&b, "/");
			}
			sbuf_str(&b, req->targets[i].name);
			width += w + 2;
			shown++;
		}
		if (shown < req->n) {
			snprintf(num, sizeof num, " and %zu more", req->n - shown);
			sbuf_str(&b, num);
		}
	}
	if (tail != NULL && tail[0]) {
		if (strchr("?.,:", tail[0]) == NULL)
			sbuf_str(&b, " ");
		sbuf_str(&b, tail);
	}
	return b.s;
}

struct op_run {
	struct op_req *req;
	op_done_cb each;
	op_all_cb all;
	void *arg;
	size_t left, failed;
	struct kd_err last;
	int keep;            /* the request stays the caller's (prepare) */
};

static struct lastchange *
op_change(const struct op_req *req)
{
	struct op_req *r = (struct op_req *)req;   /* the request's own record of what it did */
	if (r->change == NULL)
		r->change = lastchange_new(r->cluster && r->cluster->context ? r->cluster->context : "");
	return r->change;
}

void
op_undo_step(const struct op_req *req, size_t i, const char *subresource, int patch_type,
    const char *patch, const char *path, const cJSON *obj)
{
	if (req->opts.dry_run)
		return;
	const cJSON *v = path != NULL ? revert_pointer(obj, path) : NULL;
	char *set = path == NULL ? NULL : v ? cJSON_PrintUnformatted(v) : xstrdup("null");
	lastchange_add(op_change(req), req->res, req->targets[i].ns, req->targets[i].name, subresource,
	    patch_type, patch, path, set);
	free(set);
}

void
op_undo_never(const struct op_req *req, const char *why)
{
	if (req->opts.dry_run)
		return;
	struct lastchange *lc = op_change(req);
	free(lc->why_not);
	lc->why_not = xstrdup(why);
}

struct op_call *
op_call_new(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = xcalloc(1, sizeof *oc);
	oc->req = req;
	oc->i = i;
	oc->cb = cb;
	oc->arg = arg;
	/* the strings are the request's and its copy of the resource: they outlive the call */
	oc->ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	return oc;
}

void
op_call_end(struct op_call *oc, const struct kd_err *err)
{
	oc->cb(oc->req, oc->i, err, oc->arg);
	free(oc->back);
	free(oc);
}

static void
op_call_on_patched(struct api_call *c, const struct api_result *res, void *arg)
{
	struct op_call *oc = arg;
	(void)c;
	if (res->err.code == KD_OK && oc->back != NULL)
		op_undo_step(oc->req, oc->i, oc->back_sub, oc->back_type, oc->back, oc->back_path, res->body);
	op_call_end(oc, res->err.code == KD_OK ? NULL : &res->err);
}

void
op_call_patch(struct op_call *oc, int type, const char *patch)
{
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = oc->req->opts.dry_run;
	api_patch(oc->req->cluster->api, &oc->ref, (enum api_patch)type, patch, &o, op_call_on_patched, oc);
}

/* After every target: what was done, noted as the cluster's last change with what undoes
 * it (or why nothing does). */
static void
op_note_change(struct op_req *req)
{
	struct lastchange *lc = req->change;
	if (lc == NULL || (lc->n == 0 && lc->why_not == NULL))
		return;
	req->change = NULL;
	char tail[64] = "";
	if (req->n == 1 && req->to != NULL && req->from != NULL && req->to[0] >= 0)
		snprintf(tail, sizeof tail, "from %ld to %ld", req->from[0], req->to[0]);
	lc->what = op_plan_say(req, req->op->done, tail);
	if (lc->why_not == NULL)   /* a delete's says why instead */
		lc->undo = revert_say(lc);
	lastchange_note(lc);
}

static void
op_run_finish(struct op_run *run)
{
	if (--run->left > 0)
		return;
	if (!run->keep)
		op_note_change(run->req);
	if (run->all)
		run->all(run->req, run->failed, run->failed ? &run->last : NULL, run->arg);
	if (!run->keep)
		op_req_free(&run->req);
	free(run);
}

static void
op_run_done(const struct op_req *req, size_t i, const struct kd_err *err, void *arg)
{
	struct op_run *run = arg;
	if (err != NULL) {
		run->failed++;
		run->last = *err;
	}
	if (run->each)
		run->each(req, i, err, run->arg);
	op_run_finish(run);
}

void
op_run(struct op_req *req, op_done_cb each, op_all_cb all, void *arg)
{
	struct op_run *run = xcalloc(1, sizeof *run);
	run->req = req;
	run->each = each;
	run->all = all;
	run->arg = arg;
	/* one count for the loop below, so an answer given at once cannot end the run while
	 * targets are still being started */
	run->left = req->n + 1;
	for (size_t i = 0; i < req->n; i++)
		req->op->apply(req, i, op_run_done, run);
	op_run_finish(run);
}

void
op_prepare(struct op_req *req, op_all_cb all, void *arg)
{
	struct op_run *run = xcalloc(1, sizeof *run);
	run->req = req;
	run->all = all;
	run->arg = arg;
	run->keep = 1;
	run->left = req->n + 1;
	free(req->from);
	free(req->to);
	req->from = xreallocarray(NULL, req->n ? req->n : 1, sizeof *req->from);
	req->to = xreallocarray(NULL, req->n ? req->n : 1, sizeof *req->to);
	for (size_t i = 0; i < req->n; i++)
		req->from[i] = req->to[i] = -1;
	for (size_t i = 0; req->op->prepare != NULL && i < req->n; i++)
		req->op->prepare(req, i, op_run_done, run);
	if (req->op->prepare == NULL)
		run->left = 1;
	op_run_finish(run);
}
