/* Canaries on plain Deployments; see canary.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/canary.h"
#include "model/selector.h"
#include "util/sort.h"
#include "util/xmalloc.h"

#define J(o, k) cJSON_GetObjectItemCaseSensitive((o), (k))
#define CANARY_SUFFIX "-canary"

static const char *
cn_label(const struct canary_cand *c, const char *key)
{
	return c->labels != NULL ? selector_packed_get(c->labels, key) : NULL;
}

static int
cn_is_track_canary(const struct canary_cand *c)
{
	const char *t = cn_label(c, "track");
	return t != NULL && strcmp(t, "canary") == 0;
}

static int
cn_cmp_where(const struct canary_cand *a, const struct canary_cand *b)
{
	int r = a->scope < b->scope ? -1 : a->scope > b->scope;
	return r ? r : strcmp(a->ns, b->ns);
}

/* by scope, namespace, name */
static int
cn_cmp_name(const void *x, const void *y, void *ctx)
{
	const struct canary_cand *v = ctx, *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];
	int r = cn_cmp_where(a, b);
	return r ? r : strcmp(a->name, b->name);
}

/* by scope, namespace, app label, name */
static int
cn_cmp_app(const void *x, const void *y, void *ctx)
{
	const struct canary_cand *v = ctx, *a = &v[*(const size_t *)x], *b = &v[*(const size_t *)y];
	int r = cn_cmp_where(a, b);
	if (r == 0)
		r = strcmp(cn_label(a, "app"), cn_label(b, "app"));
	return r ? r : strcmp(a->name, b->name);
}

/* The index of the candidate at scope/ns named name (len bytes of it), -1: none. */
static long
cn_find_name(const struct canary_cand *v, const size_t *idx, size_t n, const struct canary_cand *where,
    const char *name, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct canary_cand *m = &v[idx[mid]];
		int r = cn_cmp_where(m, where);
		if (r == 0) {
			r = strncmp(m->name, name, len);
			if (r == 0 && m->name[len] != '\0')
				r = 1;
		}
		if (r == 0)
			return (long)idx[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
cn_pair(long *partner, enum canary_role *role, size_t stable, size_t canary)
{
	partner[stable] = (long)canary;
	partner[canary] = (long)stable;
	role[stable] = CANARY_STABLE;
	role[canary] = CANARY_CANARY;
}

void
canary_pairs(const struct canary_cand *v, size_t n, long *partner, enum canary_role *role)
{
	size_t *idx = xcalloc(n ? n : 1, sizeof *idx), napp = 0;
	size_t sl = strlen(CANARY_SUFFIX);

	for (size_t i = 0; i < n; i++) {
		partner[i] = -1;
		role[i] = CANARY_NONE;
		idx[i] = i;
	}
	util_sort(idx, n, sizeof *idx, cn_cmp_name, (void *)v);
	/* NAME-canary beside NAME; in name order, so the first canary of a stable wins */
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		size_t l = strlen(v[i].name);
		if (l <= sl || strcmp(v[i].name + l - sl, CANARY_SUFFIX) != 0 || role[i] != CANARY_NONE)
			continue;
		long s = cn_find_name(v, idx, n, &v[i], v[i].name, l - sl);
		if (s >= 0 && role[s] == CANARY_NONE && !cn_is_track_canary(&v[s]))
			cn_pair(partner, role, (size_t)s, i);
	}
	/* track=canary beside a Deployment of the same app that is not */
	for (size_t i = 0; i < n; i++)
		if (cn_label(&v[i], "app") != NULL)
			idx[napp++] = i;
	util_sort(idx, napp, sizeof *idx, cn_cmp_app, (void *)v);
	for (size_t k = 0; k < napp; k++) {
		size_t i = idx[k];
		if (role[i] != CANARY_NONE || !cn_is_track_canary(&v[i]))
			continue;
		const char *app = cn_label(&v[i], "app");
		/* the group of the same scope, namespace and app: back to its start, then on */
		size_t g = k;
		while (g > 0 && cn_cmp_where(&v[idx[g - 1]], &v[i]) == 0 &&
		    strcmp(cn_label(&v[idx[g - 1]], "app"), app) == 0)
			g--;
		for (; g < napp && cn_cmp_where(&v[idx[g]], &v[i]) == 0 &&
		    strcmp(cn_label(&v[idx[g]], "app"), app) == 0; g++) {
			size_t s = idx[g];
			if (s != i && role[s] == CANARY_NONE && !cn_is_track_canary(&v[s])) {
				cn_pair(partner, role, s, i);
				break;
			}
		}
	}
	free(idx);
}

int
canary_share(long canary, long stable)
{
	if (canary < 0)
		canary = 0;
	if (stable < 0)
		stable = 0;
	if (canary + stable == 0)
		return -1;
	return (int)((canary * 200 + (canary + stable)) / (2 * (canary + stable)));
}

int
canary_shift(long canary, long stable, int step, int dir, long *canary_to, long *stable_to,
    char *why, size_t len)
{
	long total = canary + stable;
	if (step <= 0 || step > 100)
		step = 10;
	if (canary < 0 || stable < 0 || total == 0) {
		snprintf(why, len, "both Deployments are at 0 replicas: there is no share to shift");
		return -1;
	}
	if (dir > 0 && canary == total) {
		snprintf(why, len, "the canary already has every replica: promote it instead");
		return -1;
	}
	if (dir < 0 && canary == 0) {
		snprintf(why, len, "the canary is at 0 replicas already");
		return -1;
	}
	/* the next point of the step's grid past the share now: k * step percent */
	long unit = (long)step * total, k;
	if (dir > 0)
		k = canary * 100 / unit + 1;
	else
		k = (canary * 100 + unit - 1) / unit - 1;
	long pct = k * step;
	pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
	long to = (total * pct + 50) / 100;
	if (to == canary)
		to = canary + (dir > 0 ? 1 : -1);
	to = to < 0 ? 0 : to > total ? total : to;
	*canary_to = to;
	*stable_to = total - to;
	return 0;
}

struct cJSON *
canary_promote_template(const cJSON *stable, const cJSON *canary, char *why, size_t len)
{
	const cJSON *st = J(J(stable, "spec"), "template"), *ct = J(J(canary, "spec"), "template");
	if (!cJSON_IsObject(st) || !cJSON_IsObject(ct) || !cJSON_IsObject(J(ct, "spec"))) {
		snprintf(why, len, "%s has no pod template", !cJSON_IsObject(ct) || !cJSON_IsObject(J(ct, "spec")) ?
		    "the canary" : "the stable Deployment");
		return NULL;
	}
	cJSON *t = cJSON_Duplicate(ct, 1);
	cJSON *meta = J(t, "metadata");
	if (!cJSON_IsObject(meta)) {
		cJSON_DeleteItemFromObjectCaseSensitive(t, "metadata");
		meta = cJSON_AddObjectToObject(t, "metadata");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "labels");
	const cJSON *sl = J(J(st, "metadata"), "labels");
	if (cJSON_IsObject(sl)) {
		cJSON *labels = cJSON_Duplicate(sl, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(labels, "pod-template-hash");
		cJSON_AddItemToObject(meta, "labels", labels);
	}
	return t;
}

char *
canary_template_patch(const cJSON *tmpl)
{
	cJSON *p = cJSON_CreateArray(), *op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/spec/template");
	cJSON_AddItemToObject(op, "value", cJSON_Duplicate(tmpl, 1));
	cJSON_AddItemToArray(p, op);
	char *s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

void
canary_images(const cJSON *deploy, char *buf, size_t len)
{
	const cJSON *cs = J(J(J(J(deploy, "spec"), "template"), "spec"), "containers"), *c;
	size_t l = 0;
	int n = cJSON_GetArraySize(cs);
	buf[0] = '\0';
	cJSON_ArrayForEach(c, cs) {
		const cJSON *img = J(c, "image"), *name = J(c, "name");
		if (l >= len)
			break;
		if (n > 1)
			l += (size_t)snprintf(buf + l, len - l, "%s%s=%s", l ? ", " : "",
			    cJSON_IsString(name) ? name->valuestring : "?", cJSON_IsString(img) ? img->valuestring : "?");
		else
			l += (size_t)snprintf(buf + l, len - l, "%s", cJSON_IsString(img) ? img->valuestring : "?");
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "-");
}
