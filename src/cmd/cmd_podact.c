/* The commands of the pod actions and the long-running sessions they start: :exec CMD,
 * :sessions, :port-forward TARGET [LOCAL:]PORT (:pf), :forwards. */
#include "app.h"
#include "cmd.h"
#include "ui/page/page.h"
#include "ui/page/page_forwards.h"
#include "ui/page/page_sessions.h"
#include "ui/page/page_shell.h"
#include "ui/podact.h"

static int
cmd_exec_exec(struct cmd_args *a)
{
	struct page_target *t;
	if (!*a->rest) {
		app_flash(a->app, 1, "usage: :exec CMD (runs CMD in the selected pod, e.g. :exec top)");
		return CMD_RETURN_ERROR;
	}
	if (cmd_one_target(a, "pod or workload", &t) != 0)
		return CMD_RETURN_ERROR;
	int r = podact_exec(a->app, &t[0], a->rest);
	page_targets_free(&t, 1);
	return r == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

const struct cmd_entry cmd_exec_entry = {
	.name = "exec",
	.usage = ":exec CMD",
	.help = "run CMD in the selected pod (a workload: one of its pods), in a terminal",
	.exec = cmd_exec_exec,
};

static int
cmd_sessions_exec(struct cmd_args *a)
{
	app_push(a->app, page_sessions_new(a->app));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_sessions_entry = {
	.name = "sessions",
	.usage = ":sessions",
	.help = "the shell sessions: Enter shows one, delete ends it",
	.action = ACT_SESSIONS,
	.exec = cmd_sessions_exec,
};

static int
cmd_port_forward_exec(struct cmd_args *a)
{
	return podact_port_forward(a->app, a->argc, a->argv) == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

static const char *const cmd_port_forward_alias[] = { "pf", NULL };

const struct cmd_entry cmd_port_forward_entry = {
	.name = "port-forward",
	.alias = cmd_port_forward_alias,
	.usage = ":port-forward T [L:]P",
	.help = "T: [NS/]pod/NAME or [NS/]svc/NAME; L 0 a free port, none the same (asks when taken or root's)",
	.exec = cmd_port_forward_exec,
};

static int
cmd_forwards_exec(struct cmd_args *a)
{
	app_push(a->app, page_forwards_new(a->app));
	return CMD_RETURN_NORMAL;
}

const struct cmd_entry cmd_forwards_entry = {
	.name = "forwards",
	.usage = ":forwards",
	.help = "the port-forwards: delete stops one",
	.action = ACT_FORWARDS,
	.exec = cmd_forwards_exec,
};
