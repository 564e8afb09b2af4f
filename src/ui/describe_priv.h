/* What the describers of each kind share: reading paths of an object, and writing
 * kubectl's "Key:  value" lines, sections, maps, conditions and events into a pager. */
#ifndef KD_DESCRIBE_PRIV_H
#define KD_DESCRIBE_PRIV_H

#include <stddef.h>

struct cJSON;
struct pager;
struct describe_related;

const struct cJSON *describe_get(const struct cJSON *o, const char *path);
const char *describe_str(const struct cJSON *o, const char *path);
/* "Key:\tvalue": the tabs of the lines describe_render writes align as kubectl's tabwriter */
void describe_kv(struct pager *p, int indent, const char *key, const char *value);
/* "Key:" heading the lines below it, no value */
void describe_head(struct pager *p, int indent, const char *key);
/* a timestamp as kubectl prints it: "Thu, 03 Dec 2026 16:03:46 +0000" */
void describe_time(const char *ts, char *out, size_t len);
void describe_scalar(const struct cJSON *v, char *out, size_t len);
void describe_map(struct pager *p, const char *key, const struct cJSON *m, int secret);
void describe_title(struct pager *p, const char *t);
void describe_age(const char *ts, char *out, size_t len);
void describe_conditions(struct pager *p, const struct cJSON *conds);
void describe_events(struct pager *p, const struct cJSON *o, const char *kind, const struct cJSON *events);

/* describe_pod.c */
void describe_pod(struct pager *p, const struct cJSON *o);
void describe_env(struct pager *p, const struct cJSON *c, const struct cJSON *pod);
/* one container of a pod or a template (statuses and pod NULL) */
void describe_container(struct pager *p, const struct cJSON *c, const struct cJSON *statuses,
    const struct cJSON *pod);
void describe_volumes(struct pager *p, int indent, const struct cJSON *vols);
/* key (its indent in it) and each toleration as kubectl writes them, or <none> */
void describe_tolerations(struct pager *p, const char *key, const struct cJSON *tol);

/* describe_workload.c: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job */
void describe_workload(struct pager *p, const struct cJSON *o, const char *kind,
    const struct describe_related *rel);
/* "app=web,tier=front" from a LabelSelector's matchLabels (or a plain map); 0 when empty */
size_t describe_selector_string(const struct cJSON *sel, char *out, size_t len);
/* the first controller ownerReference of o is the object with uid */
int describe_controlled_by(const struct cJSON *o, const char *uid);

/* describe_node.c */
void describe_node(struct pager *p, const struct cJSON *o, const struct describe_related *rel);

/* describe_quantity.c: resource quantities as kubectl adds and prints them */
/* "500m" -> 500 (milli-units); "1Gi" -> 1073741824000; -1 when it is not a quantity */
long long describe_quantity_milli(const char *q);
/* milli-units as kubectl writes the sum: "1160m", "2", "1696Mi", "0" */
void describe_quantity_format(long long milli, int binary, char *out, size_t len);

#endif
