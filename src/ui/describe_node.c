/* describe of a Node in the order and wording of kubectl describe node: roles, labels,
 * taints, conditions, addresses, capacity, allocatable, system info, pod CIDRs, then its
 * non-terminated pods with their requests and limits and the totals allocated. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ui/describe.h"
#include "ui/describe_priv.h"
#include "ui/widget/pager.h"

/* the nodeInfo fields as kubectl names them, in its order */
static const struct {
	const char *key, *field;
} describe_node_info[] = {
	{ "Machine ID:", "machineID" },
	{ "System UUID:", "systemUUID" },
	{ "Boot ID:", "bootID" },
	{ "Kernel Version:", "kernelVersion" },
	{ "OS Image:", "osImage" },
	{ "Operating System:", "operatingSystem" },
	{ "Architecture:", "architecture" },
	{ "Container Runtime Version:", "containerRuntimeVersion" },
	{ "Kubelet Version:", "kubeletVersion" },
	{ "Kube-Proxy Version:", "kubeProxyVersion" },
};

/* "control-plane,master" from node-role.kubernetes.io/<role> labels */
static void
describe_node_roles(struct pager *p, const cJSON *o)
{
	char buf[512] = "";
	size_t n = 0;
	static const char prefix[] = "node-role.kubernetes.io/";
	const cJSON *l = describe_get(o, "metadata.labels");
	for (const cJSON *c = l ? l->child : NULL; c && n < sizeof buf; c = c->next)
		if (strncmp(c->string, prefix, sizeof prefix - 1) == 0 && c->string[sizeof prefix - 1])
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", c->string + sizeof prefix - 1);
	describe_kv(p, 0, "Roles:", n ? buf : "<none>");
}

static void
describe_node_list(struct pager *p, const char *title, const cJSON *m)
{
	describe_title(p, title);
	for (const cJSON *c = m ? m->child : NULL; c; c = c->next) {
		char k[128], v[128];
		snprintf(k, sizeof k, "%s:", c->string);
		describe_scalar(c, v, sizeof v);
		describe_kv(p, 2, k, v);
	}
}

/* A pod's request or limit (which: "requests" or "limits") of resource r in milli-units, as
 * the scheduler counts it: the sum over its containers, or the largest init container's
 * when that is more. binary: set when a value was written with a binary suffix. */
static long long
describe_node_pod_total(const cJSON *pod, const char *which, const char *r, int *binary)
{
	char path[128];
	long long sum = 0, init = 0;
	snprintf(path, sizeof path, "resources.%s", which);
	const char *lists[] = { "spec.containers", "spec.initContainers" };
	for (int i = 0; i < 2; i++) {
		const cJSON *cs = describe_get(pod, lists[i]);
		for (const cJSON *c = cs ? cs->child : NULL; c; c = c->next) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(describe_get(c, path), r);
			long long m = cJSON_IsString(v) ? describe_quantity_milli(v->valuestring) : -1;
			if (m < 0)
				continue;
			if (strchr(v->valuestring, 'i') != NULL)
				*binary = 1;
			if (i == 0)
				sum += m;
			else if (m > init)
				init = m;
		}
	}
	return sum > init ? sum : init;
}

/* "100m (2%)": part of all, in kubectl's doubles (divided, then times 100, truncated: 1160m
 * of 4 cpus is 28%, as kubectl says) */
static void
describe_node_share(long long part, int binary, long long all, char *out, size_t len)
{
	char q[32];
	describe_quantity_format(part, binary, q, sizeof q);
	snprintf(out, len, "%s (%lld%%)", q, all > 0 ? (long long)((double)part / (double)all * 100) : 0);
}

static long long
describe_node_allocatable(const cJSON *o, const char *r)
{
	const cJSON *alloc = describe_get(o, "status.allocatable");
	if (!cJSON_IsObject(alloc) || alloc->child == NULL)
		alloc = describe_get(o, "status.capacity");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(alloc, r);
	return cJSON_IsString(v) ? describe_quantity_milli(v->valuestring) : 0;
}

static void
describe_node_pods(struct pager *p, const cJSON *o, const struct describe_related *rel)
{
	char buf[512], cells[4][64], age[32];
	if (rel == NULL)   /* not asked for: no section rather than a wrong one */
		return;
	if (rel->obj == NULL && rel->err == NULL) {
		describe_kv(p, 0, "Non-terminated Pods:", "(fetching the pods on this node ...)");
		return;
	}
	if (rel->obj == NULL) {
		describe_kv(p, 0, "Pods:", rel->forbidden ? "not authorized" : rel->err);
		return;
	}
	const cJSON *items = describe_get(rel->obj, "items");
	int n = cJSON_GetArraySize(items);
	snprintf(buf, sizeof buf, "(%d in total)", n);
	describe_kv(p, 0, "Non-terminated Pods:", buf);
	/* kubectl's table has an empty column after the name */
	pager_addf(p, THEME_TABLE_HEADER, "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\t"
	    "Memory Limits\tAge");
	pager_addf(p, THEME_TABLE_HEADER, "  ---------\t----\t\t------------\t----------\t---------------\t"
	    "-------------\t---");
	long long cpu = describe_node_allocatable(o, "cpu"), mem = describe_node_allocatable(o, "memory");
	for (const cJSON *pod = items ? items->child : NULL; pod; pod = pod->next) {
		static const char *const col[4][2] = { { "requests", "cpu" }, { "limits", "cpu" },
			{ "requests", "memory" }, { "limits", "memory" } };
		for (int i = 0; i < 4; i++) {
			int bin = 0;
			long long v = describe_node_pod_total(pod, col[i][0], col[i][1], &bin);
			describe_node_share(v, bin, i < 2 ? cpu : mem, cells[i], sizeof cells[i]);
		}
		describe_age(describe_str(pod, "metadata.creationTimestamp"), age, sizeof age);
		pager_addf(p, THEME_YAML_VALUE, "  %s\t%s\t\t%s\t%s\t%s\t%s\t%s", describe_str(pod, "metadata.namespace") ?: "",
		    describe_str(pod, "metadata.name") ?: "", cells[0], cells[1], cells[2], cells[3], age);
	}
	describe_title(p, "Allocated resources:");
	pager_addf(p, THEME_YAML_VALUE, "  (Total limits may be over 100 percent, i.e., overcommitted.)");
	/* the standard resources with their share, then huge pages from the allocatable */
	const char *res[32] = { "cpu", "memory", "ephemeral-storage" };
	int nres = 3;
	const cJSON *alloc = describe_get(o, "status.allocatable");
	for (const cJSON *a = alloc ? alloc->child : NULL; a && nres < 32; a = a->next)
		if (strncmp(a->string, "hugepages-", 10) == 0)
			res[nres++] = a->string;
	pager_addf(p, THEME_TABLE_HEADER, "  Resource\tRequests\tLimits");
	pager_addf(p, THEME_TABLE_HEADER, "  --------\t--------\t------");
	for (int i = 0; i < nres; i++) {
		long long req = 0, lim = 0, all = describe_node_allocatable(o, res[i]);
		int bin = 0;
		for (const cJSON *pod = items ? items->child : NULL; pod; pod = pod->next) {
			req += describe_node_pod_total(pod, "requests", res[i], &bin);
			lim += describe_node_pod_total(pod, "limits", res[i], &bin);
		}
		describe_node_share(req, bin, all, cells[0], sizeof cells[0]);
		describe_node_share(lim, bin, all, cells[1], sizeof cells[1]);
		pager_addf(p, THEME_YAML_VALUE, "  %s\t%s\t%s", res[i], cells[0], cells[1]);
	}
}

void
describe_node(struct pager *p, const cJSON *o, const struct describe_related *rel)
{
	char buf[512];
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	describe_node_roles(p, o);
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	describe_time(describe_str(o, "metadata.creationTimestamp"), buf, sizeof buf);
	describe_kv(p, 0, "CreationTimestamp:", buf);
	const cJSON *taints = describe_get(o, "spec.taints");
	if (!cJSON_IsArray(taints) || taints->child == NULL)
		describe_kv(p, 0, "Taints:", "<none>");
	for (const cJSON *t = taints ? taints->child : NULL; t; t = t->next) {
		const char *v = describe_str(t, "value");
		snprintf(buf, sizeof buf, "%s%s%s:%s", describe_str(t, "key") ?: "", v && *v ? "=" : "", v && *v ? v : "",
		    describe_str(t, "effect") ?: "");
		describe_kv(p, 0, t == taints->child ? "Taints:" : "", buf);
	}
	describe_kv(p, 0, "Unschedulable:", cJSON_IsTrue(describe_get(o, "spec.unschedulable")) ? "true" : "false");
	const cJSON *conds = describe_get(o, "status.conditions");
	if (cJSON_IsArray(conds) && conds->child != NULL) {
		describe_title(p, "Conditions:");
		pager_addf(p, THEME_TABLE_HEADER, "  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
		pager_addf(p, THEME_TABLE_HEADER, "  ----\t------\t-----------------\t------------------\t------\t-------");
		for (const cJSON *c = conds->child; c; c = c->next) {
			char beat[64], moved[64];
			describe_time(describe_str(c, "lastHeartbeatTime"), beat, sizeof beat);
			describe_time(describe_str(c, "lastTransitionTime"), moved, sizeof moved);
			pager_addf(p, THEME_YAML_VALUE, "  %s \t%s \t%s \t%s \t%s \t%s", describe_str(c, "type") ?: "",
			    describe_str(c, "status") ?: "", beat, moved, describe_str(c, "reason") ?: "",
			    describe_str(c, "message") ?: "");
		}
	}
	describe_title(p, "Addresses:");
	const cJSON *addrs = describe_get(o, "status.addresses");
	for (const cJSON *a = addrs ? addrs->child : NULL; a; a = a->next) {
		snprintf(buf, sizeof buf, "%s:", describe_str(a, "type") ?: "");
		describe_kv(p, 2, buf, describe_str(a, "address"));
	}
	describe_node_list(p, "Capacity:", describe_get(o, "status.capacity"));
	describe_node_list(p, "Allocatable:", describe_get(o, "status.allocatable"));
	describe_title(p, "System Info:");
	for (size_t i = 0; i < sizeof describe_node_info / sizeof describe_node_info[0]; i++) {
		snprintf(buf, sizeof buf, "status.nodeInfo.%s", describe_node_info[i].field);
		describe_kv(p, 2, describe_node_info[i].key, describe_str(o, buf) ?: "");
	}
	if (describe_str(o, "spec.podCIDR"))
		describe_kv(p, 0, "PodCIDR:", describe_str(o, "spec.podCIDR"));
	const cJSON *cidrs = describe_get(o, "spec.podCIDRs");
	if (cJSON_IsArray(cidrs) && cidrs->child != NULL) {
		size_t n = 0;
		buf[0] = '\0';
		for (const cJSON *c = cidrs->child; c && n < sizeof buf; c = c->next)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", cJSON_IsString(c) ? c->valuestring : "");
		describe_kv(p, 0, "PodCIDRs:", buf);
	}
	if (describe_str(o, "spec.providerID"))
		describe_kv(p, 0, "ProviderID:", describe_str(o, "spec.providerID"));
	describe_node_pods(p, o, rel);
}
