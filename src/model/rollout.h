/* A rollout's state as `kubectl rollout status` judges it (kubectl's status viewers for
 * Deployments, StatefulSets and DaemonSets): the sentence kubectl prints, whether it is
 * done, and a Deployment's ProgressDeadlineExceeded as a failure. From the object as the
 * API server sends it; no network, no screen. */
#ifndef KD_ROLLOUT_H
#define KD_ROLLOUT_H

#include <stddef.h>

struct cJSON;

enum rollout_state {
	ROLLOUT_WAITING,    /* still going: the sentence says on what */
	ROLLOUT_DONE,       /* kubectl's "successfully rolled out" (or its StatefulSet forms) */
	ROLLOUT_FAILED,     /* exceeded its progress deadline, or no rollout status for its strategy */
};

struct rollout_status {
	enum rollout_state state;
	char msg[256];          /* kubectl's sentence, without its newline */
	int paused;             /* a Deployment's spec.paused */
	long desired, updated, ready, available, current;   /* -1 when the object does not say */
};

/* The status of obj, a Deployment, StatefulSet or DaemonSet (by kind; resource is its
 * plural, "deployments" ...). Returns 0, or -1 when obj is none of them (msg says why). */
int rollout_status_of(const struct cJSON *obj, const char *resource, struct rollout_status *st);

/* The same from the object's JSON text. */
int rollout_status_json(const char *json, size_t len, const char *resource, struct rollout_status *st);

#endif
