/* The steps of a canary on a cluster; see canary.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/canary.h"
#include "ops/canary.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/revert.h"
#include "ops/scale.h"
#include "util/xmalloc.h"

/* For op_check only: the RBAC question of each step (not in op_table: the canary view
 * runs its steps itself). */
static const struct op op_canary_scale = {
	.name = "canary", .action = "canary-more", .verb = "patch", .subresource = "scale", .mutates = 1,
	.done = "shifted",
};
static const struct op op_canary_template = {
	.name = "promote", .action = "canary-promote", .verb = "patch", .mutates = 1, .done = "promoted",
};

void
canary_plan_clear(struct canary_plan *p)
{
	cJSON_Delete(p->tmpl);
	cJSON_Delete(p->tmpl_was);
	memset(p, 0, sizeof *p);
}

static const char *
cn_ctx(const struct canary_ref *r)
{
	return r->c && r->c->context ? r->c->context : "?";
}

char *
canary_plan_say(const struct canary_ref *r, const struct canary_plan *p)
{
	int from = canary_share(p->canary_from, p->stable_from), to = canary_share(p->canary_to, p->stable_to);
	switch (p->step) {
	case CANARY_SHIFT:
		return xasprintf("Shift the canary of %s in %s on %s from %d %% to %d %%: %s %ld -> %ld, %s %ld -> %ld?",
		    r->stable, r->ns, cn_ctx(r), from < 0 ? 0 : from, to < 0 ? 0 : to, r->canary, p->canary_from,
		    p->canary_to, r->stable, p->stable_from, p->stable_to);
	case CANARY_ABORT:
		return xasprintf("Abort the canary of %s in %s on %s: %s %ld -> %ld, %s %ld -> %ld?", r->stable, r->ns,
		    cn_ctx(r), r->canary, p->canary_from, p->canary_to, r->stable, p->stable_from, p->stable_to);
	case CANARY_PROMOTE:
		return xasprintf("Promote %s in %s on %s: %s takes the pod template of %s (%s) and rolls out its %ld "
		    "replicas; then %s %ld -> %ld, %s %ld -> %ld?", r->canary, r->ns, cn_ctx(r), r->stable, r->canary,
		    p->images, p->stable_from, r->canary, p->canary_from, p->canary_to, r->stable, p->stable_from,
		    p->stable_to);
	case CANARY_FINISH:
		break;
	}
	return xasprintf("Finish the promote of %s in %s on %s: %s %ld -> %ld, %s %ld -> %ld", r->canary, r->ns,
	    cn_ctx(r), r->canary, p->canary_from, p->canary_to, r->stable, p->stable_from, p->stable_to);
}

char *
canary_done_say(const struct canary_ref *r, const struct canary_plan *p)
{
	switch (p->step) {
	case CANARY_SHIFT:
		return xasprintf("shifted the canary of %s to %d %%: %s %ld, %s %ld", r->stable,
		    canary_share(p->canary_to, p->stable_to), r->canary, p->canary_to, r->stable, p->stable_to);
	case CANARY_ABORT:
		return xasprintf("aborted the canary of %s: %s %ld, %s %ld", r->stable, r->canary, p->canary_to,
		    r->stable, p->stable_to);
	case CANARY_PROMOTE:
		return xasprintf("%s takes the pod template of %s: rolling out", r->stable, r->canary);
	case CANARY_FINISH:
		break;
	}
	return xasprintf("promoted %s: %s runs its template with %ld replicas, %s at %ld", r->canary, r->stable,
	    p->stable_to, r->canary, p->canary_to);
}

int
canary_check(const struct canary_ref *r, enum canary_step step, char *why, size_t len)
{
	struct op_target t[2] = { { (char *)r->ns, (char *)r->stable }, { (char *)r->ns, (char *)r->canary } };
	const struct op *op = step == CANARY_PROMOTE ? &op_canary_template : &op_canary_scale;
	struct op_req *req = op_req_new(op, r->c, r->res, t, step == CANARY_PROMOTE ? 1 : 2);
	int rc = op_check(req, why, len);
	op_req_free(&req);
	if (rc == 1 && step == CANARY_PROMOTE) {
		/* the promote ends with the counts */
		req = op_req_new(&op_canary_scale, r->c, r->res, t, 2);
		rc = op_check(req, why, len);
		op_req_free(&req);
	}
	return rc;
}

void
canary_prefetch(const struct canary_ref *r)
{
	char why[256];
	struct op_target t = { (char *)r->ns, (char *)r->stable };
	const struct op *ops[2] = { &op_canary_scale, &op_canary_template };
	for (int i = 0; i < 2; i++) {
		struct op_req *req = op_req_new(ops[i], r->c, r->res, &t, 1);
		(void)op_check(req, why, sizeof why);
		op_req_free(&req);
	}
}

/* ---- sending ---- */

struct cn_send {
	struct cluster *c;
	struct kres *res;            /* a copy */
	char *ns, *stable, *canary;
	struct canary_plan p;
	int done;                    /* requests done */
	int first_canary;            /* the canary's scale goes first */
	canary_done_cb cb;
	void *arg;
};

static void cn_next(struct cn_send *s);

static void
cn_free(struct cn_send *s)
{
	kres_clear(s->res);
	free(s->res);
	free(s->ns);
	free(s->stable);
	free(s->canary);
	canary_plan_clear(&s->p);
	free(s);
}

static void
cn_scale_undo(struct lastchange *lc, const struct cn_send *s, const char *name, long from, long to)
{
	char *patch = scale_patch(from), set[32];
	snprintf(set, sizeof set, "%ld", to);
	lastchange_add(lc, s->res, s->ns, name, "scale", API_PATCH_MERGE, patch, "/spec/replicas", set);
	free(patch);
}

/* The side whose scale goes as request k of a step's two (the one that grows first). */
static int
cn_is_canary(const struct cn_send *s, int k)
{
	return (k == 0) == s->first_canary;
}

/* Notes what the step did as the last change: all of it, or (partial) only the first of
 * its two counts, the one the server took before it refused the other, so that an undo
 * takes back what went through. */
static void
cn_note(const struct cn_send *s, int partial)
{
	const struct canary_plan *p = &s->p;
	struct canary_ref r = { s->c, s->res, s->ns, s->stable, s->canary };
	struct lastchange *lc = lastchange_new(s->c->context);
	const char *ctx = cn_ctx(&r);
	if (p->step == CANARY_PROMOTE || p->step == CANARY_FINISH) {
		char *back = canary_template_patch(p->tmpl_was), *set = cJSON_PrintUnformatted(p->tmpl);
		lastchange_add(lc, s->res, s->ns, s->stable, NULL, API_PATCH_JSON, back, "/spec/template", set);
		free(back);
		free(set);
	}
	if (partial) {
		int canary = cn_is_canary(s, 0);
		if (canary)
			cn_scale_undo(lc, s, s->canary, p->canary_from, p->canary_to);
		else
			cn_scale_undo(lc, s, s->stable, p->stable_from, p->stable_to);
		/* a promote's finish noted its template too: said as well */
		lc->what = xasprintf("%s%s%sscaled %s%s to %ld in %s on %s; %s%s stayed at %ld",
		    p->step == CANARY_FINISH ? "promoted " : "", p->step == CANARY_FINISH ? s->stable : "",
		    p->step == CANARY_FINISH ? " (pod template), " : "", canary ? "canary " : "",
		    canary ? s->canary : s->stable, canary ? p->canary_to : p->stable_to, s->ns, ctx,
		    canary ? "" : "canary ", canary ? s->stable : s->canary, canary ? p->stable_from : p->canary_from);
		lc->undo = revert_say(lc);
		lastchange_note(lc);
		return;
	}
	char *done = canary_done_say(&r, p);
	lc->what = xasprintf("%s in %s on %s", done, s->ns, ctx);
	free(done);
	if (p->step != CANARY_PROMOTE) {
		cn_scale_undo(lc, s, s->canary, p->canary_from, p->canary_to);
		cn_scale_undo(lc, s, s->stable, p->stable_from, p->stable_to);
	}
	if (p->step == CANARY_PROMOTE)
		lc->undo = xasprintf("give %s in %s on %s back its pod template", s->stable, s->ns, ctx);
	else if (p->step == CANARY_FINISH)
		lc->undo = xasprintf("give %s in %s on %s back its pod template and scale %s back to %ld and %s to %ld",
		    s->stable, s->ns, ctx, s->canary, p->canary_from, s->stable, p->stable_from);
	else
		lc->undo = xasprintf("scale %s back to %ld and %s to %ld in %s on %s", s->canary, p->canary_from,
		    s->stable, p->stable_from, s->ns, ctx);
	lastchange_note(lc);
}

/* The sentence of a step the server refused (why: its answer): nothing sent when the
 * first request failed, else what went through and what did not ("canary web-canary
 * scaled to 2, but web stayed at 9: ..."). */
static void
cn_failed_say(const struct cn_send *s, const struct kd_err *why, struct kd_err *e)
{
	const struct canary_plan *p = &s->p;
	*e = *why;
	if (s->done == 0) {
		const char *step = p->step == CANARY_SHIFT ? "the shift" : p->step == CANARY_ABORT ? "the abort" :
		    p->step == CANARY_PROMOTE ? "the promote" : "the promote's counts";
		snprintf(e->msg, sizeof e->msg, "%s not sent: %.400s", step, why->msg);
		return;
	}
	int canary = cn_is_canary(s, 0);
	snprintf(e->msg, sizeof e->msg, "%s%s scaled to %ld, but %s%s stayed at %ld: %.300s",
	    canary ? "canary " : "", canary ? s->canary : s->stable, canary ? p->canary_to : p->stable_to,
	    canary ? "" : "canary ", canary ? s->stable : s->canary, canary ? p->stable_from : p->canary_from,
	    why->msg);
}

static void
cn_on_sent(struct api_call *call, const struct api_result *res, void *arg)
{
	struct cn_send *s = arg;
	(void)call;
	if (res->err.code != KD_OK) {
		struct kd_err e;
		cn_failed_say(s, &res->err, &e);
		if (s->done > 0)
			cn_note(s, 1);
		s->cb(&e, s->arg);
		cn_free(s);
		return;
	}
	s->done++;
	cn_next(s);
}

static void
cn_next(struct cn_send *s)
{
	struct api_write_opts o = API_WRITE_DEFAULT;
	int nreq = s->p.step == CANARY_PROMOTE ? 1 : 2;
	if (s->done == nreq) {
		cn_note(s, 0);
		s->cb(NULL, s->arg);
		cn_free(s);
		return;
	}
	if (s->p.step == CANARY_PROMOTE) {
		struct api_ref ref = api_ref_kres(s->res, s->ns, s->stable);
		char *patch = canary_template_patch(s->p.tmpl);
		api_patch(s->c->api, &ref, API_PATCH_JSON, patch, &o, cn_on_sent, s);
		free(patch);
		return;
	}
	int canary = cn_is_canary(s, s->done);
	struct api_ref ref = api_ref_kres(s->res, s->ns, canary ? s->canary : s->stable);
	ref.subresource = "scale";
	char *patch = scale_patch(canary ? s->p.canary_to : s->p.stable_to);
	api_patch(s->c->api, &ref, API_PATCH_MERGE, patch, &o, cn_on_sent, s);
	free(patch);
}

void
canary_send(const struct canary_ref *r, const struct canary_plan *p, canary_done_cb cb, void *arg)
{
	struct cn_send *s = xcalloc(1, sizeof *s);
	s->c = r->c;
	s->res = kres_dup(r->res);
	s->ns = xstrdup(r->ns);
	s->stable = xstrdup(r->stable);
	s->canary = xstrdup(r->canary);
	s->p = *p;
	s->p.tmpl = p->tmpl ? cJSON_Duplicate(p->tmpl, 1) : NULL;
	s->p.tmpl_was = p->tmpl_was ? cJSON_Duplicate(p->tmpl_was, 1) : NULL;
	s->first_canary = scale_goes_first(p->canary_from, p->canary_to);
	s->cb = cb;
	s->arg = arg;
	cn_next(s);
}
