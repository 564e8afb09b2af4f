/* :RESOURCE [NS|-A] [-l SEL] [@CTX,...]: a list of any resource discovery knows (pods,
 * deploy, svc, no, a CRD), in a namespace or all, on one cluster or several. The table's
 * fallback (CMD_FALLBACK): cmd_run gives it every line no other entry is called. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "ui/page/page_resource.h"

#define CMD_RESOURCE_MAX_CLUSTERS 8

/* The last name discovery was refreshed for, so that the line run again after the
 * refresh says it was asked rather than asking for ever. */
static struct {
	char key[320];       /* "CONTEXT/NAME" */
	uint64_t at_ms;
} cmd_resource_last;

#define CMD_RESOURCE_ASKED_MS 60000

/* Whether discovery was refreshed for name on c just now (the mark is used up). unknown:
 * name is unknown, so a refresh starts now and the mark is set. */
static int
cmd_resource_asked(struct cluster *c, const char *name, int unknown)
{
	char key[sizeof cmd_resource_last.key];
	uint64_t now = loop_now_ms();

	snprintf(key, sizeof key, "%s/%s", c->context, name);
	int asked = strcmp(key, cmd_resource_last.key) == 0 &&
	    now - cmd_resource_last.at_ms < CMD_RESOURCE_ASKED_MS;
	cmd_resource_last.key[0] = '\0';
	if (unknown && !asked) {
		snprintf(cmd_resource_last.key, sizeof cmd_resource_last.key, "%s", key);
		cmd_resource_last.at_ms = now;
	}
	return asked;
}

static int
cmd_resource_exec(struct cmd_args *a)
{
	struct app *app = a->app;
	struct cluster *c = app_current_cluster(app), *more[CMD_RESOURCE_MAX_CLUSTERS + 1] = { 0 };
	const char *ns = NULL, *sel = NULL;
	int nmore = 0, r;

	if (c == NULL)
		return CMD_RETURN_ERROR;
	for (int i = 1; i < a->argc; i++) {
		char *arg = a->argv[i];
		if (strcmp(arg, "-A") == 0 || strcmp(arg, "all") == 0)
			ns = "";
		else if (strcmp(arg, "-l") == 0 && i + 1 < a->argc)
			sel = a->argv[++i];
		else if (arg[0] == '@') {
			char *save = NULL;
			for (char *t = strtok_r(arg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				if (*t == '@')
					t++;
				struct cluster *k = app_cluster(app, t);
				if (k == NULL) {
					app_flash(app, 1, "no context \"%s\" in the kubeconfig", t);
					return CMD_RETURN_ERROR;
				}
				if (nmore < CMD_RESOURCE_MAX_CLUSTERS)
					more[nmore++] = k;
			}
		} else
			ns = arg;
	}
	if (nmore > 0)
		c = more[0];
	for (int i = 0; i < nmore; i++)
		if ((r = cmd_ready(a, more[i])) != CMD_RETURN_NORMAL)
			return r;
	if ((r = cmd_ready(a, c)) != CMD_RETURN_NORMAL)
		return r;
	const struct kres *res = discovery_find(c->disc, a->argv[0]);
	int asked = cmd_resource_asked(c, a->argv[0], res == NULL);
	if (res == NULL && !asked) {
		/* a CRD installed since discovery: ask the server again, and run the line once
		 * it has answered (the engine keeps it pending while c connects) */
		cluster_connect(c, 1);
		app_flash(app, 0, "asking %s for resource type \"%s\" ...", c->context, a->argv[0]);
		return CMD_RETURN_WAIT;
	}
	if (res == NULL) {
		app_flash(app, 1, "no resource type \"%s\" on %s (asked the server again just now; try :help)",
		    a->argv[0], c->context);
		return CMD_RETURN_ERROR;
	}
	/* a namespace typed becomes the current one, for a kind that has namespaces */
	if (ns != NULL && res->namespaced)
		app_set_namespace(app, ns);
	if (ns == NULL || res->namespaced)
		ns = app_namespace(app);
	page_resource_open(app, c, res, ns, sel, nmore > 1 ? more + 1 : NULL);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_resource_entry = {
	.name = "RESOURCE",
	.usage = ":RESOURCE [NS|-A] [-l SEL] [@CTX,...]",
	.help = "list a resource: pods, deploy, svc, no, a CRD; several clusters with @",
	.flags = CMD_FALLBACK,
	.args = CMD_ARG_NAMESPACE,
	.exec = cmd_resource_exec,
};
