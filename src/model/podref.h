/* Pods and services as JSON objects, for what s, D, l and F do on a row (ui/podact.c):
 * a field's string, the pod to open a shell in, a service port's pod port, the target of
 * ":port-forward" and the words of ":exec". No network here. */
#ifndef KD_PODREF_H
#define KD_PODREF_H

#include <stddef.h>

struct cJSON;

/* The string at o.a[.b[.c]], or NULL. Borrowed from o. */
const char *podref_str(const struct cJSON *o, const char *a, const char *b, const char *c);
/* metadata.name, or "". Borrowed. */
const char *podref_name(const struct cJSON *pod);
/* A running pod not being deleted, else the first; NULL when there is none. Borrowed. */
struct cJSON *podref_pick(const struct cJSON *pods);
/* The pod port service port goes to, as the endpoints controller maps it: targetPort's
 * number, a container port of pod named by it, or port itself without one. -1 with why. */
int podref_service_target(const struct cJSON *svc, const struct cJSON *pod, int port, char *why, size_t len);
/* ":port-forward"'s target: [NS/]pod/NAME, [NS/]svc/NAME, NS/NAME or NAME (a pod in defns)
 * -> new strings, kind "pods" or "services". 0, or -1 when it is none of these. */
int podref_parse_target(const char *t, const char *defns, char **ns, char **kind, char **name);
/* ":exec CMD"'s command: its words, or sh -c CMD when it has shell syntax. A new
 * NULL-terminated array of new strings. */
char **podref_exec_argv(const char *cmd);

#endif
