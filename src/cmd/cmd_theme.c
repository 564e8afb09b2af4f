/* :theme [NAME] switches the theme live, or says which one is on; theme-next (T) steps
 * through the built-in ones. */
#include <string.h>

#include "app.h"
#include "cmd.h"

const char *const cmd_theme_names[] = { "dark", "light", "high-contrast", "solarized", "mono", NULL };

static int
cmd_theme_exec(struct cmd_args *a)
{
	if (a->argc < 2) {
		app_flash(a->app, 0, "theme %s", app_theme_name(a->app));
		return CMD_RETURN_NORMAL;
	}
	return app_set_theme(a->app, a->argv[1]) == 0 ? CMD_RETURN_NORMAL : CMD_RETURN_ERROR;
}

static int
cmd_theme_next(struct app *app)
{
	const char *cur = app_theme_name(app);
	int i = 0;
	while (cmd_theme_names[i] && strcmp(cmd_theme_names[i], cur))
		i++;
	return app_set_theme(app, cmd_theme_names[cmd_theme_names[i] && cmd_theme_names[i + 1] ? i + 1 : 0]);
}

const struct cmd_entry cmd_theme_entry = {
	.name = "theme",
	.usage = ":theme NAME",
	.help = "switch theme live (dark, light, high-contrast, solarized, mono)",
	.args = CMD_ARG_THEME,
	.action = ACT_THEME_NEXT,
	.on_action = cmd_theme_next,
	.exec = cmd_theme_exec,
};
