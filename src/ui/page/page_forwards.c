/* The port-forward list; see page_forwards.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/portforward.h"
#include "kube/cluster.h"
#include "ui/page/page_forwards.h"
#include "ui/widget/screen.h"
#include "util/xmalloc.h"

struct forward {
	struct pfwd *pf;
	char *context, *label;
	char shown_error[512];
};

static struct forward **fw_list;
static size_t fw_n;
static const struct page_ops page_forwards_ops;

static void
fw_notify(struct pfwd *pf, void *arg)
{
	struct app *app = arg;
	for (size_t i = 0; i < fw_n; i++) {
		struct forward *f = fw_list[i];
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

int
forwards_start(struct app *app, struct cluster *c, const char *ns, const char *pod, int remote, int local,
    const char *label)
{
	struct kd_err err = { 0 };
	struct pfwd *pf = pfwd_new(app_loop(app), c->conn, ns, pod, remote, local, &err);
	if (pf == NULL) {
		app_flash(app, 1, "port-forward to %s/%s:%d: %s", ns, pod, remote, err.msg);
		return -1;
	}
	struct forward *f = xcalloc(1, sizeof *f);
	f->pf = pf;
	f->context = xstrdup(c->context);
	f->label = xstrdup(label ? label : pod);
	pfwd_set_notify(pf, fw_notify, app);
	fw_list = xreallocarray(fw_list, fw_n + 1, sizeof *fw_list);
	fw_list[fw_n++] = f;
	app_flash(app, 0, "forwarding 127.0.0.1:%d -> %s/%s:%d (%s); :forwards lists them", pfwd_local_port(pf), ns,
	    pod, remote, f->label);
	return 0;
}

static void
fw_stop(size_t i)
{
	struct forward *f = fw_list[i];
	pfwd_free(&f->pf);
	free(f->context);
	free(f->label);
	free(f);
	memmove(fw_list + i, fw_list + i + 1, (fw_n - i - 1) * sizeof *fw_list);
	fw_n--;
}

void
forwards_shutdown(void)
{
	while (fw_n > 0)
		fw_stop(0);
	free(fw_list);
	fw_list = NULL;
}

struct page_forwards {
	struct page base;
	size_t sel;
};

static void
fwp_draw(struct page *pg, int y, int h, int w)
{
	struct page_forwards *fp = (struct page_forwards *)pg;
	if (fp->sel >= fw_n && fw_n > 0)
		fp->sel = fw_n - 1;
	for (int r = 0; r < h; r++)
		screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
	char line[1200];
	snprintf(line, sizeof line, " %-22s %-40s %-6s %-12s %s", "LOCAL", "TARGET", "CONNS", "IN/OUT", "LAST ERROR");
	screen_fill(y, 0, w, screen_attr(THEME_TABLE_HEADER));
	screen_put(y, 0, w, line, screen_attr(THEME_TABLE_HEADER), 1);
	if (fw_n == 0)
		screen_put(y + 2, 2, w - 4, "No port-forwards: F on a pod or service starts one.", screen_attr(THEME_PENDING), 1);
	for (size_t i = 0; i < fw_n && (int)i + 1 < h; i++) {
		struct forward *f = fw_list[i];
		char local[64], target[300], io[64];
		snprintf(local, sizeof local, "127.0.0.1:%d", pfwd_local_port(f->pf));
		snprintf(target, sizeof target, "%s/%s:%d (%s)", pfwd_ns(f->pf), pfwd_pod(f->pf), pfwd_remote_port(f->pf),
		    f->label);
		snprintf(io, sizeof io, "%lluK/%lluK", (unsigned long long)pfwd_bytes_in(f->pf) / 1024,
		    (unsigned long long)pfwd_bytes_out(f->pf) / 1024);
		snprintf(line, sizeof line, " %-22s %-40s %-6u %-12s %s", local, target, pfwd_active(f->pf), io,
		    pfwd_last_error(f->pf));
		attr_t a = screen_attr(i == fp->sel ? THEME_ROW_SELECTED : pfwd_last_error(f->pf)[0] ? THEME_WARNING :
		    THEME_ROW);
		screen_fill(y + 1 + (int)i, 0, w, a);
		screen_put(y + 1 + (int)i, 0, w, line, a, 1);
	}
}

static int
fwp_action(struct page *pg, enum action a)
{
	struct page_forwards *fp = (struct page_forwards *)pg;
	switch (a) {
	case ACT_UP: if (fp->sel > 0) fp->sel--; return APP_REDRAW;
	case ACT_DOWN: if (fp->sel + 1 < fw_n) fp->sel++; return APP_REDRAW;
	case ACT_TOP: fp->sel = 0; return APP_REDRAW;
	case ACT_BOTTOM: fp->sel = fw_n ? fw_n - 1 : 0; return APP_REDRAW;
	case ACT_DELETE:
		if (fp->sel < fw_n) {
			app_flash(pg->app, 0, "stopped forwarding 127.0.0.1:%d", pfwd_local_port(fw_list[fp->sel]->pf));
			fw_stop(fp->sel);
		}
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
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
	snprintf(buf, len, "%zu forward%s", fw_n, fw_n == 1 ? "" : "s");
}

static void
fwp_free(struct page *pg)
{
	free(pg);
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
	return &fp->base;
}
