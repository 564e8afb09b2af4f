/* :quit (:q, :exit) leaves kdeck, asking first when shells or forwards would end; :q!
 * leaves without asking. */
#include <string.h>

#include "app.h"
#include "cmd.h"

static int
cmd_quit_exec(struct cmd_args *a)
{
	if (a->argc > 0 && strcmp(a->argv[0], "q!") == 0)
		app_quit(a->app);
	else
		app_quit_ask(a->app, 0);
	return CMD_RETURN_NORMAL;
}

static const char *const cmd_quit_alias[] = { "q", "q!", "exit", NULL };

const struct cmd_entry cmd_quit_entry = {
	.name = "quit",
	.alias = cmd_quit_alias,
	.usage = ":q[!]",
	.help = "quit",
	.action = ACT_QUIT,
	.exec = cmd_quit_exec,
};
