/* :ns NAME switches namespace and lists its pods; :ns alone lists the namespaces. */
#include <string.h>

#include "app.h"
#include "cmd.h"

extern const struct cmd_entry cmd_resource_entry;

static int
cmd_ns_exec(struct cmd_args *a)
{
	static char pods[] = "pods", namespaces[] = "namespaces";
	if (a->argc > 1) {
		app_set_namespace(a->app, strcmp(a->argv[1], "-A") == 0 || strcmp(a->argv[1], "all") == 0 ?
		    "" : a->argv[1]);
		a->argv[0] = pods;
		a->argc = 1;
	} else
		a->argv[0] = namespaces;
	return cmd_resource_entry.exec(a);
}

const struct cmd_entry cmd_ns_entry = {
	.name = "ns",
	.usage = ":ns [NAME]",
	.help = "switch namespace, or list them",
	.args = CMD_ARG_NAMESPACE,
	.action = ACT_NAMESPACES,
	.exec = cmd_ns_exec,
};
