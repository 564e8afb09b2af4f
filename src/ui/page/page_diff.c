/* The diff page: a pager of hunks (linediff, 3 lines of context) with both line numbers
 * in a gutter, and a question on its last row when it asks one; see page_diff.h. */
#define _POSIX_C_SOURCE 200809L
#include "ui/page/page_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "model/linediff.h"
#include "ui/page/page.h"
#include "ui/widget/pager.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

#define PAGE_DIFF_CONTEXT 3

struct page_diff {
	struct page base;
	struct pager *p;
	char *question;          /* NULL: a viewer only */
	page_diff_cb cb;         /* NULL once called */
	void *arg;
	size_t added, removed;
	int back;                /* the search prompt searches backward (?) */
};

static int
page_diff_digits(size_t n)
{
	int d = 1;
	while (n >= 10)
		n /= 10, d++;
	return d;
}

int
page_diff_line(const struct linediff_line *l, int wa, int wb, char **out)
{
	char na[24] = "", nb[24] = "";
	if (l->a_no > 0)
		snprintf(na, sizeof na, "%zu", l->a_no);
	if (l->b_no > 0)
		snprintf(nb, sizeof nb, "%zu", l->b_no);
	int gutter = wa + 1 + wb + 1;
	if (l->op == '@')
		*out = xasprintf("%*s %*s %.*s", wa, "", wb, "", (int)l->len, l->text);
	else
		*out = xasprintf("%*s %*s %c%.*s", wa, na, wb, nb, l->op, (int)l->len, l->text);
	return gutter;
}

static enum theme_el
page_diff_el(char op)
{
	switch (op) {
	case '-': return THEME_DIFF_DELETE;
	case '+': return THEME_DIFF_ADD;
	case '@': return THEME_DIFF_HEADER;
	default: return THEME_DEFAULT;
	}
}

/* Fills the pager: the head line, then the hunks, or "no changes". 0, or -1 when memory
 * ran out for the diff. */
static int
page_diff_fill(struct page_diff *pd, const char *head, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct linediff d;
	if (linediff_make(a, alen, b, blen, PAGE_DIFF_CONTEXT, &d) < 0)
		return -1;
	if (head != NULL)
		pager_addf(pd->p, THEME_TITLE, "%s", head);
	if (d.n == 0)
		pager_addf(pd->p, THEME_DEFAULT, "no changes");
	size_t ma = 0, mb = 0;
	for (size_t i = 0; i < d.n; i++) {
		ma = d.lines[i].a_no > ma ? d.lines[i].a_no : ma;
		mb = d.lines[i].b_no > mb ? d.lines[i].b_no : mb;
	}
	int wa = page_diff_digits(ma), wb = page_diff_digits(mb);
	for (size_t i = 0; i < d.n; i++) {
		char *s;
		int split = page_diff_line(&d.lines[i], wa, wb, &s);
		pager_add(pd->p, s, split, THEME_HINT, page_diff_el(d.lines[i].op), PAGER_PLAIN);
		free(s);
	}
	pd->added = d.added;
	pd->removed = d.removed;
	linediff_free(&d);
	return 0;
}

static void
page_diff_draw(struct page *pg, int y, int h, int w)
{
	struct page_diff *pd = (struct page_diff *)pg;
	int ask = pd->question != NULL && h > 1;
	pager_draw(pd->p, y, ask ? h - 1 : h, w);
	if (!ask)
		return;
	char *q = xasprintf("%s  y yes, n no", pd->question);
	screen_fill(y + h - 1, 0, w, screen_attr(THEME_PROMPT));
	screen_put(y + h - 1, 0, w, q, screen_attr(THEME_PROMPT), 1);
	free(q);
}

/* Answers once: the page closes first, so that what cb opens stays on screen. */
static void
page_diff_answer(struct page_diff *pd, int yes)
{
	struct app *app = pd->base.app;
	page_diff_cb cb = pd->cb;
	void *arg = pd->arg;
	pd->cb = NULL;
	if (app_page(app, 0) == &pd->base)
		app_pop(app);
	if (cb != NULL)
		cb(app, yes, arg);
}

static int
page_diff_key(struct page *pg, int key)
{
	struct page_diff *pd = (struct page_diff *)pg;
	if (pd->question == NULL)
		return APP_UNHANDLED;
	if (key == 'y' || key == 'Y') {
		page_diff_answer(pd, 1);
		return APP_REDRAW;
	}
	if (key == 'n' || key == 'q' || key == 27) {
		page_diff_answer(pd, 0);
		return APP_REDRAW;
	}
	return APP_UNHANDLED;
}

static int
page_diff_action(struct page *pg, enum action a)
{
	struct page_diff *pd = (struct page_diff *)pg;
	switch (a) {
	case ACT_UP: pager_scroll(pd->p, -1); break;
	case ACT_DOWN: pager_scroll(pd->p, 1); break;
	case ACT_PAGE_UP: pager_scroll(pd->p, -(LINES - 6)); break;
	case ACT_PAGE_DOWN: pager_scroll(pd->p, LINES - 6); break;
	case ACT_TOP: pager_top(pd->p); break;
	case ACT_BOTTOM: pager_bottom(pd->p); break;
	case ACT_LEFT: pager_scroll_x(pd->p, -8); break;
	case ACT_RIGHT: pager_scroll_x(pd->p, 8); break;
	case ACT_SEARCH_NEXT:
		if (pager_search_next(pd->p, 1) != 0)
			app_flash(pg->app, 0, "no more matches");
		break;
	case ACT_SEARCH_PREV:
		if (pager_search_next(pd->p, -1) != 0)
			app_flash(pg->app, 0, "no earlier match");
		break;
	case ACT_FILTER:
	case ACT_SEARCH_BACK:   /* the app opens the prompt; page_diff_filter searches this way */
		pd->back = a == ACT_SEARCH_BACK;
		return APP_UNHANDLED;
	default:
		return APP_UNHANDLED;
	}
	return APP_REDRAW;
}

static void
page_diff_crumb(struct page *pg, char *buf, size_t len)
{
	snprintf(buf, len, "%s", pager_title(((struct page_diff *)pg)->p));
}

static int
page_diff_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	struct page_diff *pd = (struct page_diff *)pg;
	size_t n = pager_search_dir(pd->p, text, pd->back ? -1 : 1);
	if (text[0] && n == 0)
		snprintf(err, errlen, "\"%s\" not found", text);
	return 0;
}

static void
page_diff_status(struct page *pg, char *buf, size_t len)
{
	struct page_diff *pd = (struct page_diff *)pg;
	buf[0] = '\0';
	if (pd->removed + pd->added > 0)
		snprintf(buf, len, "%zu removed, %zu added", pd->removed, pd->added);
}

/* Popped without an answer (a context switch, the end): the answer is no. */
static void
page_diff_free(struct page *pg)
{
	struct page_diff *pd = (struct page_diff *)pg;
	page_diff_cb cb = pd->cb;
	pd->cb = NULL;
	if (cb != NULL)
		cb(pg->app, 0, pd->arg);
	pager_free(&pd->p);
	free(pd->question);
	free(pd);
}

/* A viewer's keys; folding has nothing to fold here. */
static const enum action page_diff_view[] = { ACT_BACK, ACT_FILTER, ACT_SEARCH_BACK,
	ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_HELP, ACT_QUIT };
static const char *const page_diff_view_words[] = { NULL, "search", NULL, NULL, NULL, NULL, NULL };
static const struct page_hints page_diff_hints_view = { page_diff_view,
	sizeof page_diff_view / sizeof page_diff_view[0], KEYMAP_VIEWER, page_diff_view_words };
/* With a question, y, n, q and esc answer it (the question's row says so), so back, quit
 * and search-next (n) are not offered; N still goes back a match. */
static const enum action page_diff_ask[] = { ACT_FILTER, ACT_SEARCH_BACK, ACT_SEARCH_PREV,
	ACT_HELP };
static const char *const page_diff_ask_words[] = { "search", NULL, NULL, NULL };
static const struct page_hints page_diff_hints_ask = { page_diff_ask,
	sizeof page_diff_ask / sizeof page_diff_ask[0], KEYMAP_VIEWER, page_diff_ask_words };

static const struct page_ops page_diff_ops_view = {
	.kind = "diff",
	.hints = &page_diff_hints_view,
	.closes_alone = 1,
	.draw = page_diff_draw,
	.action = page_diff_action,
	.crumb = page_diff_crumb,
	.filter = page_diff_filter,
	.status = page_diff_status,
	.free = page_diff_free,
	.key = page_diff_key,
};

static const struct page_ops page_diff_ops_ask = {
	.kind = "diff",
	.hints = &page_diff_hints_ask,
	.closes_alone = 1,
	.draw = page_diff_draw,
	.action = page_diff_action,
	.crumb = page_diff_crumb,
	.filter = page_diff_filter,
	.status = page_diff_status,
	.free = page_diff_free,
	.key = page_diff_key,
};

void
page_diff_open(struct app *app, struct cluster *c, const char *title, const char *head,
    const char *a, size_t alen, const char *b, size_t blen, const char *question,
    page_diff_cb cb, void *arg)
{
	struct page_diff *pd = xcalloc(1, sizeof *pd);
	pd->base.ops = question != NULL ? &page_diff_ops_ask : &page_diff_ops_view;
	pd->base.app = app;
	pd->base.cluster = c;
	pd->p = pager_new(title);
	pd->question = question != NULL ? xstrdup(question) : NULL;
	pd->cb = question != NULL ? cb : NULL;
	pd->arg = arg;
	if (page_diff_fill(pd, head, a, alen, b, blen) < 0) {
		pd->cb = NULL;
		page_diff_free(&pd->base);
		app_flash(app, 1, "the diff needs more memory than there is");
		if (question != NULL && cb != NULL)
			cb(app, 0, arg);
		return;
	}
	app_push(app, &pd->base);
}
