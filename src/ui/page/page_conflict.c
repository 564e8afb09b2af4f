/* The page of a three-way merge's fields; see page_conflict.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "model/merge3.h"
#include "ui/page/page.h"
#include "ui/page/page_conflict.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

struct page_conflict {
	struct page base;
	char *title;
	struct merge3 *m;
	size_t *rows;              /* the indexes in m of the fields listed (not hidden) */
	size_t nrows, hidden;
	size_t sel, top;
	enum page_conflict_answer answer;
	page_conflict_cb cb;
	void *arg;
};

static const char *
pc_value(const char *v)
{
	return v != NULL ? v : "(absent)";
}

const char *
page_conflict_state(const struct merge3_field *f)
{
	switch (f->side) {
	case MERGE3_THEIRS: return "merged: theirs";
	case MERGE3_MINE: return "merged: mine";
	case MERGE3_SAME: return "merged: same";
	case MERGE3_BOTH: return f->pick == MERGE3_THEIRS ? "CONFLICT: theirs" : "CONFLICT: mine";
	}
	return "";
}

size_t
page_conflict_rows(const struct merge3 *m, size_t *rows, size_t *hidden)
{
	size_t n = 0;
	*hidden = 0;
	/* conflicts first, so that none is missed below the fold */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->n; i++) {
			const struct merge3_field *f = &m->fields[i];
			if (f->hidden) {
				*hidden += pass == 0;
				continue;
			}
			if ((pass == 0) == (f->side == MERGE3_BOTH))
				rows[n++] = i;
		}
	return n;
}

static void
pc_draw(struct page *pg, int y, int h, int w)
{
	struct page_conflict *pc = (struct page_conflict *)pg;
	attr_t def = screen_attr(THEME_DEFAULT);
	for (int r = 0; r < h; r++)
		screen_fill(y + r, 0, w, def);
	char head[512];
	snprintf(head, sizeof head, "%s changed on the server while it was edited: %zu field%s "
	    "below, %zu in conflict%s.", pc->title, pc->nrows, pc->nrows == 1 ? "" : "s",
	    pc->m->conflicts, pc->m->conflicts ? " (left: theirs, right: mine)" : "");
	screen_put(y, 1, w - 2, head, screen_attr(THEME_TITLE), 1);
	if (pc->hidden > 0) {
		char hid[200];
		snprintf(hid, sizeof hid, "%zu change%s to status, resourceVersion, generation or "
		    "managedFields: the server's, kept.", pc->hidden, pc->hidden == 1 ? "" : "s");
		screen_put(y + 1, 1, w - 2, hid, screen_attr(THEME_PENDING), 1);
	}
	if (h < 4)
		return;
	/* columns: the state, the path, then base, theirs and mine sharing what is left */
	int cs = 17, cp = w / 3 > 60 ? 60 : w / 3 > 20 ? w / 3 : 20;
	int rest = w - cs - cp - 5;
	int cv = rest / 3 > 6 ? rest / 3 : 6;
	int x[5] = { 1, 1 + cs + 1, 1 + cs + 1 + cp + 1, 0, 0 };
	x[3] = x[2] + cv + 1;
	x[4] = x[3] + cv + 1;
	attr_t th = screen_attr(THEME_TABLE_HEADER);
	screen_fill(y + 2, 0, w, th);
	static const char *const names[] = { "STATE", "FIELD", "BASE", "THEIRS", "MINE" };
	int widths[5] = { cs, cp, cv, cv, cv };
	for (int i = 0; i < 5; i++)
		if (x[i] < w)
			screen_put(y + 2, x[i], widths[i] < w - x[i] ? widths[i] : w - x[i], names[i], th, 1);
	int rows = h - 3;
	if (pc->sel < pc->top)
		pc->top = pc->sel;
	if (rows > 0 && pc->sel >= pc->top + (size_t)rows)
		pc->top = pc->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && pc->top + (size_t)r < pc->nrows; r++) {
		size_t i = pc->top + (size_t)r;
		const struct merge3_field *f = &pc->m->fields[pc->rows[i]];
		attr_t a = i == pc->sel ? screen_attr(THEME_ROW_SELECTED) : screen_attr(THEME_ROW);
		int yy = y + 3 + r;
		screen_fill(yy, 0, w, a);
		attr_t sa = f->side == MERGE3_BOTH && i != pc->sel ? screen_attr(THEME_WARNING) : a;
		const char *vals[5] = { page_conflict_state(f), f->path, pc_value(f->base), pc_value(f->theirs),
			pc_value(f->mine) };
		for (int k = 0; k < 5; k++) {
			if (x[k] >= w)
				break;
			attr_t ka = k == 0 ? sa : a;
			/* the side a conflict takes stands out */
			if (f->side == MERGE3_BOTH && ((k == 3 && f->pick == MERGE3_THEIRS) ||
			    (k == 4 && f->pick == MERGE3_MINE)))
				ka = i == pc->sel ? a : screen_attr(THEME_DIFF_ADD);
			screen_put(yy, x[k], widths[k] < w - x[k] ? widths[k] : w - x[k], vals[k], ka, 1);
		}
	}
}

static void
pc_pick(struct page_conflict *pc, int side)
{
	if (pc->sel >= pc->nrows)
		return;
	struct merge3_field *f = &pc->m->fields[pc->rows[pc->sel]];
	if (f->side == MERGE3_BOTH)
		f->pick = side;
}

static int
pc_action(struct page *pg, enum action a)
{
	struct page_conflict *pc = (struct page_conflict *)pg;
	switch (a) {
	case ACT_UP:
		if (pc->sel > 0)
			pc->sel--;
		return APP_REDRAW;
	case ACT_DOWN:
		if (pc->sel + 1 < pc->nrows)
			pc->sel++;
		return APP_REDRAW;
	case ACT_TOP:
		pc->sel = 0;
		return APP_REDRAW;
	case ACT_BOTTOM:
		pc->sel = pc->nrows ? pc->nrows - 1 : 0;
		return APP_REDRAW;
	case ACT_LEFT:
		pc_pick(pc, MERGE3_THEIRS);
		return APP_REDRAW;
	case ACT_RIGHT:
		pc_pick(pc, MERGE3_MINE);
		return APP_REDRAW;
	case ACT_ENTER:
		pc->answer = PAGE_CONFLICT_SEND;
		app_pop(pg->app);
		return APP_REDRAW;
	case ACT_EDIT:
		pc->answer = PAGE_CONFLICT_EDIT;
		app_pop(pg->app);
		return APP_REDRAW;
	case ACT_BACK:
		pc->answer = PAGE_CONFLICT_CANCEL;
		app_pop(pg->app);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

/* Return sends even where the keymap binds nothing to it. */
static int
pc_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return pc_action(pg, ACT_ENTER);
	return APP_UNHANDLED;
}

static void
pc_crumb(struct page *pg, char *buf, size_t len)
{
	snprintf(buf, len, "conflict %s", ((struct page_conflict *)pg)->title);
}

static void
pc_free(struct page *pg)
{
	struct page_conflict *pc = (struct page_conflict *)pg;
	page_conflict_cb cb = pc->cb;
	void *arg = pc->arg;
	enum page_conflict_answer answer = pc->answer;
	struct app *app = pg->app;
	free(pc->rows);
	free(pc->title);
	free(pc);
	if (cb != NULL)
		cb(app, answer, arg);
}

static const enum action pc_actions[] = { ACT_BACK, ACT_ENTER, ACT_LEFT, ACT_RIGHT, ACT_EDIT,
	ACT_HELP };
static const char *const pc_words[] = { "send nothing", "send merged", "theirs", "mine",
	"edit merged", NULL };
static const struct page_hints pc_hints = { pc_actions, sizeof pc_actions / sizeof pc_actions[0],
	KEYMAP_VIEWER, pc_words };

static const struct page_ops page_conflict_ops = {
	.kind = "conflict",
	.hints = &pc_hints,
	.draw = pc_draw,
	.action = pc_action,
	.crumb = pc_crumb,
	.free = pc_free,
	.key = pc_key,
};

void
page_conflict_open(struct app *app, struct cluster *c, const char *title, struct merge3 *m,
    page_conflict_cb cb, void *arg)
{
	struct page_conflict *pc = xcalloc(1, sizeof *pc);
	pc->base.ops = &page_conflict_ops;
	pc->base.app = app;
	pc->base.cluster = c;
	pc->title = xstrdup(title);
	pc->m = m;
	pc->rows = xcalloc(m->n ? m->n : 1, sizeof *pc->rows);
	pc->nrows = page_conflict_rows(m, pc->rows, &pc->hidden);
	pc->answer = PAGE_CONFLICT_CANCEL;
	pc->cb = cb;
	pc->arg = arg;
	app_push(app, &pc->base);
}
