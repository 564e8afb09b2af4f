/* The questions on the prompt row: app_confirm's yes or no, and app_ask's line with an
 * editable answer; the keys that answer them. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "app_priv.h"
#include "ui/widget/prompt.h"

void
app_confirm(struct app *app, const char *question, void (*cb)(struct app *, void *), void *arg)
{
	app_confirm_choices(app, question, NULL, NULL, cb, NULL, arg);
}

void
app_confirm_or(struct app *app, const char *question, void (*cb)(struct app *, void *),
    void (*no)(struct app *, void *), void *arg)
{
	app_confirm_choices(app, question, NULL, NULL, cb, NULL, arg);
	app->confirm_no = no;
}

void
app_confirm_choices(struct app *app, const char *question, const char *keys, const char *hint,
    void (*cb)(struct app *, void *), void (*choose)(struct app *, int, void *), void *arg)
{
	if (keys != NULL && choose != NULL && hint != NULL)
		snprintf(app->question, sizeof app->question, "%s [y/N, %s]", question, hint);
	else
		snprintf(app->question, sizeof app->question, "%s [y/N]", question);
	snprintf(app->confirm_keys, sizeof app->confirm_keys, "%s", keys && choose ? keys : "");
	app->confirm_cb = cb;
	app->confirm_choose = choose;
	app->confirm_no = NULL;
	app->confirm_arg = arg;
	app->mode = APP_MODE_CONFIRM;
	app_dirty(app);
}

void
app_ask(struct app *app, const char *question, const char *text,
    void (*cb)(struct app *app, const char *answer, void *arg), void *arg)
{
	void (*old)(struct app *, const char *, void *) = app->ask_cb;
	void *old_arg = app->ask_arg;
	app->ask_cb = NULL;
	if (old != NULL)
		old(app, NULL, old_arg);
	prompt_set_lead(app->ask, question);
	prompt_open(app->ask, text);
	app->ask_cb = cb;
	app->ask_arg = arg;
	app->mode = APP_MODE_ASK;
	app_dirty(app);
}

/* The answer to app_confirm's question. */
void
app_key_confirm(struct app *app, int key)
{
	app->mode = APP_MODE_NORMAL;
	app->flash[0] = '\0';
	if (key > 0 && key < 128 && key != 'y' && app->confirm_choose != NULL &&
	    strchr(app->confirm_keys, key) != NULL) {
		/* a choice: its owner asks again with it made */
		void (*choose)(struct app *, int, void *) = app->confirm_choose;
		app->confirm_choose = NULL;
		app->confirm_cb = NULL;
		choose(app, key, app->confirm_arg);
		app_dirty(app);
		return;
	}
	app->confirm_choose = NULL;
	void (*no)(struct app *, void *) = app->confirm_no;
	app->confirm_no = NULL;
	if (key == 'y' || key == 'Y') {
		void (*cb)(struct app *, void *) = app->confirm_cb;
		app->confirm_cb = NULL;
		if (cb)
			cb(app, app->confirm_arg);
	} else if (no != NULL) {
		app->confirm_cb = NULL;
		app_flash(app, 0, "cancelled, nothing sent");
		no(app, app->confirm_arg);
	} else
		app_flash(app, 0, "cancelled");
	app_dirty(app);
}

/* A key of app_ask's line: Enter answers, Esc (ctrl-c, ctrl-g) cancels; Backspace on an
 * empty line stays, as the line is the answer being typed. */
void
app_key_ask(struct app *app, int key)
{
	if (key == 3)
		key = 27;
	enum prompt_result r = prompt_key(app->ask, key);
	if (r == PROMPT_CANCEL && key != 27 && key != 7)
		r = PROMPT_EDITING;
	if (r == PROMPT_DONE || r == PROMPT_CANCEL) {
		void (*cb)(struct app *, const char *, void *) = app->ask_cb;
		app->ask_cb = NULL;
		app->mode = APP_MODE_NORMAL;
		app->flash[0] = '\0';
		if (cb != NULL)
			cb(app, r == PROMPT_DONE ? prompt_text(app->ask) : NULL, app->ask_arg);
	}
	app_dirty(app);
}

/* A question still open when kdeck ends: its owner frees what it holds. */
void
app_question_drop(struct app *app)
{
	if (app->ask_cb != NULL) {
		void (*cb)(struct app *, const char *, void *) = app->ask_cb;
		app->ask_cb = NULL;
		cb(app, NULL, app->ask_arg);
	}
}
