#include "t.h"
/* Workloads: ready/desired from READY (and a DaemonSet's DESIRED; none for a CronJob), and
 * the pods each one owns directly, through a Deployment's ReplicaSets or a CronJob's Jobs:
 * their count, restarts and failing ones; the namespaces a collection keeps; pods of nobody's. Also the list filter
 * (model/filter.h) the workloads page and the store share. */
#include <cjson/cJSON.h>

#include "model/expr.h"
#include "model/filter.h"
#include "model/health.h"
#include "model/store.h"
#include "model/view.h"
#include "model/workload.h"

static const char *const tcols[] = { "Ready", "Desired", "Status", "Restarts" };

static struct view *
mkview(const char *resource, const char *cols)
{
	char text[1024];
	struct kd_err err = { 0 };
	snprintf(text, sizeof text, "resource: %s\ngroup: \"\"\nkind: X\ncolumns:\n"
	    "  - name: NAME\n    expr: .metadata.name\n%s"
	    "  - name: AGE\n    expr: age(.metadata.creationTimestamp)\n", resource, cols);
	return view_parse(text, strlen(text), resource, &err);
}

/* An object ns/name with uid "u-NAME", owned by owner_uid (may be NULL), with Table cells
 * Ready, Desired, Status, Restarts. */
static void
put(struct store *s, const char *ns, const char *name, const char *owner_uid, const char *ready,
    const char *desired, const char *status, const char *restarts)
{
	char json[1024], owners[256] = "[]", cells[256];
	if (owner_uid != NULL)
		snprintf(owners, sizeof owners, "[{\"kind\":\"X\",\"name\":\"o\",\"uid\":\"%s\",\"controller\":true}]",
		    owner_uid);
	snprintf(json, sizeof json, "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\",\"uid\":\"u-%s\","
	    "\"resourceVersion\":\"1\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\",\"labels\":{\"app\":\"%s\"},"
	    "\"ownerReferences\":%s}}", name, ns, name, name, owners);
	snprintf(cells, sizeof cells, "[\"%s\",\"%s\",\"%s\",\"%s\"]", ready, desired, status, restarts);
	cJSON *o = cJSON_Parse(json), *c = cJSON_Parse(cells);
	struct expr_ctx ctx = { o, c, tcols, 4, 1700000000 };
	store_upsert(s, &ctx);
	cJSON_Delete(o);
	cJSON_Delete(c);
}

static const struct workload *
find(const struct workload_list *wl, const char *name)
{
	for (size_t i = 0; i < wl->n; i++)
		if (strcmp(wl->v[i].name, name) == 0)
			return &wl->v[i];
	return NULL;
}

T_CASE(workload_ready_parses)
{
	int r = -1, d = -1;
	T_EQ_INT(workload_ready(WORKLOAD_DEPLOYMENT, "2/3", NULL, &r, &d), 0);
	T_EQ_INT(r, 2);
	T_EQ_INT(d, 3);
	T_EQ_INT(workload_ready(WORKLOAD_DAEMONSET, "4", "5", &r, &d), 0);
	T_EQ_INT(r, 4);
	T_EQ_INT(d, 5);
	T_EQ_INT(workload_ready(WORKLOAD_DAEMONSET, "1/2", NULL, &r, &d), 0);   /* a view that says a/b */
	T_EQ_INT(d, 2);
	T_EQ_INT(workload_ready(WORKLOAD_STATEFULSET, "", NULL, &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_STATEFULSET, NULL, NULL, &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_STATEFULSET, "3", NULL, &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_DEPLOYMENT, "1/2x", NULL, &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_DAEMONSET, "4", NULL, &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_DAEMONSET, "4", "many", &r, &d), -1);
	T_EQ_INT(workload_ready(WORKLOAD_CRONJOB, "1/1", NULL, &r, &d), -1);
}

T_CASE(health_failing_pods)
{
	T_EQ_INT(health_of("CrashLoopBackOff", "0/1", "5"), HEALTH_FAILING);
	T_EQ_INT(health_of("ImagePullBackOff", "0/1", "0"), HEALTH_FAILING);
	T_EQ_INT(health_of("Running", "1/1", "0"), HEALTH_OK);
	T_EQ_INT(health_of("Running", "0/1", "0"), HEALTH_WARNING);
	T_EQ_INT(health_of("Pending", "0/1", "0"), HEALTH_PENDING);
	T_EQ_INT(health_of("Completed", "0/1", "0"), HEALTH_DONE);
	T_EQ_INT(health_of(NULL, NULL, NULL), HEALTH_OK);
	/* READY as a/b: fewer ready than wanted warns; what is not a/b says nothing */
	T_EQ_INT(health_of("Running", "2/3", "0"), HEALTH_WARNING);
	T_EQ_INT(health_of("Running", "3/3", "0"), HEALTH_OK);
	T_EQ_INT(health_of("Running", "10/12", "0"), HEALTH_WARNING);
	T_EQ_INT(health_of("Running", "1/", "0"), HEALTH_OK);
	T_EQ_INT(health_of("Running", "/3", "0"), HEALTH_OK);
	T_EQ_INT(health_of("Running", "1", "0"), HEALTH_OK);
	T_EQ_INT(health_of("Running", "<none>", "0"), HEALTH_OK);
}

static int
keep_a(const char *ns, void *arg)
{
	(void)arg;
	return strcmp(ns, "a") == 0;
}

T_CASE(workload_collect_aggregates)
{
	struct view *dv = mkview("deployments", "  - name: READY\n    expr: table(\"Ready\")\n");
	struct view *sv = mkview("statefulsets", "  - name: READY\n    expr: table(\"Ready\")\n");
	struct view *dsv = mkview("daemonsets", "  - name: DESIRED\n    expr: table(\"Desired\")\n"
	    "  - name: READY\n    expr: table(\"Ready\")\n");
	struct view *rv = mkview("replicasets", "");
	struct view *cv = mkview("cronjobs", "");
	struct view *jv = mkview("jobs", "");
	struct view *pv = mkview("pods", "  - name: READY\n    expr: table(\"Ready\")\n"
	    "  - name: STATUS\n    expr: table(\"Status\")\n  - name: RESTARTS\n    expr: table(\"Restarts\")\n");
	T_ASSERT(dv && sv && dsv && rv && pv && cv && jv);
	struct store *d = store_new(dv), *st = store_new(sv), *ds = store_new(dsv), *rs = store_new(rv),
	    *pods = store_new(pv), *cj = store_new(cv), *jobs = store_new(jv);

	put(d, "a", "web", NULL, "2/3", "", "", "");
	put(d, "b", "api", NULL, "1/1", "", "", "");
	put(st, "a", "db", NULL, "1/1", "", "", "");
	put(ds, "a", "agent", NULL, "2", "2", "", "");
	put(rs, "a", "web-1", "u-web", "", "", "", "");     /* the old and the new ReplicaSet */
	put(rs, "a", "web-2", "u-web", "", "", "", "");
	put(rs, "a", "other", "u-nobody", "", "", "", "");
	put(pods, "a", "web-1-x", "u-web-1", "1/1", "", "Running", "2");
	put(pods, "a", "web-2-y", "u-web-2", "1/1", "", "Running", "1");
	put(pods, "a", "web-2-z", "u-web-2", "0/1", "", "CrashLoopBackOff", "7");
	put(pods, "a", "db-0", "u-db", "0/1", "", "ImagePullBackOff", "0");
	put(pods, "a", "agent-q", "u-agent", "1/1", "", "Running", "0");
	put(pods, "a", "agent-r", "u-agent", "1/1", "", "Running", "0");
	put(pods, "a", "stray", "u-other", "0/1", "", "Error", "3");    /* a ReplicaSet of nobody's */
	put(pods, "a", "bare", NULL, "0/1", "", "Error", "3");
	put(pods, "b", "api-1", "u-api", "1/1", "", "Running", "4");
	put(cj, "a", "nightly", NULL, "", "", "", "");
	put(jobs, "a", "nightly-1", "u-nightly", "", "", "", "");
	put(jobs, "a", "nightly-2", "u-nightly", "", "", "", "");
	put(jobs, "a", "web-x", "u-web", "", "", "", "");        /* a Job a Deployment owns: not its pods' way */
	put(pods, "a", "nightly-1-a", "u-nightly-1", "0/1", "", "Completed", "0");
	put(pods, "a", "nightly-2-a", "u-nightly-2", "0/1", "", "Error", "1");
	put(pods, "a", "web-x-a", "u-web-x", "0/1", "", "Error", "1");
	store_set_filter(pods, "web", NULL);   /* another page's filter does not hide pods */

	struct workload_list wl = { 0 };
	struct store *kinds[WORKLOAD_NKINDS] = { d, st, ds, cj };
	workload_collect(&wl, 3, kinds, rs, jobs, pods, NULL, NULL);
	T_EQ_INT(wl.n, 5);
	const struct workload *w = find(&wl, "web");
	T_ASSERT(w != NULL);
	T_EQ_INT(w->kind, WORKLOAD_DEPLOYMENT);
	T_EQ_INT(w->scope, 3);
	T_EQ_INT(w->ready, 2);
	T_EQ_INT(w->desired, 3);
	T_EQ_INT(w->pods, 3);
	T_EQ_INT(w->restarts, 10);
	T_EQ_INT(w->failing, 1);
	T_EQ_STR(w->uid, "u-web");
	T_ASSERT(w->created > 0);
	T_ASSERT((w = find(&wl, "db")) != NULL);
	T_EQ_INT(w->kind, WORKLOAD_STATEFULSET);
	T_EQ_INT(w->pods, 1);
	T_EQ_INT(w->failing, 1);
	T_ASSERT((w = find(&wl, "agent")) != NULL);
	T_EQ_INT(w->kind, WORKLOAD_DAEMONSET);
	T_EQ_INT(w->ready, 2);
	T_EQ_INT(w->desired, 2);
	T_EQ_INT(w->pods, 2);
	T_EQ_INT(w->failing, 0);
	T_ASSERT((w = find(&wl, "api")) != NULL);
	T_EQ_INT(w->restarts, 4);
	T_EQ_INT(w->has_ready, 1);
	T_ASSERT((w = find(&wl, "nightly")) != NULL);
	T_EQ_INT(w->kind, WORKLOAD_CRONJOB);
	T_EQ_INT(w->has_ready, 0);
	T_EQ_INT(w->pods, 2);
	T_EQ_INT(w->restarts, 1);
	T_EQ_INT(w->failing, 1);

	/* only namespace a, appended after what is there */
	workload_list_clear(&wl);
	T_EQ_INT(wl.n, 0);
	workload_collect(&wl, 0, kinds, rs, jobs, pods, keep_a, NULL);
	T_EQ_INT(wl.n, 4);
	T_ASSERT(find(&wl, "api") == NULL);
	/* without pods or ReplicaSets: ready/desired still, no pods */
	struct store *none[WORKLOAD_NKINDS] = { d, NULL, NULL, NULL };
	workload_collect(&wl, 1, none, NULL, NULL, NULL, NULL, NULL);
	T_EQ_INT(wl.n, 6);
	T_EQ_INT(wl.v[4].pods + wl.v[5].pods, 0);
	/* without ReplicaSets a Deployment's pods are not found */
	workload_list_clear(&wl);
	workload_collect(&wl, 0, none, NULL, NULL, pods, NULL, NULL);
	T_ASSERT((w = find(&wl, "web")) != NULL);
	T_EQ_INT(w->pods, 0);
	workload_list_free(&wl);
	workload_list_free(&wl);   /* twice is harmless */

	store_free(&d);
	store_free(&st);
	store_free(&ds);
	store_free(&rs);
	store_free(&pods);
	store_free(&cj);
	store_free(&jobs);
	view_free(&cv);
	view_free(&jv);
	view_free(&dv);
	view_free(&sv);
	view_free(&dsv);
	view_free(&rv);
	view_free(&pv);
}

T_CASE(filter_kinds)
{
	struct filter f = { 0 };
	struct kd_err err = { 0 };
	static const char row[] = "shop\0deployment\0web";
	static const char labels[] = "app\0web\0\0";
	T_EQ_INT(filter_parse(&f, "", &err), 0);
	T_ASSERT(filter_match(&f, row, sizeof row - 1, labels));
	T_EQ_INT(filter_parse(&f, "DEPLOY", &err), 0);
	T_EQ_INT(f.kind, FILTER_SUBSTR);
	T_ASSERT(filter_match(&f, row, sizeof row - 1, labels));
	T_EQ_INT(filter_parse(&f, "!deploy", &err), 0);
	T_ASSERT(!filter_match(&f, row, sizeof row - 1, labels));
	T_EQ_INT(filter_parse(&f, "^web$", &err), 0);
	T_EQ_INT(f.kind, FILTER_REGEX);
	T_ASSERT(filter_match(&f, row, sizeof row - 1, labels));   /* string by string */
	T_EQ_INT(filter_parse(&f, "^shopdeploy", &err), 0);
	T_ASSERT(!filter_match(&f, row, sizeof row - 1, labels));
	T_EQ_INT(filter_parse(&f, "-l app=web", &err), 0);
	T_EQ_INT(f.kind, FILTER_LABELS);
	T_ASSERT(filter_match(&f, row, sizeof row - 1, labels));
	T_EQ_INT(filter_parse(&f, "-l app=db", &err), 0);
	T_ASSERT(!filter_match(&f, row, sizeof row - 1, labels));
	/* a bad one leaves the filter as it was */
	T_EQ_INT(filter_parse(&f, "web(", &err), -1);
	T_CONTAINS(err.msg, "not a valid regular expression");
	T_EQ_INT(f.kind, FILTER_LABELS);
	filter_clear(&f);
	filter_clear(&f);
	T_EQ_INT(f.kind, FILTER_NONE);
}

int
main(void)
{
	T_RUN(workload_ready_parses);
	T_RUN(health_failing_pods);
	T_RUN(workload_collect_aggregates);
	T_RUN(filter_kinds);
	return t_done();
}
