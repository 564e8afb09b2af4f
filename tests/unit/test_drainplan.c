#include "t.h"
/* A drain's plan as kubectl decides it (model/drainplan.c), on pods as the API serves
 * them: each filter with kubectl's words and in kubectl's order (a DaemonSet's pod with
 * an emptyDir is refused for the DaemonSet, not the volume), the flags' effects, finished
 * pods always allowed, orphans of a deleted DaemonSet, mirror pods skipped, the skip
 * timeout; kubectl's aggregated error and warning lines; the eviction group/version found
 * in the core API's resource list as kubectl finds it, the Eviction's bytes, the budget a
 * 429 names; a plan made again after the cordon, its pods that arrived by uid; cordon's patches and kubectl's "already cordoned". */
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/drainplan.h"
#include "ops/cordon.h"
#include "ops/lastchange.h"

static cJSON *
pod(const char *json)
{
	cJSON *p = cJSON_Parse(json);
	if (p == NULL)
		printf("bad JSON in the test: %s\n", json);
	return p;
}

#define RS_OWNED "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-5d\"," \
	"\"uid\":\"u1\",\"controller\":true}]"
#define DS_OWNED "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"name\":\"agent\"," \
	"\"uid\":\"u2\",\"controller\":true}]"
#define EMPTYDIR "\"spec\":{\"volumes\":[{\"name\":\"cache\",\"emptyDir\":{}}]}"

static int
ds_exists(const char *ns, const char *name, const char **err, void *arg)
{
	(void)ns;
	(void)arg;
	if (strcmp(name, "gone") == 0) {
		*err = "daemonsets.apps \"gone\" not found";
		return 0;
	}
	return 1;
}

T_CASE(drain_filters_in_kubectls_order_and_words)
{
	struct drain_opts none = { 0 }, all = { 1, 1, 1, 0 };
	const char *why = NULL;
	cJSON *rs = pod("{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\"," RS_OWNED "}}");
	cJSON *ds = pod("{\"metadata\":{\"name\":\"agent-x\",\"namespace\":\"kube-system\"," DS_OWNED "}," EMPTYDIR "}");
	cJSON *bare = pod("{\"metadata\":{\"name\":\"bare\",\"namespace\":\"default\"}}");
	cJSON *cache = pod("{\"metadata\":{\"name\":\"cache-1\",\"namespace\":\"shop\"," RS_OWNED "}," EMPTYDIR "}");
	cJSON *mirror = pod("{\"metadata\":{\"name\":\"etcd-node-1\",\"namespace\":\"kube-system\","
	    "\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}}}");
	cJSON *done = pod("{\"metadata\":{\"name\":\"job-x\",\"namespace\":\"default\"}," EMPTYDIR
	    ",\"status\":{\"phase\":\"Succeeded\"}}");

	T_EQ_INT(drain_filter(rs, &none, ds_exists, NULL, 0, &why), DRAIN_EVICT);
	T_ASSERT(why == NULL);
	/* the DaemonSet's filter comes before the volume's */
	T_EQ_INT(drain_filter(ds, &none, ds_exists, NULL, 0, &why), DRAIN_REFUSE);
	T_EQ_STR(why, "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)");
	T_EQ_INT(drain_filter(ds, &all, ds_exists, NULL, 0, &why), DRAIN_STAY);
	T_EQ_STR(why, "ignoring DaemonSet-managed Pods");
	T_EQ_INT(drain_filter(bare, &none, ds_exists, NULL, 0, &why), DRAIN_REFUSE);
	T_EQ_STR(why, "cannot delete Pods that declare no controller (use --force to override)");
	T_EQ_INT(drain_filter(bare, &all, ds_exists, NULL, 0, &why), DRAIN_EVICT);
	T_EQ_STR(why, "deleting Pods that declare no controller");
	T_EQ_INT(drain_filter(cache, &none, ds_exists, NULL, 0, &why), DRAIN_REFUSE);
	T_EQ_STR(why, "Pods with local storage (use --delete-emptydir-data to override)");
	/* the volume's warning is dropped by the filter after it, as in kubectl */
	T_EQ_INT(drain_filter(cache, &all, ds_exists, NULL, 0, &why), DRAIN_EVICT);
	T_ASSERT(why == NULL);
	T_EQ_INT(drain_filter(mirror, &all, ds_exists, NULL, 0, &why), DRAIN_SKIP);
	T_EQ_INT(drain_filter(done, &none, ds_exists, NULL, 0, &why), DRAIN_EVICT);
	cJSON_Delete(rs);
	cJSON_Delete(ds);
	cJSON_Delete(bare);
	cJSON_Delete(cache);
	cJSON_Delete(mirror);
	cJSON_Delete(done);
}

T_CASE(drain_orphans_of_a_deleted_daemonset_need_force)
{
	struct drain_opts o = { 1, 1, 0, 0 };
	const char *why = NULL;
	cJSON *p = pod("{\"metadata\":{\"name\":\"o\",\"namespace\":\"x\",\"ownerReferences\":[{\"kind\":\"DaemonSet\","
	    "\"name\":\"gone\",\"controller\":true}]}}");
	T_EQ_INT(drain_filter(p, &o, ds_exists, NULL, 0, &why), DRAIN_REFUSE);
	T_EQ_STR(why, "daemonsets.apps \"gone\" not found");
	/* with --force it goes; the filters after it drop the warning, as kubectl's do */
	o.force = 1;
	T_EQ_INT(drain_filter(p, &o, ds_exists, NULL, 0, &why), DRAIN_EVICT);
	T_EQ_STR(drain_daemonset_of(p), "gone");
	cJSON_Delete(p);
}

T_CASE(drain_skips_pods_deleted_longer_than_the_timeout)
{
	struct drain_opts o = { 1, 1, 0, 0 };
	const char *why = NULL;
	cJSON *p = pod("{\"metadata\":{\"name\":\"t\",\"namespace\":\"x\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\","
	    RS_OWNED "}}");
	time_t t0 = 1704067200;   /* 2024-01-01T00:00:00Z */
	T_EQ_INT(drain_filter(p, &o, NULL, NULL, t0 + 100, &why), DRAIN_EVICT);
	o.skip_deleted_s = 20;
	T_EQ_INT(drain_filter(p, &o, NULL, NULL, t0 + 100, &why), DRAIN_SKIP);
	T_EQ_INT(drain_filter(p, &o, NULL, NULL, t0 + 10, &why), DRAIN_EVICT);
	cJSON_Delete(p);
}

T_CASE(drain_plan_says_kubectls_error_and_warning)
{
	struct drain_opts o = { 0 };
	struct drain_plan p = { 0 };
	cJSON *list = pod("{\"items\":["
	    "{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\",\"uid\":\"a\"," RS_OWNED "}},"
	    "{\"metadata\":{\"name\":\"agent-x\",\"namespace\":\"kube-system\"," DS_OWNED "}},"
	    "{\"metadata\":{\"name\":\"bare\",\"namespace\":\"default\"}},"
	    "{\"metadata\":{\"name\":\"bare2\",\"namespace\":\"default\"}}]}");
	drain_plan_build(&p, list, &o, ds_exists, NULL, 0);
	T_EQ_INT(p.n, 4);
	T_EQ_STR(p.items[0].uid, "a");
	T_EQ_INT(drain_plan_count(&p, DRAIN_EVICT), 1);
	T_EQ_INT(drain_plan_count(&p, DRAIN_REFUSE), 3);
	char *e = drain_plan_errors(&p);
	T_EQ_STR(e, "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/agent-x; "
	    "cannot delete Pods that declare no controller (use --force to override): default/bare, default/bare2");
	free(e);
	T_ASSERT(drain_plan_warnings(&p) == NULL);

	o.ignore_daemonsets = o.force = 1;
	drain_plan_build(&p, list, &o, ds_exists, NULL, 0);
	T_ASSERT(drain_plan_errors(&p) == NULL);
	char *w = drain_plan_warnings(&p);
	T_EQ_STR(w, "ignoring DaemonSet-managed Pods: kube-system/agent-x");
	free(w);
	T_EQ_STR(p.items[1].daemonset, "agent");
	T_EQ_INT(drain_plan_count(&p, DRAIN_EVICT), 3);
	drain_plan_clear(&p);
	T_EQ_INT(p.n, 0);
	cJSON_Delete(list);
}

T_CASE(drain_plan_made_again_names_the_pods_that_arrived)
{
	struct drain_opts o = { 1, 1, 0, 0 };
	struct drain_plan plan = { 0 }, now = { 0 }, arrived = { 0 };
	cJSON *before = pod("{\"items\":[{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\",\"uid\":\"a\","
	    RS_OWNED "}},{\"metadata\":{\"name\":\"db-0\",\"namespace\":\"shop\",\"uid\":\"b\"," RS_OWNED "}}]}");
	/* web-1 gone, db-0 made again under its name, a pod without a controller bound */
	cJSON *after = pod("{\"items\":[{\"metadata\":{\"name\":\"db-0\",\"namespace\":\"shop\",\"uid\":\"b2\","
	    RS_OWNED "}},{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"c\"}}]}");
	drain_plan_build(&plan, before, &o, ds_exists, NULL, 0);
	drain_plan_build(&now, after, &o, ds_exists, NULL, 0);
	T_EQ_INT(drain_plan_find(&plan, "b"), 1);
	T_EQ_INT(drain_plan_find(&now, "a"), -1);
	drain_plan_arrivals(&arrived, &now, &plan);
	T_EQ_INT(now.n, 0);
	T_EQ_INT(arrived.n, 2);
	T_EQ_STR(arrived.items[0].name, "db-0");
	T_EQ_INT(arrived.items[0].verdict, DRAIN_EVICT);
	T_EQ_STR(arrived.items[1].name, "late");
	T_EQ_INT(arrived.items[1].verdict, DRAIN_REFUSE);
	char *errs = drain_plan_errors(&arrived);
	T_EQ_STR(errs, "cannot delete Pods that declare no controller (use --force to override): shop/late");
	free(errs);
	drain_plan_move(&plan, &arrived, 0);
	T_EQ_INT(plan.n, 3);
	T_EQ_STR(plan.items[2].uid, "b2");
	T_ASSERT(arrived.items[0].name == NULL);
	drain_plan_clear(&arrived);
	drain_plan_clear(&plan);
	cJSON_Delete(before);
	cJSON_Delete(after);
}

T_CASE(drain_eviction_version_from_the_core_resource_list)
{
	char g[32], v[32];
	cJSON *v120 = pod("{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
	    "{\"name\":\"pods\",\"kind\":\"Pod\"},"
	    "{\"name\":\"pods/eviction\",\"group\":\"policy\",\"version\":\"v1beta1\",\"kind\":\"Eviction\"}]}");
	cJSON *old = pod("{\"resources\":[{\"name\":\"pods/eviction\",\"kind\":\"Eviction\"}]}");
	T_EQ_INT(drain_eviction_gv(v120, g, sizeof g, v, sizeof v), 0);
	T_EQ_STR(g, "policy");
	T_EQ_STR(v, "v1beta1");
	/* kubectl wants the group and version named */
	T_EQ_INT(drain_eviction_gv(old, g, sizeof g, v, sizeof v), -1);
	cJSON_Delete(v120);
	cJSON_Delete(old);

	char *b = drain_eviction_body("policy", "v1", "shop", "web-1");
	T_EQ_STR(b, "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"web-1\","
	    "\"namespace\":\"shop\",\"creationTimestamp\":null},\"deleteOptions\":{}}");
	free(b);

	char name[64];
	T_EQ_INT(drain_pdb_of("The disruption budget web needs 2 healthy pods and has 2 currently", name, sizeof name), 0);
	T_EQ_STR(name, "web");
	T_EQ_INT(drain_pdb_of("The disruption budget pg is still being processed by the server.", name, sizeof name), 0);
	T_EQ_STR(name, "pg");
	T_EQ_INT(drain_pdb_of("something else", name, sizeof name), -1);
}

T_CASE(cordon_patches_are_kubectls_and_already_is_said_so)
{
	char why[100];
	T_EQ_STR(cordon_patch(1), "{\"spec\":{\"unschedulable\":true}}");
	T_EQ_STR(cordon_patch(0), "{\"spec\":{\"unschedulable\":null}}");
	cJSON *n = pod("{\"metadata\":{\"name\":\"node-1\"},\"spec\":{\"unschedulable\":true}}");
	cJSON *m = pod("{\"metadata\":{\"name\":\"node-2\"},\"spec\":{}}");
	T_ASSERT(cordon_already(n, 1, why, sizeof why));
	T_EQ_STR(why, "node/node-1 already cordoned");
	T_ASSERT(!cordon_already(n, 0, why, sizeof why));
	T_ASSERT(cordon_already(m, 0, why, sizeof why));
	T_EQ_STR(why, "node/node-2 already uncordoned");
	T_ASSERT(!cordon_already(m, 1, why, sizeof why));
	cJSON_Delete(n);
	cJSON_Delete(m);
}

T_CASE(cordon_notes_the_uncordon_that_undoes_it)
{
	struct cluster c = { .context = "prod" };
	struct kres nodes = { .group = "", .version = "v1", .resource = "nodes", .singular = "node", .kind = "Node" };
	cordon_note(&c, &nodes, "node-1", "drained node node-1 on prod (cordoned, 3 pods to evict)");
	const struct lastchange *lc = lastchange_get("prod");
	T_ASSERT(lc != NULL);
	T_EQ_STR(lc->what, "drained node node-1 on prod (cordoned, 3 pods to evict)");
	T_EQ_STR(lc->undo, "uncordon node node-1 on prod");
	T_EQ_INT(lc->n, 1);
	T_EQ_STR(lc->steps[0].name, "node-1");
	T_EQ_STR(lc->steps[0].ns, "");
	T_EQ_INT(lc->steps[0].patch_type, API_PATCH_STRATEGIC);
	T_EQ_STR(lc->steps[0].patch, "{\"spec\":{\"unschedulable\":null}}");
	T_EQ_STR(lc->steps[0].path, "/spec/unschedulable");
	T_EQ_STR(lc->steps[0].set, "true");
	lastchange_clear();
}

int
main(void)
{
	T_RUN(drain_filters_in_kubectls_order_and_words);
	T_RUN(drain_orphans_of_a_deleted_daemonset_need_force);
	T_RUN(drain_skips_pods_deleted_longer_than_the_timeout);
	T_RUN(drain_plan_says_kubectls_error_and_warning);
	T_RUN(drain_plan_made_again_names_the_pods_that_arrived);
	T_RUN(drain_eviction_version_from_the_core_resource_list);
	T_RUN(cordon_patches_are_kubectls_and_already_is_said_so);
	T_RUN(cordon_notes_the_uncordon_that_undoes_it);
	return t_done();
}
