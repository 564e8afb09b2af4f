#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>
#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/informer.h"
#include "kube/cluster.h"
#include "ui/describe.h"
#include "ui/extedit.h"
#include "ui/objview.h"
#include "ui/page/page_edit.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

struct page_text {
	struct page base;
	struct page_ops ops;   /* page_text_ops, with a page's own hints */
	struct pager *p;
	page_text_refill refill;
	void *arg;
	void (*free_arg)(void *);
	void (*status)(void *arg, char *buf, size_t len);
	int (*action)(struct page *pg, enum action a, void *arg);
	int back;   /* the search prompt searches backward (?) */
};

static void
pt_draw(struct page *pg, int y, int h, int w)
{
	struct page_text *pt = (struct page_text *)pg;
	pager_draw(pt->p, y, h, w);
}

void
page_text_refill_now(struct page *pg)
{
	struct page_text *pt = (struct page_text *)pg;
	if (pt->refill == NULL)
		return;
	pager_clear(pt->p);
	pt->refill(pg, pt->p, pt->arg);
	app_dirty(pg->app);
}

static int
pt_action(struct page *pg, enum action a)
{
	struct page_text *pt = (struct page_text *)pg;

	switch (a) {
	case ACT_UP: case ACT_DOWN:
		if (pager_cursor_on(pt->p))
			pager_cursor_move(pt->p, a == ACT_UP ? -1 : 1);
		else
			pager_scroll(pt->p, a == ACT_UP ? -1 : 1);
		break;
	case ACT_PAGE_UP: pager_scroll(pt->p, -(LINES - 6)); break;
	case ACT_PAGE_DOWN: pager_scroll(pt->p, LINES - 6); break;
	case ACT_TOP: pager_top(pt->p); break;
	case ACT_BOTTOM: pager_bottom(pt->p); break;
	case ACT_LEFT: pager_scroll_x(pt->p, -8); break;
	case ACT_RIGHT: pager_scroll_x(pt->p, 8); break;
	case ACT_SEARCH_NEXT:
		if (pager_search_next(pt->p, 1) != 0)
			app_flash(pg->app, 0, "no more matches");
		break;
	case ACT_SEARCH_PREV:
		if (pager_search_next(pt->p, -1) != 0)
			app_flash(pg->app, 0, "no earlier match");
		break;
	case ACT_FOLD:
		pager_toggle_fold(pt->p);
		page_text_refill_now(pg);
		break;
	case ACT_REFRESH:
		page_text_refill_now(pg);
		break;
	case ACT_FILTER:
	case ACT_SEARCH_BACK:   /* the app opens the prompt; pt_filter searches this way */
		pt->back = a == ACT_SEARCH_BACK;
		return pt->action != NULL ? pt->action(pg, a, pt->arg) : APP_UNHANDLED;
	default:
		return pt->action != NULL ? pt->action(pg, a, pt->arg) : APP_UNHANDLED;
	}
	return APP_REDRAW;
}

static void
pt_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_text *pt = (struct page_text *)pg;
	snprintf(buf, len, "%s", pager_title(pt->p));
}

static int
pt_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	struct page_text *pt = (struct page_text *)pg;
	size_t n = pager_search_dir(pt->p, text, pt->back ? -1 : 1);
	if (text[0] && n == 0)
		snprintf(err, errlen, "\"%s\" not found", text);
	return 0;
}

static void
pt_status(struct page *pg, char *buf, size_t len)
{
	struct page_text *pt = (struct page_text *)pg;
	buf[0] = '\0';
	if (pt->status != NULL)
		pt->status(pt->arg, buf, len);
}

static void
pt_free(struct page *pg)
{
	struct page_text *pt = (struct page_text *)pg;
	if (pt->free_arg != NULL)
		pt->free_arg(pt->arg);
	pager_free(&pt->p);
	free(pt);
}

static const struct page_ops page_text_ops = {
	.kind = "text",
	.hints = &page_hints_text,
	.closes_alone = 1,
	.draw = pt_draw,
	.action = pt_action,
	.crumb = pt_crumb,
	.filter = pt_filter,
	.status = pt_status,
	.free = pt_free,
};

struct page *
page_text_new(struct app *app, struct cluster *c, const char *title)
{
	struct page_text *pt = xcalloc(1, sizeof *pt);
	pt->ops = page_text_ops;
	pt->base.ops = &pt->ops;
	pt->base.app = app;
	pt->base.cluster = c;
	pt->p = pager_new(title);
	return &pt->base;
}

struct pager *
page_text_pager(struct page *pg)
{
	return ((struct page_text *)pg)->p;
}

void
page_text_set_action(struct page *pg, int (*fn)(struct page *pg, enum action a, void *arg),
    const struct page_hints *hints)
{
	struct page_text *pt = (struct page_text *)pg;
	pt->action = fn;
	if (hints != NULL)
		pt->ops.hints = hints;
}

void
page_text_set_refill(struct page *pg, page_text_refill fn, void *arg, void (*free_arg)(void *))
{
	struct page_text *pt = (struct page_text *)pg;
	pt->refill = fn;
	pt->arg = arg;
	pt->free_arg = free_arg;
}

void
page_text_set_status(struct page *pg, void (*fn)(void *arg, char *buf, size_t len))
{
	((struct page_text *)pg)->status = fn;
}

/* ---- an object: fetched, then described or shown as YAML/JSON ---- */

struct page_object {
	struct page *pg;
	int what, reveal;
	char *kind, *ns, *name;
	cJSON *obj, *events;
	struct http_req *req;
	struct api_call *ereq;
	struct kd_err err;
	int failed, gone;
	/* what describe needs besides the object (a node's pods, a deployment's ReplicaSets) */
	struct api_call *rreq;
	int rasked;
	cJSON *robj;
	struct kd_err rerr;
};

static void
po_refill(struct page *pg, struct pager *p, void *arg)
{
	struct page_object *po = arg;
	(void)pg;
	if (po->failed) {
		/* the reason and what to do, whole at 80 columns: wrapped at spaces, not cut */
		const char *m = po->err.msg;
		while (*m) {
			size_t n = strlen(m), cut = n;
			if (n > 76) {
				cut = 76;
				while (cut > 20 && m[cut] != ' ')
					cut--;
				if (m[cut] != ' ')   /* no space: cut between characters, not inside one */
					for (cut = 76; cut > 1 && ((unsigned char)m[cut] & 0xC0) == 0x80; cut--)
						;
			}
			pager_addf(p, THEME_FLASH_ERROR, "%.*s", (int)cut, m);
			m += cut;
			while (*m == ' ')
				m++;
		}
		return;
	}
	if (po->obj == NULL) {
		pager_addf(p, THEME_PENDING, "fetching %s %s%s%s ...", po->kind, po->ns, *po->ns ? "/" : "",
		    po->name);
		return;
	}
	if (po->what == PAGE_OBJ_DESCRIBE) {
		struct describe_related rel = { po->robj, po->rerr.code != KD_OK ? po->rerr.msg : NULL,
			po->rerr.code == KD_ERR_FORBIDDEN };
		describe_render(p, po->obj, po->kind, po->events, po->rasked ? &rel : NULL);
	} else
		objview_render(p, po->obj, po->kind, po->what == PAGE_OBJ_JSON ? OBJVIEW_JSON : OBJVIEW_YAML,
		    po->reveal);
}

static void
po_reveal_yes(struct app *app, void *arg)
{
	struct page_object *po = arg;
	(void)app;
	po->reveal = 1;
	page_text_refill_now(po->pg);
}

/* e and E on an object's YAML, JSON or description: the object in the editor, or in the
 * external one */
static int
po_edit(struct page *pg, struct page_object *po, int external)
{
	struct cluster *c = pg->cluster;
	const char *what = external ? "edit-external" : "edit";
	char alias[300];
	if (po->obj == NULL || c == NULL || c->disc == NULL) {
		app_flash(pg->app, 1, "%s: the object is not loaded yet", what);
		return APP_REDRAW;
	}
	/* the kind in its group, as the object names it ("Deployment.apps") */
	const char *av = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(po->obj, "apiVersion"));
	const char *slash = av ? strchr(av, '/') : NULL;
	if (slash != NULL)
		snprintf(alias, sizeof alias, "%s.%.*s", po->kind, (int)(slash - av), av);
	else
		snprintf(alias, sizeof alias, "%s", po->kind);
	const struct kres *res = discovery_find(c->disc, alias);
	if (res == NULL) {
		app_flash(pg->app, 1, "%s: the cluster does not serve %s", what, po->kind);
		return APP_REDRAW;
	}
	if (external)
		extedit_open(pg->app, pg, c, res, po->ns, po->name);
	else
		page_edit_open(pg->app, c, res, po->ns, po->name);
	return APP_REDRAW;
}

/* x on a secret's YAML or JSON: its values decoded, after a confirm, as from the list */
static int
po_action(struct page *pg, enum action a, void *arg)
{
	struct page_object *po = arg;
	char q[300];

	if (a == ACT_EDIT || a == ACT_EDIT_EXTERNAL)
		return po_edit(pg, po, a == ACT_EDIT_EXTERNAL);
	if (a != ACT_REVEAL)
		return APP_UNHANDLED;
	if (strcmp(po->kind, "Secret") != 0 || po->what == PAGE_OBJ_DESCRIBE) {
		app_flash(pg->app, 1, "reveal works on a secret's YAML or JSON");
		return APP_REDRAW;
	}
	if (po->reveal)
		return APP_NOTHING;
	snprintf(q, sizeof q, "Show the decoded values of secret %s?", po->name);
	app_confirm(pg->app, q, po_reveal_yes, po);
	return APP_REDRAW;
}

static void
po_free(void *arg)
{
	struct page_object *po = arg;
	http_cancel(&po->req);
	api_cancel(&po->ereq);
	api_cancel(&po->rreq);
	cJSON_Delete(po->robj);
	cJSON_Delete(po->obj);
	cJSON_Delete(po->events);
	free(po->kind);
	free(po->ns);
	free(po->name);
	free(po);
}

static void
po_on_related(struct api_call *c, const struct api_result *res, void *arg)
{
	struct page_object *po = arg;
	(void)c;
	po->rreq = NULL;
	cJSON_Delete(po->robj);
	po->robj = NULL;
	if (res->err.code != KD_OK)
		po->rerr = res->err;
	else if ((po->robj = cJSON_ParseWithLength(res->raw, res->raw_len)) == NULL)
		kd_err_set(&po->rerr, KD_ERR_INVALID, "the server's answer is not JSON");
	page_text_refill_now(po->pg);
}

/* the second question kubectl asks for this kind, once the object is known */
static void
po_ask_related(struct page_object *po)
{
	struct describe_query q;
	struct api *api = po->pg->cluster != NULL ? po->pg->cluster->api : NULL;
	if (po->rasked || po->what != PAGE_OBJ_DESCRIBE || !describe_query_for(po->obj, po->kind, &q))
		return;
	po->rasked = 1;
	kd_err_clear(&po->rerr);
	if (api == NULL) {
		kd_err_set(&po->rerr, KD_ERR_UNAVAILABLE, "not connected to the cluster");
		return;
	}
	struct api_ref ref = { .group = q.group, .version = q.version, .resource = q.resource, .ns = q.ns,
		.name = q.name };
	if (q.name[0] != '\0') {
		po->rreq = api_get(api, &ref, po_on_related, po);
		return;
	}
	struct api_list_opts lo = { .label_selector = q.label_selector[0] ? q.label_selector : NULL,
		.field_selector = q.field_selector[0] ? q.field_selector : NULL, .timeout_ms = 10000 };
	po->rreq = api_list(api, &ref, &lo, po_on_related, po);
}

static void
po_on_fetch(cJSON *obj, const struct kd_err *err, void *arg)
{
	struct page_object *po = arg;
	po->req = NULL;
	if (obj == NULL) {
		po->failed = 1;
		po->err = *err;
	} else {
		cJSON_Delete(po->obj);
		po->obj = obj;
		po_ask_related(po);
	}
	page_text_refill_now(po->pg);
}

static void
po_on_events(struct api_call *c, const struct api_result *res, void *arg)
{
	struct page_object *po = arg;
	(void)c;
	po->ereq = NULL;
	if (res->err.code == KD_OK) {
		cJSON_Delete(po->events);
		po->events = cJSON_ParseWithLength(res->raw, res->raw_len);
		if (po->obj != NULL)
			page_text_refill_now(po->pg);
	}
}

struct page *
page_object_new(struct app *app, struct cluster *c, struct informer *inf, const char *kind,
    const char *ns, const char *name, int what, int reveal)
{
	static const char *const verbs[] = { "describe", "yaml", "json" };
	char *title = xasprintf("%s %s", verbs[what], name);
	struct page *pg = page_text_new(app, c, title);
	struct page_object *po = xcalloc(1, sizeof *po);

	free(title);
	po->pg = pg;
	po->what = what;
	po->reveal = reveal;
	po->kind = xstrdup(kind);
	po->ns = xstrdup(ns ? ns : "");
	po->name = xstrdup(name);
	page_text_set_refill(pg, po_refill, po, po_free);
	page_text_set_action(pg, po_action, NULL);
	po->req = informer_fetch(inf, *po->ns ? po->ns : NULL, name, po_on_fetch, po);
	if (what == PAGE_OBJ_DESCRIBE && c->api != NULL) {
		struct api_ref ref = { .resource = "events", .ns = po->ns };
		char *sel = xasprintf("involvedObject.name=%s", name);
		struct api_list_opts lo = { .field_selector = sel, .timeout_ms = 10000 };
		po->ereq = api_list(c->api, &ref, &lo, po_on_events, po);
		free(sel);
	}
	page_text_refill_now(pg);
	return pg;
}
