/* helm rollback NAME [REVISION]: as pkg/action/rollback.go does it. The plan: the release
 * Secrets read, the target (0: the last revision - 1; one that is not there: "release has
 * no N version"), both manifests paired with the live objects (helm's Update). The apply:
 * history pruned to 10 (storage.Create: the oldest first, never the deployed one), the
 * new revision written (pending-rollback, "Rollback to N"), every object of the target
 * created or patched in manifest order, those only the current manifest has deleted
 * (unless kept), then every deployed record superseded and the new one deployed; when an
 * object fails, the last record superseded and the new one failed with "Rollback "NAME"
 * failed: ...". Hooks are not run. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "model/helmplan.h"
#include "ops/helmops.h"
#include "ops/helmops_priv.h"
#include "ops/lastchange.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

enum { RB_PRUNE, RB_CREATE, RB_OBJECTS, RB_DELETE, RB_LIST_DEPLOYED, RB_SUPERSEDE, RB_DEPLOYED,
	RB_FAIL_LAST, RB_FAIL_NEW, RB_DONE };

/* ---- the plan ---- */

static void
rb_planned(struct helmop *op)
{
	helmop_end_(op, NULL);
}

static void
rb_on_dry_run(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	(void)call;
	if (res->err.code == KD_OK) {
		char *a = helmplan_yaml(it->live), *b = helmplan_yaml(res->body);
		helmop_item_diff_(it, a, b);
		free(a);
		free(b);
	} else {
		helmop_item_why_(it, "the server's dry run refuses the patch: %s", helmop_message_(res));
	}
	if (helmop_req_done_(r) && op->pending == 0)
		op->step(op);
}

/* What helm's Update will do to each object, as it would decide now. */
static void
rb_on_live(struct helmop *op)
{
	op->step = rb_planned;
	op->pending++;
	for (size_t i = 0; i < op->nitems; i++) {
		struct helmop_item *it = &op->items[i];
		char why[512] = "";
		if (it->pub.why != NULL) {
			it->pub.action = HELMPLAN_ERROR;
			continue;
		}
		if (it->old) {
			it->pub.action = it->live == NULL ? HELMPLAN_GONE :
			    helmplan_keep(it->live) ? HELMPLAN_KEEP : HELMPLAN_DELETE;
			if (it->pub.action == HELMPLAN_DELETE) {
				char *a = helmplan_yaml(it->live);
				helmop_item_diff_(it, a, "");
				free(a);
			}
			continue;
		}
		helmplan_decide(it->o, it->live, why, sizeof why);
		it->pub.action = it->o->action;
		if (it->pub.action == HELMPLAN_ERROR) {
			helmop_item_why_(it, "%s", why);
		} else if (it->pub.action == HELMPLAN_CREATE) {
			char *b = helmplan_yaml(it->o->obj);
			helmop_item_diff_(it, "", b);
			free(b);
		} else if (it->pub.action == HELMPLAN_CHANGE) {
			/* the diff is what the server makes of the patch */
			struct helmop_req *r = helmop_req_(op, i);
			r->ref = helmop_item_ref_(it);
			struct api_write_opts o = API_WRITE_DEFAULT;
			o.dry_run = 1;
			char *patch = cJSON_PrintUnformatted(it->o->patch);
			api_patch(op->c->api, &r->ref, it->o->strategic ? API_PATCH_STRATEGIC : API_PATCH_MERGE,
			    patch, &o, rb_on_dry_run, r);
			cJSON_free(patch);
		}
	}
	if (--op->pending == 0)
		op->step(op);
}

static void
rb_on_read(struct helmop *op)
{
	struct kd_err err = { 0 };
	const struct helmrel *last = &op->revs[op->last];
	if (op->want < 0) {
		helmop_fail_(op, "invalid release revision");
		return;
	}
	long want = op->want ? op->want : last->version - 1;
	size_t t;
	for (t = 0; t < op->nrevs && op->revs[t].version != want; t++)
		;
	if (t == op->nrevs) {
		helmop_fail_(op, "release has no %ld version", want);
		return;
	}
	op->target = t;
	if (helmplan_parse(last->manifest, op->ns, &op->olds, &op->nolds, &err) != 0) {
		helmop_fail_(op, "unable to build kubernetes objects from current release manifest: %s", err.msg);
		return;
	}
	if (helmplan_parse(op->revs[t].manifest, op->ns, &op->objs, &op->nobjs, &err) != 0) {
		helmop_fail_(op, "unable to build kubernetes objects from new release manifest: %s", err.msg);
		return;
	}
	if (helmop_resolve_(op, op->objs, op->nobjs, 0, NULL, 0) != 0 ||
	    helmop_resolve_(op, op->olds, op->nolds, 1, op->objs, op->nobjs) != 0) {
		helmop_fail_(op, "%s", op->plan_err);
		return;
	}
	for (size_t i = 0; i < op->nobjs; i++) {
		helmplan_set_owner(&op->objs[i], op->name, op->ns);
		const struct helmplan_obj *old = helmplan_find(op->olds, op->nolds, &op->objs[i]);
		op->objs[i].original = old != NULL ? old->obj : NULL;
	}
	op->step = rb_on_live;
	helmop_read_live_(op);
}

struct helmop *
helmop_rollback(struct cluster *c, const char *ns, const char *name, long rev, helmop_cb cb, void *arg)
{
	struct helmop *op = helmop_new_(HELMOP_ROLLBACK, c, ns, name, cb, arg);
	op->want = rev;
	helmop_read_(op, rb_on_read);
	return op;
}

char *
helmop_rollback_question_(const struct helmop *op)
{
	const struct helmrel *t = &op->revs[op->target], *l = &op->revs[op->last];
	struct sbuf b = { 0 };
	char *head = xasprintf("Roll back release %s in %s on %s from revision %ld to %ld (written as "
	    "revision %ld: chart %s-%s, its values and manifest)", op->name, op->ns, op->c->context,
	    l->version, t->version, l->version + 1, t->chart, t->chart_version);
	sbuf_str(&b, head);
	free(head);
	static const enum helmplan_action order[] = { HELMPLAN_CREATE, HELMPLAN_CHANGE, HELMPLAN_DELETE,
		HELMPLAN_KEEP, HELMPLAN_UNCHANGED, HELMPLAN_ERROR };
	const char *sep = ": ";
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
		size_t n = helmop_count_action(op, order[k]);
		if (n == 0)
			continue;
		char part[64];
		snprintf(part, sizeof part, "%s%zu %s", sep, n,
		    order[k] == HELMPLAN_ERROR ? "failing" : helmplan_word(order[k]));
		sbuf_str(&b, part);
		sep = ", ";
	}
	sbuf_str(&b, "; hooks are not run?");
	return b.s;
}

/* ---- the apply ---- */

static void rb_go(struct helmop *op);

/* The new record: rollback.go's targetRelease, in helm's JSON field order. */
static cJSON *
rb_new_release(struct helmop *op)
{
	const struct helmrel *t = &op->revs[op->target], *l = &op->revs[op->last];
	const cJSON *tj = t->json;
	const cJSON *linfo = cJSON_GetObjectItemCaseSensitive(l->json, "info");
	const cJSON *first = cJSON_GetObjectItemCaseSensitive(linfo, "first_deployed");
	char now[64], desc[64];
	helmop_go_time_(now, sizeof now);
	snprintf(desc, sizeof desc, "Rollback to %ld", t->version);

	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "name", op->name);
	cJSON *info = cJSON_AddObjectToObject(r, "info");
	cJSON_AddStringToObject(info, "first_deployed", cJSON_IsString(first) ? first->valuestring : now);
	cJSON_AddStringToObject(info, "last_deployed", now);
	cJSON_AddStringToObject(info, "deleted", "");   /* helm's time.Time writes its zero so */
	cJSON_AddStringToObject(info, "description", desc);
	cJSON_AddStringToObject(info, "status", "pending-rollback");
	if (t->notes[0])
		cJSON_AddStringToObject(info, "notes", t->notes);
	static const char *const copied[] = { "chart", "config", "manifest", "hooks" };
	for (size_t i = 0; i < sizeof copied / sizeof copied[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(tj, copied[i]);
		/* omitempty */
		if (v != NULL && !cJSON_IsNull(v) && !((cJSON_IsArray(v) || cJSON_IsObject(v)) && v->child == NULL))
			cJSON_AddItemToObject(r, copied[i], cJSON_Duplicate(v, 1));
	}
	cJSON_AddNumberToObject(r, "version", (double)(l->version + 1));
	cJSON_AddStringToObject(r, "namespace", l->ns[0] ? l->ns : op->ns);
	return r;
}

/* storage.removeLeastRecent(name, max - 1): the versions to delete, oldest first. */
static size_t
rb_prune_list(const struct helmop *op, long *out)
{
	size_t max = HELMOP_HISTORY_MAX - 1, k = 0;
	if (op->nrevs <= max)
		return 0;
	long deployed = -1;
	for (size_t i = 0; i < op->nrevs; i++)
		if (strcmp(op->revs[i].status, "deployed") == 0)
			deployed = op->revs[i].version;
	for (size_t i = 0; i < op->nrevs && op->nrevs - k != max; i++)
		if (op->revs[i].version != deployed)
			out[k++] = op->revs[i].version;
	return k;
}

static void
rb_fail(struct helmop *op, const char *why)
{
	sbuf_str(&op->errs, op->errs.len ? " && " : "");
	sbuf_str(&op->errs, why);
}

static void
rb_on_answer(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = r->i < op->nitems ? &op->items[r->i] : NULL;
	int ok = res->err.code == KD_OK;
	(void)call;
	switch (op->phase) {
	case RB_PRUNE:
		if (!ok && res->status != 404)
			op->fatal = xasprintf("could not prune %s: %s", r->secret_name, helmop_message_(res));
		op->idx++;
		break;
	case RB_CREATE:
		/* not written: nothing else is done, the error as helm returns it */
		if (!ok)
			op->fatal = xasprintf("create: failed to create: %s", helmop_message_(res));
		op->phase = ok ? RB_OBJECTS : RB_DONE;
		op->idx = 0;
		break;
	case RB_LIST_DEPLOYED:
		/* none deployed is no error (storage.DeployedAll) */
		cJSON_Delete(op->deployed);
		op->deployed = ok ? api_result_take(res) : NULL;
		op->phase = RB_SUPERSEDE;
		op->idx = 0;
		break;
	case RB_SUPERSEDE:
		op->idx++;   /* recordRelease: a failure is only logged */
		break;
	case RB_DEPLOYED:
		if (!ok)
			op->fatal = xasprintf("update: failed to update: %s", helmop_message_(res));
		op->phase = RB_DONE;
		break;
	case RB_FAIL_LAST:
		op->phase = RB_FAIL_NEW;
		break;
	case RB_FAIL_NEW:
		op->phase = RB_DONE;
		break;
	default:
		(void)it;
		break;
	}
	if (helmop_req_done_(r))
		rb_go(op);
}

/* Objects, phase RB_OBJECTS: a fresh GET, then helm's decision on it. */
static void
rb_on_object_done(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	(void)call;
	if (res->err.code == KD_OK) {
		it->pub.outcome = 1;
	} else {
		it->pub.outcome = -1;
		char *why = it->pub.action == HELMPLAN_CREATE ?
		    xasprintf("failed to create resource: %s", helmop_message_(res)) :
		    xasprintf("cannot patch \"%s\" with kind %s: %s", it->o->name, it->o->kind, helmop_message_(res));
		helmop_item_why_(it, "%s", why);
		if (it->pub.action == HELMPLAN_CREATE)
			op->fatal = why;   /* Update stops at a create that fails */
		else {
			rb_fail(op, why);
			free(why);
		}
	}
	op->idx++;
	if (helmop_req_done_(r))
		rb_go(op);
}

static void
rb_on_object_got(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	char why[512] = "";
	(void)call;
	if (res->err.code != KD_OK && res->status != 404) {
		op->fatal = xasprintf("could not get information about the resource: %s", helmop_message_(res));
		it->pub.outcome = -1;
		if (helmop_req_done_(r))
			rb_go(op);
		return;
	}
	cJSON_Delete(it->live);
	it->live = res->err.code == KD_OK ? api_result_take(res) : NULL;
	helmplan_decide(it->o, it->live, why, sizeof why);
	it->pub.action = it->o->action;
	if (it->o->action == HELMPLAN_ERROR) {
		op->fatal = xstrdup(why);
		helmop_item_why_(it, "%s", why);
		it->pub.outcome = -1;
	} else if (it->o->action == HELMPLAN_CREATE) {
		struct helmop_req *c = helmop_req_(op, r->i);
		c->ref = helmop_item_ref_(it);
		c->ref.name = NULL;
		char *body = cJSON_PrintUnformatted(it->o->obj);
		api_create(op->c->api, &c->ref, body, NULL, rb_on_object_done, c);
		cJSON_free(body);
	} else if (it->o->action == HELMPLAN_CHANGE) {
		struct helmop_req *c = helmop_req_(op, r->i);
		c->ref = helmop_item_ref_(it);
		char *patch = cJSON_PrintUnformatted(it->o->patch);
		api_patch(op->c->api, &c->ref, it->o->strategic ? API_PATCH_STRATEGIC : API_PATCH_MERGE, patch,
		    NULL, rb_on_object_done, c);
		cJSON_free(patch);
	} else {
		it->pub.outcome = 1;   /* unchanged: nothing sent */
		op->idx++;
	}
	if (helmop_req_done_(r) && op->pending == 0)
		rb_go(op);
}

/* Deletions, phase RB_DELETE: a GET (a failure skips it), keep honoured on the live object,
 * a background delete (a failure is only logged, as helm 3 does). */
static void
rb_on_deleted(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	(void)call;
	it->pub.outcome = res->err.code == KD_OK ? 1 : -1;
	if (res->err.code != KD_OK)
		helmop_item_why_(it, "not deleted: %s", helmop_message_(res));
	op->idx++;
	if (helmop_req_done_(r))
		rb_go(op);
}

static void
rb_on_delete_got(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	(void)call;
	if (res->err.code != KD_OK || helmplan_keep(res->body)) {
		it->pub.action = res->err.code != KD_OK ? HELMPLAN_GONE : HELMPLAN_KEEP;
		op->idx++;
	} else {
		struct helmop_req *d = helmop_req_(op, r->i);
		d->ref = helmop_item_ref_(it);
		struct api_write_opts o = API_WRITE_DEFAULT;
		o.propagation = API_PROPAGATE_BACKGROUND;
		api_delete(op->c->api, &d->ref, &o, rb_on_deleted, d);
	}
	if (helmop_req_done_(r) && op->pending == 0)
		rb_go(op);
}

static void
rb_note(struct helmop *op)
{
	const struct helmrel *t = &op->revs[op->target], *l = &op->revs[op->last];
	struct lastchange *lc = lastchange_new(op->c->context);
	lc->what = xasprintf("rolled back release %s in %s on %s to revision %ld (revision %ld)", op->name,
	    op->ns, op->c->context, t->version, l->version + 1);
	/* a rollback writes a record and creates and deletes objects: not patches to undo */
	lc->why_not = xasprintf("a Helm rollback is undone by another one: roll %s back to revision %ld "
	    "from its history", op->name, l->version);
	lastchange_note(lc);
	op->outcome = xstrdup(lc->what);
}

static void
rb_end(struct helmop *op)
{
	struct kd_err err = { 0 };
	if (op->failed == NULL && op->fatal == NULL) {
		rb_note(op);
		helmop_end_(op, NULL);
		return;
	}
	err.code = KD_ERR_INVALID;
	snprintf(err.msg, sizeof err.msg, "%s", op->failed ? op->failed : op->fatal);
	helmop_end_(op, &err);
}

static void
rb_go(struct helmop *op)
{
	for (;;) {
		switch (op->phase) {
		case RB_PRUNE: {
			long *prune = xcalloc(op->nrevs + 1, sizeof *prune);
			size_t n = rb_prune_list(op, prune);
			long v = op->idx < n ? prune[op->idx] : -1;
			free(prune);
			if (op->fatal != NULL) {
				rb_end(op);   /* storage.Create failed: nothing written */
				return;
			}
			if (v >= 0) {
				helmop_delete_record_(op, v, rb_on_answer);
				return;
			}
			op->phase = RB_CREATE;
			break;
		}
		case RB_CREATE:
			op->rel = rb_new_release(op);
			helmop_write_(op, op->rel, 1, op->secrets[op->target], rb_on_answer);
			return;
		case RB_OBJECTS:
			if (op->fatal != NULL) {
				op->phase = RB_FAIL_LAST;
				break;
			}
			while (op->idx < op->nitems && op->items[op->idx].old)
				op->idx++;
			if (op->idx < op->nitems) {
				helmop_get_item_(op, op->idx, rb_on_object_got);
				return;
			}
			op->phase = op->errs.len ? RB_FAIL_LAST : RB_DELETE;
			op->idx = 0;
			break;
		case RB_DELETE:
			while (op->idx < op->nitems && !op->items[op->idx].old)
				op->idx++;
			if (op->idx < op->nitems) {
				helmop_get_item_(op, op->idx, rb_on_delete_got);
				return;
			}
			op->phase = RB_LIST_DEPLOYED;
			break;
		case RB_LIST_DEPLOYED: {
			struct helmop_req *r = helmop_req_(op, SIZE_MAX);
			r->secret_name = xasprintf("name=%s,owner=helm,status=deployed", op->name);
			struct api_ref ref = { "", "v1", "secrets", op->ns, NULL, NULL };
			r->ref = ref;
			struct api_list_opts o = { 0 };
			o.label_selector = r->secret_name;
			api_list(op->c->api, &r->ref, &o, rb_on_answer, r);
			return;
		}
		case RB_SUPERSEDE: {
			const cJSON *items = cJSON_GetObjectItemCaseSensitive(op->deployed, "items");
			const cJSON *s = cJSON_GetArrayItem(items, (int)op->idx);
			if (s == NULL) {
				op->phase = RB_DEPLOYED;
				break;
			}
			struct helmrel rel;
			struct kd_err e = { 0 };
			if (helmrel_from_secret(&rel, s, &e) != 0) {
				op->idx++;
				break;
			}
			cJSON *sup = helmop_with_status_(rel.json, "superseded", NULL);
			helmop_write_(op, sup, 0, s, rb_on_answer);
			cJSON_Delete(sup);
			helmrel_free(&rel);
			return;
		}
		case RB_DEPLOYED: {
			cJSON *dep = helmop_with_status_(op->rel, "deployed", NULL);
			helmop_write_(op, dep, 0, op->secrets[op->target], rb_on_answer);
			cJSON_Delete(dep);
			return;
		}
		case RB_FAIL_LAST: {
			cJSON *sup = helmop_with_status_(op->revs[op->last].json, "superseded", NULL);
			helmop_write_(op, sup, 0, op->secrets[op->last], rb_on_answer);
			cJSON_Delete(sup);
			return;
		}
		case RB_FAIL_NEW: {
			free(op->failed);
			op->failed = xasprintf("Rollback \"%s\" failed: %s", op->name,
			    op->fatal ? op->fatal : op->errs.s);
			cJSON *failed = helmop_with_status_(op->rel, "failed", op->failed);
			helmop_write_(op, failed, 0, op->secrets[op->target], rb_on_answer);
			cJSON_Delete(failed);
			return;
		}
		default:
			rb_end(op);
			return;
		}
	}
}

void
helmop_rollback_apply_(struct helmop *op)
{
	op->phase = RB_PRUNE;
	op->idx = 0;
	rb_go(op);
}
