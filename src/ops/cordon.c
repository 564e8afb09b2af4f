/* cordon and uncordon: `kubectl cordon` and `kubectl uncordon` of nodes. As kubectl does,
 * the node is read first; one already as asked is left alone with kubectl's words, else
 * spec.unschedulable is set by a strategic merge patch (kubectl's bytes:
 * {"spec":{"unschedulable":true}}, and null to uncordon). While cordoned, the scheduler
 * puts no new pod there (and the node shows SchedulingDisabled). Each node patched adds
 * the patch that undoes it to the request's one last change (op_call, as a scale's marked
 * rows): the uncordon for a cordon, the cordon for an uncordon. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/cordon.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "util/xmalloc.h"

static const char *const cordon_kinds[] = { "nodes", NULL };

const char *
cordon_patch(int cordon)
{
	return cordon ? "{\"spec\":{\"unschedulable\":true}}" : "{\"spec\":{\"unschedulable\":null}}";
}

int
cordon_already(const cJSON *node, int cordon, char *why, size_t len)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(node, "spec");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(node, "metadata"), "name");
	int now = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "unschedulable"));
	if (now != cordon)
		return 0;
	snprintf(why, len, "node/%s already %s", cJSON_IsString(name) ? name->valuestring : "?",
	    cordon ? "cordoned" : "uncordoned");
	return 1;
}

void
cordon_note(struct cluster *c, const struct kres *nodes, const char *node, const char *what)
{
	const char *ctx = c->context ? c->context : "?";
	struct lastchange *lc = lastchange_new(ctx);
	lc->what = what ? xstrdup(what) : xasprintf("cordoned node %s on %s", node, ctx);
	lc->undo = xasprintf("uncordon node %s on %s", node, ctx);
	lastchange_add(lc, nodes, "", node, NULL, API_PATCH_STRATEGIC, cordon_patch(0), "/spec/unschedulable",
	    "true");
	lastchange_note(lc);
}

static char *
cordon_plan(const struct op_req *req)
{
	return op_plan_say(req, "Cordon", req->n == 1 ? "(no new pod is scheduled there; its pods stay)?" :
	    "(no new pod is scheduled there; their pods stay)?");
}

static char *
uncordon_plan(const struct op_req *req)
{
	return op_plan_say(req, "Uncordon", "(pods may be scheduled there again)?");
}

extern const struct op op_cordon;

static void
cordon_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct op_call *oc = arg;
	int cordon = oc->req->op == &op_cordon;
	char why[300];
	(void)c;
	if (res->err.code != KD_OK) {
		op_call_end(oc, &res->err);
		return;
	}
	if (cordon_already(res->body, cordon, why, sizeof why)) {
		/* kubectl says so and sends nothing: not a failure, and nothing to undo */
		struct op_req *req = (struct op_req *)oc->req;
		if (req->n == 1) {
			free(req->note);
			req->note = xstrdup(why);
		}
		op_call_end(oc, NULL);
		return;
	}
	/* undone by the other patch; what the change left is read from the answer (true after
	 * a cordon, nothing after an uncordon), so the undo of a request of several nodes
	 * reverts each one patched, and only those */
	oc->back = xstrdup(cordon_patch(!cordon));
	oc->back_type = API_PATCH_STRATEGIC;
	oc->back_path = "/spec/unschedulable";
	op_call_patch(oc, API_PATCH_STRATEGIC, cordon_patch(cordon));
}

static void
cordon_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = op_call_new(req, i, cb, arg);
	api_get(req->cluster->api, &oc->ref, cordon_on_read, oc);
}

const struct op op_cordon = {
	.name = "cordon",
	.action = "cordon",
	.kinds = cordon_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "cordoned",
	.plan = cordon_plan,
	.apply = cordon_apply,
};

const struct op op_uncordon = {
	.name = "uncordon",
	.action = "uncordon",
	.kinds = cordon_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "uncordoned",
	.plan = uncordon_plan,
	.apply = cordon_apply,
};
