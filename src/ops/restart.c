#define _DEFAULT_SOURCE   /* localtime_r, tm_gmtoff */
/* restart: `kubectl rollout restart` on a Deployment, StatefulSet or DaemonSet. As kubectl
 * does, the object is read first (a paused Deployment is refused with kubectl's words),
 * then its pod template gets the kubectl.kubernetes.io/restartedAt annotation, now in
 * RFC 3339, as a strategic merge patch: the controller rolls out new pods. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "ops/restart.h"
#include "util/xmalloc.h"

static const char *const restart_kinds[] = { "deployments", "statefulsets", "daemonsets", NULL };

char *
restart_patch(time_t now)
{
	char stamp[64];
	struct tm tm;
	localtime_r(&now, &tm);
	/* Go's time.RFC3339: Z for UTC, else the offset with a colon */
	if (tm.tm_gmtoff == 0)
		strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else {
		int off = (int)(labs(tm.tm_gmtoff) / 60 % (24 * 60));
		char base[32];
		strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(stamp, sizeof stamp, "%s%c%02d:%02d", base, tm.tm_gmtoff < 0 ? '-' : '+',
		    off / 60, off % 60);
	}
	return xasprintf("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
	    "{\"kubectl.kubernetes.io/restartedAt\":\"%s\"}}}}}", stamp);
}

int
restart_refused(const struct cJSON *obj, const char *resource, char *why, size_t len)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(meta, "name");
	if (strcmp(resource, "deployments") == 0 &&
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "paused"))) {
		snprintf(why, len, "deployments.apps \"%s\" can't restart paused deployment "
		    "(run rollout resume first)", cJSON_IsString(name) ? name->valuestring : "?");
		return 1;
	}
	return 0;
}

char *
restart_undo_patch(const struct cJSON *obj)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "spec"),
	    "template");
	if (!cJSON_IsObject(t))
		return NULL;
	cJSON *ops = cJSON_CreateArray(), *op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/spec/template");
	cJSON_AddItemToObject(op, "value", cJSON_Duplicate(t, 1));
	cJSON_AddItemToArray(ops, op);
	char *s = cJSON_PrintUnformatted(ops);
	cJSON_Delete(ops);
	return s;
}

static char *
restart_plan(const struct op_req *req)
{
	return op_plan_say(req, "Restart", req->n == 1 ? "(its pods are replaced as in a rollout)?" :
	    "(their pods are replaced as in a rollout)?");
}

static void
restart_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct op_call *oc = arg;
	struct kd_err err = { 0 };
	(void)c;
	if (res->err.code != KD_OK) {
		op_call_end(oc, &res->err);
		return;
	}
	if (restart_refused(res->body, oc->req->res->resource, err.msg, sizeof err.msg)) {
		err.code = KD_ERR_INVALID;
		op_call_end(oc, &err);
		return;
	}
	/* undone by the template it has now */
	oc->back = restart_undo_patch(res->body);
	oc->back_type = API_PATCH_JSON;
	oc->back_path = "/spec/template";
	char *patch = restart_patch(time(NULL));
	op_call_patch(oc, API_PATCH_STRATEGIC, patch);
	free(patch);
}

static void
restart_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = op_call_new(req, i, cb, arg);
	api_get(req->cluster->api, &oc->ref, restart_on_read, oc);
}

const struct op op_restart = {
	.name = "restart",
	.action = "restart",
	.kinds = restart_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "restarted",
	.plan = restart_plan,
	.apply = restart_apply,
	.progress = 1,
};
