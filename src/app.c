#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "app_priv.h"
#include "cmd.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "kube/metrics.h"
#include "kube/webhook.h"
#include "log.h"
#include "loop.h"
#include "ops/task.h"
#include "opts.h"
#include "ui/editjournal.h"
#include "ui/extedit.h"
#include "ui/page/page_edit.h"
#include "ui/page/page_recover.h"
#include "ui/perm.h"
#include "ui/podact.h"
#include "ui/widget/keymap.h"
#include "ui/widget/prompt.h"
#include "ui/widget/screen.h"
#include "ui/widget/theme.h"
#include "util/proc.h"
#include "util/xmalloc.h"

#define APP_FRAME_MS 30      /* bursts of watch events become one frame */
#define APP_SHELL_FRAME_MS 16   /* a shell's output: ~60 frames a second at most */
#define APP_TICK_MS 1000     /* ages move; flash messages expire */


void
app_flash(struct app *app, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->flash, sizeof app->flash, fmt, ap);
	va_end(ap);
	app->flash_error = error;
	app->flash_until = loop_now_ms() + (error ? 8000 : 4000);
	app_dirty(app);
}


static void
app_on_frame(void *arg)
{
	struct app *app = arg;
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;
	app->frame = NULL;
	cmd_wake(app);   /* a change waiting for an access answer or for rows that came (cmd_news) */
	if (!app->dirty && app->rows_dirty && pg != NULL && pg->ops->changed != NULL &&
	    !pg->ops->changed(pg)) {
		app->rows_dirty = 0;   /* nothing on screen moved */
		return;
	}
	app_draw(app);
}

/* A shell on screen changed: painted at once when the last frame is older than
 * APP_SHELL_FRAME_MS (a keystroke's echo does not wait for a frame), else with the next
 * frame, so a flood of output is painted some 60 times a second whatever its rate. */
void
app_dirty_now(struct app *app)
{
	app->dirty = 1;
	if (app->loop == NULL)
		return;
	uint64_t now = loop_now_ms(), next = app->last_paint + APP_SHELL_FRAME_MS;
	loop_timer_cancel(app->loop, &app->frame);
	app->frame = loop_timer_add(app->loop, next > now ? next - now : 0, app_on_frame, app);
}

void
app_dirty_rows(struct app *app)
{
	app->rows_dirty = 1;
	cmd_news();
	if (app->frame == NULL && app->loop != NULL)
		app->frame = loop_timer_add(app->loop, APP_FRAME_MS, app_on_frame, app);
}

void
app_dirty(struct app *app)
{
	app->dirty = 1;
	if (app->frame == NULL && app->loop != NULL)
		app->frame = loop_timer_add(app->loop, APP_FRAME_MS, app_on_frame, app);
}

/* Frees a page going off the stack. A question still open goes with it: its answer would
 * act on the page (reveal, delete) or on rows that are no longer on screen. */
static void
app_page_free(struct app *app, struct page *pg)
{
	if (app->mode == APP_MODE_CONFIRM) {
		app->mode = APP_MODE_NORMAL;
		app->confirm_cb = NULL;
		app->confirm_choose = NULL;
		app->confirm_no = NULL;
		app_flash(app, 0, "cancelled: the screen changed before the answer");
	}
	pg->ops->free(pg);
}

void
app_push(struct app *app, struct page *pg)
{
	if (pg == NULL)
		return;
	if (app->depth == (int)(sizeof app->stack / sizeof app->stack[0])) {
		/* forget the oldest */
		struct page *old = app->stack[0];
		app_page_free(app, old);
		memmove(app->stack, app->stack + 1, (size_t)(app->depth - 1) * sizeof *app->stack);
		app->depth--;
	}
	app->stack[app->depth++] = pg;
	cmd_news();
	/* a change waiting on the rows of another screen; one asked before any row waits for
	 * the first page's, and for no other */
	cmd_cancel_change(app, app->depth == 1);
	if (pg->cluster != NULL && pg->ops->status != NULL)
		perm_prefetch(pg);
	app->full = 1;
	app_dirty(app);
}

void
app_pop(struct app *app)
{
	if (app->depth == 0)
		return;
	struct page *pg = app->stack[--app->depth];
	cmd_news();
	cmd_cancel_change(app, 1);
	app_page_free(app, pg);
	app->full = 1;
	app_dirty(app);
}

void
app_clear_stack(struct app *app)
{
	while (app->depth > 0)
		app_pop(app);
}

static void
app_on_cluster(struct cluster *c, void *arg)
{
	struct app *app = arg;
	cmd_cluster_changed(app, c);
	app_dirty(app);
}

struct cluster *
app_cluster(struct app *app, const char *context)
{
	for (size_t i = 0; i < app->nclusters; i++)
		if (strcmp(app->clusters[i]->context, context) == 0) {
			cluster_connect(app->clusters[i], 0);
			return app->clusters[i];
		}
	return NULL;
}

int
app_allowed(struct app *app, struct page *pg, enum action a, char *why, size_t len)
{
	struct perm_need need = perm_need(a);

	if (need.mutates && (app->readonly || (pg && pg->cluster && pg->cluster->readonly))) {
		snprintf(why, len, "read-only%s", app->readonly ? " (--readonly)" : " (this context)");
		return 0;
	}
	if (need.verb != NULL && pg != NULL && pg->cluster != NULL)
		return perm_allowed(pg, a, why, len);
	return 1;
}

int
app_set_theme(struct app *app, const char *name)
{
	struct kd_err err = { 0 };
	struct theme *t = theme_load(config_search_path("themes"), name, &err);
	if (t == NULL) {
		app_flash(app, 1, "%s", err.msg);
		return -1;
	}
	theme_free(&app->theme);
	app->theme = t;
	free(app->theme_name);
	app->theme_name = xstrdup(name);
	screen_set_theme(t, name);
	app->full = 1;
	const char *nc = getenv("NO_COLOR");
	if (screen_colors() == 0 && strcmp(name, "mono") != 0)
		app_flash(app, 0, "theme %s, without colours: %s", name,
		    nc != NULL && *nc ? "NO_COLOR is set" : "the terminal has none");
	else
		app_flash(app, 0, "theme %s", name);
	return 0;
}

int
app_command(struct app *app, const char *line)
{
	return cmd_run(app, line);
}

/* ---- what pages and commands see of the app ---- */

struct page *
app_page(struct app *app, int i)
{
	return i >= 0 && i < app->depth ? app->stack[app->depth - 1 - i] : NULL;
}

void
app_prompt_command(struct app *app, const char *text)
{
	prompt_open(app->cmd, text);
	cmd_prompt_opened(app);
	app->mode = APP_MODE_COMMAND;
	app_dirty(app);
}

void
app_set_cursor(struct app *app, int y, int x)
{
	app->cursor_y = y;
	app->cursor_x = x;
}

void
app_quit(struct app *app)
{
	app->quitting = 1;
	loop_quit(app->loop);
}

struct loop *
app_loop(struct app *app)
{
	return app->loop;
}

struct keymap *
app_keymap(struct app *app)
{
	return app->keymap;
}

struct theme *
app_theme(struct app *app)
{
	return app->theme;
}

const char *
app_theme_name(struct app *app)
{
	return app->theme_name;
}

int
app_readonly(struct app *app)
{
	return app->readonly;
}

const char *
app_namespace(struct app *app)
{
	return app->ns != NULL ? app->ns : "";
}

void
app_set_namespace(struct app *app, const char *ns)
{
	if (ns == app->ns)
		return;
	char *copy = xstrdup(ns != NULL ? ns : "");
	free(app->ns);
	app->ns = copy;
}

const char *
app_namespace_toggle(struct app *app, const char *ns, const char *fallback)
{
	if (ns[0] != '\0') {
		free(app->ns_before_all);
		app->ns_before_all = xstrdup(ns);
		return "";
	}
	if (app->ns_before_all != NULL)
		return app->ns_before_all;
	if (app->ns != NULL && app->ns[0] != '\0')
		return app->ns;
	return fallback != NULL ? fallback : "default";
}

struct cluster *
app_current_cluster(struct app *app)
{
	return app->cur;
}

void
app_set_current_cluster(struct app *app, struct cluster *c)
{
	app->cur = c;
}

size_t
app_cluster_count(struct app *app)
{
	return app->nclusters;
}

struct cluster *
app_cluster_at(struct app *app, size_t i)
{
	return i < app->nclusters ? app->clusters[i] : NULL;
}

static void
app_on_tick(void *arg)
{
	struct app *app = arg;
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;
	char state[sizeof app->tick_state] = "";
	app->tick = loop_timer_add(app->loop, APP_TICK_MS, app_on_tick, app);
	/* A page that does not say when its rows changed is painted every tick (ncurses
	 * sends only the cells that changed). A list is painted only when something on it
	 * moves with the clock: an age, the flash line's message expiring, its status line
	 * (a countdown), so an idle list of 100k rows costs nothing. */
	if (pg == NULL || pg->ops->changed == NULL) {
		app_dirty(app);
		return;
	}
	if (pg->ops->status != NULL)
		pg->ops->status(pg, state, sizeof state);
	int moved = strcmp(state, app->tick_state) != 0;
	if (moved)
		memcpy(app->tick_state, state, sizeof state);
	if (app->ages_due != 0 && time(NULL) >= app->ages_due)
		moved = 1;
	if (app->flash_shown && loop_now_ms() >= app->flash_until)
		moved = 1;
	if (moved)
		app_dirty(app);
}

/* ---- keys ---- */

static void
app_interrupt_yes(struct app *app, void *arg)
{
	(void)arg;
	app_quit(app);
}

/* Quitting ends every shell session, port-forward and drain: with any live, say how many and
 * ask; with none, quit at once (always asks: Ctrl-C, which may have been pressed by
 * mistake). */
void
app_quit_ask(struct app *app, int always)
{
	char what[100], q[300];
	size_t edits = page_edit_unsaved(app);

	if (edits > 0 && task_ending(what, sizeof what) > 0)
		snprintf(q, sizeof q, "%zu unsaved edit%s (kept for :recover) and %s will end. Quit?", edits,
		    edits == 1 ? "" : "s", what);
	else if (edits > 0)
		snprintf(q, sizeof q, "%zu unsaved edit%s (kept for :recover). Quit?", edits, edits == 1 ? "" : "s");
	else if (task_ending(what, sizeof what) > 0)
		snprintf(q, sizeof q, "%s will end. Quit?", what);
	else if (always)
		snprintf(q, sizeof q, "Quit kdeck?");
	else {
		app_quit(app);
		return;
	}
	app_confirm(app, q, app_interrupt_yes, NULL);
}

static void
app_suspend(struct app *app)
{
	screen_stop();
	app->full = 1;
	app_dirty(app);
}

/* A key of the ":" or "/" prompt: the filter applies live, the command on Enter. */
static void
app_key_prompt(struct app *app, struct page *pg, int key)
{
	struct prompt *p = app->mode == APP_MODE_COMMAND ? app->cmd : app->filter;
	if (key == 3)
		key = 27;
	enum prompt_result r = prompt_key(p, key);
	char err[600] = "";
	if (app->mode == APP_MODE_FILTER && pg != NULL && pg->ops->filter != NULL &&
	    (r == PROMPT_CHANGED || r == PROMPT_CANCEL)) {
		if (pg->ops->filter(pg, r == PROMPT_CANCEL ? "" : prompt_text(p), err, sizeof err) != 0)
			app_flash(app, 1, "%s", err);
	}
	if (r == PROMPT_DONE || r == PROMPT_CANCEL) {
		int mode = app->mode;
		app->mode = APP_MODE_NORMAL;
		if (mode == APP_MODE_COMMAND && r == PROMPT_DONE)
			app_command(app, prompt_text(p));
		else if (mode == APP_MODE_FILTER && r == PROMPT_DONE && pg && pg->ops->filter) {
			if (pg->ops->filter(pg, prompt_text(p), err, sizeof err) != 0 || err[0])
				app_flash(app, 1, "%s", err);
		}
	}
	app_dirty(app);
}

static void
app_key(struct app *app, int key)
{
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;

	if (app->mode == APP_MODE_CONFIRM) {
		app_key_confirm(app, key);
		return;
	}
	if (app->mode == APP_MODE_ASK) {
		app_key_ask(app, key);
		return;
	}
	if (app->mode == APP_MODE_COMMAND || app->mode == APP_MODE_FILTER) {
		app_key_prompt(app, pg, key);
		return;
	}
	if (pg != NULL && pg->ops->key != NULL) {
		int r = pg->ops->key(pg, key);
		if (!(r & APP_UNHANDLED)) {
			if (r & APP_FULL)
				app->full = 1;
			app_dirty(app);
			return;
		}
	}
	if (key == 26) {   /* Ctrl-Z: stop as any terminal program does */
		app_suspend(app);
		return;
	}
	if (key == 12) {   /* Ctrl-L: repaint everything */
		app->full = 1;
		app_dirty(app);
		return;
	}
	/* a viewer's keys (viewer:, the log view looked at logs: itself), then keys: */
	enum keymap_section sec = pg != NULL && pg->ops->hints != NULL ? pg->ops->hints->section : KEYMAP_KEYS;
	enum action a = sec == KEYMAP_VIEWER || sec == KEYMAP_LOGS ?
	    keymap_lookup_in(app->keymap, KEYMAP_VIEWER, key) : ACT_NONE;
	if (a == ACT_NONE)
		a = keymap_lookup(app->keymap, key);
	if (a == ACT_NONE)
		return;
	/* Esc drops a change waiting for its cluster; a change asked while it connects waits */
	if ((a == ACT_BACK && cmd_cancel_change(app, 0)) || cmd_change_key(app, pg, a))
		return;
	char why[256];
	if (!app_allowed(app, pg, a, why, sizeof why)) {
		app_flash(app, 1, "%s is disabled: %s", action_info(a)->name, why);
		return;
	}
	if (pg != NULL) {
		int r = pg->ops->action(pg, a);
		if (!(r & APP_UNHANDLED)) {
			if (r & APP_FULL)
				app->full = 1;
			app_dirty(app);
			return;
		}
	}
	switch (a) {
	case ACT_INTERRUPT:
		app_quit_ask(app, 1);
		break;
	case ACT_QUIT:
		/* q goes back as in less; on the first page it quits (:quit, asking first) */
		if (app->depth > 1 || (pg != NULL && pg->ops->closes_alone))
			app_pop(app);
		else
			cmd_run_action(app, a);
		break;
	case ACT_BACK:
		/* the first list stays; a viewer opened on nothing (help while connecting) goes */
		if (app->depth > 1 || (pg != NULL && pg->ops->closes_alone))
			app_pop(app);
		break;
	case ACT_COMMAND:
		prompt_open(app->cmd, NULL);
		cmd_prompt_opened(app);
		app->mode = APP_MODE_COMMAND;
		break;
	case ACT_FILTER:
	case ACT_SEARCH_BACK:   /* the page took the direction */
		if (pg != NULL && pg->ops->filter != NULL) {
			prompt_set_lead(app->filter, a == ACT_SEARCH_BACK ? "?" : "/");
			prompt_open(app->filter, NULL);
			app->mode = APP_MODE_FILTER;
		}
		break;
	default:
		/* the keys of commands (C :clusters, q :quit, E :edit-external ...), from the table */
		if (cmd_run_action(app, a))
			break;
		/* a row's action on a screen without rows (a user keymap may bind edit) */
		if (a == ACT_LOGS || a == ACT_SHELL || a == ACT_EDIT || a == ACT_SCALE || a == ACT_RESTART ||
		    a == ACT_DEBUG || a == ACT_PORT_FORWARD)
			app_flash(app, 1, "%s is not available on this screen", action_info(a)->name);
		else if (a == ACT_DIFF)
			app_flash(app, 1, "diff is not available on this screen: it diffs the revisions of a history (H)");
		else if (a == ACT_CANARY_MORE || a == ACT_CANARY_LESS || a == ACT_CANARY_PROMOTE || a == ACT_CANARY_ABORT)
			app_flash(app, 1, "%s works in the canary view (canary on a deployment)", action_info(a)->name);
		break;
	}
	app_dirty(app);
}

static int app_empty_reads;

static void
app_on_tty(int fd, int events, void *arg)
{
	struct app *app = arg;
	wint_t wc;
	int r, got = 0;
	(void)events;

	while ((r = get_wch(&wc)) != ERR) {
		got = 1;
		if (app->key_ms == 0)
			app->key_ms = loop_now_ms();
		if (r == KEY_CODE_YES) {
			if (wc == KEY_RESIZE)
				continue;
			app_key(app, KEYMAP_FN + (int)wc);
		} else
			app_key(app, (int)wc);
		if (app->quitting)
			return;
	}
	if (got) {
		app_empty_reads = 0;
		/* what the keys did is painted at once, not with the next frame (up to
		 * APP_FRAME_MS later); keys read together (a paste) make one paint */
		if (app->dirty && app->loop != NULL) {
			loop_timer_cancel(app->loop, &app->frame);
			app_draw(app);
		}
		return;
	}
	/* readable but nothing to read: EOF or EIO, the terminal went away (an SSH drop) */
	int avail = 0;
	if (ioctl(fd, FIONREAD, &avail) < 0 || avail == 0) {
		char c;
		ssize_t n = read(fd, &c, 0);
		if (n < 0 || ++app_empty_reads >= 3) {
			editjournal_flush_all();   /* what is being edited, before anything else */
			app->status = 1;
			app->quitting = 1;
			loop_quit(app->loop);
		}
	}
}

static void
app_on_signal(int sig, void *arg)
{
	struct app *app = arg;
	/* the program that has the terminal gets the keys' signals; ours wait for it */
	if (app->lent && (sig == SIGWINCH || sig == SIGINT || sig == SIGCONT))
		return;
	if (app->lent && sig == SIGTSTP) {
		raise(SIGSTOP);   /* with it: its job is stopped as one */
		return;
	}
	switch (sig) {
	case SIGWINCH: {
		struct winsize ws;
		if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
			resize_term(ws.ws_row, ws.ws_col);
		app->full = 1;
		app_draw(app);
		break;
	}
	case SIGINT:
		app_quit_ask(app, 1);
		break;
	case SIGTSTP:   /* from outside (kill -TSTP): Ctrl-Z itself comes as a key */
		app_suspend(app);
		break;
	case SIGCONT:
		screen_resume();
		app->full = 1;
		app_dirty(app);
		break;
	default:   /* SIGHUP, SIGTERM: at once, the edits kept first */
		editjournal_flush_all();
		app->status = proc_exit_status(sig);
		app->quitting = 1;
		loop_quit(app->loop);
		break;
	}
}

/* The kubeconfig, the theme and the keymap: 0, or -1 once stderr says what is wrong. */
static int
app_load(struct app *app, const struct kd_opts *opts, const char **ctx)
{
	struct kd_err err = { 0 };

	app->kcfg = kcfg_load(opts->kubeconfig, &err);
	if (app->kcfg == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		return -1;
	}
	*ctx = opts->context ? opts->context : kcfg_current_context(app->kcfg);
	if (*ctx == NULL && kcfg_context_count(app->kcfg) > 0)
		*ctx = kcfg_context_name(app->kcfg, 0);
	if (*ctx == NULL) {
		fprintf(stderr, "kdeck: the kubeconfig has no contexts; add one with kubectl config set-context\n");
		kcfg_free(&app->kcfg);
		return -1;
	}
	const char *tname = opts->theme ? opts->theme : "dark";
	app->theme = theme_load(config_search_path("themes"), tname, &err);
	if (app->theme == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		kcfg_free(&app->kcfg);
		return -1;
	}
	app->theme_name = xstrdup(tname);
	app->keymap = keymap_load(config_search_path("keymaps"), opts->keymap ? opts->keymap : "default", &err);
	if (app->keymap == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		theme_free(&app->theme);
		free(app->theme_name);
		kcfg_free(&app->kcfg);
		return -1;
	}
	return 0;
}

/* The webhook's delivery moved: the header says so; a line that did not fit, the flash. */
static void
app_on_webhook(void *arg)
{
	struct app *app = arg;
	long n = webhook_take_dropped();
	if (n > 0) {
		char what[160];
		webhook_status(what, sizeof what);
		app_flash(app, 1, "%s", what);
	}
	app_dirty(app);
}

/* Everything app_run made, once the loop has ended (or never ran). */
static void
app_teardown(struct app *app, struct loop_fd **tty)
{
	cmd_shutdown();
	webhook_stop();
	loop_timer_cancel(app->loop, &app->frame);
	loop_timer_cancel(app->loop, &app->tick);
	app->tty = NULL;
	if (*tty != NULL)
		loop_fd_del(app->loop, tty);
	extedit_shutdown();   /* before the pages: a save it started may be on one */
	app_clear_stack(app);
	app_question_drop(app);
	podact_shutdown();
	loop_timer_cancel(app->loop, &app->frame);
	for (size_t i = 0; i < app->nclusters; i++)
		cluster_free(&app->clusters[i]);
	free(app->clusters);
	prompt_free(&app->cmd);
	prompt_free(&app->filter);
	prompt_free(&app->ask);
	free(app->ns);
	free(app->ns_before_all);
	free(app->theme_name);
	theme_free(&app->theme);
	keymap_free(&app->keymap);
	loop_free(&app->loop);
	kcfg_free(&app->kcfg);
}

int
app_run(const struct kd_opts *opts)
{
	struct app app = { .opts = opts };
	struct loop_fd *tty = NULL;
	const char *ctx = NULL;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kdeck: the console needs a terminal; use kdeck --print VIEW for scripts\n");
		return 1;
	}
	if (app_load(&app, opts, &ctx) != 0)
		return 1;
	app.readonly = opts->readonly;
	app.loop = loop_new();
	struct kauth_hooks hooks = { app_on_plugin, app_on_plugin_terminal, &app };
	kauth_set_hooks(&hooks);
	app.view_dirs = config_search_path("views");
	app.nclusters = kcfg_context_count(app.kcfg);
	app.clusters = xcalloc(app.nclusters ? app.nclusters : 1, sizeof *app.clusters);
	for (size_t i = 0; i < app.nclusters; i++) {
		app.clusters[i] = cluster_new(app.loop, app.kcfg, kcfg_context_name(app.kcfg, i), app.view_dirs,
		    app_on_cluster, &app);
		/* config.yaml's contexts: {NAME: {readOnly: true}} (or the global readOnly) */
		app.clusters[i]->readonly = config_readonly(kcfg_context_name(app.kcfg, i));
	}
	app.cur = app_cluster(&app, ctx);
	if (app.cur == NULL) {
		fprintf(stderr, "kdeck: no context \"%s\" in the kubeconfig; kubectl config get-contexts lists them\n", ctx);
		app.status = 1;
		goto done;
	}
	app.ns = xstrdup(opts->all_namespaces ? "" : opts->namespace ? opts->namespace :
	    app.cur->conn ? app.cur->conn->namespace : "default");
	app.cmd = prompt_new(":");
	app.filter = prompt_new("/");
	app.ask = prompt_new("");
	prompt_set_complete(app.cmd, cmd_complete, &app);
	signal(SIGPIPE, SIG_IGN);
	if (screen_open(app.theme, app.theme_name) != 0) {
		fprintf(stderr, "kdeck: cannot start the screen (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		app.status = 1;
		goto done;
	}
	loop_signal(app.loop, SIGWINCH, app_on_signal, &app);
	loop_signal(app.loop, SIGHUP, app_on_signal, &app);
	loop_signal(app.loop, SIGTERM, app_on_signal, &app);
	loop_signal(app.loop, SIGINT, app_on_signal, &app);
	proc_signal_ends(SIGINT, 0);   /* it asks first */
	loop_signal(app.loop, SIGCONT, app_on_signal, &app);
	loop_signal(app.loop, SIGTSTP, app_on_signal, &app);
	tty = loop_fd_add(app.loop, STDIN_FILENO, LOOP_IN, app_on_tty, &app);
	app.tty = tty;
	cmd_defer(&app, opts->command);
	page_recover_notice(&app);   /* once: "2 unsaved edits can be restored: :recover" */
	app.tick = loop_timer_add(app.loop, APP_TICK_MS, app_on_tick, &app);
	struct kd_err werr;
	if (config_audit_webhook() != NULL && webhook_start(app.loop, config_audit_webhook(),
	    config_audit_webhook_spool_max(), app_on_webhook, &app, &werr) != 0)
		app_flash(&app, 1, "%s", werr.msg);
	app_draw(&app);
	loop_run(app.loop);
	screen_close();
done:
	app_teardown(&app, &tty);
	kauth_set_hooks(NULL);
	return app.status;
}
