/* drain: `kubectl drain NODE` with its flags as choices (model/drainplan.h), through the
 * API module, so every request reaches the audit journal. First the reads the plan needs,
 * as kubectl makes them: the node, its pods (fieldSelector spec.nodeName, in chunks of
 * 500) and each DaemonSet a pod names. Then, once asked: the cordon (kubectl's strategic
 * merge patch, none when already cordoned), the eviction group/version from the core
 * API's pods/eviction (GET /api/v1: policy/v1, or policy/v1beta1 on servers before 1.22),
 * then the node's pods listed again (kubectl lists them only after the cordon) and planned
 * the same way: the plan's pods gone meanwhile are done, a pod that arrived and would be
 * refused stops the drain with kubectl's error (the node stays cordoned), and those that
 * arrived and would be evicted wait for drain_answer (DRAIN_ASKING) before anything more
 * is sent; then every pod's Eviction posted at once; a 429 (a PodDisruptionBudget that allows no
 * disruption) is tried again every 5 s, the budget read to show its counts; after an
 * eviction the pod is read every second until it is gone or its uid changed (a
 * StatefulSet's pod comes back under its name). A cancel stops what is out and the node
 * stays cordoned. No curses here: a page shows drain_* as it changes. */
#ifndef KD_DRAIN_H
#define KD_DRAIN_H

#include <stddef.h>

#include "model/drainplan.h"

struct cluster;
struct kres;
struct drain;

enum drain_state {
	DRAIN_READING,      /* reading the node, its pods and their DaemonSets */
	DRAIN_PLANNED,      /* the plan is there; nothing sent */
	DRAIN_CORDONING,
	DRAIN_EVICTING,
	DRAIN_DONE,         /* every pod evicted and gone */
	DRAIN_FAILED,       /* a read, the cordon or an eviction failed */
	DRAIN_CANCELLED,
	DRAIN_RELISTING,    /* cordoned; listing the node's pods again */
	DRAIN_ASKING,       /* pods arrived since the plan: drain_answer says whether they go too */
};

enum drain_pod_state {
	DRAIN_POD_PENDING,      /* not sent yet */
	DRAIN_POD_EVICTING,     /* the Eviction is out */
	DRAIN_POD_BLOCKED,      /* a PodDisruptionBudget said 429: tried again in 5 s */
	DRAIN_POD_TERMINATING,  /* evicted; waiting until it is gone */
	DRAIN_POD_GONE,
	DRAIN_POD_FAILED,
};

/* What a plan item's pod went through. */
struct drain_pod {
	enum drain_pod_state state;
	char msg[640];          /* blocked or failed: kubectl's line */
	char pdb[256];          /* blocked: the budget the 429 names, "" none */
	long allowed, healthy, desired, expected;   /* the budget's status, -1 until read */
	unsigned tries;         /* evictions posted */
};

/* changed(arg) runs on the loop whenever anything above changes. */
struct drain *drain_new(struct cluster *c, const struct kres *nodes, const char *node,
    void (*changed)(void *arg), void *arg);
/* Cancels what is out (no callbacks) and frees. Accepts NULL; sets *d = NULL. */
void drain_free(struct drain **d);

/* Starts the reads (again: after a drain ended, for another one). */
void drain_read(struct drain *d);
/* The choices: the plan is made again from what was read. */
void drain_set_opts(struct drain *d, const struct drain_opts *o);
const struct drain_opts *drain_opts(const struct drain *d);
/* Sends: 0, or -1 with why (not planned; something is refused: kubectl's error). */
int drain_start(struct drain *d, char *why, size_t len);
/* Stops what is out; the node stays cordoned. */
void drain_cancel(struct drain *d);
/* The answer to the pods that arrived since the plan (DRAIN_ASKING): yes, they join the
 * plan and the evictions go out; no, the drain stops with nothing evicted (cancelled, the
 * node cordoned). 0, or -1 when nothing is asked. */
int drain_answer(struct drain *d, int yes);
/* The pods on the node after the cordon that the plan did not have, with their verdicts
 * (while DRAIN_ASKING, or the refused ones when that failed the drain). */
const struct drain_plan *drain_arrived(const struct drain *d);

enum drain_state drain_state(const struct drain *d);
/* Why it failed, or what the cordon said ("node/x already cordoned"); "" none. */
const char *drain_message(const struct drain *d);
const struct drain_plan *drain_plan(const struct drain *d);
/* The progress of the plan's item i (only DRAIN_EVICT items move). */
const struct drain_pod *drain_pod(const struct drain *d, size_t i);
size_t drain_pods_in(const struct drain *d, enum drain_pod_state st);
const char *drain_node(const struct drain *d);
struct cluster *drain_cluster(const struct drain *d);
/* Whether the node was unschedulable when read (or since it was cordoned). */
int drain_cordoned(const struct drain *d);
/* "policy/v1" once known, else "". */
const char *drain_eviction_version(const struct drain *d);

/* Whether the user may evict the plan's pods (create pods/eviction in each namespace):
 * 1; 0 with why; -1 with why while the server is still being asked. */
int drain_check(struct drain *d, char *why, size_t len);

#endif
