/* :clusters lists every context; :ctx NAME (:context) switches to one, :ctx alone
 * (:contexts) lists them as :clusters does. */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "kube/kubeconfig.h"
#include "ui/page/page_clusters.h"

static int
cmd_clusters_exec(struct cmd_args *a)
{
	app_push(a->app, page_clusters_new(a->app));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_clusters_entry = {
	.name = "clusters",
	.usage = ":clusters",
	.help = "every context: reachability, latency, version, auth, nodes, pods; Enter its namespaces",
	.flags = CMD_CLEARS_STACK,
	.action = ACT_CLUSTERS,
	.exec = cmd_clusters_exec,
};

int
cmd_use_context(struct app *app, const char *context, const char *resource)
{
	struct cluster *c = app_cluster(app, context);
	if (c == NULL) {
		app_flash(app, 1, "no context \"%s\" in the kubeconfig", context);
		return -1;
	}
	const char *ns = c->conn ? c->conn->namespace : "default";
	app_set_current_cluster(app, c);
	/* all namespaces stays on, as the user chose it; the all-namespaces key then goes
	 * to this context's namespace, not the last context's */
	if (app_namespace(app)[0] == '\0')
		ns = app_namespace_toggle(app, ns, NULL);
	app_set_namespace(app, ns);
	app_clear_stack(app);
	app_flash(app, 0, "context %s", c->context);
	cmd_defer(app, resource);
	return 0;
}

/* Not CMD_CLEARS_STACK: a context that is not in the kubeconfig leaves the pages be. */
static int
cmd_ctx_exec(struct cmd_args *a)
{
	if (a->argc < 2) {
		app_clear_stack(a->app);
		return cmd_clusters_exec(a);
	}
	return cmd_use_context(a->app, a->argv[1], "pods") == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

static const char *const cmd_ctx_alias[] = { "context", "contexts", NULL };

const struct cmd_entry cmd_ctx_entry = {
	.name = "ctx",
	.alias = cmd_ctx_alias,
	.usage = ":ctx [NAME]",
	.help = "switch context, or list them",
	.args = CMD_ARG_CONTEXT,
	.action = ACT_CONTEXTS,
	.exec = cmd_ctx_exec,
};
