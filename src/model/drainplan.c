/* A drain's plan as kubectl decides it (drainplan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "model/drainplan.h"
#include "util/sbuf.h"
#include "util/time.h"
#include "util/xmalloc.h"

static const char *
dp_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *
drain_controller_of(const cJSON *pod)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod,
	    "metadata"), "ownerReferences"))
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ref, "controller")))
			return ref;
	return NULL;
}

const char *
drain_daemonset_of(const cJSON *pod)
{
	const cJSON *ref = drain_controller_of(pod);
	const char *kind = dp_str(ref, "kind");
	return kind != NULL && strcmp(kind, "DaemonSet") == 0 ? dp_str(ref, "name") : NULL;
}

static int
dp_finished(const cJSON *pod)
{
	const char *phase = dp_str(cJSON_GetObjectItemCaseSensitive(pod, "status"), "phase");
	return phase != NULL && (strcmp(phase, "Succeeded") == 0 || strcmp(phase, "Failed") == 0);
}

static int
dp_local_storage(const cJSON *pod)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "spec"),
	    "volumes"))
		if (cJSON_GetObjectItemCaseSensitive(v, "emptyDir") != NULL)
			return 1;
	return 0;
}

/* One filter's answer: whether the pod goes on to the next filter (delete), and why. */
struct dp_status {
	int del;
	enum drain_verdict verdict;
	const char *why;
};

static struct dp_status
dp_okay(void)
{
	struct dp_status s = { 1, DRAIN_EVICT, NULL };
	return s;
}

static struct dp_status
dp_make(int del, enum drain_verdict v, const char *why)
{
	struct dp_status s = { del, v, why };
	return s;
}

static struct dp_status
dp_skip_deleted(const cJSON *pod, const struct drain_opts *o, time_t now)
{
	const char *ts = dp_str(cJSON_GetObjectItemCaseSensitive(pod, "metadata"), "deletionTimestamp");
	time_t t;
	if (o->skip_deleted_s > 0 && ts != NULL && time_parse_rfc3339(ts, &t) == 0 &&
	    (long)(now - t) > o->skip_deleted_s)
		return dp_make(0, DRAIN_SKIP, NULL);
	return dp_okay();
}

static struct dp_status
dp_daemonset(const cJSON *pod, const struct drain_opts *o, drain_ds_lookup ds, void *arg)
{
	const cJSON *ref = drain_controller_of(pod);
	const char *kind = dp_str(ref, "kind"), *name = dp_str(ref, "name");
	if (ref == NULL || kind == NULL || strcmp(kind, "DaemonSet") != 0)
		return dp_okay();
	if (dp_finished(pod))
		return dp_okay();
	const char *err = NULL;
	int found = ds != NULL ? ds(dp_str(cJSON_GetObjectItemCaseSensitive(pod, "metadata"), "namespace"),
	    name ? name : "", &err, arg) : 1;
	if (found != 1) {
		/* an orphan goes with --force, with the server's sentence as the warning */
		if (found == 0 && o->force)
			return dp_make(1, DRAIN_EVICT, err);
		return dp_make(0, DRAIN_REFUSE, err ? err : "unexpected error");
	}
	if (!o->ignore_daemonsets)
		return dp_make(0, DRAIN_REFUSE, DRAIN_DAEMONSET_FATAL);
	return dp_make(0, DRAIN_STAY, DRAIN_DAEMONSET_WARNING);
}

static struct dp_status
dp_mirror(const cJSON *pod)
{
	const cJSON *ann = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "metadata"),
	    "annotations");
	if (cJSON_GetObjectItemCaseSensitive(ann, "kubernetes.io/config.mirror") != NULL)
		return dp_make(0, DRAIN_SKIP, NULL);
	return dp_okay();
}

static struct dp_status
dp_local(const cJSON *pod, const struct drain_opts *o)
{
	if (!dp_local_storage(pod) || dp_finished(pod))
		return dp_okay();
	if (!o->delete_emptydir)
		return dp_make(0, DRAIN_REFUSE, DRAIN_LOCAL_FATAL);
	return dp_make(1, DRAIN_EVICT, DRAIN_LOCAL_WARNING);
}

static struct dp_status
dp_unreplicated(const cJSON *pod, const struct drain_opts *o)
{
	if (dp_finished(pod) || drain_controller_of(pod) != NULL)
		return dp_okay();
	if (o->force)
		return dp_make(1, DRAIN_EVICT, DRAIN_UNMANAGED_WARNING);
	return dp_make(0, DRAIN_REFUSE, DRAIN_UNMANAGED_FATAL);
}

enum drain_verdict
drain_filter(const cJSON *pod, const struct drain_opts *o, drain_ds_lookup ds, void *arg, time_t now,
    const char **why)
{
	struct dp_status s;
	/* kubectl's order; the first that keeps the pod decides, else the last one's word */
	for (int k = 0; k < 5; k++) {
		switch (k) {
		case 0: s = dp_skip_deleted(pod, o, now); break;
		case 1: s = dp_daemonset(pod, o, ds, arg); break;
		case 2: s = dp_mirror(pod); break;
		case 3: s = dp_local(pod, o); break;
		default: s = dp_unreplicated(pod, o); break;
		}
		if (!s.del)
			break;
	}
	*why = s.why;
	return s.verdict;
}

void
drain_plan_clear(struct drain_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].ns);
		free(p->items[i].name);
		free(p->items[i].uid);
		free(p->items[i].daemonset);
		free(p->items[i].why);
	}
	free(p->items);
	p->items = NULL;
	p->n = 0;
}

void
drain_plan_build(struct drain_plan *p, const cJSON *pods, const struct drain_opts *o, drain_ds_lookup ds,
    void *arg, time_t now)
{
	const cJSON *pod;
	drain_plan_clear(p);
	size_t n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(pods, "items"));
	p->items = xcalloc(n ? n : 1, sizeof *p->items);
	cJSON_ArrayForEach(pod, cJSON_GetObjectItemCaseSensitive(pods, "items")) {
		const cJSON *meta = cJSON_GetObjectItemCaseSensitive(pod, "metadata");
		const char *why = NULL, *dsn = drain_daemonset_of(pod);
		struct drain_item *it = &p->items[p->n++];
		it->verdict = drain_filter(pod, o, ds, arg, now, &why);
		it->ns = xstrdup(dp_str(meta, "namespace") ? dp_str(meta, "namespace") : "");
		it->name = xstrdup(dp_str(meta, "name") ? dp_str(meta, "name") : "");
		it->uid = xstrdup(dp_str(meta, "uid") ? dp_str(meta, "uid") : "");
		it->daemonset = dsn ? xstrdup(dsn) : NULL;
		it->why = why ? xstrdup(why) : NULL;
	}
}

void
drain_plan_move(struct drain_plan *to, struct drain_plan *from, size_t i)
{
	to->items = xreallocarray(to->items, to->n + 1, sizeof *to->items);
	to->items[to->n++] = from->items[i];
	memset(&from->items[i], 0, sizeof from->items[i]);
}

long
drain_plan_find(const struct drain_plan *p, const char *uid)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].uid != NULL && strcmp(p->items[i].uid, uid) == 0)
			return (long)i;
	return -1;
}

void
drain_plan_arrivals(struct drain_plan *arrived, struct drain_plan *now, const struct drain_plan *plan)
{
	drain_plan_clear(arrived);
	for (size_t i = 0; i < now->n; i++)
		if (drain_plan_find(plan, now->items[i].uid) < 0)
			drain_plan_move(arrived, now, i);
	drain_plan_clear(now);
}

size_t
drain_plan_count(const struct drain_plan *p, enum drain_verdict v)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].verdict == v;
	return n;
}

/* "MSG: ns/a, ns/b" for each message of the items of verdict v, in the order first met;
 * errors put "cannot delete " before a message that does not start so (kubectl's). */
static char *
dp_group(const struct drain_plan *p, enum drain_verdict v, int errors)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < p->n; i++) {
		const struct drain_item *it = &p->items[i];
		if (it->verdict != v || it->why == NULL)
			continue;
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = p->items[k].verdict == v && p->items[k].why && strcmp(p->items[k].why, it->why) == 0;
		if (seen)
			continue;
		if (b.len > 0)
			sbuf_str(&b, "; ");
		if (errors && strncasecmp(it->why, "cannot delete", 13) != 0)
			sbuf_str(&b, "cannot delete ");
		sbuf_str(&b, it->why);
		sbuf_str(&b, ":");
		for (size_t k = i, first = 1; k < p->n; k++) {
			const struct drain_item *o = &p->items[k];
			if (o->verdict != v || o->why == NULL || strcmp(o->why, it->why) != 0)
				continue;
			sbuf_str(&b, first ? " " : ", ");
			sbuf_str(&b, o->ns);
			sbuf_str(&b, "/");
			sbuf_str(&b, o->name);
			first = 0;
		}
	}
	return b.s;
}

char *
drain_plan_errors(const struct drain_plan *p)
{
	return dp_group(p, DRAIN_REFUSE, 1);
}

char *
drain_plan_warnings(const struct drain_plan *p)
{
	return dp_group(p, DRAIN_STAY, 0);
}

int
drain_eviction_gv(const cJSON *list, char *group, size_t glen, char *version, size_t vlen)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(list, "resources")) {
		const char *name = dp_str(r, "name"), *kind = dp_str(r, "kind");
		const char *g = dp_str(r, "group"), *v = dp_str(r, "version");
		if (name && kind && g && v && g[0] && v[0] && strcmp(name, "pods/eviction") == 0 &&
		    strcmp(kind, "Eviction") == 0) {
			snprintf(group, glen, "%s", g);
			snprintf(version, vlen, "%s", v);
			return 0;
		}
	}
	return -1;
}

char *
drain_eviction_body(const char *group, const char *version, const char *ns, const char *name)
{
	cJSON *o = cJSON_CreateObject();
	char *gv = xasprintf("%s/%s", group, version);
	cJSON_AddStringToObject(o, "kind", "Eviction");
	cJSON_AddStringToObject(o, "apiVersion", gv);
	cJSON *meta = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "namespace", ns);
	cJSON_AddNullToObject(meta, "creationTimestamp");
	cJSON_AddObjectToObject(o, "deleteOptions");
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	free(gv);
	return s;
}

int
drain_pdb_of(const char *message, char *name, size_t len)
{
	static const char lead[] = "The disruption budget ";
	const char *p = message ? strstr(message, lead) : NULL;
	if (p == NULL)
		return -1;
	p += sizeof lead - 1;
	size_t n = strcspn(p, " ");
	if (n == 0)
		return -1;
	snprintf(name, len, "%.*s", (int)n, p);
	return 0;
}
