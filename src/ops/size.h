/* size: the CPU and memory requests and limits of a workload's containers, as `kubectl set
 * resources` changes them. The workload is read first (each container's requests and
 * limits, and its pods' usage from metrics.k8s.io when the server serves it); the values
 * wanted are checked (quantities, a request no more than its limit; empty removes one);
 * what is sent is kubectl's request, a strategic merge patch of
 * spec.template.spec.containers (and initContainers) by name. After it is done, the last
 * change notes the patch that puts the earlier resources back. */
#ifndef KD_SIZE_H
#define KD_SIZE_H

#include <stddef.h>

#include "ops/op.h"

struct cJSON;
struct lastchange;

enum size_field { SIZE_CPU_REQ, SIZE_CPU_LIM, SIZE_MEM_REQ, SIZE_MEM_LIM, SIZE_NFIELDS };

enum size_usage {
	SIZE_USAGE_UNKNOWN,      /* not asked (no selector to find the pods by) */
	SIZE_USAGE_SERVED,
	SIZE_USAGE_ABSENT,       /* metrics.k8s.io is not served */
	SIZE_USAGE_DENIED,       /* RBAC does not let the user read it */
};

struct size_container {
	char *name;
	int init;                       /* an init container */
	size_t index;                   /* its place in its list */
	char *was[SIZE_NFIELDS];        /* as read, NULL when not set */
	char *want[SIZE_NFIELDS];       /* as given, NULL: none */
	long cpu_avg, cpu_max;          /* millicores its pods use, -1 unknown */
	long long mem_avg, mem_max;     /* bytes, -1 unknown */
	int pods;                       /* how many pods report it */
};

struct size_plan {
	struct size_container *c;
	size_t n;
	enum size_usage usage;
};

/* The plan of a workload as read (a Deployment, StatefulSet, DaemonSet or ReplicaSet),
 * every want[] its was[]. NULL with why when it has no pod template with containers. */
struct size_plan *size_plan_new(const struct cJSON *obj, char *why, size_t len);
void size_plan_free(struct size_plan **p);
/* Adds the usage of a PodMetricsList (metrics.k8s.io) to p's containers, by name. */
void size_plan_usage(struct size_plan *p, const struct cJSON *list);

/* "cpu request", "memory limit" */
const char *size_field_word(enum size_field f);
/* Whether value (NULL or "" removes it; spaces around it do not count) is good for field f of container ci, with other
 * the value of its pair (a request's limit, a limit's request): 0, or -1 with a sentence
 * naming the container and the field. */
int size_check(const struct size_plan *p, size_t ci, enum size_field f, const char *value,
    const char *other, char *why, size_t len);
/* Takes the n = p->n * SIZE_NFIELDS values (container by container, in size_field
 * order; spaces around a value dropped) as p's wants: 0, or -1 with why (nothing taken). */
int size_take(struct size_plan *p, const char *const *values, size_t n, char *why, size_t len);
/* How many values would change. */
size_t size_changed(const struct size_plan *p);
/* What changes: "container app: cpu request 100m -> 250m, memory limit none -> 256Mi";
 * back: the other way. A new string ("" when nothing changes). */
char *size_changes(const struct size_plan *p, int back);
/* The strategic merge patch that sets the wants (back: that puts the earlier values
 * back, with null for what was not set). A new string. */
char *size_patch(const struct size_plan *p, int back);
/* The JSON pointer of the first changed container's resources, and their compact JSON as
 * the change sets them. New strings; NULL when nothing changes. */
char *size_changed_path(const struct size_plan *p);
char *size_changed_set(const struct size_plan *p);
/* The last change of a size of req's target 0, to note once it is done. */
struct lastchange *size_lastchange(const struct op_req *req, const struct size_plan *p);

/* Reads target 0 of req (the workload, then its pods' usage): cb once, later, with the
 * plan (the caller's) or NULL and err. */
typedef void (*size_read_cb)(const struct op_req *req, struct size_plan *plan, const struct kd_err *err,
    void *arg);
void size_read(const struct op_req *req, size_read_cb cb, void *arg);

/* The plan req's plan and apply use (taken; freed by size_detach or with another attach). */
void size_attach(const struct op_req *req, struct size_plan *plan);
void size_detach(const struct op_req *req);
/* The plan attached to req given back to the caller (NULL: none), req left without one. */
struct size_plan *size_take_back(const struct op_req *req);
const struct size_plan *size_plan_of(const struct op_req *req);

extern const struct op op_size;

#endif
