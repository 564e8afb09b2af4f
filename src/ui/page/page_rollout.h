/* The rollout progress view: one Deployment, StatefulSet or DaemonSet as `kubectl rollout
 * status` follows it (model/rollout.h's sentence), with updated, ready and available of
 * desired, a Deployment's new and old ReplicaSets with their pods and their states, the
 * conditions, and why it is stuck (Warning events: scheduling, quota); live from the
 * cluster's informers until it says "rolled out" or fails. Opened after a scale, a restart
 * or a resume, and from :rollouts. Pause and resume act on what it shows. */
#ifndef KD_PAGE_ROLLOUT_H
#define KD_PAGE_ROLLOUT_H

struct app;
struct cluster;
struct kres;
struct page;

struct page *page_rollout_new(struct app *app, struct cluster *c, const struct kres *res,
    const char *ns, const char *name);
/* Pushes it on the screen. */
void page_rollout_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name);
/* The rollouts in progress across namespaces (Deployments whose counts are not those of
 * a finished rollout); Enter opens one's progress view. */
struct page *page_rollouts_new(struct app *app, struct cluster *c);

#endif
