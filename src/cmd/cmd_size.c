/* :size: the requests and limits of the selected workload's containers, in a form (Z). */
#include "app.h"
#include "cmd.h"
#include "ui/page/page.h"
#include "ui/sizeform.h"

static int
cmd_size_exec(struct cmd_args *a)
{
	struct page_target *t;
	if (cmd_one_target(a, "workload", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = sizeform_start(a->app, app_page(a->app, 0), &t[0]);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_size_entry = {
	.name = "size",
	.usage = ":size",
	.help = "the CPU and memory requests and limits of the selected deployment, statefulset, daemonset or replicaset's containers, in a form with their usage (asks first)",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_SIZE,
	.exec = cmd_size_exec,
};
