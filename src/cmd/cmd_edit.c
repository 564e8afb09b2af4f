/* :edit (the e key): the selected row's object, or the object of the YAML view, in the
 * editor (ui/page/page_edit.h). One object at a time. */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "ui/page/page_edit.h"

static int
cmd_edit_exec(struct cmd_args *a)
{
	struct page *pg = app_page(a->app, 0);
	struct page_target *t = NULL;
	size_t n;
	char why[256];

	if (a->argc > 1) {
		app_flash(a->app, 1, "usage: %s (on the selected row, or in an object's YAML)", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	if (pg == NULL || pg->ops->targets == NULL) {
		app_flash(a->app, 1, "edit works on a list's row or an object's YAML");
		return CMD_RETURN_ERROR;
	}
	if (!app_allowed(a->app, pg, ACT_EDIT, why, sizeof why)) {
		app_flash(a->app, 1, "edit is disabled: %s", why);
		return CMD_RETURN_ERROR;
	}
	n = pg->ops->targets(pg, &t);
	if (n != 1) {
		app_flash(a->app, 1, n == 0 ? "nothing selected to edit" :
		    "edit opens one object: %zu are marked (clear the marks)", n);
		page_targets_free(&t, n);
		return CMD_RETURN_ERROR;
	}
	if (t[0].cluster->readonly) {
		app_flash(a->app, 1, "edit is disabled: read-only (context %s)", t[0].cluster->context);
		page_targets_free(&t, n);
		return CMD_RETURN_ERROR;
	}
	page_edit_open(a->app, t[0].cluster, t[0].res, t[0].ns, t[0].name);
	page_targets_free(&t, n);
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_edit_entry = {
	.name = "edit",
	.usage = ":edit",
	.help = "edit the selected object (or the one in the YAML view) in the embedded editor",
	.flags = CMD_MUTATES,
	.action = ACT_EDIT,
	.exec = cmd_edit_exec,
};
