#include "t.h"
/* The operations layer's engine without a cluster: finding an operation, the kinds it
 * works on, the plan's sentence (what, where, how many, which), running every target
 * once with answers that come at once, restart's patch and kubectl's refusal of a paused
 * Deployment, and the task registry. */
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "ops/pause.h"
#include "ops/restart.h"
#include "ops/scale.h"
#include "ops/task.h"

static struct kres deploy = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };
static struct kres pods = { .group = "", .version = "v1", .resource = "pods",
	.singular = "pod", .kind = "Pod", .namespaced = 1 };

T_CASE(op_find_by_name_and_action)
{
	T_ASSERT(op_find("restart") != NULL);
	T_ASSERT(op_find("delete") != NULL);
	T_ASSERT(op_find("nope") == NULL);
	T_ASSERT(op_for_action("restart") == op_find("restart"));
	for (size_t i = 0; op_table[i]; i++) {
		T_ASSERT(op_table[i]->plan != NULL && op_table[i]->apply != NULL);
		T_ASSERT(op_table[i]->verb != NULL);
	}
}

T_CASE(op_applies_says_which_kinds)
{
	char why[200] = "";
	T_ASSERT(op_applies(op_find("restart"), &deploy, why, sizeof why));
	T_ASSERT(!op_applies(op_find("restart"), &pods, why, sizeof why));
	T_EQ_STR(why, "restart works on deployments, statefulsets and daemonsets, not pods");
	T_ASSERT(op_applies(op_find("delete"), &pods, why, sizeof why));
}

T_CASE(op_plan_names_cluster_namespace_kind_and_count)
{
	struct cluster c = { .context = "prod" };
	struct op_target one[] = { { "shop", "web" } };
	struct op_req *req = op_req_new(op_find("restart"), &c, &deploy, one, 1);
	char *s = req->op->plan(req);
	T_EQ_STR(s, "Restart deployment web in shop on prod (its pods are replaced as in a rollout)?");
	free(s);
	op_req_free(&req);
	T_ASSERT(req == NULL);

	struct op_target three[] = { { "shop", "web-1" }, { "shop", "web-2" }, { "shop", "web-3" } };
	req = op_req_new(op_find("delete"), &c, &pods, three, 3);
	s = req->op->plan(req);
	T_EQ_STR(s, "Delete 3 pods in shop on prod: web-1, web-2, web-3? (Background: what they own is deleted "
	    "after them)");
	free(s);
	op_req_free(&req);

	struct op_target mixed[] = { { "a", "x" }, { "b", "y" } };
	req = op_req_new(op_find("delete"), &c, &pods, mixed, 2);
	s = req->op->plan(req);
	T_EQ_STR(s, "Delete 2 pods in several namespaces on prod: a/x, b/y? (Background: what they own is "
	    "deleted after them)");
	free(s);
	op_req_free(&req);
	op_req_free(&req);   /* NULL is fine */
}

T_CASE(op_plan_names_the_kind_where_the_server_sends_no_singular)
{
	struct kres old = deploy;
	old.singular = "";   /* Kubernetes before 1.27 */
	struct cluster c = { .context = "real" };
	struct op_target one[] = { { "shop", "web" } };
	struct op_req *req = op_req_new(op_find("delete"), &c, &old, one, 1);
	char *s = req->op->plan(req);
	T_EQ_STR(s, "Delete deployment web in shop on real? (Background: what it owns is deleted after it)");
	free(s);
	op_req_free(&req);
}

T_CASE(op_delete_choices_propagation_and_kill_now)
{
	struct cluster c = { .context = "prod" };
	struct op_target one[] = { { "shop", "web" } };
	const struct op *del = op_find("delete");
	const char *hint = NULL;
	struct op_req *req = op_req_new(del, &c, &deploy, one, 1);
	T_EQ_STR(del->choices(req, &hint), "bfo");
	T_EQ_STR(hint, "b/f/o propagation");
	del->choose(req, 'f');
	char *s = del->plan(req);
	T_EQ_STR(s, "Delete deployment web in shop on prod? (Foreground: what it owns is deleted first)");
	free(s);
	del->choose(req, 'o');
	s = del->plan(req);
	T_CONTAINS(s, "(Orphan: what it owns is left)");
	free(s);
	del->choose(req, 'k');   /* not a pod: no kill now */
	T_EQ_INT(req->opts.grace_seconds, -1);
	del->choose(req, 'b');
	s = del->plan(req);
	T_CONTAINS(s, "(Background: what it owns is deleted after it)");
	free(s);
	op_req_free(&req);

	req = op_req_new(del, &c, &pods, one, 1);
	T_EQ_STR(del->choices(req, &hint), "bfok");
	T_EQ_STR(hint, "b/f/o propagation, k kill now");
	del->choose(req, 'k');
	T_EQ_INT(req->opts.grace_seconds, 0);
	T_EQ_STR(del->choices(req, &hint), "bfok");
	T_EQ_STR(hint, "b/f/o propagation, k not now");
	s = del->plan(req);
	T_EQ_STR(s, "Kill pod web in shop on prod now, grace period 0, not waiting for its containers to stop? "
	    "(Background: what it owns is deleted after it)");
	free(s);
	del->choose(req, 'k');
	T_EQ_INT(req->opts.grace_seconds, -1);
	op_req_free(&req);

	struct kres nsres = { .group = "", .version = "v1", .resource = "namespaces", .singular = "namespace",
		.kind = "Namespace" };
	struct op_target ns[] = { { "", "shop" } };
	req = op_req_new(del, &c, &nsres, ns, 1);
	s = del->plan(req);
	T_EQ_STR(s, "Delete namespace shop on prod and everything in it? (Background: what it owns is deleted "
	    "after it)");
	free(s);
	op_req_free(&req);
}

T_CASE(op_plan_cuts_a_long_list_and_says_how_many_more)
{
	struct cluster c = { .context = "prod" };
	struct op_target t[20];
	char names[20][32];
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "orders-worker-%02d", i);
		t[i].ns = "shop";
		t[i].name = names[i];
	}
	struct op_req *req = op_req_new(op_find("delete"), &c, &pods, t, 20);
	char *s = req->op->plan(req);
	T_CONTAINS(s, "Delete 20 pods in shop on prod: orders-worker-00, ");
	T_CONTAINS(s, " more? (");
	T_LACKS(s, "orders-worker-19");
	free(s);
	op_req_free(&req);
}

/* an operation whose answers come at once: the engine must not end before all started */
static int fake_calls;
static void
fake_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct kd_err err = { .code = KD_ERR_FORBIDDEN, .msg = "no" };
	fake_calls++;
	cb(req, i, i == 1 ? &err : NULL, arg);
}
static char *fake_plan(const struct op_req *req) { (void)req; return NULL; }
static const struct op fake_op = { .name = "fake", .action = "fake", .verb = "patch",
	.plan = fake_plan, .apply = fake_apply };
static size_t seen_each, seen_failed, seen_all;
static char seen_last[sizeof ((struct kd_err *)0)->msg];
static void
on_each(const struct op_req *req, size_t i, const struct kd_err *err, void *arg)
{
	(void)req; (void)i; (void)err; (void)arg;
	seen_each++;
}
static void
on_all(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg)
{
	(void)req; (void)arg;
	seen_all++;
	seen_failed = failed;
	snprintf(seen_last, sizeof seen_last, "%s", last ? last->msg : "");
}

T_CASE(op_run_ends_once_after_every_target)
{
	struct op_target t[] = { { "a", "x" }, { "a", "y" }, { "a", "z" } };
	op_run(op_req_new(&fake_op, NULL, &pods, t, 3), on_each, on_all, NULL);
	T_EQ_INT(fake_calls, 3);
	T_EQ_INT(seen_each, 3);
	T_EQ_INT(seen_all, 1);
	T_EQ_INT(seen_failed, 1);
	T_EQ_STR(seen_last, "no");
}

T_CASE(restart_patch_is_kubectls)
{
	setenv("TZ", "UTC", 1);
	tzset();
	char *p = restart_patch(1764676800);   /* 2025-12-02T12:00:00Z */
	T_EQ_STR(p, "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
	    "{\"kubectl.kubernetes.io/restartedAt\":\"2025-12-02T12:00:00Z\"}}}}}");
	free(p);
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	p = restart_patch(1764676800);
	/* Go's RFC 3339 with an offset, where the zone database has it */
	T_ASSERT(strstr(p, "2025-12-02T20:00:00+08:00") != NULL || strstr(p, "T12:00:00Z") != NULL);
	free(p);
	setenv("TZ", "UTC", 1);
	tzset();
}

T_CASE(restart_refuses_a_paused_deployment_in_kubectls_words)
{
	char why[256] = "";
	cJSON *d = cJSON_Parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"paused\":true}}");
	T_ASSERT(restart_refused(d, "deployments", why, sizeof why));
	T_EQ_STR(why, "deployments.apps \"web\" can't restart paused deployment (run rollout resume first)");
	T_ASSERT(!restart_refused(d, "statefulsets", why, sizeof why));
	cJSON_Delete(d);
	d = cJSON_Parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"paused\":false}}");
	T_ASSERT(!restart_refused(d, "deployments", why, sizeof why));
	cJSON_Delete(d);
}

static int fake_live(void *obj) { return (size_t)obj != 1; }
static const struct task_ops shell_ops = { "shell", fake_live };
static const struct task_ops fwd_ops = { "forward", NULL };
static const struct task_ops drain_ops = { "drain", fake_live };

T_CASE(task_registry_counts_by_kind_in_order)
{
	struct task *t0 = task_add(&shell_ops, (void *)0, "prod", "shop/web");
	struct task *t1 = task_add(&fwd_ops, (void *)2, "prod", "svc/web 80");
	struct task *t2 = task_add(&shell_ops, (void *)1, "staging", "shop/web");
	T_EQ_INT(task_count(NULL), 3);
	T_EQ_INT(task_count("shell"), 2);
	T_EQ_INT(task_live("shell"), 1);
	T_EQ_INT(task_live("forward"), 1);
	T_EQ_INT(task_live(NULL), 2);
	T_ASSERT(task_at("shell", 1) == t2);
	T_ASSERT(task_at("shell", 2) == NULL);
	T_ASSERT(task_at(NULL, 1) == t1);
	T_EQ_STR(task_context(task_at("shell", 1)), "staging");
	T_EQ_STR(task_title(t1), "svc/web 80");
	T_EQ_STR(task_kind(t1), "forward");
	T_ASSERT(task_object(t2) == (void *)1);
	task_remove(&t1);
	T_ASSERT(t1 == NULL);
	T_EQ_INT(task_count("forward"), 0);
	T_ASSERT(task_at(NULL, 1) == t2);
	task_remove(&t0);
	task_remove(&t2);
	task_remove(&t2);   /* NULL is fine */
	T_EQ_INT(task_count(NULL), 0);
}

/* what quitting says will end: counted live, singular and plural */
T_CASE(task_ending_says_what_will_end)
{
	char buf[100];
	T_EQ_INT(task_ending(buf, sizeof buf), 0);
	T_EQ_STR(buf, "");
	struct task *dead = task_add(&shell_ops, (void *)1, "prod", "shop/web");   /* ended */
	struct task *f1 = task_add(&fwd_ops, (void *)0, "prod", "svc/web 80");
	T_EQ_INT(task_ending(buf, sizeof buf), 1);
	T_EQ_STR(buf, "1 forward");
	struct task *s1 = task_add(&shell_ops, (void *)2, "prod", "shop/api");
	T_EQ_INT(task_ending(buf, sizeof buf), 2);
	T_EQ_STR(buf, "1 shell and 1 forward");
	struct task *s2 = task_add(&shell_ops, (void *)2, "staging", "shop/api");
	struct task *f2 = task_add(&fwd_ops, (void *)0, "staging", "svc/db 5432");
	T_EQ_INT(task_ending(buf, sizeof buf), 4);
	T_EQ_STR(buf, "2 shells and 2 forwards");
	struct task *d1 = task_add(&drain_ops, (void *)2, "prod", "drain node/node-1");
	T_EQ_INT(task_ending(buf, sizeof buf), 5);
	T_EQ_STR(buf, "2 shells, 2 forwards and 1 drain");
	task_remove(&d1);
	task_remove(&f1);
	task_remove(&f2);
	T_EQ_INT(task_ending(buf, sizeof buf), 2);
	T_EQ_STR(buf, "2 shells");
	task_remove(&dead);
	task_remove(&s1);
	task_remove(&s2);
	T_EQ_INT(task_count(NULL), 0);
}

T_CASE(scale_counts_as_typed_or_relative)
{
	char why[200] = "";
	long to = -1;
	T_EQ_INT(scale_parse("5", 3, &to, why, sizeof why), 0);
	T_EQ_INT(to, 5);
	T_EQ_INT(scale_parse(" +2 ", 3, &to, why, sizeof why), 0);
	T_EQ_INT(to, 5);
	T_EQ_INT(scale_parse("-3", 3, &to, why, sizeof why), 0);
	T_EQ_INT(to, 0);
	T_EQ_INT(scale_parse("-4", 3, &to, why, sizeof why), -1);
	T_EQ_STR(why, "cannot scale below 0 (3 - 4)");
	T_EQ_INT(scale_parse("five", 3, &to, why, sizeof why), -1);
	T_CONTAINS(why, "N, +N or -N");
	T_EQ_INT(scale_parse("3x", 3, &to, why, sizeof why), -1);
	T_EQ_INT(scale_parse("", 3, &to, why, sizeof why), -1);
	char *p = scale_patch(7);
	T_EQ_STR(p, "{\"spec\":{\"replicas\":7}}");
	free(p);
}

T_CASE(scale_plan_names_counts_and_asks_for_zero)
{
	struct cluster c = { .context = "prod" };
	struct op_target one[] = { { "shop", "web" } };
	const struct op *op = op_find("scale");
	struct op_req *req = op_req_new(op, &c, &deploy, one, 1);
	/* no cluster: the counts prepare would read are set by hand */
	req->from = calloc(1, sizeof *req->from);
	req->to = calloc(1, sizeof *req->to);
	char why[200];
	req->from[0] = 3;
	T_EQ_INT(op->take(req, "0", why, sizeof why), 0);
	char *s = op->plan(req);
	T_EQ_STR(s, "Scale deployment web in shop on prod from 3 to 0? All its pods will stop.");
	free(s);
	T_EQ_INT(op->confirm(req), 1);
	T_EQ_INT(op->take(req, "+1", why, sizeof why), 0);
	T_EQ_INT(req->to[0], 4);
	T_EQ_INT(op->confirm(req), 0);
	op_req_free(&req);

	struct op_target two[] = { { "shop", "web" }, { "shop", "api" } };
	req = op_req_new(op, &c, &deploy, two, 2);
	req->from = calloc(2, sizeof *req->from);
	req->to = calloc(2, sizeof *req->to);
	req->from[0] = 3;
	req->from[1] = 1;
	T_EQ_INT(op->take(req, "-1", why, sizeof why), 0);
	s = op->plan(req);
	T_EQ_STR(s, "Scale 2 deployments in shop on prod: web from 3 to 2, api from 1 to 0? "
	    "The pods of those scaled to 0 will stop.");
	free(s);
	T_EQ_INT(op->confirm(req), 1);
	op_req_free(&req);

	/* a custom resource with a scale subresource fits; one without does not */
	struct kres crd = { .group = "x.io", .version = "v1", .resource = "pools", .kind = "Pool",
		.namespaced = 1, .subres = KRES_SUB_SCALE };
	T_ASSERT(op_applies(op, &crd, why, sizeof why));
	crd.subres = KRES_SUB_STATUS;
	T_ASSERT(!op_applies(op, &crd, why, sizeof why));
	T_EQ_STR(why, "scale works on deployments, statefulsets, replicasets and any resource with a "
	    "scale subresource, not pools");
}

T_CASE(pause_and_resume_send_kubectls_patch_and_refuse_in_its_words)
{
	char why[200] = "";
	T_EQ_STR(pause_patch(1), "{\"spec\":{\"paused\":true}}");
	T_EQ_STR(pause_patch(0), "{\"spec\":{\"paused\":null}}");
	cJSON *paused = cJSON_Parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"paused\":true}}");
	cJSON *running = cJSON_Parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{}}");
	T_ASSERT(pause_refused(paused, 1, why, sizeof why));
	T_EQ_STR(why, "deployments.apps \"web\" is already paused");
	T_ASSERT(!pause_refused(paused, 0, why, sizeof why));
	T_ASSERT(pause_refused(running, 0, why, sizeof why));
	T_EQ_STR(why, "deployments.apps \"web\" is not paused");
	T_ASSERT(!pause_refused(running, 1, why, sizeof why));
	cJSON_Delete(paused);
	cJSON_Delete(running);
	T_ASSERT(!op_applies(op_find("pause"), &pods, why, sizeof why));
	T_EQ_STR(why, "pause works on deployments, not pods");
}

int
main(void)
{
	T_RUN(op_find_by_name_and_action);
	T_RUN(op_applies_says_which_kinds);
	T_RUN(op_plan_names_cluster_namespace_kind_and_count);
	T_RUN(op_plan_names_the_kind_where_the_server_sends_no_singular);
	T_RUN(op_plan_cuts_a_long_list_and_says_how_many_more);
	T_RUN(op_delete_choices_propagation_and_kill_now);
	T_RUN(op_run_ends_once_after_every_target);
	T_RUN(restart_patch_is_kubectls);
	T_RUN(restart_refuses_a_paused_deployment_in_kubectls_words);
	T_RUN(scale_counts_as_typed_or_relative);
	T_RUN(scale_plan_names_counts_and_asks_for_zero);
	T_RUN(pause_and_resume_send_kubectls_patch_and_refuse_in_its_words);
	T_RUN(task_registry_counts_by_kind_in_order);
	T_RUN(task_ending_says_what_will_end);
	return t_done();
}
