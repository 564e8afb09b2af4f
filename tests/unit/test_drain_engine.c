#define _GNU_SOURCE
#include "t.h"
/* The drain's engine (ops/drain.c) against a scripted server, request by request as
 * kubectl drain sends them: the node, its pods in chunks of 500 (the continue token
 * followed), nothing sent before drain_start; then the cordon's patch, the node's pods
 * listed again (kubectl lists them after the cordon), the core API read
 * for the eviction's group/version (policy/v1beta1 here, as on 1.20), the Eviction in that
 * version, a 429 that names a budget (read to show its counts, the eviction tried again
 * after 5 s), and the pod read until it is gone; a mirror pod left alone. The list after
 * the cordon: a pod that arrived is asked about before anything more is sent (yes: evicted
 * with the plan's; no: nothing evicted), one that would be refused stops the drain, and a
 * pod of the plan gone meanwhile is done without an eviction. The last change, noted at
 * the cordon, says at the end what was evicted. */
#include <cjson/cJSON.h>

#include "fakeapi.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "ops/drain.h"
#include "ops/lastchange.h"
#include "util/xmalloc.h"

static struct loop *lp;
static struct http *hp;
static struct api *ap;
static int changes;

static void
on_changed(void *arg)
{
	(void)arg;
	changes++;
}

/* The request line of request i ("GET /api/v1 HTTP/1.1" without the version). */
static const char *
line(int i)
{
	static char buf[600];
	const char *r = fake_requests[i];
	size_t n = strcspn(r, "\r");
	snprintf(buf, sizeof buf, "%.*s", (int)n, r);
	char *v = strstr(buf, " HTTP/1.1");
	if (v != NULL)
		*v = '\0';
	return buf;
}

static const char *
body(int i)
{
	const char *b = strstr(fake_requests[i], "\r\n\r\n");
	return b ? b + 4 : "";
}

static void
run_until(struct drain *d, enum drain_state st, int served, int secs)
{
	for (int i = 0; i < secs * 50 && (drain_state(d) != st || fake_served < served); i++)
		loop_run_once(lp, 20);
}

#define POD_A "{\"metadata\":{\"name\":\"a\",\"namespace\":\"shop\",\"uid\":\"ua\",\"ownerReferences\":[{\"kind\":" \
	"\"ReplicaSet\",\"name\":\"web-1\",\"controller\":true}]}}"
#define MIRROR "{\"metadata\":{\"name\":\"etcd-n1\",\"namespace\":\"kube-system\",\"uid\":\"um\"," \
	"\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}}}"
#define CAUSE_429 "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":" \
	"\"Cannot evict pod as it would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\"," \
	"\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The disruption budget web needs 2 " \
	"healthy pods and has 2 currently\"}]},\"code\":429}"

T_CASE(drain_sends_what_kubectl_drain_sends)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	struct kres nodes = { .group = "", .version = "v1", .resource = "nodes", .singular = "node", .kind = "Node" };
	char why[600];
	int base = fake_served;

	fake_answer("200 OK", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{}}");
	fake_answer("200 OK", "{\"kind\":\"PodList\",\"metadata\":{\"continue\":\"tok\"},\"items\":[" POD_A "]}");
	fake_answer("200 OK", "{\"kind\":\"PodList\",\"metadata\":{},\"items\":[" MIRROR "]}");
	struct drain *d = drain_new(&c, &nodes, "n1", on_changed, NULL);
	drain_read(d);
	run_until(d, DRAIN_PLANNED, base + 3, 10);
	T_EQ_INT(drain_state(d), DRAIN_PLANNED);
	T_EQ_STR(line(base), "GET /api/v1/nodes/n1");
	T_EQ_STR(line(base + 1), "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dn1&limit=500");
	T_EQ_STR(line(base + 2), "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dn1&limit=500&continue=tok");
	const struct drain_plan *p = drain_plan(d);
	T_EQ_INT(p->n, 2);
	T_EQ_INT(drain_plan_count(p, DRAIN_EVICT), 1);
	T_EQ_INT(drain_plan_count(p, DRAIN_SKIP), 1);
	T_EQ_INT(fake_served, base + 3);

	fake_answer("200 OK", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"spec\":{\"unschedulable\":true}}");
	fake_answer("200 OK", "{\"kind\":\"PodList\",\"metadata\":{},\"items\":[" POD_A "," MIRROR "]}");
	fake_answer("200 OK", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
	    "\"pods/eviction\",\"group\":\"policy\",\"version\":\"v1beta1\",\"kind\":\"Eviction\"}]}");
	fake_answer("429 Too Many Requests", CAUSE_429);
	fake_answer("200 OK", "{\"kind\":\"PodDisruptionBudget\",\"status\":{\"disruptionsAllowed\":0,"
	    "\"currentHealthy\":2,\"desiredHealthy\":2,\"expectedPods\":2}}");
	T_EQ_INT(drain_start(d, why, sizeof why), 0);
	run_until(d, DRAIN_EVICTING, base + 8, 10);
	for (int i = 0; i < 250 && drain_pod(d, 0)->allowed < 0; i++)
		loop_run_once(lp, 20);
	T_EQ_STR(line(base + 3), "PATCH /api/v1/nodes/n1");
	T_CONTAINS(fake_requests[base + 3], "application/strategic-merge-patch+json");
	T_EQ_STR(body(base + 3), "{\"spec\":{\"unschedulable\":true}}");
	T_EQ_STR(line(base + 4), "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dn1&limit=500");
	T_EQ_STR(line(base + 5), "GET /api/v1");
	T_EQ_STR(line(base + 6), "POST /api/v1/namespaces/shop/pods/a/eviction");
	T_EQ_STR(body(base + 6), "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1beta1\",\"metadata\":{\"name\":\"a\","
	    "\"namespace\":\"shop\",\"creationTimestamp\":null},\"deleteOptions\":{}}");
	/* no retry of its own by the HTTP client: the drain's, after 5 s */
	T_EQ_STR(line(base + 7), "GET /apis/policy/v1beta1/namespaces/shop/poddisruptionbudgets/web");
	const struct drain_pod *dp = drain_pod(d, 0);
	T_EQ_INT(dp->state, DRAIN_POD_BLOCKED);
	T_EQ_STR(dp->pdb, "web");
	T_EQ_INT(dp->allowed, 0);
	T_EQ_INT(dp->desired, 2);
	T_EQ_STR(dp->msg, "error when evicting pods/\"a\" -n \"shop\" (will retry after 5s): Cannot evict pod as it "
	    "would violate the pod's disruption budget.");
	T_EQ_STR(drain_eviction_version(d), "policy/v1beta1");
	const struct lastchange *lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL && lc->undo != NULL);
	T_EQ_STR(lc->undo, "uncordon node n1 on kind-test");

	fake_answer("201 Created", "{\"kind\":\"Status\",\"status\":\"Success\",\"code\":201}");
	fake_answer("200 OK", "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"uid\":\"ua\"}}");
	fake_answer("404 Not Found", "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}");
	run_until(d, DRAIN_DONE, base + 11, 15);
	T_EQ_INT(drain_state(d), DRAIN_DONE);
	T_EQ_STR(line(base + 8), "POST /api/v1/namespaces/shop/pods/a/eviction");
	T_EQ_STR(line(base + 9), "GET /api/v1/namespaces/shop/pods/a");
	T_EQ_STR(line(base + 10), "GET /api/v1/namespaces/shop/pods/a");
	T_EQ_INT(drain_pod(d, 0)->state, DRAIN_POD_GONE);
	T_EQ_INT(drain_pod(d, 0)->tries, 2);
	T_ASSERT(changes > 0);
	drain_free(&d);
	T_ASSERT(d == NULL);
	lastchange_clear();
}

T_CASE(drain_refuses_to_start_on_a_refusal_and_sends_nothing)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	struct kres nodes = { .group = "", .version = "v1", .resource = "nodes", .singular = "node", .kind = "Node" };
	char why[600];
	int base = fake_served;
	fake_answer("200 OK", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n2\"},\"spec\":{}}");
	fake_answer("200 OK", "{\"kind\":\"PodList\",\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"bare\","
	    "\"namespace\":\"default\",\"uid\":\"ub\"}}]}");
	struct drain *d = drain_new(&c, &nodes, "n2", on_changed, NULL);
	drain_read(d);
	run_until(d, DRAIN_PLANNED, base + 2, 10);
	T_EQ_INT(drain_state(d), DRAIN_PLANNED);
	T_EQ_INT(drain_start(d, why, sizeof why), -1);
	T_EQ_STR(why, "nothing sent: cannot delete Pods that declare no controller (use --force to override): "
	    "default/bare");
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, base + 2);
	drain_free(&d);
}

#define POD_B "{\"metadata\":{\"name\":\"b\",\"namespace\":\"shop\",\"uid\":\"ub\",\"ownerReferences\":[{\"kind\":" \
	"\"ReplicaSet\",\"name\":\"web-1\",\"controller\":true}]}}"
#define BARE "{\"metadata\":{\"name\":\"late\",\"namespace\":\"shop\",\"uid\":\"ul\"}}"
#define CORE_V1 "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":" \
	"\"pods/eviction\",\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\"}]}"
#define EVICTED "{\"kind\":\"Status\",\"status\":\"Success\",\"code\":201}"
#define NOT_FOUND "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}"

/* A drain of n3 planned over items, started and cordoned, the list after the cordon
 * answered with relist, then more (status and body pairs, NULL-ended); run until st. */
static void
relist_drain(struct cluster *c, const char *items, const char *relist, const char *const *more,
    enum drain_state st, struct drain **dp, int *base)
{
	static struct kres nodes = { .group = "", .version = "v1", .resource = "nodes", .singular = "node",
		.kind = "Node" };
	char why[600], *list;
	*base = fake_served;
	fake_answer("200 OK", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n3\"},\"spec\":{}}");
	list = xasprintf("{\"kind\":\"PodList\",\"metadata\":{},\"items\":[%s]}", items);
	fake_answer("200 OK", list);
	free(list);
	struct drain *d = *dp = drain_new(c, &nodes, "n3", on_changed, NULL);
	drain_read(d);
	run_until(d, DRAIN_PLANNED, *base + 2, 10);
	T_EQ_INT(drain_state(d), DRAIN_PLANNED);
	fake_answer("200 OK", "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n3\"},\"spec\":{\"unschedulable\":true}}");
	list = xasprintf("{\"kind\":\"PodList\",\"metadata\":{},\"items\":[%s]}", relist);
	fake_answer("200 OK", list);
	free(list);
	for (int i = 0; more != NULL && more[i] != NULL; i += 2)
		fake_answer(more[i], more[i + 1]);
	T_EQ_INT(drain_start(d, why, sizeof why), 0);
	run_until(d, st, *base + 4, 10);
	T_EQ_INT(drain_state(d), st);
	T_EQ_STR(line(*base + 2), "PATCH /api/v1/nodes/n3");
	T_EQ_STR(line(*base + 3), "GET /api/v1/pods?fieldSelector=spec.nodeName%3Dn3&limit=500");
}

T_CASE(drain_asks_about_a_pod_that_arrived_and_evicts_it_on_yes)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	int base;
	struct drain *d = NULL;
	relist_drain(&c, POD_A, POD_A "," POD_B, NULL, DRAIN_ASKING, &d, &base);
	/* nothing more is sent while it is asked */
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, base + 4);
	const struct drain_plan *a = drain_arrived(d);
	T_EQ_INT(a->n, 1);
	T_EQ_STR(a->items[0].name, "b");
	T_EQ_INT(a->items[0].verdict, DRAIN_EVICT);
	T_EQ_INT(drain_plan(d)->n, 1);
	T_EQ_STR(lastchange_get("kind-test")->what, "drained node n3 on kind-test (cordoned, 1 pod to evict)");
	fake_answer("200 OK", CORE_V1);
	fake_answer("201 Created", EVICTED);
	fake_answer("201 Created", EVICTED);
	fake_answer("404 Not Found", NOT_FOUND);
	fake_answer("404 Not Found", NOT_FOUND);
	T_EQ_INT(drain_answer(d, 1), 0);
	run_until(d, DRAIN_DONE, base + 9, 10);
	T_EQ_INT(drain_state(d), DRAIN_DONE);
	T_EQ_INT(drain_plan(d)->n, 2);
	T_EQ_INT(drain_arrived(d)->n, 0);
	T_EQ_STR(line(base + 4), "GET /api/v1");
	int ea = 0, eb = 0;
	for (int i = base + 5; i < base + 9; i++) {
		ea += strcmp(line(i), "POST /api/v1/namespaces/shop/pods/a/eviction") == 0;
		eb += strcmp(line(i), "POST /api/v1/namespaces/shop/pods/b/eviction") == 0;
	}
	T_EQ_INT(ea, 1);
	T_EQ_INT(eb, 1);
	T_EQ_INT(drain_pod(d, 1)->state, DRAIN_POD_GONE);
	T_EQ_INT(drain_answer(d, 1), -1);
	/* the last change counts what was evicted: the pod accepted at the question too */
	const struct lastchange *lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_STR(lc->what, "drained node n3 on kind-test (cordoned, 2 pods evicted)");
	T_EQ_STR(lc->undo, "uncordon node n3 on kind-test");
	drain_free(&d);
	lastchange_clear();
}

T_CASE(drain_sends_nothing_more_on_no)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	int base;
	struct drain *d = NULL;
	relist_drain(&c, POD_A, POD_B "," POD_A, NULL, DRAIN_ASKING, &d, &base);
	/* an undo started meanwhile: the drain's end notes nothing over it */
	lastchange_forget("kind-test");
	T_EQ_INT(drain_answer(d, 0), 0);
	T_ASSERT(lastchange_get("kind-test") == NULL);
	T_EQ_INT(drain_state(d), DRAIN_CANCELLED);
	T_EQ_STR(drain_message(d), "drain stopped, nothing evicted: node n3 stays cordoned with the 1 pod that arrived "
	    "since the plan (uncordon it to schedule pods there)");
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, base + 4);
	T_EQ_INT(drain_cordoned(d), 1);
	drain_free(&d);
	lastchange_clear();
}

T_CASE(drain_stops_on_an_arrival_it_would_refuse)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	int base;
	struct drain *d = NULL;
	relist_drain(&c, POD_A, POD_A "," BARE, NULL, DRAIN_FAILED, &d, &base);
	T_EQ_STR(drain_message(d), "unable to drain node \"n3\": cannot delete Pods that declare no controller (use "
	    "--force to override): shop/late (arrived since the plan)");
	T_EQ_INT(drain_plan_count(drain_arrived(d), DRAIN_REFUSE), 1);
	T_EQ_STR(lastchange_get("kind-test")->what, "cordoned node n3 on kind-test (the drain stopped, nothing evicted)");
	T_EQ_INT(drain_pods_in(d, DRAIN_POD_PENDING), 1);
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, base + 4);
	drain_free(&d);
	lastchange_clear();
}

T_CASE(drain_skips_a_pod_of_the_plan_gone_meanwhile)
{
	struct cluster c = { .context = "kind-test", .api = ap, .loop = lp };
	int base;
	/* a gone, b still there: b alone is evicted */
	static const char *const more[] = { "200 OK", CORE_V1, "201 Created", EVICTED, "404 Not Found", NOT_FOUND,
		NULL };
	struct drain *d = NULL;
	relist_drain(&c, POD_A "," POD_B, POD_B, more, DRAIN_DONE, &d, &base);
	T_EQ_STR(line(base + 4), "GET /api/v1");
	T_EQ_STR(line(base + 5), "POST /api/v1/namespaces/shop/pods/b/eviction");
	T_EQ_STR(line(base + 6), "GET /api/v1/namespaces/shop/pods/b");
	T_EQ_INT(drain_pod(d, 0)->state, DRAIN_POD_GONE);
	T_EQ_INT(drain_pod(d, 0)->tries, 0);
	T_EQ_INT(drain_pod(d, 1)->tries, 1);
	/* the plan's two, one gone before its eviction: one evicted */
	T_EQ_STR(lastchange_get("kind-test")->what, "drained node n3 on kind-test (cordoned, 1 pod evicted)");
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, base + 7);
	drain_free(&d);
	lastchange_clear();
}

int
main(void)
{
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	fake_connect(&lp, &hp, &ap);
	T_RUN(drain_sends_what_kubectl_drain_sends);
	T_RUN(drain_refuses_to_start_on_a_refusal_and_sends_nothing);
	T_RUN(drain_asks_about_a_pod_that_arrived_and_evicts_it_on_yes);
	T_RUN(drain_sends_nothing_more_on_no);
	T_RUN(drain_stops_on_an_arrival_it_would_refuse);
	T_RUN(drain_skips_a_pod_of_the_plan_gone_meanwhile);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
