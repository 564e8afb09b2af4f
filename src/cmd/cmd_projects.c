/* :projects, namespaces grouped into projects. */
#include "app.h"
#include "cmd.h"
#include "ui/page/page_projects.h"

static int
cmd_projects_exec(struct cmd_args *a)
{
	app_push(a->app, page_projects_new(a->app, app_current_cluster(a->app)));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_projects_entry = {
	.name = "projects",
	.usage = ":projects",
	.help = "namespaces grouped into projects (Rancher, KubeSphere, OpenShift, projects.yaml; across clusters): Enter its workloads, d its namespaces",
	.flags = CMD_NEEDS_CLUSTER | CMD_CLEARS_STACK,
	.action = ACT_PROJECTS,
	.exec = cmd_projects_exec,
};
