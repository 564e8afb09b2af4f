/* What the user may do: one SelfSubjectAccessReview per question, the answer and the
 * server's reason kept, a failed review counted as unknown, questions freed while out;
 * whether a change may be sent, with the sentence that refuses it or says it is asked. */
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

static void
wait_answered(const struct access *ac, const struct api_access *q)
{
	for (int i = 0; i < 200 && access_answer(ac, q, NULL, 0) == ACCESS_PENDING; i++)
		loop_run_once(lp, 50);
}

T_CASE(access_may_asks_once_then_refuses)
{
	struct access *ac = access_new(ap);
	struct api_access q = { "patch", "apps", "deployments", "scale", "team-a", NULL };
	char why[256] = "";
	int served = fake_served;
	fake_answer("201 Created", "{\"status\":{\"allowed\":false}}");
	T_EQ_INT(access_may(ac, &q, "scale", why, sizeof why), -1);
	T_EQ_STR(why, "still asking c whether you may patch deployments/scale (try again in a moment)");
	T_EQ_INT(access_answer(ac, &q, NULL, 0), ACCESS_PENDING);
	/* asked again while out: the same question is not sent twice */
	T_EQ_INT(access_may(ac, &q, "scale", why, sizeof why), -1);
	wait_answered(ac, &q);
	T_EQ_INT(fake_served, served + 1);
	T_CONTAINS(fake_requests[served], "\"namespace\":\"team-a\"");
	T_CONTAINS(fake_requests[served], "\"subresource\":\"scale\"");
	T_EQ_INT(access_may(ac, &q, "scale", why, sizeof why), 0);
	T_EQ_STR(why, "scale is disabled: not allowed to patch deployments/scale in team-a");
	/* the same question for another change: its own name, no new review */
	T_EQ_INT(access_may(ac, &q, "undo", why, sizeof why), 0);
	T_EQ_STR(why, "undo is disabled: not allowed to patch deployments/scale in team-a");
	T_EQ_INT(fake_served, served + 1);
	access_free(&ac);
}

T_CASE(access_may_yes_everywhere_is_yes_here)
{
	struct access *ac = access_new(ap);
	struct api_access all = { "create", "", "secrets", NULL, NULL, NULL };
	struct api_access here = { "create", "", "secrets", NULL, "team-a", NULL };
	struct api_access blank = { "create", "", "secrets", NULL, "", NULL };
	char why[256] = "";
	int served = fake_served;
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	T_EQ_INT(access_may(ac, &all, "helm rollback", why, sizeof why), -1);
	T_EQ_STR(why, "still asking c whether you may create secrets (try again in a moment)");
	wait_answered(ac, &all);
	T_LACKS(fake_requests[served], "\"namespace\"");
	T_EQ_INT(access_may(ac, &all, "helm rollback", why, sizeof why), 1);
	/* allowed in every namespace: allowed in this one, nothing more asked */
	T_EQ_INT(access_may(ac, &here, "helm rollback", why, sizeof why), 1);
	T_EQ_INT(access_answer(ac, &here, NULL, 0), ACCESS_NOT_ASKED);
	/* no namespace written as "": the cluster-wide question */
	T_EQ_INT(access_may(ac, &blank, "helm rollback", why, sizeof why), 1);
	T_EQ_INT(fake_served, served + 1);
	access_free(&ac);
}

T_CASE(access_may_refused_everywhere)
{
	struct access *ac = access_new(ap);
	struct api_access q = { "patch", "", "nodes", NULL, "", NULL };
	char why[256] = "";
	fake_answer("201 Created", "{\"status\":{\"allowed\":false,\"reason\":\"no rule\"}}");
	T_EQ_INT(access_may(ac, &q, "cordon", why, sizeof why), -1);
	wait_answered(ac, &q);
	T_EQ_INT(access_may(ac, &q, "cordon", why, sizeof why), 0);
	T_EQ_STR(why, "cordon is disabled: not allowed to patch nodes");
	access_free(&ac);
}

T_CASE(access_may_unanswered_is_left_to_the_server)
{
	struct access *ac = access_new(ap);
	struct api_access q = { "delete", "", "pods", NULL, "team-a", NULL };
	char why[256] = "";
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"code\":403}");
	T_EQ_INT(access_may(ac, &q, "delete", why, sizeof why), -1);
	wait_answered(ac, &q);
	T_EQ_INT(access_answer(ac, &q, NULL, 0), ACCESS_UNKNOWN);
	T_EQ_INT(access_may(ac, &q, "delete", why, sizeof why), 1);
	access_free(&ac);
}

static int woken[3];
static struct access *wake_ac;

static void
on_wake(void *arg)
{
	int *n = arg;
	(*n)++;
	/* asked again from its own wake-up: for the next answer, not this one */
	if (n == &woken[0] && *n == 1)
		access_wake(wake_ac, on_wake, arg);
	/* one wake-up cancels another's before it runs */
	if (n == &woken[1])
		access_wake_cancel(wake_ac, &woken[2]);
}

T_CASE(access_wake_once_per_answer)
{
	struct access *ac = wake_ac = access_new(ap);
	struct api_access q = { "create", "", "pods", "eviction", "team-a", NULL };
	struct api_access r = { "create", "", "pods", "eviction", "team-b", NULL };
	char why[256];
	memset(woken, 0, sizeof woken);
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	T_EQ_INT(access_may(ac, &q, "drain", why, sizeof why), -1);
	access_wake(ac, on_wake, &woken[0]);
	access_wake(ac, on_wake, &woken[0]);
	access_wake(ac, on_wake, &woken[1]);
	access_wake(ac, on_wake, &woken[2]);
	wait_answered(ac, &q);
	T_EQ_INT(woken[0], 1);
	T_EQ_INT(woken[1], 1);
	T_EQ_INT(woken[2], 0);
	T_EQ_INT(access_may(ac, &q, "drain", why, sizeof why), 1);
	T_EQ_INT(access_may(ac, &r, "drain", why, sizeof why), -1);
	wait_answered(ac, &r);
	/* the one asked again wakes at the second answer; the others were told already */
	T_EQ_INT(woken[0], 2);
	T_EQ_INT(woken[1], 1);
	T_EQ_INT(woken[2], 0);
	/* cancelled, and freed with one still asked for: neither runs */
	struct api_access t = { "create", "", "pods", "eviction", "team-c", NULL };
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	T_EQ_INT(access_may(ac, &t, "drain", why, sizeof why), -1);
	access_wake(ac, on_wake, &woken[2]);
	access_wake_cancel(ac, &woken[2]);
	access_wake_cancel(ac, &woken[2]);
	wait_answered(ac, &t);
	T_EQ_INT(woken[2], 0);
	access_wake(ac, on_wake, &woken[2]);
	access_free(&ac);
	T_EQ_INT(woken[2], 0);
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
	T_RUN(access_may_asks_once_then_refuses);
	T_RUN(access_may_yes_everywhere_is_yes_here);
	T_RUN(access_may_refused_everywhere);
	T_RUN(access_may_unanswered_is_left_to_the_server);
	T_RUN(access_wake_once_per_answer);
	api_free(&ap);
	http_free(&h);
	loop_free(&lp);
	return t_done();
}
