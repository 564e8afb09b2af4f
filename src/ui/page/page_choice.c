/* The pick-one page; see page_choice.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/page/page_choice.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

struct page_choice {
	struct page base;
	char *title, *question;
	char **items;
	size_t n, sel;
	int picked;
	choice_cb cb;
	void *arg;
};

static void
choice_draw(struct page *pg, int y, int h, int w)
{
	struct page_choice *ch = (struct page_choice *)pg;
	for (int r = 0; r < h; r++)
		screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
	screen_put(y + 1, 2, w - 4, ch->question, screen_attr(THEME_TITLE), 1);
	size_t first = ch->sel + 4 > (size_t)(h > 4 ? h - 4 : 1) ? ch->sel + 4 - (size_t)(h > 4 ? h - 4 : 1) : 0;
	for (size_t i = first; i < ch->n && (int)(i - first) + 3 < h; i++) {
		int row = y + 3 + (int)(i - first);
		attr_t a = screen_attr(i == ch->sel ? THEME_ROW_SELECTED : THEME_ROW);
		screen_fill(row, 2, w - 4, a);
		screen_put(row, 4, w - 8, ch->items[i], a, 1);
	}
}

static int
choice_action(struct page *pg, enum action a)
{
	struct page_choice *ch = (struct page_choice *)pg;
	switch (a) {
	case ACT_UP: if (ch->sel > 0) ch->sel--; return APP_REDRAW;
	case ACT_DOWN: if (ch->sel + 1 < ch->n) ch->sel++; return APP_REDRAW;
	case ACT_TOP: ch->sel = 0; return APP_REDRAW;
	case ACT_BOTTOM: ch->sel = ch->n ? ch->n - 1 : 0; return APP_REDRAW;
	case ACT_ENTER:
		ch->picked = (int)ch->sel;
		app_pop(pg->app);   /* frees this page, which runs the callback */
		return APP_REDRAW;
	case ACT_BACK:
		app_pop(pg->app);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

/* Return picks even where the keymap binds nothing to it. */
static int
choice_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return choice_action(pg, ACT_ENTER);
	return APP_UNHANDLED;
}

static void
choice_crumb(struct page *pg, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ((struct page_choice *)pg)->title);
}

static void
choice_free(struct page *pg)
{
	struct page_choice *ch = (struct page_choice *)pg;
	choice_cb cb = ch->cb;
	void *arg = ch->arg;
	int picked = ch->picked;
	for (size_t i = 0; i < ch->n; i++)
		free(ch->items[i]);
	free(ch->items);
	free(ch->title);
	free(ch->question);
	struct app *app = pg->app;
	free(ch);
	if (cb != NULL)
		cb(app, picked, arg);
}

static const struct page_ops page_choice_ops = {
	.kind = "choice",
	.hints = &page_hints_text,
	.draw = choice_draw,
	.action = choice_action,
	.crumb = choice_crumb,
	.free = choice_free,
	.key = choice_key,
};

struct page *
page_choice_new(struct app *app, const char *title, const char *question,
    const char *const *items, size_t n, size_t sel, choice_cb cb, void *arg)
{
	struct page_choice *ch = xcalloc(1, sizeof *ch);
	ch->base.ops = &page_choice_ops;
	ch->base.app = app;
	ch->title = xstrdup(title);
	ch->question = xstrdup(question);
	ch->items = xcalloc(n ? n : 1, sizeof *ch->items);
	for (size_t i = 0; i < n; i++)
		ch->items[i] = xstrdup(items[i]);
	ch->n = n;
	ch->sel = sel < n ? sel : 0;
	ch->picked = -1;
	ch->cb = cb;
	ch->arg = arg;
	return &ch->base;
}
