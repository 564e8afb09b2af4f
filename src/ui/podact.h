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
struct page_target;

/* Starts action a on the object ns/name of kind res on c; the answer comes later (a page
 * pushed, a picker, or a flash saying why not). */
void podact_start(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, enum action a);
/* ":exec CMD" (cmd is the text after exec) in t, the selected row of the page on top
 * (cmd_one_target), and ":port-forward TARGET [LOCAL:]PORT" (argv[0] the command's name):
 * 0 started, -1 failed (the flash says why). */
int podact_exec(struct app *app, const struct page_target *t, const char *cmd);
int podact_port_forward(struct app *app, int argc, char **argv);
/* Ends every session and forward (at exit, after the pages are gone). */
void podact_shutdown(void);

#endif
