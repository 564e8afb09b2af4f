/* op_drain: one node drained as kubectl drain --ignore-daemonsets --delete-emptydir-data,
 * without a screen, through the drain engine (drain.h); the drain view
 * (ui/page/page_drain.c) shows the plan and the progress of its own drain. */
#include <stdio.h>
#include <stdlib.h>

#include "kube/cluster.h"
#include "loop.h"
#include "ops/drain.h"
#include "ops/op.h"
#include "util/err.h"
#include "util/xmalloc.h"

static const char *const drain_kinds[] = { "nodes", NULL };

struct drain_run {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
	struct drain *d;
	int started, ended;
	struct kd_err err;
	struct loop_timer *timer;
};

static void
drain_run_end(void *arg)
{
	struct drain_run *r = arg;
	r->timer = NULL;
	r->cb(r->req, r->i, r->err.code == KD_OK ? NULL : &r->err, r->arg);
	drain_free(&r->d);
	free(r);
}

static void
drain_run_changed(void *arg)
{
	struct drain_run *r = arg;
	enum drain_state st = drain_state(r->d);
	char why[512];
	if (r->ended)
		return;
	if (st == DRAIN_PLANNED && !r->started) {
		r->started = 1;
		if (drain_start(r->d, why, sizeof why) != 0)
			kd_err_set(&r->err, KD_ERR_INVALID, "%s", why);
		else
			return;
	} else if (st == DRAIN_ASKING) {
		/* its question said "evict its pods": those on the node after the cordon, as kubectl's */
		drain_answer(r->d, 1);
		return;
	} else if (st == DRAIN_FAILED || st == DRAIN_CANCELLED)
		kd_err_set(&r->err, KD_ERR_INVALID, "%s", drain_message(r->d));
	else if (st != DRAIN_DONE)
		return;
	/* not from inside the drain's own callback */
	r->ended = 1;
	r->timer = loop_timer_add(r->req->cluster->loop, 0, drain_run_end, r);
}

static void
drain_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct drain_run *r = xcalloc(1, sizeof *r);
	r->req = req;
	r->i = i;
	r->cb = cb;
	r->arg = arg;
	r->d = drain_new(req->cluster, req->res, req->targets[i].name, drain_run_changed, r);
	drain_read(r->d);
}

static char *
drain_plan_say(const struct op_req *req)
{
	return op_plan_say(req, "Drain", "(cordon, then evict its pods as kubectl drain --ignore-daemonsets "
	    "--delete-emptydir-data)?");
}

const struct op op_drain = {
	.name = "drain",
	.action = "drain",
	.kinds = drain_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "drained",
	.plan = drain_plan_say,
	.apply = drain_apply,
};
