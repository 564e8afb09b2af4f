/* describe of the controllers of pods (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job)
 * in the order and wording of kubectl describe: the header, the counts kubectl writes for
 * the kind, the strategy, the pod template's containers and volumes, then conditions. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ui/describe_priv.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

static int
describe_workload_int(const cJSON *o, const char *path, int dflt)
{
	const cJSON *v = describe_get(o, path);
	return cJSON_IsNumber(v) ? v->valueint : dflt;
}

/* "app=web,tier=front" as kubectl writes a selector on one line */
static void
describe_workload_selector(struct pager *p, const char *key, const cJSON *o)
{
	char buf[1024] = "";
	size_t n = 0;
	const cJSON *m = describe_get(o, "spec.selector.matchLabels");
	if (m == NULL && cJSON_IsObject(describe_get(o, "spec.selector")) &&
	    describe_get(o, "spec.selector.matchExpressions") == NULL)
		m = describe_get(o, "spec.selector");
	for (const cJSON *c = m ? m->child : NULL; c && n < sizeof buf; c = c->next)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s=%s", n ? "," : "", c->string,
		    cJSON_IsString(c) ? c->valuestring : "");
	describe_kv(p, 0, key, n ? buf : "<none>");
}

static void
describe_workload_template(struct pager *p, const cJSON *o)
{
	const cJSON *t = describe_get(o, "spec.template");
	describe_title(p, "Pod Template:");
	describe_map(p, "  Labels:", describe_get(t, "metadata.labels"), 0);
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
}

/* "<n> Running / <n> Waiting / ..." needs the pods, which describe is not given: a Job's
 * status holds its counts */
static void
describe_workload_kind(struct pager *p, const cJSON *o, const char *kind)
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
		describe_workload_selector(p, "Selector:", o);
		snprintf(buf, sizeof buf, "%d current / %d desired", describe_workload_int(o, "status.replicas", 0), want);
		describe_kv(p, 0, "Replicas:", buf);
	} else if (strcmp(kind, "StatefulSet") == 0) {
		snprintf(buf, sizeof buf, "%d desired | %d total", want, describe_workload_int(o, "status.replicas", 0));
		describe_kv(p, 0, "Replicas:", buf);
		describe_kv(p, 0, "Update Strategy:", describe_str(o, "spec.updateStrategy.type"));
		if (describe_get(o, "spec.updateStrategy.rollingUpdate.partition")) {
			snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.updateStrategy.rollingUpdate.partition", 0));
			describe_kv(p, 2, "Partition:", buf);
		}
	} else if (strcmp(kind, "DaemonSet") == 0) {
		static const struct { const char *key, *path; } ds[] = {
			{ "Desired Number of Nodes Scheduled:", "status.desiredNumberScheduled" },
			{ "Current Number of Nodes Scheduled:", "status.currentNumberScheduled" },
			{ "Number of Nodes Scheduled with Up-to-date Pods:", "status.updatedNumberScheduled" },
			{ "Number of Nodes Scheduled with Available Pods:", "status.numberAvailable" },
			{ "Number of Nodes Misscheduled:", "status.numberMisscheduled" },
		};
		for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
			snprintf(buf, sizeof buf, "%d", describe_workload_int(o, ds[i].path, 0));
			describe_kv(p, 0, ds[i].key, buf);
		}
	} else if (strcmp(kind, "Job") == 0) {
		snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.parallelism", 1));
		describe_kv(p, 0, "Parallelism:", buf);
		snprintf(buf, sizeof buf, "%d", describe_workload_int(o, "spec.completions", 1));
		describe_kv(p, 0, "Completions:", buf);
		if (describe_str(o, "status.startTime"))
			describe_kv(p, 0, "Start Time:", describe_str(o, "status.startTime"));
		if (describe_str(o, "status.completionTime"))
			describe_kv(p, 0, "Completed At:", describe_str(o, "status.completionTime"));
		snprintf(buf, sizeof buf, "%d Active / %d Succeeded / %d Failed", describe_workload_int(o, "status.active", 0),
		    describe_workload_int(o, "status.succeeded", 0), describe_workload_int(o, "status.failed", 0));
		describe_kv(p, 0, "Pods Statuses:", buf);
	}
}

void
describe_workload(struct pager *p, const cJSON *o, const char *kind)
{
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	describe_kv(p, 0, "Namespace:", describe_str(o, "metadata.namespace"));
	if (strcmp(kind, "Deployment") == 0 || strcmp(kind, "StatefulSet") == 0)
		describe_kv(p, 0, "CreationTimestamp:", describe_str(o, "metadata.creationTimestamp"));
	if (strcmp(kind, "Deployment") != 0 && strcmp(kind, "ReplicaSet") != 0 && strcmp(kind, "DaemonSet") != 0)
		describe_workload_selector(p, "Selector:", o);
	if (strcmp(kind, "DaemonSet") == 0 || strcmp(kind, "ReplicaSet") == 0)
		describe_workload_selector(p, "Selector:", o);
	if (strcmp(kind, "DaemonSet") == 0)
		describe_map(p, "Node-Selector:", describe_get(o, "spec.template.spec.nodeSelector"), 0);
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	describe_workload_kind(p, o, kind);
	describe_workload_template(p, o);
	describe_conditions(p, describe_get(o, "status.conditions"));
}
