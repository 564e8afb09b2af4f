#include "t.h"
/* Discovery's table from group version lists: a group's other versions add only what its
 * preferred version does not serve (Kubernetes 1.20's batch/v1beta1 cronjobs beside
 * batch/v1 jobs), and the preferred version wins whichever answer comes first. */
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"

static const char *const batch_v1 = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"batch/v1\",\"resources\":["
    "{\"name\":\"jobs\",\"namespaced\":true,\"kind\":\"Job\",\"verbs\":[\"get\",\"list\",\"watch\"]},"
    "{\"name\":\"jobs/status\",\"namespaced\":true,\"kind\":\"Job\",\"verbs\":[\"get\"]}]}";
static const char *const batch_v1beta1 = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"batch/v1beta1\",\"resources\":["
    "{\"name\":\"cronjobs\",\"namespaced\":true,\"kind\":\"CronJob\",\"verbs\":[\"get\",\"list\",\"watch\"],"
    "\"shortNames\":[\"cj\"]},"
    "{\"name\":\"jobs\",\"namespaced\":true,\"kind\":\"Job\",\"verbs\":[\"get\"]}]}";

static struct discovery *
mk(struct loop **l, struct http **h)
{
	struct kconn conn = { .server = "http://127.0.0.1:1", .namespace = "default" };
	struct kd_err err = { 0 };
	*l = loop_new();
	*h = http_new(*l, &conn, &err);
	return *h ? discovery_new(*h, t_tmpdir(), 600) : NULL;
}

static void
check_batch(struct discovery *d)
{
	const struct kres *cj = discovery_find(d, "cj"), *jobs = discovery_find(d, "jobs");
	T_ASSERT(cj != NULL);
	T_EQ_STR(cj->version, "v1beta1");
	T_EQ_STR(cj->resource, "cronjobs");
	T_ASSERT(jobs != NULL);
	T_EQ_STR(jobs->version, "v1");
	T_EQ_INT(jobs->verbs & 2, 2);   /* the preferred version's verbs: list */
	T_EQ_INT(discovery_count(d), 2);
}

static void
run(int preferred_first)
{
	struct loop *l;
	struct http *h;
	struct discovery *d = mk(&l, &h);
	struct kd_err err = { 0 };
	T_ASSERT(d != NULL);
	if (preferred_first) {
		T_EQ_INT(discovery_add_json(d, batch_v1, strlen(batch_v1), "batch/v1", 0, &err), 0);
		T_EQ_INT(discovery_add_json(d, batch_v1beta1, strlen(batch_v1beta1), "batch/v1beta1", 1, &err), 0);
	} else {
		T_EQ_INT(discovery_add_json(d, batch_v1beta1, strlen(batch_v1beta1), "batch/v1beta1", 1, &err), 0);
		T_EQ_INT(discovery_add_json(d, batch_v1, strlen(batch_v1), "batch/v1", 0, &err), 0);
	}
	check_batch(d);
	discovery_free(&d);
	http_free(&h);
	loop_free(&l);
}

T_CASE(discovery_other_version_adds_what_preferred_lacks) { run(1); }
T_CASE(discovery_preferred_wins_arriving_second) { run(0); }

/* a scale subresource listed before its resource (a CRD's), after it, and in the
 * aggregated form: each known, so scale works on custom resources too */
T_CASE(discovery_records_scale_subresources)
{
	static const char *const crd = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"x.io/v1\",\"resources\":["
	    "{\"name\":\"pools/scale\",\"namespaced\":true,\"group\":\"autoscaling\",\"version\":\"v1\","
	    "\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]},"
	    "{\"name\":\"pools\",\"namespaced\":true,\"kind\":\"Pool\",\"verbs\":[\"get\",\"list\"]},"
	    "{\"name\":\"cones\",\"namespaced\":true,\"kind\":\"Cone\",\"verbs\":[\"get\",\"list\"]},"
	    "{\"name\":\"cones/status\",\"namespaced\":true,\"kind\":\"Cone\",\"verbs\":[\"get\"]}]}";
	static const char *const agg = "{\"kind\":\"APIGroupDiscoveryList\",\"items\":[{\"metadata\":{\"name\":\"apps\"},"
	    "\"versions\":[{\"version\":\"v1\",\"resources\":[{\"resource\":\"deployments\",\"scope\":\"Namespaced\","
	    "\"responseKind\":{\"kind\":\"Deployment\"},\"verbs\":[\"get\"],"
	    "\"subresources\":[{\"subresource\":\"scale\"},{\"subresource\":\"status\"}]},"
	    "{\"resource\":\"controllerrevisions\",\"scope\":\"Namespaced\",\"responseKind\":{\"kind\":\"ControllerRevision\"},"
	    "\"verbs\":[\"get\"]}]}]}]}";
	struct loop *l;
	struct http *h;
	struct discovery *d = mk(&l, &h);
	struct kd_err err = { 0 };
	T_ASSERT(d != NULL);
	T_EQ_INT(discovery_add_json(d, crd, strlen(crd), "x.io/v1", 0, &err), 0);
	T_EQ_INT(discovery_add_json(d, agg, strlen(agg), NULL, 0, &err), 0);
	T_EQ_INT(discovery_count(d), 4);
	T_EQ_INT(discovery_find(d, "pools")->subres, KRES_SUB_SCALE);
	T_EQ_INT(discovery_find(d, "cones")->subres, KRES_SUB_STATUS);
	T_EQ_INT(discovery_find(d, "deployments")->subres, KRES_SUB_SCALE | KRES_SUB_STATUS);
	T_EQ_INT(discovery_find(d, "controllerrevisions")->subres, 0);
	discovery_free(&d);
	http_free(&h);
	loop_free(&l);
}

T_CASE(discovery_bad_document)
{
	struct loop *l;
	struct http *h;
	struct discovery *d = mk(&l, &h);
	struct kd_err err = { 0 };
	T_ASSERT(d != NULL);
	T_EQ_INT(discovery_add_json(d, "{", 1, "batch/v1", 0, &err), -1);
	T_CONTAINS(err.msg, "not JSON");
	T_EQ_INT(discovery_add_json(d, "{\"kind\":\"Status\"}", 17, "batch/v1", 0, &err), -1);
	T_CONTAINS(err.msg, "not a resource list");
	T_EQ_INT(discovery_count(d), 0);
	discovery_free(&d);
	http_free(&h);
	loop_free(&l);
}

/* A copy owns every string and short name (kres_clear of both frees each once, which
 * ASan checks) and carries every other field: the source's unset bytes are a pattern, so
 * a field kres_copy forgets is 0 in the copy and the byte comparison fails. */
T_CASE(kres_copy_copies_every_field)
{
	char *shorts[] = { "deploy", "dp" };
	struct kres s;
	memset(&s, 0xa5, sizeof s);
	s.group = "apps";
	s.version = "v1";
	s.resource = "deployments";
	s.singular = "deployment";
	s.kind = "Deployment";
	s.short_names = shorts;
	s.nshort = 2;
	s.namespaced = 1;
	s.verbs = KRES_GET | KRES_LIST | KRES_PATCH;
	s.subres = KRES_SUB_STATUS | KRES_SUB_SCALE;

	struct kres *d = kres_dup(&s);
	T_EQ_STR(d->group, "apps");
	T_EQ_STR(d->version, "v1");
	T_EQ_STR(d->resource, "deployments");
	T_EQ_STR(d->singular, "deployment");
	T_EQ_STR(d->kind, "Deployment");
	T_EQ_INT(d->nshort, 2);
	T_EQ_STR(d->short_names[0], "deploy");
	T_EQ_STR(d->short_names[1], "dp");
	T_EQ_INT(d->namespaced, 1);
	T_EQ_INT(d->verbs, KRES_GET | KRES_LIST | KRES_PATCH);
	T_EQ_INT(d->subres, KRES_SUB_STATUS | KRES_SUB_SCALE);
	T_ASSERT(d->group != s.group && d->version != s.version && d->resource != s.resource);
	T_ASSERT(d->singular != s.singular && d->kind != s.kind);
	T_ASSERT(d->short_names != s.short_names);
	T_ASSERT(d->short_names[0] != shorts[0] && d->short_names[1] != shorts[1]);

	/* with the pointers put back, the copy is the source byte for byte */
	struct kres back = *d;
	back.group = s.group;
	back.version = s.version;
	back.resource = s.resource;
	back.singular = s.singular;
	back.kind = s.kind;
	back.short_names = s.short_names;
	T_ASSERT(memcmp(&back, &s, sizeof s) == 0);

	/* a copy of the copy, then both cleared: each string is freed once */
	struct kres again;
	kres_copy(&again, d);
	kres_clear(d);
	free(d);
	T_EQ_STR(again.short_names[1], "dp");
	T_EQ_STR(again.kind, "Deployment");
	kres_clear(&again);
	T_ASSERT(again.group == NULL && again.short_names == NULL && again.nshort == 0);
}

/* What a resource lacks is "" in the copy (the version "v1"), never a NULL. */
T_CASE(kres_copy_fills_what_is_missing)
{
	struct kres s = { .resource = "widgets", .namespaced = 1 };
	struct kres d;
	kres_copy(&d, &s);
	T_EQ_STR(d.group, "");
	T_EQ_STR(d.version, "v1");
	T_EQ_STR(d.resource, "widgets");
	T_EQ_STR(d.singular, "");
	T_EQ_STR(d.kind, "");
	T_ASSERT(d.short_names == NULL);
	T_EQ_INT(d.nshort, 0);
	T_EQ_INT(d.namespaced, 1);
	kres_clear(&d);
}

int
main(void)
{
	T_RUN(kres_copy_copies_every_field);
	T_RUN(kres_copy_fills_what_is_missing);
	T_RUN(discovery_other_version_adds_what_preferred_lacks);
	T_RUN(discovery_preferred_wins_arriving_second);
	T_RUN(discovery_bad_document);
	T_RUN(discovery_records_scale_subresources);
	return t_done();
}
