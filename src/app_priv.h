/* struct app, for the files of the app only (app.c, app_draw.c): pages and commands use
 * the functions of app.h. */
#ifndef KD_APP_PRIV_H
#define KD_APP_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app.h"

enum { APP_MODE_NORMAL, APP_MODE_COMMAND, APP_MODE_FILTER, APP_MODE_CONFIRM, APP_MODE_ASK };

struct app {
	const struct kd_opts *opts;
	struct loop *loop;
	struct kcfg *kcfg;
	const char *const *view_dirs;
	struct cluster **clusters;       /* one per kubeconfig context, opened on first use */
	size_t nclusters;
	struct cluster *cur;
	char *ns;                        /* current namespace; "" = all */
	char *ns_before_all;             /* the namespace the all-namespaces key left */
	struct theme *theme;
	char *theme_name;
	struct keymap *keymap;
	struct page *stack[32];
	int depth;
	struct prompt *cmd, *filter;
	struct prompt *ask;              /* app_ask's line: the question is its lead */
	int mode;                        /* APP_MODE_* */
	char flash[512];
	int flash_error;
	uint64_t flash_until;
	int flash_shown;                 /* the last frame showed the flash line's message */
	time_t ages_due;                 /* when an age on screen next reads differently (0: none) */
	char tick_state[512];            /* the page's status line at the last tick */
	int readonly;
	int dirty, full;
	int rows_dirty;                  /* only a list's rows changed (app_dirty_rows) */
	struct loop_timer *frame, *tick;
	void (*confirm_cb)(struct app *app, void *arg);
	void *confirm_arg;
	void (*confirm_choose)(struct app *app, int key, void *arg);   /* app_confirm_choices */
	void (*confirm_no)(struct app *app, void *arg);                /* app_confirm_or */
	char confirm_keys[16];
	char question[512];
	void (*ask_cb)(struct app *app, const char *answer, void *arg);
	void *ask_arg;
	int quitting;
	int status;
	int cursor_y, cursor_x;          /* a page wants the cursor shown there (-1: hidden) */
	uint64_t last_paint;             /* loop_now_ms() of the last frame */
	/* when the first key not yet painted arrived (0: none), for the debug log's latency */
	uint64_t key_ms;
	struct loop_fd *tty;             /* the terminal's watch */
	int lent;                        /* a program has the terminal (app_terminal_lend) */
};

/* Paints the frame: header, crumbs, the page on top, hints, the flash line. */
void app_draw(struct app *app);
/* app_question.c: the keys that answer app_confirm and app_ask, and an open question
 * dropped at the end. */
void app_key_confirm(struct app *app, int key);
void app_key_ask(struct app *app, int key);
void app_question_drop(struct app *app);
/* app_terminal.c: the credential plugins' hooks (kauth_set_hooks): one started or ended,
 * and an interactive one taking (take 1) or giving back the terminal. */
void app_on_plugin(void *arg);
void app_on_plugin_terminal(int take, const char *who, void *arg);

#endif
