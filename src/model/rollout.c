/* kubectl rollout status's reading of a workload; see rollout.h. */
#include "model/rollout.h"

#include <stdio.h>
#include <string.h>

static const cJSON *
ro_get(const cJSON *o, const char *path)
{
	char key[64];
	while (o != NULL && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = cJSON_GetObjectItemCaseSensitive(o, key);
		path += n + (dot != NULL);
	}
	return o;
}

static long
ro_num(const cJSON *o, const char *path, long def)
{
	const cJSON *v = ro_get(o, path);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : def;
}

static const char *
ro_str(const cJSON *o, const char *path)
{
	const char *s = cJSON_GetStringValue(ro_get(o, path));
	return s ? s : "";
}

static enum rollout_state
ro_deployment(const cJSON *o, const char *name, char *buf, size_t len)
{
	if (ro_num(o, "metadata.generation", 0) > ro_num(o, "status.observedGeneration", 0)) {
		snprintf(buf, len, "Waiting for deployment spec update to be observed...");
		return ROLLOUT_WAITING;
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, ro_get(o, "status.conditions")) {
		if (strcmp(ro_str(c, "type"), "Progressing") == 0 &&
		    strcmp(ro_str(c, "reason"), "ProgressDeadlineExceeded") == 0) {
			snprintf(buf, len, "deployment \"%s\" exceeded its progress deadline", name);
			return ROLLOUT_FAILED;
		}
	}
	long want = ro_num(o, "spec.replicas", 1);
	long updated = ro_num(o, "status.updatedReplicas", 0);
	long replicas = ro_num(o, "status.replicas", 0);
	long available = ro_num(o, "status.availableReplicas", 0);
	if (updated < want)
		snprintf(buf, len, "Waiting for deployment \"%s\" rollout to finish: %ld out of %ld new "
		    "replicas have been updated...", name, updated, want);
	else if (replicas > updated)
		snprintf(buf, len, "Waiting for deployment \"%s\" rollout to finish: %ld old replicas are "
		    "pending termination...", name, replicas - updated);
	else if (available < updated)
		snprintf(buf, len, "Waiting for deployment \"%s\" rollout to finish: %ld of %ld updated "
		    "replicas are available...", name, available, updated);
	else {
		snprintf(buf, len, "deployment \"%s\" successfully rolled out", name);
		return ROLLOUT_DONE;
	}
	return ROLLOUT_WAITING;
}

static enum rollout_state
ro_daemonset(const cJSON *o, const char *name, char *buf, size_t len)
{
	const char *type = ro_str(o, "spec.updateStrategy.type");
	if (type[0] != '\0' && strcmp(type, "RollingUpdate") != 0) {
		snprintf(buf, len, "rollout status is only available for RollingUpdate strategy type");
		return ROLLOUT_DONE;
	}
	if (ro_num(o, "metadata.generation", 0) > ro_num(o, "status.observedGeneration", 0)) {
		snprintf(buf, len, "Waiting for daemon set spec update to be observed...");
		return ROLLOUT_WAITING;
	}
	long desired = ro_num(o, "status.desiredNumberScheduled", 0);
	long updated = ro_num(o, "status.updatedNumberScheduled", 0);
	long available = ro_num(o, "status.numberAvailable", 0);
	if (updated < desired)
		snprintf(buf, len, "Waiting for daemon set \"%s\" rollout to finish: %ld out of %ld new pods "
		    "have been updated...", name, updated, desired);
	else if (available < desired)
		snprintf(buf, len, "Waiting for daemon set \"%s\" rollout to finish: %ld of %ld updated pods "
		    "are available...", name, available, desired);
	else {
		snprintf(buf, len, "daemon set \"%s\" successfully rolled out", name);
		return ROLLOUT_DONE;
	}
	return ROLLOUT_WAITING;
}

static enum rollout_state
ro_statefulset(const cJSON *o, char *buf, size_t len)
{
	const char *type = ro_str(o, "spec.updateStrategy.type");
	if (type[0] != '\0' && strcmp(type, "RollingUpdate") != 0) {
		snprintf(buf, len, "rollout status is only available for RollingUpdate strategy type");
		return ROLLOUT_DONE;
	}
	long observed = ro_num(o, "status.observedGeneration", 0);
	if (observed == 0 || ro_num(o, "metadata.generation", 0) > observed) {
		snprintf(buf, len, "Waiting for statefulset spec update to be observed...");
		return ROLLOUT_WAITING;
	}
	long want = ro_num(o, "spec.replicas", 1);
	long ready = ro_num(o, "status.readyReplicas", 0);
	if (ready < want) {
		snprintf(buf, len, "Waiting for %ld pods to be ready...", want - ready);
		return ROLLOUT_WAITING;
	}
	const cJSON *part = ro_get(o, "spec.updateStrategy.rollingUpdate.partition");
	long updated = ro_num(o, "status.updatedReplicas", 0);
	if (cJSON_IsNumber(part)) {
		long p = (long)part->valuedouble;
		if (updated < want - p) {
			snprintf(buf, len, "Waiting for partitioned roll out to finish: %ld out of %ld new pods "
			    "have been updated...", updated, want - p);
			return ROLLOUT_WAITING;
		}
		snprintf(buf, len, "partitioned roll out complete: %ld new pods have been updated...", updated);
		return ROLLOUT_DONE;
	}
	const char *urev = ro_str(o, "status.updateRevision"), *crev = ro_str(o, "status.currentRevision");
	if (strcmp(urev, crev) != 0) {
		snprintf(buf, len, "waiting for statefulset rolling update to complete %ld pods at revision "
		    "%s...", updated, urev);
		return ROLLOUT_WAITING;
	}
	snprintf(buf, len, "statefulset rolling update complete %ld pods at revision %s...",
	    ro_num(o, "status.currentReplicas", 0), crev);
	return ROLLOUT_DONE;
}

enum rollout_state
rollout_status(const cJSON *obj, const char *resource, char *buf, size_t len)
{
	const char *name = ro_str(obj, "metadata.name");
	if (len > 0)
		buf[0] = '\0';
	if (resource == NULL || !cJSON_IsObject(obj))
		return ROLLOUT_NONE;
	if (strcmp(resource, "deployments") == 0)
		return ro_deployment(obj, name, buf, len);
	if (strcmp(resource, "daemonsets") == 0)
		return ro_daemonset(obj, name, buf, len);
	if (strcmp(resource, "statefulsets") == 0)
		return ro_statefulset(obj, buf, len);
	return ROLLOUT_NONE;
}
