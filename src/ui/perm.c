#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "ops/op.h"
#include "ui/perm.h"
#include "util/xmalloc.h"

struct perm_need
perm_need(enum action a)
{
	const struct action_info *ai = action_info(a);
	const struct op *op = op_for_action(ai->name);
	struct perm_need n = { ai->verb, ai->subresource, ai->mutates };
	if (op != NULL) {
		n.verb = op->verb;
		n.subresource = op->subresource;
		n.mutates = op->mutates;
	}
	return n;
}

/* Shells, logs, debug containers and port-forwards from a workload's row go to one of its
 * pods: what is asked about is the pods subresource. */
static const char *
perm_resource(struct page *pg, const struct perm_need *ai)
{
	static const char *const pod_subs[] = { "exec", "log", "portforward", "ephemeralcontainers", NULL };
	for (int i = 0; ai->subresource && pod_subs[i]; i++)
		if (strcmp(ai->subresource, pod_subs[i]) == 0)
			return "pods";
	return pg->res_name;
}

static const char *
perm_group(struct page *pg, const struct perm_need *ai)
{
	return perm_resource(pg, ai) != pg->res_name ? "" : pg->res_group ? pg->res_group : "";
}

static struct api_access
perm_question(struct page *pg, const struct perm_need *ai)
{
	struct api_access q = { ai->verb, perm_group(pg, ai), perm_resource(pg, ai),
		ai->subresource, pg->res_ns, NULL };
	return q;
}

static void
perm_on_answer(void *arg)
{
	cmd_news();   /* a change may wait for this answer */
	app_dirty(arg);
}

void
perm_prefetch(struct page *pg)
{
	if (pg->cluster == NULL || pg->cluster->access == NULL || pg->res_name == NULL)
		return;
	for (int a = 0; a < ACT_COUNT; a++) {
		struct perm_need need = perm_need(a), *ai = &need;
		if (ai->verb == NULL || (strcmp(ai->verb, "get") == 0 && ai->subresource == NULL))
			continue;
		struct api_access q = perm_question(pg, ai);
		access_ask(pg->cluster->access, &q, perm_on_answer, pg->app);
	}
}

int
perm_pending(struct page *pg, enum action a)
{
	struct perm_need need = perm_need(a);
	if (pg == NULL || !need.mutates || need.verb == NULL || pg->res_name == NULL ||
	    pg->cluster == NULL || pg->cluster->access == NULL)
		return 0;
	struct api_access q = perm_question(pg, &need);
	return access_answer(pg->cluster->access, &q, NULL, 0) == ACCESS_PENDING;
}

int
perm_allowed(struct page *pg, enum action a, char *why, size_t len)
{
	struct perm_need need = perm_need(a), *ai = &need;

	if (ai->verb == NULL || pg->res_name == NULL || pg->cluster == NULL ||
	    pg->cluster->access == NULL)
		return 1;
	struct api_access q = perm_question(pg, ai);
	enum access_answer ans = access_answer(pg->cluster->access, &q, NULL, 0);
	/* a change is not sent on a guess: the answer is a round trip away */
	if (ans == ACCESS_PENDING && ai->mutates) {
		snprintf(why, len, "still asking the server whether you may %s (try again in a moment)", ai->verb);
		return 0;
	}
	if (ans != ACCESS_NO)
		return 1;
	snprintf(why, len, "not allowed to %s %s%s%s%s%s", ai->verb, perm_resource(pg, ai),
	    ai->subresource ? "/" : "", ai->subresource ? ai->subresource : "",
	    pg->res_ns && pg->res_ns[0] ? " in " : "", pg->res_ns && pg->res_ns[0] ? pg->res_ns : "");
	return 0;
}
