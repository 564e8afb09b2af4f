/* describe of the controllers of pods (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job)
 * in the order and wording of kubectl describe: the header, the counts kubectl writes for
 * the kind, the status of its pods, the strategy, the pod template's containers and volumes,
 * conditions, and a deployment's old and new ReplicaSets. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "ui/describe.h"
#include "ui/describe_priv.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

static int
describe_workload_int(const cJSON *o, const char *path, int dflt)
{
	const cJSON *v = describe_get(o, path);
	return cJSON_IsNumber(v) ? v->valueint : dflt;
}

size_t
describe_selector_string(const cJSON *sel, char *out, size_t len)
{
	size_t n = 0;
	const cJSON *m = describe_get(sel, "matchLabels");
	if (m == NULL && cJSON_IsObject(sel) && describe_get(sel, "matchExpressions") == NULL)
		m = sel;
	out[0] = '\0';
	for (const cJSON *c = m ? m->child : NULL; c && n < len; c = c->next)
		n += (size_t)snprintf(out + n, len - n, "%s%s=%s", n ? "," : "", c->string,
		    cJSON_IsString(c) ? c->valuestring : "");
	return n < len ? n : len - 1;
}

int
describe_controlled_by(const cJSON *o, const char *uid)
{
	const cJSON *owners = describe_get(o, "metadata.ownerReferences");
	for (const cJSON *ow = owners ? owners->child : NULL; ow; ow = ow->next)
		if (cJSON_IsTrue(describe_get(ow, "controller")))
			return uid != NULL && describe_str(ow, "uid") != NULL && strcmp(describe_str(ow, "uid"), uid) == 0;
	return 0;
}

/* "app=web,tier=front" as kubectl writes a selector on one line */
static void
describe_workload_selector(struct pager *p, const char *key, const cJSON *o)
{
	char buf[1024];
	describe_selector_string(describe_get(o, "spec.selector"), buf, sizeof buf);
	describe_kv(p, 0, key, buf);   /* kubectl: an empty selector is written as nothing */
}

/* a DaemonSet's "Node-Selector:  disk=ssd,zone=a" on one line, by key, as kubectl writes it */
static void
describe_node_selector(struct pager *p, const cJSON *m)
{
	char buf[1024];
	size_t n = 0;
	const char *done = "";
	buf[0] = '\0';
	for (int k = 0, all = cJSON_GetArraySize(m); k < all && n < sizeof buf; k++) {
		const cJSON *next = NULL;   /* the least key after the last one written */
		for (const cJSON *c = m->child; c; c = c->next)
			if ((k == 0 || strcmp(c->string, done) > 0) && (next == NULL || strcmp(c->string, next->string) < 0))
				next = c;
		if (next == NULL)
			break;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s=%s", n ? "," : "", next->string,
		    cJSON_IsString(next) ? next->valuestring : "");
		done = next->string;
	}
	describe_kv(p, 0, "Node-Selector:", n ? buf : "<none>");
}

/* "Controlled By:  Deployment/web": o's controller, when it has one */
static void
describe_workload_owner(struct pager *p, const cJSON *o)
{
	const cJSON *owners = describe_get(o, "metadata.ownerReferences");
	for (const cJSON *ow = owners ? owners->child : NULL; ow; ow = ow->next)
		if (cJSON_IsTrue(describe_get(ow, "controller"))) {
			char *t = xasprintf("%s/%s", describe_str(ow, "kind") ?: "", describe_str(ow, "name") ?: "");
			describe_kv(p, 0, "Controlled By:", t);
			free(t);
			return;
		}
}

/* "3 Running / 0 Waiting / 0 Succeeded / 0 Failed": the pods o controls, by phase */
static void
describe_workload_pods_status(struct pager *p, const cJSON *o, const struct describe_related *rel)
{
	char buf[256];
	if (rel == NULL)   /* not asked for: no section rather than a wrong one */
		return;
	if (rel->obj == NULL && rel->err == NULL) {
		describe_kv(p, 0, "Pods Status:", "(fetching the pods ...)");
		return;
	}
	if (rel->obj == NULL) {
		describe_kv(p, 0, "Pods Status:", rel->err);
		return;
	}
	static const char *const phases[] = { "Running", "Pending", "Succeeded", "Failed" };
	int count[4] = { 0 };
	const char *uid = describe_str(o, "metadata.uid");
	const cJSON *items = describe_get(rel->obj, "items");
	for (const cJSON *pod = items ? items->child : NULL; pod; pod = pod->next) {
		const char *ph = describe_str(pod, "status.phase");
		if (ph == NULL || !describe_controlled_by(pod, uid))
			continue;
		for (int i = 0; i < 4; i++)
			if (strcmp(ph, phases[i]) == 0)
				count[i]++;
	}
	snprintf(buf, sizeof buf, "%d Running / %d Waiting / %d Succeeded / %d Failed", count[0], count[1], count[2],
	    count[3]);
	describe_kv(p, 0, "Pods Status:", buf);
}

static void
describe_workload_template(struct pager *p, const cJSON *o)
{
	const cJSON *t = describe_get(o, "spec.template");
	describe_title(p, "Pod Template:");
	describe_map(p, "  Labels:", describe_get(t, "metadata.labels"), 0);
	const cJSON *ann = describe_get(t, "metadata.annotations");
	if (cJSON_IsObject(ann) && ann->child != NULL)
		describe_map(p, "  Annotations:", ann, 0);
	if (describe_str(t, "spec.serviceAccountName"))
		describe_kv(p, 2, "Service Account:", describe_str(t, "spec.serviceAccountName"));
	const cJSON *inits = describe_get(t, "spec.initContainers");
	if (cJSON_IsArray(inits) && inits->child != NULL) {
		describe_title(p, "  Init Containers:");
		for (const cJSON *c = inits->child; c; c = c->next)
			describe_container(p, c, NULL, NULL);
	}
	describe_title(p, "  Containers:");
	const cJSON *cs = describe_get(t, "spec.containers");
	for (const cJSON *c = cs ? cs->child : NULL; c; c = c->next)
		describe_container(p, c, NULL, NULL);
	describe_volumes(p, 2, describe_get(t, "spec.volumes"));
	if (describe_str(t, "spec.priorityClassName"))
		describe_kv(p, 2, "Priority Class Name:", describe_str(t, "spec.priorityClassName"));
	describe_map(p, "  Node-Selectors:", describe_get(t, "spec.nodeSelector"), 0);
	describe_tolerations(p, "  Tolerations:", describe_get(t, "spec.tolerations"));
}

/* A StatefulSet's volumeClaimTemplates: each claim's name, class, labels, annotations, the
 * storage it asks for and its access modes */
static void
describe_workload_claims(struct pager *p, const cJSON *o)
{
	const cJSON *claims = describe_get(o, "spec.volumeClaimTemplates");
	if (!cJSON_IsArray(claims) || claims->child == NULL) {
		describe_kv(p, 0, "Volume Claims:", "<none>");
		return;
	}
	describe_head(p, 0, "Volume Claims:");
	for (const cJSON *c = claims->child; c; c = c->next) {
		char modes[512];
		size_t n = (size_t)snprintf(modes, sizeof modes, "[");
		describe_kv(p, 2, "Name:", describe_str(c, "metadata.name") ?: "");
		describe_kv(p, 2, "StorageClass:", describe_str(c, "spec.storageClassName") ?: "");
		describe_map(p, "  Labels:", describe_get(c, "metadata.labels"), 0);
		describe_map(p, "  Annotations:", describe_get(c, "metadata.annotations"), 0);
		describe_kv(p, 2, "Capacity:", describe_str(c, "spec.resources.requests.storage") ?: "<default>");
		const cJSON *am = describe_get(c, "spec.accessModes");
		for (const cJSON *m = cJSON_IsArray(am) ? am->child : NULL; m && n < sizeof modes; m = m->next)
			n += (size_t)snprintf(modes + n, sizeof modes - n, "%s%s", m == am->child ? "" : " ",
			    cJSON_IsString(m) ? m->valuestring : "");
		if (n < sizeof modes)
			snprintf(modes + n, sizeof modes - n, "]");
		describe_kv(p, 2, "Access Modes:", modes);
	}
}

/* A Job's spec and status as kubectl writes them: what is set of its counts and limits, its
 * times, and its pods by state from the status. */
static void
describe_workload_job(struct pager *p, const cJSON *o)
{
	char buf[256];
	const cJSON *v;
	snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.parallelism", 1));
	describe_kv(p, 0, "Parallelism:", buf);
	if (cJSON_IsNumber(describe_get(o, "spec.completions")))
		snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.completions", 1));
	else
		snprintf(buf, sizeof buf, "<unset>");
	describe_kv(p, 0, "Completions:", buf);
	if (describe_str(o, "spec.completionMode"))
		describe_kv(p, 0, "Completion Mode:", describe_str(o, "spec.completionMode"));
	if (cJSON_IsBool(v = describe_get(o, "spec.suspend")))
		describe_kv(p, 0, "Suspend:", cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v = describe_get(o, "spec.backoffLimit"))) {
		snprintf(buf, sizeof buf, "%d", v->valueint);
		describe_kv(p, 0, "Backoff Limit:", buf);
	}
	const char *start = describe_str(o, "status.startTime"), *end = describe_str(o, "status.completionTime");
	if (start) {
		describe_time(start, buf, sizeof buf);
		describe_kv(p, 0, "Start Time:", buf);
	}
	if (end) {
		describe_time(end, buf, sizeof buf);
		describe_kv(p, 0, "Completed At:", buf);
	}
	if (start && end && expr_parse_time(start) >= 0 && expr_parse_time(end) >= 0) {
		expr_human_duration(expr_parse_time(end) - expr_parse_time(start), buf, sizeof buf);
		describe_kv(p, 0, "Duration:", buf);
	}
	if (cJSON_IsNumber(v = describe_get(o, "spec.activeDeadlineSeconds"))) {
		snprintf(buf, sizeof buf, "%ds", v->valueint);
		describe_kv(p, 0, "Active Deadline Seconds:", buf);
	}
	int active = describe_workload_int(o, "status.active", 0), ok = describe_workload_int(o, "status.succeeded", 0);
	int failed = describe_workload_int(o, "status.failed", 0);
	if (cJSON_IsNumber(describe_get(o, "status.ready")))
		snprintf(buf, sizeof buf, "%d Active (%d Ready) / %d Succeeded / %d Failed", active,
		    describe_workload_int(o, "status.ready", 0), ok, failed);
	else
		snprintf(buf, sizeof buf, "%d Active / %d Succeeded / %d Failed", active, ok, failed);
	describe_kv(p, 0, "Pods Statuses:", buf);
}

/* a Job's status holds its counts; the other kinds count their pods (rel) */
static void
describe_workload_kind(struct pager *p, const cJSON *o, const char *kind, const struct describe_related *rel)
{
	char buf[256];
	int want = describe_workload_int(o, "spec.replicas", 1);
	if (strcmp(kind, "Deployment") == 0) {
		describe_workload_selector(p, "Selector:", o);
		snprintf(buf, sizeof buf, "%d desired | %d updated | %d total | %d available | %d unavailable", want,
		    describe_workload_int(o, "status.updatedReplicas", 0), describe_workload_int(o, "status.replicas", 0),
		    describe_workload_int(o, "status.availableReplicas", 0),
		    describe_workload_int(o, "status.unavailableReplicas", 0));
		describe_kv(p, 0, "Replicas:", buf);
		describe_kv(p, 0, "StrategyType:", describe_str(o, "spec.strategy.type"));
		snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.minReadySeconds", 0));
		describe_kv(p, 0, "MinReadySeconds:", buf);
		const cJSON *ru = describe_get(o, "spec.strategy.rollingUpdate");
		if (ru != NULL) {
			char un[32], su[32];
			describe_scalar(describe_get(ru, "maxUnavailable"), un, sizeof un);
			describe_scalar(describe_get(ru, "maxSurge"), su, sizeof su);
			snprintf(buf, sizeof buf, "%s max unavailable, %s max surge", un, su);
			describe_kv(p, 0, "RollingUpdateStrategy:", buf);
		}
	} else if (strcmp(kind, "ReplicaSet") == 0) {
		snprintf(buf, sizeof buf, "%d current / %d desired", describe_workload_int(o, "status.replicas", 0), want);
		describe_kv(p, 0, "Replicas:", buf);
		describe_workload_pods_status(p, o, rel);
	} else if (strcmp(kind, "StatefulSet") == 0) {
		snprintf(buf, sizeof buf, "%d desired | %d total", want, describe_workload_int(o, "status.replicas", 0));
		describe_kv(p, 0, "Replicas:", buf);
		describe_kv(p, 0, "Update Strategy:", describe_str(o, "spec.updateStrategy.type"));
		if (describe_get(o, "spec.updateStrategy.rollingUpdate.partition")) {
			snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.updateStrategy.rollingUpdate.partition", 0));
			describe_kv(p, 2, "Partition:", buf);
		}
		describe_workload_pods_status(p, o, rel);
	} else if (strcmp(kind, "DaemonSet") == 0) {
		static const struct { const char *key, *path; } ds[] = {
			{ "Desired Number of Nodes Scheduled:", "status.desiredNumberScheduled" },
			{ "Current Number of Nodes Scheduled:", "status.currentNumberScheduled" },
			{ "Number of Nodes Scheduled with Up-to-date Pods:", "status.updatedNumberScheduled" },
			{ "Number of Nodes Scheduled with Available Pods:", "status.numberAvailable" },
			{ "Number of Nodes Misscheduled:", "status.numberMisscheduled" },
		};
		for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
			snprintf(buf, sizeof buf, "%s %d", ds[i].key, describe_workload_int(o, ds[i].path, 0));
			pager_add(p, buf, (int)strlen(ds[i].key), THEME_YAML_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
		}
		describe_workload_pods_status(p, o, rel);
	} else if (strcmp(kind, "Job") == 0)
		describe_workload_job(p, o);
}

static int
describe_workload_older(const cJSON *a, const cJSON *b)
{
	const char *ta = describe_str(a, "metadata.creationTimestamp") ?: "";
	const char *tb = describe_str(b, "metadata.creationTimestamp") ?: "";
	int c = strcmp(ta, tb);   /* RFC 3339 in UTC sorts as text */
	return c != 0 ? c < 0 : strcmp(describe_str(a, "metadata.name") ?: "", describe_str(b, "metadata.name") ?: "") < 0;
}

/* the RS's pod template is the deployment's, the pod-template-hash label aside */
static int
describe_workload_same_template(const cJSON *rs, const cJSON *d)
{
	cJSON *t = cJSON_Duplicate(describe_get(rs, "spec.template"), 1);
	cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(t, "metadata"), "labels"), "pod-template-hash");
	const cJSON *l = describe_get(t, "metadata.labels");
	if (l != NULL && l->child == NULL && describe_get(d, "spec.template.metadata.labels") == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(t, "metadata"), "labels");
	int same = t != NULL && cJSON_Compare(t, describe_get(d, "spec.template"), 1);
	cJSON_Delete(t);
	return same;
}

/* "web-6bb579f747 (0/0 replicas created), ..." or <none> */
static void
describe_workload_rs_line(struct pager *p, const char *key, const cJSON **rs, int n)
{
	size_t len = 0, cap = 64;
	char *buf = xmalloc(cap);
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char *one = xasprintf("%s%s (%d/%d replicas created)", i ? ", " : "", describe_str(rs[i], "metadata.name") ?: "",
		    describe_workload_int(rs[i], "status.replicas", 0), describe_workload_int(rs[i], "spec.replicas", 1));
		size_t l = strlen(one);
		if (len + l + 1 > cap) {
			cap = (len + l + 1) * 2;
			buf = xrealloc(buf, cap);
		}
		memcpy(buf + len, one, l + 1);
		len += l;
		free(one);
	}
	describe_kv(p, 0, key, n ? buf : "<none>");
	free(buf);
}

/* As kubectl's deployment util: the ReplicaSets d controls, oldest first; the new one is the
 * oldest with d's template, the others are old. */
static void
describe_workload_replicasets(struct pager *p, const cJSON *d, const struct describe_related *rel)
{
	if (rel == NULL)   /* not asked for: no section rather than a wrong one */
		return;
	if (rel->obj == NULL && rel->err == NULL) {
		describe_kv(p, 0, "NewReplicaSet:", "(fetching the ReplicaSets ...)");
		return;
	}
	if (rel->obj == NULL) {
		describe_kv(p, 0, "NewReplicaSet:", rel->err);
		return;
	}
	const char *uid = describe_str(d, "metadata.uid");
	const cJSON *items = describe_get(rel->obj, "items");
	int n = 0, cap = cJSON_GetArraySize(items);
	const cJSON **rs = xcalloc((size_t)cap + 1, sizeof *rs);
	for (const cJSON *r = items ? items->child : NULL; r && n < cap; r = r->next)
		if (describe_controlled_by(r, uid)) {
			int i = n++;
			for (; i > 0 && describe_workload_older(r, rs[i - 1]); i--)
				rs[i] = rs[i - 1];
			rs[i] = r;
		}
	int fresh = -1;
	for (int i = 0; i < n && fresh < 0; i++)
		if (describe_workload_same_template(rs[i], d))
			fresh = i;
	if (n > 0) {
		const cJSON *fr = fresh >= 0 ? rs[fresh] : NULL;
		if (fresh >= 0) {
			memmove(rs + fresh, rs + fresh + 1, (size_t)(n - fresh - 1) * sizeof *rs);
			n--;
		}
		describe_workload_rs_line(p, "OldReplicaSets:", rs, n);
		describe_workload_rs_line(p, "NewReplicaSet:", &fr, fr != NULL);
	}
	free(rs);
}

void
describe_workload(struct pager *p, const cJSON *o, const char *kind, const struct describe_related *rel)
{
	char created[64];
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	if (strcmp(kind, "DaemonSet") != 0)   /* kubectl's describe of a DaemonSet has none */
		describe_kv(p, 0, "Namespace:", describe_str(o, "metadata.namespace"));
	if (strcmp(kind, "Deployment") == 0 || strcmp(kind, "StatefulSet") == 0) {
		describe_time(describe_str(o, "metadata.creationTimestamp"), created, sizeof created);
		describe_kv(p, 0, "CreationTimestamp:", created);
	}
	if (strcmp(kind, "Deployment") != 0)
		describe_workload_selector(p, "Selector:", o);
	if (strcmp(kind, "DaemonSet") == 0)
		describe_node_selector(p, describe_get(o, "spec.template.spec.nodeSelector"));
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	if (strcmp(kind, "ReplicaSet") == 0 || strcmp(kind, "Job") == 0)
		describe_workload_owner(p, o);
	describe_workload_kind(p, o, kind, rel);
	describe_workload_template(p, o);
	if (strcmp(kind, "Deployment") == 0 || strcmp(kind, "ReplicaSet") == 0)
		describe_conditions(p, describe_get(o, "status.conditions"));
	if (strcmp(kind, "StatefulSet") == 0)
		describe_workload_claims(p, o);
	if (strcmp(kind, "Deployment") == 0)
		describe_workload_replicasets(p, o, rel);
}
