/* The session list; see page_sessions.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "ui/page/page.h"
#include "ui/page/page_sessions.h"
#include "ui/page/page_shell.h"
#include "ui/session.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct page_sessions {
	struct page base;
	struct table *t;
};

static const struct page_ops page_sessions_ops;

/* ---- the table source: the sessions in the order started ---- */

/* the cluster first: two shells in team-b/toolbox on prod and on staging differ by it */
enum { SS_NUMBER, SS_CLUSTER, SS_TITLE, SS_STATUS, SS_NCOLS };
static const char *const ss_names[SS_NCOLS] = { "#", "CLUSTER", "SESSION", "STATUS" };

static int sss_ncols(void *arg) { (void)arg; return SS_NCOLS; }

static void
sss_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = ss_names[i];
}

static size_t sss_nrows(void *arg) { (void)arg; return session_count(); }

static void
sss_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	(void)arg;
	buf[0] = '\0';
	if (row >= session_count())
		return;
	switch (col) {
	case SS_NUMBER: snprintf(buf, len, "%zu", row + 1); break;
	case SS_CLUSTER: snprintf(buf, len, "%s", session_context(session_at(row))); break;
	case SS_TITLE: snprintf(buf, len, "%s", session_title(session_at(row))); break;
	case SS_STATUS: session_status(session_at(row), buf, len); break;
	}
}

/* The session itself: two shells may have the same title. */
static void
sss_key(void *arg, size_t row, char *buf, size_t len)
{
	(void)arg;
	buf[0] = '\0';
	if (row < session_count())
		snprintf(buf, len, "%p", (void *)session_at(row));
}

static enum theme_el
sss_row_el(void *arg, size_t row)
{
	(void)arg;
	if (row >= session_count())
		return THEME_ROW;
	struct session *s = session_at(row);
	enum session_state ss = session_state(s);
	return ss == SESSION_RUNNING ? THEME_ROW : ss == SESSION_CONNECTING ? THEME_PENDING :
	    ss == SESSION_EXITED && session_exit_code(s) == 0 ? THEME_TERMINATED : THEME_ERROR;
}

/* The list is drawn anew on each change of a session (page_sessions_shown). */
static uint64_t sss_version(void *arg) { (void)arg; return session_count(); }


static const struct table_source_ops sessions_source = {
	.ncols = sss_ncols, .col = sss_col, .nrows = sss_nrows, .cell = sss_cell, .key = sss_key,
	.row_el = sss_row_el, .version = sss_version,
	/* no filter; in the order started, which n and p in a shell follow too */
};

/* ---- the page ---- */

static void
sessions_draw(struct page *pg, int y, int h, int w)
{
	struct page_sessions *sp = (struct page_sessions *)pg;
	table_draw(sp->t, y, h, w, 0);
	if (session_count() == 0 && h > 2)
		screen_put(y + 2, 2, w - 4, "No shell sessions: s on a pod or workload starts one.",
		    screen_attr(THEME_PENDING), 1);
}

/* The session whose key is key, NULL when it ended meanwhile. */
static struct session *
sessions_find(const char *key)
{
	char k[64];
	for (size_t i = 0; i < session_count(); i++) {
		sss_key(NULL, i, k, sizeof k);
		if (strcmp(k, key) == 0)
			return session_at(i);
	}
	return NULL;
}

static int
sessions_end(struct page_sessions *sp)
{
	char **keys = table_marked_keys(sp->t);
	char title[300] = "";
	int n = 0;

	for (char **k = keys; *k != NULL; k++) {
		struct session *s = sessions_find(*k);
		if (s == NULL)
			continue;
		snprintf(title, sizeof title, "%s", session_title(s));
		page_shell_end(&s);
		n++;
	}
	table_keys_free(&keys);
	/* a new session may get an ended one's address, and with it its mark */
	table_mark_clear(sp->t);
	if (n == 1)
		app_flash(sp->base.app, 0, "ended %s", title);
	else if (n > 1)
		app_flash(sp->base.app, 0, "ended %d sessions", n);
	return APP_REDRAW;
}

static int
sessions_action(struct page *pg, enum action a)
{
	struct page_sessions *sp = (struct page_sessions *)pg;
	int r;

	if ((r = table_key(sp->t, a, 0)) != APP_UNHANDLED)
		return r;
	switch (a) {
	case ACT_ENTER: {
		long i = table_selected(sp->t);
		if (i >= 0 && (size_t)i < session_count()) {
			struct app *app = pg->app;
			struct session *s = session_at((size_t)i);
			app_pop(app);   /* frees this page */
			app_push(app, page_shell_new(app, s));
		}
		return APP_FULL;
	}
	case ACT_DELETE:
		return sessions_end(sp);
	default:
		return APP_UNHANDLED;
	}
}

static int
sessions_key(struct page *pg, int key)
{
	if (key == '\r' || key == '\n')
		return sessions_action(pg, ACT_ENTER);
	/* ending a session changes nothing in a cluster: allowed read-only too */
	if (keymap_lookup(app_keymap(pg->app), key) == ACT_DELETE)
		return sessions_action(pg, ACT_DELETE);
	return APP_UNHANDLED;
}

static void
sessions_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "sessions");
}

static void
sessions_status(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "%zu session%s", session_count(), session_count() == 1 ? "" : "s");
}

static void
sessions_free(struct page *pg)
{
	struct page_sessions *sp = (struct page_sessions *)pg;
	table_free(&sp->t);
	free(sp);
}

static const struct page_ops page_sessions_ops = {
	.kind = "sessions",
	.hints = &page_hints_text,
	.draw = sessions_draw,
	.action = sessions_action,
	.crumb = sessions_crumb,
	.status = sessions_status,
	.free = sessions_free,
	.key = sessions_key,
};

int
page_sessions_shown(struct app *app)
{
	struct page *top = app_page(app, 0);
	return top != NULL && top->ops == &page_sessions_ops;
}

struct page *
page_sessions_new(struct app *app)
{
	struct page_sessions *sp = xcalloc(1, sizeof *sp);
	sp->base.ops = &page_sessions_ops;
	sp->base.app = app;
	sp->t = table_new(&sessions_source, sp);
	return &sp->base;
}
