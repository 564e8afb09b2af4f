/* kubectl's rollout status rule (staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
 * rollout_status.go), sentence for sentence. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/rollout.h"

static const cJSON *
ro_get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A number field, def when absent (Go's zero values). */
static long
ro_num(const cJSON *o, const char *k, long def)
{
	const cJSON *v = ro_get(o, k);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : def;
}

static const char *
ro_str(const cJSON *o, const char *k)
{
	const cJSON *v = ro_get(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void
ro_deployment(const cJSON *obj, const char *name, struct rollout_status *st)
{
	const cJSON *spec = ro_get(obj, "spec"), *status = ro_get(obj, "status");
	long gen = ro_num(ro_get(obj, "metadata"), "generation", 0);
	long observed = ro_num(status, "observedGeneration", 0);
	const cJSON *rep = ro_get(spec, "replicas");
	long replicas = ro_num(status, "replicas", 0);

	st->paused = cJSON_IsTrue(ro_get(spec, "paused"));
	st->desired = cJSON_IsNumber(rep) ? (long)rep->valuedouble : -1;
	st->updated = ro_num(status, "updatedReplicas", 0);
	st->ready = ro_num(status, "readyReplicas", 0);
	st->available = ro_num(status, "availableReplicas", 0);
	st->current = replicas;
	if (gen > observed) {
		snprintf(st->msg, sizeof st->msg, "Waiting for deployment spec update to be observed...");
		return;
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, ro_get(status, "conditions")) {
		const char *type = ro_str(c, "type"), *reason = ro_str(c, "reason");
		if (type && strcmp(type, "Progressing") == 0 && reason &&
		    strcmp(reason, "ProgressDeadlineExceeded") == 0) {
			st->state = ROLLOUT_FAILED;
			snprintf(st->msg, sizeof st->msg, "deployment \"%s\" exceeded its progress deadline", name);
			return;
		}
	}
	if (cJSON_IsNumber(rep) && st->updated < st->desired)
		snprintf(st->msg, sizeof st->msg, "Waiting for deployment \"%s\" rollout to finish: "
		    "%ld out of %ld new replicas have been updated...", name, st->updated, st->desired);
	else if (replicas > st->updated)
		snprintf(st->msg, sizeof st->msg, "Waiting for deployment \"%s\" rollout to finish: "
		    "%ld old replicas are pending termination...", name, replicas - st->updated);
	else if (st->available < st->updated)
		snprintf(st->msg, sizeof st->msg, "Waiting for deployment \"%s\" rollout to finish: "
		    "%ld of %ld updated replicas are available...", name, st->available, st->updated);
	else {
		st->state = ROLLOUT_DONE;
		snprintf(st->msg, sizeof st->msg, "deployment \"%s\" successfully rolled out", name);
	}
}

static void
ro_statefulset(const cJSON *obj, struct rollout_status *st)
{
	const cJSON *spec = ro_get(obj, "spec"), *status = ro_get(obj, "status");
	const cJSON *strategy = ro_get(spec, "updateStrategy");
	const char *type = ro_str(strategy, "type");
	long gen = ro_num(ro_get(obj, "metadata"), "generation", 0);
	long observed = ro_num(status, "observedGeneration", 0);
	const cJSON *rep = ro_get(spec, "replicas");

	st->desired = cJSON_IsNumber(rep) ? (long)rep->valuedouble : -1;
	st->updated = ro_num(status, "updatedReplicas", 0);
	st->ready = ro_num(status, "readyReplicas", 0);
	st->available = ro_num(status, "availableReplicas", 0);
	st->current = ro_num(status, "currentReplicas", 0);
	/* the API server defaults the strategy to RollingUpdate */
	if (type != NULL && strcmp(type, "RollingUpdate") != 0) {
		st->state = ROLLOUT_FAILED;
		snprintf(st->msg, sizeof st->msg, "rollout status is only available for RollingUpdate strategy type");
		return;
	}
	if (observed == 0 || gen > observed) {
		snprintf(st->msg, sizeof st->msg, "Waiting for statefulset spec update to be observed...");
		return;
	}
	if (cJSON_IsNumber(rep) && st->ready < st->desired) {
		snprintf(st->msg, sizeof st->msg, "Waiting for %ld pods to be ready...", st->desired - st->ready);
		return;
	}
	const cJSON *ru = ro_get(strategy, "rollingUpdate");
	if (cJSON_IsObject(ru)) {
		const cJSON *part = ro_get(ru, "partition");
		if (cJSON_IsNumber(rep) && cJSON_IsNumber(part) &&
		    st->updated < st->desired - (long)part->valuedouble) {
			snprintf(st->msg, sizeof st->msg, "Waiting for partitioned roll out to finish: "
			    "%ld out of %ld new pods have been updated...", st->updated,
			    st->desired - (long)part->valuedouble);
			return;
		}
		st->state = ROLLOUT_DONE;
		snprintf(st->msg, sizeof st->msg, "partitioned roll out complete: %ld new pods have been updated...",
		    st->updated);
		return;
	}
	const char *upd = ro_str(status, "updateRevision"), *cur = ro_str(status, "currentRevision");
	if (strcmp(upd ? upd : "", cur ? cur : "") != 0) {
		snprintf(st->msg, sizeof st->msg, "waiting for statefulset rolling update to complete "
		    "%ld pods at revision %s...", st->updated, upd ? upd : "");
		return;
	}
	st->state = ROLLOUT_DONE;
	snprintf(st->msg, sizeof st->msg, "statefulset rolling update complete %ld pods at revision %s...",
	    st->current, cur ? cur : "");
}

static void
ro_daemonset(const cJSON *obj, const char *name, struct rollout_status *st)
{
	const cJSON *spec = ro_get(obj, "spec"), *status = ro_get(obj, "status");
	const char *type = ro_str(ro_get(spec, "updateStrategy"), "type");
	long gen = ro_num(ro_get(obj, "metadata"), "generation", 0);
	long observed = ro_num(status, "observedGeneration", 0);

	st->desired = ro_num(status, "desiredNumberScheduled", 0);
	st->updated = ro_num(status, "updatedNumberScheduled", 0);
	st->ready = ro_num(status, "numberReady", 0);
	st->available = ro_num(status, "numberAvailable", 0);
	st->current = ro_num(status, "currentNumberScheduled", 0);
	if (type != NULL && strcmp(type, "RollingUpdate") != 0) {
		st->state = ROLLOUT_FAILED;
		/* kubectl names the StatefulSet's constant here; both are "RollingUpdate" */
		snprintf(st->msg, sizeof st->msg, "rollout status is only available for RollingUpdate strategy type");
		return;
	}
	if (gen > observed) {
		snprintf(st->msg, sizeof st->msg, "Waiting for daemon set spec update to be observed...");
		return;
	}
	if (st->updated < st->desired)
		snprintf(st->msg, sizeof st->msg, "Waiting for daemon set \"%s\" rollout to finish: "
		    "%ld out of %ld new pods have been updated...", name, st->updated, st->desired);
	else if (st->available < st->desired)
		snprintf(st->msg, sizeof st->msg, "Waiting for daemon set \"%s\" rollout to finish: "
		    "%ld of %ld updated pods are available...", name, st->available, st->desired);
	else {
		st->state = ROLLOUT_DONE;
		snprintf(st->msg, sizeof st->msg, "daemon set \"%s\" successfully rolled out", name);
	}
}

int
rollout_status_of(const cJSON *obj, const char *resource, struct rollout_status *st)
{
	const char *name = ro_str(ro_get(obj, "metadata"), "name");
	memset(st, 0, sizeof *st);
	st->state = ROLLOUT_WAITING;
	st->desired = st->updated = st->ready = st->available = st->current = -1;
	if (name == NULL)
		name = "";
	if (resource != NULL && strcmp(resource, "deployments") == 0)
		ro_deployment(obj, name, st);
	else if (resource != NULL && strcmp(resource, "statefulsets") == 0)
		ro_statefulset(obj, st);
	else if (resource != NULL && strcmp(resource, "daemonsets") == 0)
		ro_daemonset(obj, name, st);
	else {
		st->state = ROLLOUT_FAILED;
		snprintf(st->msg, sizeof st->msg, "no rollout status for %s (deployments, statefulsets "
		    "and daemonsets have one)", resource ? resource : "this kind");
		return -1;
	}
	return 0;
}

int
rollout_status_json(const char *json, size_t len, const char *resource, struct rollout_status *st)
{
	cJSON *o = cJSON_ParseWithLength(json, len);
	if (o == NULL) {
		memset(st, 0, sizeof *st);
		st->state = ROLLOUT_FAILED;
		snprintf(st->msg, sizeof st->msg, "the object is not JSON");
		return -1;
	}
	int rc = rollout_status_of(o, resource, st);
	cJSON_Delete(o);
	return rc;
}
