/* :history, the rollout history of the selected Deployment, StatefulSet or DaemonSet
 * (ui/page/page_history.h). */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "ui/page/page.h"
#include "ui/page/page_history.h"

static int
cmd_history_exec(struct cmd_args *a)
{
	struct page_target *t;
	if (cmd_one_target(a, "workload", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = page_history_open(a->app, t[0].cluster, t[0].res, t[0].ns, t[0].name);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = ":history",
	.help = "the rollout history of the selected deployment, statefulset or daemonset",
	.action = ACT_HISTORY,
	.exec = cmd_history_exec,
};
