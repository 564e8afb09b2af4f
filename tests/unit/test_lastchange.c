#include "t.h"
/* The last change per cluster: the newest replaces the one before on its context only,
 * steps keep copies of what they were given, and forget drops one context's. */
#include "kube/api.h"
#include "kube/discovery.h"
#include "ops/lastchange.h"

static struct kres t_deploy = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };

T_CASE(lastchange_newest_per_context)
{
	struct lastchange *a = lastchange_new("prod");
	a->what = strdup("scaled deployment web in shop on prod from 5 to 3");
	a->undo = strdup("scale deployment web in shop on prod back to 5");
	char patch[] = "{\"spec\":{\"replicas\":5}}";
	lastchange_add(a, &t_deploy, "shop", "web", "scale", API_PATCH_MERGE, patch, "/spec/replicas", "3");
	patch[0] = 'x';
	lastchange_note(a);
	struct lastchange *b = lastchange_new("staging");
	b->why_not = strdup("a delete cannot be undone");
	lastchange_note(b);

	const struct lastchange *p = lastchange_get("prod");
	T_ASSERT(p != NULL);
	T_EQ_INT((long)p->n, 1);
	T_EQ_STR(p->steps[0].patch, "{\"spec\":{\"replicas\":5}}");
	T_EQ_STR(p->steps[0].res->resource, "deployments");
	T_EQ_STR(p->steps[0].subresource, "scale");
	T_EQ_STR(p->steps[0].set, "3");
	T_ASSERT(lastchange_get("staging")->undo == NULL);

	struct lastchange *c = lastchange_new("prod");
	c->what = strdup("paused deployment web");
	lastchange_note(c);
	T_EQ_STR(lastchange_get("prod")->what, "paused deployment web");
	T_ASSERT(lastchange_get("staging") != NULL);
	lastchange_forget("prod");
	T_ASSERT(lastchange_get("prod") == NULL);
	T_ASSERT(lastchange_get("staging") != NULL);
	T_ASSERT(lastchange_get("dev") == NULL);
	lastchange_clear();
	T_ASSERT(lastchange_get("staging") == NULL);
}

int
main(void)
{
	T_RUN(lastchange_newest_per_context);
	return t_done();
}
