/* :pulse - one cluster at a glance: nodes ready, pods by status (as kubectl get pods
 * counts its STATUS column), failing workloads (deployments, statefulsets, daemonsets
 * not fully ready), warning events of the last hour, and the busiest pods by CPU and
 * memory when the cluster serves metrics.k8s.io. A user allowed only some namespaces
 * gets the namespace on screen where the cluster-wide list is forbidden. Live: rebuilt as
 * the informers and the metrics change. A cursor moves among the lines that name
 * something, and Enter opens it on top: a status's pods or nodes (one of them: its
 * describe), a failing workload's table at its row, the warning events, a pod's describe. */
#ifndef KD_PULSE_H
#define KD_PULSE_H

#include "app.h"

struct page *pulse_page_new(struct app *app, struct cluster *c);
/* "45s", "5m", "2h30m", "3d" -> seconds; -1 when not a duration. */
long pulse_duration(const char *s);

#endif
