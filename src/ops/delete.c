/* delete: `kubectl delete` of the selected or marked objects, with kubectl's default
 * cascade (propagationPolicy Background: the garbage collector removes what they own). */
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "util/xmalloc.h"

static char *
delete_plan(const struct op_req *req)
{
	/* a namespace takes everything in it; others take what they own (Background) */
	if (strcmp(req->res->resource, "namespaces") == 0)
		return op_plan_say(req, "Delete", req->n == 1 ? "and everything in it?" : "and everything in them?");
	return op_plan_say(req, "Delete", "?");
}

struct delete_call {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
};

static void
delete_on_done(struct api_call *c, const struct api_result *res, void *arg)
{
	struct delete_call *dc = arg;
	(void)c;
	dc->cb(dc->req, dc->i, res->err.code == KD_OK ? NULL : &res->err, dc->arg);
	free(dc);
}

static void
delete_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct delete_call *dc = xcalloc(1, sizeof *dc);
	struct api_ref ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	struct api_write_opts o = API_WRITE_DEFAULT;
	dc->req = req;
	dc->i = i;
	dc->cb = cb;
	dc->arg = arg;
	o.propagation = req->opts.propagation ? (enum api_propagation)req->opts.propagation :
	    API_PROPAGATE_BACKGROUND;
	o.grace_seconds = req->opts.grace_seconds;
	o.dry_run = req->opts.dry_run;
	api_delete(req->cluster->api, &ref, &o, delete_on_done, dc);
}

const struct op op_delete = {
	.name = "delete",
	.action = "delete",
	.verb = "delete",
	.mutates = 1,
	.done = "deleted",
	.plan = delete_plan,
	.apply = delete_apply,
};
