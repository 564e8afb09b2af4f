/* size: requests and limits of a workload's containers; see size.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/metrics.h"
#include "model/history.h"
#include "model/quantity.h"
#include "model/smpatch.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/size.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static const char *const size_kinds[] = { "deployments", "statefulsets", "daemonsets", "replicasets", NULL };

/* where each field is: resources.MAP.NAME */
static const char *const size_map[SIZE_NFIELDS] = { "requests", "limits", "requests", "limits" };
static const char *const size_name[SIZE_NFIELDS] = { "cpu", "cpu", "memory", "memory" };
static const char *const size_word[SIZE_NFIELDS] = { "cpu request", "cpu limit", "memory request",
	"memory limit" };

#define J(o, k) cJSON_GetObjectItemCaseSensitive((o), (k))

const char *
size_field_word(enum size_field f)
{
	return f < SIZE_NFIELDS ? size_word[f] : "?";
}

static const cJSON *
size_pod_spec(const cJSON *obj)
{
	return J(J(J(obj, "spec"), "template"), "spec");
}

static void
size_add_list(struct size_plan *p, const cJSON *list, int init)
{
	const cJSON *c;
	size_t index = 0;
	cJSON_ArrayForEach(c, list) {
		const cJSON *name = J(c, "name"), *res = J(c, "resources");
		if (!cJSON_IsString(name)) {
			index++;
			continue;
		}
		p->c = xreallocarray(p->c, p->n + 1, sizeof *p->c);
		struct size_container *sc = &p->c[p->n++];
		memset(sc, 0, sizeof *sc);
		sc->name = xstrdup(name->valuestring);
		sc->init = init;
		sc->index = index++;
		sc->cpu_avg = sc->cpu_max = -1;
		sc->mem_avg = sc->mem_max = -1;
		for (int f = 0; f < SIZE_NFIELDS; f++) {
			const cJSON *v = J(J(res, size_map[f]), size_name[f]);
			if (cJSON_IsString(v))
				sc->was[f] = xstrdup(v->valuestring);
			else if (cJSON_IsNumber(v))
				sc->was[f] = xasprintf("%g", v->valuedouble);
			sc->want[f] = sc->was[f] ? xstrdup(sc->was[f]) : NULL;
		}
	}
}

struct size_plan *
size_plan_new(const cJSON *obj, char *why, size_t len)
{
	const cJSON *spec = size_pod_spec(obj);
	struct size_plan *p = xcalloc(1, sizeof *p);
	size_add_list(p, J(spec, "initContainers"), 1);
	size_add_list(p, J(spec, "containers"), 0);
	if (p->n == 0 || !cJSON_IsArray(J(spec, "containers"))) {
		snprintf(why, len, "it has no pod template with containers to size");
		size_plan_free(&p);
	}
	return p;
}

void
size_plan_free(struct size_plan **pp)
{
	if (pp == NULL || *pp == NULL)
		return;
	struct size_plan *p = *pp;
	for (size_t i = 0; i < p->n; i++) {
		free(p->c[i].name);
		for (int f = 0; f < SIZE_NFIELDS; f++) {
			free(p->c[i].was[f]);
			free(p->c[i].want[f]);
		}
	}
	free(p->c);
	free(p);
	*pp = NULL;
}

void
size_plan_usage(struct size_plan *p, const cJSON *list)
{
	const cJSON *it;
	p->usage = SIZE_USAGE_SERVED;
	for (size_t i = 0; i < p->n; i++) {
		struct size_container *sc = &p->c[i];
		long long cpu = 0, mem = 0;
		sc->pods = 0;
		cJSON_ArrayForEach(it, J(list, "items")) {
			const cJSON *c;
			cJSON_ArrayForEach(c, J(it, "containers")) {
				const cJSON *name = J(c, "name"), *u = J(c, "usage");
				if (!cJSON_IsString(name) || strcmp(name->valuestring, sc->name) != 0)
					continue;
				const cJSON *qc = J(u, "cpu"), *qm = J(u, "memory");
				long cm = metrics_cpu_parse(cJSON_IsString(qc) ? qc->valuestring : NULL);
				long long b = metrics_mem_parse(cJSON_IsString(qm) ? qm->valuestring : NULL);
				if (cm < 0 || b < 0)
					continue;
				cpu += cm;
				mem += b;
				if (cm > sc->cpu_max)
					sc->cpu_max = cm;
				if (b > sc->mem_max)
					sc->mem_max = b;
				sc->pods++;
			}
		}
		if (sc->pods > 0) {
			sc->cpu_avg = (long)((cpu + sc->pods / 2) / sc->pods);
			sc->mem_avg = (mem + sc->pods / 2) / sc->pods;
		}
	}
}

/* "container app", "init container setup" */
static void
size_container_say(struct sbuf *b, const struct size_container *sc)
{
	sbuf_str(b, sc->init ? "init container " : "container ");
	sbuf_str(b, sc->name);
}

static int
size_empty(const char *v)
{
	return v == NULL || v[0] == '\0';
}

/* value without the spaces around it, NULL when empty */
static char *
size_trim(const char *v)
{
	if (v == NULL)
		return NULL;
	while (isspace((unsigned char)*v))
		v++;
	size_t n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		n--;
	return n ? xstrndup(v, n) : NULL;
}

int
size_check(const struct size_plan *p, size_t ci, enum size_field f, const char *value,
    const char *other, char *why, size_t len)
{
	struct sbuf what = { 0 };
	int rc = 0;
	if (ci >= p->n || f >= SIZE_NFIELDS)
		return snprintf(why, len, "no such field"), -1;
	char *v = size_trim(value), *o = size_trim(other);
	if (len > 0)
		why[0] = '\0';
	value = v;
	other = o;
	size_container_say(&what, &p->c[ci]);
	sbuf_str(&what, ": ");
	sbuf_str(&what, size_word[f]);
	if (!size_empty(value))
		rc = quantity_check(value, what.s, why, len);
	/* a request above its limit is refused by the API server: said here, before sending */
	if (rc == 0 && !size_empty(value) && !size_empty(other) && quantity_check(other, "", why, len) == 0) {
		int req = f == SIZE_CPU_REQ || f == SIZE_MEM_REQ;
		const char *r = req ? value : other, *l = req ? other : value;
		if (quantity_cmp(r, l) > 0) {
			snprintf(why, len, "%s %s: %s %s is more than its limit %s", p->c[ci].init ?
			    "init container" : "container", p->c[ci].name, req ? size_word[f] : size_word[f - 1],
			    r, l);
			rc = -1;
		}
	} else if (rc == 0)
		why[0] = '\0';
	free(what.s);
	free(v);
	free(o);
	return rc;
}

int
size_take(struct size_plan *p, const char *const *values, size_t n, char *why, size_t len)
{
	if (n != p->n * SIZE_NFIELDS)
		return snprintf(why, len, "size wants %zu values, not %zu", p->n * SIZE_NFIELDS, n), -1;
	char **v = xcalloc(n ? n : 1, sizeof *v);
	int rc = 0;
	char canon[64];
	for (size_t i = 0; i < n; i++) {
		v[i] = size_trim(values[i]);
		/* as the API server writes it back (and kubectl sends it): "0.25" is "250m" */
		if (v[i] != NULL && quantity_canonical(v[i], canon, sizeof canon) == 0) {
			free(v[i]);
			v[i] = xstrdup(canon);
		}
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = size_check(p, i / SIZE_NFIELDS, (enum size_field)(i % SIZE_NFIELDS), v[i], v[i ^ 1], why, len);
	for (size_t i = 0; i < n; i++) {
		struct size_container *sc = &p->c[i / SIZE_NFIELDS];
		if (rc == 0) {
			free(sc->want[i % SIZE_NFIELDS]);
			sc->want[i % SIZE_NFIELDS] = v[i];
		} else
			free(v[i]);
	}
	free(v);
	return rc;
}

static int
size_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static size_t
size_container_changed(const struct size_container *sc)
{
	size_t k = 0;
	for (int f = 0; f < SIZE_NFIELDS; f++)
		k += !size_same(sc->was[f], sc->want[f]);
	return k;
}

size_t
size_changed(const struct size_plan *p)
{
	size_t k = 0;
	for (size_t i = 0; p != NULL && i < p->n; i++)
		k += size_container_changed(&p->c[i]);
	return k;
}

char *
size_changes(const struct size_plan *p, int back)
{
	struct sbuf b = { 0 };
	int any = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct size_container *sc = &p->c[i];
		int first = 1;
		if (size_container_changed(sc) == 0)
			continue;
		if (any++)
			sbuf_str(&b, "; ");
		size_container_say(&b, sc);
		sbuf_str(&b, ":");
		for (int f = 0; f < SIZE_NFIELDS; f++) {
			const char *from = back ? sc->want[f] : sc->was[f], *to = back ? sc->was[f] : sc->want[f];
			if (size_same(from, to))
				continue;
			sbuf_str(&b, first ? " " : ", ");
			first = 0;
			sbuf_str(&b, size_word[f]);
			sbuf_str(&b, " ");
			sbuf_str(&b, from ? from : "none");
			sbuf_str(&b, " -> ");
			sbuf_str(&b, to ? to : "none");
		}
	}
	return b.s ? b.s : xstrdup("");
}

static int
size_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of map with cpu and memory as vals[cpu], vals[memory] say (NULL: removed), its
 * keys sorted as Go writes a map; NULL when it ends empty (Go leaves an empty map out). */
static cJSON *
size_map_with(const cJSON *map, const char *cpu, const char *mem)
{
	const char *names[64];
	size_t n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, map)
		if (n < 62 && e->string && strcmp(e->string, "cpu") != 0 && strcmp(e->string, "memory") != 0)
			names[n++] = e->string;
	if (cpu)
		names[n++] = "cpu";
	if (mem)
		names[n++] = "memory";
	if (n == 0)
		return NULL;
	qsort(names, n, sizeof names[0], size_cmp_str);
	cJSON *out = cJSON_CreateObject();
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "cpu") == 0)
			cJSON_AddStringToObject(out, "cpu", cpu);
		else if (strcmp(names[i], "memory") == 0)
			cJSON_AddStringToObject(out, "memory", mem);
		else
			cJSON_AddItemToObject(out, names[i], cJSON_Duplicate(J(map, names[i]), 1));
	}
	return out;
}

/* A container's resources as Go writes them: always there, limits then requests (the
 * struct's order), then what else it holds (claims). */
static cJSON *
size_resources(const cJSON *res, char *const *vals)
{
	cJSON *out = cJSON_CreateObject(), *m;
	if ((m = size_map_with(J(res, "limits"), vals[SIZE_CPU_LIM], vals[SIZE_MEM_LIM])) != NULL)
		cJSON_AddItemToObject(out, "limits", m);
	if ((m = size_map_with(J(res, "requests"), vals[SIZE_CPU_REQ], vals[SIZE_MEM_REQ])) != NULL)
		cJSON_AddItemToObject(out, "requests", m);
	const cJSON *e;
	cJSON_ArrayForEach(e, res)
		if (e->string && strcmp(e->string, "limits") != 0 && strcmp(e->string, "requests") != 0)
			cJSON_AddItemToObject(out, e->string, cJSON_Duplicate(e, 1));
	return out;
}

/* {"spec":{"template":{"spec":{"containers":[{"name":..,"resources":..}]}}}} of the
 * plan's was (0) or want (1): only what a size touches, so the patch between two is
 * only that. */
static cJSON *
size_doc(const struct size_plan *p, int want)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *ps = cJSON_AddObjectToObject(cJSON_AddObjectToObject(cJSON_AddObjectToObject(doc, "spec"),
	    "template"), "spec");
	cJSON *lists[2] = { NULL, NULL };
	for (size_t i = 0; i < p->n; i++) {
		const struct size_container *sc = &p->c[i];
		cJSON **l = &lists[sc->init];
		if (*l == NULL)
			*l = cJSON_AddArrayToObject(ps, sc->init ? "initContainers" : "containers");
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "name", sc->name);
		cJSON_AddItemToObject(c, "resources", size_resources(NULL, want ? sc->want : sc->was));
		cJSON_AddItemToArray(*l, c);
	}
	return doc;
}

static int
size_cmp_item(const void *a, const void *b)
{
	return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* Every object's keys sorted, as Go writes a map (kubectl's patch is one). */
static void
size_sort_keys(cJSON *v)
{
	size_t n = 0, k = 0;
	cJSON *e;
	for (e = v ? v->child : NULL; e; e = e->next) {
		size_sort_keys(e);
		n++;
	}
	if (!cJSON_IsObject(v) || n < 2)
		return;
	cJSON **items = xreallocarray(NULL, n, sizeof *items);
	for (e = v->child; e; e = e->next)
		items[k++] = e;
	qsort(items, n, sizeof *items, size_cmp_item);
	for (size_t i = 0; i < n; i++) {
		items[i]->next = i + 1 < n ? items[i + 1] : NULL;
		items[i]->prev = i > 0 ? items[i - 1] : items[n - 1];   /* cJSON: the head's prev is the tail */
	}
	v->child = items[0];
	free(items);
}

char *
size_patch(const struct size_plan *p, int back)
{
	cJSON *was = size_doc(p, 0), *want = size_doc(p, 1);
	cJSON *patch = back ? smpatch_strategic(want, was) : smpatch_strategic(was, want);
	size_sort_keys(patch);
	char *s = cJSON_PrintUnformatted(patch);
	cJSON_Delete(patch);
	cJSON_Delete(was);
	cJSON_Delete(want);
	return s;
}

static const struct size_container *
size_first_changed(const struct size_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (size_container_changed(&p->c[i]))
			return &p->c[i];
	return NULL;
}

char *
size_changed_path(const struct size_plan *p)
{
	const struct size_container *sc = size_first_changed(p);
	if (sc == NULL)
		return NULL;
	return xasprintf("/spec/template/spec/%s/%zu/resources", sc->init ? "initContainers" : "containers",
	    sc->index);
}

char *
size_changed_set(const struct size_plan *p)
{
	const struct size_container *sc = size_first_changed(p);
	if (sc == NULL)
		return NULL;
	cJSON *r = size_resources(NULL, sc->want);
	char *s = cJSON_PrintUnformatted(r);
	cJSON_Delete(r);
	return s;
}

/* "deployment web in shop on prod" */
static char *
size_where(const struct op_req *req)
{
	char kbuf[64];
	const char *ns = req->targets[0].ns;
	return xasprintf("%s %s%s%s on %s", op_kind_word(req->res, 1, kbuf, sizeof kbuf), req->targets[0].name,
	    ns[0] ? " in " : "", ns, req->cluster && req->cluster->context ? req->cluster->context : "?");
}

struct lastchange *
size_lastchange(const struct op_req *req, const struct size_plan *p)
{
	struct lastchange *lc = lastchange_new(req->cluster ? req->cluster->context : "");
	char *where = size_where(req), *fwd = size_changes(p, 0), *back = size_changes(p, 1);
	char *patch = size_patch(p, 1), *path = size_changed_path(p), *set = size_changed_set(p);
	lc->what = xasprintf("resized %s (%s)", where, fwd);
	lc->undo = xasprintf("put back the resources of %s (%s)", where, back);
	lastchange_add(lc, req->res, req->targets[0].ns, req->targets[0].name, NULL, API_PATCH_STRATEGIC,
	    patch, path, set);
	free(where);
	free(fwd);
	free(back);
	free(patch);
	free(path);
	free(set);
	return lc;
}

/* ---- the plan each request is sent with ---- */

static struct size_attached {
	const struct op_req *req;
	struct size_plan *plan;
} *size_attached;
static size_t size_nattached;

const struct size_plan *
size_plan_of(const struct op_req *req)
{
	for (size_t i = 0; i < size_nattached; i++)
		if (size_attached[i].req == req)
			return size_attached[i].plan;
	return NULL;
}

struct size_plan *
size_take_back(const struct op_req *req)
{
	for (size_t i = 0; i < size_nattached; i++)
		if (size_attached[i].req == req) {
			struct size_plan *p = size_attached[i].plan;
			size_attached[i] = size_attached[--size_nattached];
			if (size_nattached == 0) {
				free(size_attached);
				size_attached = NULL;
			}
			return p;
		}
	return NULL;
}

void
size_detach(const struct op_req *req)
{
	struct size_plan *p = size_take_back(req);
	size_plan_free(&p);
}

void
size_attach(const struct op_req *req, struct size_plan *plan)
{
	size_detach(req);
	size_attached = xreallocarray(size_attached, size_nattached + 1, sizeof *size_attached);
	size_attached[size_nattached].req = req;
	size_attached[size_nattached++].plan = plan;
}

/* ---- reading ---- */

struct size_call {
	const struct op_req *req;
	size_t i;
	size_read_cb read_cb;
	op_done_cb done_cb;
	void *arg;
	struct api_ref ref;
	struct size_plan *plan;
};

static void
size_on_usage(struct api_call *c, const struct api_result *res, void *arg)
{
	struct size_call *sc = arg;
	(void)c;
	/* no metrics-server, or not allowed to read it: the form goes without usage */
	if (res->err.code == KD_OK)
		size_plan_usage(sc->plan, res->body);
	else
		sc->plan->usage = res->status == 403 ? SIZE_USAGE_DENIED : SIZE_USAGE_ABSENT;
	sc->read_cb(sc->req, sc->plan, NULL, sc->arg);
	free(sc);
}

static void
size_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct size_call *sc = arg;
	struct kd_err err = { 0 };
	(void)c;
	if (res->err.code != KD_OK) {
		sc->read_cb(sc->req, NULL, &res->err, sc->arg);
		free(sc);
		return;
	}
	sc->plan = size_plan_new(res->body, err.msg, sizeof err.msg);
	if (sc->plan == NULL) {
		err.code = KD_ERR_INVALID;
		sc->read_cb(sc->req, NULL, &err, sc->arg);
		free(sc);
		return;
	}
	char *sel = history_selector(res->body);
	if (sel == NULL) {
		sc->read_cb(sc->req, sc->plan, NULL, sc->arg);
		free(sc);
		return;
	}
	struct api_ref mref = { "metrics.k8s.io", "v1beta1", "pods", sc->req->targets[0].ns, NULL, NULL };
	struct api_list_opts o = { .label_selector = sel };
	api_list(sc->req->cluster->api, &mref, &o, size_on_usage, sc);
	free(sel);
}

void
size_read(const struct op_req *req, size_read_cb cb, void *arg)
{
	struct size_call *sc = xcalloc(1, sizeof *sc);
	sc->req = req;
	sc->read_cb = cb;
	sc->arg = arg;
	sc->ref = api_ref_kres(req->res, req->targets[0].ns, req->targets[0].name);
	api_get(req->cluster->api, &sc->ref, size_on_read, sc);
}

/* ---- the operation ---- */

static char *
size_plan_say(const struct op_req *req)
{
	const struct size_plan *p = size_plan_of(req);
	if (p == NULL || req->n != 1)
		return op_plan_say(req, "Size", "(each container's requests and limits, from a form)?");
	char *ch = size_changes(p, 0);
	char *tail = xasprintf("(%s)? %s", ch, strcmp(req->res->resource, "replicasets") == 0 ?
	    "Its pods keep their resources until they are replaced." :
	    "Its pods are replaced as in a rollout.");
	char *s = op_plan_say(req, "Size", tail);
	free(ch);
	free(tail);
	return s;
}

static void
size_on_patched(struct api_call *c, const struct api_result *res, void *arg)
{
	struct size_call *sc = arg;
	(void)c;
	const struct size_plan *p = size_plan_of(sc->req);
	if (res->err.code == KD_OK && !sc->req->opts.dry_run && p != NULL)
		lastchange_note(size_lastchange(sc->req, p));
	sc->done_cb(sc->req, sc->i, res->err.code == KD_OK ? NULL : &res->err, sc->arg);
	free(sc);
}

static void
size_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	const struct size_plan *p = size_plan_of(req);
	struct kd_err err = { 0 };
	if (p == NULL || req->n != 1 || size_changed(p) == 0) {
		kd_err_set(&err, KD_ERR_INVALID, p == NULL || req->n != 1 ?
		    "size is given in its form, one workload at a time" : "nothing to change");
		cb(req, i, &err, arg);
		return;
	}
	struct size_call *sc = xcalloc(1, sizeof *sc);
	sc->req = req;
	sc->i = i;
	sc->done_cb = cb;
	sc->arg = arg;
	sc->ref = api_ref_kres(req->res, req->targets[i].ns, req->targets[i].name);
	char *patch = size_patch(p, 0);
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = req->opts.dry_run;
	api_patch(req->cluster->api, &sc->ref, API_PATCH_STRATEGIC, patch, &o, size_on_patched, sc);
	free(patch);
}

const struct op op_size = {
	.name = "size",
	.action = "size",
	.kinds = size_kinds,
	.verb = "patch",
	.mutates = 1,
	.done = "sized",
	.plan = size_plan_say,
	.apply = size_apply,
	.progress = 1,
};
