/* delete: `kubectl delete` of the selected or marked objects. The question offers the
 * propagation (Background, kubectl's default: the garbage collector removes what they own
 * after them; Foreground: before them; Orphan: it stays) and, for pods, kill now
 * (gracePeriodSeconds 0, as kubectl delete --grace-period=0 --force). An object the server
 * keeps Terminating for its finalizers is said so. Each object is read first and kept as
 * its last YAML (ops/deleted.h; a Secret never), for :audit to re-create it; a delete
 * cannot be undone, and is noted as the last change with that said (op_undo_never). When
 * the copy cannot be written, the question says no copy will be kept (when that is known
 * before it is asked) and the delete goes on as asked; the outcome and the last change then
 * say no copy was kept, and why, instead of offering :audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/deleted.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static int
delete_pods(const struct op_req *req)
{
	return req->res != NULL && strcmp(req->res->resource, "pods") == 0 &&
	    (req->res->group == NULL || req->res->group[0] == '\0');
}

static char *
delete_plan(const struct op_req *req)
{
	int one = req->n == 1;
	const char *how;
	switch (req->opts.propagation) {
	case API_PROPAGATE_FOREGROUND:
		how = one ? "Foreground: what it owns is deleted first" : "Foreground: what they own is deleted first";
		break;
	case API_PROPAGATE_ORPHAN:
		how = one ? "Orphan: what it owns is left" : "Orphan: what they own is left";
		break;
	default:
		how = one ? "Background: what it owns is deleted after it" :
		    "Background: what they own is deleted after them";
		break;
	}
	int now = delete_pods(req) && req->opts.grace_seconds == 0;
	/* a namespace takes everything in it; others take what they own */
	const char *what = now ? (one ? "now, grace period 0, not waiting for its containers to stop?" :
	    "now, grace period 0, not waiting for their containers to stop?") :
	    strcmp(req->res->resource, "namespaces") != 0 ? "?" :
	    one ? "and everything in it?" : "and everything in them?";
	/* the copy for :audit is written after the answer: said now when it cannot be */
	struct kd_err err = { 0 };
	int unkept = !req->opts.dry_run && deleted_keeps(req->res->group, req->res->resource) &&
	    deleted_can_keep(req->cluster && req->cluster->context ? req->cluster->context : "", &err) != 0;
	char *tail = unkept ? xasprintf("%s (%s) No copy will be kept for :audit to re-create %s: %s.", what, how,
	    one ? "it" : "them", err.msg) : xasprintf("%s (%s)", what, how);
	char *s = op_plan_say(req, now ? "Kill" : "Delete", tail);
	free(tail);
	return s;
}

static const char *
delete_choices(const struct op_req *req, const char **hint)
{
	if (delete_pods(req)) {
		*hint = req->opts.grace_seconds == 0 ? "b/f/o propagation, k not now" :
		    "b/f/o propagation, k kill now";
		return "bfok";
	}
	*hint = "b/f/o propagation";
	return "bfo";
}

static void
delete_choose(struct op_req *req, int key)
{
	switch (key) {
	case 'b': req->opts.propagation = API_PROPAGATE_BACKGROUND; break;
	case 'f': req->opts.propagation = API_PROPAGATE_FOREGROUND; break;
	case 'o': req->opts.propagation = API_PROPAGATE_ORPHAN; break;
	case 'k':
		if (delete_pods(req))
			req->opts.grace_seconds = req->opts.grace_seconds == 0 ? -1 : 0;
		break;
	default: break;
	}
}

struct delete_call {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
	char unkept[600];    /* why no copy was kept, "" when it was (or none is kept) */
};

/* "configmap web is Terminating: waiting for finalizers example.com/hold" when the answer
 * is the object still there, marked for deletion, held by its finalizers. */
static void
delete_note(const struct op_req *req, size_t i, const cJSON *obj)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *fin = cJSON_GetObjectItemCaseSensitive(meta, "finalizers");
	if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(meta, "deletionTimestamp")) ||
	    cJSON_GetArraySize(fin) == 0)
		return;
	struct sbuf b = { 0 };
	const cJSON *f;
	cJSON_ArrayForEach(f, fin) {
		if (!cJSON_IsString(f))
			continue;
		if (b.s != NULL)
			sbuf_str(&b, ", ");
		sbuf_str(&b, f->valuestring);
	}
	char kbuf[64];
	struct op_req *r = (struct op_req *)req;   /* the request's own sentence */
	free(r->note);
	r->note = xasprintf("%s %s is Terminating: waiting for finalizer%s %s",
	    op_kind_word(req->res, 1, kbuf, sizeof kbuf), req->targets[i].name,
	    cJSON_GetArraySize(fin) > 1 ? "s" : "", b.s ? b.s : "");
	free(b.s);
}

/* What the last change says of target i's copy, and the outcome's note when none was kept:
 * re-creation is offered only for what was kept. */
static void
delete_say_kept(const struct delete_call *dc)
{
	char kbuf[64];
	const struct op_req *req = dc->req;
	const char *kind = op_kind_word(req->res, 1, kbuf, sizeof kbuf), *name = req->targets[dc->i].name;
	const struct lastchange *lc = req->change;
	char *why;
	if (!deleted_keeps(req->res->group, req->res->resource))
		why = xstrdup("a delete cannot be undone (a Secret's values are not kept, so it cannot be re-created)");
	else if (dc->unkept[0] != '\0') {
		/* of several not kept, each is named (before the reason, which is the first's) */
		const char *was = req->n > 1 && lc != NULL && lc->why_not != NULL ?
		    strstr(lc->why_not, " was kept (") : NULL;
		why = req->n == 1 ?
		    xasprintf("a delete cannot be undone, and no copy of %s %s was kept for :audit to re-create it (%s)",
		    kind, name, dc->unkept) : was != NULL ?
		    xasprintf("%.*s, %s%s", (int)(was - lc->why_not), lc->why_not, name, was) :
		    xasprintf("a delete cannot be undone: :audit offers to re-create those whose last YAML was kept, "
		    "and no copy of %s %s was kept (%s)", kind, name, dc->unkept);
		struct op_req *r = (struct op_req *)req;   /* the request's own sentence */
		char *note = r->note != NULL ?
		    xasprintf("%s; no copy of %s %s was kept (%s), so :audit cannot re-create it", r->note, kind, name,
		    dc->unkept) : req->n == 1 ?
		    xasprintf("deleted %s %s, but no copy was kept (%s), so :audit cannot re-create it", kind, name,
		    dc->unkept) :
		    xasprintf("no copy of %s %s was kept (%s), so :audit cannot re-create it", kind, name, dc->unkept);
		free(r->note);
		r->note = note;
	} else if (req->n > 1 && lc != NULL && lc->why_not != NULL)
		return;   /* said already, or one not kept is: that stays */
	else
		why = req->n == 1 ? xasprintf("a delete cannot be undone: :audit offers to re-create %s %s from its last YAML",
		    kind, name) : xstrdup("a delete cannot be undone: :audit offers to re-create each from its last YAML");
	op_undo_never(req, why);
	free(why);
}

static void
delete_on_done(struct api_call *c, const struct api_result *res, void *arg)
{
	struct delete_call *dc = arg;
	(void)c;
	if (res->err.code == KD_OK && res->body != NULL)
		delete_note(dc->req, dc->i, res->body);
	if (res->err.code == KD_OK)
		delete_say_kept(dc);
	dc->cb(dc->req, dc->i, res->err.code == KD_OK ? NULL : &res->err, dc->arg);
	free(dc);
}

static void
delete_send(struct delete_call *dc)
{
	const struct op_req *req = dc->req;
	size_t i = dc->i;
	struct api_ref ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.propagation = req->opts.propagation ? (enum api_propagation)req->opts.propagation :
	    API_PROPAGATE_BACKGROUND;
	o.grace_seconds = req->opts.grace_seconds;
	o.dry_run = req->opts.dry_run;
	api_delete(req->cluster->api, &ref, &o, delete_on_done, dc);
}

/* The object as it is, kept (deleted.h) before it goes; a read that fails keeps nothing
 * and the delete is sent all the same, as kubectl sends it. */
static void
delete_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct delete_call *dc = arg;
	struct kd_err err = { 0 };
	(void)c;
	if (res->err.code != KD_OK || res->body == NULL)
		snprintf(dc->unkept, sizeof dc->unkept, "it could not be read first: %.500s",
		    res->err.msg[0] ? res->err.msg : "no object in the answer");
	else if (deleted_save(dc->req->cluster->context, dc->req->res->group, dc->req->res->resource,
	    res->body, &err) != 0)
		snprintf(dc->unkept, sizeof dc->unkept, "%.590s", err.msg);
	delete_send(dc);
}

static void
delete_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct delete_call *dc = xcalloc(1, sizeof *dc);
	dc->req = req;
	dc->i = i;
	dc->cb = cb;
	dc->arg = arg;
	if (req->opts.dry_run || !deleted_keeps(req->res->group, req->res->resource)) {
		delete_send(dc);
		return;
	}
	struct api_ref ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	api_get(req->cluster->api, &ref, delete_on_read, dc);
}

const struct op op_delete = {
	.name = "delete",
	.action = "delete",
	.verb = "delete",
	.mutates = 1,
	.done = "deleted",
	.plan = delete_plan,
	.apply = delete_apply,
	.choices = delete_choices,
	.choose = delete_choose,
};
