/* :rollouts: the Deployments of every namespace whose rollout is not finished by the
 * counts kubectl rollout status waits for (updated, available and ready short of desired,
 * or old replicas still running), live from the Deployments' informer. Enter opens one's
 * progress view (page_rollout.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/store.h"
#include "model/view.h"
#include "ui/page/page_rollout.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

struct ros {
	struct page *pg;
	struct cluster *c;
	const struct kres *res;
	struct informer *inf;
};

static long
ros_num(struct store *s, const struct store_row *r, const char *col, long *of)
{
	int i = view_col_index(store_view(s), col);
	const char *v = i >= 0 ? store_row_cell(r, i) : NULL;
	long a = -1, b = -1;
	if (v == NULL || sscanf(v, "%ld/%ld", &a, &b) < 1)
		return -1;
	if (of != NULL)
		*of = b;
	return a;
}

static void
ros_refill(struct page *pg, struct pager *p, void *arg)
{
	struct ros *ro = arg;
	struct store *s = informer_store(ro->inf);
	size_t shown = 0;
	(void)pg;
	pager_clear(p);
	pager_addf(p, THEME_TABLE_HEADER, "%-24s %-40s %-8s %-10s %-9s", "NAMESPACE", "NAME", "READY",
	    "UP-TO-DATE", "AVAILABLE");
	store_set_filter(s, "", NULL);
	for (size_t i = 0; i < store_visible(s); i++) {
		const struct store_row *r = store_at(s, i);
		long desired = -1;
		long ready = ros_num(s, r, "READY", &desired);
		long updated = ros_num(s, r, "UP-TO-DATE", NULL), avail = ros_num(s, r, "AVAILABLE", NULL);
		if (desired < 0 || (ready >= desired && updated >= desired && avail >= desired))
			continue;
		char key[600];
		pager_addf(p, THEME_PENDING, "%-24s %-40s %ld/%-6ld %-10ld %-9ld", store_row_namespace(r),
		    store_row_name(r), ready, desired, updated, avail);
		snprintf(key, sizeof key, "%s/%s", store_row_namespace(r), store_row_name(r));
		pager_name_last(p, key);
		shown++;
	}
	if (informer_state(ro->inf) == INFORMER_FAILED)
		pager_addf(p, THEME_ERROR, "%s", informer_error(ro->inf)->msg);
	else if (shown == 0)
		pager_addf(p, THEME_OK, "%s", informer_synced(ro->inf) ? "no rollout in progress" : "listing ...");
}

static void
ros_listen(struct informer *inf, void *arg)
{
	struct ros *ro = arg;
	(void)inf;
	page_text_refill_now(ro->pg);
}

static void
ros_free(void *arg)
{
	struct ros *ro = arg;
	informer_unlisten(ro->inf, ros_listen, ro);
	informer_release(&ro->inf);
	free(ro);
}

static int
ros_action(struct page *pg, enum action a, void *arg)
{
	struct ros *ro = arg;
	const char *key = pager_cursor_key(page_text_pager(pg));
	if (a != ACT_ENTER)
		return APP_UNHANDLED;
	const char *slash = key ? strchr(key, '/') : NULL;
	if (slash == NULL) {
		app_flash(pg->app, 0, "no rollout on this line");
		return APP_REDRAW;
	}
	char ns[256];
	snprintf(ns, sizeof ns, "%.*s", (int)(slash - key), key);
	page_rollout_open(pg->app, ro->c, ro->res, ns, slash + 1);
	return APP_REDRAW;
}

static const enum action ros_hint_actions[] = { ACT_BACK, ACT_ENTER, ACT_FILTER, ACT_HELP, ACT_QUIT };
static const char *const ros_hint_words[] = { NULL, "progress", "search", NULL, NULL };
static const struct page_hints ros_hints = { ros_hint_actions,
	sizeof ros_hint_actions / sizeof ros_hint_actions[0], KEYMAP_VIEWER, ros_hint_words };

struct page *
page_rollouts_new(struct app *app, struct cluster *c)
{
	const struct kres *res = discovery_find(c->disc, "deployments.apps");
	if (res == NULL)
		return NULL;
	struct page *pg = page_text_new(app, c, "rollouts");
	struct ros *ro = xcalloc(1, sizeof *ro);
	ro->pg = pg;
	ro->c = c;
	ro->res = res;
	page_text_set_refill(pg, ros_refill, ro, ros_free);
	page_text_set_action(pg, ros_action, &ros_hints);
	pager_set_cursor(page_text_pager(pg), 1);
	ro->inf = informer_acquire(c->infs, res, NULL, NULL);
	informer_listen(ro->inf, ros_listen, ro);
	page_text_refill_now(pg);
	return pg;
}
