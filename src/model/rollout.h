/* Whether a workload has rolled out, in the words of kubectl rollout status
 * (kubectl/pkg/polymorphichelpers/rollout_status.go): a Deployment, a StatefulSet or a
 * DaemonSet read from its object's generation, spec and status. */
#ifndef KD_ROLLOUT_H
#define KD_ROLLOUT_H

#include <stddef.h>

#include <cjson/cJSON.h>

enum rollout_state {
	ROLLOUT_NONE = -1,      /* not a workload kubectl follows */
	ROLLOUT_WAITING = 0,    /* buf says what it waits for */
	ROLLOUT_DONE = 1,       /* buf says so (also: a strategy without a rollout to follow) */
	ROLLOUT_FAILED = 2,     /* a Deployment past its progress deadline */
};

/* The state of obj, a resource ("deployments", "statefulsets", "daemonsets") named name,
 * with kubectl's sentence in buf (no newline). */
enum rollout_state rollout_status(const cJSON *obj, const char *resource, char *buf, size_t len);

#endif
