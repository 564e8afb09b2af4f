/* The canary view: a stable Deployment and its canary (model/canary.h's pairing), their
 * images and ready/desired replicas, and the share of the ready pods behind the Service
 * that selects both (or that none does), live from the namespace's informers. Its keys
 * shift the share a step (config canaryStep, 10 % by default) keeping the total, promote
 * the canary (the stable takes its pod template and rolls out in the rollout view, then
 * the canary goes to 0 and the stable to the total) and abort it (the canary to 0, the
 * stable back to the total): each planned as the question, checked against read-only and
 * RBAC first, refused while the last step is not ready, sent by ops/canary.c. */
#ifndef KD_PAGE_CANARY_H
#define KD_PAGE_CANARY_H

struct app;
struct cluster;
struct page;

/* Opened on either Deployment of a pair, ns/name. */
struct page *page_canary_new(struct app *app, struct cluster *c, const char *ns, const char *name);
void page_canary_open(struct app *app, struct cluster *c, const char *ns, const char *name);

#endif
