/* :canary, the canary view of the selected Deployment and its canary
 * (ui/page/page_canary.h). */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "kube/discovery.h"
#include "ui/page/page.h"
#include "ui/page/page_canary.h"

static int
cmd_canary_exec(struct cmd_args *a)
{
	struct page_target *t;
	if (cmd_one_target(a, "deployment", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = 0;
	if (strcmp(t[0].res->resource, "deployments") != 0 || strcmp(t[0].res->group, "apps") != 0)
		r = (app_flash(a->app, 1, "the canary view shows deployments, not %s", t[0].res->resource), -1);
	else
		page_canary_open(a->app, t[0].cluster, t[0].ns, t[0].name);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_canary_entry = {
	.name = "canary",
	.usage = ":canary",
	.help = "the canary view of the selected deployment and its canary: shift the share, promote, abort",
	.flags = CMD_NEEDS_CLUSTER,
	.action = ACT_CANARY,
	.exec = cmd_canary_exec,
};
