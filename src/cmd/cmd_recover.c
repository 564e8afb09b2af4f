/* :recover lists the edits that can be restored (ui/page/page_recover.h); :recover FILE
 * restores the file of that name, once the cluster of its context has connected. */
#include <stdlib.h>

#include "app.h"
#include "cmd.h"
#include "kube/cluster.h"
#include "ui/page/page_recover.h"
#include "util/recovery.h"

static int
cmd_recover_exec(struct cmd_args *a)
{
	if (a->argc > 2) {
		app_flash(a->app, 1, "usage: %s", a->entry->usage);
		return CMD_RETURN_ERROR;
	}
	if (a->argc < 2) {
		app_push(a->app, page_recover_new(a->app));
		return CMD_RETURN_NORMAL;
	}
	struct recovery_meta m = { 0 };
	struct kd_err err = { 0 };
	char *text = NULL;
	size_t len = 0;
	if (recovery_load(NULL, a->argv[1], &m, &text, &len, &err) != 0) {
		app_flash(a->app, 1, "%s", err.msg);
		return CMD_RETURN_ERROR;
	}
	if (m.secret)
		page_recover_wipe(text, len);
	free(text);
	int r = CMD_RETURN_ERROR;
	struct cluster *c = app_cluster(a->app, m.context);
	if (c == NULL) {
		app_flash(a->app, 1, "cannot restore %s/%s: no context \"%s\" in the kubeconfig",
		    m.resource, m.name, m.context);
		goto done;
	}
	if ((r = cmd_ready(a, c)) != CMD_RETURN_NORMAL)
		goto done;
	const struct kres *res = page_recover_kres(c, &m);
	if (res == NULL) {
		app_flash(a->app, 1, "cannot restore %s/%s: %s serves no %s%s%s", m.resource, m.name,
		    m.context, m.resource, m.group[0] ? "." : "", m.group);
		r = CMD_RETURN_ERROR;
		goto done;
	}
	page_recover_restore(a->app, c, res, a->argv[1]);
done:
	recovery_meta_clear(&m);
	return r;
}

const struct cmd_entry cmd_recover_entry = {
	.name = "recover",
	.usage = ":recover [FILE]",
	.help = "the unsaved edits kept in the recovery folder: Enter restores one in the editor, delete discards it",
	.exec = cmd_recover_exec,
};
