/* What s (shell), D (debug), l (logs) and F (port-forward) do on a browse page's row: a
 * pod is used as it is; a workload (deployment, statefulset, daemonset, replicaset, job)
 * or a service leads to its pods through its selector. One pod is picked for a shell (a
 * running one), every pod for logs; a container picker comes up when the pod has several
 * (the kubectl.kubernetes.io/default-container annotation's container selected).
 * Also the ":" commands exec, sessions, forwards and port-forward. */
#ifndef KD_PODACT_H
#define KD_PODACT_H

#include "app.h"

struct kres;

/* Starts action a on the object ns/name of kind res on c; the answer comes later (a page
 * pushed, a picker, or a flash saying why not). */
void podact_start(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, enum action a);
/* ":exec CMD", ":sessions", ":forwards", ":port-forward TARGET [LOCAL:]PORT": 0 done,
 * -1 failed (the flash says why), 1 not one of these. */
int podact_command(struct app *app, const char *line, char **argv, int argc);
/* Ends every session and forward (at exit, after the pages are gone). */
void podact_shutdown(void);

#endif
