/* Whether a workload has rolled out, in kubectl rollout status's words, for each of its
 * stages: the spec not yet observed, replicas updating, old ones terminating, updated ones
 * becoming available, done; a Deployment past its deadline; a StatefulSet's partition and
 * revisions; a DaemonSet's pods; a strategy without a rollout. */
#include "t.h"

#include "model/rollout.h"

static enum rollout_state
status_of(const char *json, const char *resource, char *buf, size_t len)
{
	cJSON *o = cJSON_Parse(json);
	enum rollout_state s = rollout_status(o, resource, buf, len);
	cJSON_Delete(o);
	return s;
}

T_CASE(rollout_deployment_stages)
{
	char b[256];
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"status\":{\"observedGeneration\":2}}",
	    "deployments", b, sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for deployment spec update to be observed...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":3,\"updatedReplicas\":1,\"replicas\":3}}", "deployments", b,
	    sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":3,\"updatedReplicas\":3,\"replicas\":4}}", "deployments", b,
	    sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":3,\"updatedReplicas\":3,\"replicas\":3,\"availableReplicas\":2}}",
	    "deployments", b, sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are available...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":3,\"updatedReplicas\":3,\"replicas\":3,\"availableReplicas\":3}}",
	    "deployments", b, sizeof b), ROLLOUT_DONE);
	T_EQ_STR(b, "deployment \"web\" successfully rolled out");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"web\",\"generation\":3},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":3,\"conditions\":[{\"type\":\"Progressing\",\"reason\":"
	    "\"ProgressDeadlineExceeded\"}]}}", "deployments", b, sizeof b), ROLLOUT_FAILED);
	T_EQ_STR(b, "deployment \"web\" exceeded its progress deadline");
}

T_CASE(rollout_statefulset_and_daemonset)
{
	char b[256];
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":1}}", "statefulsets", b, sizeof b),
	    ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for 2 pods to be ready...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":3,\"updatedReplicas\":1,"
	    "\"updateRevision\":\"db-2\",\"currentRevision\":\"db-1\"}}", "statefulsets", b, sizeof b),
	    ROLLOUT_WAITING);
	T_EQ_STR(b, "waiting for statefulset rolling update to complete 1 pods at revision db-2...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":3,\"currentReplicas\":3,"
	    "\"updateRevision\":\"db-2\",\"currentRevision\":\"db-2\"}}", "statefulsets", b, sizeof b),
	    ROLLOUT_DONE);
	T_EQ_STR(b, "statefulset rolling update complete 3 pods at revision db-2...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3,"
	    "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}}},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":3,\"updatedReplicas\":0}}", "statefulsets",
	    b, sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"db\"},\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\"}}}",
	    "statefulsets", b, sizeof b), ROLLOUT_DONE);
	T_EQ_STR(b, "rollout status is only available for RollingUpdate strategy type");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"agent\",\"generation\":1},\"status\":{\"observedGeneration\":1,"
	    "\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":4,\"numberAvailable\":3}}", "daemonsets",
	    b, sizeof b), ROLLOUT_WAITING);
	T_EQ_STR(b, "Waiting for daemon set \"agent\" rollout to finish: 3 of 4 updated pods are available...");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"agent\",\"generation\":1},\"status\":{\"observedGeneration\":1,"
	    "\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":4,\"numberAvailable\":4}}", "daemonsets",
	    b, sizeof b), ROLLOUT_DONE);
	T_EQ_STR(b, "daemon set \"agent\" successfully rolled out");
	T_EQ_INT(status_of("{\"metadata\":{\"name\":\"x\"}}", "configmaps", b, sizeof b), ROLLOUT_NONE);
}

int
main(void)
{
	T_RUN(rollout_deployment_stages);
	T_RUN(rollout_statefulset_and_daemonset);
	return t_done();
}
