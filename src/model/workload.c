#include "model/workload.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/health.h"
#include "model/store.h"
#include "model/view.h"
#include "util/xmalloc.h"

const char *const workload_resource[WORKLOAD_NKINDS] = { "deployments", "statefulsets", "daemonsets",
	"cronjobs" };
const char *const workload_kind_name[WORKLOAD_NKINDS] = { "deployment", "statefulset", "daemonset", "cronjob" };

static const char *
workload_cell(struct store *s, const struct store_row *r, const char *col)
{
	int c = view_col_index(store_view(s), col);
	return c >= 0 ? store_row_cell(r, c) : "";
}

int
workload_ready(enum workload_kind k, const char *ready, const char *desired, int *r, int *d)
{
	char end;
	if (ready == NULL || *ready == '\0' || k == WORKLOAD_CRONJOB)
		return -1;
	if (k == WORKLOAD_DAEMONSET && strchr(ready, '/') == NULL) {
		if (desired == NULL || sscanf(ready, "%d%c", r, &end) != 1 || sscanf(desired, "%d%c", d, &end) != 1)
			return -1;
		return 0;
	}
	return sscanf(ready, "%d/%d%c", r, d, &end) == 2 ? 0 : -1;
}

int
workload_row_ready(enum workload_kind k, struct store *s, const struct store_row *row, int *r, int *d)
{
	return workload_ready(k, workload_cell(s, row, "READY"), workload_cell(s, row, "DESIRED"), r, d);
}

int
workload_pod_failing(struct store *pods, const struct store_row *pod)
{
	return health_of(workload_cell(pods, pod, "STATUS"), workload_cell(pods, pod, "READY"),
	    workload_cell(pods, pod, "RESTARTS")) == HEALTH_FAILING;
}

/* ---- uid -> workload, for the pods' owner references ---- */

struct wl_slot {
	const char *uid;        /* borrowed from a store row, during one collect */
	size_t wl;
};

struct wl_map {
	struct wl_slot *v;
	size_t cap;             /* a power of two */
};

static uint32_t
wl_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
wl_map_put(struct wl_map *m, const char *uid, size_t wl)
{
	size_t i = wl_hash(uid) & (m->cap - 1);
	while (m->v[i].uid != NULL && strcmp(m->v[i].uid, uid) != 0)
		i = (i + 1) & (m->cap - 1);
	m->v[i].uid = uid;
	m->v[i].wl = wl;
}

static long
wl_map_get(const struct wl_map *m, const char *uid)
{
	size_t i = wl_hash(uid) & (m->cap - 1);
	while (m->v[i].uid != NULL) {
		if (strcmp(m->v[i].uid, uid) == 0)
			return (long)m->v[i].wl;
		i = (i + 1) & (m->cap - 1);
	}
	return -1;
}

/* The uid of the next owner reference in packed "kind\0name\0uid\0controller\0...\0",
 * moving *p past it; NULL after the last. */
static const char *
wl_owner_uid(const char **p)
{
	const char *k = *p;
	if (k == NULL || *k == '\0')
		return NULL;
	const char *name = k + strlen(k) + 1, *uid = name + strlen(name) + 1, *ctl = uid + strlen(uid) + 1;
	*p = ctl + strlen(ctl) + 1;
	return uid;
}

static char *
wl_labels_dup(const char *packed)
{
	const char *p = packed;
	if (p == NULL)
		return xcalloc(2, 1);
	while (*p)   /* key\0value\0 ... \0 */
		p += strlen(p) + 1, p += strlen(p) + 1;
	size_t n = (size_t)(p - packed) + 1;
	char *d = xmalloc(n + 1);
	memcpy(d, packed, n);
	d[n] = '\0';
	return d;
}

void
workload_collect(struct workload_list *wl, int scope, struct store *const kinds[WORKLOAD_NKINDS],
    struct store *rs, struct store *jobs, struct store *pods, workload_keep_fn keep, void *arg)
{
	size_t first = wl->n;
	struct wl_map m = { 0 };

	for (int k = 0; k < WORKLOAD_NKINDS; k++) {
		struct store *s = kinds[k];
		if (s == NULL)
			continue;
		store_set_filter(s, "", NULL);
		int age = view_col_index(store_view(s), "AGE");
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			if (keep != NULL && !keep(store_row_namespace(r), arg))
				continue;
			if (wl->n == wl->cap) {
				wl->cap = wl->cap ? wl->cap * 2 : 64;
				wl->v = xreallocarray(wl->v, wl->cap, sizeof *wl->v);
			}
			struct workload *w = &wl->v[wl->n++];
			memset(w, 0, sizeof *w);
			w->kind = (enum workload_kind)k;
			w->scope = scope;
			w->ns = xstrdup(store_row_namespace(r));
			w->name = xstrdup(store_row_name(r));
			w->uid = xstrdup(store_row_uid(r));
			w->labels = wl_labels_dup(store_row_labels(r));
			w->created = age >= 0 && store_view(s)->cols[age].time ? atol(store_row_cell(r, age)) : 0;
			w->has_ready = workload_row_ready(w->kind, s, r, &w->ready, &w->desired) == 0;
			if (!w->has_ready)
				w->ready = w->desired = 0;
		}
	}
	/* a Deployment's ReplicaSets and a CronJob's Jobs stand for it */
	struct store *mid[2] = { rs, jobs };
	static const enum workload_kind mid_of[2] = { WORKLOAD_DEPLOYMENT, WORKLOAD_CRONJOB };
	size_t n = wl->n - first, nmid = 0;
	if (n == 0 || pods == NULL)
		return;
	for (int k = 0; k < 2; k++)
		if (mid[k] != NULL) {
			store_set_filter(mid[k], "", NULL);
			nmid += store_visible(mid[k]);
		}
	for (m.cap = 16; m.cap < 2 * (n + nmid); m.cap *= 2)
		;
	m.v = xcalloc(m.cap, sizeof *m.v);
	for (size_t i = first; i < wl->n; i++)
		wl_map_put(&m, wl->v[i].uid, i);
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; mid[k] != NULL && i < store_visible(mid[k]); i++) {
			const struct store_row *r = store_at(mid[k], i);
			const char *o = store_row_owners(r), *uid;
			while ((uid = wl_owner_uid(&o)) != NULL) {
				long w = wl_map_get(&m, uid);
				if (w >= 0 && wl->v[w].kind == mid_of[k]) {
					wl_map_put(&m, store_row_uid(r), (size_t)w);
					break;
				}
			}
		}
	store_set_filter(pods, "", NULL);
	const struct view *pv = store_view(pods);
	int rc = view_col_index(pv, "RESTARTS"), sc = view_col_index(pv, "STATUS"), yc = view_col_index(pv, "READY");
	for (size_t i = 0; i < store_visible(pods); i++) {
		const struct store_row *p = store_at(pods, i);
		const char *o = store_row_owners(p), *uid;
		while ((uid = wl_owner_uid(&o)) != NULL) {
			long w = wl_map_get(&m, uid);
			if (w < 0)
				continue;
			wl->v[w].pods++;
			wl->v[w].restarts += rc >= 0 ? atol(store_row_cell(p, rc)) : 0;
			wl->v[w].failing += health_of(sc >= 0 ? store_row_cell(p, sc) : NULL,
			    yc >= 0 ? store_row_cell(p, yc) : NULL, rc >= 0 ? store_row_cell(p, rc) : NULL) == HEALTH_FAILING;
			break;
		}
	}
	free(m.v);
}

void
workload_list_clear(struct workload_list *wl)
{
	for (size_t i = 0; i < wl->n; i++) {
		free(wl->v[i].ns);
		free(wl->v[i].name);
		free(wl->v[i].uid);
		free(wl->v[i].labels);
	}
	wl->n = 0;
}

void
workload_list_free(struct workload_list *wl)
{
	workload_list_clear(wl);
	free(wl->v);
	wl->v = NULL;
	wl->cap = 0;
}
