/* rollback: `kubectl rollout undo` of a Deployment, StatefulSet or DaemonSet (ops/rollback.c),
 * and the read of a workload's history it starts from, which the history page shares. */
#ifndef KD_ROLLBACK_H
#define KD_ROLLBACK_H

#include "util/err.h"

struct cluster;
struct kres;
struct history;
struct rollback_fetch;

/* The history read: h is the callback's to keep (history_free), NULL with err. */
typedef void (*rollback_fetch_cb)(struct history *h, const struct kd_err *err, void *arg);

/* Reads ns/name of res on c and the ReplicaSets or ControllerRevisions of its namespace
 * that its selector selects, as kubectl does: cb once, later, on the loop. res's strings
 * must outlive the read. */
struct rollback_fetch *rollback_fetch(struct cluster *c, const struct kres *res, const char *ns,
    const char *name, rollback_fetch_cb cb, void *arg);
/* Stops a read: no callback follows. Accepts NULL; sets *f = NULL. */
void rollback_fetch_cancel(struct rollback_fetch **f);

#endif
