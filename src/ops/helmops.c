/* What the Helm rollback and uninstall share; see helmops.h and helmops_priv.h. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/linediff.h"
#include "ops/helmops.h"
#include "ops/helmops_priv.h"
#include "util/xmalloc.h"

struct helmop *
helmop_new_(enum helmop_kind kind, struct cluster *c, const char *ns, const char *name,
    helmop_cb cb, void *arg)
{
	struct helmop *op = xcalloc(1, sizeof *op);
	op->kind = kind;
	op->c = c;
	op->ns = xstrdup(ns ? ns : "");
	op->name = xstrdup(name ? name : "");
	op->cb = cb;
	op->arg = arg;
	return op;
}

static void
helmop_destroy(struct helmop *op)
{
	for (size_t i = 0; i < op->nrevs; i++) {
		helmrel_free(&op->revs[i]);
		cJSON_Delete(op->secrets[i]);
	}
	free(op->revs);
	free(op->secrets);
	for (size_t i = 0; i < op->nitems; i++) {
		free(op->items[i].resource);
		free(op->items[i].pub.diff);
		free(op->items[i].pub.why);
		free(op->items[i].before);
		free(op->items[i].after);
		cJSON_Delete(op->items[i].live);
	}
	free(op->items);
	helmplan_free(&op->objs, op->nobjs);
	helmplan_free(&op->olds, op->nolds);
	free(op->plan_err);
	free(op->errs.s);
	free(op->fatal);
	free(op->failed);
	cJSON_Delete(op->rel);
	cJSON_Delete(op->deployed);
	free(op->outcome);
	free(op->ns);
	free(op->name);
	free(op);
}

void
helmop_free(struct helmop **opp)
{
	if (opp == NULL || *opp == NULL)
		return;
	struct helmop *op = *opp;
	*opp = NULL;
	if (op->pending > 0) {
		/* the answers still come into it; an apply goes on to its end */
		op->dead = 1;
		return;
	}
	helmop_destroy(op);
}

void
helmop_end_(struct helmop *op, const struct kd_err *err)
{
	op->applying = 0;
	if (op->dead) {
		if (op->pending == 0)
			helmop_destroy(op);
		return;
	}
	if (op->cb != NULL)
		op->cb(op, err, op->arg);
}

void
helmop_fail_(struct helmop *op, const char *fmt, ...)
{
	struct kd_err err = { 0 };
	va_list ap;
	va_start(ap, fmt);
	err.code = KD_ERR_INVALID;
	vsnprintf(err.msg, sizeof err.msg, fmt, ap);
	va_end(ap);
	helmop_end_(op, &err);
}

struct helmop_req *
helmop_req_(struct helmop *op, size_t i)
{
	struct helmop_req *r = xcalloc(1, sizeof *r);
	r->op = op;
	r->i = i;
	op->pending++;
	return r;
}

int
helmop_req_done_(struct helmop_req *r)
{
	struct helmop *op = r->op;
	free(r->secret_name);
	free(r);
	op->pending--;
	if (op->dead && !op->applying) {
		if (op->pending == 0)
			helmop_destroy(op);
		return 0;
	}
	return 1;
}

/* ---- the release read ---- */

static int
helmop_by_version(const void *a, const void *b)
{
	long x = ((const struct helmrel *)a)->version, y = ((const struct helmrel *)b)->version;
	return x < y ? -1 : x > y;
}

struct helmop_read {
	struct helmop *op;
	void (*next)(struct helmop *op);
	char *selector;
};

static void
helmop_on_list(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_read *rd = arg;
	struct helmop *op = rd->op;
	void (*next)(struct helmop *) = rd->next;
	(void)call;
	free(rd->selector);
	free(rd);
	op->pending--;
	if (op->dead) {
		helmop_end_(op, NULL);
		return;
	}
	if (res->err.code != KD_OK) {
		helmop_end_(op, &res->err);
		return;
	}
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(res->body, "items"), *it;
	size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
	struct helmrel *revs = xcalloc(n ? n : 1, sizeof *revs);
	cJSON_ArrayForEach(it, items) {
		struct kd_err e = { 0 };
		/* helm's driver skips what it cannot decode */
		if (helmrel_from_secret(&revs[k], it, &e) == 0)
			k++;
	}
	qsort(revs, k, sizeof *revs, helmop_by_version);
	op->revs = revs;
	op->nrevs = k;
	op->secrets = xcalloc(k ? k : 1, sizeof *op->secrets);
	for (size_t i = 0; i < k; i++) {
		char key[600];
		snprintf(key, sizeof key, "sh.helm.release.v1.%s.v%ld", op->name, revs[i].version);
		cJSON_ArrayForEach(it, items) {
			const cJSON *md = cJSON_GetObjectItemCaseSensitive(it, "metadata");
			const cJSON *nm = cJSON_GetObjectItemCaseSensitive(md, "name");
			if (op->secrets[i] == NULL && cJSON_IsString(nm) && strcmp(nm->valuestring, key) == 0)
				op->secrets[i] = cJSON_Duplicate(it, 1);
		}
	}
	if (k == 0) {
		/* helm: storage's Last on an empty history */
		helmop_fail_(op, "no revision for release \"%s\" in %s on %s", op->name, op->ns,
		    op->c->context);
		return;
	}
	op->last = k - 1;
	next(op);
}

void
helmop_read_(struct helmop *op, void (*next)(struct helmop *op))
{
	struct helmop_read *rd = xcalloc(1, sizeof *rd);
	rd->op = op;
	rd->next = next;
	/* kblabels.Set{"name", "owner"}.AsSelector().String(): keys sorted */
	rd->selector = xasprintf("name=%s,owner=helm", op->name);
	struct api_ref ref = { "", "v1", "secrets", op->ns, NULL, NULL };
	struct api_list_opts o = { 0 };
	o.label_selector = rd->selector;
	op->pending++;
	api_list(op->c->api, &ref, &o, helmop_on_list, rd);
}

/* ---- objects ---- */

static const struct kres *
helmop_find_kind(const struct discovery *d, const char *group, const char *kind)
{
	for (size_t i = 0; d != NULL && i < discovery_count(d); i++) {
		const struct kres *r = discovery_at(d, i);
		if (r->kind && strcmp(r->kind, kind) == 0 && strcmp(r->group ? r->group : "", group) == 0)
			return r;
	}
	return NULL;
}

int
helmop_resolve_(struct helmop *op, struct helmplan_obj *objs, size_t n, int old,
    struct helmplan_obj *skip, size_t nskip)
{
	for (size_t i = 0; i < n; i++) {
		struct helmplan_obj *o = &objs[i];
		const struct kres *r = helmop_find_kind(op->c->disc, o->group, o->kind);
		if (r == NULL) {
			/* as helm's builder says it, before anything is written */
			free(op->plan_err);
			op->plan_err = xasprintf("unable to build kubernetes objects from %s release manifest: "
			    "resource mapping not found for name: \"%s\" namespace: \"%s\": no matches for kind "
			    "\"%s\" in version \"%s%s%s\"", old ? "current" : "new", o->name, o->ns, o->kind,
			    o->group, o->group[0] ? "/" : "", o->version);
			return -1;
		}
		if (!r->namespaced)
			helmplan_cluster_scoped(o);
		if (helmplan_find(skip, nskip, o) != NULL)
			continue;
		op->items = xreallocarray(op->items, op->nitems + 1, sizeof *op->items);
		struct helmop_item *it = &op->items[op->nitems++];
		memset(it, 0, sizeof *it);
		it->o = o;
		it->resource = xstrdup(r->resource);
		it->namespaced = r->namespaced;
		it->old = old;
		it->pub.kind = o->kind;
		it->pub.ns = o->ns;
		it->pub.name = o->name;
		it->pub.action = HELMPLAN_PENDING;
	}
	return 0;
}

struct api_ref
helmop_item_ref_(const struct helmop_item *it)
{
	struct api_ref ref = { it->o->group, it->o->version, it->resource,
		it->namespaced ? it->o->ns : NULL, it->o->name, NULL };
	return ref;
}

void
helmop_get_item_(struct helmop *op, size_t i, api_cb done)
{
	struct helmop_req *r = helmop_req_(op, i);
	r->ref = helmop_item_ref_(&op->items[i]);
	api_get(op->c->api, &r->ref, done, r);
}

static void
helmop_on_live(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_req *r = arg;
	struct helmop *op = r->op;
	struct helmop_item *it = &op->items[r->i];
	(void)call;
	cJSON_Delete(it->live);
	it->live = res->err.code == KD_OK ? api_result_take(res) : NULL;
	it->live_status = res->status;
	if (res->err.code != KD_OK && res->status != 404)
		helmop_item_why_(it, "could not get information about the resource: %s", helmop_message_(res));
	if (!helmop_req_done_(r))
		return;
	if (op->pending == 0)
		op->step(op);
}

void
helmop_read_live_(struct helmop *op)
{
	op->pending++;   /* the loop's own count: an answer cannot end it early */
	for (size_t i = 0; i < op->nitems; i++)
		helmop_get_item_(op, i, helmop_on_live);
	if (--op->pending == 0)
		op->step(op);
}

void
helmop_item_why_(struct helmop_item *it, const char *fmt, ...)
{
	va_list ap;
	free(it->pub.why);
	va_start(ap, fmt);
	it->pub.why = xvasprintf(fmt, ap);
	va_end(ap);
}

void
helmop_item_diff_(struct helmop_item *it, const char *a, const char *b)
{
	struct linediff d;
	struct sbuf s = { 0 };
	a = a ? a : "";
	b = b ? b : "";
	free(it->pub.diff);
	it->pub.diff = NULL;
	it->pub.added = it->pub.removed = 0;
	free(it->before);
	free(it->after);
	it->before = xstrdup(a);
	it->after = xstrdup(b);
	if (linediff_make(a, strlen(a), b, strlen(b), 3, &d) != 0)
		return;
	for (size_t i = 0; i < d.n; i++) {
		char op = d.lines[i].op == '@' ? '@' : d.lines[i].op;
		if (op != '@')
			sbuf_add(&s, &op, 1);
		sbuf_add(&s, d.lines[i].text, d.lines[i].len);
		sbuf_str(&s, "\n");
	}
	it->pub.added = d.added;
	it->pub.removed = d.removed;
	it->pub.diff = s.s;
	linediff_free(&d);
}

/* ---- records ---- */

void
helmop_go_time_(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char frac[32] = "";
	if (ts.tv_nsec > 0) {
		/* Go's RFC3339Nano: the fraction without its trailing zeros */
		snprintf(frac, sizeof frac, ".%09ld", ts.tv_nsec);
		for (size_t k = strlen(frac); k > 1 && frac[k - 1] == '0'; k--)
			frac[k - 1] = '\0';
	}
	char date[40];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s%sZ", date, frac);
}

static void
helmop_set_str(cJSON *obj, const char *key, const char *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(obj, key, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(obj, key, value);
}

cJSON *
helmop_with_status_(const cJSON *rel, const char *status, const char *description)
{
	cJSON *r = cJSON_Duplicate(rel, 1);
	cJSON *info = cJSON_GetObjectItemCaseSensitive(r, "info");
	if (!cJSON_IsObject(info))
		info = cJSON_AddObjectToObject(r, "info");
	helmop_set_str(info, "status", status);
	if (description != NULL)
		helmop_set_str(info, "description", description);
	return r;
}

void
helmop_write_(struct helmop *op, const cJSON *rel, int create, const cJSON *labels_from, api_cb done)
{
	cJSON *s = helmrel_secret(rel, time(NULL));
	cJSON *labels = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s, "metadata"),
	    "labels");
	if (!create) {
		/* helm's Update writes a new object: modifiedAt instead of createdAt */
		char buf[32];
		cJSON_DeleteItemFromObjectCaseSensitive(labels, "createdAt");
		snprintf(buf, sizeof buf, "%lld", (long long)time(NULL));
		cJSON_AddStringToObject(labels, "modifiedAt", buf);
	}
	/* the release's own labels (stored on the Secret only) */
	static const char *const system[] = { "name", "owner", "status", "version", "createdAt",
		"modifiedAt" };
	const cJSON *l;
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(labels_from,
	    "metadata"), "labels")) {
		int sys = 0;
		for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
			sys |= strcmp(l->string, system[i]) == 0;
		if (!sys && cJSON_IsString(l) && cJSON_GetObjectItemCaseSensitive(labels, l->string) == NULL)
			cJSON_AddStringToObject(labels, l->string, l->valuestring);
	}
	const cJSON *nm = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s, "metadata"), "name");
	struct helmop_req *r = helmop_req_(op, SIZE_MAX);
	r->secret_name = xstrdup(cJSON_IsString(nm) ? nm->valuestring : "");
	struct api_ref ref = { "", "v1", "secrets", op->ns, create ? NULL : r->secret_name, NULL };
	r->ref = ref;
	char *body = cJSON_PrintUnformatted(s);
	cJSON_Delete(s);
	if (create)
		api_create(op->c->api, &r->ref, body, NULL, done, r);
	else
		api_update(op->c->api, &r->ref, body, NULL, done, r);
	cJSON_free(body);
}

struct helmop_del {
	struct helmop_req *r;
	api_cb done;
};

static void
helmop_on_record_got(struct api_call *call, const struct api_result *res, void *arg)
{
	struct helmop_del *d = arg;
	struct helmop_req *r = d->r;
	api_cb done = d->done;
	free(d);
	if (res->err.code != KD_OK) {
		done(call, res, r);
		return;
	}
	api_delete(r->op->c->api, &r->ref, NULL, done, r);
}

void
helmop_delete_record_(struct helmop *op, long v, api_cb done)
{
	struct helmop_req *r = helmop_req_(op, SIZE_MAX);
	r->secret_name = xasprintf("sh.helm.release.v1.%s.v%ld", op->name, v);
	struct api_ref ref = { "", "v1", "secrets", op->ns, r->secret_name, NULL };
	r->ref = ref;
	struct helmop_del *d = xcalloc(1, sizeof *d);
	d->r = r;
	d->done = done;
	api_get(op->c->api, &r->ref, helmop_on_record_got, d);
}

const char *
helmop_message_(const struct api_result *res)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(res->body, "message");
	if (res->status != 0 && cJSON_IsString(m) && m->valuestring[0])
		return m->valuestring;
	return res->err.msg;
}

/* ---- checks ---- */

static int
helmop_may_kind(struct cluster *c, enum helmop_kind kind, const char *verb, const char *group,
    const char *resource, const char *ns, char *why, size_t len)
{
	if (c->access == NULL)
		return 1;
	struct api_access q = { verb, group, resource, NULL, ns, NULL };
	return access_may(c->access, &q, kind == HELMOP_ROLLBACK ? "helm rollback" : "helm uninstall",
	    why, len);
}

int
helmop_may_(const struct helmop *op, const char *verb, const char *group, const char *resource,
    const char *ns, char *why, size_t len)
{
	return helmop_may_kind(op->c, op->kind, verb, group, resource, ns, why, len);
}

int
helmop_may(struct cluster *c, enum helmop_kind kind, const char *ns, char *why, size_t len)
{
	/* every question asked at once, so that the answers come in together */
	static const char *const rb[] = { "get", "list", "create", "update", "delete" };
	static const char *const un[] = { "get", "list", "update", "delete" };
	const char *const *verbs = kind == HELMOP_ROLLBACK ? rb : un;
	size_t nverbs = kind == HELMOP_ROLLBACK ? 5 : 4;
	const char *what = kind == HELMOP_ROLLBACK ? "helm rollback" : "helm uninstall";
	char w[512];
	int ans = 1;
	if (c->readonly) {
		snprintf(why, len, "%s is disabled: read-only (%s)", what, c->context);
		return 0;
	}
	for (size_t i = 0; i < nverbs; i++) {
		int a = helmop_may_kind(c, kind, verbs[i], "", "secrets", ns, w, sizeof w);
		if (a == 0) {
			snprintf(why, len, "%s", w);
			return 0;
		}
		if (a == -1 && ans == 1) {
			snprintf(why, len, "%s", w);
			ans = -1;
		}
	}
	return ans;
}

int
helmop_check(const struct helmop *op, char *why, size_t len)
{
	const char *what = op->kind == HELMOP_ROLLBACK ? "helm rollback" : "helm uninstall";
	if (op->c->readonly) {
		snprintf(why, len, "%s is disabled: read-only (%s)", what, op->c->context);
		return 0;
	}
	if (op->plan_err != NULL) {
		snprintf(why, len, "%s", op->plan_err);
		return 0;
	}
	if (op->kind == HELMOP_UNINSTALL && op->nrevs && op->keep_history &&
	    strcmp(op->revs[op->last].status, "uninstalled") == 0) {
		snprintf(why, len, "the release named \"%s\" is already deleted", op->name);
		return 0;
	}
	for (size_t i = 0; op->kind == HELMOP_ROLLBACK && i < op->nitems; i++)
		if (op->items[i].pub.action == HELMPLAN_ERROR) {
			snprintf(why, len, "helm rollback would fail: %s %s: %s", op->items[i].o->kind,
			    op->items[i].o->name, op->items[i].pub.why ? op->items[i].pub.why : "?");
			return 0;
		}
	char w[512];
	int ans = helmop_may(op->c, op->kind, op->ns, why, len);
	if (ans == 0)
		return 0;
	for (size_t i = 0; i < op->nitems; i++) {
		const struct helmop_item *it = &op->items[i];
		const char *verb = it->pub.action == HELMPLAN_CREATE ? "create" :
		    it->pub.action == HELMPLAN_CHANGE ? "patch" :
		    it->pub.action == HELMPLAN_DELETE ? "delete" : NULL;
		if (verb == NULL)
			continue;
		int a = helmop_may_(op, verb, it->o->group, it->resource, it->o->ns, w, sizeof w);
		if (a == 0) {
			snprintf(why, len, "%s", w);
			return 0;
		}
		if (a == -1 && ans == 1) {
			snprintf(why, len, "%s", w);
			ans = -1;
		}
	}
	return ans;
}

/* ---- accessors ---- */

enum helmop_kind
helmop_kind_of(const struct helmop *op)
{
	return op->kind;
}

long
helmop_target(const struct helmop *op)
{
	return op->nrevs ? op->revs[op->target].version : 0;
}

long
helmop_next(const struct helmop *op)
{
	return op->nrevs ? op->revs[op->last].version + 1 : 0;
}

size_t
helmop_count(const struct helmop *op)
{
	return op->nitems;
}

const struct helmop_row *
helmop_row(const struct helmop *op, size_t i)
{
	return i < op->nitems ? &op->items[i].pub : NULL;
}

size_t
helmop_count_action(const struct helmop *op, enum helmplan_action a)
{
	size_t n = 0;
	for (size_t i = 0; i < op->nitems; i++)
		n += op->items[i].pub.action == a;
	return n;
}

void
helmop_set_keep_history(struct helmop *op, int keep)
{
	op->keep_history = keep;
}

int
helmop_keep_history(const struct helmop *op)
{
	return op->keep_history;
}

const char *
helmop_outcome(const struct helmop *op)
{
	return op->outcome;
}

char *
helmop_question(const struct helmop *op)
{
	return op->kind == HELMOP_ROLLBACK ? helmop_rollback_question_(op) : helmop_uninstall_question_(op);
}

const char *
helmop_choices(const struct helmop *op, const char **hint)
{
	if (op->kind != HELMOP_UNINSTALL)
		return NULL;
	*hint = op->keep_history ? "h: purge the history" : "h: keep the history";
	return "h";
}

void
helmop_apply(struct helmop *op, helmop_cb cb, void *arg)
{
	op->cb = cb;
	op->arg = arg;
	op->applying = 1;
	op->now = time(NULL);
	if (op->kind == HELMOP_ROLLBACK)
		helmop_rollback_apply_(op);
	else
		helmop_uninstall_apply_(op);
}

void
helmop_texts(const struct helmop *op, char **before, char **after)
{
	struct sbuf a = { 0 }, b = { 0 };
	sbuf_str(&a, "");
	sbuf_str(&b, "");
	for (size_t i = 0; i < op->nitems; i++) {
		const struct helmop_item *it = &op->items[i];
		char *head = xasprintf("# %s %s%s%s: %s%s%s\n", it->o->kind, it->o->ns, it->o->ns[0] ? "/" : "",
		    it->o->name, helmplan_word(it->pub.action), it->pub.why ? ": " : "",
		    it->pub.why ? it->pub.why : "");
		sbuf_str(&a, head);
		sbuf_str(&b, head);
		free(head);
		if (it->before != NULL)
			sbuf_str(&a, it->before);
		if (it->after != NULL)
			sbuf_str(&b, it->after);
	}
	*before = a.s;
	*after = b.s;
}
