/* The audit journal's list; see page_audit.h. */
#define _GNU_SOURCE
#include <curses.h>

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "kube/audit.h"
#include "loop.h"
#include "model/auditlog.h"
#include "model/filter.h"
#include "ui/page/page.h"
#include "ui/page/page_audit.h"
#include "ui/page/page_text.h"
#include "ui/recreate.h"
#include "ui/widget/pager.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/sort.h"
#include "util/xmalloc.h"

/* The journal is looked at again this often: a line appended shows within it. */
enum { PA_POLL_MS = 500 };

struct page_audit {
	struct page base;
	struct table *t;
	struct auditlog log;
	struct auditlog_query q;
	struct filter f;
	size_t *order;           /* rows of log shown, in the order shown */
	size_t n;
	int sort_col, desc;      /* -1: newest first */
	uint64_t version;
	struct loop_timer *poll;
	struct kd_err err;       /* the journal cannot be read */
};

static const struct page_ops page_audit_ops;

static int
pa_cmp(const void *a, const void *b, void *ctx)
{
	struct page_audit *pa = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = 0;
	if (pa->sort_col >= 0)
		r = strcmp(pa->log.rows[i].cell[pa->sort_col], pa->log.rows[j].cell[pa->sort_col]);
	if (r == 0)   /* the journal's own order: newest first */
		r = i > j ? -1 : i < j;
	else if (pa->desc)
		r = -r;
	return r;
}

static void
pa_rebuild(struct page_audit *pa)
{
	pa->order = xreallocarray(pa->order, pa->log.n ? pa->log.n : 1, sizeof *pa->order);
	pa->n = 0;
	for (size_t i = 0; i < pa->log.n; i++) {
		const struct auditlog_row *r = &pa->log.rows[i];
		if (!auditlog_query_match(&pa->q, r))
			continue;
		char text[4096];
		size_t len = 0;
		for (int c = 0; c < AUDITLOG_NCOLS && len < sizeof text; c++)
			len += (size_t)snprintf(text + len, sizeof text - len, "%s", r->cell[c]) + 1;
		if (len > sizeof text)
			len = sizeof text;
		if (filter_match(&pa->f, text, len, NULL))
			pa->order[pa->n++] = i;
	}
	util_sort(pa->order, pa->n, sizeof *pa->order, pa_cmp, pa);
	pa->version++;
}

/* Reads what was appended; the list follows when there was something. */
static void
pa_read(struct page_audit *pa)
{
	int reset = 0;
	struct kd_err err = { 0 };
	long added = auditlog_read(&pa->log, &reset, &err);
	if (added < 0) {
		if (strcmp(err.msg, pa->err.msg) != 0) {
			pa->err = err;
			app_dirty(pa->base.app);
		}
		return;
	}
	kd_err_clear(&pa->err);
	if (added > 0 || reset) {
		pa_rebuild(pa);
		app_dirty(pa->base.app);
	}
}

static void
pa_on_poll(void *arg)
{
	struct page_audit *pa = arg;
	pa->poll = loop_timer_add(app_loop(pa->base.app), PA_POLL_MS, pa_on_poll, pa);
	pa_read(pa);
}

/* ---- the table source ---- */

static int pas_ncols(void *arg) { (void)arg; return AUDITLOG_NCOLS; }

static void
pas_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = auditlog_titles[i];
}

static size_t pas_nrows(void *arg) { return ((struct page_audit *)arg)->n; }

static const struct auditlog_row *
pa_row(struct page_audit *pa, size_t row)
{
	return row < pa->n ? &pa->log.rows[pa->order[row]] : NULL;
}

static void
pas_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	const struct auditlog_row *r = pa_row(arg, row);
	snprintf(buf, len, "%s", r != NULL ? r->cell[col] : "");
}

/* The line's id, or where it is for a line written before ids. */
static void
pas_key(void *arg, size_t row, char *buf, size_t len)
{
	const struct auditlog_row *r = pa_row(arg, row);
	if (r == NULL)
		buf[0] = '\0';
	else if (r->id[0] != '\0')
		snprintf(buf, len, "%s", r->id);
	else
		snprintf(buf, len, "@%lld", (long long)r->off);
}

static enum theme_el
pas_row_el(void *arg, size_t row)
{
	const struct auditlog_row *r = pa_row(arg, row);
	return r == NULL ? THEME_ROW : r->failed ? THEME_ERROR : r->dry_run ? THEME_PENDING : THEME_ROW;
}

static uint64_t pas_version(void *arg) { return ((struct page_audit *)arg)->version; }

static int
pas_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct page_audit *pa = arg;
	struct filter f = { 0 };
	if (filter_parse(&f, text, err) != 0)
		return -1;
	filter_clear(&pa->f);
	pa->f = f;
	pa_rebuild(pa);
	return 0;
}

static void
pas_set_sort(void *arg, int col, int desc)
{
	struct page_audit *pa = arg;
	pa->sort_col = col;
	pa->desc = desc;
	pa_rebuild(pa);
}

static void
pas_get_sort(void *arg, int *col, int *desc)
{
	struct page_audit *pa = arg;
	*col = pa->sort_col;
	*desc = pa->desc;
}

static const struct table_source_ops audit_source = {
	.ncols = pas_ncols, .col = pas_col, .nrows = pas_nrows, .cell = pas_cell, .key = pas_key,
	.row_el = pas_row_el, .version = pas_version, .set_filter = pas_set_filter,
	.set_sort = pas_set_sort, .get_sort = pas_get_sort,
};

/* ---- the page ---- */

static void
pa_draw(struct page *pg, int y, int h, int w)
{
	struct page_audit *pa = (struct page_audit *)pg;
	table_draw(pa->t, y, h, w, 0);
	const char *say = pa->err.msg[0] ? pa->err.msg : pa->n == 0 && pa->log.n == 0 ?
	    "Nothing in the audit journal yet: each change kdeck sends to a cluster is recorded here." :
	    pa->n == 0 ? "No line of the audit journal matches." : NULL;
	if (say != NULL && h > 2)
		screen_put(y + 2, 2, w - 4, say, screen_attr(pa->err.msg[0] ? THEME_ERROR : THEME_PENDING), 1);
}

/* A line shown whole; a delete's offers to re-create the object (ui/recreate.h). */
struct pa_line {
	char *text;              /* the line, pretty-printed */
	char *context, *group, *version, *resource, *ns, *name;
	int recreate;            /* u re-creates it */
	char *why_not;           /* a delete that cannot be re-created: why */
};

static void
pa_line_free(void *arg)
{
	struct pa_line *l = arg;
	free(l->text);
	free(l->context);
	free(l->group);
	free(l->version);
	free(l->resource);
	free(l->ns);
	free(l->name);
	free(l->why_not);
	free(l);
}

static char *
pa_str(const cJSON *j, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
	return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
}

static void
pa_fill(struct page *pg, struct pager *p, void *arg)
{
	struct pa_line *l = arg;
	(void)pg;
	if (l->recreate) {
		char *say = xasprintf("u re-creates %s %s from its last YAML (its uid, status and owner references will be new)",
		    l->resource, l->name);
		pager_add(p, say, 0, THEME_PENDING, THEME_PENDING, PAGER_PLAIN);
		pager_add(p, "", 0, THEME_YAML_VALUE, THEME_YAML_VALUE, PAGER_PLAIN);
		free(say);
	} else if (l->why_not != NULL) {
		pager_add(p, l->why_not, 0, THEME_PENDING, THEME_PENDING, PAGER_PLAIN);
		pager_add(p, "", 0, THEME_YAML_VALUE, THEME_YAML_VALUE, PAGER_PLAIN);
	}
	char *text = xstrdup(l->text);
	for (char *line = text, *next; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		char buf[8192];
		size_t o = 0;
		for (; *line == '\t'; line++)   /* cJSON indents with tabs */
			o += (size_t)snprintf(buf + o, sizeof buf - o, "  ");
		snprintf(buf + o, sizeof buf - o, "%s", line);
		for (char *t = buf + o; (t = strchr(t, '\t')) != NULL;)   /* and after a key's colon */
			*t = ' ';
		char *colon = strstr(buf, "\":");
		pager_add(p, buf, colon != NULL && buf[o] == '"' ? (int)(colon - buf) + 2 : 0, THEME_YAML_KEY,
		    THEME_YAML_VALUE, PAGER_PLAIN);
	}
	free(text);
}

static int
pa_line_action(struct page *pg, enum action a, void *arg)
{
	struct pa_line *l = arg;
	/* on another line u is :undo, as everywhere */
	if (a != ACT_UNDO || (!l->recreate && l->why_not == NULL))
		return APP_UNHANDLED;
	if (!l->recreate) {
		app_flash(pg->app, 1, "%s", l->why_not);
		return APP_REDRAW;
	}
	struct recreate_ref r = { l->context, l->group, l->version, l->resource, l->ns, l->name };
	recreate_ask(pg->app, &r);
	return APP_REDRAW;
}

/* The line whole: its JSON, indented, in a viewer. */
static int
pa_show(struct page_audit *pa)
{
	long i = table_selected(pa->t);
	const struct auditlog_row *r = i >= 0 ? pa_row(pa, (size_t)i) : NULL;
	if (r == NULL)
		return APP_NOTHING;
	char *text = auditlog_line_pretty(&pa->log, r);
	if (text == NULL) {
		app_flash(pa->base.app, 1, "the audit journal's line cannot be read again (the journal changed)");
		return APP_REDRAW;
	}
	char title[300];
	snprintf(title, sizeof title, "audit %s %s %s", r->cell[AUDITLOG_TIME], r->cell[AUDITLOG_VERB],
	    r->cell[AUDITLOG_NAME]);
	struct pa_line *l = xcalloc(1, sizeof *l);
	l->text = text;
	cJSON *j = cJSON_Parse(text);
	l->context = pa_str(j, "context");
	l->group = pa_str(j, "group");
	l->version = pa_str(j, "version");
	l->resource = pa_str(j, "resource");
	l->ns = pa_str(j, "namespace");
	l->name = pa_str(j, "name");
	char *verb = pa_str(j, "verb"), *sub = pa_str(j, "subresource");
	cJSON_Delete(j);
	if (strcmp(verb, "delete") == 0 && sub[0] == '\0' && !r->failed && !r->dry_run && l->name[0]) {
		char why[512];
		struct recreate_ref rr = { l->context, l->group, l->version, l->resource, l->ns, l->name };
		l->recreate = recreate_kept(&rr, why, sizeof why);
		if (!l->recreate)
			l->why_not = xstrdup(why);
		else
			recreate_prefetch(pa->base.app, &rr);
	}
	free(verb);
	free(sub);
	struct page *pg = page_text_new(pa->base.app, NULL, title);
	page_text_set_refill(pg, pa_fill, l, pa_line_free);
	page_text_set_action(pg, pa_line_action, NULL);
	page_text_refill_now(pg);
	app_push(pa->base.app, pg);
	return APP_FULL;
}

static int
pa_action(struct page *pg, enum action a)
{
	struct page_audit *pa = (struct page_audit *)pg;
	int r;
	if ((r = table_key(pa->t, a, TABLE_KEY_NO_MARKS)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER:
		return pa_show(pa);
	case ACT_REFRESH:
		pa_read(pa);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

static int
pa_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return pa_action(pg, ACT_ENTER);
	return APP_UNHANDLED;
}

static void
pa_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_audit *pa = (struct page_audit *)pg;
	char q[256];
	auditlog_query_text(&pa->q, q, sizeof q);
	snprintf(buf, len, "audit%s%s", q[0] ? " " : "", q);
}

static void
pa_status(struct page *pg, char *buf, size_t len)
{
	struct page_audit *pa = (struct page_audit *)pg;
	if (pa->n == pa->log.n)
		snprintf(buf, len, "%zu line%s", pa->n, pa->n == 1 ? "" : "s");
	else
		snprintf(buf, len, "%zu of %zu lines", pa->n, pa->log.n);
}

static int
pa_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	return table_key_filter(((struct page_audit *)pg)->t, text, err, errlen);
}

static void
pa_free(struct page *pg)
{
	struct page_audit *pa = (struct page_audit *)pg;
	loop_timer_cancel(app_loop(pg->app), &pa->poll);
	table_free(&pa->t);
	auditlog_free(&pa->log);
	auditlog_query_free(&pa->q);
	filter_clear(&pa->f);
	free(pa->order);
	free(pa);
}

static const struct page_ops page_audit_ops = {
	.kind = "audit",
	.hints = &page_hints_list,
	.draw = pa_draw,
	.action = pa_action,
	.key = pa_key,
	.crumb = pa_crumb,
	.status = pa_status,
	.filter = pa_filter,
	.free = pa_free,
};

struct page *
page_audit_new(struct app *app, struct auditlog_query *q)
{
	struct page_audit *pa = xcalloc(1, sizeof *pa);
	pa->base.ops = &page_audit_ops;
	pa->base.app = app;
	pa->sort_col = -1;
	pa->q = *q;
	memset(q, 0, sizeof *q);
	char *path = audit_path();
	auditlog_init(&pa->log, path);
	free(path);
	pa->t = table_new(&audit_source, pa);
	pa_read(pa);
	pa_rebuild(pa);
	pa->poll = loop_timer_add(app_loop(app), PA_POLL_MS, pa_on_poll, pa);
	return &pa->base;
}
