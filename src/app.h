/* The full-screen program: app_run opens the screen on top of the one event loop and
 * runs until the user quits, the terminal goes away or SIGHUP/SIGTERM arrives. Screens
 * are pages on a stack (Enter pushes, Esc pops; ui/page/page.h); keys become named
 * actions (keymap); ":" lines go to the command table (cmd.h); a handler says what must
 * be redone and the loop repaints at most that, coalescing bursts of model changes into
 * one frame. struct app is app.c's own: pages and commands use these functions. */
#ifndef KD_APP_H
#define KD_APP_H

#include <stddef.h>
#include <stdint.h>

#include "ui/page/page.h"
#include "ui/widget/keymap.h"

struct kd_opts;
struct loop;
struct cluster;
struct theme;
struct keymap;
struct app;

int app_run(const struct kd_opts *opts);

/* ---- for pages and commands ---- */
void app_flash(struct app *app, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void app_push(struct app *app, struct page *pg);
void app_pop(struct app *app);
void app_clear_stack(struct app *app);   /* pops every page */
/* The page I from the top (0: the one on screen), NULL below the bottom. */
struct page *app_page(struct app *app, int i);
void app_dirty(struct app *app);        /* a model changed: schedule a frame */
void app_dirty_now(struct app *app);    /* a shell's output, an answer a key waits for:
                                        * paint now or with the next frame */
/* A list's rows changed (a watch event): the next frame paints only when the page on top
 * says something on screen changed; the header and ages follow with the 1 s tick. */
void app_dirty_rows(struct app *app);
/* Asks a yes/no question; cb runs on yes. */
void app_confirm(struct app *app, const char *question, void (*cb)(struct app *, void *), void *arg);
/* The same, with no(app, arg) run on any other answer, after the flash says nothing was
 * sent (not when the question goes with its page, or another question takes its place). */
void app_confirm_or(struct app *app, const char *question, void (*cb)(struct app *, void *),
    void (*no)(struct app *, void *), void *arg);
/* The same with choices on the question row: a key of keys runs choose (which asks again
 * with the choice made); hint says them after y/N ("b/f/o propagation"). */
void app_confirm_choices(struct app *app, const char *question, const char *keys, const char *hint,
    void (*cb)(struct app *, void *), void (*choose)(struct app *, int key, void *), void *arg);
/* Asks for a line on the prompt row: question, then text typed in for the user to edit.
 * cb gets the line on Enter, NULL on Esc (or ctrl-c); a new question cancels an open one. */
void app_ask(struct app *app, const char *question, const char *text,
    void (*cb)(struct app *app, const char *answer, void *arg), void *arg);
/* Opens the ":" prompt with text typed in (NULL: empty), for the user to finish. */
void app_prompt_command(struct app *app, const char *text);
/* Shows the terminal cursor at y, x after this paint (a shell pane). */
void app_set_cursor(struct app *app, int y, int x);
void app_quit(struct app *app);
/* Quits, asking first when shells or forwards are live ("2 shells and 1 forward will
 * end. Quit?"), or always when always is set (Ctrl-C). */
void app_quit_ask(struct app *app, int always);

/* Lends the terminal to a program run on it while the loop goes on (an external editor):
 * the screen steps aside, keys are not read and nothing is painted until
 * app_terminal_back, which takes the screen again and repaints it in full. */
void app_terminal_lend(struct app *app);
void app_terminal_back(struct app *app);
int app_terminal_lent(struct app *app);

struct loop *app_loop(struct app *app);
struct keymap *app_keymap(struct app *app);
struct theme *app_theme(struct app *app);
const char *app_theme_name(struct app *app);
/* Loads theme NAME and paints with it; -1 (the flash says why) when it cannot be loaded. */
int app_set_theme(struct app *app, const char *name);
int app_readonly(struct app *app);      /* --readonly */

/* The namespace commands and pages start from; "" = all namespaces. */
const char *app_namespace(struct app *app);
void app_set_namespace(struct app *app, const char *ns);
/* The namespace the all-namespaces key goes to from ns: "" (all) from a namespace, which
 * it remembers; from all, back to the one it left, else the current one, else fallback
 * (the context's). Borrowed until the next call. */
const char *app_namespace_toggle(struct app *app, const char *ns, const char *fallback);

/* The cluster on screen (the header's), NULL before the first. */
struct cluster *app_current_cluster(struct app *app);
void app_set_current_cluster(struct app *app, struct cluster *c);
/* Every kubeconfig context's cluster, in the kubeconfig's order; not connected by this. */
size_t app_cluster_count(struct app *app);
struct cluster *app_cluster_at(struct app *app, size_t i);
/* The cluster of CONTEXT, connecting it (NULL: no such context). */
struct cluster *app_cluster(struct app *app, const char *context);

/* Runs a ":" command line as if typed (cmd_run). Returns 0 or -1 (flash says why). */
int app_command(struct app *app, const char *line);
/* Whether an action may run here: 1, or 0 with why ("read-only", "not allowed: ..."). */
int app_allowed(struct app *app, struct page *pg, enum action a, char *why, size_t len);

#endif
