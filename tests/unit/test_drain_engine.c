#define _GNU_SOURCE
#include "t.h"
/* The drain's engine (ops/drain.c) against a scripted server, request by request as
 * kubectl drain sends them: the node, its pods in chunks of 500 (the continue token
 * followed), nothing sent before drain_start; then the cordon's patch, the core API read
 * for the eviction's group/version (policy/v1beta1 here, as on 1.20), the Eviction in that
 * version, a 429 that names a budget (read to show its counts, the eviction tried again
 * after 5 s), and the pod read until it is gone; a mirror pod left alone. */
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
	fake_answer("200 OK", "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
	    "\"pods/eviction\",\"group\":\"policy\",\"version\":\"v1beta1\",\"kind\":\"Eviction\"}]}");
	fake_answer("429 Too Many Requests", CAUSE_429);
	fake_answer("200 OK", "{\"kind\":\"PodDisruptionBudget\",\"status\":{\"disruptionsAllowed\":0,"
	    "\"currentHealthy\":2,\"desiredHealthy\":2,\"expectedPods\":2}}");
	T_EQ_INT(drain_start(d, why, sizeof why), 0);
	run_until(d, DRAIN_EVICTING, base + 7, 10);
	for (int i = 0; i < 250 && drain_pod(d, 0)->allowed < 0; i++)
		loop_run_once(lp, 20);
	T_EQ_STR(line(base + 3), "PATCH /api/v1/nodes/n1");
	T_CONTAINS(fake_requests[base + 3], "application/strategic-merge-patch+json");
	T_EQ_STR(body(base + 3), "{\"spec\":{\"unschedulable\":true}}");
	T_EQ_STR(line(base + 4), "GET /api/v1");
	T_EQ_STR(line(base + 5), "POST /api/v1/namespaces/shop/pods/a/eviction");
	T_EQ_STR(body(base + 5), "{\"kind\":\"Eviction\",\"apiVersion\":\"policy/v1beta1\",\"metadata\":{\"name\":\"a\","
	    "\"namespace\":\"shop\",\"creationTimestamp\":null},\"deleteOptions\":{}}");
	/* no retry of its own by the HTTP client: the drain's, after 5 s */
	T_EQ_STR(line(base + 6), "GET /apis/policy/v1beta1/namespaces/shop/poddisruptionbudgets/web");
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
	run_until(d, DRAIN_DONE, base + 10, 15);
	T_EQ_INT(drain_state(d), DRAIN_DONE);
	T_EQ_STR(line(base + 7), "POST /api/v1/namespaces/shop/pods/a/eviction");
	T_EQ_STR(line(base + 8), "GET /api/v1/namespaces/shop/pods/a");
	T_EQ_STR(line(base + 9), "GET /api/v1/namespaces/shop/pods/a");
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

int
main(void)
{
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	struct kconn conn = { .server = (char *)fake_start(), .namespace = "default",
		.context = "kind-test", .user = "kind-user" };
	struct kd_err err;
	lp = loop_new();
	hp = http_new(lp, &conn, &err);
	ap = api_new(hp, "kind-test", &conn);
	/* the first change asks who the user is: a server without SelfSubjectReview */
	for (int i = 0; i < 3; i++)
		fake_answer("404 Not Found", "{\"kind\":\"Status\",\"code\":404}");
	api_whoami(ap);
	for (int i = 0; i < 100 && fake_served < 3; i++)
		loop_run_once(lp, 20);
	T_RUN(drain_sends_what_kubectl_drain_sends);
	T_RUN(drain_refuses_to_start_on_a_refusal_and_sends_nothing);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
