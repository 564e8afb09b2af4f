/* The drain view: one node drained as kubectl drain does it (ops/drain.h). It opens on
 * the plan, read from the cluster: the pods that will be evicted, those that stay
 * (DaemonSet-managed, with --ignore-daemonsets; mirror pods) and those refused, each with
 * kubectl's words; the question offers kubectl's flags as choices (d --ignore-daemonsets,
 * e --delete-emptydir-data, f --force), and a production context asks for the node's
 * name typed. Then, live: the cordon, each pod evicting, waiting on the
 * PodDisruptionBudget that blocks it (its name and allowed disruptions, tried again
 * every 5 s), terminating, evicted or failed. Esc or q while it runs asks to cancel: the
 * node stays cordoned and the view says so; v uncordons it, O drains again. */
#ifndef KD_PAGE_DRAIN_H
#define KD_PAGE_DRAIN_H

struct app;
struct page;
struct page_target;

/* The drain view of t, the selected row of a page of nodes (cmd_one_target). 0, or -1
 * when refused (not a node, not connected, RBAC says no: the flash says why). */
int page_drain_start(struct app *app, const struct page_target *t);

#endif
