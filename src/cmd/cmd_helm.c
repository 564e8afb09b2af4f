/* :helm [NS|-A] (M): the Helm releases of every namespace, or of NS. */
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "ui/page/page_helm.h"

static int
cmd_helm_exec(struct cmd_args *a)
{
	const char *ns = "";
	for (int i = 1; i < a->argc; i++)
		ns = strcmp(a->argv[i], "-A") == 0 || strcmp(a->argv[i], "all") == 0 ? "" : a->argv[i];
	struct page *pg = page_helm_new(a->app, app_current_cluster(a->app), ns);
	if (pg == NULL)
		return CMD_RETURN_ERROR;
	app_push(a->app, pg);
	return CMD_RETURN_NORMAL;
}

static const char *const cmd_helm_alias[] = { "releases", NULL };

const struct cmd_entry cmd_helm_entry = {
	.name = "helm",
	.alias = cmd_helm_alias,
	.usage = ":helm [NS|-A]",
	.help = "the Helm releases of every namespace (or NS), from their Secrets: failed and stuck ones stand out; enter: history, values, manifest, notes, hooks, diffs",
	.flags = CMD_NEEDS_CLUSTER,
	.args = CMD_ARG_NAMESPACE,
	.action = ACT_HELM,
	.exec = cmd_helm_exec,
};
