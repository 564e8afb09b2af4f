/* :workloads [NS|-A] (:wl): the workloads of a namespace (the current one without NS). */
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "ui/page/page_workloads.h"

/* page_workloads_open replaces every page itself */
static int
cmd_workloads_exec(struct cmd_args *a)
{
	const char *ns = app_namespace(a->app);
	for (int i = 1; i < a->argc; i++)
		ns = strcmp(a->argv[i], "-A") == 0 || strcmp(a->argv[i], "all") == 0 ? "" : a->argv[i];
	page_workloads_open(a->app, app_current_cluster(a->app), ns);
	return CMD_RETURN_NORMAL;
}

static const char *const cmd_workloads_alias[] = { "wl", NULL };

const struct cmd_entry cmd_workloads_entry = {
	.name = "workloads",
	.alias = cmd_workloads_alias,
	.usage = ":workloads [NS|-A]",
	.help = "deployments, statefulsets, daemonsets, cronjobs: ready, restarts, failing pods (wl)",
	.flags = CMD_NEEDS_CLUSTER,
	.args = CMD_ARG_NAMESPACE,
	.exec = cmd_workloads_exec,
};
