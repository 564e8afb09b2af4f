/* drain: kubectl drain through the API module (drain.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "loop.h"
#include "model/drainplan.h"
#include "ops/cordon.h"
#include "ops/drain.h"
#include "ops/lastchange.h"
#include "util/xmalloc.h"

/* kubectl's intervals: a blocked eviction again after 5 s, a pod read every second */
#define DRAIN_RETRY_MS 5000
#define DRAIN_POLL_MS 1000
#define DRAIN_CHUNK 500

/* A DaemonSet a pod names, as its GET answered. */
struct drain_ds {
	char *ns, *name;
	int found;           /* 1, 0 not found, -1 error, -2 not answered yet */
	char err[300];
	struct api_call *call;
	struct drain *d;
};

/* One pod's eviction, while it is going on. */
struct drain_job {
	struct drain *d;
	size_t i;
	struct api_call *call, *pdb_call;
	struct loop_timer *timer;
};

struct drain {
	struct cluster *c;
	struct kres nodes;           /* a copy */
	char *node;
	void (*changed)(void *);
	void *arg;
	enum drain_state state;
	char msg[600];
	struct drain_opts opts;
	struct drain_plan plan;
	cJSON *pods;                 /* the PodList read (its chunks' items together) */
	int relisting;               /* the list after the cordon is being read */
	cJSON *repods;               /* that list */
	struct drain_plan arrived;   /* its pods that the plan did not have */
	int unschedulable;           /* the node as read, or since cordoned */
	struct drain_ds *ds;
	size_t nds;
	struct drain_pod *pp;        /* one per plan item */
	struct drain_job *jobs;      /* one per plan item */
	struct api_call *call;       /* the node, a chunk of pods, the cordon, /api/v1 */
	char group[64], version[32];
	char *noted;                 /* what the cordon noted as the last change, NULL: nothing */
	size_t evicted;              /* evictions the server took */
};

static void drain_noted_end(struct drain *d);

static void
drain_changed(struct drain *d)
{
	if (d->noted != NULL && (d->state == DRAIN_DONE || d->state == DRAIN_FAILED || d->state == DRAIN_CANCELLED))
		drain_noted_end(d);
	if (d->changed)
		d->changed(d->arg);
}

/* The nodes resource when discovery did not give one. */
static const struct kres drain_nodes = {
	.group = "", .version = "v1", .resource = "nodes", .singular = "node", .kind = "Node",
};

struct drain *
drain_new(struct cluster *c, const struct kres *nodes, const char *node, void (*changed)(void *), void *arg)
{
	struct drain *d = xcalloc(1, sizeof *d);
	d->c = c;
	kres_copy(&d->nodes, nodes != NULL ? nodes : &drain_nodes);
	d->node = xstrdup(node);
	d->changed = changed;
	d->arg = arg;
	d->opts.ignore_daemonsets = 1;
	d->opts.delete_emptydir = 1;
	d->state = DRAIN_READING;
	return d;
}

static void
drain_jobs_stop(struct drain *d)
{
	for (size_t i = 0; d->jobs != NULL && i < d->plan.n; i++) {
		api_cancel(&d->jobs[i].call);
		api_cancel(&d->jobs[i].pdb_call);
		loop_timer_cancel(d->c->loop, &d->jobs[i].timer);
	}
}

static void
drain_reset(struct drain *d)
{
	drain_jobs_stop(d);
	api_cancel(&d->call);
	for (size_t i = 0; i < d->nds; i++) {
		api_cancel(&d->ds[i].call);
		free(d->ds[i].ns);
		free(d->ds[i].name);
	}
	free(d->ds);
	d->ds = NULL;
	d->nds = 0;
	free(d->pp);
	free(d->jobs);
	d->pp = NULL;
	d->jobs = NULL;
	drain_plan_clear(&d->plan);
	drain_plan_clear(&d->arrived);
	cJSON_Delete(d->pods);
	cJSON_Delete(d->repods);
	d->pods = d->repods = NULL;
	d->relisting = 0;
	d->evicted = 0;
	d->msg[0] = '\0';
}

void
drain_free(struct drain **dp)
{
	if (dp == NULL || *dp == NULL)
		return;
	struct drain *d = *dp;
	drain_reset(d);
	kres_clear(&d->nodes);
	free(d->node);
	free(d->noted);
	free(d);
	*dp = NULL;
}

static void
drain_fail(struct drain *d, const char *fmt, const char *what)
{
	snprintf(d->msg, sizeof d->msg, fmt, what);
	d->state = DRAIN_FAILED;
	drain_changed(d);
}

/* ---- the plan ---- */

static int
drain_ds_lookup_cb(const char *ns, const char *name, const char **err, void *arg)
{
	struct drain *d = arg;
	for (size_t i = 0; i < d->nds; i++)
		if (strcmp(d->ds[i].ns, ns ? ns : "") == 0 && strcmp(d->ds[i].name, name) == 0) {
			*err = d->ds[i].err[0] ? d->ds[i].err : NULL;
			return d->ds[i].found;
		}
	return 1;
}

static void
drain_make_plan(struct drain *d)
{
	drain_plan_build(&d->plan, d->pods, &d->opts, drain_ds_lookup_cb, d, time(NULL));
	free(d->pp);
	free(d->jobs);
	d->pp = xcalloc(d->plan.n ? d->plan.n : 1, sizeof *d->pp);
	d->jobs = xcalloc(d->plan.n ? d->plan.n : 1, sizeof *d->jobs);
	for (size_t i = 0; i < d->plan.n; i++) {
		d->pp[i].allowed = d->pp[i].healthy = d->pp[i].desired = d->pp[i].expected = -1;
		d->jobs[i].d = d;
		d->jobs[i].i = i;
	}
}

static void drain_relisted(struct drain *d);

static void
drain_maybe_planned(struct drain *d)
{
	for (size_t i = 0; i < d->nds; i++)
		if (d->ds[i].found == -2)
			return;
	if (d->relisting) {
		drain_relisted(d);
		return;
	}
	drain_make_plan(d);
	d->state = DRAIN_PLANNED;
	drain_changed(d);
}

static void
drain_on_ds(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain_ds *ds = arg;
	(void)c;
	ds->call = NULL;
	if (res->err.code == KD_OK)
		ds->found = 1;
	else {
		/* the server's sentence, as kubectl's err.Error() */
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(res->body, "message");
		ds->found = res->status == 404 ? 0 : -1;
		snprintf(ds->err, sizeof ds->err, "%.290s", cJSON_IsString(m) ? m->valuestring : res->err.msg);
	}
	drain_maybe_planned(ds->d);
}

/* Each DaemonSet a running pod of list names, asked once (kubectl's filter reads each);
 * those asked for the plan are not asked again after the cordon. */
static void
drain_read_ds(struct drain *d, const cJSON *list)
{
	const cJSON *pod;
	size_t from = d->nds;
	cJSON_ArrayForEach(pod, cJSON_GetObjectItemCaseSensitive(list, "items")) {
		const char *name = drain_daemonset_of(pod);
		const cJSON *meta = cJSON_GetObjectItemCaseSensitive(pod, "metadata");
		const cJSON *ns = cJSON_GetObjectItemCaseSensitive(meta, "namespace");
		const char *phase = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod,
		    "status"), "phase"));
		if (name == NULL || !cJSON_IsString(ns) ||
		    (phase && (strcmp(phase, "Succeeded") == 0 || strcmp(phase, "Failed") == 0)))
			continue;
		int seen = 0;
		for (size_t i = 0; i < d->nds && !seen; i++)
			seen = strcmp(d->ds[i].ns, ns->valuestring) == 0 && strcmp(d->ds[i].name, name) == 0;
		if (seen)
			continue;
		d->ds = xreallocarray(d->ds, d->nds + 1, sizeof *d->ds);
		struct drain_ds *ds = &d->ds[d->nds++];
		memset(ds, 0, sizeof *ds);
		ds->ns = xstrdup(ns->valuestring);
		ds->name = xstrdup(name);
		ds->found = -2;
		ds->d = d;
	}
	if (d->nds == from) {
		drain_maybe_planned(d);
		return;
	}
	/* the array is complete (and no call was out when it grew): the calls may point into it */
	for (size_t i = from; i < d->nds; i++) {
		struct api_ref ref = { "apps", "v1", "daemonsets", d->ds[i].ns, d->ds[i].name, NULL };
		d->ds[i].call = api_get(d->c->api, &ref, drain_on_ds, &d->ds[i]);
	}
}

static void drain_list_pods(struct drain *d, const char *cont);

static void
drain_on_pods(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain *d = arg;
	(void)c;
	d->call = NULL;
	if (res->err.code != KD_OK) {
		drain_fail(d, d->relisting ? "the pods on the node could not be listed again: %s; nothing evicted, the "
		    "node stays cordoned" : "the pods on the node could not be listed: %s", res->err.msg);
		return;
	}
	cJSON **into = d->relisting ? &d->repods : &d->pods;
	cJSON *list = api_result_take(res);
	const char *c0 = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(list,
	    "metadata"), "continue"));
	char *tok = c0 != NULL && c0[0] ? xstrdup(c0) : NULL;
	if (*into == NULL)
		*into = list;
	else {
		/* the next chunk's items after the first's */
		cJSON *items = cJSON_GetObjectItemCaseSensitive(*into, "items"), *it;
		cJSON *more = cJSON_GetObjectItemCaseSensitive(list, "items");
		if (!cJSON_IsArray(items))
			items = cJSON_AddArrayToObject(*into, "items");
		while (cJSON_IsArray(more) && (it = cJSON_DetachItemFromArray(more, 0)) != NULL)
			cJSON_AddItemToArray(items, it);
		cJSON_Delete(list);
	}
	if (tok != NULL) {
		drain_list_pods(d, tok);
		free(tok);
		return;
	}
	drain_read_ds(d, *into);
}

static void
drain_list_pods(struct drain *d, const char *cont)
{
	char *sel = xasprintf("spec.nodeName=%s", d->node);
	struct api_ref ref = { "", "v1", "pods", NULL, NULL, NULL };
	struct api_list_opts o = { NULL, sel, cont, DRAIN_CHUNK, 0 };
	d->call = api_list(d->c->api, &ref, &o, drain_on_pods, d);
	free(sel);
}

static void
drain_on_node(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain *d = arg;
	(void)c;
	d->call = NULL;
	if (res->err.code != KD_OK) {
		drain_fail(d, "%s", res->err.msg);
		return;
	}
	d->unschedulable = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(res->body,
	    "spec"), "unschedulable"));
	drain_list_pods(d, NULL);
}

void
drain_read(struct drain *d)
{
	drain_reset(d);
	d->state = DRAIN_READING;
	free(d->noted);
	d->noted = NULL;
	struct api_ref ref = api_ref_kres(&d->nodes, NULL, d->node);
	d->call = api_get(d->c->api, &ref, drain_on_node, d);
	drain_changed(d);
}

void
drain_set_opts(struct drain *d, const struct drain_opts *o)
{
	d->opts = *o;
	if (d->state == DRAIN_PLANNED)
		drain_make_plan(d);
	drain_changed(d);
}

const struct drain_opts *
drain_opts(const struct drain *d)
{
	return &d->opts;
}

/* ---- the evictions ---- */

static void drain_evict(struct drain_job *j);

static void
drain_check_done(struct drain *d)
{
	size_t left = 0, failed = 0;
	for (size_t i = 0; i < d->plan.n; i++) {
		if (d->plan.items[i].verdict != DRAIN_EVICT)
			continue;
		left += d->pp[i].state != DRAIN_POD_GONE && d->pp[i].state != DRAIN_POD_FAILED;
		failed += d->pp[i].state == DRAIN_POD_FAILED;
	}
	if (left > 0)
		return;
	if (failed > 0) {
		snprintf(d->msg, sizeof d->msg, "unable to drain node \"%s\": %zu pod%s not evicted; the node stays "
		    "cordoned", d->node, failed, failed == 1 ? "" : "s");
		d->state = DRAIN_FAILED;
	} else
		d->state = DRAIN_DONE;
}

static void
drain_on_poll_timer(void *arg);

static void
drain_on_pod(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain_job *j = arg;
	struct drain *d = j->d;
	struct drain_pod *p = &d->pp[j->i];
	(void)c;
	j->call = NULL;
	const char *uid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    res->body, "metadata"), "uid"));
	if (res->status == 404 || (res->err.code == KD_OK && uid && strcmp(uid, d->plan.items[j->i].uid) != 0)) {
		p->state = DRAIN_POD_GONE;
		drain_check_done(d);
	} else if (res->err.code != KD_OK) {
		snprintf(p->msg, sizeof p->msg, "error when waiting for pod \"%.100s\" in namespace \"%.63s\" to terminate: %.300s",
		    d->plan.items[j->i].name, d->plan.items[j->i].ns, res->err.msg);
		p->state = DRAIN_POD_FAILED;
		drain_check_done(d);
	} else
		j->timer = loop_timer_add(d->c->loop, DRAIN_POLL_MS, drain_on_poll_timer, j);
	drain_changed(d);
}

static void
drain_poll(struct drain_job *j)
{
	const struct drain_item *it = &j->d->plan.items[j->i];
	struct api_ref ref = { "", "v1", "pods", it->ns, it->name, NULL };
	j->call = api_get(j->d->c->api, &ref, drain_on_pod, j);
}

static void
drain_on_poll_timer(void *arg)
{
	struct drain_job *j = arg;
	j->timer = NULL;
	drain_poll(j);
}

static void
drain_on_retry_timer(void *arg)
{
	struct drain_job *j = arg;
	j->timer = NULL;
	drain_evict(j);
}

static void
drain_on_pdb(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain_job *j = arg;
	struct drain_pod *p = &j->d->pp[j->i];
	(void)c;
	j->pdb_call = NULL;
	if (res->err.code != KD_OK)
		return;
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(res->body, "status");
	const cJSON *v;
	p->allowed = cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(st, "disruptionsAllowed")) ? (long)v->valuedouble : 0;
	p->healthy = cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(st, "currentHealthy")) ? (long)v->valuedouble : 0;
	p->desired = cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(st, "desiredHealthy")) ? (long)v->valuedouble : 0;
	p->expected = cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(st, "expectedPods")) ? (long)v->valuedouble : 0;
	drain_changed(j->d);
}

static void
drain_on_evicted(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain_job *j = arg;
	struct drain *d = j->d;
	struct drain_pod *p = &d->pp[j->i];
	const struct drain_item *it = &d->plan.items[j->i];
	(void)c;
	j->call = NULL;
	if (res->err.code == KD_OK) {
		d->evicted++;
		p->state = DRAIN_POD_TERMINATING;
		p->msg[0] = '\0';
		drain_poll(j);
	} else if (res->status == 404) {
		p->state = DRAIN_POD_GONE;
		drain_check_done(d);
	} else if (res->status == 429) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(res->body, "message");
		snprintf(p->msg, sizeof p->msg, "error when evicting pods/\"%.100s\" -n \"%.63s\" (will retry after 5s): %.300s",
		    it->name, it->ns, cJSON_IsString(m) ? m->valuestring : res->err.msg);
		p->state = DRAIN_POD_BLOCKED;
		char pdb[256] = "";
		for (int k = 0; k < res->ncauses && !pdb[0]; k++)
			drain_pdb_of(res->causes[k].message, pdb, sizeof pdb);
		if (strcmp(pdb, p->pdb) != 0)
			p->allowed = p->healthy = p->desired = p->expected = -1;
		snprintf(p->pdb, sizeof p->pdb, "%s", pdb);
		if (pdb[0] && j->pdb_call == NULL) {
			const struct kres *pr = d->c->disc ? discovery_find(d->c->disc, "poddisruptionbudgets.policy") : NULL;
			struct api_ref ref = { "policy", pr ? pr->version : d->version, "poddisruptionbudgets", it->ns,
				p->pdb, NULL };
			j->pdb_call = api_get(d->c->api, &ref, drain_on_pdb, j);
		}
		j->timer = loop_timer_add(d->c->loop, DRAIN_RETRY_MS, drain_on_retry_timer, j);
	} else {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(res->body, "message");
		snprintf(p->msg, sizeof p->msg, "error when evicting pods/\"%.100s\" -n \"%.63s\": %.300s", it->name, it->ns,
		    cJSON_IsString(m) ? m->valuestring : res->err.msg);
		p->state = DRAIN_POD_FAILED;
		drain_check_done(d);
	}
	drain_changed(d);
}

static void
drain_evict(struct drain_job *j)
{
	struct drain *d = j->d;
	const struct drain_item *it = &d->plan.items[j->i];
	struct api_ref ref = { "", "v1", "pods", it->ns, it->name, "eviction" };
	char *body = drain_eviction_body(d->group, d->version, it->ns, it->name);
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.once = 1;
	if (d->pp[j->i].state != DRAIN_POD_BLOCKED)
		d->pp[j->i].state = DRAIN_POD_EVICTING;
	d->pp[j->i].tries++;
	j->call = api_create(d->c->api, &ref, body, &o, drain_on_evicted, j);
	free(body);
}

static void
drain_evict_all(struct drain *d)
{
	d->state = DRAIN_EVICTING;
	for (size_t i = 0; i < d->plan.n; i++)
		if (d->plan.items[i].verdict == DRAIN_EVICT && d->pp[i].state == DRAIN_POD_PENDING)
			drain_evict(&d->jobs[i]);
	drain_check_done(d);
	drain_changed(d);
}

static void
drain_on_gv(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain *d = arg;
	(void)c;
	d->call = NULL;
	if (res->err.code != KD_OK) {
		drain_fail(d, "the server's core API could not be read: %s", res->err.msg);
		return;
	}
	if (drain_eviction_gv(res->body, d->group, sizeof d->group, d->version, sizeof d->version) != 0) {
		drain_fail(d, "%s", "the server offers no pods/eviction: nothing was evicted (the node stays cordoned)");
		return;
	}
	drain_evict_all(d);
}

/* What the drain did, as the last change: an undo uncordons. Noted at the cordon with the
 * plan's pods, as what it is about to evict. */
static void
drain_note(struct drain *d)
{
	const char *ctx = d->c->context ? d->c->context : "?";
	char what[400];
	snprintf(what, sizeof what, "drained node %s on %s (cordoned, %zu pod%s to evict)", d->node, ctx,
	    drain_plan_count(&d->plan, DRAIN_EVICT), drain_plan_count(&d->plan, DRAIN_EVICT) == 1 ? "" : "s");
	cordon_note(d->c, &d->nodes, d->node, what);
	free(d->noted);
	d->noted = xstrdup(what);
}

/* The drain ended: its note says what was evicted (the pods that arrived after the cordon
 * and were accepted too, not a pod of the plan gone meanwhile), unless another change was
 * noted since (an undo, a change made meanwhile). */
static void
drain_noted_end(struct drain *d)
{
	const char *ctx = d->c->context ? d->c->context : "?";
	const struct lastchange *lc = lastchange_get(ctx);
	char what[400], n[64] = "nothing evicted";
	if (d->evicted > 0)
		snprintf(n, sizeof n, "%zu pod%s evicted", d->evicted, d->evicted == 1 ? "" : "s");
	if (lc != NULL && lc->what != NULL && strcmp(lc->what, d->noted) == 0) {
		snprintf(what, sizeof what, d->state == DRAIN_DONE ? "drained node %s on %s (cordoned, %s)" :
		    "cordoned node %s on %s (the drain stopped, %s)", d->node, ctx, n);
		cordon_note(d->c, &d->nodes, d->node, what);
	}
	free(d->noted);
	d->noted = NULL;
}

/* The evictions of the plan's pods still on the node (after the second list). */
static void
drain_evictions(struct drain *d)
{
	if (drain_pods_in(d, DRAIN_POD_PENDING) == 0) {
		/* kubectl asks nothing more when there is nothing to evict */
		d->state = DRAIN_DONE;
		drain_changed(d);
		return;
	}
	d->state = DRAIN_EVICTING;
	struct api_ref ref = { "", "v1", NULL, NULL, NULL, NULL };
	d->call = api_get(d->c->api, &ref, drain_on_gv, d);
	drain_changed(d);
}

/* The pods that arrived join the plan (before any eviction: no job is out). */
static void
drain_take_arrived(struct drain *d)
{
	size_t n = d->plan.n + d->arrived.n;
	if (d->arrived.n == 0)
		return;
	d->pp = xreallocarray(d->pp, n, sizeof *d->pp);
	d->jobs = xreallocarray(d->jobs, n, sizeof *d->jobs);
	for (size_t k = 0; k < d->arrived.n; k++) {
		size_t i = d->plan.n;
		drain_plan_move(&d->plan, &d->arrived, k);
		memset(&d->pp[i], 0, sizeof d->pp[i]);
		d->pp[i].allowed = d->pp[i].healthy = d->pp[i].desired = d->pp[i].expected = -1;
		memset(&d->jobs[i], 0, sizeof d->jobs[i]);
		d->jobs[i].d = d;
		d->jobs[i].i = i;
	}
	drain_plan_clear(&d->arrived);
}

/* The node's pods as listed after the cordon, under the same plan: the plan's pods gone
 * meanwhile are done (kubectl's NotFound); a pod the plan did not have is refused as
 * kubectl refuses it (nothing evicted) or asked about. */
static void
drain_relisted(struct drain *d)
{
	struct drain_plan now = { 0 };
	d->relisting = 0;
	drain_plan_build(&now, d->repods, &d->opts, drain_ds_lookup_cb, d, time(NULL));
	for (size_t i = 0; i < d->plan.n; i++)
		if (d->plan.items[i].verdict == DRAIN_EVICT && drain_plan_find(&now, d->plan.items[i].uid) < 0)
			d->pp[i].state = DRAIN_POD_GONE;
	drain_plan_arrivals(&d->arrived, &now, &d->plan);
	char *errs = drain_plan_errors(&d->arrived);
	if (errs != NULL) {
		snprintf(d->msg, sizeof d->msg, "unable to drain node \"%s\": %.500s (arrived since the plan)", d->node,
		    errs);
		free(errs);
		d->state = DRAIN_FAILED;
		drain_changed(d);
		return;
	}
	if (drain_plan_count(&d->arrived, DRAIN_EVICT) > 0) {
		d->state = DRAIN_ASKING;
		drain_changed(d);
		return;
	}
	drain_take_arrived(d);
	drain_evictions(d);
}

/* After the cordon, the node's pods are listed again, as kubectl lists them only then: a
 * pod that arrived since the plan is evicted too, once asked. */
static void
drain_after_cordon(struct drain *d)
{
	d->state = DRAIN_RELISTING;
	d->relisting = 1;
	cJSON_Delete(d->repods);
	d->repods = NULL;
	drain_list_pods(d, NULL);
	drain_changed(d);
}

int
drain_answer(struct drain *d, int yes)
{
	if (d->state != DRAIN_ASKING)
		return -1;
	if (!yes) {
		size_t n = drain_plan_count(&d->arrived, DRAIN_EVICT);
		snprintf(d->msg, sizeof d->msg, "drain stopped, nothing evicted: node %s stays cordoned with the %zu pod%s "
		    "that arrived since the plan (uncordon it to schedule pods there)", d->node, n, n == 1 ? "" : "s");
		d->state = DRAIN_CANCELLED;
		drain_changed(d);
		return 0;
	}
	drain_take_arrived(d);
	drain_evictions(d);
	return 0;
}

const struct drain_plan *
drain_arrived(const struct drain *d)
{
	return &d->arrived;
}

static void
drain_on_cordoned(struct api_call *c, const struct api_result *res, void *arg)
{
	struct drain *d = arg;
	(void)c;
	d->call = NULL;
	if (res->err.code != KD_OK) {
		drain_fail(d, "node not cordoned, nothing evicted: %s", res->err.msg);
		return;
	}
	d->unschedulable = 1;
	drain_note(d);
	drain_after_cordon(d);
}

int
drain_start(struct drain *d, char *why, size_t len)
{
	if (d->state != DRAIN_PLANNED) {
		snprintf(why, len, "the drain of %s is %s", d->node, d->state == DRAIN_READING ? "still reading the node's pods" :
		    "not waiting to start");
		return -1;
	}
	char *errs = drain_plan_errors(&d->plan);
	if (errs != NULL) {
		snprintf(why, len, "nothing sent: %s", errs);
		free(errs);
		return -1;
	}
	d->state = DRAIN_CORDONING;
	if (d->unschedulable) {
		snprintf(d->msg, sizeof d->msg, "node/%s already cordoned", d->node);
		drain_after_cordon(d);
		return 0;
	}
	struct api_ref ref = api_ref_kres(&d->nodes, NULL, d->node);
	struct api_write_opts o = API_WRITE_DEFAULT;
	d->call = api_patch(d->c->api, &ref, API_PATCH_STRATEGIC, cordon_patch(1), &o, drain_on_cordoned, d);
	drain_changed(d);
	return 0;
}

void
drain_cancel(struct drain *d)
{
	if (d->state != DRAIN_CORDONING && d->state != DRAIN_RELISTING && d->state != DRAIN_ASKING &&
	    d->state != DRAIN_EVICTING)
		return;
	drain_jobs_stop(d);
	api_cancel(&d->call);
	for (size_t i = 0; i < d->nds; i++)
		api_cancel(&d->ds[i].call);
	d->relisting = 0;
	d->state = DRAIN_CANCELLED;
	snprintf(d->msg, sizeof d->msg, "drain cancelled: node %s stays cordoned (uncordon it to schedule pods there)",
	    d->node);
	drain_changed(d);
}

enum drain_state
drain_state(const struct drain *d)
{
	return d->state;
}

const char *
drain_message(const struct drain *d)
{
	return d->msg;
}

const struct drain_plan *
drain_plan(const struct drain *d)
{
	return &d->plan;
}

const struct drain_pod *
drain_pod(const struct drain *d, size_t i)
{
	return i < d->plan.n ? &d->pp[i] : NULL;
}

size_t
drain_pods_in(const struct drain *d, enum drain_pod_state st)
{
	size_t n = 0;
	for (size_t i = 0; i < d->plan.n; i++)
		n += d->plan.items[i].verdict == DRAIN_EVICT && d->pp[i].state == st;
	return n;
}

const char *
drain_node(const struct drain *d)
{
	return d->node;
}

struct cluster *
drain_cluster(const struct drain *d)
{
	return d->c;
}

int
drain_cordoned(const struct drain *d)
{
	return d->unschedulable;
}

const char *
drain_eviction_version(const struct drain *d)
{
	static char buf[100];
	if (!d->version[0])
		return "";
	snprintf(buf, sizeof buf, "%s/%s", d->group, d->version);
	return buf;
}
