/* pause and resume: `kubectl rollout pause` and `kubectl rollout resume` of Deployments.
 * As kubectl does, the object is read first; one already in the asked state is refused in
 * kubectl's words, else spec.paused is set by a strategic merge patch (kubectl's bytes:
 * {"spec":{"paused":true}}, and null to resume). While paused, the controller makes no
 * new ReplicaSet for a changed template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "ops/pause.h"
#include "util/xmalloc.h"

static const char *const pause_kinds[] = { "deployments", NULL };

const char *
pause_patch(int pause)
{
	return pause ? "{\"spec\":{\"paused\":true}}" : "{\"spec\":{\"paused\":null}}";
}

int
pause_refused(const cJSON *obj, int pause, char *why, size_t len)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
	int paused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "paused"));
	if (paused != pause)
		return 0;
	snprintf(why, len, "deployments.apps \"%s\" is %s", cJSON_IsString(name) ? name->valuestring : "?",
	    pause ? "already paused" : "not paused");
	return 1;
}

static char *
pause_plan(const struct op_req *req)
{
	return op_plan_say(req, "Pause", req->n == 1 ? "(its rollout stops where it is until resumed)?" :
	    "(their rollouts stop where they are until resumed)?");
}

static char *
resume_plan(const struct op_req *req)
{
	return op_plan_say(req, "Resume", req->n == 1 ? "(its rollout goes on)?" : "(their rollouts go on)?");
}

struct pause_call {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
	int pause;
	struct api_ref ref;
};

static void
pause_on_patched(struct api_call *c, const struct api_result *res, void *arg)
{
	struct pause_call *pc = arg;
	(void)c;
	/* a pause is undone by a resume, and back */
	if (res->err.code == KD_OK)
		op_undo_step(pc->req, pc->i, NULL, API_PATCH_STRATEGIC, pause_patch(!pc->pause), "/spec/paused",
		    res->body);
	pc->cb(pc->req, pc->i, res->err.code == KD_OK ? NULL : &res->err, pc->arg);
	free(pc);
}

static void
pause_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct pause_call *pc = arg;
	struct kd_err err = { 0 };
	(void)c;
	if (res->err.code != KD_OK) {
		pc->cb(pc->req, pc->i, &res->err, pc->arg);
		free(pc);
		return;
	}
	if (pause_refused(res->body, pc->pause, err.msg, sizeof err.msg)) {
		err.code = KD_ERR_INVALID;
		pc->cb(pc->req, pc->i, &err, pc->arg);
		free(pc);
		return;
	}
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = pc->req->opts.dry_run;
	api_patch(pc->req->cluster->api, &pc->ref, API_PATCH_STRATEGIC, pause_patch(pc->pause), &o,
	    pause_on_patched, pc);
}

static void
pause_start(const struct op_req *req, size_t i, op_done_cb cb, void *arg, int pause)
{
	struct pause_call *pc = xcalloc(1, sizeof *pc);
	pc->req = req;
	pc->i = i;
	pc->cb = cb;
	pc->arg = arg;
	pc->pause = pause;
	pc->ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	api_get(req->cluster->api, &pc->ref, pause_on_read, pc);
}

static void
pause_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	pause_start(req, i, cb, arg, 1);
}

static void
resume_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	pause_start(req, i, cb, arg, 0);
}

const struct op op_pause = {
	.name = "pause",
	.action = "pause",
	.kinds = pause_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "paused",
	.plan = pause_plan,
	.apply = pause_apply,
};

const struct op op_resume = {
	.name = "resume",
	.action = "resume",
	.kinds = pause_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "resumed",
	.plan = resume_plan,
	.apply = resume_apply,
	.progress = 1,
};
