/* What the user may do: one SelfSubjectAccessReview per question, the answer and the
 * server's reason kept, a failed review counted as unknown, questions freed while out. */
#define _GNU_SOURCE
#include "t.h"

#include "kube/access.h"
#include "kube/api.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "fakeapi.h"

static struct loop *lp;
static struct api *ap;
static int changes;

static void
on_change(void *arg)
{
	(void)arg;
	changes++;
}

static void
wait_changes(int want)
{
	for (int i = 0; i < 200 && changes < want; i++)
		loop_run_once(lp, 50);
}

T_CASE(access_yes_no_once)
{
	struct access *ac = access_new(ap);
	struct api_access del = { "delete", "", "pods", NULL, "shop", NULL };
	struct api_access exec = { "create", "", "pods", "exec", "shop", NULL };
	T_EQ_INT(access_answer(ac, &del, NULL, 0), ACCESS_NOT_ASKED);
	int served = fake_served, n = changes;
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	access_ask(ac, &del, on_change, NULL);
	T_EQ_INT(access_answer(ac, &del, NULL, 0), ACCESS_PENDING);
	wait_changes(n + 1);
	T_EQ_INT(access_answer(ac, &del, NULL, 0), ACCESS_YES);
	fake_answer("201 Created", "{\"status\":{\"allowed\":false,\"reason\":\"no RBAC rule\"}}");
	access_ask(ac, &exec, on_change, NULL);
	access_ask(ac, &exec, on_change, NULL);
	wait_changes(n + 2);
	char why[64];
	T_EQ_INT(access_answer(ac, &exec, why, sizeof why), ACCESS_NO);
	T_EQ_STR(why, "no RBAC rule");
	T_EQ_INT(fake_served, served + 2);
	T_CONTAINS(fake_requests[served + 1], "\"subresource\":\"exec\"");
	access_ask(ac, &del, on_change, NULL);
	T_EQ_INT(fake_served, served + 2);
	access_free(&ac);
	T_ASSERT(ac == NULL);
}

T_CASE(access_review_refused_is_unknown)
{
	struct access *ac = access_new(ap);
	struct api_access q = { "patch", "apps", "deployments", NULL, "shop", NULL };
	int n = changes;
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"code\":403}");
	access_ask(ac, &q, on_change, NULL);
	wait_changes(n + 1);
	T_EQ_INT(access_answer(ac, &q, NULL, 0), ACCESS_UNKNOWN);
	/* freed with a question still out: no callback follows */
	struct api_access r = { "delete", "apps", "deployments", NULL, "shop", NULL };
	access_ask(ac, &r, on_change, NULL);
	access_free(&ac);
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(changes, n + 1);
	access_free(&ac);
}

int
main(void)
{
	struct kconn conn = { .server = (char *)fake_start(), .context = "c", .user = "u" };
	struct kd_err err;
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	lp = loop_new();
	struct http *h = http_new(lp, &conn, &err);
	ap = api_new(h, "c", &conn);
	/* the who-am-I review the first question starts: not served here */
	for (int i = 0; i < 3; i++)
		fake_answer("404 Not Found", "{}");
	api_whoami(ap);
	for (int i = 0; i < 100 && fake_served < 3; i++)
		loop_run_once(lp, 20);
	T_RUN(access_yes_no_once);
	T_RUN(access_review_refused_is_unknown);
	api_free(&ap);
	http_free(&h);
	loop_free(&lp);
	return t_done();
}
