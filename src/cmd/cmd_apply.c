/* :apply FILE [@CTX,...]: server-side apply of a file of manifests (YAML documents, JSON,
 * a List) to the current cluster or to the contexts named, planned first from a dry run
 * on each (ui/page/page_apply.h), applied on the plan's key after a confirm. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "kube/kubeconfig.h"
#include "ui/page/page_apply.h"

#define CMD_APPLY_MAX_CLUSTERS 16

static int
cmd_apply_exec(struct cmd_args *a)
{
	struct app *app = a->app;
	struct cluster *cl[CMD_APPLY_MAX_CLUSTERS];
	const char *ns[CMD_APPLY_MAX_CLUSTERS];
	const char *file = NULL;
	size_t n = 0;
	int r;

	for (int i = 1; i < a->argc; i++) {
		char *arg = a->argv[i];
		if (arg[0] != '@') {
			if (file != NULL) {
				app_flash(app, 1, "usage: %s (one file)", a->entry->usage);
				return CMD_RETURN_ERROR;
			}
			file = arg;
			continue;
		}
		char *save = NULL;
		for (char *t = strtok_r(arg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			if (*t == '@')
				t++;
			struct cluster *k = app_cluster(app, t);
			if (k == NULL) {
				app_flash(app, 1, "no context \"%s\" in the kubeconfig", t);
				return CMD_RETURN_ERROR;
			}
			int seen = 0;
			for (size_t j = 0; j < n; j++)
				seen |= cl[j] == k;
			if (!seen && n < CMD_APPLY_MAX_CLUSTERS)
				cl[n++] = k;
		}
	}
	if (file == NULL) {
		app_flash(app, 1, "usage: %s", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	if (n == 0 && (cl[n] = app_current_cluster(app)) != NULL)
		n++;
	if (n == 0)
		return CMD_RETURN_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (cl[i]->readonly && n == 1) {
			app_flash(app, 1, "apply is disabled: read-only (%s)", cl[i]->context);
			return CMD_RETURN_ERROR;
		}
		/* of several clusters, one that cannot be reached (failed, or its probe found
		 * no server while discovery still tries) is a plan of errors that say why, and
		 * the others are planned */
		if (n > 1 && (cl[i]->state == CLUSTER_FAILED ||
		    (cl[i]->state == CLUSTER_CONNECTING && cl[i]->reachable == 0)))
			continue;
		if ((r = cmd_ready(a, cl[i])) != CMD_RETURN_NORMAL)
			return r;
	}
	/* an object without a namespace goes to the current one, else the context's */
	for (size_t i = 0; i < n; i++) {
		const char *cur = app_namespace(app);
		ns[i] = cur[0] ? cur : cl[i]->conn && cl[i]->conn->namespace ? cl[i]->conn->namespace : "default";
	}
	char path[4096];
	const char *home = getenv("HOME");
	if (strncmp(file, "~/", 2) == 0 && home != NULL)
		snprintf(path, sizeof path, "%s/%s", home, file + 2);
	else
		snprintf(path, sizeof path, "%s", file);
	return page_apply_open(app, path, cl, ns, n) == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_apply_entry = {
	.name = "apply",
	.usage = ":apply FILE [@CTX,...]",
	.help = "server-side apply of a file (YAML, JSON, a List) to this or several clusters: a plan from a dry run first",
	.flags = CMD_MUTATES,
	.args = CMD_ARG_FILE,
	.exec = cmd_apply_exec,
};
