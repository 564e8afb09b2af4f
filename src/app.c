#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "app.h"
#include "config.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/kubeconfig.h"
#include "kube/metrics.h"
#include "model/store.h"
#include "log.h"
#include "loop.h"
#include "opts.h"
#include "kube/cluster.h"
#include "ui/page/help.h"
#include "ui/widget/keymap.h"
#include "ui/page/page_clusters.h"
#include "ui/page/page_projects.h"
#include "ui/page/page_workloads.h"
#include "ui/page/page_resource.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "ui/perm.h"
#include "ui/podact.h"
#include "ui/widget/prompt.h"
#include "ui/page/pulse.h"
#include "ui/widget/screen.h"
#include "ui/widget/theme.h"
#include "util/xmalloc.h"

#define APP_FRAME_MS 30      /* bursts of watch events become one frame */
#define APP_SHELL_FRAME_MS 16   /* a shell's output: ~60 frames a second at most */
#define APP_TICK_MS 1000     /* ages move; flash messages expire */

static const char *const app_themes[] = { "dark", "light", "high-contrast", "solarized", "mono", NULL };

static void app_draw(struct app *app);
/* when the first key not yet painted arrived (0: none), for the debug log's latency */
static uint64_t app_key_ms;
static void app_run_pending(struct app *app);

static char *app_pending;    /* a command waiting for its cluster's discovery */

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

static uint64_t app_last_paint;   /* loop_now_ms() of the last frame */

static void
app_on_frame(void *arg)
{
	struct app *app = arg;
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;
	app->frame = NULL;
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
	uint64_t now = loop_now_ms(), next = app_last_paint + APP_SHELL_FRAME_MS;
	loop_timer_cancel(app->loop, &app->frame);
	app->frame = loop_timer_add(app->loop, next > now ? next - now : 0, app_on_frame, app);
}

void
app_dirty_rows(struct app *app)
{
	app->rows_dirty = 1;
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

void
app_push(struct app *app, struct page *pg)
{
	if (pg == NULL)
		return;
	if (app->depth == (int)(sizeof app->stack / sizeof app->stack[0])) {
		/* forget the oldest */
		struct page *old = app->stack[0];
		old->ops->free(old);
		memmove(app->stack, app->stack + 1, (size_t)(app->depth - 1) * sizeof *app->stack);
		app->depth--;
	}
	app->stack[app->depth++] = pg;
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
	pg->ops->free(pg);
	app->full = 1;
	app_dirty(app);
}

static void
app_clear_stack(struct app *app)
{
	while (app->depth > 0)
		app_pop(app);
}

void
app_confirm(struct app *app, const char *question, void (*cb)(struct app *, void *), void *arg)
{
	snprintf(app->question, sizeof app->question, "%s [y/N]", question);
	app->confirm_cb = cb;
	app->confirm_arg = arg;
	app->mode = APP_MODE_CONFIRM;
	app_dirty(app);
}

static void
app_on_cluster(struct cluster *c, void *arg)
{
	struct app *app = arg;
	if (c == app->cur && c->state == CLUSTER_FAILED && app_pending != NULL)
		app_flash(app, 1, "%s: %s", c->context, c->err.msg);
	app_run_pending(app);
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
	const struct action_info *ai = action_info(a);

	if (ai->mutates && (app->readonly || (pg && pg->cluster && pg->cluster->readonly))) {
		snprintf(why, len, "read-only%s", app->readonly ? " (--readonly)" : " (this context)");
		return 0;
	}
	if (ai->verb != NULL && pg != NULL && pg->cluster != NULL)
		return perm_allowed(pg, a, why, len);
	return 1;
}

static int
app_help_allowed(enum action a, char *why, size_t len, void *arg)
{
	struct app *app = arg;
	struct page *pg = app->depth > 1 ? app->stack[app->depth - 2] : NULL;
	return app_allowed(app, pg, a, why, len);
}

static void
app_help(struct app *app)
{
	struct page *pg = page_text_new(app, NULL, "help");
	help_render(page_text_pager(pg), app->keymap, NULL, NULL);
	app_push(app, pg);
	/* now that the page below is known, render again with its permissions */
	pager_clear(page_text_pager(pg));
	help_render(page_text_pager(pg), app->keymap, app_help_allowed, app);
}

static int
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

static void
app_run_pending(struct app *app)
{
	if (app_pending == NULL || app->cur == NULL)
		return;
	if (app->cur->state == CLUSTER_CONNECTING)
		return;
	char *cmd = app_pending;
	app_pending = NULL;
	app_command(app, cmd);
	free(cmd);
}

static int
app_resource(struct app *app, char **argv, int argc)
{
	struct cluster *c = app->cur, *more[9] = { 0 };
	const char *ns = app->ns, *sel = NULL;
	int nmore = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-A") == 0 || strcmp(argv[i], "all") == 0)
			ns = "";
		else if (strcmp(argv[i], "-l") == 0 && i + 1 < argc)
			sel = argv[++i];
		else if (argv[i][0] == '@') {
			char *save = NULL;
			for (char *t = strtok_r(argv[i], ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				if (*t == '@')
					t++;
				struct cluster *k = app_cluster(app, t);
				if (k == NULL) {
					app_flash(app, 1, "no context \"%s\" in the kubeconfig", t);
					return -1;
				}
				if (nmore < 8)
					more[nmore++] = k;
			}
		} else
			ns = argv[i];
	}
	if (nmore > 0)
		c = more[0];
	for (int i = 0; i < nmore; i++)
		if (more[i]->state != CLUSTER_READY) {
			if (more[i]->state == CLUSTER_FAILED) {
				app_flash(app, 1, "%s: %s", more[i]->context, more[i]->err.msg);
				return -1;
			}
			return 1;   /* wait */
		}
	if (c->state != CLUSTER_READY)
		return c->state == CLUSTER_FAILED ? -1 : 1;
	const struct kres *res = discovery_find(c->disc, argv[0]);
	if (res == NULL) {
		app_flash(app, 1, "no resource type \"%s\" on %s (try :help)", argv[0], c->context);
		return -1;
	}
	if (ns != app->ns && ns != NULL && res->namespaced) {
		free(app->ns);
		app->ns = xstrdup(ns);
		ns = app->ns;
	}
	app_clear_stack(app);
	app_push(app, page_resource_new(app, c, res, ns, sel, nmore > 1 ? more + 1 : NULL));
	return 0;
}

/* :workloads [NS|-A]: the workloads of a namespace (the current one without NS). */
static int
app_workloads(struct app *app, const char *line, char **argv, int argc)
{
	const char *ns = app->ns ? app->ns : "";
	for (int i = 1; i < argc; i++)
		ns = strcmp(argv[i], "-A") == 0 || strcmp(argv[i], "all") == 0 ? "" : argv[i];
	if (app->cur == NULL)
		return -1;
	if (app->cur->state != CLUSTER_READY) {
		if (app->cur->state == CLUSTER_FAILED) {
			app_flash(app, 1, "%s: %s", app->cur->context, app->cur->err.msg);
			return -1;
		}
		free(app_pending);
		app_pending = xstrdup(line);
		app_flash(app, 0, "connecting to %s ...", app->cur->context);
		return 0;
	}
	if (ns != app->ns) {
		char *copy = xstrdup(ns);
		free(app->ns);
		app->ns = copy;
	}
	app_clear_stack(app);
	app_push(app, page_workloads_new(app, app->cur, app->ns));
	return 0;
}

/* Makes CONTEXT current (its namespace from the kubeconfig) and opens THEN there
 * once it has connected. */
int
app_use_context(struct app *app, const char *context, const char *then)
{
	struct cluster *c = app_cluster(app, context);
	if (c == NULL) {
		app_flash(app, 1, "no context \"%s\" in the kubeconfig", context);
		return -1;
	}
	app->cur = c;
	free(app->ns);
	app->ns = xstrdup(c->conn ? c->conn->namespace : "default");
	app_clear_stack(app);
	free(app_pending);
	app_pending = xstrdup(then);
	app_flash(app, 0, "context %s", c->context);
	app_run_pending(app);
	return 0;
}

int
app_command(struct app *app, const char *line)
{
	char buf[1024], *argv[16], *save = NULL;
	int argc = 0;

	snprintf(buf, sizeof buf, "%s", line);
	for (char *t = strtok_r(buf, " \t", &save); t && argc < 16; t = strtok_r(NULL, " \t", &save))
		argv[argc++] = t;
	if (argc == 0)
		return 0;
	if (argv[0][0] == ':')
		argv[0]++;
	if (!strcmp(argv[0], "q") || !strcmp(argv[0], "q!") || !strcmp(argv[0], "quit") ||
	    !strcmp(argv[0], "exit")) {
		app->quitting = 1;
		loop_quit(app->loop);
		return 0;
	}
	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "?")) {
		app_help(app);
		return 0;
	}
	if (!strcmp(argv[0], "theme")) {
		return argc > 1 ? app_set_theme(app, argv[1]) : (app_flash(app, 0, "theme %s", app->theme_name), 0);
	}
	if (!strcmp(argv[0], "clusters") || ((!strcmp(argv[0], "ctx") || !strcmp(argv[0], "contexts") ||
	    !strcmp(argv[0], "context")) && argc == 1)) {
		app_clear_stack(app);
		app_push(app, page_clusters_new(app));
		return 0;
	}
	if (!strcmp(argv[0], "ctx") || !strcmp(argv[0], "context"))
		return app_use_context(app, argv[1], "pods");
	int pr = podact_command(app, line, argv, argc);
	if (pr != 1)
		return pr;
	if (!strcmp(argv[0], "pulse") || !strcmp(argv[0], "projects")) {
		if (app->cur->state != CLUSTER_READY) {
			free(app_pending);
			app_pending = xstrdup(line);
			return 0;
		}
		app_clear_stack(app);
		app_push(app, argv[0][1] == 'u' ? pulse_page_new(app, app->cur) : page_projects_new(app, app->cur));
		return 0;
	}
	if (!strcmp(argv[0], "workloads") || !strcmp(argv[0], "wl"))
		return app_workloads(app, line, argv, argc);
	if (!strcmp(argv[0], "ns") && argc > 1) {
		free(app->ns);
		app->ns = xstrdup(strcmp(argv[1], "-A") == 0 || strcmp(argv[1], "all") == 0 ? "" : argv[1]);
		argv[0] = "pods";
		argc = 1;
	} else if (!strcmp(argv[0], "ns"))
		argv[0] = "namespaces";
	if (app->cur == NULL)
		return -1;
	int r = app_resource(app, argv, argc);
	if (r == 1) {
		free(app_pending);
		app_pending = xstrdup(line);
		app_flash(app, 0, "connecting to %s ...", app->cur->context);
		return 0;
	}
	if (r < 0 && app->cur->state == CLUSTER_FAILED)
		app_flash(app, 1, "%s: %s", app->cur->context, app->cur->err.msg);
	return r;
}

/* ---- completion for the : prompt ---- */

static void
app_cand(char **cands, size_t *n, size_t max, const char *word, const char *s)
{
	if (*n >= max || strncasecmp(s, word, strlen(word)) != 0)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(cands[i], s) == 0)
			return;
	cands[(*n)++] = xstrdup(s);
}

static size_t
app_complete(const char *text, size_t *word_start, char **cands, size_t max, void *arg)
{
	struct app *app = arg;
	const char *sp = strrchr(text, ' ');
	const char *word = sp ? sp + 1 : text;
	size_t n = 0;
	char first[64] = "";

	*word_start = (size_t)(word - text);
	if (sp != NULL)
		sscanf(text, "%63s", first);
	if (sp == NULL) {
		static const char *const words[] = { "ctx", "ns", "clusters", "projects", "pulse", "help",
			"quit", "theme", "exec", "sessions", "forwards", "port-forward", "workloads", NULL };
		for (int i = 0; words[i]; i++)
			app_cand(cands, &n, max, word, words[i]);
		struct discovery *d = app->cur ? app->cur->disc : NULL;
		for (size_t i = 0; d && discovery_ready(d) && i < discovery_count(d); i++) {
			const struct kres *r = discovery_at(d, i);
			app_cand(cands, &n, max, word, r->resource);
			for (int k = 0; k < r->nshort; k++)
				app_cand(cands, &n, max, word, r->short_names[k]);
		}
	} else if (!strcmp(first, "ctx") || !strcmp(first, "context") || word[0] == '@') {
		for (size_t i = 0; i < app->nclusters; i++) {
			char at[300];
			snprintf(at, sizeof at, "%s%s", word[0] == '@' ? "@" : "", app->clusters[i]->context);
			app_cand(cands, &n, max, word, at);
		}
	} else if (!strcmp(first, "theme")) {
		for (int i = 0; app_themes[i]; i++)
			app_cand(cands, &n, max, word, app_themes[i]);
	} else if (app->cur != NULL && app->cur->state == CLUSTER_READY) {
		/* namespaces, from the namespaces informer (started on demand) */
		const struct kres *nsres = discovery_find(app->cur->disc, "namespaces");
		if (nsres != NULL) {
			struct informer *inf = informer_acquire(app->cur->infs, nsres, NULL, NULL);
			struct store *s = informer_store(inf);
			store_set_filter(s, "", NULL);
			for (size_t i = 0; i < store_visible(s); i++)
				app_cand(cands, &n, max, word, store_row_name(store_at(s, i)));
			app_cand(cands, &n, max, word, "-A");
			informer_release(&inf);   /* lingers: the next Tab is instant */
		}
	}
	return n;
}

/* ---- drawing ---- */

static void
app_hints(struct app *app, struct page *pg)
{
	static const enum action resource_hints[] = { ACT_HELP, ACT_COMMAND, ACT_FILTER, ACT_DESCRIBE,
		ACT_YAML, ACT_LOGS, ACT_SHELL, ACT_EDIT, ACT_DELETE, ACT_MARK, ACT_SORT_NEXT,
		ACT_ALL_NAMESPACES, ACT_QUIT };
	static const enum action text_hints[] = { ACT_BACK, ACT_FILTER, ACT_SEARCH_NEXT, ACT_FOLD,
		ACT_HELP, ACT_QUIT };
	/* lists of the table engine that are not resources: clusters, projects, workloads */
	static const enum action list_hints[] = { ACT_HELP, ACT_COMMAND, ACT_ENTER, ACT_FILTER,
		ACT_SORT_NEXT, ACT_BACK, ACT_QUIT };
	const enum action *list = resource_hints;
	size_t n = sizeof resource_hints / sizeof resource_hints[0];
	struct screen_hint h[16];
	char keys[16][32];
	int k = 0;

	if (pg != NULL && strcmp(pg->ops->kind, "shell") == 0) {
		/* every key is the shell's but those after the prefix (ui/shell.h) */
		const char *pk = config_shell_prefix_key() ? config_shell_prefix_key() : "ctrl-]";
		char kd[40], ks[40], kn[40], kx[40];
		snprintf(kd, sizeof kd, "%s d", pk);
		snprintf(ks, sizeof ks, "%s s", pk);
		snprintf(kn, sizeof kn, "%s n/p", pk);
		snprintf(kx, sizeof kx, "%s x", pk);
		struct screen_hint sh[] = { { kd, "browser", 0 }, { ks, "sessions", 0 }, { kn, "next/prev", 0 },
			{ kx, "end", 0 } };
		screen_draw_hints(sh, 4);
		return;
	}
	/* a prompt or a question takes the keys: its own, not the page's (q there is a letter) */
	if (app->mode == APP_MODE_COMMAND || app->mode == APP_MODE_FILTER) {
		struct screen_hint ph[] = { { "enter", app->mode == APP_MODE_COMMAND ? "run" : "apply", 0 },
			{ "esc", "cancel", 0 }, { "tab", "complete", 0 }, { "up/down", "history", 0 } };
		screen_draw_hints(ph, app->mode == APP_MODE_COMMAND ? 4 : 2);
		return;
	}
	if (app->mode == APP_MODE_CONFIRM) {
		struct screen_hint qh[] = { { "y", "yes", 0 }, { "n esc", "no", 0 } };
		screen_draw_hints(qh, 2);
		return;
	}
	if (pg != NULL && (strcmp(pg->ops->kind, "clusters") == 0 || strcmp(pg->ops->kind, "projects") == 0 ||
	    strcmp(pg->ops->kind, "workloads") == 0)) {
		list = list_hints;
		n = sizeof list_hints / sizeof list_hints[0];
	} else if (pg != NULL && strcmp(pg->ops->kind, "resource") != 0) {
		list = text_hints;
		n = sizeof text_hints / sizeof text_hints[0];
	}
	for (size_t i = 0; i < n && k < 16; i++) {
		int key = keymap_key_for(app->keymap, list[i]);
		char why[200];
		if (key < 0)
			continue;
		keymap_key_name(key, keys[k], sizeof keys[k]);
		h[k].key = keys[k];
		h[k].word = action_info(list[i])->hint ? action_info(list[i])->hint : action_info(list[i])->name;
		h[k].disabled = !app_allowed(app, pg, list[i], why, sizeof why);
		k++;
	}
	screen_draw_hints(h, k);
}

static void
app_draw(struct app *app)
{
	struct screen_layout l;
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;
	struct cluster *c = app->cur;
	char state[512] = "", crumbs[8][200], cpu[16] = "", mem[16] = "";
	const char *cp[8];
	int nc = 0, cpct, mpct;

	uint64_t paint_start = loop_now_ms();
	screen_layout(&l);
	if (app->full) {
		clearok(curscr, TRUE);
		app->full = 0;
	}
	curs_set(0);
	if (pg != NULL && pg->ops->status != NULL)
		pg->ops->status(pg, state, sizeof state);
	if (c != NULL && c->state == CLUSTER_CONNECTING && !state[0])
		snprintf(state, sizeof state, "connecting ...");
	if (c != NULL && c->state == CLUSTER_FAILED)
		snprintf(state, sizeof state, "unreachable");
	struct screen_header hd = {
		.context = c ? c->context : "",
		.cluster = c && c->conn ? c->conn->cluster : "",
		.user = c && c->conn ? c->conn->user : "",
		.version = c && c->version[0] ? c->version : NULL,
		.namespace = app->ns && app->ns[0] ? app->ns : "all",
		.state = state,
		.readonly = app->readonly || (c && c->readonly),
	};
	/* usage is polled for the context on screen only */
	static struct cluster *polled;
	if (polled != c && polled != NULL)
		metrics_stop(polled->metrics);
	polled = c;
	if (c != NULL && c->state == CLUSTER_READY)
		metrics_start(c->metrics);
	if (c != NULL && metrics_cluster(c->metrics, &cpct, &mpct) == 0) {
		snprintf(cpu, sizeof cpu, "%d%%", cpct);
		snprintf(mem, sizeof mem, "%d%%", mpct);
		hd.cpu = cpu;
		hd.mem = mem;
	}
	screen_draw_header(&hd);
	for (int i = app->depth > 8 ? app->depth - 8 : 0; i < app->depth; i++) {
		app->stack[i]->ops->crumb(app->stack[i], crumbs[nc], sizeof crumbs[nc]);
		cp[nc] = crumbs[nc];
		nc++;
	}
	screen_draw_crumbs(cp, nc);
	app->cursor_y = -1;
	if (pg != NULL)
		pg->ops->draw(pg, l.main_top, l.main_rows, l.cols);
	else {
		for (int y = l.main_top; y < l.main_top + l.main_rows; y++)
			screen_fill(y, 0, l.cols, screen_attr(THEME_DEFAULT));
		if (c != NULL && c->state == CLUSTER_FAILED)
			screen_put(l.main_top + 1, 2, l.cols - 4, c->err.msg, screen_attr(THEME_FLASH_ERROR), 1);
		else
			screen_put(l.main_top + 1, 2, l.cols - 4, "connecting ...", screen_attr(THEME_PENDING), 1);
	}
	app_hints(app, pg);
	if (app->mode == APP_MODE_COMMAND)
		prompt_draw(app->cmd, l.flash, l.cols);
	else if (app->mode == APP_MODE_FILTER)
		prompt_draw(app->filter, l.flash, l.cols);
	else if (app->mode == APP_MODE_CONFIRM) {
		screen_fill(l.flash, 0, l.cols, screen_attr(THEME_DIALOG));
		screen_put(l.flash, 0, l.cols, app->question, screen_attr(THEME_DIALOG), 1);
	} else if (app->flash[0] && loop_now_ms() < app->flash_until)
		screen_draw_flash(app->flash, app->flash_error);
	else
		screen_draw_flash(NULL, 0);
	app->dirty = 0;
	app->rows_dirty = 0;
	if (app->cursor_y >= 0 && app->mode == APP_MODE_NORMAL) {
		move(app->cursor_y, app->cursor_x);
		curs_set(1);
	}
	wnoutrefresh(stdscr);
	doupdate();
	app_last_paint = loop_now_ms();
	if (log_enabled(LOG_LEVEL_DEBUG)) {
		uint64_t end = loop_now_ms();
		if (app_key_ms)
			log_debug("paint: %llu ms, %llu ms after the key", (unsigned long long)(end - paint_start),
			    (unsigned long long)(end - app_key_ms));
		else
			log_debug("paint: %llu ms", (unsigned long long)(end - paint_start));
	}
	app_key_ms = 0;
}

static void
app_on_tick(void *arg)
{
	struct app *app = arg;
	app->tick = loop_timer_add(app->loop, APP_TICK_MS, app_on_tick, app);
	/* ages move; ncurses sends only the cells that changed */
	app_dirty(app);
}

/* ---- keys ---- */

static void
app_interrupt_yes(struct app *app, void *arg)
{
	(void)arg;
	app->quitting = 1;
	loop_quit(app->loop);
}

static void
app_suspend(struct app *app)
{
	screen_stop();
	app->full = 1;
	app_dirty(app);
}

static void
app_key(struct app *app, int key)
{
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;

	if (app->mode == APP_MODE_CONFIRM) {
		app->mode = APP_MODE_NORMAL;
		app->flash[0] = '\0';
		if (key == 'y' || key == 'Y') {
			void (*cb)(struct app *, void *) = app->confirm_cb;
			app->confirm_cb = NULL;
			if (cb)
				cb(app, app->confirm_arg);
		} else
			app_flash(app, 0, "cancelled");
		app_dirty(app);
		return;
	}
	if (app->mode == APP_MODE_COMMAND || app->mode == APP_MODE_FILTER) {
		struct prompt *p = app->mode == APP_MODE_COMMAND ? app->cmd : app->filter;
		if (key == 3) {
			key = 27;
		}
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
	enum action a = keymap_lookup(app->keymap, key);
	if (a == ACT_NONE)
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
	case ACT_QUIT:
		app->quitting = 1;
		loop_quit(app->loop);
		break;
	case ACT_INTERRUPT:
		app_confirm(app, "Quit kdeck?", app_interrupt_yes, NULL);
		break;
	case ACT_HELP:
		app_help(app);
		break;
	case ACT_BACK:
		/* the first list stays; a viewer opened on nothing (help while connecting) goes */
		if (app->depth > 1 || (pg != NULL && strcmp(pg->ops->kind, "text") == 0))
			app_pop(app);
		break;
	case ACT_COMMAND:
		prompt_open(app->cmd, NULL);
		app->mode = APP_MODE_COMMAND;
		break;
	case ACT_FILTER:
		if (pg != NULL && pg->ops->filter != NULL) {
			prompt_open(app->filter, NULL);
			app->mode = APP_MODE_FILTER;
		}
		break;
	case ACT_THEME_NEXT: {
		int i = 0;
		while (app_themes[i] && strcmp(app_themes[i], app->theme_name))
			i++;
		app_set_theme(app, app_themes[app_themes[i] && app_themes[i + 1] ? i + 1 : 0]);
		break;
	}
	case ACT_CLUSTERS: app_command(app, "clusters"); break;
	case ACT_CONTEXTS: app_command(app, "ctx"); break;
	case ACT_PULSE: app_command(app, "pulse"); break;
	case ACT_PROJECTS: app_command(app, "projects"); break;
	case ACT_NAMESPACES: app_command(app, "ns"); break;
	case ACT_SESSIONS: app_command(app, "sessions"); break;
	case ACT_FORWARDS: app_command(app, "forwards"); break;
	case ACT_LOGS: case ACT_SHELL: case ACT_EDIT: case ACT_SCALE: case ACT_RESTART:
	case ACT_DEBUG: case ACT_PORT_FORWARD:
		app_flash(app, 1, "%s is not available on this screen", action_info(a)->name);
		break;
	default:
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
		if (app_key_ms == 0)
			app_key_ms = loop_now_ms();
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
		app_confirm(app, "Quit kdeck?", app_interrupt_yes, NULL);
		break;
	case SIGTSTP:   /* from outside (kill -TSTP): Ctrl-Z itself comes as a key */
		app_suspend(app);
		break;
	case SIGCONT:
		screen_resume();
		app->full = 1;
		app_dirty(app);
		break;
	default:   /* SIGHUP, SIGTERM: at once */
		app->status = sig == SIGHUP ? 1 : 0;
		app->quitting = 1;
		loop_quit(app->loop);
		break;
	}
}

int
app_run(const struct kd_opts *opts)
{
	struct app app = { .opts = opts };
	struct kd_err err = { 0 };
	struct loop_fd *tty = NULL;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kdeck: the console needs a terminal; use kdeck --print VIEW for scripts\n");
		return 1;
	}
	app.kcfg = kcfg_load(opts->kubeconfig, &err);
	if (app.kcfg == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		return 1;
	}
	const char *ctx = opts->context ? opts->context : kcfg_current_context(app.kcfg);
	if (ctx == NULL && kcfg_context_count(app.kcfg) > 0)
		ctx = kcfg_context_name(app.kcfg, 0);
	if (ctx == NULL) {
		fprintf(stderr, "kdeck: the kubeconfig has no contexts; add one with kubectl config set-context\n");
		kcfg_free(&app.kcfg);
		return 1;
	}
	const char *tname = opts->theme ? opts->theme : "dark";
	app.theme = theme_load(config_search_path("themes"), tname, &err);
	if (app.theme == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		kcfg_free(&app.kcfg);
		return 1;
	}
	app.theme_name = xstrdup(tname);
	app.keymap = keymap_load(config_search_path("keymaps"), opts->keymap ? opts->keymap : "default", &err);
	if (app.keymap == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		theme_free(&app.theme);
		kcfg_free(&app.kcfg);
		return 1;
	}
	app.readonly = opts->readonly;
	app.loop = loop_new();
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
	prompt_set_complete(app.cmd, app_complete, &app);
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
	loop_signal(app.loop, SIGCONT, app_on_signal, &app);
	loop_signal(app.loop, SIGTSTP, app_on_signal, &app);
	tty = loop_fd_add(app.loop, STDIN_FILENO, LOOP_IN, app_on_tty, &app);
	app_pending = xstrdup(opts->command ? opts->command : "pods");
	app_run_pending(&app);
	app.tick = loop_timer_add(app.loop, APP_TICK_MS, app_on_tick, &app);
	app_draw(&app);
	loop_run(app.loop);
	screen_close();
done:
	free(app_pending);
	app_pending = NULL;
	loop_timer_cancel(app.loop, &app.frame);
	loop_timer_cancel(app.loop, &app.tick);
	if (tty != NULL)
		loop_fd_del(app.loop, &tty);
	app_clear_stack(&app);
	podact_shutdown();
	loop_timer_cancel(app.loop, &app.frame);
	for (size_t i = 0; i < app.nclusters; i++)
		cluster_free(&app.clusters[i]);
	free(app.clusters);
	prompt_free(&app.cmd);
	prompt_free(&app.filter);
	free(app.ns);
	free(app.ns_before_all);
	free(app.theme_name);
	theme_free(&app.theme);
	keymap_free(&app.keymap);
	loop_free(&app.loop);
	kcfg_free(&app.kcfg);
	return app.status;
}
