/* The rollout history of a workload; see history.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "model/history.h"
#include "util/sbuf.h"
#include "util/time.h"
#include "util/xmalloc.h"

#define REVISION_ANN "deployment.kubernetes.io/revision"
#define CAUSE_ANN "kubernetes.io/change-cause"
#define HASH_LABEL "pod-template-hash"

#define J(o, k) cJSON_GetObjectItemCaseSensitive((o), (k))

/* kubectl keeps the Deployment's own values of these when it rolls back (rollback.go) */
static const char *const history_keep_annotations[] = {
	"kubectl.kubernetes.io/last-applied-configuration",
	"deployment.kubernetes.io/revision",
	"deployment.kubernetes.io/revision-history",
	"deployment.kubernetes.io/desired-replicas",
	"deployment.kubernetes.io/max-replicas",
	"deprecated.deployment.rollback.to",
	NULL,
};

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = J(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
history_supported(const char *resource)
{
	return resource != NULL && (strcmp(resource, "deployments") == 0 ||
	    strcmp(resource, "statefulsets") == 0 || strcmp(resource, "daemonsets") == 0);
}

char *
history_selector(const cJSON *workload)
{
	const cJSON *sel = J(J(workload, "spec"), "selector");
	const cJSON *e;
	struct sbuf b = { 0 };

	cJSON_ArrayForEach(e, J(sel, "matchLabels")) {
		if (!cJSON_IsString(e))
			continue;
		if (b.s)
			sbuf_str(&b, ",");
		sbuf_str(&b, e->string);
		sbuf_str(&b, "=");
		sbuf_str(&b, e->valuestring);
	}
	cJSON_ArrayForEach(e, J(sel, "matchExpressions")) {
		const char *key = jstr(e, "key"), *op = jstr(e, "operator");
		if (key == NULL || op == NULL)
			continue;
		if (b.s)
			sbuf_str(&b, ",");
		if (strcmp(op, "DoesNotExist") == 0)
			sbuf_str(&b, "!");
		sbuf_str(&b, key);
		if (strcmp(op, "In") == 0 || strcmp(op, "NotIn") == 0) {
			sbuf_str(&b, strcmp(op, "In") == 0 ? " in (" : " notin (");
			const cJSON *v;
			int first = 1;
			cJSON_ArrayForEach(v, J(e, "values")) {
				if (!cJSON_IsString(v))
					continue;
				sbuf_str(&b, first ? "" : ",");
				sbuf_str(&b, v->valuestring);
				first = 0;
			}
			sbuf_str(&b, ")");
		}
	}
	return b.s;
}

/* Whether obj names uid among its owners. */
static int
history_owned(const cJSON *obj, const char *uid)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, J(J(obj, "metadata"), "ownerReferences")) {
		const char *u = jstr(o, "uid");
		if (u != NULL && strcmp(u, uid) == 0)
			return 1;
	}
	return 0;
}

/* A template as kubectl compares and prints it: no pod-template-hash label (and no labels
 * left empty by that), no $patch directive. Changes t. */
static void
history_clean(cJSON *t)
{
	if (t == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(t, "$patch");
	cJSON *meta = J(t, "metadata");
	cJSON *labels = J(meta, "labels");
	if (labels != NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(labels, HASH_LABEL);
		if (labels->child == NULL)
			cJSON_DeleteItemFromObjectCaseSensitive(meta, "labels");
	}
	/* Go's semantic equality holds an empty map equal to none */
	cJSON *ann = J(meta, "annotations");
	if (ann != NULL && ann->child == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "annotations");
}

static char *
history_images(const cJSON *tmpl)
{
	struct sbuf b = { 0 };
	const cJSON *c;
	cJSON_ArrayForEach(c, J(J(tmpl, "spec"), "containers")) {
		const char *img = jstr(c, "image");
		if (img == NULL)
			continue;
		if (b.s)
			sbuf_str(&b, ",");
		sbuf_str(&b, img);
	}
	return b.s ? b.s : xstrdup("");
}

static int
history_cmp(const void *a, const void *b)
{
	const struct history_rev *x = a, *y = b;
	return x->revision < y->revision ? -1 : x->revision > y->revision;
}

static long
jlong(const cJSON *o, const char *k, long dflt)
{
	const cJSON *v = J(o, k);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

struct cJSON *
history_workload_template(const struct history *h)
{
	cJSON *t = cJSON_Duplicate(J(J(h->workload, "spec"), "template"), 1);
	if (t == NULL)
		t = cJSON_CreateObject();
	history_clean(t);
	return t;
}

struct history *
history_build(const cJSON *workload, const char *resource, const cJSON *items, struct kd_err *err)
{
	const cJSON *meta = J(workload, "metadata");
	const char *uid = jstr(meta, "uid"), *name = jstr(meta, "name");
	if (!history_supported(resource)) {
		kd_err_set(err, KD_ERR_INVALID, "%s have no rollout history", resource ? resource : "these");
		return NULL;
	}
	if (uid == NULL || name == NULL) {
		kd_err_set(err, KD_ERR_INVALID, "the %s has no uid", resource);
		return NULL;
	}
	struct history *h = xcalloc(1, sizeof *h);
	h->kind = strcmp(resource, "deployments") == 0 ? HISTORY_DEPLOYMENT : HISTORY_CONTROLLER;
	h->resource = xstrdup(resource);
	h->name = xstrdup(name);
	h->workload = cJSON_Duplicate(workload, 1);
	cJSON *cur = history_workload_template(h);
	const cJSON *status = J(workload, "status");
	const char *upd_rev = jstr(status, "updateRevision"), *cur_rev = jstr(status, "currentRevision");

	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		if (!history_owned(it, uid))
			continue;
		const cJSON *m = J(it, "metadata");
		struct history_rev r = { 0 };
		const cJSON *tmpl;
		if (h->kind == HISTORY_DEPLOYMENT) {
			const char *rv = jstr(J(m, "annotations"), REVISION_ANN);
			char *end;
			if (rv == NULL)
				continue;
			r.revision = strtol(rv, &end, 10);
			if (end == rv || *end != '\0')
				continue;
			tmpl = J(J(it, "spec"), "template");
			r.annotations = cJSON_Duplicate(J(m, "annotations"), 1);
			r.replicas = jlong(J(it, "status"), "replicas", 0);
		} else {
			if (!cJSON_IsNumber(J(it, "revision")))
				continue;
			r.revision = (long)J(it, "revision")->valuedouble;
			r.data = cJSON_Duplicate(J(it, "data"), 1);
			tmpl = J(J(r.data, "spec"), "template");
			r.replicas = -1;
		}
		r.name = xstrdup(jstr(m, "name") ? jstr(m, "name") : "");
		const char *ts = jstr(m, "creationTimestamp");
		if (ts == NULL || time_parse_rfc3339(ts, &r.created) != 0)
			r.created = 0;
		const char *cause = jstr(J(m, "annotations"), CAUSE_ANN);
		r.cause = xstrdup(cause ? cause : "");
		r.tmpl = tmpl ? cJSON_Duplicate(tmpl, 1) : cJSON_CreateObject();
		history_clean(r.tmpl);
		r.images = history_images(r.tmpl);
		r.current = cJSON_Compare(r.tmpl, cur, 1);
		if (h->kind == HISTORY_CONTROLLER) {
			if (strcmp(resource, "statefulsets") == 0) {
				if (upd_rev && strcmp(upd_rev, r.name) == 0)
					r.replicas = jlong(status, "updatedReplicas", 0);
				else if (cur_rev && strcmp(cur_rev, r.name) == 0)
					r.replicas = jlong(status, "currentReplicas", 0);
				else
					r.replicas = 0;
			} else if (r.current)
				r.replicas = jlong(status, "updatedNumberScheduled", 0);
		}
		h->revs = xreallocarray(h->revs, h->n + 1, sizeof *h->revs);
		h->revs[h->n++] = r;
	}
	cJSON_Delete(cur);
	qsort(h->revs, h->n, sizeof *h->revs, history_cmp);
	/* two with the same template: the newest is the one the controller keeps current */
	int seen = 0;
	for (size_t i = h->n; i-- > 0;) {
		if (h->revs[i].current && seen)
			h->revs[i].current = 0;
		seen |= h->revs[i].current;
	}
	return h;
}

void
history_free(struct history **hp)
{
	if (hp == NULL || *hp == NULL)
		return;
	struct history *h = *hp;
	for (size_t i = 0; i < h->n; i++) {
		struct history_rev *r = &h->revs[i];
		free(r->name);
		free(r->cause);
		free(r->images);
		cJSON_Delete(r->tmpl);
		cJSON_Delete(r->annotations);
		cJSON_Delete(r->data);
	}
	free(h->revs);
	free(h->resource);
	free(h->name);
	cJSON_Delete(h->workload);
	free(h);
	*hp = NULL;
}

const struct history_rev *
history_find(const struct history *h, long revision)
{
	for (size_t i = 0; h && i < h->n; i++)
		if (h->revs[i].revision == revision)
			return &h->revs[i];
	return NULL;
}

const struct history_rev *
history_current(const struct history *h)
{
	for (size_t i = 0; h && i < h->n; i++)
		if (h->revs[i].current)
			return &h->revs[i];
	return NULL;
}

char *
history_yaml(const cJSON *tmpl)
{
	return doc_to_yaml(tmpl, DOC_SORT_KEYS);
}

int
history_target(const struct history *h, long revision, const struct history_rev **out,
    char *why, size_t len)
{
	*out = NULL;
	if (revision < 0) {
		snprintf(why, len, "unable to find specified revision %ld in history", revision);
		return -1;
	}
	if (h->kind == HISTORY_DEPLOYMENT) {
		if (cJSON_IsTrue(J(J(h->workload, "spec"), "paused"))) {
			snprintf(why, len, "you cannot rollback a paused deployment; resume it first "
			    "with 'kubectl rollout resume' and try again");
			return -1;
		}
		if (revision == 0) {
			/* the second highest revision */
			if (h->n < 2) {
				snprintf(why, len, "no rollout history found for deployment \"%s\"", h->name);
				return -1;
			}
			*out = &h->revs[h->n - 2];
			return 0;
		}
	} else if (revision == 0) {
		if (h->n <= 1) {
			snprintf(why, len, "unable to find specified revision 0 in history");
			return -1;
		}
		*out = &h->revs[h->n - 2];
		return 0;
	}
	if ((*out = history_find(h, revision)) == NULL) {
		snprintf(why, len, "unable to find specified revision %ld in history", revision);
		return -1;
	}
	return 0;
}

int
history_matches(const struct history *h, const struct history_rev *r)
{
	cJSON *cur = history_workload_template(h);
	int eq = cJSON_Compare(cur, r->tmpl, 1);
	cJSON_Delete(cur);
	return eq;
}

void
history_skipped(const struct history_rev *r, char *buf, size_t len)
{
	snprintf(buf, len, "skipped rollback (current template already matches revision %ld)",
	    r->revision);
}

static int
history_kept(const char *key)
{
	for (size_t i = 0; history_keep_annotations[i]; i++)
		if (strcmp(history_keep_annotations[i], key) == 0)
			return 1;
	return 0;
}

static int
history_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
history_rollback_patch(const struct history *h, const struct history_rev *r, int *json_patch)
{
	if (h->kind == HISTORY_CONTROLLER) {
		*json_patch = 0;
		/* kubectl sends the revision's data as it is stored */
		return cJSON_PrintUnformatted(r->data);
	}
	*json_patch = 1;
	/* the annotations: the Deployment's own of the kept keys, the ReplicaSet's others;
	 * in key order, as Go writes a map */
	const cJSON *dann = J(J(h->workload, "metadata"), "annotations");
	const cJSON *e;
	size_t n = 0, cap = 0;
	const char **keys = NULL;
	const char **vals = NULL;
	for (int pass = 0; pass < 2; pass++) {
		const cJSON *from = pass == 0 ? dann : r->annotations;
		cJSON_ArrayForEach(e, from) {
			if (!cJSON_IsString(e) || history_kept(e->string) != (pass == 0))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				keys = xreallocarray(keys, cap, sizeof *keys);
				vals = xreallocarray(vals, cap, sizeof *vals);
			}
			keys[n] = e->string;
			vals[n++] = e->valuestring;
		}
	}
	/* sort the keys, carrying the values: by index */
	char **pairs = xcalloc(n ? n : 1, sizeof *pairs);
	for (size_t i = 0; i < n; i++)
		pairs[i] = (char *)keys[i];
	qsort(pairs, n, sizeof *pairs, history_strcmp);
	cJSON *ann = cJSON_CreateObject();
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n; k++)
			if (keys[k] == pairs[i]) {
				cJSON_AddStringToObject(ann, keys[k], vals[k]);
				break;
			}
	free(pairs);
	free(keys);
	free(vals);

	cJSON *ops = cJSON_CreateArray();
	cJSON *op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/spec/template");
	cJSON_AddItemToObject(op, "value", cJSON_Duplicate(r->tmpl, 1));
	cJSON_AddItemToArray(ops, op);
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/metadata/annotations");
	cJSON_AddItemToObject(op, "value", ann);
	cJSON_AddItemToArray(ops, op);
	char *s = cJSON_PrintUnformatted(ops);
	cJSON_Delete(ops);
	return s;
}
