/* The shell page; see page_shell.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "kube/debug.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "kube/cluster.h"
#include "ui/page/page_sessions.h"
#include "ui/page/page_shell.h"
#include "ui/widget/keymap.h"
#include "ui/widget/screen.h"
#include "ui/session.h"
#include "ui/shell.h"
#include "util/xmalloc.h"

static const char *const shell_default_argv[] = {
	"sh", "-c", "command -v bash >/dev/null && exec bash || exec sh", NULL,
};

struct page_shell {
	struct page base;
	struct session *s;        /* NULL while a debug container is being added */
	struct shellpane *pane;
	struct debug *dbg;
	struct cluster *c;
	char *ns, *pod, *target;  /* the debug container's pod and target */
	char wait[600];           /* what it waits for, or why it failed */
	int wait_failed;
	enum session_state last;  /* to notice a 403 once */
};

static const struct page_ops page_shell_ops;
static int shell_keys_on;

static struct page *
shell_top(struct app *app)
{
	return app_page(app, 0);
}

/* The state each session was last seen in, to tell of a hidden one that ended. */
static struct { struct session *s; enum session_state st; } shell_seen[64];

static void
shell_note_state(struct app *app, struct session *s, int visible)
{
	enum session_state st = session_state(s);
	size_t i, free_slot = sizeof shell_seen / sizeof shell_seen[0];
	for (i = 0; i < sizeof shell_seen / sizeof shell_seen[0]; i++) {
		if (shell_seen[i].s == s)
			break;
		if (shell_seen[i].s == NULL && free_slot == sizeof shell_seen / sizeof shell_seen[0])
			free_slot = i;
	}
	if (i == sizeof shell_seen / sizeof shell_seen[0]) {
		if (free_slot == i)
			return;
		i = free_slot;
		shell_seen[i].s = s;
		shell_seen[i].st = st;
		return;
	}
	if (shell_seen[i].st == st)
		return;
	shell_seen[i].st = st;
	if (!visible && (st == SESSION_EXITED || st == SESSION_DROPPED || st == SESSION_FAILED)) {
		char status[512];
		session_status(s, status, sizeof status);
		app_flash(app, st != SESSION_EXITED || session_exit_code(s) != 0, "shell %s: %s (W lists the sessions)",
		    session_title(s), status);
	}
}

static void
shell_forget(struct session *s)
{
	for (size_t i = 0; i < sizeof shell_seen / sizeof shell_seen[0]; i++)
		if (shell_seen[i].s == s)
			shell_seen[i].s = NULL;
}

/* Output or a state change of any session: repaint when it is on screen, say so when a
 * hidden one ended. */
static void
shell_changed(struct session *s, void *arg)
{
	struct app *app = arg;
	struct page *pg = shell_top(app);
	int visible = pg != NULL && pg->ops == &page_shell_ops && ((struct page_shell *)pg)->s == s;
	shell_note_state(app, s, visible);
	if (visible)
		app_dirty_now(app);
	else if (page_sessions_shown(app))
		app_dirty(app);
}

void
page_shell_end(struct session **s)
{
	shell_forget(*s);
	session_free(s);
}

static struct session *
shell_start(struct app *app, struct cluster *c, const char *ns, const char *pod, const char *container,
    const char *const *argv, int attach)
{
	struct session_opts so = {
		.conn = c->conn, .context = c->context, .ns = ns, .pod = pod, .container = container,
		.argv = attach ? NULL : argv ? argv : shell_default_argv, .attach = attach,
		.record = config_record(), .shell = !attach && argv == NULL,
	};
	struct screen_layout l;
	screen_layout(&l);
	return session_new(app_loop(app), &so, l.main_rows > 2 ? l.main_rows : 24, l.cols > 10 ? l.cols : 80,
	    shell_changed, app);
}

static struct page_shell *
shell_page_alloc(struct app *app, struct cluster *c)
{
	struct page_shell *ps = xcalloc(1, sizeof *ps);
	ps->base.ops = &page_shell_ops;
	ps->base.app = app;
	ps->c = c;   /* base.cluster stays NULL: the page lists nothing to check permissions on */
	ps->pane = shellpane_new(config_shell_prefix_key(), app_keymap(app));
	shellpane_offer_debug(ps->pane);
	if (!shell_keys_on) {
		shell_keys_init();
		shell_keys_on = 1;
	}
	return ps;
}

struct page *
page_shell_new(struct app *app, struct session *s)
{
	struct cluster *c = NULL;
	/* back to a shell from :sessions: its header names the session's cluster */
	for (size_t i = 0; i < app_cluster_count(app) && c == NULL; i++)
		if (strcmp(app_cluster_at(app, i)->context, session_context(s)) == 0)
			c = app_cluster_at(app, i);
	struct page_shell *ps = shell_page_alloc(app, c);
	ps->s = s;
	ps->last = session_state(s);
	return &ps->base;
}

static void
shell_on_debug(const char *name, const struct kd_err *err, void *arg)
{
	struct page_shell *ps = arg;
	struct app *app = ps->base.app;
	struct debug *d = ps->dbg;   /* name is its memory: freed at the end */
	ps->dbg = NULL;
	if (name == NULL) {
		ps->wait_failed = 1;
		if (err->code == KD_ERR_FORBIDDEN)
			snprintf(ps->wait, sizeof ps->wait, "adding a debug container is not allowed for you in %s "
			    "(it needs patch on pods/ephemeralcontainers): %.300s   q leave", ps->ns, err->msg);
		else
			snprintf(ps->wait, sizeof ps->wait, "no debug container in %.60s/%.60s: %.400s   q leave", ps->ns,
			    ps->pod, err->msg);
		app_dirty(app);
		debug_free(&d);
		return;
	}
	ps->s = shell_start(app, ps->c, ps->ns, ps->pod, name, NULL, 1);
	ps->last = session_state(ps->s);
	app_dirty(app);
	debug_free(&d);
}

void
page_shell_open(struct app *app, struct cluster *c, const char *ns, const char *pod,
    const char *container, const char *const *argv, int debug)
{
	struct page_shell *ps = shell_page_alloc(app, c);
	if (!debug) {
		ps->s = shell_start(app, c, ns, pod, container, argv, 0);
		ps->last = session_state(ps->s);
		app_push(app, &ps->base);
		return;
	}
	ps->ns = xstrdup(ns);
	ps->pod = xstrdup(pod);
	ps->target = container ? xstrdup(container) : NULL;
	ps->c = c;
	snprintf(ps->wait, sizeof ps->wait, "adding a debug container (%s) to %s/%s%s%s ...",
	    config_debug_image(), ns, pod, container ? ", targeting " : "", container ? container : "");
	ps->dbg = debug_start(c->api, ns, pod, container, config_debug_image(), shell_on_debug, ps);
	app_push(app, &ps->base);
}

static void
shell_draw(struct page *pg, int y, int h, int w)
{
	struct page_shell *ps = (struct page_shell *)pg;
	if (ps->s == NULL) {
		for (int r = 0; r < h; r++)
			screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
		screen_put(y + 1, 2, w - 4, ps->wait, screen_attr(ps->wait_failed ? THEME_FLASH_ERROR : THEME_PENDING), 1);
		return;
	}
	enum session_state st = session_state(ps->s);
	if (st != ps->last) {
		ps->last = st;
		if (st == SESSION_FAILED && strcasestr(session_message(ps->s), "forbidden") != NULL)
			app_flash(pg->app, 1, "exec is not allowed for you here (it needs create on pods/exec): %s",
			    session_message(ps->s));
	}
	if (shellpane_draw(ps->pane, ps->s, y, 0, h, w, 1)) {
		int cy, cx;
		getyx(stdscr, cy, cx);
		app_set_cursor(pg->app, cy, cx);
	}
}

static struct session *
shell_neighbour(struct session *s, int dir)
{
	size_t n = session_count();
	for (size_t i = 0; i < n; i++)
		if (session_at(i) == s)
			return session_at((i + n + (size_t)(dir > 0 ? 1 : n - 1)) % n);
	return n ? session_at(0) : NULL;
}

static int
shell_key(struct page *pg, int key)
{
	struct page_shell *ps = (struct page_shell *)pg;
	struct app *app = pg->app;
	if (ps->s == NULL) {
		if (key == 'q' || key == 27 || key == shellpane_prefix(ps->pane) || key == '\r') {
			app_pop(app);
			return APP_REDRAW;
		}
		return APP_NOTHING;
	}
	int fn = key >= KEYMAP_FN;
	enum session_state before = session_state(ps->s);
	enum shell_verdict v = shellpane_key(ps->pane, ps->s, (uint32_t)(fn ? key - KEYMAP_FN : key), fn);
	switch (v) {
	case SHELL_STAY:
		return APP_REDRAW;
	case SHELL_LEAVE:
		/* an ended shell left with q is done with; a live one goes on streaming */
		if (before == SESSION_EXITED)
			page_shell_end(&ps->s);
		app_pop(app);
		return APP_FULL;
	case SHELL_END:
		page_shell_end(&ps->s);
		app_pop(app);
		app_flash(app, 0, "session ended");
		return APP_FULL;
	case SHELL_NEXT:
	case SHELL_PREV: {
		struct session *o = shell_neighbour(ps->s, v == SHELL_NEXT ? 1 : -1);
		if (o == ps->s)
			shellpane_flash(ps->pane, "the only session; s in the browser starts another");
		ps->s = o;
		ps->last = session_state(o);
		return APP_FULL;
	}
	case SHELL_LIST:
		app_pop(app);
		app_push(app, page_sessions_new(app));
		return APP_FULL;
	case SHELL_DEBUG: {   /* the image has no shell: a debug container targeting its container */
		struct cluster *c = ps->c;
		char *ns = xstrdup(session_ns(ps->s)), *pod = xstrdup(session_pod(ps->s));
		char *cont = session_container(ps->s) ? xstrdup(session_container(ps->s)) : NULL;
		page_shell_end(&ps->s);
		app_pop(app);
		page_shell_open(app, c, ns, pod, cont, NULL, 1);
		free(ns);
		free(pod);
		free(cont);
		return APP_FULL;
	}
	}
	return APP_REDRAW;
}

static int
shell_action(struct page *pg, enum action a)
{
	(void)pg;
	(void)a;
	return APP_UNHANDLED;
}

static void
shell_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_shell *ps = (struct page_shell *)pg;
	snprintf(buf, len, "shell %s", ps->s ? session_title(ps->s) : ps->pod ? ps->pod : "");
}

static void
shell_status(struct page *pg, char *buf, size_t len)
{
	struct page_shell *ps = (struct page_shell *)pg;
	if (ps->s != NULL)
		session_status(ps->s, buf, len);
	else
		snprintf(buf, len, "%s", ps->wait_failed ? "failed" : "adding a debug container ...");
}

static void
shell_free(struct page *pg)
{
	struct page_shell *ps = (struct page_shell *)pg;
	debug_free(&ps->dbg);
	shellpane_free(&ps->pane);
	free(ps->ns);
	free(ps->pod);
	free(ps->target);
	free(ps);
}

/* Every key is the shell's but those after the prefix (ui/shell.h): the prefix as the
 * keymap writes keys ("ctrl-b", whatever shellPrefixKey says) and the keys its
 * shell-prefix: section binds, so a hint names the key that works. */
static void
shell_draw_hints(struct page *pg)
{
	static const struct {
		enum action a;
		const char *word;
	} want[] = { { ACT_SHELL_LEAVE, "browser" }, { ACT_SHELL_LIST, "sessions" },
		{ ACT_SHELL_NEXT, "next" }, { ACT_SHELL_PREV, "prev" }, { ACT_SHELL_END, "end" } };
	struct page_shell *ps = (struct page_shell *)pg;
	const struct keymap *km = app_keymap(pg->app);
	char pk[32], keys[5][72];
	struct screen_hint sh[5];
	int n = 0;

	keymap_key_name(shellpane_prefix(ps->pane), pk, sizeof pk);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int k = keymap_key_for_in(km, KEYMAP_SHELL_PREFIX, want[i].a);
		char name[32];
		if (k < 0)
			continue;
		keymap_key_name(k, name, sizeof name);
		snprintf(keys[n], sizeof keys[n], "%s %s", pk, name);
		sh[n] = (struct screen_hint){ keys[n], want[i].word, 0, 0 };
		n++;
	}
	screen_draw_hints(sh, n);
}

static struct cluster *
shell_cluster(struct page *pg)
{
	return ((struct page_shell *)pg)->c;
}

static const struct page_ops page_shell_ops = {
	.kind = "shell",
	.cluster = shell_cluster,
	.draw_hints = shell_draw_hints,
	.draw = shell_draw,
	.action = shell_action,
	.crumb = shell_crumb,
	.status = shell_status,
	.free = shell_free,
	.key = shell_key,
};

void
page_shell_shutdown(void)
{
	while (session_count() > 0) {
		struct session *s = session_at(0);
		page_shell_end(&s);
	}
	if (shell_keys_on) {
		shell_keys_done();
		shell_keys_on = 0;
	}
}
