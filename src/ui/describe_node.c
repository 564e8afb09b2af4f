/* describe of a Node in the order and wording of kubectl describe node: roles, labels,
 * taints, conditions, addresses, capacity, allocatable, system info and pod CIDRs. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

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

void
describe_node(struct pager *p, const cJSON *o)
{
	char buf[512];
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	describe_node_roles(p, o);
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	describe_kv(p, 0, "CreationTimestamp:", describe_str(o, "metadata.creationTimestamp"));
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
		pager_addf(p, THEME_TABLE_HEADER, "  %-20s %-8s %-22s %-22s %-28s %s", "Type", "Status",
		    "LastHeartbeatTime", "LastTransitionTime", "Reason", "Message");
		pager_addf(p, THEME_TABLE_HEADER, "  %-20s %-8s %-22s %-22s %-28s %s", "----", "------",
		    "-----------------", "------------------", "------", "-------");
		for (const cJSON *c = conds->child; c; c = c->next)
			pager_addf(p, THEME_YAML_VALUE, "  %-20s %-8s %-22s %-22s %-28s %s", describe_str(c, "type") ?: "",
			    describe_str(c, "status") ?: "", describe_str(c, "lastHeartbeatTime") ?: "",
			    describe_str(c, "lastTransitionTime") ?: "", describe_str(c, "reason") ?: "",
			    describe_str(c, "message") ?: "");
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
}
