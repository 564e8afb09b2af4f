#include "t.h"
/* describe of a crash-looping pod answers what kubectl describe pod answers, in its order:
 * the last state's reason and exit code, restarts, limits and requests, probes, env from a
 * Secret as a reference, mounts, volumes, QoS, tolerations and the events table. */
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "ui/describe.h"
#include "ui/widget/pager.h"

static const char pod_json[] =
    "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"orders-1\",\"namespace\":\"shop\",\"uid\":\"u1\","
    "\"labels\":{\"app\":\"orders\"},\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"orders-55\","
    "\"controller\":true}]},"
    "\"spec\":{\"nodeName\":\"node-a\",\"priority\":0,\"serviceAccountName\":\"orders\","
    "\"nodeSelector\":{\"disk\":\"ssd\"},"
    "\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\","
    "\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
    "\"volumes\":[{\"name\":\"conf\",\"configMap\":{\"name\":\"orders-conf\"}},"
    "{\"name\":\"creds\",\"secret\":{\"secretName\":\"orders-db\"}}],"
    "\"containers\":[{\"name\":\"app\",\"image\":\"orders:1.4\",\"command\":[\"/orders\"],"
    "\"args\":[\"--port=8080\"],\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],"
    "\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"
    "\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},"
    "\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080},\"periodSeconds\":10},"
    "\"env\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"orders-db\","
    "\"key\":\"password\"}}},{\"name\":\"MODE\",\"value\":\"prod\"}],"
    "\"volumeMounts\":[{\"name\":\"conf\",\"mountPath\":\"/etc/orders\",\"readOnly\":true}]}]},"
    "\"status\":{\"phase\":\"Running\",\"hostIP\":\"10.0.0.5\",\"podIP\":\"10.1.0.7\","
    "\"podIPs\":[{\"ip\":\"10.1.0.7\"}],\"startTime\":\"2026-01-02T10:00:00Z\",\"qosClass\":\"Burstable\","
    "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
    "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":16,"
    "\"containerID\":\"containerd://abc\",\"imageID\":\"sha256:def\","
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s\"}},"
    "\"lastState\":{\"terminated\":{\"reason\":\"Error\",\"exitCode\":137,"
    "\"startedAt\":\"2026-01-02T10:05:00Z\",\"finishedAt\":\"2026-01-02T10:05:30Z\"}}}]}}";

static const char events_json[] =
    "{\"items\":[{\"involvedObject\":{\"kind\":\"Pod\",\"uid\":\"u1\"},\"type\":\"Warning\","
    "\"reason\":\"BackOff\",\"source\":{\"component\":\"kubelet\"},\"message\":\"Back-off restarting\","
    "\"lastTimestamp\":\"2026-01-02T10:06:00Z\"},"
    "{\"involvedObject\":{\"kind\":\"Pod\",\"uid\":\"other\"},\"reason\":\"Elsewhere\"}]}";

static char *
render(void)
{
	cJSON *o = cJSON_Parse(pod_json), *ev = cJSON_Parse(events_json);
	struct pager *p = pager_new("t");
	describe_render(p, o, "Pod", ev);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	cJSON_Delete(ev);
	return text;
}

/* the line that starts (after indent) with key, or NULL */
static const char *
line_of(const char *t, const char *key)
{
	for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *s = l;
		while (*s == ' ')
			s++;
		if (strncmp(s, key, strlen(key)) == 0)
			return s;
	}
	return NULL;
}

T_CASE(sections_in_kubectl_order)
{
	static const char *const order[] = { "Name:", "Namespace:", "Priority:", "Service Account:", "Node:",
		"Start Time:", "Labels:", "Annotations:", "Status:", "IP:", "IPs:", "Controlled By:", "Containers:",
		"Conditions:", "Volumes:", "QoS Class:", "Node-Selectors:", "Tolerations:", "Events:", NULL };
	char *t = render();
	const char *at = t;
	for (int i = 0; order[i]; i++) {
		const char *l = line_of(at, order[i]);
		T_ASSERT_MSG(l != NULL, "%s missing or out of order in:\n%s", order[i], t);
		at = l;
	}
	free(t);
}

T_CASE(crash_loop_answered)
{
	char *t = render();
	T_CONTAINS(t, "Last State:");
	const char *last = strstr(t, "Last State:");
	T_ASSERT(last != NULL);
	T_CONTAINS(last, "Terminated");
	T_CONTAINS(last, "Reason:");
	T_CONTAINS(line_of(last, "Reason:"), "Error");
	T_CONTAINS(line_of(last, "Exit Code:"), "137");
	T_CONTAINS(line_of(last, "Started:"), "2026");
	T_CONTAINS(line_of(last, "Finished:"), "2026");
	T_CONTAINS(line_of(t, "State:"), "Waiting");
	T_CONTAINS(line_of(strstr(t, "State:"), "Reason:"), "CrashLoopBackOff");
	T_CONTAINS(line_of(t, "Restart Count:"), "16");
	T_CONTAINS(line_of(t, "Ready:"), "False");
	T_CONTAINS(line_of(t, "QoS Class:"), "Burstable");
	T_CONTAINS(line_of(t, "Container ID:"), "containerd://abc");
	T_CONTAINS(line_of(t, "Image ID:"), "sha256:def");
	T_CONTAINS(line_of(t, "Node:"), "node-a/10.0.0.5");
	T_CONTAINS(line_of(t, "Controlled By:"), "ReplicaSet/orders-55");
	free(t);
}

T_CASE(resources_probes_mounts_volumes)
{
	char *t = render();
	const char *lim = strstr(t, "Limits:"), *req = strstr(t, "Requests:");
	T_ASSERT(lim != NULL && req != NULL && lim < req);
	T_CONTAINS(line_of(lim, "cpu:"), "500m");
	T_CONTAINS(line_of(lim, "memory:"), "256Mi");
	T_CONTAINS(line_of(req, "cpu:"), "100m");
	T_CONTAINS(line_of(t, "Port:"), "8080/TCP");
	T_CONTAINS(line_of(t, "Host Port:"), "0/TCP");
	T_CONTAINS(line_of(t, "Liveness:"), "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3");
	T_CONTAINS(t, "/etc/orders from conf (ro)");
	T_CONTAINS(line_of(strstr(t, "Command:"), "/orders"), "/orders");
	T_CONTAINS(line_of(strstr(t, "Volumes:"), "Type:"), "ConfigMap (a volume populated by a ConfigMap)");
	T_CONTAINS(line_of(t, "SecretName:"), "orders-db");
	T_CONTAINS(line_of(t, "Node-Selectors:"), "disk=ssd");
	T_CONTAINS(line_of(t, "Tolerations:"), "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
	free(t);
}

T_CASE(env_from_secret_is_reference)
{
	char *t = render();
	T_CONTAINS(line_of(t, "DB_PASSWORD:"), "<set to the key 'password' in secret 'orders-db'>");
	T_CONTAINS(line_of(t, "MODE:"), "prod");
	free(t);
}

T_CASE(events_table_of_this_pod)
{
	char *t = render();
	const char *ev = strstr(t, "Events:");
	T_ASSERT(ev != NULL);
	T_CONTAINS(ev, "Type");
	T_CONTAINS(ev, "Reason");
	T_CONTAINS(ev, "From");
	T_CONTAINS(ev, "Message");
	T_CONTAINS(line_of(ev, "Warning"), "BackOff");
	T_CONTAINS(line_of(ev, "Warning"), "kubelet");
	T_LACKS(ev, "Elsewhere");
	free(t);
}

static char *
render_json(const char *json, const char *kind)
{
	cJSON *o = cJSON_Parse(json);
	struct pager *p = pager_new("t");
	describe_render(p, o, kind, NULL);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	return text;
}

static void
assert_order(const char *t, const char *const *order)
{
	const char *at = t;
	for (int i = 0; order[i]; i++) {
		const char *l = line_of(at, order[i]);
		T_ASSERT_MSG(l != NULL, "%s missing or out of order in:\n%s", order[i], t);
		at = l;
	}
}

T_CASE(deployment_as_kubectl)
{
	static const char *const order[] = { "Name:", "Namespace:", "CreationTimestamp:", "Labels:", "Annotations:",
		"Selector:", "Replicas:", "StrategyType:", "MinReadySeconds:", "RollingUpdateStrategy:", "Pod Template:",
		"Containers:", "Conditions:", "Events:", NULL };
	char *t = render_json("{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\","
	    "\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\"}},"
	    "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},"
	    "\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx\"}]}}},"
	    "\"status\":{\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":2,\"unavailableReplicas\":1,"
	    "\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\"}]}}",
	    "Deployment");
	assert_order(t, order);
	T_CONTAINS(line_of(t, "Replicas:"), "3 desired | 3 updated | 3 total | 2 available | 1 unavailable");
	T_CONTAINS(line_of(t, "RollingUpdateStrategy:"), "25% max unavailable, 25% max surge");
	T_CONTAINS(line_of(t, "Annotations:"), "deployment.kubernetes.io/revision: 2");
	T_CONTAINS(line_of(t, "Selector:"), "app=web");
	free(t);
}

T_CASE(node_as_kubectl)
{
	static const char *const order[] = { "Name:", "Roles:", "Labels:", "Annotations:", "CreationTimestamp:",
		"Taints:", "Unschedulable:", "Conditions:", "Addresses:", "Capacity:", "Allocatable:", "System Info:",
		"PodCIDR:", "Events:", NULL };
	char *t = render_json("{\"metadata\":{\"name\":\"node-1\",\"labels\":{\"node-role.kubernetes.io/control-plane\":\"\"}},"
	    "\"spec\":{\"podCIDR\":\"10.244.0.0/24\",\"taints\":[{\"key\":\"node-role.kubernetes.io/control-plane\","
	    "\"effect\":\"NoSchedule\"}]},"
	    "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\"}],"
	    "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"172.18.0.2\"}],"
	    "\"capacity\":{\"cpu\":\"8\"},\"allocatable\":{\"cpu\":\"7800m\"},"
	    "\"nodeInfo\":{\"kubeletVersion\":\"v1.32.2\"}}}", "Node");
	assert_order(t, order);
	T_CONTAINS(line_of(t, "Roles:"), "control-plane");
	T_CONTAINS(line_of(t, "Taints:"), "node-role.kubernetes.io/control-plane:NoSchedule");
	T_CONTAINS(line_of(t, "InternalIP:"), "172.18.0.2");
	T_CONTAINS(line_of(strstr(t, "Allocatable:"), "cpu:"), "7800m");
	T_CONTAINS(line_of(t, "Kubelet Version:"), "v1.32.2");
	free(t);
}

int
main(void)
{
	T_RUN(sections_in_kubectl_order);
	T_RUN(crash_loop_answered);
	T_RUN(resources_probes_mounts_volumes);
	T_RUN(env_from_secret_is_reference);
	T_RUN(events_table_of_this_pod);
	T_RUN(deployment_as_kubectl);
	T_RUN(node_as_kubectl);
	return t_done();
}
