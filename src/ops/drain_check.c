/* drain_check: whether the user may evict what a drain evicts (drain.h), asked of the
 * RBAC answers the cluster keeps (kube/access.h). */
#include <stdio.h>

#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "model/drainplan.h"
#include "ops/drain.h"

/* 1 when create pods/eviction is allowed in ns, 0 with why, -1 with why while asked. */
static int
drain_check_ns(struct cluster *c, const char *ns, char *why, size_t len)
{
	struct api_access q = { "create", "", "pods", "eviction", ns, NULL };
	return access_may(c->access, &q, "drain", why, len);
}

int
drain_check(struct drain *d, char *why, size_t len)
{
	struct cluster *c = drain_cluster(d);
	/* the plan's pods, and those that arrived since while they are asked about */
	const struct drain_plan *plans[] = { drain_plan(d), drain_arrived(d) };
	if (c->access == NULL)
		return 1;
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < plans[k]->n; i++) {
			if (plans[k]->items[i].verdict != DRAIN_EVICT)
				continue;
			int ok = drain_check_ns(c, plans[k]->items[i].ns, why, len);
			if (ok != 1)
				return ok;
		}
	return 1;
}
