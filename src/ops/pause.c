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

/* The Deployment as read: refused in kubectl's words, or patched. */
static void
pause_on_read(struct op_call *oc, const struct api_result *res, int pause)
{
	struct kd_err err = { 0 };
	if (res->err.code != KD_OK) {
		op_call_end(oc, &res->err);
		return;
	}
	if (pause_refused(res->body, pause, err.msg, sizeof err.msg)) {
		err.code = KD_ERR_INVALID;
		op_call_end(oc, &err);
		return;
	}
	/* a pause is undone by a resume, and back */
	oc->back = xstrdup(pause_patch(!pause));
	oc->back_type = API_PATCH_STRATEGIC;
	oc->back_path = "/spec/paused";
	op_call_patch(oc, API_PATCH_STRATEGIC, pause_patch(pause));
}

static void
pause_on_read_pause(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	pause_on_read(arg, res, 1);
}

static void
pause_on_read_resume(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	pause_on_read(arg, res, 0);
}

static void
pause_start(const struct op_req *req, size_t i, op_done_cb cb, void *arg, int pause)
{
	struct op_call *oc = op_call_new(req, i, cb, arg);
	api_get(req->cluster->api, &oc->ref, pause ? pause_on_read_pause : pause_on_read_resume, oc);
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
