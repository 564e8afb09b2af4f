#include "t.h"
/* size without a cluster: quantities as the API takes them, each field's check (a bad
 * quantity, a request above its limit, each named), the values taken, the sentence of
 * what changes, the strategic merge patch kubectl set resources sends, the patch that
 * puts the earlier resources back (null for what was not set) and the last change noted. */
#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/quantity.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/size.h"

static struct kres deploy = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };

static const char *web_json =
	"{\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":2,"
	"\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
	"\"spec\":{\"initContainers\":[{\"name\":\"setup\",\"image\":\"busybox\"}],"
	"\"containers\":[{\"name\":\"app\",\"image\":\"web:1\",\"resources\":{\"requests\":{\"cpu\":\"100m\","
	"\"memory\":\"64Mi\"},\"limits\":{\"memory\":\"128Mi\",\"ephemeral-storage\":\"1Gi\"}}},"
	"{\"name\":\"side\",\"image\":\"side:1\"}]}}}}";

static struct size_plan *
web_plan(void)
{
	cJSON *o = cJSON_Parse(web_json);
	char why[200];
	struct size_plan *p = size_plan_new(o, why, sizeof why);
	cJSON_Delete(o);
	return p;
}

T_CASE(quantity_grammar)
{
	long double v;
	T_EQ_INT(quantity_parse("250m", &v), 0);
	T_ASSERT(v > 0.2499L && v < 0.2501L);
	T_EQ_INT(quantity_parse("128Mi", &v), 0);
	T_ASSERT(v == 134217728.0L);
	T_EQ_INT(quantity_parse("1.5", &v), 0);
	T_EQ_INT(quantity_parse(".5", &v), 0);
	T_EQ_INT(quantity_parse("1e3", &v), 0);
	T_ASSERT(v == 1000.0L);
	T_EQ_INT(quantity_parse("1E", &v), 0);   /* exa */
	T_EQ_INT(quantity_parse("2G", &v), 0);
	T_EQ_INT(quantity_parse("12x", &v), -1);
	T_EQ_INT(quantity_parse("", &v), -1);
	T_EQ_INT(quantity_parse("m", &v), -1);
	T_EQ_INT(quantity_parse("1 Mi", &v), -1);
	T_EQ_INT(quantity_parse("inf", &v), -1);
	T_EQ_INT(quantity_parse("0x10", &v), -1);
	T_EQ_INT(quantity_parse("1MI", &v), -1);
	T_EQ_INT(quantity_parse("1.", &v), 0);
	T_EQ_INT(quantity_parse(".", &v), -1);
	T_EQ_INT(quantity_cmp("0.1", "100m"), 0);
	T_EQ_INT(quantity_cmp("1Gi", "1G"), 1);
	T_EQ_INT(quantity_cmp("500m", "1"), -1);
	char why[200];
	T_EQ_INT(quantity_check("-1", "cpu request", why, sizeof why), -1);
	T_EQ_STR(why, "cpu request -1 is below 0");
	T_EQ_INT(quantity_check("12x", "memory limit", why, sizeof why), -1);
	T_EQ_STR(why, "memory limit \"12x\" is not a quantity (like 250m, 0.5, 128Mi or 1Gi)");
}

static const char *
canon(const char *q)
{
	static char out[64];
	if (quantity_canonical(q, out, sizeof out) != 0)
		return "(none)";
	return out;
}

/* each as kubectl set resources --local writes it */
T_CASE(quantity_canonical_as_the_server_writes)
{
	T_EQ_STR(canon("250m"), "250m");
	T_EQ_STR(canon("0.25"), "250m");
	T_EQ_STR(canon(".5"), "500m");
	T_EQ_STR(canon("1.5"), "1500m");
	T_EQ_STR(canon("1000m"), "1");
	T_EQ_STR(canon("0.1"), "100m");
	T_EQ_STR(canon("0.05"), "50m");
	T_EQ_STR(canon("2"), "2");
	T_EQ_STR(canon("1000"), "1k");
	T_EQ_STR(canon("1500000"), "1500k");
	T_EQ_STR(canon("1G"), "1G");
	T_EQ_STR(canon("1000M"), "1G");
	T_EQ_STR(canon("128Mi"), "128Mi");
	T_EQ_STR(canon("1024Mi"), "1Gi");
	T_EQ_STR(canon("1.5Gi"), "1536Mi");
	T_EQ_STR(canon("0.5Ki"), "512");
	T_EQ_STR(canon("1Ki"), "1Ki");
	T_EQ_STR(canon("1Ei"), "1Ei");   /* a suffix, not an exponent */
	T_EQ_STR(canon("2E"), "2E");
	T_EQ_STR(canon("-0"), "0");
	T_EQ_STR(canon("-1"), "(none)");
	T_EQ_STR(canon("0.3Ki"), "307200m");
	T_EQ_STR(canon("1e3"), "1e3");
	T_EQ_STR(canon("1.5e3"), "1500");
	T_EQ_STR(canon("1E"), "1E");
	T_EQ_STR(canon("0"), "0");
	T_EQ_STR(canon("0Mi"), "0");
	T_EQ_STR(canon("0.0000000001"), "(none)");
	T_EQ_STR(canon("12x"), "(none)");
	T_EQ_STR(canon("-1"), "(none)");
}

T_CASE(size_plan_reads_containers)
{
	struct size_plan *p = web_plan();
	T_ASSERT(p != NULL);
	T_EQ_INT((int)p->n, 3);
	T_EQ_STR(p->c[0].name, "setup");
	T_EQ_INT(p->c[0].init, 1);
	T_EQ_STR(p->c[1].name, "app");
	T_EQ_INT((int)p->c[1].index, 0);
	T_EQ_STR(p->c[1].was[SIZE_CPU_REQ], "100m");
	T_ASSERT(p->c[1].was[SIZE_CPU_LIM] == NULL);
	T_EQ_STR(p->c[1].was[SIZE_MEM_LIM], "128Mi");
	T_EQ_STR(p->c[2].name, "side");
	T_EQ_INT((int)p->c[2].index, 1);
	T_EQ_INT((int)size_changed(p), 0);
	size_plan_free(&p);
	size_plan_free(&p);

	char why[200];
	cJSON *o = cJSON_Parse("{\"kind\":\"Deployment\",\"spec\":{}}");
	T_ASSERT(size_plan_new(o, why, sizeof why) == NULL);
	T_EQ_STR(why, "it has no pod template with containers to size");
	cJSON_Delete(o);
}

T_CASE(size_usage_by_container)
{
	struct size_plan *p = web_plan();
	cJSON *l = cJSON_Parse("{\"items\":[{\"containers\":[{\"name\":\"app\",\"usage\":{\"cpu\":\"10000000n\","
	    "\"memory\":\"40Mi\"}},{\"name\":\"side\",\"usage\":{\"cpu\":\"1m\",\"memory\":\"1Mi\"}}]},"
	    "{\"containers\":[{\"name\":\"app\",\"usage\":{\"cpu\":\"30m\",\"memory\":\"20Mi\"}}]}]}");
	size_plan_usage(p, l);
	T_EQ_INT(p->usage, SIZE_USAGE_SERVED);
	T_EQ_INT(p->c[1].pods, 2);
	T_EQ_INT((int)p->c[1].cpu_avg, 20);
	T_EQ_INT((int)p->c[1].cpu_max, 30);
	T_ASSERT(p->c[1].mem_avg == 30LL * 1048576);
	T_EQ_INT(p->c[2].pods, 1);
	T_EQ_INT(p->c[0].pods, 0);
	T_EQ_INT((int)p->c[0].cpu_avg, -1);
	cJSON_Delete(l);
	size_plan_free(&p);
}

T_CASE(size_check_names_the_field)
{
	struct size_plan *p = web_plan();
	char why[300];
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, "250m", "", why, sizeof why), 0);
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, "", "", why, sizeof why), 0);
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, " 250m ", " 1 ", why, sizeof why), 0);
	T_EQ_STR(why, "");
	T_EQ_INT(size_check(p, 1, SIZE_CPU_LIM, " 100m", "250m ", why, sizeof why), -1);
	T_EQ_STR(why, "container app: cpu request 250m is more than its limit 100m");
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, "12x", "", why, sizeof why), -1);
	T_EQ_STR(why, "container app: cpu request \"12x\" is not a quantity (like 250m, 0.5, 128Mi or 1Gi)");
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, "2", "500m", why, sizeof why), -1);
	T_EQ_STR(why, "container app: cpu request 2 is more than its limit 500m");
	T_EQ_INT(size_check(p, 1, SIZE_MEM_LIM, "32Mi", "64Mi", why, sizeof why), -1);
	T_EQ_STR(why, "container app: memory request 64Mi is more than its limit 32Mi");
	T_EQ_INT(size_check(p, 0, SIZE_MEM_LIM, "1Gi", "1Gi", why, sizeof why), 0);
	T_EQ_INT(size_check(p, 0, SIZE_MEM_REQ, "2Gi", "1Gi", why, sizeof why), -1);
	T_EQ_STR(why, "init container setup: memory request 2Gi is more than its limit 1Gi");
	/* a wrong partner is its own field's error, not this one's */
	T_EQ_INT(size_check(p, 1, SIZE_CPU_REQ, "1", "zz", why, sizeof why), 0);
	size_plan_free(&p);
}

static const char *
web_values(size_t i, const char *app_cpu_req, const char *app_mem_lim)
{
	static const char *v[12] = { "", "", "", "", "100m", "", "64Mi", "128Mi", "", "", "", "" };
	if (i == 4)
		return app_cpu_req;
	if (i == 7)
		return app_mem_lim;
	return v[i];
}

static int
web_take(struct size_plan *p, const char *cpu, const char *mem, char *why, size_t len)
{
	const char *v[12];
	for (size_t i = 0; i < 12; i++)
		v[i] = web_values(i, cpu, mem);
	return size_take(p, v, 12, why, len);
}

T_CASE(size_take_patch_and_undo)
{
	struct size_plan *p = web_plan();
	char why[300];
	T_EQ_INT(web_take(p, "2", "128Mi", why, sizeof why), 0);   /* no cpu limit: any request */
	T_EQ_INT(web_take(p, "100m", "32Mi", why, sizeof why), -1);
	T_EQ_STR(why, "container app: memory request 64Mi is more than its limit 32Mi");
	T_EQ_INT(web_take(p, "0.1", "128Mi", why, sizeof why), 0);
	T_EQ_INT((int)size_changed(p), 0);   /* 0.1 is the 100m there */
	T_EQ_INT(web_take(p, " 0.25 ", "0.25Gi", why, sizeof why), 0);
	T_EQ_STR(p->c[1].want[SIZE_CPU_REQ], "250m");
	T_EQ_STR(p->c[1].want[SIZE_MEM_LIM], "256Mi");
	T_EQ_INT((int)size_changed(p), 2);
	char *s = size_changes(p, 0);
	T_EQ_STR(s, "container app: cpu request 100m -> 250m, memory limit 128Mi -> 256Mi");
	free(s);
	s = size_changes(p, 1);
	T_EQ_STR(s, "container app: cpu request 250m -> 100m, memory limit 256Mi -> 128Mi");
	free(s);
	/* kubectl set resources' two-way patch: the changed container by name, the list's order */
	s = size_patch(p, 0);
	T_EQ_STR(s, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},"
	    "{\"name\":\"side\"}],\"containers\":[{\"name\":\"app\",\"resources\":{\"limits\":{\"memory\":\"256Mi\"},"
	    "\"requests\":{\"cpu\":\"250m\"}}}]}}}}");
	free(s);
	s = size_patch(p, 1);
	T_EQ_STR(s, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},"
	    "{\"name\":\"side\"}],\"containers\":[{\"name\":\"app\",\"resources\":{\"limits\":{\"memory\":\"128Mi\"},"
	    "\"requests\":{\"cpu\":\"100m\"}}}]}}}}");
	free(s);
	s = size_changed_path(p);
	T_EQ_STR(s, "/spec/template/spec/containers/0/resources");
	free(s);
	s = size_changed_set(p);
	T_EQ_STR(s, "{\"limits\":{\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\"}}");
	free(s);
	size_plan_free(&p);
}

T_CASE(size_removal_and_new_fields)
{
	struct size_plan *p = web_plan();
	char why[300];
	const char *v[12] = { "", "", "", "", "", "", "64Mi", "128Mi", "50m", "1", "", "" };
	/* app's cpu request removed; side gets a cpu request and limit it had not */
	T_EQ_INT(size_take(p, v, 12, why, sizeof why), 0);
	char *s = size_changes(p, 0);
	T_EQ_STR(s, "container app: cpu request 100m -> none; container side: cpu request none -> 50m, "
	    "cpu limit none -> 1");
	free(s);
	s = size_patch(p, 0);
	T_EQ_STR(s, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},"
	    "{\"name\":\"side\"}],\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":null}}},"
	    "{\"name\":\"side\",\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"50m\"}}}]}}}}");
	free(s);
	/* back: what was not set is null again */
	s = size_patch(p, 1);
	T_EQ_STR(s, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"},"
	    "{\"name\":\"side\"}],\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}},"
	    "{\"name\":\"side\",\"resources\":{\"limits\":null,\"requests\":null}}]}}}}");
	free(s);
	size_plan_free(&p);
}

T_CASE(size_plan_and_lastchange)
{
	struct cluster c = { .context = "prod" };
	struct op_target one[] = { { "shop", "web" } };
	struct op_req *req = op_req_new(&op_size, &c, &deploy, one, 1);
	T_ASSERT(op_find("size") == &op_size);
	T_ASSERT(op_for_action("size") == &op_size);
	char *s = op_size.plan(req);
	T_EQ_STR(s, "Size deployment web in shop on prod (each container's requests and limits, from a form)?");
	free(s);
	struct size_plan *p = web_plan();
	char why[300];
	T_EQ_INT(web_take(p, "250m", "128Mi", why, sizeof why), 0);
	struct lastchange *lc = size_lastchange(req, p);
	T_EQ_STR(lc->context, "prod");
	T_EQ_STR(lc->what, "resized deployment web in shop on prod (container app: cpu request 100m -> 250m)");
	T_EQ_STR(lc->undo, "put back the resources of deployment web in shop on prod (container app: cpu request 250m -> 100m)");
	T_EQ_INT((int)lc->n, 1);
	T_EQ_STR(lc->steps[0].name, "web");
	T_EQ_STR(lc->steps[0].ns, "shop");
	T_ASSERT(lc->steps[0].subresource == NULL);
	T_EQ_INT(lc->steps[0].patch_type, API_PATCH_STRATEGIC);
	T_EQ_STR(lc->steps[0].patch, "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":"
	    "[{\"name\":\"app\"},{\"name\":\"side\"}],\"containers\":[{\"name\":\"app\",\"resources\":"
	    "{\"requests\":{\"cpu\":\"100m\"}}}]}}}}");
	T_EQ_STR(lc->steps[0].path, "/spec/template/spec/containers/0/resources");
	lastchange_free(&lc);
	size_attach(req, p);
	T_ASSERT(size_plan_of(req) == p);
	s = op_size.plan(req);
	T_EQ_STR(s, "Size deployment web in shop on prod (container app: cpu request 100m -> 250m)? "
	    "Its pods are replaced as in a rollout.");
	free(s);
	/* given back (the form comes again): the wants as taken, req without a plan */
	T_ASSERT(size_take_back(req) == p);
	T_ASSERT(size_plan_of(req) == NULL);
	T_ASSERT(size_take_back(req) == NULL);
	T_EQ_STR(p->c[1].want[SIZE_CPU_REQ], "250m");
	size_attach(req, p);
	size_detach(req);
	T_ASSERT(size_plan_of(req) == NULL);
	op_req_free(&req);
}

int
main(void)
{
	T_RUN(quantity_grammar);
	T_RUN(quantity_canonical_as_the_server_writes);
	T_RUN(size_plan_reads_containers);
	T_RUN(size_usage_by_container);
	T_RUN(size_check_names_the_field);
	T_RUN(size_take_patch_and_undo);
	T_RUN(size_removal_and_new_fields);
	T_RUN(size_plan_and_lastchange);
	return t_done();
}
