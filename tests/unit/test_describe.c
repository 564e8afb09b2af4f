#include "t.h"
/* describe of a crash-looping pod answers what kubectl describe pod answers, in its order:
 * the last state's reason and exit code, restarts, limits and requests, probes, env from a
 * Secret as a reference, mounts, volumes, QoS, tolerations and the events table. */
#include <stdlib.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "ui/describe.h"
#include "ui/describe_priv.h"
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
	describe_render(p, o, "Pod", ev, NULL);
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
	describe_render(p, o, kind, NULL, NULL);
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

T_CASE(terminating_names_its_finalizers)
{
	char *t = render_json("{\"metadata\":{\"name\":\"data\",\"namespace\":\"shop\","
	    "\"creationTimestamp\":\"2026-01-01T00:00:00Z\",\"deletionTimestamp\":\"2026-01-02T00:00:00Z\","
	    "\"finalizers\":[\"kubernetes.io/pvc-protection\"]},\"data\":{\"a\":\"1\"}}", "ConfigMap");
	T_CONTAINS(line_of(t, "Finalizers:"), "[kubernetes.io/pvc-protection]");
	T_CONTAINS(line_of(t, "Terminating:"), "since 2026-01-02T00:00:00Z, waiting for finalizer kubernetes.io/pvc-protection");
	free(t);
	t = render_json("{\"metadata\":{\"name\":\"data\",\"namespace\":\"shop\"},\"data\":{}}", "ConfigMap");
	T_ASSERT(line_of(t, "Terminating:") == NULL);
	T_ASSERT(line_of(t, "Finalizers:") == NULL);
	free(t);
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

/* kubectl create deployment web --image=nginx:1.25, described as kubectl describes it: each
 * block of keys aligned past its longest key, the template's own blocks, the container under
 * three spaces, the three columns of conditions, and the events padded to their widest cell */
T_CASE(deployment_lines_as_kubectl)
{
	cJSON *o = cJSON_Parse("{\"metadata\":{\"name\":\"web\",\"namespace\":\"team-a\",\"uid\":\"d1\","
	    "\"creationTimestamp\":\"2026-12-03T16:03:46Z\",\"labels\":{\"app\":\"web\"},"
	    "\"annotations\":{\"deployment.kubernetes.io/revision\":\"1\"}},"
	    "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},"
	    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\","
	    "\"image\":\"nginx:1.25\"}]}}},"
	    "\"status\":{\"replicas\":1,\"updatedReplicas\":1,\"availableReplicas\":1,"
	    "\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\","
	    "\"message\":\"Deployment has minimum availability.\"},"
	    "{\"type\":\"Progressing\",\"status\":\"True\",\"reason\":\"NewReplicaSetAvailable\"}]}}");
	cJSON *rs = cJSON_Parse("{\"items\":[{\"metadata\":{\"name\":\"web-7d4bcbbf5b\","
	    "\"ownerReferences\":[{\"uid\":\"d1\",\"controller\":true}]},\"spec\":{\"replicas\":1,"
	    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"7d4bcbbf5b\"}},"
	    "\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\"}]}}},\"status\":{\"replicas\":1}}]}");
	cJSON *ev = cJSON_Parse("{\"items\":[{\"involvedObject\":{\"kind\":\"Deployment\",\"uid\":\"d1\"},"
	    "\"type\":\"Normal\",\"reason\":\"ScalingReplicaSet\",\"source\":{\"component\":\"deployment-controller\"},"
	    "\"message\":\"Scaled up replica set web-7d4bcbbf5b from 0 to 1\"}]}");
	struct describe_related rel = { rs, NULL, 0 };
	struct pager *p = pager_new("t");
	setenv("TZ", "UTC", 1);   /* kubectl writes times in the local zone */
	tzset();
	describe_render(p, o, "Deployment", ev, &rel);
	char *t = pager_text(p);
	T_EQ_STR(t, "Name:                   web\n"
	    "Namespace:              team-a\n"
	    "CreationTimestamp:      Thu, 03 Dec 2026 16:03:46 +0000\n"
	    "Labels:                 app=web\n"
	    "Annotations:            deployment.kubernetes.io/revision: 1\n"
	    "Selector:               app=web\n"
	    "Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable\n"
	    "StrategyType:           RollingUpdate\n"
	    "MinReadySeconds:        0\n"
	    "RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"
	    "Pod Template:\n"
	    "  Labels:  app=web\n"
	    "  Containers:\n"
	    "   nginx:\n"
	    "    Image:         nginx:1.25\n"
	    "    Port:          <none>\n"
	    "    Host Port:     <none>\n"
	    "    Environment:   <none>\n"
	    "    Mounts:        <none>\n"
	    "  Volumes:         <none>\n"
	    "  Node-Selectors:  <none>\n"
	    "  Tolerations:     <none>\n"
	    "Conditions:\n"
	    "  Type           Status  Reason\n"
	    "  ----           ------  ------\n"
	    "  Available      True    MinimumReplicasAvailable\n"
	    "  Progressing    True    NewReplicaSetAvailable\n"
	    "OldReplicaSets:  <none>\n"
	    "NewReplicaSet:   web-7d4bcbbf5b (1/1 replicas created)\n"
	    "Events:\n"
	    "  Type    Reason             Age        From                   Message\n"
	    "  ----    ------             ----       ----                   -------\n"
	    "  Normal  ScalingReplicaSet  <unknown>  deployment-controller  Scaled up replica set web-7d4bcbbf5b from 0 to 1\n");
	free(t);
	pager_free(&p);
	cJSON_Delete(o);
	cJSON_Delete(rs);
	cJSON_Delete(ev);
}

/* a container's envFrom: name, source and Optional in columns, as kubectl's tabwriter */
T_CASE(env_from_in_columns)
{
	char *t = render_json("{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[{\"name\":\"c\","
	    "\"envFrom\":[{\"configMapRef\":{\"name\":\"settings-long\"}},{\"secretRef\":{\"name\":\"creds\"}}]}]}}",
	    "Pod");
	T_CONTAINS(t, "    Environment Variables from:\n"
	    "      settings-long  ConfigMap  Optional: false\n"
	    "      creds          Secret     Optional: false\n");
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

/* describe of json as kind with rel_json (NULL: its fetch failed with err) as the answer to
 * the second question */
static char *
render_rel(const char *json, const char *kind, const char *rel_json, const char *err, int forbidden)
{
	cJSON *o = cJSON_Parse(json), *r = rel_json ? cJSON_Parse(rel_json) : NULL;
	struct describe_related rel = { r, rel_json ? NULL : err, forbidden };
	struct pager *p = pager_new("t");
	describe_render(p, o, kind, NULL, &rel);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	cJSON_Delete(r);
	return text;
}

static const char node_json[] =
    "{\"metadata\":{\"name\":\"node-1\"},\"spec\":{\"podCIDR\":\"10.244.0.0/24\"},"
    "\"status\":{\"capacity\":{\"cpu\":\"8\"},\"allocatable\":{\"cpu\":\"4\",\"memory\":\"16Gi\","
    "\"ephemeral-storage\":\"100Gi\",\"hugepages-2Mi\":\"0\",\"pods\":\"110\"}}}";

/* two pods: 100m/128Mi with a 256Mi limit, and two 250m containers whose 1-cpu init container
 * counts instead (the scheduler's largest of the sum and any init container) */
static const char node_pods_json[] =
    "{\"items\":[{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\"},\"spec\":{\"containers\":["
    "{\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},\"limits\":{\"memory\":\"256Mi\"}}}]}},"
    "{\"metadata\":{\"name\":\"batch-1\",\"namespace\":\"team-b\"},\"spec\":{"
    "\"initContainers\":[{\"resources\":{\"requests\":{\"cpu\":\"1\"}}}],\"containers\":["
    "{\"resources\":{\"requests\":{\"cpu\":\"250m\"}}},{\"resources\":{\"requests\":{\"cpu\":\"250m\"}}}]}}]}";

T_CASE(node_pods_and_allocated_as_kubectl)
{
	static const char *const order[] = { "Name:", "Allocatable:", "System Info:", "PodCIDR:",
		"Non-terminated Pods:", "Namespace", "Allocated resources:", "Resource", "Events:", NULL };
	char *t = render_rel(node_json, "Node", node_pods_json, NULL, 0);
	assert_order(t, order);
	T_CONTAINS(line_of(t, "Non-terminated Pods:"), "(2 in total)");
	T_CONTAINS(line_of(t, "Namespace"), "CPU Requests");
	T_CONTAINS(line_of(t, "Namespace"), "Memory Limits");
	T_CONTAINS(line_of(t, "Namespace"), "Age");
	const char *web = line_of(t, "shop");
	T_CONTAINS(web, "web-1");
	T_CONTAINS(web, "100m (2%)");
	T_CONTAINS(web, "128Mi (0%)");
	T_CONTAINS(web, "256Mi (1%)");
	T_CONTAINS(line_of(t, "team-b"), "1 (25%)");
	const char *alloc = strstr(t, "Allocated resources:");
	T_ASSERT(alloc != NULL);
	T_CONTAINS(alloc, "(Total limits may be over 100 percent, i.e., overcommitted.)");
	T_CONTAINS(line_of(alloc, "cpu "), "1100m (27%)");
	free(t);
	/* kubectl's doubles: 1160m of 4 cpus is 28%, not 29% */
	t = render_rel(node_json, "Node", "{\"items\":[{\"spec\":{\"containers\":[{\"resources\":{\"requests\":"
	    "{\"cpu\":\"1160m\"}}}]}}]}", NULL, 0);
	T_CONTAINS(line_of(strstr(t, "Allocated resources:"), "cpu "), "1160m (28%)");
	free(t);
	t = render_rel(node_json, "Node", node_pods_json, NULL, 0);
	alloc = strstr(t, "Allocated resources:");
	T_CONTAINS(line_of(alloc, "cpu "), "0 (0%)");
	T_CONTAINS(line_of(alloc, "memory "), "128Mi (0%)");
	T_CONTAINS(line_of(alloc, "memory "), "256Mi (1%)");
	T_CONTAINS(line_of(alloc, "ephemeral-storage"), "0 (0%)");
	T_CONTAINS(line_of(alloc, "hugepages-2Mi"), "0 (0%)");
	T_LACKS(alloc, "pods ");
	free(t);
}

T_CASE(node_pods_forbidden_says_so)
{
	char *t = render_rel(node_json, "Node", NULL, "pods is forbidden: User cannot list pods", 1);
	T_CONTAINS(line_of(t, "Pods:"), "not authorized");
	T_LACKS(t, "Allocated resources:");
	T_CONTAINS(t, "System Info:");
	T_CONTAINS(t, "Events:");
	free(t);
	t = render_rel(node_json, "Node", NULL, "the cluster did not answer in 10 s", 0);
	T_CONTAINS(line_of(t, "Pods:"), "the cluster did not answer in 10 s");
	free(t);
}

static const char deploy_json[] =
    "{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"uid\":\"d1\","
    "\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\"}},"
    "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}},"
    "\"status\":{\"conditions\":[{\"type\":\"Available\",\"status\":\"True\"}]}}";

#define RS(name, uid, created, image, want, have) \
	"{\"metadata\":{\"name\":\"" name "\",\"creationTimestamp\":\"" created "\",\"ownerReferences\":[{\"uid\":\"" uid \
	"\",\"controller\":true}]},\"spec\":{\"replicas\":" want ",\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"," \
	"\"pod-template-hash\":\"h\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" image "\"}]}}}," \
	"\"status\":{\"replicas\":" have "}}"

T_CASE(deployment_old_and_new_replicasets)
{
	static const char *const order[] = { "Name:", "Pod Template:", "Conditions:", "OldReplicaSets:",
		"NewReplicaSet:", "Events:", NULL };
	char *t = render_rel(deploy_json, "Deployment", "{\"items\":["
	    RS("web-new", "d1", "2026-01-03T00:00:00Z", "web:2", "3", "3") ","
	    RS("web-older", "d1", "2026-01-01T00:00:00Z", "web:0", "0", "0") ","
	    RS("web-old", "d1", "2026-01-02T00:00:00Z", "web:1", "1", "1") ","
	    RS("web-stranger", "other", "2026-01-02T00:00:00Z", "web:2", "5", "5") "]}", NULL, 0);
	assert_order(t, order);
	T_CONTAINS(line_of(t, "OldReplicaSets:"), "web-older (0/0 replicas created), web-old (1/1 replicas created)");
	T_CONTAINS(line_of(t, "NewReplicaSet:"), "web-new (3/3 replicas created)");
	T_LACKS(t, "web-stranger");
	free(t);
	t = render_rel(deploy_json, "Deployment", NULL, "replicasets.apps is forbidden", 0);
	T_CONTAINS(line_of(t, "NewReplicaSet:"), "replicasets.apps is forbidden");
	T_CONTAINS(t, "Events:");
	free(t);
}

#define POD(uid, phase) \
	"{\"metadata\":{\"ownerReferences\":[{\"uid\":\"" uid "\",\"controller\":true}]},\"status\":{\"phase\":\"" phase "\"}}"

T_CASE(pods_status_of_controllers)
{
	static const char *const kinds[] = { "ReplicaSet", "StatefulSet", "DaemonSet", NULL };
	static const char pods[] = "{\"items\":[" POD("r1", "Running") "," POD("r1", "Running") "," POD("r1", "Pending") ","
	    POD("r1", "Failed") "," POD("elsewhere", "Running") "]}";
	for (int i = 0; kinds[i]; i++) {
		char *t = render_rel("{\"metadata\":{\"name\":\"x\",\"namespace\":\"n\",\"uid\":\"r1\"},"
		    "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}", kinds[i], pods, NULL, 0);
		T_CONTAINS(line_of(t, "Pods Status:"), "2 Running / 1 Waiting / 0 Succeeded / 1 Failed");
		const char *st = line_of(t, "Pods Status:"), *tpl = line_of(t, "Pod Template:");
		T_ASSERT_MSG(st != NULL && tpl != NULL && st < tpl, "Pods Status: not before Pod Template: in %s", kinds[i]);
		free(t);
	}
	char *t = render_rel("{\"metadata\":{\"name\":\"x\",\"uid\":\"r1\"}}", "StatefulSet", NULL,
	    "pods is forbidden", 0);
	T_CONTAINS(line_of(t, "Pods Status:"), "pods is forbidden");
	free(t);
}

/* on its way: the section says so; not asked for (rel NULL): no section that could mislead */
T_CASE(related_pending_or_not_asked)
{
	cJSON *o = cJSON_Parse(node_json);
	struct describe_related pending = { NULL, NULL, 0 };
	struct pager *p = pager_new("t");
	describe_render(p, o, "Node", NULL, &pending);
	char *t = pager_text(p);
	T_CONTAINS(line_of(t, "Non-terminated Pods:"), "fetching");
	free(t);
	pager_free(&p);
	cJSON_Delete(o);
	t = render_json(node_json, "Node");
	T_LACKS(t, "Non-terminated Pods:");
	T_LACKS(t, "Pods:");
	free(t);
	t = render_json(deploy_json, "Deployment");
	T_LACKS(t, "ReplicaSet");
	free(t);
}

T_CASE(queries_as_kubectl_asks)
{
	struct describe_query q;
	cJSON *o = cJSON_Parse("{\"metadata\":{\"name\":\"node-1\"}}");
	T_ASSERT(describe_query_for(o, "Node", &q));
	T_EQ_STR(q.resource, "pods");
	T_EQ_STR(q.ns, "");
	T_EQ_STR(q.field_selector, "spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed");
	cJSON_Delete(o);
	o = cJSON_Parse(deploy_json);
	T_ASSERT(describe_query_for(o, "Deployment", &q));
	T_EQ_STR(q.group, "apps");
	T_EQ_STR(q.resource, "replicasets");
	T_EQ_STR(q.ns, "shop");
	T_EQ_STR(q.label_selector, "app=web");
	T_ASSERT(describe_query_for(o, "Service", &q));
	T_EQ_STR(q.resource, "endpoints");
	T_EQ_STR(q.name, "web");
	T_ASSERT(!describe_query_for(o, "Pod", &q));
	T_ASSERT(!describe_query_for(o, "ConfigMap", &q));
	cJSON_Delete(o);
}

static const char svc_json[] =
    "{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":{\"type\":\"ClusterIP\","
    "\"clusterIP\":\"10.96.0.12\",\"ports\":[{\"name\":\"http\",\"port\":80,\"targetPort\":8080},"
    "{\"name\":\"metrics\",\"port\":9090,\"targetPort\":9090}]}}";

T_CASE(service_endpoints_as_kubectl)
{
	static const char *const order[] = { "Port:", "TargetPort:", "Endpoints:", "Port:", "TargetPort:", "Endpoints:",
		"Session Affinity:", "Events:", NULL };
	char *t = render_rel(svc_json, "Service", "{\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\"},"
	    "{\"ip\":\"10.0.0.2\"},{\"ip\":\"10.0.0.3\"},{\"ip\":\"10.0.0.4\"}],"
	    "\"ports\":[{\"name\":\"http\",\"port\":8080},{\"name\":\"metrics\",\"port\":9090}]}]}", NULL, 0);
	assert_order(t, order);
	const char *http = line_of(t, "Endpoints:");
	T_CONTAINS(http, "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...");
	T_CONTAINS(line_of(strstr(t, "metrics"), "Endpoints:"), "10.0.0.1:9090");
	free(t);
	t = render_rel(svc_json, "Service", "{\"metadata\":{\"name\":\"web\"}}", NULL, 0);
	T_CONTAINS(line_of(t, "Endpoints:"), "<none>");
	free(t);
	t = render_rel(svc_json, "Service", NULL, "endpoints \"web\" not found", 0);
	T_CONTAINS(line_of(t, "Endpoints:"), "endpoints \"web\" not found");
	T_CONTAINS(t, "Session Affinity:");
	free(t);
}

T_CASE(quantities_added_and_written_as_kubectl)
{
	char b[32];
	T_EQ_INT(describe_quantity_milli("500m"), 500);
	T_EQ_INT(describe_quantity_milli("1.5"), 1500);
	T_EQ_INT(describe_quantity_milli("128Mi"), 128LL * 1048576 * 1000);
	T_EQ_INT(describe_quantity_milli("2G"), 2000000000000LL);
	T_EQ_INT(describe_quantity_milli("x"), -1);
	T_EQ_INT(describe_quantity_milli("5Q"), -1);
	describe_quantity_format(1160, 0, b, sizeof b);
	T_EQ_STR(b, "1160m");
	describe_quantity_format(2000, 0, b, sizeof b);
	T_EQ_STR(b, "2");
	describe_quantity_format(1696LL * 1048576 * 1000, 1, b, sizeof b);
	T_EQ_STR(b, "1696Mi");
	describe_quantity_format(1073741824000LL, 1, b, sizeof b);
	T_EQ_STR(b, "1Gi");
	describe_quantity_format(0, 1, b, sizeof b);
	T_EQ_STR(b, "0");
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
	T_RUN(terminating_names_its_finalizers);
	T_RUN(node_as_kubectl);
	T_RUN(node_pods_and_allocated_as_kubectl);
	T_RUN(node_pods_forbidden_says_so);
	T_RUN(deployment_old_and_new_replicasets);
	T_RUN(pods_status_of_controllers);
	T_RUN(related_pending_or_not_asked);
	T_RUN(queries_as_kubectl_asks);
	T_RUN(service_endpoints_as_kubectl);
	T_RUN(quantities_added_and_written_as_kubectl);
	T_RUN(deployment_lines_as_kubectl);
	T_RUN(env_from_in_columns);
	return t_done();
}
