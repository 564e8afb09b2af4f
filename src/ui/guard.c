/* The confirms of changes; see guard.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/cluster.h"
#include "ui/guard.h"
#include "util/xmalloc.h"

#define GUARD_LEAD_MAX 319   /* what a prompt's lead holds (ui/widget/prompt.c) */

char *
guard_typed_answer(int production, int namespaces, size_t n, const char *kind_word,
    const char *name)
{
	if (n == 0)
		return NULL;
	if (n == 1 && (production || namespaces))
		return xstrdup(name ? name : "");
	if (n > 5 || (n > 1 && (production || namespaces)))
		return xasprintf("%zu %s", n, kind_word ? kind_word : "objects");
	return NULL;
}

struct guard_typing {
	char *expected;
	void (*cb)(struct app *, void *);
	void (*no)(struct app *, void *);
	void *arg;
};

static void
guard_on_typed(struct app *app, const char *answer, void *arg)
{
	struct guard_typing *g = arg;
	int yes = answer != NULL && strcmp(answer, g->expected) == 0;
	if (answer == NULL)
		app_flash(app, 0, "cancelled, nothing sent");
	else if (!yes)
		app_flash(app, 1, "not confirmed: typed \"%s\", not \"%s\"; nothing sent", answer, g->expected);
	if (yes && g->cb != NULL)
		g->cb(app, g->arg);
	else if (!yes && g->no != NULL)
		g->no(app, g->arg);
	free(g->expected);
	free(g);
}

void
guard_type(struct app *app, const char *why, const char *expected,
    void (*cb)(struct app *, void *), void *arg)
{
	guard_type_or(app, why, expected, cb, NULL, arg);
}

void
guard_type_or(struct app *app, const char *why, const char *expected,
    void (*cb)(struct app *, void *), void (*no)(struct app *, void *), void *arg)
{
	struct guard_typing *g = xcalloc(1, sizeof *g);
	g->expected = xstrdup(expected);
	g->cb = cb;
	g->no = no;
	g->arg = arg;
	/* the prompt's lead holds 319 bytes: a long question is cut, what to type never is */
	char *tail = xasprintf(": type \"%s\" to confirm (Esc cancels): ", expected);
	size_t room = GUARD_LEAD_MAX > strlen(tail) + 3 ? GUARD_LEAD_MAX - strlen(tail) - 3 : 0;
	char *q = strlen(why) > room ? xasprintf("%.*s...%s", (int)room, why, tail) : xasprintf("%s%s", why, tail);
	free(tail);
	app_ask(app, q, "", guard_on_typed, g);
	free(q);
}

void
guard_confirm(struct app *app, struct cluster *c, const char *question, const char *name,
    void (*cb)(struct app *, void *), void *arg)
{
	guard_confirm_or(app, c, question, name, cb, NULL, arg);
}

void
guard_confirm_or(struct app *app, struct cluster *c, const char *question, const char *name,
    void (*cb)(struct app *, void *), void (*no)(struct app *, void *), void *arg)
{
	if (c == NULL || !config_production(c->context)) {
		if (no != NULL)
			app_confirm_or(app, question, cb, no, arg);
		else
			app_confirm(app, question, cb, arg);
		return;
	}
	char *why = xasprintf("%s %s is a production context", question, c->context);
	guard_type_or(app, why, name, cb, no, arg);
	free(why);
}
