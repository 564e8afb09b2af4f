/* The full-screen program: app_run opens the screen on top of the one event loop and
 * runs until the user quits, the terminal goes away or SIGHUP/SIGTERM arrives. Screens
 * are pages on a stack (Enter pushes, Esc pops); keys become named actions (keymap);
 * a handler says what must be redone and the loop repaints at most that, coalescing
 * bursts of model changes into one frame. */
#ifndef KD_APP_H
#define KD_APP_H

#include <stddef.h>
#include <stdint.h>

#include "ui/widget/keymap.h"

struct kd_opts;
struct loop;
struct kcfg;
struct cluster;
struct theme;
struct keymap;
struct prompt;
struct page;

/* What a handler asks for (htop's Action.h). */
enum {
	APP_NOTHING = 0,
	APP_REDRAW = 1,      /* repaint (only changed cells reach the terminal) */
	APP_FULL = 2,        /* forget what the terminal shows and repaint all of it */
	APP_UNHANDLED = 4,   /* the page did not use the action */
};

struct page_ops {
	const char *kind;                                          /* "resource", "text", ... */
	void (*draw)(struct page *pg, int y, int h, int w);
	int (*action)(struct page *pg, enum action a);             /* APP_* */
	void (*crumb)(struct page *pg, char *buf, size_t len);
	/* "/" typed text, live: filter rows or search text. 0 or -1 with err */
	int (*filter)(struct page *pg, const char *text, char *err, size_t errlen);
	/* A status for the header ("listing (300)", "reconnecting ..."), may be NULL. */
	void (*status)(struct page *pg, char *buf, size_t len);
	void (*free)(struct page *pg);
	/* Keys before the keymap (a shell pane takes them all), may be NULL. key as curses
	 * gives it (KEYMAP_FN + KEY_* for function keys); APP_UNHANDLED: look it up. */
	int (*key)(struct page *pg, int key);
	/* Whether a paint now would show something new (after app_dirty_rows); NULL: always. */
	int (*changed)(struct page *pg);
};

struct page {
	const struct page_ops *ops;
	struct app *app;
	struct cluster *cluster;   /* the cluster it shows, NULL for app-wide pages */
	int dirty;                 /* model changed: repaint soon */
	/* what the page lists, for permission checks (borrowed from the page; NULL: none) */
	const char *res_group, *res_name, *res_ns;
};

struct app_mode;

struct app {
	const struct kd_opts *opts;
	struct loop *loop;
	struct kcfg *kcfg;
	const char *const *view_dirs;
	struct cluster **clusters;       /* one per kubeconfig context, opened on first use */
	size_t nclusters;
	struct cluster *cur;
	char *ns;                        /* current namespace; "" = all */
	struct theme *theme;
	char *theme_name;
	struct keymap *keymap;
	struct page *stack[32];
	int depth;
	struct prompt *cmd, *filter;
	int mode;                        /* APP_MODE_* */
	char flash[512];
	int flash_error;
	uint64_t flash_until;
	int readonly;
	int dirty, full;
	int rows_dirty;                  /* only a list's rows changed (app_dirty_rows) */
	struct loop_timer *frame, *tick;
	void (*confirm_cb)(struct app *app, void *arg);
	void *confirm_arg;
	char question[256];
	int quitting;
	int status;
	int cursor_y, cursor_x;          /* a page wants the cursor shown there (-1: hidden) */
	char *ns_before_all;             /* the namespace the all-namespaces key left (ns_toggle.h) */
};

enum { APP_MODE_NORMAL, APP_MODE_COMMAND, APP_MODE_FILTER, APP_MODE_CONFIRM };

int app_run(const struct kd_opts *opts);

/* For pages. */
void app_flash(struct app *app, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_push(struct app *app, struct page *pg);
void app_pop(struct app *app);
void app_dirty(struct app *app);        /* a model changed: schedule a frame */
void app_dirty_now(struct app *app);
/* A list's rows changed (a watch event): the next frame paints only when the page on top
 * says something on screen changed; the header and ages follow with the 1 s tick. */
void app_dirty_rows(struct app *app);    /* a shell's output: paint now or with the next frame */
/* Asks a yes/no question; cb runs on yes. */
void app_confirm(struct app *app, const char *question, void (*cb)(struct app *, void *), void *arg);
struct cluster *app_cluster(struct app *app, const char *context);   /* opens it */
/* Runs a ":" command line as if typed. Returns 0 or -1 (flash says why). */
int app_command(struct app *app, const char *line);
/* Makes CONTEXT current and runs the command THEN there once it is connected. */
int app_use_context(struct app *app, const char *context, const char *then);
/* Whether an action may run here: 1, or 0 with why ("read-only", "not allowed: ..."). */
int app_allowed(struct app *app, struct page *pg, enum action a, char *why, size_t len);

#endif
