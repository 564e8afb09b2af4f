/* :projects - the current context's namespaces grouped into projects (Rancher projects,
 * KubeSphere workspaces, projects.yaml; see model/project.h) in the table engine, each
 * with its namespaces, pods, workloads ready/desired, restarts and failing pods, live
 * from the informers. Enter opens one project's workloads across its clusters
 * (ui/page/page_workloads.h); d a summary of its namespaces with their pods, and its failing
 * pods. */
#ifndef KD_PAGE_PROJECTS_H
#define KD_PAGE_PROJECTS_H

#include "app.h"

struct page *page_projects_new(struct app *app, struct cluster *c);

#endif
