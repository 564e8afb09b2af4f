/* The commands of the operations (ops/): :restart, :delete, :scale, :pause, :resume. Each
 * acts, as its key does, on the marked rows of the page on screen, else its selected row.
 * They never wait for a cluster to connect: a change is made on rows the user sees, now,
 * or not at all. */
#include "app.h"
#include "cmd.h"
#include "ops/op.h"
#include "ui/opact.h"

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
	.flags = CMD_MUTATES,
	.action = ACT_RESTART,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.usage = ":delete",
	.help = "delete the selected or marked objects (asks first)",
	.flags = CMD_MUTATES,
	.action = ACT_DELETE,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_scale_entry = {
	.name = "scale",
	.usage = ":scale [N|+N|-N]",
	.help = "scale the selected or marked workloads to N replicas, or by +N or -N (asks without N; asks first for 0)",
	.flags = CMD_MUTATES,
	.action = ACT_SCALE,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_pause_entry = {
	.name = "pause",
	.usage = ":pause",
	.help = "rollout pause the selected or marked deployments (asks first)",
	.flags = CMD_MUTATES,
	.action = ACT_PAUSE,
	.exec = cmd_ops_exec,
};

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.usage = ":resume",
	.help = "rollout resume the selected or marked deployments (asks first)",
	.flags = CMD_MUTATES,
	.action = ACT_RESUME,
	.exec = cmd_ops_exec,
};
