/* kubectl-like describe: sections for metadata, what matters for the kind (a pod's
 * containers and conditions, a deployment's replicas and strategy, a service's ports
 * and selector, a node's conditions and capacity), any other spec/status fields, then
 * the object's events. */
#ifndef KD_DESCRIBE_H
#define KD_DESCRIBE_H

struct cJSON;
struct pager;

/* kind: the kind the page asked for (used before the object's own, which list items lack).
 * events: an EventList (may be NULL); only those about obj are shown. */
void describe_render(struct pager *p, const struct cJSON *obj, const char *kind, const struct cJSON *events);

#endif
