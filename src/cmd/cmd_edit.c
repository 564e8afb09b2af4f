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
	struct page_target *t;

	if (cmd_one_target(a, "object", &t) != 0)
		return CMD_RETURN_ERROR;
	if (t[0].cluster->readonly) {
		app_flash(a->app, 1, "edit is disabled: read-only (context %s)", t[0].cluster->context);
		page_targets_free(&t, 1);
		return CMD_RETURN_ERROR;
	}
	page_edit_open(a->app, t[0].cluster, t[0].res, t[0].ns, t[0].name);
	page_targets_free(&t, 1);
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
