/* The form page; see page_form.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/page/page_form.h"
#include "ui/widget/prompt.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

struct form_slot {
	char *label, *type, *description, *placeholder;
	char *value;
	char why[256];      /* what is wrong with value, "" when it is good */
};

struct page_form {
	struct page base;
	char *title, *intro, *submit;
	struct form_slot *f;
	size_t n, focus, top;
	struct prompt *edit;    /* the focused field's value being edited */
	int submitted;
	form_check_fn check;
	form_done_fn done;
	void *arg;
};

#define FORM_ROWS 2         /* a field's rows: label and value, then description or why */
#define FORM_HEAD 3         /* the rows above the fields: a blank, the intro, a blank */

static void
form_check_one(struct page_form *fm, size_t i)
{
	struct form_slot *s = &fm->f[i];
	s->why[0] = '\0';
	if (fm->check != NULL && fm->check(i, s->value, s->why, sizeof s->why, fm->arg) < 0 && s->why[0] == '\0')
		snprintf(s->why, sizeof s->why, "%s is not good", s->label);
}

/* The focused field's text goes back to its slot. */
static void
form_store(struct page_form *fm)
{
	if (fm->n == 0)
		return;
	struct form_slot *s = &fm->f[fm->focus];
	free(s->value);
	s->value = xstrdup(prompt_text(fm->edit));
	form_check_one(fm, fm->focus);
	/* a value checked against another's (a request against its limit) may be good again */
	for (size_t i = 0; i < fm->n; i++)
		if (i != fm->focus && fm->f[i].why[0] != '\0')
			form_check_one(fm, i);
}

static void
form_focus(struct page_form *fm, size_t i)
{
	if (fm->n == 0)
		return;
	form_store(fm);
	fm->focus = i;
	prompt_open(fm->edit, fm->f[i].value);
}

/* Submits when every value is good, else goes to the first wrong one. */
static int
form_submit(struct page_form *fm)
{
	form_store(fm);
	for (size_t i = 0; i < fm->n; i++) {
		form_check_one(fm, i);
		if (fm->f[i].why[0] != '\0') {
			form_focus(fm, i);
			app_flash(fm->base.app, 1, "%s", fm->f[i].why);
			return APP_REDRAW;
		}
	}
	fm->submitted = 1;
	app_pop(fm->base.app);   /* frees this page, which runs the callback */
	return APP_REDRAW;
}

static int
form_key(struct page *pg, int key)
{
	struct page_form *fm = (struct page_form *)pg;
	switch (key) {
	case 27:
		app_pop(pg->app);
		return APP_REDRAW;
	case 3: case 12: case 26: case KEYMAP_FN + KEY_RESIZE:
		return APP_UNHANDLED;   /* interrupt, repaint, suspend: the app's */
	case 19:   /* Ctrl-S */
		return form_submit(fm);
	case '\r': case '\n': case KEYMAP_FN + KEY_ENTER:
		if (fm->focus + 1 >= fm->n)
			return form_submit(fm);
		form_focus(fm, fm->focus + 1);
		return APP_REDRAW;
	case '\t': case KEYMAP_FN + KEY_DOWN:
		form_focus(fm, fm->focus + 1 < fm->n ? fm->focus + 1 : 0);
		return APP_REDRAW;
	case KEYMAP_FN + KEY_BTAB: case KEYMAP_FN + KEY_UP:
		form_focus(fm, fm->focus > 0 ? fm->focus - 1 : fm->n - 1);
		return APP_REDRAW;
	case KEYMAP_FN + KEY_NPAGE:
		form_focus(fm, fm->n - 1);
		return APP_REDRAW;
	case KEYMAP_FN + KEY_PPAGE:
		form_focus(fm, 0);
		return APP_REDRAW;
	default:
		break;
	}
	if (key >= KEYMAP_FN && key != KEYMAP_FN + KEY_LEFT && key != KEYMAP_FN + KEY_RIGHT &&
	    key != KEYMAP_FN + KEY_HOME && key != KEYMAP_FN + KEY_END && key != KEYMAP_FN + KEY_BACKSPACE &&
	    key != KEYMAP_FN + KEY_DC)
		return APP_UNHANDLED;   /* F1 and the like */
	if (key == KEYMAP_FN + KEY_DC)
		return APP_NOTHING;
	/* Backspace on an empty value stays in the form (the prompt would cancel) */
	(void)prompt_key(fm->edit, key);
	form_store(fm);
	return APP_REDRAW;
}

static int
form_action(struct page *pg, enum action a)
{
	(void)pg, (void)a;
	return APP_UNHANDLED;
}

static void
form_draw(struct page *pg, int y, int h, int w)
{
	struct page_form *fm = (struct page_form *)pg;
	attr_t def = screen_attr(THEME_DEFAULT);
	for (int r = 0; r < h; r++)
		screen_fill(y + r, 0, w, def);
	if (h > 1)
		screen_put(y + 1, 2, w - 4, fm->intro, screen_attr(THEME_TITLE), 1);
	int lw = 0, tw = 0;
	for (size_t i = 0; i < fm->n; i++) {
		int l = screen_width(fm->f[i].label), t = fm->f[i].type ? screen_width(fm->f[i].type) : 0;
		lw = l > lw ? l : lw;
		tw = t > tw ? t : tw;
	}
	if (lw > w / 3)
		lw = w / 3;
	int vx = 2 + lw + 2, vw = w - vx - (tw ? tw + 3 : 1) - 1;
	if (vw > 64)
		vw = 64;   /* a name, an image, a few hosts: the type stays near */
	if (vw < 8)
		vw = 8;
	int rows = (h - FORM_HEAD) / FORM_ROWS;
	if (rows < 1)
		rows = 1;
	if (fm->focus < fm->top)
		fm->top = fm->focus;
	if (fm->focus >= fm->top + (size_t)rows)
		fm->top = fm->focus - (size_t)rows + 1;
	for (size_t i = fm->top; i < fm->n && (int)(i - fm->top) < rows; i++) {
		struct form_slot *s = &fm->f[i];
		int fy = y + FORM_HEAD + (int)(i - fm->top) * FORM_ROWS, focused = i == fm->focus;
		if (fy + 1 >= y + h)
			break;
		screen_put(fy, 2, lw, s->label, def | (focused ? A_BOLD : 0), 1);
		attr_t box = focused ? screen_attr(THEME_PROMPT) : screen_attr(THEME_ROW);
		screen_fill(fy, vx, vw, box | (focused ? 0 : A_UNDERLINE));
		const char *text = focused ? prompt_text(fm->edit) : s->value;
		/* the value's tail when it is longer than its box, so the cursor stays in it */
		size_t cur = focused ? prompt_cursor(fm->edit) : 0;
		const char *shown = text;
		char before[1024];
		int bw;
		for (;;) {
			snprintf(before, sizeof before, "%.*s", (int)(cur > (size_t)(shown - text) ?
			    cur - (size_t)(shown - text) : 0), shown);
			bw = screen_width(before);
			if (!focused || bw < vw - 1 || *shown == '\0')
				break;
			shown++;
			while ((*shown & 0xc0) == 0x80)
				shown++;
		}
		screen_put(fy, vx, vw, shown, box | (focused ? 0 : A_UNDERLINE), !focused);
		if (text[0] == '\0' && s->placeholder != NULL)
			screen_put(fy, vx + (focused ? 1 : 0), vw - 1, s->placeholder, box | A_DIM, 1);
		if (s->type != NULL)
			screen_put(fy, vx + vw + 2, w - vx - vw - 2, s->type, def | A_DIM, 1);
		if (s->why[0] != '\0')
			screen_put(fy + 1, vx, w - vx - 1, s->why, screen_attr(THEME_ERROR), 1);
		else if (s->description != NULL)
			screen_put(fy + 1, vx, w - vx - 1, s->description, def | A_DIM, 1);
		if (focused)
			app_set_cursor(pg->app, fy, vx + bw);
	}
}

static void
form_draw_hints(struct page *pg)
{
	struct page_form *fm = (struct page_form *)pg;
	struct screen_hint sh[] = {
		{ "enter", fm->focus + 1 >= fm->n ? fm->submit : "next", 0, 1 },
		{ "ctrl-s", fm->submit, 0, 1 },
		{ "esc", "cancel", 0, 1 },
		{ "up/down", "field", 0, 0 },
	};
	screen_draw_hints(sh, (int)(sizeof sh / sizeof sh[0]));
}

static void
form_crumb(struct page *pg, char *buf, size_t len)
{
	snprintf(buf, len, "%s", ((struct page_form *)pg)->title);
}

static void
form_free(struct page *pg)
{
	struct page_form *fm = (struct page_form *)pg;
	struct app *app = pg->app;
	const char **values = NULL;
	if (fm->submitted) {
		values = xcalloc(fm->n ? fm->n : 1, sizeof *values);
		for (size_t i = 0; i < fm->n; i++)
			values[i] = fm->f[i].value;
	}
	if (fm->done != NULL)
		fm->done(app, values, fm->n, fm->arg);
	free(values);
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->f[i].label);
		free(fm->f[i].type);
		free(fm->f[i].description);
		free(fm->f[i].placeholder);
		free(fm->f[i].value);
	}
	free(fm->f);
	prompt_free(&fm->edit);
	free(fm->title);
	free(fm->intro);
	free(fm->submit);
	free(fm);
}

static const struct page_ops page_form_ops = {
	.kind = "form",
	.draw = form_draw,
	.draw_hints = form_draw_hints,
	.action = form_action,
	.crumb = form_crumb,
	.free = form_free,
	.key = form_key,
};

struct page *
page_form_new(struct app *app, const char *title, const char *intro, const struct form_field *fields,
    size_t n, const char *submit, form_check_fn check, form_done_fn done, void *arg)
{
	struct page_form *fm = xcalloc(1, sizeof *fm);
	fm->base.ops = &page_form_ops;
	fm->base.app = app;
	fm->title = xstrdup(title);
	fm->intro = xstrdup(intro ? intro : "");
	fm->submit = xstrdup(submit ? submit : "submit");
	fm->check = check;
	fm->done = done;
	fm->arg = arg;
	fm->n = n;
	fm->f = xcalloc(n ? n : 1, sizeof *fm->f);
	for (size_t i = 0; i < n; i++) {
		fm->f[i].label = xstrdup(fields[i].label);
		fm->f[i].type = fields[i].type ? xstrdup(fields[i].type) : NULL;
		fm->f[i].description = fields[i].description && fields[i].description[0] ?
		    xstrdup(fields[i].description) : NULL;
		fm->f[i].placeholder = fields[i].placeholder ? xstrdup(fields[i].placeholder) : NULL;
		fm->f[i].value = xstrdup(fields[i].value ? fields[i].value : "");
		form_check_one(fm, i);
	}
	fm->edit = prompt_new("");
	prompt_open(fm->edit, n ? fm->f[0].value : "");
	return &fm->base;
}

size_t
page_form_focus(struct page *pg)
{
	return ((struct page_form *)pg)->focus;
}

const char *
page_form_value(struct page *pg, size_t i)
{
	struct page_form *fm = (struct page_form *)pg;
	if (i == fm->focus)
		return prompt_text(fm->edit);
	return i < fm->n ? fm->f[i].value : NULL;
}

const char *
page_form_why(struct page *pg, size_t i)
{
	struct page_form *fm = (struct page_form *)pg;
	return i < fm->n ? fm->f[i].why : NULL;
}
