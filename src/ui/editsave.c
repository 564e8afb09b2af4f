/* The save of an edit with its questions on screen; see editsave.h. The engine is
 * ops/editapply.c; this file shows what it asks: the diff and its question after a clean
 * dry run (ui/page/page_diff.h), and the fields of a merge after a 409
 * (ui/page/page_conflict.h). */
#define _POSIX_C_SOURCE 200809L
#include "ui/editsave.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "model/merge3.h"
#include "model/rollout.h"
#include "ops/editapply.h"
#include "ops/editobj.h"
#include "ui/guard.h"
#include "ui/page/page_conflict.h"
#include "ui/page/page_diff.h"
#include "util/xmalloc.h"

struct editsave {
	struct app *app;
	struct editobj *o;
	struct editapply *ea;   /* holds the edited text */
	editsave_cb cb;
	void *arg;
	int page_open;        /* a page of ours will call back: free only then */
	int cancelled;
	struct editsave *next;
};

static struct editsave *editsave_list;

/* ---- a saved workload's rollout, followed on the flash line as kubectl rollout status
 * follows it ---- */

#define EDITSAVE_FOLLOW_POLLS 300   /* one a second: five minutes at most */

struct editsave_follow {
	struct app *app;
	struct cluster *c;
	struct kres *res;
	char *ns, *name, *saved;
	struct loop_timer *timer;
	struct api_call *call;
	int polls;
	char last[300];
};

/* One at a time: a new save's rollout replaces the last. */
static struct editsave_follow *editsave_following;

static void
editsave_follow_free(struct editsave_follow *f, int cancel)
{
	if (f == NULL)
		return;
	if (cancel) {
		api_cancel(&f->call);
		if (f->timer != NULL)
			loop_timer_cancel(app_loop(f->app), &f->timer);
	}
	editobj_kres_free(&f->res);
	free(f->ns);
	free(f->name);
	free(f->saved);
	if (editsave_following == f)
		editsave_following = NULL;
	free(f);
}

/* At exit the loop and the API are gone, with the timer and call: only memory is left. */
static void
editsave_follow_atexit(void)
{
	editsave_follow_free(editsave_following, 0);
}

static void editsave_follow_poll(void *arg);

static void
editsave_follow_on_get(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct editsave_follow *f = arg;
	f->call = NULL;
	struct rollout_status rs;
	if (res->err.code != KD_OK || rollout_status_of(res->body, f->res->resource, &rs) != 0) {
		editsave_follow_free(f, 1);
		return;
	}
	enum rollout_state st = rs.state;
	const char *now = rs.msg;
	if (strcmp(now, f->last) != 0) {
		snprintf(f->last, sizeof f->last, "%s", now);
		app_flash(f->app, st == ROLLOUT_FAILED, "%s %s", f->saved, now);
	}
	if (st != ROLLOUT_WAITING || ++f->polls >= EDITSAVE_FOLLOW_POLLS) {
		editsave_follow_free(f, 1);
		return;
	}
	f->timer = loop_timer_add(app_loop(f->app), 1000, editsave_follow_poll, f);
}

static void
editsave_follow_poll(void *arg)
{
	struct editsave_follow *f = arg;
	f->timer = NULL;
	struct api_ref ref = api_ref_kres(f->res, f->ns, f->name);
	f->call = api_get(f->c->api, &ref, editsave_follow_on_get, f);
}

static void
editsave_follow_start(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, const char *saved)
{
	static int registered;
	if (c == NULL || c->api == NULL || res == NULL || res->group == NULL ||
	    strcmp(res->group, "apps") != 0 || (strcmp(res->resource, "deployments") != 0 &&
	    strcmp(res->resource, "statefulsets") != 0 && strcmp(res->resource, "daemonsets") != 0))
		return;
	editsave_follow_free(editsave_following, 1);
	if (!registered) {
		atexit(editsave_follow_atexit);
		registered = 1;
	}
	struct editsave_follow *f = xcalloc(1, sizeof *f);
	f->app = app;
	f->c = c;
	f->res = editobj_kres_dup(res);
	f->ns = xstrdup(ns ? ns : "");
	f->name = xstrdup(name ? name : "");
	f->saved = xstrdup(saved ? saved : "");
	editsave_following = f;
	f->timer = loop_timer_add(app_loop(app), 0, editsave_follow_poll, f);
}

/* ---- the save ---- */

static void
editsave_unlink(struct editsave *es)
{
	for (struct editsave **p = &editsave_list; *p != NULL; p = &(*p)->next)
		if (*p == es) {
			*p = es->next;
			return;
		}
}

static void
editsave_free(struct editsave *es)
{
	editsave_unlink(es);
	free(es);
}

/* "deployment shop/web" */
static void
editsave_what(const struct editsave *es, const cJSON *tree, char *buf, size_t len)
{
	const struct editobj *o = es->o;
	const char *kind = o->res && o->res->singular && o->res->singular[0] ? o->res->singular :
	    o->res && o->res->kind ? o->res->kind : NULL;
	const char *name = o->name;
	const char *ns = o->ns;
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(tree, "metadata");
	if (kind == NULL)
		kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tree, "kind"));
	if (name == NULL)
		name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "name"));
	if (ns == NULL || ns[0] == '\0')
		ns = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "namespace"));
	if (ns != NULL && ns[0] != '\0' && (o->res == NULL || o->res->namespaced))
		snprintf(buf, len, "%s %s/%s", kind ? kind : "object", ns, name ? name : "");
	else
		snprintf(buf, len, "%s %s", kind ? kind : "object", name ? name : "");
}

/* The name typed on a production context, after the diff's y. */
static void
editsave_typed(struct app *app, void *arg, int yes)
{
	(void)app;
	struct editsave *es = arg;
	es->page_open = 0;
	if (es->cancelled) {
		editsave_free(es);
		return;
	}
	editapply_confirm(es->ea, yes);
}

static void
editsave_typed_yes(struct app *app, void *arg)
{
	editsave_typed(app, arg, 1);
}

static void
editsave_typed_no(struct app *app, void *arg)
{
	editsave_typed(app, arg, 0);
}

static void
editsave_on_diff(struct app *app, int yes, void *arg)
{
	struct editsave *es = arg;
	es->page_open = 0;
	if (es->cancelled) {
		editsave_free(es);
		return;
	}
	struct cluster *c = es->o->cluster;
	if (yes && c != NULL && c->context != NULL && config_production(c->context)) {
		/* the object's name typed as well, as every change there asks it (ui/guard.h) */
		const struct kres *res;
		const char *ns, *name;
		editapply_target(es->ea, &res, &ns, &name);   /* a new object's from its text */
		if (name == NULL || name[0] == '\0')
			name = es->o->name;
		char why[300];
		snprintf(why, sizeof why, "%s is a production context", c->context);
		es->page_open = 1;
		guard_type_or(app, why, name != NULL ? name : "", editsave_typed_yes, editsave_typed_no, es);
		return;
	}
	editapply_confirm(es->ea, yes);
}

static void
editsave_confirm(struct editapply *ea, void *arg)
{
	struct editsave *es = arg;
	struct editobj *o = es->o;
	char what[300], question[512], head[256];
	/* the names: a loaded object's cannot have changed (the save refuses it), a new one's
	 * are in its text */
	cJSON *tree = NULL;
	if (editobj_is_new(o)) {
		size_t len;
		const char *text = editapply_text(ea, &len);
		tree = editobj_tree(o, text, len, NULL);
	}
	editsave_what(es, tree != NULL ? tree : editobj_loaded(o), what, sizeof what);
	cJSON_Delete(tree);
	const char *ctx = o->cluster && o->cluster->context ? o->cluster->context : "";
	char *a, *b;
	editapply_diff_texts(ea, &a, &b);
	if (!editobj_is_new(o)) {
		snprintf(question, sizeof question, "Apply this change to %s on %s?", what, ctx);
		snprintf(head, sizeof head, "The server's dry run accepts it; sent as a %s patch "
		    "from resourceVersion %s.", o->res && editapply_patch_type(o->res) ==
		    API_PATCH_STRATEGIC ? "strategic merge" : "JSON merge",
		    o->resource_version ? o->resource_version : "?");
	} else {
		snprintf(question, sizeof question, "Create %s on %s?", what, ctx);
		snprintf(head, sizeof head, "The server's dry run accepts it.");
	}
	es->page_open = 1;
	page_diff_open(es->app, o->cluster, what, head, a, strlen(a), b, strlen(b), question,
	    editsave_on_diff, es);
	free(a);
	free(b);
}

static void
editsave_on_conflict(struct app *app, enum page_conflict_answer an, void *arg)
{
	(void)app;
	struct editsave *es = arg;
	es->page_open = 0;
	if (es->cancelled) {
		editsave_free(es);
		return;
	}
	editapply_resolve(es->ea, an == PAGE_CONFLICT_SEND ? EDITAPPLY_SEND_MERGED :
	    an == PAGE_CONFLICT_EDIT ? EDITAPPLY_EDIT_MERGED : EDITAPPLY_GIVE_UP);
}

static void
editsave_conflict(struct editapply *ea, struct merge3 *m, void *arg)
{
	(void)ea;
	struct editsave *es = arg;
	char what[300];
	editsave_what(es, NULL, what, sizeof what);
	es->page_open = 1;
	page_conflict_open(es->app, es->o->cluster, what, m, editsave_on_conflict, es);
}

static void
editsave_done(struct editapply *ea, const struct editapply_end *e, void *arg)
{
	struct editsave *es = arg;
	es->ea = NULL;
	/* the marks have the same shape; copied so that neither header needs the other */
	struct editsave_mark marks[API_MAX_CAUSES + 1];
	size_t n = e->nmarks < sizeof marks / sizeof marks[0] ? e->nmarks : sizeof marks / sizeof marks[0];
	for (size_t i = 0; i < n; i++) {
		marks[i].line = e->marks[i].line;
		marks[i].col = e->marks[i].col;
		snprintf(marks[i].msg, sizeof marks[i].msg, "%s", e->marks[i].msg);
	}
	static const enum editsave_outcome outcomes[] = {
		[EDITAPPLY_APPLIED] = EDITSAVE_APPLIED, [EDITAPPLY_UNCHANGED] = EDITSAVE_UNCHANGED,
		[EDITAPPLY_CANCELLED] = EDITSAVE_CANCELLED, [EDITAPPLY_REFUSED] = EDITSAVE_REFUSED,
		[EDITAPPLY_FAILED] = EDITSAVE_FAILED, [EDITAPPLY_RETEXT] = EDITSAVE_RETEXT,
		[EDITAPPLY_SEND] = EDITSAVE_FAILED,
	};
	struct editsave_result r = {
		.outcome = outcomes[e->outcome], .sentence = e->sentence, .marks = n ? marks : NULL,
		.nmarks = n, .rv = e->rv, .text = e->text, .len = e->len,
	};
	editsave_cb cb = es->cb;
	void *cbarg = es->arg;
	struct app *app = es->app;
	struct cluster *c = es->o->cluster;
	editsave_free(es);
	app_flash(app, r.outcome == EDITSAVE_REFUSED || r.outcome == EDITSAVE_FAILED, "%s",
	    r.sentence ? r.sentence : "");
	if (r.outcome == EDITSAVE_APPLIED) {
		const struct kres *res;
		const char *ns, *name;
		editapply_target(ea, &res, &ns, &name);
		editsave_follow_start(app, c, res, ns, name, r.sentence);
	}
	if (cb != NULL)
		cb(app, &r, cbarg);
}

static const struct editapply_cbs editsave_cbs = { editsave_confirm, editsave_conflict, editsave_done };

void
editsave_start(struct app *app, struct editobj *o, const char *text, size_t len, editsave_cb cb,
    void *arg)
{
	editsave_cancel(app, o);
	struct editsave *es = xcalloc(1, sizeof *es);
	es->app = app;
	es->o = o;
	es->cb = cb;
	es->arg = arg;
	es->next = editsave_list;
	editsave_list = es;
	es->ea = editapply_start(o, text, len, &editsave_cbs, es);
}

void
editsave_cancel(struct app *app, struct editobj *o)
{
	(void)app;
	for (struct editsave *es = editsave_list; es != NULL; es = es->next) {
		if (es->o != o || es->cancelled)
			continue;
		editapply_cancel(&es->ea);
		if (es->page_open) {
			es->cancelled = 1;   /* freed when the page answers */
			es->o = NULL;
		} else
			editsave_free(es);
		return;
	}
}
