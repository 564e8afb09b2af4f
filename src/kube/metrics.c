#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/http.h"
#include "kube/metrics.h"
#include "loop.h"
#include "model/quantity.h"
#include "util/xmalloc.h"

#define METRICS_POLL_MS 15000   /* metrics-server scrapes every 15 s by default */
#define METRICS_ALLOC_POLLS 20   /* whole Node objects are big: their allocatable every 5 min */

enum { MX_NODES, MX_ALLOC, MX_PODS, MX_N };
static const char *const mx_path[MX_N] = {
	"/apis/metrics.k8s.io/v1beta1/nodes",
	"/api/v1/nodes",
	"/apis/metrics.k8s.io/v1beta1/pods",
};

struct mx_node {
	char *name;
	long cpu_m;
	long long mem;
};

struct metrics {
	struct loop *loop;
	struct http *http;
	metrics_cb cb;
	void *arg;
	struct loop_timer *timer;
	struct http_req *req[MX_N];
	int started, want_pods;
	enum metrics_state state;
	struct kd_err err;
	struct mx_node *nodes, *alloc;   /* usage and allocatable, per node */
	size_t nnodes, nalloc;
	int have_nodes, have_alloc;
	int cpu_pct, mem_pct;            /* -1 unknown */
	unsigned polls;
	struct metrics_pod *pods;
	size_t npods;
	unsigned long gen;
};

struct metrics *
metrics_new(struct loop *l, struct http *h, metrics_cb cb, void *arg)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	m->loop = l;
	m->http = h;
	m->cb = cb;
	m->arg = arg;
	m->cpu_pct = m->mem_pct = -1;
	return m;
}

static void
mx_nodes_free(struct mx_node **v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i].name);
	free(*v);
	*v = NULL;
	*n = 0;
}

static void
mx_pods_clear(struct metrics *m)
{
	for (size_t i = 0; i < m->npods; i++) {
		free(m->pods[i].ns);
		free(m->pods[i].name);
	}
	free(m->pods);
	m->pods = NULL;
	m->npods = 0;
}

void
metrics_free(struct metrics **mp)
{
	struct metrics *m;
	if (mp == NULL || (m = *mp) == NULL)
		return;
	loop_timer_cancel(m->loop, &m->timer);
	for (int k = 0; k < MX_N; k++)
		http_cancel(&m->req[k]);
	mx_pods_clear(m);
	mx_nodes_free(&m->nodes, &m->nnodes);
	mx_nodes_free(&m->alloc, &m->nalloc);
	free(m);
	*mp = NULL;
}

/* ---- quantities ---- */

/* q in units of 10^exp10, rounded; -1 when it is not a quantity or is below 0 (no usage
 * is). */
static long long
mx_quantity(const char *q, int exp10)
{
	long long v;
	if (q == NULL || q[0] == '-' || quantity_scaled(q, exp10, &v) != 0)
		return -1;
	return v;
}

long
metrics_cpu_parse(const char *q)
{
	long long m = mx_quantity(q, -3);
	return m > LONG_MAX ? -1 : (long)m;
}

long long
metrics_mem_parse(const char *q)
{
	return mx_quantity(q, 0);
}

void
metrics_mem_format(long long b, char *buf, size_t len)
{
	if (b >= 1073741824LL)
		snprintf(buf, len, "%.1fGi", (double)b / 1073741824.0);
	else if (b >= 1048576LL)
		snprintf(buf, len, "%lldMi", b / 1048576LL);
	else
		snprintf(buf, len, "%lldKi", b / 1024);
}

/* ---- parsing ---- */

static void mx_sum(struct metrics *m);

static const char *
mx_str(const cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Adds one usage (or allocatable) map to the sums; -1 when it is not one. */
static int
mx_usage(const cJSON *u, long *cpu, long long *mem)
{
	long c = metrics_cpu_parse(mx_str(u, "cpu", NULL));
	long long b = metrics_mem_parse(mx_str(u, "memory", NULL));
	if (c < 0 || b < 0)
		return -1;
	*cpu += c;
	*mem += b;
	return 0;
}

int
metrics_parse(struct metrics *m, const char *what, const char *body, size_t len, struct kd_err *err)
{
	cJSON *doc = cJSON_ParseWithLength(body, len);
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
	int rc = -1;

	if (!cJSON_IsArray(items)) {
		kd_err_set(err, KD_ERR_INVALID, "the server's %s list is not a list (no items)", what);
		goto done;
	}
	if (strcmp(what, "pods") == 0) {
		size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
		struct metrics_pod *pods = xcalloc(n ? n : 1, sizeof *pods);
		const cJSON *it;
		cJSON_ArrayForEach(it, items) {
			const char *ns = mx_str(it, "metadata", "namespace"), *name = mx_str(it, "metadata", "name");
			const cJSON *c, *cs = cJSON_GetObjectItemCaseSensitive(it, "containers");
			long cpu = 0;
			long long mem = 0;
			if (name == NULL)
				continue;
			cJSON_ArrayForEach(c, cs)
				mx_usage(cJSON_GetObjectItemCaseSensitive(c, "usage"), &cpu, &mem);
			pods[k].ns = xstrdup(ns ? ns : "");
			pods[k].name = xstrdup(name);
			pods[k].cpu_m = cpu;
			pods[k].mem = mem;
			k++;
		}
		mx_pods_clear(m);
		m->pods = pods;
		m->npods = k;
	} else {
		int alloc = strcmp(what, "allocatable") == 0;
		size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
		struct mx_node *v = xcalloc(n ? n : 1, sizeof *v);
		const cJSON *it;
		cJSON_ArrayForEach(it, items) {
			const cJSON *u = alloc ? cJSON_GetObjectItemCaseSensitive(
			    cJSON_GetObjectItemCaseSensitive(it, "status"), "allocatable") :
			    cJSON_GetObjectItemCaseSensitive(it, "usage");
			const char *name = mx_str(it, "metadata", "name");
			if (u == NULL || name == NULL)
				continue;
			if (mx_usage(u, &v[k].cpu_m, &v[k].mem) != 0) {
				kd_err_set(err, KD_ERR_INVALID, "node %s's %s has no cpu or memory quantity",
				    name, alloc ? "allocatable" : "usage");
				mx_nodes_free(&v, &k);
				goto done;
			}
			v[k++].name = xstrdup(name);
		}
		if (alloc) {
			mx_nodes_free(&m->alloc, &m->nalloc);
			m->alloc = v;
			m->nalloc = k;
			m->have_alloc = 1;
		} else {
			mx_nodes_free(&m->nodes, &m->nnodes);
			m->nodes = v;
			m->nnodes = k;
			m->have_nodes = 1;
		}
	}
	if (strcmp(what, "allocatable") != 0)
		m->state = METRICS_SERVED;
	mx_sum(m);
	rc = 0;
done:
	cJSON_Delete(doc);
	return rc;
}

/* ---- polling ---- */

static void mx_poll(void *arg);

static void
mx_on_done(struct http_req *r, const struct http_result *res, void *arg, int k)
{
	struct metrics *m = arg;
	static const char *const what[MX_N] = { "node metrics", "allocatable", "pods" };
	(void)r;
	m->req[k] = NULL;
	if (res->status >= 200 && res->status < 300) {
		struct kd_err e = { 0 };
		if (metrics_parse(m, what[k], res->body, res->body_len, &e) != 0) {
			m->state = METRICS_FAILED;
			m->err = e;
		}
	} else if (k == MX_ALLOC) {
		/* the header then shows no percentage; the rest still works */
		m->have_alloc = 0;
	} else if (res->status == 404 || res->status == 503) {
		m->state = METRICS_ABSENT;
		kd_err_set(&m->err, KD_ERR_NOTFOUND, "the cluster does not serve metrics.k8s.io "
		    "(install metrics-server to see CPU and memory)");
	} else {
		m->state = METRICS_FAILED;
		m->err = res->err;
	}
	m->gen++;
	if (m->cb != NULL)
		m->cb(m, m->arg);
}

static void mx_done_nodes(struct http_req *r, const struct http_result *res, void *arg) { mx_on_done(r, res, arg, MX_NODES); }
static void mx_done_alloc(struct http_req *r, const struct http_result *res, void *arg) { mx_on_done(r, res, arg, MX_ALLOC); }
static void mx_done_pods(struct http_req *r, const struct http_result *res, void *arg) { mx_on_done(r, res, arg, MX_PODS); }

static void
mx_get(struct metrics *m, int k)
{
	static const http_done_cb done[MX_N] = { mx_done_nodes, mx_done_alloc, mx_done_pods };
	struct http_opts o = { .path = mx_path[k], .timeout_ms = 10000, .retries = 1 };
	if (m->req[k] == NULL)
		m->req[k] = http_request(m->http, &o, NULL, done[k], m);
}

static int
mx_alloc_missing(const struct metrics *m)
{
	for (size_t i = 0; i < m->nnodes; i++) {
		size_t j = 0;
		while (j < m->nalloc && strcmp(m->nodes[i].name, m->alloc[j].name) != 0)
			j++;
		if (j == m->nalloc)
			return 1;
	}
	return 0;
}

static void
mx_poll(void *arg)
{
	struct metrics *m = arg;
	m->timer = loop_timer_add(m->loop, METRICS_POLL_MS, mx_poll, m);
	if (m->state == METRICS_ABSENT && !m->want_pods)
		return;   /* asked again when a screen wants pods */
	mx_get(m, MX_NODES);
	/* and sooner when a node reports usage without a known allocatable (a new node) */
	if (m->polls++ % METRICS_ALLOC_POLLS == 0 || !m->have_alloc || m->cpu_pct < 0 || mx_alloc_missing(m))
		mx_get(m, MX_ALLOC);
	if (m->want_pods > 0)
		mx_get(m, MX_PODS);
}

void
metrics_start(struct metrics *m)
{
	if (m == NULL || m->started)
		return;
	m->started = 1;
	mx_poll(m);
}

void
metrics_stop(struct metrics *m)
{
	if (m == NULL || !m->started)
		return;
	m->started = 0;
	loop_timer_cancel(m->loop, &m->timer);
	for (int k = 0; k < MX_N; k++)
		http_cancel(&m->req[k]);
}

void
metrics_want_pods(struct metrics *m, int delta)
{
	if (m == NULL)
		return;
	m->want_pods += delta;
	if (m->want_pods < 0)
		m->want_pods = 0;
	if (delta > 0) {
		if (!m->started)
			metrics_start(m);
		else
			mx_get(m, MX_PODS);
	}
}

enum metrics_state metrics_state(const struct metrics *m) { return m ? m->state : METRICS_UNKNOWN; }
const struct kd_err *metrics_error(const struct metrics *m) { return &m->err; }
size_t metrics_pod_count(const struct metrics *m) { return m ? m->npods : 0; }
unsigned long metrics_generation(const struct metrics *m) { return m ? m->gen : 0; }

int
metrics_cluster(const struct metrics *m, int *cpu_pct, int *mem_pct)
{
	if (m == NULL || m->state != METRICS_SERVED || m->cpu_pct < 0)
		return -1;
	*cpu_pct = m->cpu_pct;
	*mem_pct = m->mem_pct;
	return 0;
}

/* The percentages, once per poll (the header asks every frame). */
static void
mx_sum(struct metrics *m)
{
	long cpu = 0, acpu = 0;
	long long mem = 0, amem = 0;

	m->cpu_pct = m->mem_pct = -1;
	if (!m->have_nodes || !m->have_alloc)
		return;
	/* of the nodes that report usage: a NotReady node's capacity is not there to use */
	for (size_t i = 0; i < m->nnodes; i++)
		for (size_t j = 0; j < m->nalloc; j++)
			if (strcmp(m->nodes[i].name, m->alloc[j].name) == 0) {
				cpu += m->nodes[i].cpu_m;
				mem += m->nodes[i].mem;
				acpu += m->alloc[j].cpu_m;
				amem += m->alloc[j].mem;
			}
	if (acpu <= 0 || amem <= 0)
		return;
	m->cpu_pct = (int)((cpu * 100 + acpu / 2) / acpu);
	m->mem_pct = (int)((mem * 100 + amem / 2) / amem);
}

size_t
metrics_top(const struct metrics *m, int by_mem, const struct metrics_pod **out, size_t n)
{
	size_t k = 0;
	if (m == NULL)
		return 0;
	/* insertion into a short sorted list: n is a screenful, the pods may be 100k */
	for (size_t i = 0; i < m->npods; i++) {
		const struct metrics_pod *p = &m->pods[i];
		long long v = by_mem ? p->mem : p->cpu_m;
		size_t j = k < n ? k : n;
		while (j > 0 && (by_mem ? out[j - 1]->mem : out[j - 1]->cpu_m) < v) {
			if (j < n)
				out[j] = out[j - 1];
			j--;
		}
		if (j < n) {
			out[j] = p;
			if (k < n)
				k++;
		}
	}
	return k;
}
