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
	struct page *pg = app_page(a->app, 0);
	struct page_target *t = NULL;
	size_t n;
	if (a->argc > 1) {
		app_flash(a->app, 1, "usage: %s (on the selected row)", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	if (pg == NULL || pg->ops->targets == NULL) {
		app_flash(a->app, 1, "canary is not available on this screen: select a deployment");
		return CMD_RETURN_ERROR;
	}
	if ((n = pg->ops->targets(pg, &t)) == 0) {
		app_flash(a->app, 1, "no deployment to show the canary of here: select a row");
		return CMD_RETURN_ERROR;
	}
	int r = 0;
	if (n > 1)
		r = (app_flash(a->app, 1, "the canary view shows one deployment and its canary: %zu are marked", n), -1);
	else if (strcmp(t[0].res->resource, "deployments") != 0 || strcmp(t[0].res->group, "apps") != 0)
		r = (app_flash(a->app, 1, "the canary view shows deployments, not %s", t[0].res->resource), -1);
	else
		page_canary_open(a->app, t[0].cluster, t[0].ns, t[0].name);
	page_targets_free(&t, n);
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
