/* The pure parts of restart (ops/restart.c), for tests. */
#ifndef KD_RESTART_H
#define KD_RESTART_H

#include <stddef.h>
#include <time.h>

struct cJSON;

/* The strategic merge patch kubectl rollout restart sends at now. A new string. */
char *restart_patch(time_t now);
/* Whether kubectl would refuse to restart obj (a paused Deployment): 1 with its words. */
int restart_refused(const struct cJSON *obj, const char *resource, char *why, size_t len);
/* The JSON patch that puts obj's pod template back as it is (what undoes a restart or an
 * edit of the template, as kubectl rollout undo replaces /spec/template). A new string,
 * NULL when obj has none. */
char *restart_undo_patch(const struct cJSON *obj);

#endif
