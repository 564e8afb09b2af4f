/* :edit (the e key): the selected row's object, or the object of the YAML view, in the
 * editor (ui/page/page_edit.h); :edit-external (E) in $KUBE_EDITOR (ui/extedit.h). One
 * object at a time. Asked while the cluster of the row connects, either waits as a change
 * does (CMD_ON_ROWS) and opens on the same row once ready. */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "ui/extedit.h"
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
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_EDIT,
	.exec = cmd_edit_exec,
};

static int
cmd_edit_external_exec(struct cmd_args *a)
{
	struct page_target *t;

	if (cmd_one_target(a, "object", &t) != 0)
		return CMD_RETURN_ERROR;
	int rc = extedit_open(a->app, app_page(a->app, 0), t[0].cluster, t[0].res, t[0].ns, t[0].name);
	page_targets_free(&t, 1);
	return rc == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_edit_external_entry = {
	.name = "edit-external",
	.usage = ":edit-external",
	.help = "edit the selected object in $KUBE_EDITOR, else $EDITOR, else vi, as kubectl edit does",
	.flags = CMD_MUTATES | CMD_ON_ROWS,
	.action = ACT_EDIT_EXTERNAL,
	.exec = cmd_edit_external_exec,
};
