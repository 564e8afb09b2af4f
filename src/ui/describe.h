/* kubectl-like describe: sections for metadata, what matters for the kind (a pod's
 * containers and conditions, a deployment's replicas and strategy, a service's ports
 * and selector, a node's conditions and capacity), any other spec/status fields, then
 * the object's events. */
#ifndef KD_DESCRIBE_H
#define KD_DESCRIBE_H

struct cJSON;
struct pager;

/* What a kind's describe needs besides the object, fetched as kubectl fetches it: a node's
 * non-terminated pods, a deployment's ReplicaSets, the pods of a StatefulSet, DaemonSet or
 * ReplicaSet, a service's Endpoints. */
struct describe_query {
	const char *group, *version, *resource;   /* static strings */
	char ns[256], name[256];                  /* name "": a list */
	char label_selector[1024], field_selector[512];
};

/* The answer to the query: obj (a list or the object) or err, a sentence saying why the
 * section is missing; both NULL while it is on its way. */
struct describe_related {
	const struct cJSON *obj;
	const char *err;
	int forbidden;    /* err is a 403: kubectl's "not authorized" */
};

/* Fills q for the kind of obj; returns 0 when the kind needs nothing more. */
int describe_query_for(const struct cJSON *obj, const char *kind, struct describe_query *q);

/* kind: the kind the page asked for (used before the object's own, which list items lack).
 * events: an EventList (may be NULL); only those about obj are shown. rel: the answer to
 * describe_query_for (NULL: not asked for). */
void describe_render(struct pager *p, const struct cJSON *obj, const char *kind, const struct cJSON *events,
    const struct describe_related *rel);

#endif
