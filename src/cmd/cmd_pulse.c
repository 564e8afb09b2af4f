/* :pulse, the current cluster at a glance. */
#include "app.h"
#include "cmd.h"
#include "ui/page/pulse.h"

static int
cmd_pulse_exec(struct cmd_args *a)
{
	app_push(a->app, pulse_page_new(a->app, app_current_cluster(a->app)));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_pulse_entry = {
	.name = "pulse",
	.usage = ":pulse",
	.help = "the cluster at a glance: nodes, pods, failing workloads and Jobs, warnings; the busiest pods when metrics are served",
	.flags = CMD_NEEDS_CLUSTER | CMD_CLEARS_STACK,
	.action = ACT_PULSE,
	.exec = cmd_pulse_exec,
};
