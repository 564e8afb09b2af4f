/* The port-forward list; see page_forwards.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/portforward.h"
#include "kube/cluster.h"
#include "ops/task.h"
#include "ui/page/page_forwards.h"
#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"
#include "util/xmalloc.h"

struct forward {
	struct pfwd *pf;
	char *context, *label;
	char shown_error[512];
	struct task *task;
};

/* Forwards are the registry's "forward" tasks (ops/task.h), in the order they started. */
static const struct task_ops fw_task = { "forward", NULL };

static size_t
fw_count(void)
{
	return task_count(fw_task.kind);
}

static struct forward *
fw_at(size_t i)
{
	struct task *t = task_at(fw_task.kind, i);
	return t != NULL ? task_object(t) : NULL;
}

static uint64_t fw_version;   /* moves when a forward starts or stops */
static const struct page_ops page_forwards_ops;

static void
fw_notify(struct pfwd *pf, void *arg)
{
	struct app *app = arg;
	for (size_t i = 0; i < fw_count(); i++) {
		struct forward *f = fw_at(i);
		if (f->pf != pf)
			continue;
		/* a new failure is said once, whatever screen is up */
		if (pfwd_last_error(pf)[0] && strcmp(f->shown_error, pfwd_last_error(pf)) != 0) {
			snprintf(f->shown_error, sizeof f->shown_error, "%s", pfwd_last_error(pf));
			app_flash(app, 1, "port-forward 127.0.0.1:%d: %s", pfwd_local_port(pf), f->shown_error);
		}
	}
	if (app_page(app, 0) != NULL && app_page(app, 0)->ops == &page_forwards_ops)
		app_dirty(app);
}

/* A forward waiting for the user to pick its local port: the one asked for cannot be had. */
struct fw_pending {
	struct cluster *c;
	char *ns, *pod, *label;
	int remote, proposed;
	char *why;                /* "local port 80 needs root (it is below 1024)" */
};

static void
fw_pending_free(struct fw_pending **pp)
{
	struct fw_pending *pd = *pp;
	if (pd == NULL)
		return;
	*pp = NULL;
	free(pd->ns);
	free(pd->pod);
	free(pd->label);
	free(pd->why);
	free(pd);
}

static void fw_on_answer(struct app *app, const char *answer, void *arg);

/* Asks for the local port, the proposal typed in; owns pd. */
static void
fw_ask(struct app *app, struct fw_pending *pd)
{
	char q[320];
	snprintf(q, sizeof q, "%s; forward local %d -> %s:%d? ", pd->why, pd->proposed, pd->pod, pd->remote);
	char text[16];
	snprintf(text, sizeof text, "%d", pd->proposed);
	app_ask(app, q, text, fw_on_answer, pd);
}

/* The local port typed: empty is the proposal, 0 a free one. */
static void
fw_on_answer(struct app *app, const char *answer, void *arg)
{
	struct fw_pending *pd = arg;
	if (answer == NULL) {
		app_flash(app, 0, "port-forward to %s/%s:%d cancelled", pd->ns, pd->pod, pd->remote);
		fw_pending_free(&pd);
		return;
	}
	while (*answer == ' ')
		answer++;
	char *end = NULL;
	long port = *answer ? strtol(answer, &end, 10) : pd->proposed;
	while (end != NULL && *end == ' ')
		end++;
	if (end != NULL && (end == answer || *end != '\0' || port < 0 || port > 65535)) {
		char *why = xasprintf("\"%s\" is not a local port (1-65535, 0 for a free one)", answer);
		free(pd->why);
		pd->why = why;
		fw_ask(app, pd);
		return;
	}
	forwards_start(app, pd->c, pd->ns, pd->pod, pd->remote, (int)port, pd->label);
	fw_pending_free(&pd);
}

int
forwards_start(struct app *app, struct cluster *c, const char *ns, const char *pod, int remote, int local,
    const char *label)
{
	struct kd_err err = { 0 };
	int want = local < 0 ? remote : local;
	char why[200];
	if (want > 0 && want <= 65535 && remote > 0 && remote <= 65535) {
		int st = pfwd_port_check(want, why, sizeof why);
		if (st == PFWD_PORT_ROOT || st == PFWD_PORT_BUSY) {
			/* neither a failure nor another port without a word: the user picks */
			struct fw_pending *pd = xcalloc(1, sizeof *pd);
			pd->c = c;
			pd->ns = xstrdup(ns);
			pd->pod = xstrdup(pod);
			pd->label = xstrdup(label ? label : pod);
			pd->remote = remote;
			pd->proposed = pfwd_port_propose(want);
			pd->why = xstrdup(why);
			fw_ask(app, pd);
			return 0;
		}
	}
	struct pfwd *pf = pfwd_new(app_loop(app), c->conn, ns, pod, remote, want, &err);
	if (pf == NULL) {
		app_flash(app, 1, "port-forward to %s/%s:%d: %s", ns, pod, remote, err.msg);
		return -1;
	}
	struct forward *f = xcalloc(1, sizeof *f);
	f->pf = pf;
	f->context = xstrdup(c->context);
	f->label = xstrdup(label ? label : pod);
	pfwd_set_notify(pf, fw_notify, app);
	f->task = task_add(&fw_task, f, f->context, f->label);
	fw_version++;
	app_flash(app, 0, "forwarding 127.0.0.1:%d -> %s/%s:%d (%s); :forwards lists them", pfwd_local_port(pf), ns,
	    pod, remote, f->label);
	return 0;
}

static void
fw_stop(size_t i)
{
	struct forward *f = fw_at(i);
	pfwd_free(&f->pf);
	free(f->context);
	free(f->label);
	task_remove(&f->task);
	free(f);
	fw_version++;
}

void
forwards_shutdown(void)
{
	while (fw_count() > 0)
		fw_stop(0);
}

struct page_forwards {
	struct page base;
	struct table *t;
};

/* ---- the table source: the forwards in the order started ---- */

enum { FW_LOCAL, FW_CLUSTER, FW_TARGET, FW_CONNS, FW_IO, FW_ERROR, FW_NCOLS };
static const char *const fw_names[FW_NCOLS] = { "LOCAL", "CLUSTER", "TARGET", "CONNS", "IN/OUT",
	"LAST ERROR" };

static int fws_ncols(void *arg) { (void)arg; return FW_NCOLS; }

static void
fws_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = fw_names[i];
	c->right = i == FW_CONNS;
}

static size_t fws_nrows(void *arg) { (void)arg; return fw_count(); }

static void
fws_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct pfwd *pf;

	(void)arg;
	buf[0] = '\0';
	if (row >= fw_count())
		return;
	pf = fw_at(row)->pf;
	switch (col) {
	case FW_LOCAL: snprintf(buf, len, "127.0.0.1:%d", pfwd_local_port(pf)); break;
	case FW_CLUSTER: snprintf(buf, len, "%s", fw_at(row)->context); break;
	case FW_TARGET:
		snprintf(buf, len, "%s/%s:%d (%s)", pfwd_ns(pf), pfwd_pod(pf), pfwd_remote_port(pf),
		    fw_at(row)->label);
		break;
	case FW_CONNS: snprintf(buf, len, "%u", pfwd_active(pf)); break;
	case FW_IO:
		snprintf(buf, len, "%lluK/%lluK", (unsigned long long)pfwd_bytes_in(pf) / 1024,
		    (unsigned long long)pfwd_bytes_out(pf) / 1024);
		break;
	case FW_ERROR: snprintf(buf, len, "%s", pfwd_last_error(pf)); break;
	}
}

/* The local address: one forward a port. */
static void
fws_key(void *arg, size_t row, char *buf, size_t len)
{
	fws_cell(arg, row, FW_LOCAL, buf, len);
}

static enum theme_el
fws_row_el(void *arg, size_t row)
{
	(void)arg;
	return row < fw_count() && pfwd_last_error(fw_at(row)->pf)[0] ? THEME_WARNING : THEME_ROW;
}

static uint64_t fws_version(void *arg) { (void)arg; return fw_version; }


static const struct table_source_ops fw_source = {
	.ncols = fws_ncols, .col = fws_col, .nrows = fws_nrows, .cell = fws_cell, .key = fws_key,
	.row_el = fws_row_el, .version = fws_version,
	/* no filter; in the order started: sorting a handful of forwards would only move
	 * them about */
};

/* ---- the page ---- */

static void
fwp_draw(struct page *pg, int y, int h, int w)
{
	struct page_forwards *fp = (struct page_forwards *)pg;
	table_draw(fp->t, y, h, w, 0);
	if (fw_count() == 0 && h > 2)
		screen_put(y + 2, 2, w - 4, "No port-forwards: F on a pod or service starts one.", screen_attr(THEME_PENDING), 1);
}

/* Stops the forward listening on local ("127.0.0.1:PORT"); its port, or -1 when gone. */
static int
fwp_stop_key(const char *local)
{
	char key[64];
	for (size_t i = 0; i < fw_count(); i++) {
		fws_key(NULL, i, key, sizeof key);
		if (strcmp(key, local) == 0) {
			int port = pfwd_local_port(fw_at(i)->pf);
			fw_stop(i);
			return port;
		}
	}
	return -1;
}

static int
fwp_action(struct page *pg, enum action a)
{
	struct page_forwards *fp = (struct page_forwards *)pg;
	int r;

	if ((r = table_key(fp->t, a, 0)) != APP_UNHANDLED)
		return r;
	if (a != ACT_DELETE)
		return APP_UNHANDLED;
	/* the marked forwards, or the selected one */
	char **keys = table_marked_keys(fp->t);
	int n = 0, port = -1;
	for (char **k = keys; *k != NULL; k++) {
		int p = fwp_stop_key(*k);
		if (p >= 0) {
			port = p;
			n++;
		}
	}
	table_keys_free(&keys);
	table_mark_clear(fp->t);
	if (n == 1)
		app_flash(pg->app, 0, "stopped forwarding 127.0.0.1:%d", port);
	else if (n > 1)
		app_flash(pg->app, 0, "stopped %d port-forwards", n);
	return APP_REDRAW;
}

/* Stopping a forward changes nothing in a cluster: allowed read-only too. */
static int
fwp_key(struct page *pg, int key)
{
	if (keymap_lookup(app_keymap(pg->app), key) == ACT_DELETE)
		return fwp_action(pg, ACT_DELETE);
	return APP_UNHANDLED;
}

static void
fwp_crumb(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "forwards");
}

static void
fwp_status(struct page *pg, char *buf, size_t len)
{
	(void)pg;
	snprintf(buf, len, "%zu forward%s", fw_count(), fw_count() == 1 ? "" : "s");
}

static void
fwp_free(struct page *pg)
{
	struct page_forwards *fp = (struct page_forwards *)pg;
	table_free(&fp->t);
	free(fp);
}

static const struct page_ops page_forwards_ops = {
	.kind = "forwards",
	.hints = &page_hints_text,
	.draw = fwp_draw,
	.action = fwp_action,
	.crumb = fwp_crumb,
	.status = fwp_status,
	.free = fwp_free,
	.key = fwp_key,
};

struct page *
page_forwards_new(struct app *app)
{
	struct page_forwards *fp = xcalloc(1, sizeof *fp);
	fp->base.ops = &page_forwards_ops;
	fp->base.app = app;
	fp->t = table_new(&fw_source, fp);
	return &fp->base;
}
