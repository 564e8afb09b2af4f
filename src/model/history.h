/* The rollout history of a workload, as kubectl rollout history reads it: a Deployment's
 * revisions are the ReplicaSets it owns (deployment.kubernetes.io/revision, the
 * kubernetes.io/change-cause annotation), a StatefulSet's or DaemonSet's the
 * ControllerRevisions it owns (their revision field). Each revision keeps its pod template
 * as kubectl prints it with --revision=N: a ReplicaSet's spec.template without the
 * pod-template-hash label, a ControllerRevision's data.spec.template without its $patch.
 * Also kubectl rollout undo's choice of a revision and its refusals, in its words. No
 * requests here: the lists come from the caller. */
#ifndef KD_HISTORY_H
#define KD_HISTORY_H

#include <stddef.h>
#include <time.h>

#include "util/err.h"

struct cJSON;

enum history_kind { HISTORY_DEPLOYMENT, HISTORY_CONTROLLER };

struct history_rev {
	long revision;
	char *name;                  /* the ReplicaSet or ControllerRevision */
	time_t created;              /* 0 when unknown */
	char *cause;                 /* change-cause, "" when none */
	char *images;                /* the containers' images, "a:1,b:2" */
	long replicas;               /* pods of it now; -1 when not known */
	int current;                 /* the workload's template is this one */
	struct cJSON *tmpl;          /* the pod template as printed (owned) */
	struct cJSON *annotations;   /* the ReplicaSet's annotations (owned), NULL for others */
	struct cJSON *data;          /* a ControllerRevision's data as stored (owned) */
};

struct history {
	enum history_kind kind;
	char *resource;              /* "deployments", "statefulsets", "daemonsets" */
	char *name;
	struct history_rev *revs;    /* by revision, oldest first */
	size_t n;
	struct cJSON *workload;      /* the workload (owned) */
};

/* Whether resource has a history here: deployments, statefulsets, daemonsets. */
int history_supported(const char *resource);
/* The workload's spec.selector as a label selector ("app=web,tier in (a,b)"). A new
 * string, NULL when it has none. */
char *history_selector(const struct cJSON *workload);
/* The history of workload (resource "deployments", "statefulsets" or "daemonsets") from
 * items (the JSON array of a list of ReplicaSets or ControllerRevisions in its
 * namespace): those it owns (ownerReferences uid), by revision. NULL with err. */
struct history *history_build(const struct cJSON *workload, const char *resource,
    const struct cJSON *items, struct kd_err *err);
void history_free(struct history **h);

const struct history_rev *history_find(const struct history *h, long revision);
const struct history_rev *history_current(const struct history *h);
/* The workload's own pod template, as a revision's is printed (a new object). */
struct cJSON *history_workload_template(const struct history *h);
/* A template as YAML, keys sorted as kubectl prints them. A new string. */
char *history_yaml(const struct cJSON *tmpl);

/* kubectl rollout undo's choice: revision 0 is the one before the newest. 0 with *out;
 * -1 with its sentence (a paused Deployment, an unknown revision, no history). */
int history_target(const struct history *h, long revision, const struct history_rev **out,
    char *why, size_t len);
/* Whether the workload's template already is r's (kubectl compares ignoring the
 * pod-template-hash label): then kubectl sends nothing and says so (history_skipped). */
int history_matches(const struct history *h, const struct history_rev *r);
void history_skipped(const struct history_rev *r, char *buf, size_t len);

/* The body kubectl rollout undo sends to go back to r: a Deployment's JSON patch
 * replacing /spec/template and /metadata/annotations, a StatefulSet's or DaemonSet's
 * strategic merge patch (the ControllerRevision's data). A new string. *json_patch says
 * which. */
char *history_rollback_patch(const struct history *h, const struct history_rev *r, int *json_patch);

#endif
