/* :rollouts, the rollouts in progress across namespaces of the current cluster. */
#include "app.h"
#include "cmd.h"
#include "ui/page/page_rollout.h"

static int
cmd_rollouts_exec(struct cmd_args *a)
{
	struct page *pg = page_rollouts_new(a->app, app_current_cluster(a->app));
	if (pg == NULL) {
		app_flash(a->app, 1, "the server does not serve deployments");
		return CMD_RETURN_ERROR;
	}
	app_push(a->app, pg);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_rollouts_entry = {
	.name = "rollouts",
	.usage = ":rollouts",
	.help = "the Deployments of every namespace whose rollout is not finished; enter follows one's progress",
	.flags = CMD_NEEDS_CLUSTER,
	.exec = cmd_rollouts_exec,
};
