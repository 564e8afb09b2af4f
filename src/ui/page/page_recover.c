/* The list of edits that can be restored; see page_recover.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "ops/editobj.h"
#include "ui/page/page.h"
#include "ui/page/page_edit.h"
#include "ui/page/page_recover.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct page_recover {
	struct page base;
	struct table *t;
	struct recovery_list list;
	uint64_t version;       /* moves on each reading of the folder */
	uint64_t read_ms;       /* when it was read (loop_now_ms) */
	char err[512];          /* the folder could not be read */
};

/* ---- the table source: the files, newest first ---- */

enum { RC_CONTEXT, RC_KIND, RC_NAMESPACE, RC_NAME, RC_SAVED, RC_SIZE, RC_NCOLS };
static const char *const rc_names[RC_NCOLS] = { "CONTEXT", "KIND", "NAMESPACE", "NAME", "SAVED",
	"SIZE" };

static int rcs_ncols(void *arg) { (void)arg; return RC_NCOLS; }

static void
rcs_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = rc_names[i];
	c->right = i == RC_SIZE;
}

static size_t
rcs_nrows(void *arg)
{
	struct page_recover *rp = arg;
	return rp->list.n;
}

static void
size_words(size_t n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%zu B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", n / 1024.0);
	else
		snprintf(buf, len, "%.1f MiB", n / (1024.0 * 1024.0));
}

static void
rcs_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct page_recover *rp = arg;
	buf[0] = '\0';
	if (row >= rp->list.n)
		return;
	const struct recovery_entry *e = &rp->list.entries[row];
	const struct recovery_meta *m = &e->meta;
	switch (col) {
	case RC_CONTEXT: snprintf(buf, len, "%s", m->context); break;
	case RC_KIND:
		snprintf(buf, len, "%s%s%s", m->resource, m->group[0] ? "." : "", m->group);
		break;
	case RC_NAMESPACE: snprintf(buf, len, "%s", m->namespace_[0] ? m->namespace_ : "-"); break;
	case RC_NAME: snprintf(buf, len, "%s", m->name); break;
	case RC_SAVED: {
		time_t t = m->saved ? m->saved : e->mtime;
		struct tm tm;
		if (localtime_r(&t, &tm) != NULL)
			strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
		break;
	}
	case RC_SIZE: size_words(e->size, buf, len); break;
	}
}

static void
rcs_key(void *arg, size_t row, char *buf, size_t len)
{
	struct page_recover *rp = arg;
	buf[0] = '\0';
	if (row < rp->list.n)
		snprintf(buf, len, "%s", rp->list.entries[row].file);
}

static uint64_t
rcs_version(void *arg)
{
	struct page_recover *rp = arg;
	return rp->version;
}

static const struct table_source_ops recover_source = {
	.ncols = rcs_ncols, .col = rcs_col, .nrows = rcs_nrows, .cell = rcs_cell, .key = rcs_key,
	.version = rcs_version,
	/* newest first, as recovery_list gives them */
};

static void
recover_read(struct page_recover *rp)
{
	struct kd_err err = { 0 };
	recovery_list_free(&rp->list);
	rp->err[0] = '\0';
	if (recovery_list(NULL, &rp->list, &err) != 0)
		snprintf(rp->err, sizeof rp->err, "%s", err.msg);
	rp->version++;
	rp->read_ms = loop_now_ms();
}

/* ---- restoring ---- */

void
page_recover_wipe(char *text, size_t len)
{
	volatile char *p = text;
	for (size_t i = 0; i < len; i++)
		p[i] = 0;
}

const struct kres *
page_recover_kres(struct cluster *c, const struct recovery_meta *m)
{
	if (c == NULL || c->disc == NULL)
		return NULL;
	for (size_t i = 0; i < discovery_count(c->disc); i++) {
		const struct kres *r = discovery_at(c->disc, i);
		if (strcmp(r->group, m->group) == 0 && strcmp(r->resource, m->resource) == 0)
			return r;
	}
	return NULL;
}

struct restore {
	struct app *app;
	struct cluster *c;
	struct kres res;        /* a copy: the load outlives no discovery refresh */
	struct recovery_meta meta;
	char *text;
	size_t len;
};

static void
restore_free(struct restore *r)
{
	if (r == NULL)
		return;
	if (r->text != NULL && r->meta.secret)
		page_recover_wipe(r->text, r->len);
	free(r->text);
	recovery_meta_clear(&r->meta);
	free(r->res.group);
	free(r->res.version);
	free(r->res.resource);
	free(r->res.kind);
	free(r);
}

/* The restore whose question is open (a "no" has no callback: freed by the next one). */
static struct restore *restore_asking;

static void
restore_create(struct app *app, void *arg)
{
	struct restore *r = arg;
	restore_asking = NULL;
	struct kres res = r->res;
	struct editobj *o = editobj_new_text(r->c, &res, r->meta.namespace_, r->text, r->len);
	/* its name from the file: the editor journals to the same file, which goes with it */
	if (o->name == NULL)
		o->name = xstrdup(r->meta.name);
	page_edit_open_obj(app, o, r->text, r->len, 1, NULL);
	restore_free(r);
}

/* The object changed on the server since the text was saved: what was loaded then is not
 * known, so the base of the save's three-way merge is the object's bare identity (the
 * resourceVersion the text was saved at), not what the server holds now. Then the patch
 * carries that resourceVersion, the server refuses it with a 409, and every field the text
 * and the server hold differently is a conflict the user picks, rather than the text
 * silently undoing the server's change. Unchanged since: the object as loaded now is the
 * base, as for any edit. */
static void
restore_base(struct editobj *o, const char *saved_rv)
{
	if (saved_rv == NULL || saved_rv[0] == '\0' || editobj_loaded(o) == NULL ||
	    (o->resource_version != NULL && strcmp(o->resource_version, saved_rv) == 0))
		return;
	cJSON *bare = cJSON_CreateObject(), *meta = cJSON_AddObjectToObject(bare, "metadata");
	static const char *const top[] = { "apiVersion", "kind" };
	static const char *const ids[] = { "name", "namespace" };
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o->loaded, top[i]);
		if (v != NULL)
			cJSON_AddItemToObject(bare, top[i], cJSON_Duplicate(v, 1));
	}
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o->loaded, "metadata");
	for (size_t i = 0; i < 2; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, ids[i]);
		if (v != NULL)
			cJSON_AddItemToObject(meta, ids[i], cJSON_Duplicate(v, 1));
	}
	cJSON_AddStringToObject(meta, "resourceVersion", saved_rv);
	editview_hidden_own(&o->hidden);   /* what is hidden was the old object's */
	cJSON_Delete(o->loaded);
	o->loaded = bare;
}

static void
restore_loaded(struct editobj *o, const struct kd_err *err, void *arg)
{
	struct restore *r = arg;
	struct app *app = r->app;
	if (o != NULL) {
		restore_base(o, r->meta.resource_version);
		page_edit_open_obj(app, o, r->text, r->len, 1, r->meta.resource_version);
		app_flash(app, 0, "restored the edit of %s/%s saved against resourceVersion %s",
		    r->meta.resource, r->meta.name, r->meta.resource_version);
		restore_free(r);
		return;
	}
	if (err != NULL && err->code == KD_ERR_NOTFOUND && r->meta.secret) {
		/* its text holds the values decoded, which a create would take as base64 */
		app_flash(app, 1, "secret %s is no longer on %s; its saved text stays in the recovery "
		    "folder (its values decoded), not created from it", r->meta.name, r->meta.context);
		restore_free(r);
		return;
	}
	if (err != NULL && err->code == KD_ERR_NOTFOUND) {
		char q[512];
		snprintf(q, sizeof q, "%s/%s is no longer on %s. Create it from the saved text?",
		    r->meta.resource, r->meta.name, r->meta.context);
		/* the file stays either way, until the object is saved or discarded */
		restore_free(restore_asking);
		restore_asking = r;
		app_confirm(app, q, restore_create, r);
		return;
	}
	app_flash(app, 1, "cannot restore %s/%s: %s (the saved text is kept)", r->meta.resource,
	    r->meta.name, err != NULL ? err->msg : "no object");
	restore_free(r);
}

void
page_recover_restore(struct app *app, struct cluster *c, const struct kres *res, const char *file)
{
	struct restore *r = xcalloc(1, sizeof *r);
	struct kd_err err = { 0 };
	r->app = app;
	r->c = c;
	if (recovery_load(NULL, file, &r->meta, &r->text, &r->len, &err) != 0) {
		app_flash(app, 1, "%s", err.msg);
		restore_free(r);
		return;
	}
	r->res = *res;
	r->res.group = xstrdup(res->group);
	r->res.version = xstrdup(res->version);
	r->res.resource = xstrdup(res->resource);
	r->res.kind = xstrdup(res->kind != NULL ? res->kind : "");
	r->res.singular = NULL;
	r->res.short_names = NULL;
	r->res.nshort = 0;
	app_flash(app, 0, "loading %s/%s from %s ...", r->meta.resource, r->meta.name, c->context);
	editobj_load(c, &r->res, r->meta.namespace_, r->meta.name, restore_loaded, r);
}

/* ---- the page ---- */

static void
recover_draw(struct page *pg, int y, int h, int w)
{
	struct page_recover *rp = (struct page_recover *)pg;
	/* painted each second (no changed op): an edit restored and saved, or one written
	 * meanwhile, shows within it */
	if (loop_now_ms() - rp->read_ms >= 1000)
		recover_read(rp);
	int nwarn = (int)rp->list.nwarnings + (rp->err[0] != '\0');
	int below = nwarn > 0 ? (nwarn + 1 < h / 2 ? nwarn + 1 : h / 2) : 0;
	table_draw(rp->t, y, h - below, w, 0);
	if (rp->list.n == 0 && h - below > 2)
		screen_put(y + 2, 2, w - 4, "No unsaved edits: nothing to restore.",
		    screen_attr(THEME_PENDING), 1);
	int row = y + h - below + 1;
	if (rp->err[0] != '\0' && row < y + h)
		screen_put(row++, 1, w - 2, rp->err, screen_attr(THEME_ERROR), 1);
	for (size_t i = 0; i < rp->list.nwarnings && row < y + h; i++)
		screen_put(row++, 1, w - 2, rp->list.warnings[i], screen_attr(THEME_WARNING), 1);
}

/* The entry of file, NULL when it went meanwhile. */
static const struct recovery_entry *
recover_find(struct page_recover *rp, const char *file)
{
	for (size_t i = 0; i < rp->list.n; i++)
		if (strcmp(rp->list.entries[i].file, file) == 0)
			return &rp->list.entries[i];
	return NULL;
}

static void
recover_discard_yes(struct app *app, void *arg)
{
	(void)arg;
	struct page *pg = app_page(app, 0);
	if (pg == NULL || strcmp(pg->ops->kind, "recover") != 0)
		return;
	struct page_recover *rp = (struct page_recover *)pg;
	char **keys = table_marked_keys(rp->t);
	int n = 0;
	for (char **k = keys; *k != NULL; k++) {
		const struct recovery_entry *e = recover_find(rp, *k);
		struct kd_err err = { 0 };
		if (e == NULL)
			continue;
		if (recovery_remove(NULL, &e->meta, &err) != 0) {
			app_flash(app, 1, "%s", err.msg);
			break;
		}
		n++;
	}
	table_keys_free(&keys);
	table_mark_clear(rp->t);
	recover_read(rp);
	if (n > 0)
		app_flash(app, 0, "discarded %d unsaved edit%s", n, n == 1 ? "" : "s");
}

static int
recover_discard(struct page_recover *rp)
{
	char **keys = table_marked_keys(rp->t);
	size_t n = 0;
	const struct recovery_entry *one = NULL;
	for (char **k = keys; *k != NULL; k++)
		if ((one = recover_find(rp, *k)) != NULL)
			n++;
	table_keys_free(&keys);
	if (n == 0)
		return APP_NOTHING;
	char q[600];
	if (n == 1)
		snprintf(q, sizeof q, "Discard the unsaved edit of %s/%s%s%s on %s?", one->meta.resource,
		    one->meta.name, one->meta.namespace_[0] ? " in " : "", one->meta.namespace_,
		    one->meta.context);
	else
		snprintf(q, sizeof q, "Discard %zu unsaved edits?", n);
	app_confirm(rp->base.app, q, recover_discard_yes, NULL);
	return APP_REDRAW;
}

static int
recover_enter(struct page_recover *rp)
{
	struct app *app = rp->base.app;
	const char *key = table_selected_key(rp->t);
	if (key == NULL || recover_find(rp, key) == NULL)
		return APP_NOTHING;
	/* the command waits for the object's cluster to connect */
	char line[400];
	snprintf(line, sizeof line, "recover %s", key);
	app_command(app, line);
	return APP_FULL;
}

static int
recover_action(struct page *pg, enum action a)
{
	struct page_recover *rp = (struct page_recover *)pg;
	int r;
	if ((r = table_key(rp->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER:
		return recover_enter(rp);
	case ACT_DELETE:
		return recover_discard(rp);
	case ACT_REFRESH:
		recover_read(rp);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static int
recover_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return recover_action(pg, ACT_ENTER);
	/* discarding a file changes nothing in a cluster: allowed read-only too */
	if (keymap_lookup(app_keymap(pg->app), key) == ACT_DELETE)
		return recover_action(pg, ACT_DELETE);
	return APP_UNHANDLED;
}

static void
recover_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "recover");
}

static void
recover_status(struct page *pg, char *buf, size_t len)
{
	struct page_recover *rp = (struct page_recover *)pg;
	snprintf(buf, len, "%zu unsaved edit%s", rp->list.n, rp->list.n == 1 ? "" : "s");
}

static void
recover_free(struct page *pg)
{
	struct page_recover *rp = (struct page_recover *)pg;
	table_free(&rp->t);
	recovery_list_free(&rp->list);
	free(rp);
}

static const enum action recover_hint_actions[] = { ACT_ENTER, ACT_DELETE, ACT_MARK, ACT_BACK,
	ACT_HELP, ACT_QUIT };
static const char *const recover_hint_words[] = { "restore", "discard", NULL, NULL, NULL, NULL };
static const struct page_hints recover_hints = { recover_hint_actions,
	sizeof recover_hint_actions / sizeof recover_hint_actions[0], KEYMAP_KEYS, recover_hint_words };

static const struct page_ops page_recover_ops = {
	.kind = "recover",
	.hints = &recover_hints,
	.draw = recover_draw,
	.action = recover_action,
	.crumb = recover_crumb,
	.status = recover_status,
	.free = recover_free,
	.key = recover_key,
};

struct page *
page_recover_new(struct app *app)
{
	struct page_recover *rp = xcalloc(1, sizeof *rp);
	rp->base.ops = &page_recover_ops;
	rp->base.app = app;
	rp->t = table_new(&recover_source, rp);
	recover_read(rp);
	return &rp->base;
}

void
page_recover_notice(struct app *app)
{
	struct recovery_list list = { 0 };
	struct kd_err err = { 0 };
	if (recovery_list(NULL, &list, &err) == 0 && list.n > 0)
		app_flash(app, 0, "%zu unsaved edit%s can be restored: :recover", list.n,
		    list.n == 1 ? "" : "s");
	recovery_list_free(&list);
}
