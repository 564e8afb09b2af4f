/* The terminal lent to another program while the loop runs on: an interactive credential
 * plugin (as under kubectl) and the external editor (E). What the app does meanwhile is
 * its own: shells and forwards go on, keys wait for the terminal to come back. */
#define _GNU_SOURCE
#include <stdio.h>

#include "app.h"
#include "app_priv.h"
#include "loop.h"
#include "ui/widget/screen.h"

/* A credential plugin started or ended: the header says so. */
void
app_on_plugin(void *arg)
{
	app_dirty(arg);
}

/* An interactive credential plugin has the terminal while it runs, as under kubectl. */
void
app_on_plugin_terminal(int take, const char *who, void *arg)
{
	struct app *app = arg;
	if (take) {
		screen_suspend();
		fprintf(stderr, "kdeck: %s: the credential plugin has the terminal until it ends\n", who);
		return;
	}
	screen_resume();
	app_draw(app);
}

void
app_terminal_lend(struct app *app)
{
	if (app->lent)
		return;
	app->lent = 1;
	loop_timer_cancel(app->loop, &app->frame);
	if (app->tty != NULL)
		loop_fd_set(app->tty, 0);
	screen_suspend();
}

void
app_terminal_back(struct app *app)
{
	if (!app->lent)
		return;
	app->lent = 0;
	if (app->tty != NULL)
		loop_fd_set(app->tty, LOOP_IN);
	screen_resume();
	app->full = 1;
	app_draw(app);
}

int
app_terminal_lent(struct app *app)
{
	return app->lent;
}
