/* The pure parts of pause and resume (ops/pause.c), for tests. */
#ifndef KD_PAUSE_H
#define KD_PAUSE_H

#include <stddef.h>

struct cJSON;

/* The strategic merge patch kubectl rollout pause (pause 1) or resume (0) sends: kubectl
 * diffs the object before and after, and a false paused is left out of it, so resume sends
 * null. A constant. */
const char *pause_patch(int pause);
/* Whether kubectl would refuse: pausing a paused Deployment, resuming one that is not.
 * 1 with kubectl's words ("deployments.apps \"web\" is already paused"). */
int pause_refused(const struct cJSON *obj, int pause, char *why, size_t len);

#endif
