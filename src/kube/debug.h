/* Ephemeral debug containers (kubectl debug): PATCH pods/POD/ephemeralcontainers adding
 * {name, image, targetContainerName, stdin, tty}, then wait until the kubelet reports it
 * running, so a session can attach to it. The PATCH is a change: it is journalled. For distroless and crashed containers. */
#ifndef KD_DEBUG_H
#define KD_DEBUG_H

#include <stddef.h>

#include "util/err.h"

struct api;
struct debug;

/* name: the new container's name when it runs; NULL with err when it could not be added
 * or did not start within 60 s. */
typedef void (*debug_cb)(const char *name, const struct kd_err *err, void *arg);

/* Starts adding a container with image to ns/pod, sharing target's process namespace
 * (NULL: the pod's default container). Returns a handle (debug_free cancels). */
struct debug *debug_start(struct api *a, const char *ns, const char *pod, const char *target,
    const char *image, debug_cb cb, void *arg);
void debug_free(struct debug **d);

/* The patch body for a container; a new string (tests). */
char *debug_patch_body(const char *name, const char *image, const char *target);
/* Whether the pod JSON shows ephemeral container name running: 1, 0 not yet, -1 it ended
 * or cannot start (reason in err). */
int debug_state(const char *pod_json, size_t len, const char *name, struct kd_err *err);

#endif
