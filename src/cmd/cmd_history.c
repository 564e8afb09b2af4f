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
	struct page *pg = app_page(a->app, 0);
	struct page_target *t = NULL;
	size_t n;
	if (a->argc > 1) {
		app_flash(a->app, 1, "usage: %s (on the selected row)", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	if (pg == NULL || pg->ops->targets == NULL) {
		app_flash(a->app, 1, "history is not available on this screen");
		return CMD_RETURN_ERROR;
	}
	if ((n = pg->ops->targets(pg, &t)) == 0) {
		app_flash(a->app, 1, "nothing to show the history of here: select a row");
		return CMD_RETURN_ERROR;
	}
	int r = n > 1 ? (app_flash(a->app, 1, "history shows one workload: %zu are marked", n), -1) :
	    page_history_open(a->app, t[0].cluster, t[0].res, t[0].ns, t[0].name);
	page_targets_free(&t, n);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = ":history",
	.help = "the rollout history of the selected deployment, statefulset or daemonset",
	.action = ACT_HISTORY,
	.exec = cmd_history_exec,
};
