/* The resource page: one kind in one namespace (or all), on one cluster or several
 * (":deploy @prod,@staging" adds a CLUSTER column), shown by the table engine from the
 * informers' stores. Enter drills down: a namespace to its workloads (ui/page/page_workloads.h), a deployment (through
 * its ReplicaSets' owner references), statefulset, daemonset or job to its pods, a
 * service to the pods its selector picks, a node to the pods on it. */
#ifndef KD_PAGE_RESOURCE_H
#define KD_PAGE_RESOURCE_H

#include "app.h"

struct kres;

/* ns: NULL or "" for all namespaces. clusters: NULL-terminated extra clusters for a
 * multi-cluster view (may be NULL). */
struct page *page_resource_new(struct app *app, struct cluster *c, const struct kres *res,
    const char *ns, const char *selector, struct cluster *const *more);

/* The same as the first page: every page goes, this one opens (":RESOURCE"). */
void page_resource_open(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *selector, struct cluster *const *more);

/* What Enter on a workload's row opens: its pods (resource "deployments" through its
 * ReplicaSets; "statefulsets", "daemonsets", "replicasets", "jobs" by owner references),
 * a CronJob's Jobs. NULL (a flash says why) when the server does not serve it. */
struct page *page_resource_children_of(struct app *app, struct cluster *c, const char *resource,
    const char *ns, const char *name, const char *uid);

/* The rows of resource in ns (NULL or "": all) whose column col says value, as kubectl
 * get writes it: pods of STATUS CrashLoopBackOff, nodes NotReady, events of TYPE Warning.
 * NULL (a flash says why) when the server does not serve it. */
struct page *page_resource_where_new(struct app *app, struct cluster *c, const char *resource,
    const char *ns, const char *col, const char *value);

/* Puts the selection on the row ns/name (ns "" for a cluster-scoped one) of a resource
 * page, now or once it is listed. */
void page_resource_select(struct page *pg, const char *ns, const char *name);

#endif
