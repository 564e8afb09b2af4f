/* The frame: header, crumbs, the page on top, the hint line, the flash or prompt line. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "app_priv.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "kube/metrics.h"
#include "kube/webhook.h"
#include "log.h"
#include "loop.h"
#include "model/expr.h"
#include "ops/op.h"
#include "ui/widget/keymap.h"
#include "ui/widget/prompt.h"
#include "ui/widget/screen.h"

/* The key a hint offers for act: the first bound to it in the page's sections (logs:,
 * viewer:, keys:) that no section before takes for something else; -1 when none. */
static int
app_hint_key(struct app *app, enum keymap_section sec, enum action act)
{
	enum keymap_section chain[3];
	int n = 0;
	if (sec == KEYMAP_EDITOR)   /* every other key types text there */
		return keymap_key_for_in(app->keymap, KEYMAP_EDITOR, act);
	if (sec == KEYMAP_LOGS)
		chain[n++] = KEYMAP_LOGS;
	if (sec == KEYMAP_LOGS || sec == KEYMAP_VIEWER)
		chain[n++] = KEYMAP_VIEWER;
	chain[n++] = KEYMAP_KEYS;
	for (int j = 0; j < n; j++) {
		enum action b;
		int key;
		for (size_t i = 0; (key = keymap_binding_in(app->keymap, chain[j], i, &b)) >= 0; i++) {
			int shadowed = 0;
			for (int e = 0; e < j && !shadowed; e++)
				shadowed = keymap_lookup_in(app->keymap, chain[e], key) != ACT_NONE;
			if (b == act && !shadowed)
				return key;
		}
	}
	return -1;
}


/* Whether op fits the kind pg lists: by name, else by what discovery says of it (a
 * custom resource with a scale subresource). */
static int
app_op_fits(const struct op *op, struct page *pg)
{
	struct cluster *c = page_cluster(pg);
	char q[320];
	if (op_applies_to(op, pg->res_name))
		return 1;
	if (op->kinds_subres == 0 || c == NULL || c->disc == NULL)
		return 0;
	snprintf(q, sizeof q, "%s%s%s", pg->res_name, pg->res_group && pg->res_group[0] ? "." : "",
	    pg->res_group ? pg->res_group : "");
	return op_applies_res(op, discovery_find(c->disc, q));
}

#define APP_HINTS_MAX 24   /* more than any page's list offers */

static void
app_hints(struct app *app, struct page *pg)
{
	struct screen_hint h[APP_HINTS_MAX];
	char keys[APP_HINTS_MAX][32];
	int k = 0;

	if (pg != NULL && pg->ops->draw_hints != NULL) {
		pg->ops->draw_hints(pg);
		return;
	}
	/* a prompt or a question takes the keys: its own, not the page's (q there is a letter) */
	if (app->mode == APP_MODE_COMMAND || app->mode == APP_MODE_FILTER) {
		struct screen_hint ph[] = { { "enter", app->mode == APP_MODE_COMMAND ? "run" : "apply", 0, 0 },
			{ "esc", "cancel", 0, 0 }, { "tab", "complete", 0, 0 }, { "up/down", "history", 0, 0 } };
		screen_draw_hints(ph, app->mode == APP_MODE_COMMAND ? 4 : 2);
		return;
	}
	if (app->mode == APP_MODE_ASK) {
		struct screen_hint ah[] = { { "enter", "accept", 0, 0 }, { "esc", "cancel", 0, 0 } };
		screen_draw_hints(ah, 2);
		return;
	}
	if (app->mode == APP_MODE_CONFIRM) {
		struct screen_hint qh[] = { { "y", "yes", 0, 0 }, { "n esc", "no", 0, 0 } };
		screen_draw_hints(qh, 2);
		return;
	}
	/* no page yet (connecting): what the first list will offer */
	const struct page_hints *ph = pg == NULL ? &page_hints_browse : pg->ops->hints;
	for (size_t i = 0; ph != NULL && i < ph->n && k < APP_HINTS_MAX; i++) {
		enum action act = ph->actions[i];
		int key = app_hint_key(app, ph->section, act);
		char why[200];
		const char *word = ph->words != NULL ? ph->words[i] : NULL;
		if (key < 0)
			continue;
		/* above the first page q goes back: offered as that, in place of esc */
		if (act == ACT_BACK && app->depth > 1 && app_hint_key(app, ph->section, ACT_QUIT) >= 0)
			continue;
		if (act == ACT_QUIT && app->depth > 1)
			word = "back";
		/* an operation is offered where it fits the kind listed (restart: workloads); a
		 * page that names the key's word itself means its own (a release's rollback) */
		const struct op *op = op_for_action(action_info(act)->name);
		if (op != NULL && word == NULL && pg != NULL && pg->res_name != NULL && !app_op_fits(op, pg))
			continue;
		/* connecting: those the first list, the pods, will offer (not a node's drain) */
		if (op != NULL && pg == NULL && !op_applies_to(op, "pods"))
			continue;
		keymap_key_name(key, keys[k], sizeof keys[k]);
		h[k].key = keys[k];
		h[k].word = word ? word : action_info(act)->hint ? action_info(act)->hint : action_info(act)->name;
		h[k].disabled = !app_allowed(app, pg, act, why, sizeof why);
		h[k].keep = act == ACT_HELP || act == ACT_QUIT;
		k++;
	}
	screen_draw_hints(h, k);
}

/* The context, cluster, user, version, namespace, state and usage line, of the cluster
 * what is on screen belongs to (a shell's, a describe's), not the current one when they
 * differ; app-wide pages (the session list) show the current one. */
static void
app_draw_header(struct app *app, struct page *pg)
{
	struct cluster *c = page_cluster(pg) != NULL ? page_cluster(pg) : app->cur;
	char state[512] = "", cpu[16] = "", mem[16] = "";
	int cpct, mpct;

	if (pg != NULL && pg->ops->status != NULL)
		pg->ops->status(pg, state, sizeof state);
	if (c != NULL && c->conn != NULL && kauth_running(c->conn->auth))
		snprintf(state, sizeof state, "waiting for the credential plugin of %s", c->context);
	else if (c != NULL && c->state == CLUSTER_CONNECTING && !state[0])
		snprintf(state, sizeof state, "connecting ...");
	if (c != NULL && c->state == CLUSTER_FAILED)   /* no credential is not a cluster down */
		snprintf(state, sizeof state, "%s", c->err.code == KD_ERR_AUTH ? c->err.msg : "unreachable");
	char wh[160];
	webhook_status(wh, sizeof wh);   /* the audit webhook is behind, or its spool full */
	if (wh[0] != '\0') {
		size_t sl = strlen(state);
		snprintf(state + sl, sizeof state - sl, "%s%s", sl ? "  " : "", wh);
	}
	struct screen_header hd = {
		.context = c ? c->context : "",
		.cluster = c && c->conn ? c->conn->cluster : "",
		.user = c && c->conn ? c->conn->user : "",
		.version = c && c->version[0] ? c->version : NULL,
		.namespace = app->ns && app->ns[0] ? app->ns : "all",
		.state = state,
		.readonly = app->readonly || (c && c->readonly),
		.production = c != NULL && config_production(c->context),
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
}

void
app_draw(struct app *app)
{
	if (app->lent)
		return;   /* a program has the terminal */
	struct screen_layout l;
	struct page *pg = app->depth ? app->stack[app->depth - 1] : NULL;
	struct cluster *c = app->cur;
	char crumbs[8][200];
	const char *cp[8];
	int nc = 0;

	uint64_t paint_start = loop_now_ms();
	expr_durations_begin();
	screen_layout(&l);
	if (app->full) {
		clearok(curscr, TRUE);
		app->full = 0;
	}
	curs_set(0);
	app_draw_header(app, pg);
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
		else if (c != NULL && c->conn != NULL && kauth_running(c->conn->auth))
			screen_put(l.main_top + 1, 2, l.cols - 4, "waiting for the credential plugin ...",
			    screen_attr(THEME_PENDING), 1);
		else
			screen_put(l.main_top + 1, 2, l.cols - 4, "connecting ...", screen_attr(THEME_PENDING), 1);
	}
	app_hints(app, pg);
	if (app->mode == APP_MODE_COMMAND)
		prompt_draw(app->cmd, l.flash, l.cols);
	else if (app->mode == APP_MODE_FILTER)
		prompt_draw(app->filter, l.flash, l.cols);
	else if (app->mode == APP_MODE_ASK)
		prompt_draw(app->ask, l.flash, l.cols);
	else if (app->mode == APP_MODE_CONFIRM) {
		screen_fill(l.flash, 0, l.cols, screen_attr(THEME_DIALOG));
		screen_put(l.flash, 0, l.cols, app->question, screen_attr(THEME_DIALOG), 1);
	} else if (app->flash[0] && loop_now_ms() < app->flash_until)
		screen_draw_flash(app->flash, app->flash_error);
	else
		screen_draw_flash(NULL, 0);
	app->flash_shown = app->mode == APP_MODE_NORMAL && app->flash[0] && loop_now_ms() < app->flash_until;
	long long next = expr_durations_next();
	app->ages_due = next < 0 ? 0 : time(NULL) + (time_t)next;
	app->dirty = 0;
	app->rows_dirty = 0;
	if (app->cursor_y >= 0 && app->mode == APP_MODE_NORMAL) {
		move(app->cursor_y, app->cursor_x);
		curs_set(1);
	}
	wnoutrefresh(stdscr);
	doupdate();
	app->last_paint = loop_now_ms();
	if (log_enabled(LOG_LEVEL_DEBUG)) {
		uint64_t end = loop_now_ms();
		if (app->key_ms)
			log_debug("paint: %llu ms, %llu ms after the key", (unsigned long long)(end - paint_start),
			    (unsigned long long)(end - app->key_ms));
		else
			log_debug("paint: %llu ms", (unsigned long long)(end - paint_start));
	}
	app->key_ms = 0;
}

