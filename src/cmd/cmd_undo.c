/* :undo, kdeck's last change on the cluster of the page on screen taken back (asks
 * first, saying what it does; again after it: redo). */
#include "app.h"
#include "cmd.h"
#include "ui/revertact.h"

static int
cmd_undo_exec(struct cmd_args *a)
{
	if (a->argc > 1) {
		app_flash(a->app, 1, "usage: %s", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	return revertact_start(a->app, app_page(a->app, 0)) == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_undo_entry = {
	.name = "undo",
	.usage = ":undo",
	.help = "undo kdeck's last change on this cluster (a scale, pause, resume, rollback, restart or a workload's edit; asks first, saying what changed since; again: redo)",
	.flags = CMD_MUTATES,
	.action = ACT_UNDO,
	.exec = cmd_undo_exec,
};
