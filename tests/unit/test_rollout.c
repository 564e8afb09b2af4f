#include "t.h"
/* kubectl rollout status's rule, case by case as its status viewers judge a Deployment,
 * a StatefulSet and a DaemonSet: the sentence kubectl prints and whether it is done. */
#include "model/rollout.h"

static struct rollout_status st;

static int
judge(const char *resource, const char *json)
{
	return rollout_status_json(json, strlen(json), resource, &st);
}

#define DEPLOY(gen, spec, status) "{\"metadata\":{\"name\":\"web\",\"generation\":" gen "}," \
	"\"spec\":{" spec "},\"status\":{" status "}}"

T_CASE(rollout_deployment_spec_not_observed)
{
	T_EQ_INT(judge("deployments", DEPLOY("3", "\"replicas\":3",
	    "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":3")), 0);
	T_EQ_INT(st.state, ROLLOUT_WAITING);
	T_EQ_STR(st.msg, "Waiting for deployment spec update to be observed...");
}

T_CASE(rollout_deployment_updated_fewer_than_desired)
{
	judge("deployments", DEPLOY("2", "\"replicas\":3",
	    "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":1,\"availableReplicas\":2"));
	T_EQ_INT(st.state, ROLLOUT_WAITING);
	T_EQ_STR(st.msg, "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...");
	T_EQ_INT(st.desired, 3);
	T_EQ_INT(st.updated, 1);
}

T_CASE(rollout_deployment_old_replicas_pending_termination)
{
	judge("deployments", DEPLOY("2", "\"replicas\":3",
	    "\"observedGeneration\":2,\"replicas\":5,\"updatedReplicas\":3,\"availableReplicas\":3"));
	T_EQ_INT(st.state, ROLLOUT_WAITING);
	T_EQ_STR(st.msg, "Waiting for deployment \"web\" rollout to finish: 2 old replicas are pending termination...");
}

T_CASE(rollout_deployment_available_fewer_than_updated)
{
	judge("deployments", DEPLOY("2", "\"replicas\":3",
	    "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":1,\"availableReplicas\":1"));
	T_EQ_INT(st.state, ROLLOUT_WAITING);
	T_EQ_STR(st.msg, "Waiting for deployment \"web\" rollout to finish: 1 of 3 updated replicas are available...");
	T_EQ_INT(st.ready, 1);
	T_EQ_INT(st.available, 1);
}

T_CASE(rollout_deployment_complete)
{
	judge("deployments", DEPLOY("4", "\"replicas\":3",
	    "\"observedGeneration\":4,\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":3,\"availableReplicas\":3"));
	T_EQ_INT(st.state, ROLLOUT_DONE);
	T_EQ_STR(st.msg, "deployment \"web\" successfully rolled out");
	/* scaled to 0: nothing to wait for */
	judge("deployments", DEPLOY("5", "\"replicas\":0", "\"observedGeneration\":5"));
	T_EQ_INT(st.state, ROLLOUT_DONE);
}

T_CASE(rollout_deployment_progress_deadline_exceeded)
{
	judge("deployments", DEPLOY("2", "\"replicas\":3",
	    "\"observedGeneration\":2,\"replicas\":4,\"updatedReplicas\":1,\"availableReplicas\":3,"
	    "\"conditions\":[{\"type\":\"Available\",\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\"},"
	    "{\"type\":\"Progressing\",\"status\":\"False\",\"reason\":\"ProgressDeadlineExceeded\"}]"));
	T_EQ_INT(st.state, ROLLOUT_FAILED);
	T_EQ_STR(st.msg, "deployment \"web\" exceeded its progress deadline");
	/* not while the controller has not seen the latest spec (kubectl's order) */
	judge("deployments", DEPLOY("3", "\"replicas\":3",
	    "\"observedGeneration\":2,\"conditions\":[{\"type\":\"Progressing\",\"reason\":\"ProgressDeadlineExceeded\"}]"));
	T_EQ_INT(st.state, ROLLOUT_WAITING);
}

T_CASE(rollout_deployment_paused_is_judged_as_kubectl_does)
{
	/* kubectl rollout status does not stop at a pause: the counts decide */
	judge("deployments", DEPLOY("2", "\"replicas\":3,\"paused\":true",
	    "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":3,"
	    "\"conditions\":[{\"type\":\"Progressing\",\"status\":\"Unknown\",\"reason\":\"DeploymentPaused\"}]"));
	T_EQ_INT(st.paused, 1);
	T_EQ_INT(st.state, ROLLOUT_DONE);
	judge("deployments", DEPLOY("2", "\"replicas\":3,\"paused\":true",
	    "\"observedGeneration\":2,\"replicas\":3,\"updatedReplicas\":2,\"availableReplicas\":3"));
	T_EQ_INT(st.paused, 1);
	T_EQ_INT(st.state, ROLLOUT_WAITING);
}

T_CASE(rollout_statefulset)
{
	judge("statefulsets", "{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3,"
	    "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":2,\"updatedReplicas\":3}}");
	T_EQ_STR(st.msg, "Waiting for 1 pods to be ready...");
	judge("statefulsets", "{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3,"
	    "\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}},"
	    "\"status\":{\"observedGeneration\":2,\"readyReplicas\":3,\"updatedReplicas\":3}}");
	T_EQ_INT(st.state, ROLLOUT_DONE);
	T_EQ_STR(st.msg, "partitioned roll out complete: 3 new pods have been updated...");
	judge("statefulsets", "{\"metadata\":{\"name\":\"db\",\"generation\":2},\"spec\":{\"replicas\":3,"
	    "\"updateStrategy\":{\"type\":\"RollingUpdate\"}},\"status\":{\"observedGeneration\":2,"
	    "\"readyReplicas\":3,\"updatedReplicas\":1,\"currentRevision\":\"db-1\",\"updateRevision\":\"db-2\"}}");
	T_EQ_STR(st.msg, "waiting for statefulset rolling update to complete 1 pods at revision db-2...");
	judge("statefulsets", "{\"metadata\":{\"name\":\"db\",\"generation\":1},\"spec\":{\"replicas\":3,"
	    "\"updateStrategy\":{\"type\":\"OnDelete\"}},\"status\":{\"observedGeneration\":1}}");
	T_EQ_INT(st.state, ROLLOUT_FAILED);
	T_EQ_STR(st.msg, "rollout status is only available for RollingUpdate strategy type");
	judge("statefulsets", "{\"metadata\":{\"name\":\"db\",\"generation\":1},\"spec\":{\"replicas\":3}}");
	T_EQ_STR(st.msg, "Waiting for statefulset spec update to be observed...");
}

T_CASE(rollout_daemonset)
{
	judge("daemonsets", "{\"metadata\":{\"name\":\"agent\",\"generation\":1},\"spec\":{"
	    "\"updateStrategy\":{\"type\":\"RollingUpdate\"}},\"status\":{\"observedGeneration\":1,"
	    "\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":2,\"numberAvailable\":4}}");
	T_EQ_STR(st.msg, "Waiting for daemon set \"agent\" rollout to finish: 2 out of 4 new pods have been updated...");
	judge("daemonsets", "{\"metadata\":{\"name\":\"agent\",\"generation\":1},\"spec\":{},"
	    "\"status\":{\"observedGeneration\":1,\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":4,"
	    "\"numberAvailable\":3}}");
	T_EQ_STR(st.msg, "Waiting for daemon set \"agent\" rollout to finish: 3 of 4 updated pods are available...");
	judge("daemonsets", "{\"metadata\":{\"name\":\"agent\",\"generation\":1},\"spec\":{},"
	    "\"status\":{\"observedGeneration\":1,\"desiredNumberScheduled\":4,\"updatedNumberScheduled\":4,"
	    "\"numberAvailable\":4}}");
	T_EQ_INT(st.state, ROLLOUT_DONE);
	T_EQ_STR(st.msg, "daemon set \"agent\" successfully rolled out");
}

T_CASE(rollout_other_kinds_have_none)
{
	T_EQ_INT(judge("pods", "{\"metadata\":{\"name\":\"p\"}}"), -1);
	T_CONTAINS(st.msg, "no rollout status for pods");
	T_EQ_INT(judge("deployments", "{"), -1);
}

int
main(void)
{
	T_RUN(rollout_deployment_spec_not_observed);
	T_RUN(rollout_deployment_updated_fewer_than_desired);
	T_RUN(rollout_deployment_old_replicas_pending_termination);
	T_RUN(rollout_deployment_available_fewer_than_updated);
	T_RUN(rollout_deployment_complete);
	T_RUN(rollout_deployment_progress_deadline_exceeded);
	T_RUN(rollout_deployment_paused_is_judged_as_kubectl_does);
	T_RUN(rollout_statefulset);
	T_RUN(rollout_daemonset);
	T_RUN(rollout_other_kinds_have_none);
	return t_done();
}
