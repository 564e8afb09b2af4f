/* The commands of the operations (ops/): :restart, :delete, :rollback, :scale, :pause,
 * :resume, :cordon, :uncordon and :drain (its view, ui/page/page_drain.c). Each acts, as
 * its key does, on the marked rows of the page on screen, else its
 * selected row. Asked while the cluster of those rows connects, one waits for it
 * (CMD_ON_ROWS) and is asked on the same rows once it is ready, or not at all. */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "ops/op.h"
#include "ui/opact.h"
#include "ui/page/page.h"
#include "ui/page/page_drain.h"
#include "ui/page/page_history.h"
#include "ui/rollback.h"

static int
cmd_ops_exec(struct cmd_args *a)
{
	const struct op *op = op_find(a->entry->name);
	/* :scale 5, :scale +1: the one argument an operation may take */
	if (a->argc > (op->take != NULL ? 2 : 1)) {
		app_flash(a->app, 1, "usage: %s (on the selected or marked rows)", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	return opact_start_arg(a->app, app_page(a->app, 0), op, a->argc > 1 ? a->argv[1] : NULL) == 0 ?
	    CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_restart_entry = {
	.name = "restart",
	.usage = ":restart",
	.help = "rollout restart the selected or marked deployments, statefulsets or daemonsets",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_RESTART,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.usage = ":delete",
	.help = "delete the selected or marked objects (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_DELETE,
	.exec = cmd_ops_exec,
};

/* :rollback [N]: as kubectl rollout undo [--to-revision=N], with the diff asked first; in
 * a history, to the selected revision. */
static int
cmd_rollback_exec(struct cmd_args *a)
{
	struct page *pg = app_page(a->app, 0);
	struct page_target *t;
	long rev = 0;
	char *end = NULL;
	if (a->argc > 2 || (a->argc == 2 && ((rev = strtol(a->argv[1], &end, 10)) < 1 || *end))) {
		app_flash(a->app, 1, "usage: %s (N: a revision number, 1 or more)", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	/* in a history: to the selected revision, or N */
	if (page_history_rollback(pg, rev) == 0)
		return CMD_RETURN_NORMAL;
	/* a page that lists no rows but shows one workload (its rollout progress) */
	if (pg != NULL && pg->ops->targets == NULL && rev == 0 && pg->ops->action != NULL &&
	    pg->ops->action(pg, ACT_ROLLBACK) != APP_UNHANDLED)
		return CMD_RETURN_NORMAL;
	if (cmd_one_target(a, "workload", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = rollback_ask(a->app, t[0].cluster, t[0].res, t[0].ns, t[0].name, rev, NULL);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_rollback_entry = {
	.name = "rollback",
	.usage = ":rollback [N]",
	.help = "roll the selected deployment, statefulset or daemonset back to revision N (default: the previous one), showing the diff first",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_ROLLBACK,
	.exec = cmd_rollback_exec,
};

const struct cmd_entry cmd_scale_entry = {
	.name = "scale",
	.usage = ":scale [N|+N|-N]",
	.help = "scale the selected or marked workloads to N replicas, or by +N or -N (asks without N; asks first for 0)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_SCALE,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = ":pause",
	.help = "rollout pause the selected or marked deployments (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_PAUSE,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = ":resume",
	.help = "rollout resume the selected or marked deployments (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_RESUME,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_cordon_entry = {
	.name = "cordon",
	.usage = ":cordon",
	.help = "cordon the selected or marked nodes as kubectl cordon (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_CORDON,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_uncordon_entry = {
	.name = "uncordon",
	.usage = ":uncordon",
	.help = "uncordon the selected or marked nodes as kubectl uncordon (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_UNCORDON,
	.exec = cmd_ops_exec,
};

/* :drain: the drain view of the selected node, which reads its plan and asks. */
static int
cmd_drain_exec(struct cmd_args *a)
{
	struct page_target *t;
	if (cmd_one_target(a, "node", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = page_drain_start(a->app, &t[0]);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_drain_entry = {
	.name = "drain",
	.usage = ":drain",
	.help = "drain the selected node as kubectl drain: the plan with its choices (--ignore-daemonsets, --delete-emptydir-data, --force), then the cordon and the evictions, followed live",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_DRAIN,
	.exec = cmd_drain_exec,
};
