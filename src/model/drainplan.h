/* What a drain does to each pod of a node, as kubectl drain decides it (kubectl's
 * pkg/drain filters.go), with kubectl's words: the filters run in kubectl's order and the
 * first that keeps a pod decides (pods being deleted for longer than the skip timeout,
 * DaemonSet-managed pods, mirror pods, pods with emptyDir volumes, pods that declare no
 * controller; finished pods always go), so that the confirm names exactly what will be
 * evicted, what stays and what is refused and why. Also the pure parts of the Eviction
 * API as kubectl speaks it: which group/version the server's pods/eviction is, the body,
 * and the PodDisruptionBudget a 429 names. */
#ifndef KD_DRAINPLAN_H
#define KD_DRAINPLAN_H

#include <stddef.h>
#include <time.h>

struct cJSON;

/* kubectl drain's flags the confirm offers as choices. */
struct drain_opts {
	int ignore_daemonsets;     /* --ignore-daemonsets */
	int delete_emptydir;       /* --delete-emptydir-data */
	int force;                 /* --force: pods without a controller, orphans of a DaemonSet */
	int skip_deleted_s;        /* --skip-wait-for-delete-timeout, 0: off (kubectl's default) */
};

enum drain_verdict {
	DRAIN_EVICT,       /* evicted */
	DRAIN_SKIP,        /* left alone without a word (a mirror pod, one long being deleted) */
	DRAIN_STAY,        /* left alone with kubectl's warning (a DaemonSet's, ignored) */
	DRAIN_REFUSE,      /* blocks the drain: kubectl's error */
};

/* kubectl's messages (filters.go), verbatim. */
#define DRAIN_DAEMONSET_FATAL "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
#define DRAIN_DAEMONSET_WARNING "ignoring DaemonSet-managed Pods"
#define DRAIN_LOCAL_FATAL "Pods with local storage (use --delete-emptydir-data to override)"
#define DRAIN_LOCAL_WARNING "deleting Pods with local storage"
#define DRAIN_UNMANAGED_FATAL "cannot delete Pods that declare no controller (use --force to override)"
#define DRAIN_UNMANAGED_WARNING "deleting Pods that declare no controller"

struct drain_item {
	char *ns, *name, *uid;
	char *daemonset;           /* the DaemonSet that controls it, NULL when none */
	enum drain_verdict verdict;
	char *why;                 /* kubectl's message (a warning or the error), NULL when none */
};

struct drain_plan {
	struct drain_item *items;
	size_t n;
};

/* What is known of a DaemonSet a pod names (kubectl GETs each): 1 it exists, 0 not found
 * (err: the server's sentence), -1 another error (err). */
typedef int (*drain_ds_lookup)(const char *ns, const char *name, const char **err, void *arg);

/* The controller a pod's ownerReferences name (controller: true): its kind and name, or
 * NULL. */
const struct cJSON *drain_controller_of(const struct cJSON *pod);
/* The name of the DaemonSet that controls pod, NULL when none (borrowed from pod). */
const char *drain_daemonset_of(const struct cJSON *pod);

/* The verdict of one pod under o at now; *why set to kubectl's message (a constant, or
 * the DaemonSet lookup's err), NULL when none. */
enum drain_verdict drain_filter(const struct cJSON *pod, const struct drain_opts *o, drain_ds_lookup ds,
    void *arg, time_t now, const char **why);

/* The plan of a PodList's items (in their order). p's old items are freed first. */
void drain_plan_build(struct drain_plan *p, const struct cJSON *pods, const struct drain_opts *o,
    drain_ds_lookup ds, void *arg, time_t now);
void drain_plan_clear(struct drain_plan *p);
/* Moves from's item i to the end of to: from keeps an empty item there (cleared as none). */
void drain_plan_move(struct drain_plan *to, struct drain_plan *from, size_t i);
/* The index of the item of pod uid, -1 when none. */
long drain_plan_find(const struct drain_plan *p, const char *uid);
/* The pods of a plan made again (now, cleared) that plan did not have (by uid: a pod made
 * again under its name is another), into arrived (its old items freed first). */
void drain_plan_arrivals(struct drain_plan *arrived, struct drain_plan *now, const struct drain_plan *plan);
size_t drain_plan_count(const struct drain_plan *p, enum drain_verdict v);
/* kubectl's error for what is refused: "cannot delete DaemonSet-managed Pods (use
 * --ignore-daemonsets to ignore): ns/a, ns/b; cannot delete Pods that declare no
 * controller (use --force to override): ns/c", messages in the order first met; NULL when
 * nothing is refused. A new string. */
char *drain_plan_errors(const struct drain_plan *p);
/* kubectl's warning line ("ignoring DaemonSet-managed Pods: ns/a, ns/b"); NULL: none. */
char *drain_plan_warnings(const struct drain_plan *p);

/* The group/version of pods/eviction in the core v1 APIResourceList (GET /api/v1), as
 * kubectl's CheckEvictionSupport finds it: 0 with group and version ("policy", "v1" or
 * "v1beta1"), -1 when the server lists none (kubectl would delete instead). */
int drain_eviction_gv(const struct cJSON *list, char *group, size_t glen, char *version, size_t vlen);
/* The Eviction kubectl posts for ns/name in group/version (client-go's bytes). New. */
char *drain_eviction_body(const char *group, const char *version, const char *ns, const char *name);
/* The PodDisruptionBudget a 429's cause names ("The disruption budget web needs 2 healthy
 * pods and has 2 currently"): 0 with its name, -1 when the message names none. */
int drain_pdb_of(const char *message, char *name, size_t len);

#endif
