/* helm uninstall NAME [--keep-history]: as pkg/action/uninstall.go does it. The plan: the
 * release Secrets read, the last revision's manifest in helm's uninstall order, each
 * object deleted or kept (annotated helm.sh/resource-policy: keep in the manifest), the
 * live objects read to say which are already gone. The apply: the last record marked
 * uninstalling ("Deletion in progress (or silently failed)"), the objects deleted in the
 * background, then every record deleted, or with keep-history the last one marked
 * uninstalled, "Uninstallation complete". An uninstalled release (kept history) is only
 * purged. Hooks are not run. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "model/helmplan.h"
#include "ops/helmops.h"
#include "ops/helmops_priv.h"
#include "ops/lastchange.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

enum { UN_MARK, UN_DELETE, UN_RECORD, UN_PURGE, UN_DONE };

static int
un_uninstalled(const struct helmop *op)
{
	return strcmp(op->revs[op->last].status, "uninstalled") == 0;
}

static void
un_on_live(struct helmop *op)
{
	for (size_t i = 0; i < op->nitems; i++) {
		struct helmop_item *it = &op->items[i];
		if (helmplan_keep(it->o->obj))
			it->pub.action = HELMPLAN_KEEP;
		else if (it->live == NULL && it->pub.why == NULL)
			it->pub.action = HELMPLAN_GONE;
		else {
			/* a live object that could not be read is deleted all the same */
			it->pub.action = HELMPLAN_DELETE;
			char *a = it->live ? helmplan_yaml(it->live) : NULL;
			helmop_item_diff_(it, a, "");
			free(a);
		}
	}
	helmop_end_(op, NULL);
}

static void
un_on_read(struct helmop *op)
{
	struct kd_err err = { 0 };
	op->target = op->last;
	if (un_uninstalled(op)) {
		helmop_end_(op, NULL);   /* its objects went with the uninstall that kept it */
		return;
	}
	if (helmplan_parse(op->revs[op->last].manifest, op->ns, &op->objs, &op->nobjs, &err) != 0) {
		helmop_fail_(op, "unable to build kubernetes objects for delete: %s", err.msg);
		return;
	}
	helmplan_uninstall_order(op->objs, op->nobjs);
	if (helmop_resolve_(op, op->objs, op->nobjs, 0, NULL, 0) != 0) {
		helmop_fail_(op, "%s", op->plan_err);
		return;
	}
	op->step = un_on_live;
	helmop_read_live_(op);
}

struct helmop *
helmop_uninstall(struct cluster *c, const char *ns, const char *name, helmop_cb cb, void *arg)
{
	struct helmop *op = helmop_new_(HELMOP_UNINSTALL, c, ns, name, cb, arg);
	helmop_read_(op, un_on_read);
	return op;
}

char *
helmop_uninstall_question_(const struct helmop *op)
{
	const struct helmrel *l = &op->revs[op->last];
	if (un_uninstalled(op) && op->keep_history)
		return xasprintf("Release %s in %s on %s is uninstalled already (its history kept): "
		    "nothing to do (h: purge the history)?", op->name, op->ns, op->c->context);
	if (un_uninstalled(op))
		return xasprintf("Purge the history of release %s (uninstalled) in %s on %s: delete its %zu "
		    "release record%s (h: keep it)?", op->name, op->ns, op->c->context, op->nrevs,
		    op->nrevs == 1 ? "" : "s");
	struct sbuf b = { 0 };
	size_t del = helmop_count_action(op, HELMPLAN_DELETE);
	size_t kept = helmop_count_action(op, HELMPLAN_KEEP), gone = helmop_count_action(op, HELMPLAN_GONE);
	char *s = xasprintf("Uninstall release %s in %s on %s (revision %ld, chart %s-%s): delete %zu object%s",
	    op->name, op->ns, op->c->context, l->version, l->chart, l->chart_version, del, del == 1 ? "" : "s");
	sbuf_str(&b, s);
	free(s);
	/* the choice first: a long list of kept objects is what a narrow screen cuts */
	if (op->keep_history)
		s = xasprintf(", mark revision %ld uninstalled and keep the history (h: purge it)", l->version);
	else
		s = xasprintf(" and its %zu release record%s (h: keep the history)", op->nrevs,
		    op->nrevs == 1 ? "" : "s");
	sbuf_str(&b, s);
	free(s);
	if (gone) {
		s = xasprintf(" (%zu already gone)", gone);
		sbuf_str(&b, s);
		free(s);
	}
	if (kept) {
		s = xasprintf(", keep %zu (helm.sh/resource-policy: keep:", kept);
		sbuf_str(&b, s);
		free(s);
		for (size_t i = 0, k = 0; i < op->nitems; i++)
			if (op->items[i].pub.action == HELMPLAN_KEEP) {
				sbuf_str(&b, k++ ? ", " : " ");
				sbuf_str(&b, op->items[i].o->kind);
				sbuf_str(&b, " ");
				sbuf_str(&b, op->items[i].o->name);
			}
		sbuf_str(&b, ")");
	}
	sbuf_str(&b, "; hooks are not run?");
	return b.s;
}

static void un_go(struct helmop *op);

static void
un_on_answer(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	int ok = res->err.code == KD_OK;
	(void)call;
	switch (op->phase) {
	case UN_MARK:
		op->phase = UN_DELETE;   /* a failure is only logged, as helm does */
		op->idx = 0;
		break;
	case UN_DELETE: {
		struct helmop_item *it = &op->items[r->i];
		/* what is gone already counts as deleted */
		it->pub.outcome = ok || res->status == 404 ? 1 : -1;
		if (!ok && res->status != 404) {
			helmop_item_why_(it, "%s", helmop_message_(res));
			sbuf_str(&op->errs, op->errs.len ? "; " : "");
			sbuf_str(&op->errs, helmop_message_(res));
		}
		op->idx++;
		break;
	}
	case UN_RECORD:
		op->phase = UN_DONE;
		break;
	case UN_PURGE:
		if (!ok && res->status != 404 && op->fatal == NULL)
			op->fatal = xasprintf("uninstallation completed with 1 error(s): uninstall: Failed to purge "
			    "the release: %s", helmop_message_(res));
		op->idx++;
		break;
	default:
		break;
	}
	if (helmop_req_done_(r))
		un_go(op);
}

static void
un_end(struct helmop *op)
{
	if (op->fatal != NULL) {
		struct kd_err err = { KD_ERR_INVALID, 0, "" };
		snprintf(err.msg, sizeof err.msg, "%s", op->fatal);
		helmop_end_(op, &err);
		return;
	}
	struct lastchange *lc = lastchange_new(op->c->context);
	lc->what = xasprintf("uninstalled release %s in %s on %s%s", op->name, op->ns, op->c->context,
	    op->keep_history ? " (history kept)" : "");
	lc->why_not = xstrdup("an uninstall cannot be undone");
	op->outcome = xstrdup(lc->what);
	lastchange_note(lc);
	helmop_end_(op, NULL);
}

static void
un_go(struct helmop *op)
{
	const struct helmrel *l = &op->revs[op->last];
	char now[64];
	for (;;) {
		switch (op->phase) {
		case UN_MARK: {
			helmop_go_time_(now, sizeof now);
			cJSON *rel = helmop_with_status_(l->json, "uninstalling",
			    "Deletion in progress (or silently failed)");
			cJSON *info = cJSON_GetObjectItemCaseSensitive(rel, "info");
			cJSON_DeleteItemFromObjectCaseSensitive(info, "deleted");
			cJSON_AddStringToObject(info, "deleted", now);
			op->rel = rel;
			helmop_write_(op, rel, 0, op->secrets[op->last], un_on_answer);
			return;
		}
		case UN_DELETE:
			while (op->idx < op->nitems && op->items[op->idx].pub.action == HELMPLAN_KEEP)
				op->idx++;
			if (op->idx < op->nitems) {
				struct helmop_req *r = helmop_req_(op, op->idx);
				r->ref = helmop_item_ref_(&op->items[op->idx]);
				struct api_write_opts o = API_WRITE_DEFAULT;
				o.propagation = API_PROPAGATE_BACKGROUND;
				api_delete(op->c->api, &r->ref, &o, un_on_answer, r);
				return;
			}
			if (op->errs.len) {
				/* the records stay as they are, uninstalling */
				op->fatal = xasprintf("failed to delete release: %s (%s)", op->name, op->errs.s);
				op->phase = UN_DONE;
				break;
			}
			op->phase = op->keep_history ? UN_RECORD : UN_PURGE;
			op->idx = 0;
			break;
		case UN_RECORD: {
			cJSON *rel = helmop_with_status_(op->rel, "uninstalled", "Uninstallation complete");
			helmop_write_(op, rel, 0, op->secrets[op->last], un_on_answer);
			cJSON_Delete(rel);
			return;
		}
		case UN_PURGE:
			if (op->idx < op->nrevs) {
				helmop_delete_record_(op, op->revs[op->idx].version, un_on_answer);
				return;
			}
			op->phase = UN_DONE;
			break;
		default:
			un_end(op);
			return;
		}
	}
}

void
helmop_uninstall_apply_(struct helmop *op)
{
	op->idx = 0;
	if (un_uninstalled(op)) {
		if (op->keep_history) {
			op->fatal = xasprintf("the release named \"%s\" is already deleted", op->name);
			op->phase = UN_DONE;
		} else
			op->phase = UN_PURGE;
	} else
		op->phase = UN_MARK;
	un_go(op);
}
