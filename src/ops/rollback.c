/* rollback: `kubectl rollout undo [--to-revision=N]` on a Deployment, StatefulSet or
 * DaemonSet, with kubectl's requests: the workload is read, then the ReplicaSets (or
 * ControllerRevisions) its selector selects in its namespace, those it owns are its
 * history (model/history.h); revision 0 is the one before the newest. A paused Deployment,
 * an unknown revision and a template that already matches are said in kubectl's words
 * and nothing is sent; else a Deployment gets kubectl's JSON patch of /spec/template and
 * /metadata/annotations, a StatefulSet or DaemonSet the revision's data as a strategic
 * merge patch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/history.h"
#include "ops/op.h"
#include "ops/restart.h"
#include "ops/rollback.h"
#include "util/xmalloc.h"

static const char *const rollback_kinds[] = { "deployments", "statefulsets", "daemonsets", NULL };

/* ---- the history read ---- */

struct rollback_fetch {
	struct cluster *c;
	char *resource, *ns, *name;
	struct api_ref ref;
	struct api_call *call;
	cJSON *workload;
	char *selector;
	rollback_fetch_cb cb;
	void *arg;
};

static void
rollback_fetch_free(struct rollback_fetch *f)
{
	cJSON_Delete(f->workload);
	free(f->selector);
	free(f->resource);
	free(f->ns);
	free(f->name);
	free(f);
}

static void
rollback_fetch_end(struct rollback_fetch *f, struct history *h, const struct kd_err *err)
{
	f->call = NULL;
	f->cb(h, err, f->arg);
	rollback_fetch_free(f);
}

static void
rollback_on_list(struct api_call *c, const struct api_result *res, void *arg)
{
	struct rollback_fetch *f = arg;
	struct kd_err err = { 0 };
	(void)c;
	if (res->err.code != KD_OK) {
		rollback_fetch_end(f, NULL, &res->err);
		return;
	}
	struct history *h = history_build(f->workload, f->resource,
	    cJSON_GetObjectItemCaseSensitive(res->body, "items"), &err);
	rollback_fetch_end(f, h, h ? NULL : &err);
}

static void
rollback_on_get(struct api_call *c, const struct api_result *res, void *arg)
{
	struct rollback_fetch *f = arg;
	(void)c;
	if (res->err.code != KD_OK) {
		rollback_fetch_end(f, NULL, &res->err);
		return;
	}
	f->workload = cJSON_Duplicate(res->body, 1);
	f->selector = history_selector(f->workload);
	struct api_ref lr = { "apps", "v1",
		strcmp(f->resource, "deployments") == 0 ? "replicasets" : "controllerrevisions",
		f->ns, NULL, NULL };
	struct api_list_opts o = { 0 };
	o.label_selector = f->selector;
	f->call = api_list(f->c->api, &lr, &o, rollback_on_list, f);
}

struct rollback_fetch *
rollback_fetch(struct cluster *c, const struct kres *res, const char *ns, const char *name,
    rollback_fetch_cb cb, void *arg)
{
	struct rollback_fetch *f = xcalloc(1, sizeof *f);
	f->c = c;
	f->resource = xstrdup(res->resource);
	f->ns = xstrdup(ns ? ns : "");
	f->name = xstrdup(name);
	f->cb = cb;
	f->arg = arg;
	f->ref = api_ref_kres(res, f->ns, f->name);
	f->call = api_get(c->api, &f->ref, rollback_on_get, f);
	return f;
}

void
rollback_fetch_cancel(struct rollback_fetch **fp)
{
	if (fp == NULL || *fp == NULL)
		return;
	api_cancel(&(*fp)->call);
	rollback_fetch_free(*fp);
	*fp = NULL;
}

/* ---- the operation ---- */

static char *
rollback_plan(const struct op_req *req)
{
	char tail[64];
	if (req->opts.revision > 0)
		snprintf(tail, sizeof tail, "back to revision %ld?", req->opts.revision);
	else
		snprintf(tail, sizeof tail, "back to the previous revision?");
	return op_plan_say(req, "Roll", tail);
}

static void
rollback_on_history(struct history *h, const struct kd_err *ferr, void *arg)
{
	struct op_call *oc = arg;
	struct kd_err err = { 0 };
	const struct history_rev *r = NULL;
	if (h == NULL) {
		op_call_end(oc, ferr);
		return;
	}
	if (history_target(h, oc->req->opts.revision, &r, err.msg, sizeof err.msg) != 0 ||
	    (history_matches(h, r) && (history_skipped(r, err.msg, sizeof err.msg), 1))) {
		err.code = KD_ERR_INVALID;
		history_free(&h);
		op_call_end(oc, &err);
		return;
	}
	int json = 0, back_json = 1;
	char *patch = history_rollback_patch(h, r, &json);
	/* undone as kubectl rollout undo goes back to the revision current now; a template of
	 * no revision (a paused Deployment's) is put back as it is */
	const struct history_rev *cur = history_current(h);
	oc->back = cur != NULL ? history_rollback_patch(h, cur, &back_json) : restart_undo_patch(h->workload);
	oc->back_type = back_json ? API_PATCH_JSON : API_PATCH_STRATEGIC;
	oc->back_path = "/spec/template";
	history_free(&h);
	op_call_patch(oc, json ? API_PATCH_JSON : API_PATCH_STRATEGIC, patch);
	free(patch);
}

static void
rollback_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = op_call_new(req, i, cb, arg);
	/* the request's strings outlive the read */
	rollback_fetch(req->cluster, req->res, req->targets[i].ns, req->targets[i].name,
	    rollback_on_history, oc);
}

const struct op op_rollback = {
	.name = "rollback",
	.action = "rollback",
	.kinds = rollback_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "rolled back",
	.plan = rollback_plan,
	.apply = rollback_apply,
};
