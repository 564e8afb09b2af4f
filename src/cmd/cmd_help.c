/* :help (:?) shows the keys of the keymap and the commands of the table. */
#include "app.h"
#include "cmd.h"
#include "ui/page/help.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"

/* What is allowed is what is allowed on the page below the help. */
static int
cmd_help_allowed(enum action act, char *why, size_t len, void *arg)
{
	struct app *app = arg;
	return app_allowed(app, app_page(app, 1), act, why, len);
}

static int
cmd_help_exec(struct cmd_args *a)
{
	struct app *app = a->app;
	struct page *pg = page_text_new(app, NULL, "help");
	help_render(page_text_pager(pg), app_keymap(app), NULL, NULL);
	app_push(app, pg);
	/* now that the page below is known, render again with its permissions */
	pager_clear(page_text_pager(pg));
	help_render(page_text_pager(pg), app_keymap(app), cmd_help_allowed, app);
	return CMD_RETURN_NORMAL;
}

static const char *const cmd_help_alias[] = { "?", NULL };

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = cmd_help_alias,
	.usage = ":help",
	.help = "this screen",
	.action = ACT_HELP,
	.exec = cmd_help_exec,
};
