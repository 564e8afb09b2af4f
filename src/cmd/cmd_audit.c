/* :audit, the audit journal of changes and sessions. */
#include "app.h"
#include "cmd.h"
#include "model/auditlog.h"
#include "ui/page/page_audit.h"

static int
cmd_audit_exec(struct cmd_args *a)
{
	struct auditlog_query q = { 0 };
	struct kd_err err;
	if (auditlog_query_parse(&q, a->argc - 1, a->argv + 1, &err) != 0) {
		app_flash(a->app, 1, "%s", err.msg);
		return CMD_RETURN_ERROR;
	}
	app_push(a->app, page_audit_new(a->app, &q));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = ":audit [@CONTEXT] [ns=NS] [verb=VERB] [resource=RESOURCE] [name=NAME]",
	.help = "the audit journal of changes and sessions, newest first; Enter shows a line whole (on a delete's, u re-creates the object)",
	.exec = cmd_audit_exec,
};
