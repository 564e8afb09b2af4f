/* What s (shell), D (debug), l (logs) and F (port-forward) do on a browse page's row: a
 * pod is used as it is; a workload (deployment, statefulset, daemonset, replicaset, job)
 * or a service leads to its pods through its selector. One pod is picked for a shell (a
 * running one), every pod for logs; a container picker comes up when the pod has several
 * (the kubectl.kubernetes.io/default-container annotation's container selected).
 * Also what the ":" commands exec and port-forward do (cmd/cmd_podact.c). */
#ifndef KD_PODACT_H
#define KD_PODACT_H

#include <stddef.h>

#include "app.h"

struct kres;

/* Starts action a on the object ns/name of kind res on c; the answer comes later (a page
 * pushed, a picker, or a flash saying why not). */
void podact_start(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, enum action a);
/* ":exec CMD" (cmd is the text after exec) in the selected pod of the page on top, and
 * ":port-forward TARGET [LOCAL:]PORT" (argv[0] the command's name): 0 started, -1 failed
 * (the flash says why). */
int podact_exec(struct app *app, const char *cmd);
int podact_port_forward(struct app *app, int argc, char **argv);
/* Ends every session and forward (at exit, after the pages are gone). */
void podact_shutdown(void);

/* ---- pure helpers (tests) ---- */

struct cJSON;
/* The pod port service port goes to, as the endpoints controller maps it: targetPort's
 * number, a container port of pod named by it, or port itself without one. -1 with why. */
int podact_service_target(const struct cJSON *svc, const struct cJSON *pod, int port, char *why, size_t len);
/* ":port-forward"'s target: [NS/]pod/NAME, [NS/]svc/NAME, NS/NAME or NAME (a pod in defns)
 * -> new strings, kind "pods" or "services". 0, or -1 when it is none of these. */
int podact_parse_target(const char *t, const char *defns, char **ns, char **kind, char **name);
/* ":exec CMD"'s command: its words, or sh -c CMD when it has shell syntax. A new
 * NULL-terminated array of new strings. */
char **podact_exec_argv(const char *cmd);

#endif
