/* The rollout history of a Deployment (its ReplicaSets), StatefulSet or DaemonSet (its
 * ControllerRevisions): REVISION, AGE, CHANGE-CAUSE, IMAGES, REPLICAS, CURRENT, read
 * through the API without blocking. Enter or d shows a revision's pod template; the diff
 * key diffs the marked revision against the selected one (none marked: the current one
 * against it); the rollback key rolls back to the selected revision (ui/rollback.h). */
#ifndef KD_PAGE_HISTORY_H
#define KD_PAGE_HISTORY_H

struct app;
struct cluster;
struct kres;

/* Pushes the history of ns/name of res on c. 0, or -1 with the reason on the flash line
 * (not a workload with a history, not connected). */
int page_history_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name);

/* On a history page pg: the rollback to revision (0: the selected one). -1 when pg is not
 * a history page. */
struct page;
int page_history_rollback(struct page *pg, long revision);

#endif
