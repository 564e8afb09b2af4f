/* The editor page; see page_edit.h. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "model/docmap.h"
#include "model/textbuf.h"
#include "ops/editobj.h"
#include "ui/editjournal.h"
#include "ui/editsave.h"
#include "ui/page/page_edit.h"
#include "ui/session.h"
#include "ui/shell.h"
#include "ui/widget/editor.h"
#include "ui/widget/keymap.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

/* The syntax check waits this long after the last key: typing never waits on it. */
#define PAGE_EDIT_CHECK_MS 300

struct page_edit {
	struct page base;
	struct editor *ed;
	struct editobj *o;          /* NULL while it loads */
	struct api_call *load;
	struct loop_timer *check;
	struct editjournal *j;
	char *kind, *ns, *name;
	char failed[600];           /* why it could not be loaded */
	int esc;                    /* esc came: the next key is alt and it */
	char csi[16];               /* a key's sequence curses did not know, as it comes */
	size_t ncsi;
	char *find;                 /* the last search, offered again */
	char *repl_pat;             /* the replace's pattern while its replacement is asked */
	int saving;                 /* a save is in flight (its diff, question or conflict) */
};

static const struct page_ops page_edit_ops;
static int page_edit_paste_on;

/* ---- the syntax check, on idle ---- */

static const char *
pe_line(void *arg, size_t i, size_t *len)
{
	return textbuf_line(arg, i, len);
}

/* The check reads the editor's lines where they are: a large text is not copied for it. */
static void
pe_check(void *arg)
{
	struct page_edit *pe = arg;
	struct docmap_err err;
	struct textbuf *tb = editor_buf(pe->ed);

	pe->check = NULL;
	if (docmap_check_lines(pe_line, tb, textbuf_line_count(tb), &err) == 0)
		editor_set_marks(pe->ed, NULL, 0);
	else {
		struct editor_mark m = { err.line, err.col, err.msg };
		editor_set_marks(pe->ed, &m, 1);
	}
	app_dirty(pe->base.app);
}

/* The text changed: journal it (a second behind at most) and check it once typing
 * pauses. */
static void
pe_changed(struct page_edit *pe)
{
	struct loop *l = app_loop(pe->base.app);
	editjournal_touch(pe->j);
	if (l == NULL)
		return;
	loop_timer_cancel(l, &pe->check);
	pe->check = loop_timer_add(l, PAGE_EDIT_CHECK_MS, pe_check, pe);
}

static char *
pe_journal_text(void *arg, size_t *len)
{
	struct page_edit *pe = arg;
	return editor_text_dup(pe->ed, len);
}

static void
pe_journal_open(struct page_edit *pe)
{
	struct editobj *o = pe->o;
	struct recovery_meta m = {
		.context = o->cluster ? o->cluster->context : NULL,
		.group = o->res ? o->res->group : NULL,
		.version = o->res ? o->res->version : NULL,
		.resource = o->res ? o->res->resource : NULL,
		.namespace_ = o->ns, .name = o->name, .resource_version = o->resource_version,
		.secret = o->secret,
	};
	pe->j = editjournal_open(app_loop(pe->base.app), NULL, &m, pe_journal_text, pe);
}

/* Starts editing o's text (or text) in the widget. */
static void
pe_start(struct page_edit *pe, struct editobj *o, const char *text, size_t len, int recovered)
{
	pe->o = o;
	if (text != NULL && (recovered || editobj_is_new(o))) {
		/* a restored text over the server's, or a new object's: unsaved (quitting asks),
		 * and undo goes back to the server's text or to nothing */
		editor_load(pe->ed, recovered && o->text ? o->text : "", recovered && o->text ? o->len : 0,
		    EDITOR_YAML);
		editor_retext(pe->ed, text, len, EDITOR_YAML, 1, 0);
	} else if (text == NULL && o->text != NULL && !editobj_is_new(o)) {
		/* the editor takes the text as loaded, so that a large one is kept once: the
		 * diff makes it again from the object */
		editor_load_take(pe->ed, o->text, o->len, EDITOR_YAML);
		o->text = NULL;
	} else
		editor_load(pe->ed, text ? text : o->text ? o->text : "", text ? len : o->text ? o->len : 0,
		    EDITOR_YAML);
	pe_journal_open(pe);
	if (editor_dirty(pe->ed))
		pe_changed(pe);
	if (!page_edit_paste_on) {
		shell_keys_init();
		page_edit_paste_on = 1;
	}
	app_dirty(pe->base.app);
}

static void
pe_on_load(struct editobj *o, const struct kd_err *err, void *arg)
{
	struct page_edit *pe = arg;
	pe->load = NULL;
	if (o == NULL) {
		snprintf(pe->failed, sizeof pe->failed, "%s", err->msg);
		app_flash(pe->base.app, 1, "%s %s not loaded: %s", pe->kind, pe->name, err->msg);
		app_dirty(pe->base.app);
		return;
	}
	pe_start(pe, o, NULL, 0, 0);
}

/* ---- closing ---- */

static void
pe_close(struct page_edit *pe, int discard)
{
	editjournal_close(&pe->j, discard);
	if (app_page(pe->base.app, 0) == &pe->base)
		app_pop(pe->base.app);
}

static void
pe_discard_yes(struct app *app, void *arg)
{
	(void)app;
	pe_close(arg, 1);
}

static int
pe_quit(struct page_edit *pe)
{
	char q[400];
	if (pe->o == NULL || !editor_dirty(pe->ed)) {
		pe_close(pe, 1);
		return APP_REDRAW;
	}
	snprintf(q, sizeof q, "Discard the changes to %s %s?", pe->kind, pe->name);
	app_confirm(pe->base.app, q, pe_discard_yes, pe);
	return APP_REDRAW;
}

/* ---- questions ---- */

/* The page the answer is for, or NULL when it closed meanwhile. */
static struct page_edit *
pe_alive(struct app *app, void *arg)
{
	for (int i = 0; app_page(app, i) != NULL; i++)
		if (app_page(app, i) == arg)
			return arg;
	return NULL;
}

static void
pe_goto_answer(struct app *app, const char *answer, void *arg)
{
	struct page_edit *pe = pe_alive(app, arg);
	char *end;
	if (pe == NULL || answer == NULL)
		return;
	while (*answer == ' ' || *answer == ':')
		answer++;
	long n = strtol(answer, &end, 10);
	if (end == answer || n < 1) {
		app_flash(app, 1, "not a line number: %s", answer);
		return;
	}
	editor_goto_line(pe->ed, n);
	app_dirty(app);
}

static void
pe_search_answer(struct app *app, const char *answer, void *arg)
{
	struct page_edit *pe = pe_alive(app, arg);
	struct kd_err err;
	if (pe == NULL || answer == NULL || answer[0] == '\0')
		return;
	free(pe->find);
	pe->find = xstrdup(answer);
	int r = editor_search(pe->ed, answer, &err);
	if (r < 0)
		app_flash(app, 1, "%s", err.msg);
	else if (r == 0)
		app_flash(app, 1, "not found: %s", answer);
	app_dirty(app);
}

static void
pe_replace_with(struct app *app, const char *answer, void *arg)
{
	struct page_edit *pe = pe_alive(app, arg);
	struct kd_err err;
	if (pe == NULL || answer == NULL || pe->repl_pat == NULL)
		return;
	/* "text" replaces the next match; "text/g" every one, as in sed */
	size_t n = strlen(answer);
	int all = n >= 2 && strcmp(answer + n - 2, "/g") == 0;
	char *repl = xstrdup(answer);
	if (all)
		repl[n - 2] = '\0';
	long k = editor_replace(pe->ed, pe->repl_pat, repl, all, &err);
	free(repl);
	if (k < 0)
		app_flash(app, 1, "%s", err.msg);
	else if (k == 0)
		app_flash(app, 1, "not found: %s", pe->repl_pat);
	else {
		app_flash(app, 0, "replaced %ld", k);
		pe_changed(pe);
	}
	app_dirty(app);
}

static void
pe_replace_answer(struct app *app, const char *answer, void *arg)
{
	struct page_edit *pe = pe_alive(app, arg);
	if (pe == NULL || answer == NULL || answer[0] == '\0')
		return;
	free(pe->repl_pat);
	pe->repl_pat = xstrdup(answer);
	app_ask(app, "Replace with (\\1 a group; end with /g for every match):", "", pe_replace_with, pe);
}

/* The text in the other form, the cursor on the same field. */
static int
pe_toggle_json(struct page_edit *pe)
{
	size_t len;
	struct kd_err err;
	struct docmap_err derr;
	enum editor_lang to = editor_lang(pe->ed) == EDITOR_YAML ? EDITOR_JSON : EDITOR_YAML;
	char *text = editor_text_dup(pe->ed, &len);
	char *conv = docmap_convert(text, len, to == EDITOR_JSON ? DOCMAP_JSON : DOCMAP_YAML, &err);
	int line, col;

	editor_cursor(pe->ed, &line, &col);
	if (conv == NULL) {
		if (docmap_check(text, len, &derr) != 0) {
			struct editor_mark m = { derr.line, derr.col, derr.msg };
			editor_set_marks(pe->ed, &m, 1);
			app_flash(pe->base.app, 1, "not converted: line %d: %s", derr.line, derr.msg);
		} else
			app_flash(pe->base.app, 1, "not converted: %s", err.msg);
		free(text);
		return APP_REDRAW;
	}
	struct docmap *from = docmap_new(text, len, NULL), *dest = docmap_new(conv, strlen(conv), NULL);
	int across = from && dest ? docmap_line_across(from, line, dest) : 1;
	docmap_free(&from);
	docmap_free(&dest);
	editor_retext(pe->ed, conv, strlen(conv), to, across > 0 ? across : 1, 1);
	editor_set_marks(pe->ed, NULL, 0);
	free(conv);
	free(text);
	editjournal_touch(pe->j);
	return APP_REDRAW;
}

/* ---- saving ---- */

/* What the save came to (the save flow has said it on the flash line). */
static void
pe_saved(struct app *app, const struct editsave_result *r, void *arg)
{
	struct page_edit *pe = pe_alive(app, arg);
	if (pe == NULL)
		return;
	pe->saving = 0;
	switch (r->outcome) {
	case EDITSAVE_APPLIED:
		app_flash(app, 0, "saved %s %s (resourceVersion %s)", pe->kind, pe->name, r->rv ? r->rv : "?");
		editor_mark_saved(pe->ed);
		pe_close(pe, 1);
		return;
	case EDITSAVE_REFUSED: {
		struct editor_mark *m = xreallocarray(NULL, r->nmarks ? r->nmarks : 1, sizeof *m);
		for (size_t i = 0; i < r->nmarks; i++) {
			m[i].line = r->marks[i].line;
			m[i].col = r->marks[i].col;
			m[i].msg = r->marks[i].msg;
		}
		editor_set_marks(pe->ed, m, r->nmarks);
		free(m);
		if (r->nmarks > 0) {
			/* to the first place named (a field's key), as the next-error key goes */
			editor_goto_line(pe->ed, r->marks[0].line);
			if (r->marks[0].col > 0)
				textbuf_set_cursor(editor_buf(pe->ed),
				    (struct tb_pos){ (size_t)r->marks[0].line - 1, (size_t)r->marks[0].col - 1 });
		}
		if (r->sentence == NULL)
			app_flash(app, 1, "not saved: see the marked lines");
		break;
	}
	case EDITSAVE_RETEXT:
		editor_retext(pe->ed, r->text, r->len, EDITOR_YAML, 1, 0);
		editor_set_marks(pe->ed, NULL, 0);
		editjournal_set_rv(pe->j, pe->o->resource_version);
		pe_changed(pe);
		break;
	case EDITSAVE_FAILED:   /* the save flow said why; the text stays */
	case EDITSAVE_UNCHANGED:
	case EDITSAVE_CANCELLED:
		break;
	}
	app_dirty(app);
}

static int
pe_save(struct page_edit *pe)
{
	size_t len;
	struct kd_err err;
	if (pe->saving) {
		app_flash(pe->base.app, 0, "saving ...");
		return APP_REDRAW;
	}
	/* the journal is on the disk before anything is sent */
	if (editjournal_flush(pe->j, &err) != 0)
		app_flash(pe->base.app, 1, "the recovery file was not written: %s", err.msg);
	char *text = editor_text_dup(pe->ed, &len);
	pe->saving = 1;
	editsave_start(pe->base.app, pe->o, text, len, pe_saved, pe);
	free(text);
	return APP_REDRAW;
}

/* ---- keys ---- */

static int
pe_action(struct page *pg, enum action a)
{
	struct page_edit *pe = (struct page_edit *)pg;
	int64_t now = (int64_t)loop_now_ms();

	if (pe->o == NULL)
		return a == ACT_EDITOR_QUIT ? pe_quit(pe) : APP_UNHANDLED;
	switch (a) {
	case ACT_EDITOR_QUIT:
		return pe_quit(pe);
	case ACT_EDITOR_GOTO:
		app_ask(pg->app, "Go to line:", "", pe_goto_answer, pe);
		return APP_REDRAW;
	case ACT_EDITOR_SEARCH:
		app_ask(pg->app, "Search (regex):", pe->find ? pe->find : "", pe_search_answer, pe);
		return APP_REDRAW;
	case ACT_EDITOR_REPLACE:
		app_ask(pg->app, "Replace (regex):", pe->find ? pe->find : "", pe_replace_answer, pe);
		return APP_REDRAW;
	case ACT_EDITOR_TOGGLE_JSON:
		return pe_toggle_json(pe);
	case ACT_EDITOR_NEXT_ERROR:
	case ACT_EDITOR_PREV_ERROR:
		if (editor_mark_count(pe->ed) == 0) {
			app_flash(pg->app, 0, "no errors");
			return APP_REDRAW;
		}
		break;
	case ACT_EDITOR_SAVE:
		return pe_save(pe);
	default:
		break;
	}
	int r = editor_action(pe->ed, a, now);
	if (r & EDITOR_UNHANDLED)
		return APP_UNHANDLED;
	if (r & EDITOR_CHANGED)
		pe_changed(pe);
	return APP_REDRAW;
}

/* A byte of an escape sequence: the key it ends as (KEYMAP_FN + KEY_*), or -1 while it goes
 * on or when it is not one known here (then it is dropped, not typed). */
static int
pe_sequence(struct page_edit *pe, int key)
{
	static const struct { const char *seq; int key; } known[] = {
		{ "[1~", KEY_HOME }, { "[7~", KEY_HOME }, { "[H", KEY_HOME }, { "OH", KEY_HOME },
		{ "[4~", KEY_END }, { "[8~", KEY_END }, { "[F", KEY_END }, { "OF", KEY_END },
		{ "[3~", KEY_DC }, { "[5~", KEY_PPAGE }, { "[6~", KEY_NPAGE }, { "[2~", KEY_IC },
		{ "[A", KEY_UP }, { "[B", KEY_DOWN }, { "[C", KEY_RIGHT }, { "[D", KEY_LEFT },
		{ "OA", KEY_UP }, { "OB", KEY_DOWN }, { "OC", KEY_RIGHT }, { "OD", KEY_LEFT },
	};
	if (key >= KEYMAP_FN || pe->ncsi + 1 >= sizeof pe->csi) {
		pe->ncsi = 0;
		return -1;
	}
	pe->csi[pe->ncsi++] = (char)key;
	pe->csi[pe->ncsi] = '\0';
	/* the final byte of a CSI sequence is 0x40-0x7e; of an SS3 one, the byte after O */
	if (!(pe->csi[0] == 'O' || (key >= 0x40 && key <= 0x7e)))
		return -1;
	pe->ncsi = 0;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(pe->csi, known[i].seq) == 0)
			return KEYMAP_FN + known[i].key;
	return -1;
}

static int
pe_key(struct page *pg, int key)
{
	struct page_edit *pe = (struct page_edit *)pg;
	struct keymap *km = app_keymap(pg->app);
	enum action a;

	if (pe->o == NULL)   /* loading or failed: the editor's quit, q and esc go back */
		return keymap_lookup_in(km, KEYMAP_EDITOR, key) == ACT_EDITOR_QUIT ? pe_quit(pe) : APP_UNHANDLED;
	if (!editor_pasting(pe->ed)) {
		/* esc then a key is alt and the key, as nano reads it; esc [ or esc O starts a
		 * key's sequence the terminal description lacks (tmux's \e[4~ for end) */
		if (pe->ncsi > 0) {
			if ((key = pe_sequence(pe, key)) < 0)
				return APP_NOTHING;
		} else if (pe->esc) {
			pe->esc = 0;
			if (key == 27)
				return APP_NOTHING;
			if (key == '[' || key == 'O') {
				pe->csi[0] = (char)key;
				pe->ncsi = 1;
				return APP_NOTHING;
			}
			if (key < KEYMAP_FN)
				key += KEYMAP_ALT;
		} else if (key == 27) {
			pe->esc = 1;
			return APP_NOTHING;
		}
		if ((a = keymap_lookup_in(km, KEYMAP_EDITOR, key)) != ACT_NONE)
			return pe_action(pg, a);
	}
	int r = editor_key(pe->ed, key, (int64_t)loop_now_ms());
	if (r & EDITOR_UNHANDLED) {
		/* help, ctrl-c and ctrl-l still work here; other keys do nothing */
		a = keymap_lookup(km, key);
		if (a == ACT_HELP || a == ACT_INTERRUPT || key == 12)
			return APP_UNHANDLED;
		return APP_NOTHING;
	}
	if (r & EDITOR_CHANGED)
		pe_changed(pe);
	return r ? APP_REDRAW : APP_NOTHING;
}

/* ---- the page ---- */

static void
pe_draw(struct page *pg, int y, int h, int w)
{
	struct page_edit *pe = (struct page_edit *)pg;
	int cy, cx;

	if (pe->o == NULL) {
		for (int r = 0; r < h; r++)
			screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
		if (pe->failed[0])
			screen_put(y, 1, w - 2, pe->failed, screen_attr(THEME_FLASH_ERROR), 1);
		else {
			char line[400];
			snprintf(line, sizeof line, "loading %s %s%s%s ...", pe->kind, pe->ns, *pe->ns ? "/" : "", pe->name);
			screen_put(y, 1, w - 2, line, screen_attr(THEME_PENDING), 1);
		}
		return;
	}
	editor_draw(pe->ed, y, 0, h, w, &cy, &cx);
	app_set_cursor(pg->app, cy, cx);
}

static void
pe_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_edit *pe = (struct page_edit *)pg;
	snprintf(buf, len, "edit %s %s%s%s%s", pe->kind, pe->ns, *pe->ns ? "/" : "", pe->name,
	    pe->o != NULL && editor_dirty(pe->ed) ? " *" : "");
}

static void
pe_status(struct page *pg, char *buf, size_t len)
{
	struct page_edit *pe = (struct page_edit *)pg;
	if (pe->o == NULL && !pe->failed[0])
		snprintf(buf, len, "loading");
	else if (pe->saving)
		snprintf(buf, len, "saving");
	else if (pe->o != NULL && editor_dirty(pe->ed))
		snprintf(buf, len, "modified");
	else
		buf[0] = '\0';
}

static void
pe_free(struct page *pg)
{
	struct page_edit *pe = (struct page_edit *)pg;
	struct loop *l = app_loop(pg->app);

	if (l != NULL)
		loop_timer_cancel(l, &pe->check);
	editobj_load_cancel(&pe->load);
	if (pe->saving && pe->o != NULL)
		editsave_cancel(pg->app, pe->o);
	/* the terminal pastes plainly again unless a shell still wants it bracketed */
	int editors = 0;
	for (int i = 0; app_page(pg->app, i) != NULL; i++)
		editors += app_page(pg->app, i) != pg && app_page(pg->app, i)->ops == &page_edit_ops;
	if (page_edit_paste_on && editors == 0 && session_count() == 0) {
		shell_keys_done();
		page_edit_paste_on = 0;
	}

	/* closed another way (the app quit): an unsaved text stays for :recover */
	editjournal_close(&pe->j, pe->o == NULL || !editor_dirty(pe->ed));
	editor_free(&pe->ed);
	editobj_free(&pe->o);
	free(pe->kind);
	free(pe->ns);
	free(pe->name);
	free(pe->find);
	free(pe->repl_pat);
	free(pe);
}

static const enum action page_edit_hint_actions[] = {
	ACT_EDITOR_SAVE, ACT_EDITOR_QUIT, ACT_EDITOR_UNDO, ACT_EDITOR_REDO, ACT_EDITOR_CUT,
	ACT_EDITOR_PASTE, ACT_EDITOR_SEARCH, ACT_EDITOR_REPLACE, ACT_EDITOR_GOTO,
	ACT_EDITOR_TOGGLE_JSON,
};
static const struct page_hints page_edit_hints = {
	page_edit_hint_actions, sizeof page_edit_hint_actions / sizeof page_edit_hint_actions[0],
	KEYMAP_EDITOR, NULL,
};

static const struct page_ops page_edit_ops = {
	.kind = "edit",
	.draw = pe_draw,
	.action = pe_action,
	.crumb = pe_crumb,
	.status = pe_status,
	.free = pe_free,
	.key = pe_key,
	.hints = &page_edit_hints,
};

static struct page_edit *
pe_new(struct app *app, struct cluster *c, const char *kind, const char *ns, const char *name)
{
	struct page_edit *pe = xcalloc(1, sizeof *pe);
	pe->base.ops = &page_edit_ops;
	pe->base.app = app;
	pe->base.cluster = c;
	pe->ed = editor_new();
	pe->kind = xstrdup(kind ? kind : "object");
	pe->ns = xstrdup(ns ? ns : "");
	pe->name = xstrdup(name ? name : "(new)");
	return pe;
}

size_t
page_edit_unsaved(struct app *app)
{
	size_t n = 0;
	for (int i = 0; app_page(app, i) != NULL; i++) {
		struct page *pg = app_page(app, i);
		if (pg->ops == &page_edit_ops && ((struct page_edit *)pg)->o != NULL &&
		    editor_dirty(((struct page_edit *)pg)->ed))
			n++;
	}
	return n;
}

/* What the reveal question waits for. */
struct pe_open {
	struct cluster *c;
	char *resource, *ns, *name;
};

static void
pe_open_now(struct app *app, struct cluster *c, const struct kres *res, const char *ns, const char *name)
{
	if (c->api == NULL) {
		app_flash(app, 1, "not connected to %s", c->context);
		return;
	}
	struct page_edit *pe = pe_new(app, c, res->kind, res->namespaced ? ns : "", name);
	pe->load = editobj_load(c, res, ns, name, pe_on_load, pe);
	app_push(app, &pe->base);
}

static struct pe_open *pe_pending;

static void
pe_open_forget(void)
{
	if (pe_pending == NULL)
		return;
	free(pe_pending->resource);
	free(pe_pending->ns);
	free(pe_pending->name);
	free(pe_pending);
	pe_pending = NULL;
}

static void
pe_reveal_yes(struct app *app, void *arg)
{
	struct pe_open *po = arg;
	if (po != pe_pending)
		return;
	const struct kres *res = discovery_find(po->c->disc, po->resource);
	if (res != NULL)
		pe_open_now(app, po->c, res, po->ns, po->name);
	pe_open_forget();
}

void
page_edit_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name)
{
	char q[400];
	if (res->group[0] != '\0' || strcmp(res->resource, "secrets") != 0) {
		pe_open_now(app, c, res, ns, name);
		return;
	}
	/* a Secret's values are decoded for editing: only after the question reveal asks (a
	 * question left unanswered is forgotten when the next one is asked) */
	pe_open_forget();
	struct pe_open *po = xcalloc(1, sizeof *po);
	pe_pending = po;
	po->c = c;
	po->resource = xstrdup(res->resource);
	po->ns = xstrdup(ns ? ns : "");
	po->name = xstrdup(name);
	snprintf(q, sizeof q, "Edit secret %s with its values decoded?", name);
	app_confirm(app, q, pe_reveal_yes, po);
}

void
page_edit_open_obj(struct app *app, struct editobj *o, const char *text, size_t len, int recovered,
    const char *rv)
{
	struct page_edit *pe = pe_new(app, o->cluster, o->res ? o->res->kind : NULL, o->ns, o->name);
	if (rv != NULL && recovered) {
		/* the save's conflict check is against what the text was loaded at */
		free(o->resource_version);
		o->resource_version = xstrdup(rv);
	}
	app_push(app, &pe->base);
	pe_start(pe, o, text, text ? len : 0, recovered);
}
