/* Workloads - Deployments, StatefulSets, DaemonSets, CronJobs - with the health of their
 * pods at a glance: ready/desired from the workload's own cells, and the restarts and
 * failing pods of the pods it owns (directly, a Deployment's through its ReplicaSets, a
 * CronJob's through its Jobs). One engine for the workloads page (ui/page/page_workloads.h)
 * and the projects list. */
#ifndef KD_WORKLOAD_H
#define KD_WORKLOAD_H

#include <stddef.h>

struct store;
struct store_row;

enum workload_kind { WORKLOAD_DEPLOYMENT, WORKLOAD_STATEFULSET, WORKLOAD_DAEMONSET, WORKLOAD_CRONJOB,
	WORKLOAD_NKINDS };

/* "deployments", ... (the resource) and "deployment", ... (what a row says). */
extern const char *const workload_resource[WORKLOAD_NKINDS];
extern const char *const workload_kind_name[WORKLOAD_NKINDS];

/* Ready and desired from a row's cells: READY "a/b" (Deployments, StatefulSets) or a
 * DaemonSet's READY "a" and DESIRED "b". Returns 0, or -1 when they do not say. */
int workload_ready(enum workload_kind k, const char *ready, const char *desired, int *r, int *d);
/* The same from a store row shaped by the kind's view. */
int workload_row_ready(enum workload_kind k, struct store *s, const struct store_row *row, int *r, int *d);
/* Whether a pod row (of the pods view) is failing: CrashLoopBackOff, Error, ... */
int workload_pod_failing(struct store *pods, const struct store_row *pod);

struct workload {
	enum workload_kind kind;
	int scope;              /* the caller's tag: which cluster it came from */
	char *ns, *name, *uid;
	char *labels;           /* packed as the store packs them */
	long created;           /* seconds since the epoch, 0: unknown */
	int has_ready;          /* a CronJob has no ready/desired */
	int ready, desired;
	long pods, restarts, failing;
};

struct workload_list {
	struct workload *v;
	size_t n, cap;
};

/* Which namespaces to take (NULL: all of the stores'). */
typedef int (*workload_keep_fn)(const char *ns, void *arg);

/* Appends the rows of kinds[k] (NULL: not listed) in namespaces keep takes, then counts
 * each one's pods: those with an owner reference to it, or to a ReplicaSet in rs (a Job
 * in jobs) with an owner reference to it. rs, jobs and pods may be NULL. Clears the
 * stores' filters. */
void workload_collect(struct workload_list *wl, int scope, struct store *const kinds[WORKLOAD_NKINDS],
    struct store *rs, struct store *jobs, struct store *pods, workload_keep_fn keep, void *arg);
/* Drops every workload, keeps the memory for the next collect. */
void workload_list_clear(struct workload_list *wl);
void workload_list_free(struct workload_list *wl);

#endif
