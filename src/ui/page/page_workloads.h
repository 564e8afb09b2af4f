/* The workloads page: Deployments, StatefulSets, DaemonSets and CronJobs of a namespace,
 * of all of them, or of a project across its clusters, in one table with their health at
 * a glance (READY ready/desired, RESTARTS and FAILING of their pods; model/workload.h),
 * live from the informers. Enter opens a workload's pods (a CronJob's Jobs), d/y/J its
 * object. */
#ifndef KD_PAGE_WORKLOADS_H
#define KD_PAGE_WORKLOADS_H

#include "app.h"
#include "model/project.h"

/* ns: a namespace, or NULL or "" for all of them. */
struct page *page_workloads_new(struct app *app, struct cluster *c, const char *ns);
/* The same as the first page, ns becoming the current namespace: every page goes, this
 * one opens (":workloads"). c must be ready. */
void page_workloads_open(struct app *app, struct cluster *c, const char *ns);
/* The workloads of a project on each of clusters (nc of them, the first is the page's),
 * with a CLUSTER column when there are several. Clusters still connecting fill in when
 * they are ready. */
struct page *page_workloads_project_new(struct app *app, struct cluster *const *clusters, int nc,
    const char *project, enum project_source source);

#endif
