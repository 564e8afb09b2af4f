/* :quit (:q, :q!, :exit) leaves kdeck. */
#include "app.h"
#include "cmd.h"

static int
cmd_quit_exec(struct cmd_args *a)
{
	app_quit(a->app);
	return CMD_RETURN_NORMAL;
}

static const char *const cmd_quit_alias[] = { "q", "q!", "exit", NULL };

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = cmd_quit_alias,
	.usage = ":q",
	.help = "quit",
	.action = ACT_QUIT,
	.exec = cmd_quit_exec,
};
