/* A canary's steps against a scripted server: a shift is two merge patches of the scale
 * subresources, the one that grows first, and is noted as the last change with the two
 * patches back to the earlier counts (path /spec/replicas, set the counts it left); a
 * failed first request sends nothing more and notes nothing; a second refused after the first
 * went through says what did and what did not, and notes the first's way back; a promote is one JSON patch of
 * the template, its finish the counts, noted with the template and both counts back; the
 * plan names cluster, namespace, both Deployments and their counts; read-only refused; the
 * undo of a shift grows its side first too, and sends the other only once that is done. */
#define _GNU_SOURCE   /* strcasestr in fakeapi.h */
#include "t.h"

#include "fakeapi.h"
#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "ops/canary.h"
#include "ops/lastchange.h"
#include "ops/revert.h"

static struct kres deploy_res = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };
static struct loop *lp;
static struct http *hp;
static struct api *ap;
static struct cluster cl;
static struct canary_ref ref = { &cl, &deploy_res, "shop", "web", "web-canary" };

static int dones;
static char done_err[600];

static void
on_done(const struct kd_err *err, void *arg)
{
	(void)arg;
	dones++;
	snprintf(done_err, sizeof done_err, "%s", err ? err->msg : "");
}

static void
wait_done(void)
{
	for (int i = 0; i < 300 && dones == 0; i++)
		loop_run_once(lp, 20);
}

/* request k's first line and its body */
static void
req_of(int k, char *line, size_t llen, const char **body)
{
	const char *r = fake_requests[k];
	snprintf(line, llen, "%.*s", (int)strcspn(r, "\r"), r);
	const char *b = strstr(r, "\r\n\r\n");
	*body = b ? b + 4 : "";
}

T_CASE(canary_plan_names_both_and_counts)
{
	struct canary_plan p = { .step = CANARY_SHIFT, .canary_from = 1, .canary_to = 2, .stable_from = 9,
		.stable_to = 8 };
	char *s = canary_plan_say(&ref, &p);
	T_EQ_STR(s, "Shift the canary of web in shop on kind-test from 10 % to 20 %: web-canary 1 -> 2, web 9 -> 8?");
	free(s);
	p.step = CANARY_ABORT;
	p.canary_to = 0;
	p.stable_to = 10;
	s = canary_plan_say(&ref, &p);
	T_EQ_STR(s, "Abort the canary of web in shop on kind-test: web-canary 1 -> 0, web 9 -> 10?");
	free(s);
}

T_CASE(canary_read_only_refused)
{
	char why[256];
	cl.readonly = 1;
	int rc = canary_check(&ref, CANARY_SHIFT, why, sizeof why);
	cl.readonly = 0;
	T_EQ_INT(rc, 0);
	T_EQ_STR(why, "canary is disabled: read-only (kind-test)");
	T_EQ_INT(canary_check(&ref, CANARY_SHIFT, why, sizeof why), 1);
}

T_CASE(canary_shift_sends_growing_first_and_notes_the_way_back)
{
	char line[256];
	const char *body;
	int first = fake_served;
	struct canary_plan p = { .step = CANARY_SHIFT, .canary_from = 1, .canary_to = 2, .stable_from = 9,
		.stable_to = 8 };
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":2}}");
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":8}}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	T_EQ_INT(dones, 1);
	T_EQ_STR(done_err, "");
	T_EQ_INT(fake_served - first, 2);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web-canary/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":2}}");
	T_ASSERT(strcasestr(fake_requests[first], "Content-Type: application/merge-patch+json") != NULL);
	req_of(first + 1, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":8}}");
	const struct lastchange *lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_STR(lc->what, "shifted the canary of web to 20 %: web-canary 2, web 8 in shop on kind-test");
	T_EQ_STR(lc->undo, "scale web-canary back to 1 and web to 9 in shop on kind-test");
	T_EQ_INT(lc->n, 2);
	T_EQ_STR(lc->steps[0].name, "web-canary");
	T_EQ_STR(lc->steps[0].subresource, "scale");
	T_EQ_INT(lc->steps[0].patch_type, API_PATCH_MERGE);
	T_EQ_STR(lc->steps[0].patch, "{\"spec\":{\"replicas\":1}}");
	T_EQ_STR(lc->steps[0].path, "/spec/replicas");
	T_EQ_STR(lc->steps[0].set, "2");
	T_EQ_STR(lc->steps[1].name, "web");
	T_EQ_STR(lc->steps[1].patch, "{\"spec\":{\"replicas\":9}}");
	T_EQ_STR(lc->steps[1].set, "8");
	/* back toward the stable: the stable grows first */
	first = fake_served;
	struct canary_plan back = { .step = CANARY_SHIFT, .canary_from = 2, .canary_to = 1, .stable_from = 8,
		.stable_to = 9 };
	fake_answer("200 OK", "{}");
	fake_answer("200 OK", "{}");
	dones = 0;
	canary_send(&ref, &back, on_done, NULL);
	wait_done();
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale HTTP/1.1");
}

static int rv_dones;
static char rv_err[600];

static void
on_revert(struct revert *rv, const struct kd_err *err, void *arg)
{
	(void)rv, (void)arg;
	rv_dones++;
	snprintf(rv_err, sizeof rv_err, "%s", err ? err->msg : "");
}

static void
wait_revert(void)
{
	for (int i = 0; i < 300 && rv_dones == 0; i++)
		loop_run_once(lp, 20);
}

/* A shift of web-canary 1 -> 2, web 9 -> 8, and the read of its undo: both counts read as
 * 5 (the two answers may come in either order), so web grows back to 9, web-canary
 * shrinks to 1. */
static struct revert *
shift_and_read_undo(void)
{
	struct canary_plan p = { .step = CANARY_SHIFT, .canary_from = 1, .canary_to = 2, .stable_from = 9,
		.stable_to = 8 };
	fake_answer("200 OK", "{}");
	fake_answer("200 OK", "{}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	const struct lastchange *lc = lastchange_get("kind-test");
	if (lc == NULL)
		return NULL;
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":5}}");
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":5}}");
	rv_dones = 0;
	struct revert *rv = revert_check(&cl, lc, on_revert, NULL);
	wait_revert();
	return rv;
}

T_CASE(canary_undo_of_a_shift_grows_first)
{
	char line[256];
	const char *body;
	lastchange_clear();
	struct revert *rv = shift_and_read_undo();
	T_ASSERT(rv != NULL);
	T_EQ_INT(rv_dones, 1);
	int first = fake_served;
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":9}}");
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":1}}");
	rv_dones = 0;
	revert_apply(rv, on_revert, NULL);
	wait_revert();
	T_EQ_INT(rv_dones, 1);
	T_EQ_STR(rv_err, "");
	T_EQ_INT(fake_served - first, 2);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":9}}");
	req_of(first + 1, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web-canary/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":1}}");
	revert_free(&rv);

	/* the growing side refused: the other side is not shrunk */
	rv = shift_and_read_undo();
	T_ASSERT(rv != NULL);
	first = fake_served;
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"code\":403,\"message\":\"no\"}");
	rv_dones = 0;
	revert_apply(rv, on_revert, NULL);
	wait_revert();
	T_EQ_INT(rv_dones, 1);
	T_ASSERT(rv_err[0] != '\0');
	/* the undo ends once every patch sent has its answer */
	T_EQ_INT(fake_served - first, 1);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale HTTP/1.1");
	revert_free(&rv);
}

T_CASE(canary_failed_first_request_sends_and_notes_nothing_more)
{
	lastchange_clear();
	int first = fake_served;
	struct canary_plan p = { .step = CANARY_ABORT, .canary_from = 3, .canary_to = 0, .stable_from = 7,
		.stable_to = 10 };
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\","
	    "\"message\":\"deployments.apps \\\"web\\\" is forbidden\"}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	T_EQ_INT(dones, 1);
	T_ASSERT(done_err[0] != '\0');
	T_EQ_INT(fake_served - first, 1);
	T_ASSERT(lastchange_get("kind-test") == NULL);
}

/* A shift whose second patch the server refuses after the first went through: the sentence
 * names both sides and the server's reason, and the last change is the first patch's way
 * back, so an undo takes back what was done. */
T_CASE(canary_second_request_refused_says_what_went_through_and_notes_it)
{
	char line[256];
	const char *body;
	lastchange_clear();
	int first = fake_served;
	struct canary_plan p = { .step = CANARY_SHIFT, .canary_from = 1, .canary_to = 2, .stable_from = 4,
		.stable_to = 3 };
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":2}}");
	fake_answer("409 Conflict", "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\","
	    "\"message\":\"the object has been modified; please apply your changes to the latest version\"}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	T_EQ_INT(dones, 1);
	T_EQ_INT(fake_served - first, 2);
	T_ASSERT(strncmp(done_err, "canary web-canary scaled to 2, but web stayed at 4: ", 52) == 0);
	T_ASSERT(strstr(done_err, "the object has been modified") != NULL);
	const struct lastchange *lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_INT(lc->n, 1);
	T_EQ_STR(lc->steps[0].name, "web-canary");
	T_EQ_STR(lc->steps[0].subresource, "scale");
	T_EQ_INT(lc->steps[0].patch_type, API_PATCH_MERGE);
	T_EQ_STR(lc->steps[0].patch, "{\"spec\":{\"replicas\":1}}");
	T_EQ_STR(lc->steps[0].path, "/spec/replicas");
	T_EQ_STR(lc->steps[0].set, "2");
	T_EQ_STR(lc->undo, "scale deployment web-canary in shop on kind-test back to 1");

	/* u: the canary is read at 2 as the shift left it, then scaled back to 1, and web
	 * (never changed) is not sent anything */
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":2}}");
	rv_dones = 0;
	struct revert *rv = revert_check(&cl, lc, on_revert, NULL);
	wait_revert();
	T_EQ_INT(rv_dones, 1);
	T_EQ_STR(revert_question(rv), "Undo: scale deployment web-canary in shop on kind-test back to 1?");
	first = fake_served;
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":1}}");
	rv_dones = 0;
	revert_apply(rv, on_revert, NULL);
	wait_revert();
	T_EQ_INT(rv_dones, 1);
	T_EQ_STR(rv_err, "");
	T_EQ_INT(fake_served - first, 1);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web-canary/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":1}}");
	revert_free(&rv);

	/* toward the stable (it grows first): a 500 on the canary's patch says so the other way */
	lastchange_clear();
	struct canary_plan back = { .step = CANARY_ABORT, .canary_from = 2, .canary_to = 0, .stable_from = 3,
		.stable_to = 5 };
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":5}}");
	fake_answer("500 Internal Server Error", "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is down\"}");
	dones = 0;
	canary_send(&ref, &back, on_done, NULL);
	wait_done();
	T_EQ_INT(dones, 1);
	T_ASSERT(strncmp(done_err, "web scaled to 5, but canary web-canary stayed at 2: ", 52) == 0);
	lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_INT(lc->n, 1);
	T_EQ_STR(lc->steps[0].name, "web");
	T_EQ_STR(lc->steps[0].patch, "{\"spec\":{\"replicas\":3}}");
	T_EQ_STR(lc->steps[0].set, "5");
	T_EQ_STR(lc->what, "scaled web to 5 in shop on kind-test; canary web-canary stayed at 2");

	/* a promote's finish refused halfway: its note holds the template too, and says so */
	lastchange_clear();
	struct canary_plan fin = { .step = CANARY_FINISH, .canary_from = 3, .canary_to = 0, .stable_from = 7,
		.stable_to = 10 };
	fin.tmpl = cJSON_Parse("{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}");
	fin.tmpl_was = cJSON_Parse("{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:1\"}]}}");
	fake_answer("200 OK", "{\"kind\":\"Scale\",\"spec\":{\"replicas\":10}}");
	fake_answer("500 Internal Server Error", "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd is down\"}");
	dones = 0;
	canary_send(&ref, &fin, on_done, NULL);
	wait_done();
	T_EQ_INT(dones, 1);
	lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_INT(lc->n, 2);
	T_EQ_STR(lc->what, "promoted web (pod template), scaled web to 10 in shop on kind-test; canary web-canary "
	    "stayed at 3");
	canary_plan_clear(&fin);
}

T_CASE(canary_promote_patches_the_template_then_the_finish_notes_all)
{
	char line[256];
	const char *body;
	int first = fake_served;
	struct canary_plan p = { .step = CANARY_PROMOTE, .canary_from = 3, .canary_to = 0, .stable_from = 7,
		.stable_to = 10 };
	p.tmpl = cJSON_Parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"web:2\"}]}}");
	p.tmpl_was = cJSON_Parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":"
	    "\"web\",\"image\":\"web:1\"}]}}");
	fake_answer("200 OK", "{}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	T_EQ_STR(done_err, "");
	T_EQ_INT(fake_served - first, 1);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web HTTP/1.1");
	T_ASSERT(strcasestr(fake_requests[first], "Content-Type: application/json-patch+json") != NULL);
	T_EQ_STR(body, "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"metadata\":{\"labels\":"
	    "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}}]");
	const struct lastchange *lc = lastchange_get("kind-test");
	T_ASSERT(lc != NULL);
	T_EQ_INT(lc->n, 1);
	T_EQ_INT(lc->steps[0].patch_type, API_PATCH_JSON);
	T_ASSERT(strstr(lc->steps[0].patch, "web:1") != NULL);
	T_EQ_STR(lc->steps[0].path, "/spec/template");
	T_ASSERT(strstr(lc->steps[0].set, "web:2") != NULL);
	/* the finish: the counts, the stable growing first, and the whole promote noted */
	p.step = CANARY_FINISH;
	first = fake_served;
	fake_answer("200 OK", "{}");
	fake_answer("200 OK", "{}");
	dones = 0;
	canary_send(&ref, &p, on_done, NULL);
	wait_done();
	T_EQ_INT(fake_served - first, 2);
	req_of(first, line, sizeof line, &body);
	T_EQ_STR(line, "PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale HTTP/1.1");
	T_EQ_STR(body, "{\"spec\":{\"replicas\":10}}");
	lc = lastchange_get("kind-test");
	T_EQ_INT(lc->n, 3);
	T_EQ_STR(lc->what, "promoted web-canary: web runs its template with 10 replicas, web-canary at 0 in shop on kind-test");
	T_EQ_STR(lc->steps[1].patch, "{\"spec\":{\"replicas\":3}}");
	T_EQ_STR(lc->steps[2].patch, "{\"spec\":{\"replicas\":7}}");
	canary_plan_clear(&p);
}

int
main(void)
{
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	fake_connect(&lp, &hp, &ap);
	cl.context = "kind-test";
	cl.api = ap;
	cl.http = hp;
	T_RUN(canary_plan_names_both_and_counts);
	T_RUN(canary_read_only_refused);
	T_RUN(canary_shift_sends_growing_first_and_notes_the_way_back);
	T_RUN(canary_failed_first_request_sends_and_notes_nothing_more);
	T_RUN(canary_undo_of_a_shift_grows_first);
	T_RUN(canary_second_request_refused_says_what_went_through_and_notes_it);
	T_RUN(canary_promote_patches_the_template_then_the_finish_notes_all);
	lastchange_clear();
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
