/* The API module: paths and query strings built and escaped in one place, errors as
 * values (a 409 is a conflict, a 422's causes are parsed), and what each verb sends to a
 * scripted server (method, content type, DeleteOptions, dryRun, fieldManager). */
#define _GNU_SOURCE
#include "t.h"

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "util/sbuf.h"
#include "fakeapi.h"

T_CASE(api_path_core_namespaced_subresource)
{
	struct api_ref r = { "", "v1", "pods", "team-a", "web-1", "log" };
	char *p = api_path(&r, "follow=true");
	T_EQ_STR(p, "/api/v1/namespaces/team-a/pods/web-1/log?follow=true");
	free(p);
	struct api_ref none = { .resource = "pods" };
	p = api_path(&none, NULL);
	T_EQ_STR(p, "/api/v1/pods");
	free(p);
}

T_CASE(api_path_group_cluster_scoped)
{
	struct api_ref r = { "rbac.authorization.k8s.io", "v1", "clusterroles", NULL, "view", NULL };
	char *p = api_path(&r, "");
	T_EQ_STR(p, "/apis/rbac.authorization.k8s.io/v1/clusterroles/view");
	free(p);
	struct api_ref s = { "apps", "v1", "deployments", "shop", "web", "scale" };
	p = api_path(&s, NULL);
	T_EQ_STR(p, "/apis/apps/v1/namespaces/shop/deployments/web/scale");
	free(p);
}

T_CASE(api_path_escapes_dot_segments)
{
	struct api_ref r = { "", "v1", "pods", "..", ".", NULL };
	char *p = api_path(&r, NULL);
	T_EQ_STR(p, "/api/v1/namespaces/%2E%2E/pods/%2E");
	free(p);
}

T_CASE(api_path_escapes_odd_names)
{
	struct api_ref r = { "", "v1", "configmaps", "a b", "x/../y?z#1%", NULL };
	char *p = api_path(&r, NULL);
	T_EQ_STR(p, "/api/v1/namespaces/a%20b/configmaps/x%2F..%2Fy%3Fz%231%25");
	free(p);
	char *e = api_escape("é~_.-");
	T_EQ_STR(e, "%C3%A9~_.-");
	free(e);
}

T_CASE(api_query_escapes_values)
{
	struct sbuf q = { 0 };
	api_query_add(&q, "labelSelector", "app=web,tier in (a,b)");
	api_query_add(&q, "fieldSelector", "involvedObject.name=a&b");
	api_query_add(&q, "continue", "");
	T_EQ_STR(q.s, "labelSelector=app%3Dweb%2Ctier%20in%20%28a%2Cb%29&"
	    "fieldSelector=involvedObject.name%3Da%26b&continue=");
	free(q.s);
}

T_CASE(api_ref_from_kres)
{
	struct kres ns = { .group = "", .version = "v1", .resource = "namespaces", .namespaced = 0 };
	struct api_ref r = api_ref_kres(&ns, "ignored", "shop");
	char *p = api_path(&r, NULL);
	T_EQ_STR(p, "/api/v1/namespaces/shop");
	free(p);
	struct kres dep = { .group = "apps", .version = "v1", .resource = "deployments", .namespaced = 1 };
	r = api_ref_kres(&dep, "shop", NULL);
	p = api_path(&r, NULL);
	T_EQ_STR(p, "/apis/apps/v1/namespaces/shop/deployments");
	free(p);
}

static const char conflict[] = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
    "\"message\":\"Operation cannot be fulfilled on deployments.apps \\\"web\\\": the object has been "
    "modified; please apply your changes to the latest version and try again\",\"reason\":\"Conflict\","
    "\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"deployments\"},\"code\":409}";
static const char invalid[] = "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":"
    "\"Deployment.apps \\\"web\\\" is invalid\",\"reason\":\"Invalid\",\"details\":{\"causes\":["
    "{\"reason\":\"FieldValueInvalid\",\"message\":\"must be greater than or equal to 0\","
    "\"field\":\"spec.replicas\"},{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\","
    "\"field\":\"spec.template.spec.containers[0].image\"}]},\"code\":422}";

T_CASE(api_result_conflict_and_causes)
{
	struct api_result res = { 0 };
	cJSON *b = cJSON_Parse(conflict);
	api_result_parse(&res, 409, b, conflict, strlen(conflict));
	T_EQ_INT(res.err.code, KD_ERR_CONFLICT);
	T_CONTAINS(res.err.msg, "the object has been modified");
	T_EQ_STR(res.reason, "Conflict");
	T_EQ_INT(res.ncauses, 0);
	cJSON_Delete(b);
	b = cJSON_Parse(invalid);
	api_result_parse(&res, 422, b, invalid, strlen(invalid));
	cJSON_Delete(b);
	T_EQ_INT(res.err.code, KD_ERR_INVALID);
	T_EQ_STR(res.reason, "Invalid");
	T_EQ_INT(res.ncauses, 2);
	T_EQ_STR(res.causes[0].field, "spec.replicas");
	T_EQ_STR(res.causes[0].reason, "FieldValueInvalid");
	T_EQ_STR(res.causes[0].message, "must be greater than or equal to 0");
	T_EQ_STR(res.causes[1].field, "spec.template.spec.containers[0].image");
	api_result_parse(&res, 200, NULL, "", 0);
	T_EQ_INT(res.err.code, KD_OK);
}

/* ---- against the scripted server ---- */

static struct loop *lp;
static struct http *hp;
static struct api *ap;
static int done_calls;
static struct api_result last;
static char last_body[4096];
static char last_cause[256];

static void
on_done(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	(void)arg;
	last = *res;
	last.body = NULL;
	snprintf(last_body, sizeof last_body, "%s", res->raw ? res->raw : "");
	snprintf(last_cause, sizeof last_cause, "%s", res->ncauses ? res->causes[0].field : "");
	done_calls++;
}

static void
wait_calls(int want)
{
	for (int i = 0; i < 200 && done_calls < want; i++)
		loop_run_once(lp, 50);
}

static const char *
request(int i)
{
	return fake_requests[i];
}

T_CASE(api_update_conflict)
{
	int before = fake_served, n = done_calls;
	fake_answer("409 Conflict", conflict);
	struct api_ref r = { "apps", "v1", "deployments", "shop", "web", NULL };
	api_update(ap, &r, "{\"kind\":\"Deployment\"}", NULL, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(done_calls, n + 1);
	T_EQ_INT(last.status, 409);
	T_EQ_INT(last.err.code, KD_ERR_CONFLICT);
	T_EQ_STR(last.reason, "Conflict");
	T_CONTAINS(request(before), "PUT /apis/apps/v1/namespaces/shop/deployments/web HTTP/1.1");
	T_CONTAINS(request(before), "Content-Type: application/json");
}

T_CASE(api_create_invalid_causes)
{
	int n = done_calls;
	fake_answer("422 Unprocessable Entity", invalid);
	struct api_ref r = { "apps", "v1", "deployments", "shop", NULL, NULL };
	api_create(ap, &r, "{\"kind\":\"Deployment\"}", NULL, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.err.code, KD_ERR_INVALID);
	T_EQ_INT(last.ncauses, 2);
	T_EQ_STR(last_cause, "spec.replicas");
}

T_CASE(api_delete_sends_delete_options)
{
	int before = fake_served, n = done_calls;
	fake_answer("200 OK", "{\"kind\":\"Status\",\"status\":\"Success\"}");
	struct api_ref r = { "", "v1", "pods", "shop", "web-1", NULL };
	struct api_write_opts o = { .dry_run = 1, .propagation = API_PROPAGATE_FOREGROUND, .grace_seconds = 0 };
	api_delete(ap, &r, &o, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.err.code, KD_OK);
	const char *q = request(before);
	T_CONTAINS(q, "DELETE /api/v1/namespaces/shop/pods/web-1?dryRun=All HTTP/1.1");
	T_CONTAINS(q, "\"kind\":\"DeleteOptions\"");
	T_CONTAINS(q, "\"propagationPolicy\":\"Foreground\"");
	T_CONTAINS(q, "\"gracePeriodSeconds\":0");
	T_CONTAINS(q, "\"dryRun\":[\"All\"]");
}

/* A dry run's answer need not be kept: unread drops a 2xx body, raw hands it over as sent;
 * an error's Status is read either way. */
T_CASE(api_patch_answer_unread_or_raw)
{
	struct api_ref r = { "apps", "v1", "deployments", "shop", "web", NULL };
	int n = done_calls;
	fake_answer("200 OK", "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}");
	struct api_write_opts o = { .dry_run = 1, .grace_seconds = -1, .unread = 1 };
	api_patch(ap, &r, API_PATCH_MERGE, "{}", &o, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.err.code, KD_OK);
	T_EQ_INT(last.status, 200);
	T_EQ_STR(last_body, "");
	T_EQ_INT(last.raw_len, 0);
	fake_answer("200 OK", "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}");
	struct api_write_opts w = { .grace_seconds = -1, .raw = 1 };
	api_patch(ap, &r, API_PATCH_MERGE, "{}", &w, on_done, NULL);
	wait_calls(n + 2);
	T_EQ_INT(last.err.code, KD_OK);
	T_EQ_STR(last_body, "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}");
	fake_answer("422 Unprocessable Entity", invalid);
	api_patch(ap, &r, API_PATCH_MERGE, "{}", &o, on_done, NULL);
	wait_calls(n + 3);
	T_EQ_INT(last.err.code, KD_ERR_INVALID);
	T_EQ_STR(last_cause, "spec.replicas");
}

T_CASE(api_delete_default_has_no_body)
{
	int before = fake_served, n = done_calls;
	fake_answer("200 OK", "{}");
	struct api_ref r = { "", "v1", "pods", "shop", "web-2", NULL };
	api_delete(ap, &r, NULL, on_done, NULL);
	wait_calls(n + 1);
	T_CONTAINS(request(before), "DELETE /api/v1/namespaces/shop/pods/web-2 HTTP/1.1");
	T_LACKS(request(before), "DeleteOptions");
}

/* no name: the path would be the collection's, and a DELETE there takes every object */
T_CASE(api_write_without_name_not_sent)
{
	int before = fake_served, n = done_calls;
	struct api_ref r = { "", "v1", "pods", "shop", NULL, NULL };
	api_delete(ap, &r, NULL, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(done_calls, n + 1);
	T_EQ_INT(last.err.code, KD_ERR_INVALID);
	T_CONTAINS(last.err.msg, "not sent: a delete needs the name of one pods");
	struct api_ref e = { "", "v1", "pods", "shop", "", NULL };
	api_patch(ap, &e, API_PATCH_MERGE, "{}", NULL, on_done, NULL);
	wait_calls(n + 2);
	T_EQ_INT(done_calls, n + 2);
	T_EQ_INT(last.err.code, KD_ERR_INVALID);
	T_EQ_INT(fake_served, before);
}

T_CASE(api_patch_types)
{
	static const struct { enum api_patch t; const char *ct, *q; } cases[] = {
		{ API_PATCH_STRATEGIC, "application/strategic-merge-patch+json", " HTTP/1.1" },
		{ API_PATCH_MERGE, "application/merge-patch+json", " HTTP/1.1" },
		{ API_PATCH_JSON, "application/json-patch+json", " HTTP/1.1" },
		{ API_PATCH_APPLY, "application/apply-patch+yaml", "?fieldManager=kdeck&force=true HTTP/1.1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int before = fake_served, n = done_calls;
		fake_answer("200 OK", "{\"kind\":\"Deployment\"}");
		struct api_ref r = { "apps", "v1", "deployments", "shop", "web", NULL };
		struct api_write_opts o = { .force = 1, .grace_seconds = -1 };
		api_patch(ap, &r, cases[i].t, "{\"spec\":{}}", &o, on_done, NULL);
		wait_calls(n + 1);
		T_EQ_INT(last.status, 200);
		char want[256];
		snprintf(want, sizeof want, "PATCH /apis/apps/v1/namespaces/shop/deployments/web%s", cases[i].q);
		T_CONTAINS(request(before), want);
		T_CONTAINS(request(before), cases[i].ct);
	}
}

T_CASE(api_list_selectors_and_get)
{
	int before = fake_served, n = done_calls;
	fake_answer("200 OK", "{\"kind\":\"PodList\",\"items\":[]}");
	struct api_ref r = { .resource = "pods", .ns = "shop" };
	struct api_list_opts o = { .label_selector = "app=web", .field_selector = "spec.nodeName=n 1",
		.limit = 50, .cont = "abc=" };
	api_list(ap, &r, &o, on_done, NULL);
	wait_calls(n + 1);
	T_CONTAINS(request(before), "GET /api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&"
	    "fieldSelector=spec.nodeName%3Dn%201&limit=50&continue=abc%3D HTTP/1.1");
	T_CONTAINS(last_body, "PodList");
}

T_CASE(api_access_review_body)
{
	int before = fake_served, n = done_calls;
	fake_answer("201 Created", "{\"kind\":\"SelfSubjectAccessReview\",\"status\":{\"allowed\":true}}");
	struct api_access q = { "delete", "", "pods", NULL, "shop", NULL };
	api_access_review(ap, &q, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.err.code, KD_OK);
	const char *req = request(before);
	T_CONTAINS(req, "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews HTTP/1.1");
	T_CONTAINS(req, "\"resourceAttributes\":{\"verb\":\"delete\",\"group\":\"\",\"resource\":\"pods\","
	    "\"namespace\":\"shop\"}");
}

T_CASE(api_cancel_no_callback)
{
	int n = done_calls;
	fake_answer("200 OK", "{}");
	struct api_ref r = { .resource = "pods", .ns = "shop", .name = "x" };
	struct api_call *c = api_get(ap, &r, on_done, NULL);
	api_cancel(&c);
	T_ASSERT(c == NULL);
	api_cancel(&c);
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(done_calls, n);
	/* the answer queued for it is used by nobody: skip it */
	for (int i = 0; i < 40 && fake_served < fake_nscript; i++)
		loop_run_once(lp, 20);
	fake_served = fake_nscript;
}

int
main(void)
{
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);

	T_RUN(api_path_core_namespaced_subresource);
	T_RUN(api_path_group_cluster_scoped);
	T_RUN(api_path_escapes_dot_segments);
	T_RUN(api_path_escapes_odd_names);
	T_RUN(api_query_escapes_values);
	T_RUN(api_ref_from_kres);
	T_RUN(api_result_conflict_and_causes);

	fake_connect(&lp, &hp, &ap);
	T_RUN(api_update_conflict);
	T_RUN(api_create_invalid_causes);
	T_RUN(api_delete_sends_delete_options);
	T_RUN(api_patch_answer_unread_or_raw);
	T_RUN(api_delete_default_has_no_body);
	T_RUN(api_write_without_name_not_sent);
	T_RUN(api_patch_types);
	T_RUN(api_list_selectors_and_get);
	T_RUN(api_access_review_body);
	T_RUN(api_cancel_no_callback);
	api_free(&ap);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
