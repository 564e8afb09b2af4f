/* Applying a file to clusters; see applyfile.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/doc.h"
#include "model/linediff.h"
#include "ops/applyfile.h"
#include "ops/op.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* What the RBAC check asks, as an operation's descriptor would (op_check): patch for
 * every object, create as well for one the apply creates. Not in op_table: :apply is not
 * an operation on the rows of a page. */
static const struct op af_op_patch = { .name = "apply", .action = "apply", .verb = "patch", .mutates = 1 };
static const struct op af_op_create = { .name = "apply", .action = "apply", .verb = "create", .mutates = 1 };

struct af_row {
	struct applyfile_item pub;
	struct applyfile *af;
	struct api_call *get, *dry, *put;
	cJSON *live, *answer;           /* the GET's and the dry run's objects */
	long get_status, dry_status;
	struct kd_err get_err, dry_err;
	int get_done, dry_done;
	struct api_cause causes[API_MAX_CAUSES];
	int ncauses;
};

struct applyfile {
	char *path;
	struct applyfile_obj *objs;
	size_t nobjs;
	struct af_row *rows;
	size_t n;
	size_t pending;
	int closed;                      /* freed while applies were out: free at the last */
	applyfile_cb changed;
	void *arg;
};

/* ---- the plan ---- */

/* What "unchanged" compares, and what the diff shows: the object with what the server
 * writes by itself left out. A dry run's answer and the live object differ in
 * metadata.managedFields (the apply's own entry and its time), metadata.resourceVersion
 * and metadata.generation (which a dry run may move even when nothing else does) and
 * may differ in status, which controllers write and an apply never sets (status is a
 * subresource); metadata.creationTimestamp and uid are the same object's. Every other
 * field, labels and annotations included, counts: an apply that changes nothing else
 * is "unchanged". */
static char *
af_yaml(const cJSON *obj)
{
	cJSON *o = cJSON_Duplicate(obj, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "status");
	cJSON *md = cJSON_GetObjectItemCaseSensitive(o, "metadata");
	if (cJSON_IsObject(md)) {
		cJSON_DeleteItemFromObjectCaseSensitive(md, "managedFields");
		cJSON_DeleteItemFromObjectCaseSensitive(md, "resourceVersion");
		cJSON_DeleteItemFromObjectCaseSensitive(md, "generation");
	}
	char *y = doc_to_yaml(o, DOC_SORT_KEYS);
	cJSON_Delete(o);
	return y;
}

static size_t
af_count_lines(const char *s)
{
	size_t n = 0;
	for (; s != NULL && *s; s++)
		n += *s == '\n';
	return n;
}

static void
af_set_why(struct af_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
af_set_why(struct af_row *r, const char *fmt, ...)
{
	va_list ap;
	free(r->pub.why);
	va_start(ap, fmt);
	if (vasprintf(&r->pub.why, fmt, ap) < 0)
		r->pub.why = NULL;
	va_end(ap);
}

/* The manager a conflict's cause names: the quoted name after "conflict with ". */
static void
af_cause_manager(const struct api_cause *c, char *buf, size_t len)
{
	const char *q = strchr(c->message, '"');
	const char *e = q ? strchr(q + 1, '"') : NULL;
	if (e != NULL)
		snprintf(buf, len, "%.*s", (int)(e - q - 1), q + 1);
	else
		snprintf(buf, len, "%s", c->message);
}

/* managers: "other, kubectl"; fields: "\"other\": .spec.replicas, .data.x; \"kubectl\": ..." */
static void
af_conflict_text(struct af_row *r, const struct api_cause *causes, int n)
{
	struct sbuf m = { 0 }, f = { 0 };
	char name[256], other[256];
	for (int i = 0; i < n; i++) {
		af_cause_manager(&causes[i], name, sizeof name);
		int seen = 0;
		for (int k = 0; k < i && !seen; k++) {
			af_cause_manager(&causes[k], other, sizeof other);
			seen = strcmp(name, other) == 0;
		}
		if (seen)
			continue;
		sbuf_str(&m, m.s ? ", " : "");
		sbuf_str(&m, name);
		sbuf_str(&f, f.s ? "; \"" : "\"");
		sbuf_str(&f, name);
		sbuf_str(&f, "\":");
		int first = 1;
		for (int k = i; k < n; k++) {
			af_cause_manager(&causes[k], other, sizeof other);
			if (strcmp(name, other) != 0)
				continue;
			sbuf_str(&f, first ? " " : ", ");
			sbuf_str(&f, causes[k].field[0] ? causes[k].field : "?");
			first = 0;
		}
	}
	free(r->pub.managers);
	free(r->pub.fields);
	r->pub.managers = m.s ? m.s : xstrdup("another manager");
	r->pub.fields = f.s ? f.s : xstrdup("");
}

/* An error's sentence with its causes ("spec.replicas: must be greater than or equal to 0"). */
static void
af_error_text(struct af_row *r, long status, const struct kd_err *err, const struct api_cause *causes, int n)
{
	struct sbuf b = { 0 };
	if (status == 0) {
		sbuf_str(&b, "no answer from ");
		sbuf_str(&b, r->pub.cluster->context);
		sbuf_str(&b, ": ");
	}
	sbuf_str(&b, err->msg[0] ? err->msg : "refused");
	/* a 422's causes, when the sentence does not already hold them */
	for (int i = 0; i < n; i++) {
		if (strstr(b.s, causes[i].message) != NULL)
			continue;
		sbuf_str(&b, i == 0 ? " (" : "; ");
		if (causes[i].field[0]) {
			sbuf_str(&b, causes[i].field);
			sbuf_str(&b, ": ");
		}
		sbuf_str(&b, causes[i].message);
		if (i == n - 1)
			sbuf_str(&b, ")");
	}
	free(r->pub.why);
	r->pub.why = b.s;
}

static void
af_changed(struct applyfile *af)
{
	if (!af->closed && af->changed != NULL)
		af->changed(af, af->arg);
}

static void af_destroy(struct applyfile *af);

/* One request ended: the row's plan once both of its answers are in. */
static void
af_classify(struct af_row *r)
{
	struct applyfile_item *it = &r->pub;
	if (!r->get_done || !r->dry_done)
		return;
	if (r->dry_status == 409) {
		it->state = AF_CONFLICT;
		af_conflict_text(r, r->causes, r->ncauses);
	} else if (r->dry_status < 200 || r->dry_status >= 300) {
		it->state = AF_ERROR;
		af_error_text(r, r->dry_status, &r->dry_err, r->causes, r->ncauses);
	} else if (r->get_status == 404) {
		it->state = AF_CREATED;
		it->result = af_yaml(r->answer);
		it->added = af_count_lines(it->result);
	} else if (r->get_status < 200 || r->get_status >= 300) {
		it->state = AF_ERROR;
		af_set_why(r, "cannot read the object as it is: %s", r->get_err.msg);
	} else {
		it->live = af_yaml(r->live);
		it->result = af_yaml(r->answer);
		struct linediff d;
		if (strcmp(it->live, it->result) == 0)
			it->state = AF_UNCHANGED;
		else if (linediff_make(it->live, strlen(it->live), it->result, strlen(it->result), 0, &d) == 0) {
			it->state = AF_CHANGED;
			it->added = d.added;
			it->removed = d.removed;
			linediff_free(&d);
		} else
			it->state = AF_CHANGED;
	}
	it->planned = it->state;
	cJSON_Delete(r->live);
	cJSON_Delete(r->answer);
	r->live = r->answer = NULL;
}

static struct api_ref
af_ref(const struct af_row *r)
{
	const struct applyfile_obj *o = r->pub.obj;
	struct api_ref ref = { o->group, o->version, r->pub.resource,
		r->pub.namespaced ? r->pub.ns : NULL, o->name, NULL };
	return ref;
}

static void
af_on_get(struct api_call *c, const struct api_result *res, void *arg)
{
	struct af_row *r = arg;
	(void)c;
	r->get = NULL;
	r->get_done = 1;
	r->get_status = res->status;
	r->get_err = res->err;
	if (res->status >= 200 && res->status < 300 && res->body != NULL)
		r->live = cJSON_Duplicate(res->body, 1);
	r->af->pending--;
	af_classify(r);
	af_changed(r->af);
}

static void
af_on_dry(struct api_call *c, const struct api_result *res, void *arg)
{
	struct af_row *r = arg;
	(void)c;
	r->dry = NULL;
	r->dry_done = 1;
	r->dry_status = res->status;
	r->dry_err = res->err;
	r->ncauses = res->ncauses;
	memcpy(r->causes, res->causes, sizeof r->causes);
	if (res->status >= 200 && res->status < 300 && res->body != NULL)
		r->answer = cJSON_Duplicate(res->body, 1);
	r->af->pending--;
	af_classify(r);
	af_changed(r->af);
}

static void
af_on_apply(struct api_call *c, const struct api_result *res, void *arg)
{
	struct af_row *r = arg;
	struct applyfile *af = r->af;
	(void)c;
	r->put = NULL;
	if (res->status >= 200 && res->status < 300) {
		r->pub.state = AF_APPLIED;
		free(r->pub.why);
		r->pub.why = NULL;
	} else {
		r->pub.state = AF_FAILED;
		if (res->status == 409) {
			af_conflict_text(r, res->causes, res->ncauses);
			af_set_why(r, "conflict with %s", r->pub.fields);
		} else
			af_error_text(r, res->status, &res->err, res->causes, res->ncauses);
	}
	af->pending--;
	if (af->closed) {
		if (af->pending == 0)
			af_destroy(af);
		return;
	}
	af_changed(af);
}

static const struct kres *
af_find_kind(const struct discovery *d, const char *group, const char *kind)
{
	for (size_t i = 0; d != NULL && i < discovery_count(d); i++) {
		const struct kres *r = discovery_at(d, i);
		if (r->kind && strcmp(r->kind, kind) == 0 && strcmp(r->group ? r->group : "", group) == 0)
			return r;
	}
	return NULL;
}

/* Whether row r may be sent, verb by verb (create only for what the apply creates):
 * 1, 0 or -1 as op_check; any is 1: asks both now so that the answers are there later. */
static int
af_access(const struct af_row *r, int any, char *why, size_t len)
{
	const struct applyfile_obj *o = r->pub.obj;
	struct kres res = { .group = o->group, .version = o->version, .resource = r->pub.resource,
		.kind = o->kind, .namespaced = r->pub.namespaced };
	struct op_target t = { r->pub.ns, o->name };
	int ans = 1;
	for (int v = 0; v < 2 && (ans == 1 || any); v++) {
		if (v == 1 && !any && r->pub.state != AF_CREATED)
			break;
		struct op_req *req = op_req_new(v ? &af_op_create : &af_op_patch, r->pub.cluster, &res, &t, 1);
		int a = op_check(req, why, len);
		if (ans == 1)
			ans = a;
		op_req_free(&req);
	}
	return ans;
}

static void
af_ask_access(const struct af_row *r)
{
	char why[256];
	af_access(r, 1, why, sizeof why);
}

/* Starts the dry run and the GET of row r (its resource known). */
static void
af_start(struct af_row *r)
{
	struct cluster *c = r->pub.cluster;
	struct api_ref ref = af_ref(r);
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = 1;
	char *body = cJSON_PrintUnformatted(r->pub.obj->obj);
	r->af->pending += 2;
	r->get = api_get(c->api, &ref, af_on_get, r);
	r->dry = api_patch(c->api, &ref, API_PATCH_APPLY, body, &o, af_on_dry, r);
	free(body);
}

struct applyfile *
applyfile_new(const char *path, struct cluster *const *clusters, const char *const *ns, size_t ncl,
    applyfile_cb changed, void *arg, struct kd_err *err)
{
	struct applyfile_obj *objs;
	size_t nobjs;
	if (applyfile_read(path, &objs, &nobjs, err) != 0)
		return NULL;
	struct applyfile *af = xcalloc(1, sizeof *af);
	af->path = xstrdup(path);
	af->objs = objs;
	af->nobjs = nobjs;
	af->changed = changed;
	af->arg = arg;
	af->n = ncl * nobjs;
	af->rows = xcalloc(af->n ? af->n : 1, sizeof *af->rows);
	for (size_t k = 0; k < ncl; k++) {
		struct cluster *c = clusters[k];
		for (size_t i = 0; i < nobjs; i++) {
			struct af_row *r = &af->rows[k * nobjs + i];
			const struct applyfile_obj *o = &objs[i];
			r->af = af;
			r->pub.cluster = c;
			r->pub.obj = o;
			r->pub.state = AF_PLANNING;
			const struct kres *res = c->state == CLUSTER_READY ? af_find_kind(c->disc, o->group, o->kind) : NULL;
			if (res != NULL) {
				r->pub.resource = xstrdup(res->resource);
				r->pub.namespaced = res->namespaced;
			}
			r->pub.ns = xstrdup(!r->pub.namespaced ? "" : o->ns ? o->ns : ns[k] && ns[k][0] ? ns[k] : "default");
			if (c->state != CLUSTER_READY) {
				r->pub.state = AF_ERROR;
				af_set_why(r, "unreachable: %s", c->err.msg[0] ? c->err.msg : "not connected");
			} else if (res == NULL) {
				r->pub.state = AF_ERROR;
				af_set_why(r, "%s:%d: %s has no kind %s%s%s", path, o->line, c->context, o->kind,
				    o->group[0] ? " in group " : " in the core group", o->group);
			} else if (c->readonly) {
				r->pub.state = AF_ERROR;
				af_set_why(r, "%s is read-only: nothing sent", c->context);
			}
			r->pub.planned = r->pub.state;
		}
	}
	/* every row known, then the requests: an answer never finds a row half made; the
	 * RBAC questions of the apply go first, so their answers are in with the plan */
	for (size_t i = 0; i < af->n; i++)
		if (af->rows[i].pub.state == AF_PLANNING)
			af_ask_access(&af->rows[i]);
	for (size_t i = 0; i < af->n; i++)
		if (af->rows[i].pub.state == AF_PLANNING)
			af_start(&af->rows[i]);
	return af;
}

static void
af_destroy(struct applyfile *af)
{
	for (size_t i = 0; i < af->n; i++) {
		struct af_row *r = &af->rows[i];
		api_cancel(&r->get);
		api_cancel(&r->dry);
		api_cancel(&r->put);
		cJSON_Delete(r->live);
		cJSON_Delete(r->answer);
		free(r->pub.resource);
		free(r->pub.ns);
		free(r->pub.live);
		free(r->pub.result);
		free(r->pub.managers);
		free(r->pub.fields);
		free(r->pub.why);
	}
	free(af->rows);
	applyfile_objs_free(&af->objs, af->nobjs);
	free(af->path);
	free(af);
}

void
applyfile_free(struct applyfile **afp)
{
	if (afp == NULL || *afp == NULL)
		return;
	struct applyfile *af = *afp;
	*afp = NULL;
	/* the plan's requests change nothing: stopped; an apply out is let finish, so that
	 * its outcome reaches the journal, and the rest is freed after it */
	size_t out = 0;
	for (size_t i = 0; i < af->n; i++) {
		struct af_row *r = &af->rows[i];
		if (r->get != NULL || r->dry != NULL) {
			af->pending -= (r->get != NULL) + (r->dry != NULL);
			api_cancel(&r->get);
			api_cancel(&r->dry);
		}
		out += r->put != NULL;
	}
	af->closed = 1;
	if (out == 0)
		af_destroy(af);
}

const char *applyfile_path(const struct applyfile *af) { return af->path; }
size_t applyfile_count(const struct applyfile *af) { return af->n; }
size_t applyfile_pending(const struct applyfile *af) { return af->pending; }

const struct applyfile_item *
applyfile_at(const struct applyfile *af, size_t i)
{
	return i < af->n ? &af->rows[i].pub : NULL;
}

size_t
applyfile_count_state(const struct applyfile *af, enum applyfile_state s)
{
	size_t n = 0;
	for (size_t i = 0; i < af->n; i++)
		n += af->rows[i].pub.state == s;
	return n;
}

void
applyfile_plan_word(const struct applyfile_item *it, char *buf, size_t len)
{
	switch (it->state) {
	case AF_PLANNING: snprintf(buf, len, "planning ..."); break;
	case AF_CREATED: snprintf(buf, len, "created"); break;
	case AF_CHANGED: snprintf(buf, len, "changed +%zu -%zu", it->added, it->removed); break;
	case AF_UNCHANGED: snprintf(buf, len, "unchanged"); break;
	case AF_CONFLICT: snprintf(buf, len, "conflict with %s", it->managers ? it->managers : "?"); break;
	case AF_ERROR: snprintf(buf, len, "error: %s", it->why ? it->why : "?"); break;
	case AF_APPLYING: snprintf(buf, len, "applying ..."); break;
	case AF_APPLIED: snprintf(buf, len, "applied"); break;
	case AF_FAILED: snprintf(buf, len, "failed: %s", it->why ? it->why : "?"); break;
	}
}

/* Whether row r is what an apply (take_over: a take-over) sends. */
static int
af_wanted(const struct af_row *r, int take_over)
{
	enum applyfile_state s = r->pub.state;
	return take_over ? s == AF_CONFLICT : s == AF_CREATED || s == AF_CHANGED;
}

char *
applyfile_question(const struct applyfile *af, int take_over, char *why, size_t len)
{
	struct sbuf b = { 0 };
	size_t total = 0, created = 0;
	char num[64];

	for (size_t i = 0; i < af->n; i++) {
		total += af_wanted(&af->rows[i], take_over);
		created += af->rows[i].pub.state == AF_CREATED && !take_over;
	}
	if (total == 0) {
		int done = applyfile_count_state(af, AF_APPLIED) + applyfile_count_state(af, AF_FAILED) > 0;
		snprintf(why, len, "%s", af->pending ? "the plan is not complete yet" :
		    take_over ? "no conflict to take over" :
		    done ? "nothing more to apply: the rest is unchanged, a conflict or refused" :
		    "nothing to apply: every object is unchanged, a conflict or refused");
		return NULL;
	}
	if (take_over) {
		sbuf_str(&b, "Take over from ");
		for (size_t i = 0, k = 0; i < af->n; i++) {
			const struct af_row *r = &af->rows[i];
			if (!af_wanted(r, 1))
				continue;
			if (k++ > 0)
				sbuf_str(&b, "; ");
			sbuf_str(&b, r->pub.fields);
			sbuf_str(&b, " (");
			sbuf_str(&b, r->pub.obj->kind);
			sbuf_str(&b, " ");
			if (r->pub.ns[0]) {
				sbuf_str(&b, r->pub.ns);
				sbuf_str(&b, "/");
			}
			sbuf_str(&b, r->pub.obj->name);
			sbuf_str(&b, " on ");
			sbuf_str(&b, r->pub.cluster->context);
			sbuf_str(&b, ")");
		}
		snprintf(num, sizeof num, "? %zu object%s applied with force", total, total == 1 ? "" : "s");
		sbuf_str(&b, num);
		return b.s;
	}
	snprintf(num, sizeof num, "Apply %zu object%s", total, total == 1 ? "" : "s");
	sbuf_str(&b, num);
	/* per cluster, in the order given */
	for (size_t i = 0, k = 0; i < af->n; i += af->nobjs ? af->nobjs : 1) {
		size_t m = 0;
		for (size_t j = i; j < i + af->nobjs && j < af->n; j++)
			m += af_wanted(&af->rows[j], 0);
		if (m == 0)
			continue;
		snprintf(num, sizeof num, "%s%zu on ", k++ ? ", " : ": ", m);
		sbuf_str(&b, num);
		sbuf_str(&b, af->rows[i].pub.cluster->context);
	}
	snprintf(num, sizeof num, " (%zu created, %zu changed)?", created, total - created);
	sbuf_str(&b, num);
	return b.s;
}

int
applyfile_check(const struct applyfile *af, int take_over, char *why, size_t len)
{
	int ans = 1;
	for (size_t i = 0; i < af->n && ans == 1; i++)
		if (af_wanted(&af->rows[i], take_over))
			ans = af_access(&af->rows[i], 0, why, len);
	return ans;
}

size_t
applyfile_apply(struct applyfile *af, int take_over)
{
	size_t sent = 0;
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.force = take_over;
	/* marked first, then sent: an answer that comes at once finds every row in place */
	for (size_t i = 0; i < af->n; i++) {
		struct af_row *r = &af->rows[i];
		if (!af_wanted(r, take_over))
			continue;
		r->pub.state = AF_APPLYING;
		af->pending++;
		sent++;
	}
	for (size_t i = 0; i < af->n; i++) {
		struct af_row *r = &af->rows[i];
		if (r->pub.state != AF_APPLYING || r->put != NULL)
			continue;
		struct api_ref ref = af_ref(r);
		char *body = cJSON_PrintUnformatted(r->pub.obj->obj);
		r->put = api_patch(r->pub.cluster->api, &ref, API_PATCH_APPLY, body, &o, af_on_apply, r);
		free(body);
	}
	return sent;
}
