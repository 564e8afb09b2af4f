/* cordon and uncordon: `kubectl cordon` and `kubectl uncordon` of nodes. As kubectl does,
 * the node is read first; one already as asked is left alone with kubectl's words, else
 * spec.unschedulable is set by a strategic merge patch (kubectl's bytes:
 * {"spec":{"unschedulable":true}}, and null to uncordon). While cordoned, the scheduler
 * puts no new pod there (and the node shows SchedulingDisabled). A cordon notes the last
 * change with the uncordon that undoes it, an uncordon the cordon. */
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

/* The change noted: cordoned (undone by the uncordon patch) or uncordoned (by the cordon). */
static void
cordon_note_as(struct cluster *c, const struct kres *nodes, const char *node, int cordon, const char *what)
{
	const char *ctx = c->context ? c->context : "?";
	struct lastchange *lc = lastchange_new(ctx);
	lc->what = what ? xstrdup(what) : xasprintf("%s node %s on %s", cordon ? "cordoned" : "uncordoned", node, ctx);
	lc->undo = xasprintf("%s node %s on %s", cordon ? "uncordon" : "cordon", node, ctx);
	/* what the change left: true after a cordon; after an uncordon the field is gone */
	lastchange_add(lc, nodes, "", node, NULL, API_PATCH_STRATEGIC, cordon_patch(!cordon),
	    cordon ? "/spec/unschedulable" : NULL, cordon ? "true" : NULL);
	lastchange_note(lc);
}

void
cordon_note(struct cluster *c, const struct kres *nodes, const char *node, const char *what)
{
	cordon_note_as(c, nodes, node, 1, what);
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

struct cordon_call {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
	int cordon;
	struct api_ref ref;
};

static void
cordon_on_patched(struct api_call *c, const struct api_result *res, void *arg)
{
	struct cordon_call *cc = arg;
	(void)c;
	if (res->err.code == KD_OK && !cc->req->opts.dry_run)
		cordon_note_as(cc->req->cluster, cc->req->res, cc->req->targets[cc->i].name, cc->cordon, NULL);
	cc->cb(cc->req, cc->i, res->err.code == KD_OK ? NULL : &res->err, cc->arg);
	free(cc);
}

static void
cordon_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct cordon_call *cc = arg;
	char why[300];
	(void)c;
	if (res->err.code != KD_OK) {
		cc->cb(cc->req, cc->i, &res->err, cc->arg);
		free(cc);
		return;
	}
	if (cordon_already(res->body, cc->cordon, why, sizeof why)) {
		/* kubectl says so and sends nothing: not a failure */
		struct op_req *req = (struct op_req *)cc->req;
		if (req->n == 1) {
			free(req->note);
			req->note = xstrdup(why);
		}
		cc->cb(cc->req, cc->i, NULL, cc->arg);
		free(cc);
		return;
	}
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = cc->req->opts.dry_run;
	api_patch(cc->req->cluster->api, &cc->ref, API_PATCH_STRATEGIC, cordon_patch(cc->cordon), &o,
	    cordon_on_patched, cc);
}

static void
cordon_start(const struct op_req *req, size_t i, op_done_cb cb, void *arg, int cordon)
{
	struct cordon_call *cc = xcalloc(1, sizeof *cc);
	cc->req = req;
	cc->i = i;
	cc->cb = cb;
	cc->arg = arg;
	cc->cordon = cordon;
	cc->ref = api_ref_kres(req->res, NULL, req->targets[i].name);
	api_get(req->cluster->api, &cc->ref, cordon_on_read, cc);
}

static void
cordon_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	cordon_start(req, i, cb, arg, 1);
}

static void
uncordon_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	cordon_start(req, i, cb, arg, 0);
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
	.apply = uncordon_apply,
};
