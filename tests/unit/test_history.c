/* Rollout history: a Deployment's revisions from the ReplicaSets it owns, a StatefulSet's
 * from its ControllerRevisions; which is current; kubectl rollout undo's choice of a
 * revision, its refusals in its words and the patches it sends. */
#include "t.h"

#include <time.h>

#include <cjson/cJSON.h>

#include "model/history.h"
#include "model/linediff.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static cJSON *
parse(const char *s)
{
	cJSON *j = cJSON_Parse(s);
	if (j == NULL) {
		fprintf(stderr, "bad JSON in test: %s\n", s);
		abort();
	}
	return j;
}

#define TMPL(hash, img) \
	"{\"metadata\":{\"labels\":{\"app\":\"web\"" hash "}}," \
	"\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" img "\"}]}}"

#define RS(name, rev, cause, hash, img, replicas, owner) \
	"{\"metadata\":{\"name\":\"" name "\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\"," \
	"\"annotations\":{\"deployment.kubernetes.io/revision\":\"" rev "\"" cause "}," \
	"\"ownerReferences\":[{\"uid\":\"" owner "\"}]}," \
	"\"spec\":{\"template\":" TMPL(",\"pod-template-hash\":\"" hash "\"", img) "}," \
	"\"status\":{\"replicas\":" replicas "}}"

static const char deploy[] =
	"{\"metadata\":{\"name\":\"web\",\"uid\":\"d1\",\"annotations\":{"
	"\"deployment.kubernetes.io/revision\":\"3\",\"team\":\"shop\","
	"\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}},"
	"\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
	"[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"a\",\"b\"]}]},"
	"\"template\":" TMPL("", "web:3") "}}";

static const char rslist[] = "["
	RS("web-3", "3", "", "h3", "web:3", "2", "d1") ","
	RS("web-1", "1", ",\"kubernetes.io/change-cause\":\"first\",\"zz\":\"rs\"", "h1", "web:1", "0", "d1") ","
	RS("other", "7", "", "h7", "other:1", "1", "x9") ","
	RS("web-2", "2", "", "h2", "web:2", "0", "d1") "]";

T_CASE(history_deployment_revisions)
{
	cJSON *d = parse(deploy), *items = parse(rslist);
	struct kd_err err = { 0 };
	struct history *h = history_build(d, "deployments", items, &err);
	T_ASSERT(h != NULL);
	/* only those it owns, oldest first */
	T_EQ_INT(h->n, 3);
	T_EQ_INT(h->revs[0].revision, 1);
	T_EQ_INT(h->revs[2].revision, 3);
	T_EQ_STR(h->revs[0].name, "web-1");
	T_EQ_STR(h->revs[0].cause, "first");
	T_EQ_STR(h->revs[1].cause, "");
	T_EQ_STR(h->revs[0].images, "web:1");
	T_EQ_INT(h->revs[2].replicas, 2);
	T_ASSERT(h->revs[0].created > 0);
	T_ASSERT(!h->revs[0].current && !h->revs[1].current && h->revs[2].current);
	T_ASSERT(history_current(h) == &h->revs[2]);
	/* the template as kubectl prints it: no pod-template-hash */
	char *y = history_yaml(h->revs[0].tmpl);
	T_LACKS(y, "pod-template-hash");
	T_CONTAINS(y, "image: web:1");
	free(y);
	char *sel = history_selector(d);
	T_EQ_STR(sel, "app=web,tier in (a,b)");
	free(sel);
	history_free(&h);
	T_ASSERT(h == NULL);
	cJSON_Delete(d);
	cJSON_Delete(items);
}

T_CASE(history_deployment_target)
{
	cJSON *d = parse(deploy), *items = parse(rslist);
	struct kd_err err = { 0 };
	struct history *h = history_build(d, "deployments", items, &err);
	const struct history_rev *r;
	char why[256];
	/* 0 is the one before the newest */
	T_EQ_INT(history_target(h, 0, &r, why, sizeof why), 0);
	T_EQ_INT(r->revision, 2);
	T_EQ_INT(history_target(h, 1, &r, why, sizeof why), 0);
	T_EQ_INT(r->revision, 1);
	T_ASSERT(!history_matches(h, r));
	T_EQ_INT(history_target(h, 9, &r, why, sizeof why), -1);
	T_EQ_STR(why, "unable to find specified revision 9 in history");
	T_EQ_INT(history_target(h, 3, &r, why, sizeof why), 0);
	T_ASSERT(history_matches(h, r));
	history_skipped(r, why, sizeof why);
	T_EQ_STR(why, "skipped rollback (current template already matches revision 3)");
	history_free(&h);

	/* paused: refused before anything else */
	cJSON_AddTrueToObject(cJSON_GetObjectItem(d, "spec"), "paused");
	h = history_build(d, "deployments", items, &err);
	T_EQ_INT(history_target(h, 1, &r, why, sizeof why), -1);
	T_EQ_STR(why, "you cannot rollback a paused deployment; resume it first with "
	    "'kubectl rollout resume' and try again");
	history_free(&h);
	cJSON_Delete(d);
	cJSON_Delete(items);
}

T_CASE(history_deployment_patch)
{
	cJSON *d = parse(deploy), *items = parse(rslist);
	struct kd_err err = { 0 };
	struct history *h = history_build(d, "deployments", items, &err);
	int json = 0;
	char *p = history_rollback_patch(h, history_find(h, 1), &json);
	T_EQ_INT(json, 1);
	/* the template without the hash; the ReplicaSet's annotations but the Deployment's
	 * revision and last-applied-configuration; keys in order */
	T_EQ_STR(p, "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":"
	    "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":"
	    "[{\"name\":\"web\",\"image\":\"web:1\"}]}}},"
	    "{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":"
	    "{\"deployment.kubernetes.io/revision\":\"3\","
	    "\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\","
	    "\"kubernetes.io/change-cause\":\"first\",\"zz\":\"rs\"}}]");
	free(p);
	history_free(&h);
	cJSON_Delete(d);
	cJSON_Delete(items);
}

#define CR(name, rev, img, owner) \
	"{\"metadata\":{\"name\":\"" name "\",\"ownerReferences\":[{\"uid\":\"" owner "\"}]}," \
	"\"revision\":" rev ",\"data\":{\"spec\":{\"template\":{\"$patch\":\"replace\"," \
	"\"metadata\":{\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":" \
	"[{\"name\":\"db\",\"image\":\"" img "\"}]}}}}}"

T_CASE(history_statefulset)
{
	cJSON *s = parse("{\"metadata\":{\"name\":\"db\",\"uid\":\"s1\"},"
	    "\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"db\"}},\"template\":"
	    "{\"metadata\":{\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":"
	    "[{\"name\":\"db\",\"image\":\"db:2\"}]}}},"
	    "\"status\":{\"updateRevision\":\"db-b\",\"currentRevision\":\"db-a\","
	    "\"updatedReplicas\":1,\"currentReplicas\":2}}");
	cJSON *items = parse("[" CR("db-b", "2", "db:2", "s1") "," CR("db-a", "1", "db:1", "s1") ","
	    CR("zz", "5", "db:9", "s2") "]");
	struct kd_err err = { 0 };
	struct history *h = history_build(s, "statefulsets", items, &err);
	T_ASSERT(h != NULL);
	T_EQ_INT(h->n, 2);
	T_EQ_INT(h->revs[0].revision, 1);
	T_EQ_INT(h->revs[0].replicas, 2);
	T_EQ_INT(h->revs[1].replicas, 1);
	T_ASSERT(h->revs[1].current && !h->revs[0].current);
	char *y = history_yaml(h->revs[0].tmpl);
	T_LACKS(y, "$patch");
	free(y);
	const struct history_rev *r;
	char why[256];
	T_EQ_INT(history_target(h, 0, &r, why, sizeof why), 0);
	T_EQ_INT(r->revision, 1);
	int json = 1;
	char *p = history_rollback_patch(h, r, &json);
	T_EQ_INT(json, 0);
	/* the data as stored, $patch and all */
	T_EQ_STR(p, "{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"labels\":"
	    "{\"app\":\"db\"}},\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"db:1\"}]}}}}");
	free(p);
	history_free(&h);
	/* one revision only: no previous one */
	cJSON *one = parse("[" CR("db-b", "2", "db:2", "s1") "]");
	h = history_build(s, "statefulsets", one, &err);
	T_EQ_INT(history_target(h, 0, &r, why, sizeof why), -1);
	T_EQ_STR(why, "unable to find specified revision 0 in history");
	history_free(&h);
	T_ASSERT(history_build(s, "pods", one, &err) == NULL);
	cJSON_Delete(one);
	cJSON_Delete(s);
	cJSON_Delete(items);
}

/* 50 revisions, given newest first: all of them, in order; the figure of building the
 * history and diffing two templates is printed (the budget of a key is 50 ms). */
T_CASE(history_fifty_revisions)
{
	struct sbuf b = { 0 };
	char one[2048];
	sbuf_str(&b, "[");
	for (int i = 50; i >= 1; i--) {
		snprintf(one, sizeof one, "%s{\"metadata\":{\"name\":\"web-%d\",\"annotations\":"
		    "{\"deployment.kubernetes.io/revision\":\"%d\"},\"ownerReferences\":[{\"uid\":\"d1\"}]},"
		    "\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\","
		    "\"pod-template-hash\":\"h%d\"}},\"spec\":{\"containers\":[{\"name\":\"web\","
		    "\"image\":\"web:%d\",\"env\":[{\"name\":\"A\",\"value\":\"%d\"}]}]}}}}",
		    i < 50 ? "," : "", i, i, i, i, i);
		sbuf_str(&b, one);
	}
	sbuf_str(&b, "]");
	cJSON *d = parse(deploy), *items = parse(b.s);
	struct kd_err err = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct history *h = history_build(d, "deployments", items, &err);
	T_ASSERT(h != NULL);
	char *x = history_yaml(h->revs[3].tmpl), *y = history_yaml(h->revs[41].tmpl);
	struct linediff ld;
	T_EQ_INT(linediff_make(x, strlen(x), y, strlen(y), 3, &ld), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	T_EQ_INT(h->n, 50);
	for (size_t i = 0; i < h->n; i++)
		T_EQ_INT(h->revs[i].revision, (long)i + 1);
	T_EQ_STR(h->revs[49].images, "web:50");
	T_EQ_INT(ld.added, 2);
	T_EQ_INT(ld.removed, 2);
	printf("# 50 revisions read and two diffed: %.2f ms\n",
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	linediff_free(&ld);
	free(x);
	free(y);
	free(b.s);
	history_free(&h);
	cJSON_Delete(d);
	cJSON_Delete(items);
}

int
main(void)
{
	T_RUN(history_deployment_revisions);
	T_RUN(history_deployment_target);
	T_RUN(history_deployment_patch);
	T_RUN(history_statefulset);
	T_RUN(history_fifty_revisions);
	return t_done();
}
