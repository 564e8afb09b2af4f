/* The pick-one page; see page_choice.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/page/page_choice.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct page_choice {
	struct page base;
	char *title, *question;
	char **cols;              /* the columns' names (one list: the title in capitals) */
	int ncols;
	char **items;             /* n rows of ncols cells */
	size_t n;
	int picked;
	struct table *t;
	choice_cb cb;
	void *arg;
};

/* ---- the table source: one column, the items in the order given ---- */

static int chs_ncols(void *arg) { return ((struct page_choice *)arg)->ncols; }

static void
chs_col(void *arg, int i, struct table_col *c)
{
	struct page_choice *ch = arg;
	c->name = ch->cols[i];
}

static size_t chs_nrows(void *arg) { return ((struct page_choice *)arg)->n; }

static void
chs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_choice *ch = arg;
	snprintf(buf, len, "%s", row < ch->n && col < ch->ncols ? ch->items[row * (size_t)ch->ncols + (size_t)col] : "");
}

/* The index: two items may read the same. */
static void
chs_key(void *arg, size_t row, char *buf, size_t len)
{
	(void)arg;
	snprintf(buf, len, "%zu", row);
}

static uint64_t chs_version(void *arg) { (void)arg; return 1; }


static const struct table_source_ops choice_source = {
	.ncols = chs_ncols, .col = chs_col, .nrows = chs_nrows, .cell = chs_cell, .key = chs_key,
	.version = chs_version,
	/* no filter, and the order is the caller's (the default first, "all containers" on
	 * top): no sorting */
};

/* ---- the page ---- */

static void
choice_draw(struct page *pg, int y, int h, int w)
{
	struct page_choice *ch = (struct page_choice *)pg;
	for (int r = 0; r < h && r < 3; r++)
		screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
	screen_put(y + 1, 2, w - 4, ch->question, screen_attr(THEME_TITLE), 1);
	if (h > 3)
		table_draw(ch->t, y + 3, h - 3, w, 0);
}

static int
choice_action(struct page *pg, enum action a)
{
	struct page_choice *ch = (struct page_choice *)pg;
	int r;

	if ((r = table_key(ch->t, a, TABLE_KEY_NO_MARKS)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER:
		ch->picked = (int)table_selected(ch->t);
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
	table_free(&ch->t);
	for (size_t i = 0; i < ch->n * (size_t)ch->ncols; i++)
		free(ch->items[i]);
	free(ch->items);
	for (int i = 0; i < ch->ncols; i++)
		free(ch->cols[i]);
	free(ch->cols);
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
page_choice_new_table(struct app *app, const char *title, const char *question,
    const char *const *cols, int ncols, const char *const *cells, size_t n, size_t sel, choice_cb cb,
    void *arg)
{
	struct page_choice *ch = xcalloc(1, sizeof *ch);
	char key[32];

	ch->base.ops = &page_choice_ops;
	ch->base.app = app;
	ch->title = xstrdup(title);
	ch->question = xstrdup(question);
	ch->ncols = ncols > 0 ? ncols : 1;
	ch->cols = xcalloc((size_t)ch->ncols, sizeof *ch->cols);
	for (int i = 0; i < ch->ncols; i++)
		ch->cols[i] = xstrdup(i < ncols ? cols[i] : "");
	ch->items = xcalloc(n ? n * (size_t)ch->ncols : 1, sizeof *ch->items);
	for (size_t i = 0; i < n * (size_t)ch->ncols; i++)
		ch->items[i] = xstrdup(cells[i] ? cells[i] : "");
	ch->n = n;
	ch->picked = -1;
	ch->cb = cb;
	ch->arg = arg;
	ch->t = table_new(&choice_source, ch);
	snprintf(key, sizeof key, "%zu", sel < n ? sel : 0);
	table_select_key(ch->t, key);
	return &ch->base;
}

struct page *
page_choice_new(struct app *app, const char *title, const char *question,
    const char *const *items, size_t n, size_t sel, choice_cb cb, void *arg)
{
	char column[64] = "";
	for (size_t i = 0; title[i] != '\0' && i + 1 < sizeof column; i++)
		column[i] = (char)toupper((unsigned char)title[i]);
	const char *cols[] = { column };
	return page_choice_new_table(app, title, question, cols, 1, items, n, sel, cb, arg);
}
