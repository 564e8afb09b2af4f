#include "t.h"
/* The pure parts of :undo: JSON pointers into objects and patches, what an undo says it
 * does and what changed since, the redo's patch; a change noted by the engine after its
 * targets are done (only those done); the last change kept per context on disk and read
 * back by a kdeck started again; a deleted object's kept YAML made ready to be created
 * again, and a Secret never kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/deleted.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/restart.h"
#include "ops/revert.h"

static struct kres t_deploy = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };

static struct lastchange *
t_scale_change(const char *set)
{
	struct lastchange *lc = lastchange_new("prod");
	lastchange_add(lc, &t_deploy, "shop", "web", "scale", API_PATCH_MERGE, "{\"spec\":{\"replicas\":5}}",
	    "/spec/replicas", set);
	return lc;
}

T_CASE(revert_pointer_and_patch_value)
{
	cJSON *o = cJSON_Parse("{\"spec\":{\"replicas\":3,\"a/b\":{\"c~d\":[1,2]}}}");
	T_EQ_INT(revert_pointer(o, "/spec/replicas")->valueint, 3);
	T_EQ_INT(revert_pointer(o, "/spec/a~1b/c~0d/1")->valueint, 2);
	T_ASSERT(revert_pointer(o, "/spec/paused") == NULL);
	T_ASSERT(revert_pointer(o, "/spec/a~1b/c~0d/9") == NULL);
	cJSON_Delete(o);

	struct lastchange *lc = t_scale_change("3");
	cJSON *v = revert_patch_value(&lc->steps[0]);
	T_ASSERT(cJSON_IsNumber(v) && v->valueint == 5);
	cJSON_Delete(v);
	/* a JSON patch: the op on the step's path */
	lastchange_add(lc, &t_deploy, "shop", "web", NULL, API_PATCH_JSON,
	    "[{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{}},"
	    "{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"spec\":{\"x\":1}}}]", "/spec/template", "{}");
	v = revert_patch_value(&lc->steps[1]);
	T_ASSERT(v != NULL && revert_pointer(v, "/spec/x") != NULL);
	cJSON_Delete(v);
	lastchange_free(&lc);
}

T_CASE(revert_says_what_it_does)
{
	struct lastchange *lc = t_scale_change("3");
	char *s = revert_say(lc);
	T_EQ_STR(s, "scale deployment web in shop on prod back to 5");
	free(s);
	lastchange_add(lc, &t_deploy, "shop", "api", NULL, API_PATCH_STRATEGIC, "{\"spec\":{\"paused\":null}}",
	    "/spec/paused", "true");
	lastchange_add(lc, &t_deploy, "shop", "cart", NULL, API_PATCH_JSON,
	    "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{}}]", "/spec/template", "{}");
	s = revert_say(lc);
	T_EQ_STR(s, "scale deployment web in shop on prod back to 5; resume deployment api in shop on prod; "
	    "roll deployment cart in shop on prod back to the pod template it had before");
	free(s);
	lastchange_free(&lc);
}

T_CASE(revert_asks_and_shows_what_changed_since)
{
	struct lastchange *lc = t_scale_change("3");
	lc->undo = revert_say(lc);
	cJSON *three = cJSON_CreateNumber(3), *seven = cJSON_CreateNumber(7);
	const cJSON *now[1] = { three };
	char *q = revert_ask(lc, now);
	T_EQ_STR(q, "Undo: scale deployment web in shop on prod back to 5?");
	free(q);
	char why[256];
	T_EQ_INT(revert_since(&lc->steps[0], three, why, sizeof why), 0);
	T_EQ_INT(revert_since(&lc->steps[0], seven, why, sizeof why), 1);
	T_EQ_STR(why, "deployment web was scaled to 7 by someone else since");
	now[0] = seven;
	q = revert_ask(lc, now);
	T_EQ_STR(q, "deployment web was scaled to 7 by someone else since; scale deployment web in shop on prod "
	    "back to 5 anyway?");
	free(q);
	cJSON_Delete(three);
	cJSON_Delete(seven);
	lastchange_free(&lc);

	/* a resume as kdeck left it: spec.paused gone, which is what null says */
	lc = lastchange_new("prod");
	lastchange_add(lc, &t_deploy, "shop", "web", NULL, API_PATCH_STRATEGIC, "{\"spec\":{\"paused\":true}}",
	    "/spec/paused", "null");
	T_EQ_INT(revert_since(&lc->steps[0], NULL, why, sizeof why), 0);
	cJSON *t = cJSON_CreateTrue();
	T_EQ_INT(revert_since(&lc->steps[0], t, why, sizeof why), 1);
	T_EQ_STR(why, "deployment web was paused by someone else since");
	cJSON_Delete(t);
	lastchange_free(&lc);
}

T_CASE(revert_redo_patch_puts_back_what_was_there)
{
	struct lastchange *lc = t_scale_change("3");
	cJSON *three = cJSON_CreateNumber(3);
	int type = -1;
	char *p = revert_redo_patch(&lc->steps[0], three, &type);
	T_EQ_STR(p, "{\"spec\":{\"replicas\":3}}");
	T_EQ_INT(type, API_PATCH_MERGE);
	free(p);
	cJSON_Delete(three);
	/* a template: replaced whole, not merged */
	cJSON *tmpl = cJSON_Parse("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}");
	lastchange_add(lc, &t_deploy, "shop", "web", NULL, API_PATCH_STRATEGIC, "{}", "/spec/template", "{}");
	p = revert_redo_patch(&lc->steps[1], tmpl, &type);
	T_EQ_STR(p, "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}]");
	T_EQ_INT(type, API_PATCH_JSON);
	free(p);
	cJSON_Delete(tmpl);
	/* nothing there before: null */
	lastchange_add(lc, &t_deploy, "shop", "web", NULL, API_PATCH_STRATEGIC, "{}", "/spec/paused", "true");
	p = revert_redo_patch(&lc->steps[2], NULL, &type);
	T_EQ_STR(p, "{\"spec\":{\"paused\":null}}");
	T_EQ_INT(type, API_PATCH_STRATEGIC);
	free(p);
	lastchange_free(&lc);

	cJSON *obj = cJSON_Parse("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"a:1\"}]}}}}");
	p = restart_undo_patch(obj);
	T_EQ_STR(p, "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"spec\":{\"containers\":[{\"image\":\"a:1\"}]}}}]");
	free(p);
	cJSON_Delete(obj);
}

/* an operation that undoes by a merge patch; its second target fails */
static void
t_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct kd_err err = { .code = KD_ERR_FORBIDDEN, .msg = "no" };
	cJSON *answer = cJSON_Parse("{\"spec\":{\"replicas\":4}}");
	if (i != 1)
		op_undo_step(req, i, "scale", API_PATCH_MERGE, "{\"spec\":{\"replicas\":2}}", "/spec/replicas", answer);
	cJSON_Delete(answer);
	cb(req, i, i == 1 ? &err : NULL, arg);
}
static char *t_plan(const struct op_req *req) { (void)req; return NULL; }
static const struct op t_op = { .name = "fake", .action = "fake", .verb = "patch", .done = "scaled",
	.plan = t_plan, .apply = t_apply };

T_CASE(op_run_notes_what_undoes_the_targets_done)
{
	struct op_target t[] = { { "shop", "a" }, { "shop", "b" }, { "shop", "c" } };
	lastchange_clear();
	op_run(op_req_new(&t_op, NULL, &t_deploy, t, 3), NULL, NULL, NULL);
	const struct lastchange *lc = lastchange_get("");
	T_ASSERT(lc != NULL);
	T_EQ_INT(lc->n, 2);
	T_EQ_STR(lc->steps[0].name, "a");
	T_EQ_STR(lc->steps[1].name, "c");
	T_EQ_STR(lc->steps[1].set, "4");
	T_EQ_STR(lc->steps[1].subresource, "scale");
	T_CONTAINS(lc->undo, "scale deployment a in shop on  back to 2");
	T_CONTAINS(lc->what, "scaled 3 deployments");
	/* a dry run notes nothing */
	lastchange_clear();
	struct op_req *req = op_req_new(&t_op, NULL, &t_deploy, t, 1);
	req->opts.dry_run = 1;
	op_run(req, NULL, NULL, NULL);
	T_ASSERT(lastchange_get("") == NULL);
	lastchange_clear();
}

T_CASE(lastchange_persists_per_context)
{
	char dir[] = "/tmp/kdeck-test-revert.XXXXXX";
	T_ASSERT(mkdtemp(dir) != NULL);
	char sub[256];
	snprintf(sub, sizeof sub, "%s/lastchange", dir);
	char *f = lastchange_file(sub, "arn:aws:eks:x/prod");
	T_CONTAINS(f, "/lastchange/arn%3Aaws%3Aeks%3Ax%2Fprod.json");
	free(f);
	f = lastchange_file(sub, "../up");
	T_LACKS(f, "/../");
	free(f);

	lastchange_persist(sub);
	struct lastchange *lc = t_scale_change("3");
	lc->what = strdup("scaled deployment web in shop on prod from 5 to 3");
	lc->undo = revert_say(lc);
	lastchange_note(lc);
	f = lastchange_file(sub, "prod");
	struct stat st;
	T_ASSERT(stat(f, &st) == 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	T_ASSERT(stat(sub, &st) == 0);
	T_EQ_INT(st.st_mode & 0777, 0700);
	/* a kdeck started again */
	lastchange_clear();
	const struct lastchange *back = lastchange_get("prod");
	T_ASSERT(back != NULL);
	T_EQ_STR(back->undo, "scale deployment web in shop on prod back to 5");
	T_EQ_INT(back->n, 1);
	T_EQ_STR(back->steps[0].res->group, "apps");
	T_EQ_STR(back->steps[0].subresource, "scale");
	T_EQ_INT(back->steps[0].patch_type, API_PATCH_MERGE);
	T_EQ_STR(back->steps[0].set, "3");
	T_ASSERT(lastchange_get("staging") == NULL);
	/* forgotten: gone from the disk too */
	lastchange_forget("prod");
	T_ASSERT(stat(f, &st) != 0);
	lastchange_clear();
	T_ASSERT(lastchange_get("prod") == NULL);
	free(f);
	lastchange_persist(NULL);
	T_ASSERT(lastchange_from_json("{\"steps\":[]}") == NULL);
	T_ASSERT(lastchange_from_json("nonsense") == NULL);
	rmdir(sub);
	rmdir(dir);
}

T_CASE(deleted_kept_and_made_new)
{
	char dir[] = "/tmp/kdeck-test-deleted.XXXXXX";
	T_ASSERT(mkdtemp(dir) != NULL);
	setenv("XDG_STATE_HOME", dir, 1);
	T_EQ_INT(deleted_keeps("", "secrets"), 0);
	T_EQ_INT(deleted_keeps("", "configmaps"), 1);
	T_EQ_INT(deleted_keeps("example.com", "secrets"), 1);
	char *p = deleted_path("/s", "ctx/x", "", "configmaps", "", "a");
	T_EQ_STR(p, "/s/ctx%2Fx/core/configmaps/_/a.yaml");
	free(p);

	cJSON *obj = cJSON_Parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"doomed\","
	    "\"namespace\":\"shop\",\"uid\":\"u1\",\"resourceVersion\":\"9\",\"creationTimestamp\":\"t\","
	    "\"managedFields\":[],\"ownerReferences\":[{\"uid\":\"o\"}],\"generation\":2,\"labels\":{\"a\":\"b\"}},"
	    "\"data\":{\"k\":\"v\"},\"status\":{}}");
	struct kd_err err = { 0 };
	T_EQ_INT(deleted_save("prod", "", "configmaps", obj, &err), 0);
	struct kd_err e2 = { 0 };
	T_EQ_INT(deleted_save("prod", "", "secrets", obj, &e2), -1);
	cJSON_Delete(obj);
	char *kept = deleted_dir();
	T_CONTAINS(kept, "/kdeck/deleted");
	p = deleted_path(kept, "prod", "", "configmaps", "shop", "doomed");
	free(kept);
	struct stat st;
	T_ASSERT(stat(p, &st) == 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	free(p);
	cJSON *back = deleted_load("prod", "", "configmaps", "shop", "doomed", &err);
	T_ASSERT(back != NULL);
	char *s = cJSON_PrintUnformatted(back);
	T_EQ_STR(s, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"doomed\",\"namespace\":\"shop\","
	    "\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\"}}");
	free(s);
	cJSON_Delete(back);
	T_ASSERT(deleted_load("prod", "", "configmaps", "shop", "other", &err) == NULL);
	T_CONTAINS(err.msg, "no YAML of configmaps other kept");
	T_ASSERT(deleted_load("prod", "", "secrets", "shop", "doomed", &err) == NULL);
	T_CONTAINS(err.msg, "a Secret's values are not kept");
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	T_EQ_INT(system(cmd), 0);
}

/* A copy that cannot be written is said so, with why: by deleted_save, and before the
 * delete's question is answered. */
T_CASE(deleted_not_kept_says_why)
{
	char dir[] = "/tmp/kdeck-test-deleted.XXXXXX";
	T_ASSERT(mkdtemp(dir) != NULL);
	setenv("XDG_STATE_HOME", dir, 1);
	struct cluster c = { .context = "prod" };
	struct kres cm = { .group = "", .version = "v1", .resource = "configmaps", .singular = "configmap",
		.kind = "ConfigMap", .namespaced = 1 };
	struct op_target one[] = { { "shop", "doomed" } };
	const struct op *del = op_find("delete");
	struct op_req *req = op_req_new(del, &c, &cm, one, 1);
	struct kd_err err = { 0 };
	T_EQ_INT(deleted_can_keep("prod", &err), 0);   /* nothing there yet: it can be made */
	char *q = del->plan(req);
	T_ASSERT_MSG(strstr(q, "No copy") == NULL, "%s", q);
	free(q);
	/* a file where the folder would be: even root cannot write through that */
	char path[512];
	snprintf(path, sizeof path, "%s/kdeck", dir);
	T_EQ_INT(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/kdeck/deleted", dir);
	FILE *f = fopen(path, "w");
	T_ASSERT(f != NULL);
	fclose(f);
	T_EQ_INT(deleted_can_keep("prod", &err), -1);
	T_CONTAINS(err.msg, "cannot create ");
	T_CONTAINS(err.msg, "/kdeck/deleted/prod: Not a directory");
	q = del->plan(req);
	T_CONTAINS(q, "Delete configmap doomed in shop on prod? (Background: what it owns is deleted after it) "
	    "No copy will be kept for :audit to re-create it: cannot create ");
	free(q);
	cJSON *obj = cJSON_Parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"doomed\","
	    "\"namespace\":\"shop\"}}");
	T_EQ_INT(deleted_save("prod", "", "configmaps", obj, &err), -1);
	T_CONTAINS(err.msg, "Not a directory");
	cJSON_Delete(obj);
	/* a dry run keeps nothing anyway: nothing to say */
	req->opts.dry_run = 1;
	q = del->plan(req);
	T_ASSERT_MSG(strstr(q, "No copy") == NULL, "%s", q);
	free(q);
	op_req_free(&req);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	T_EQ_INT(system(cmd), 0);
}

int
main(void)
{
	T_RUN(revert_pointer_and_patch_value);
	T_RUN(revert_says_what_it_does);
	T_RUN(revert_asks_and_shows_what_changed_since);
	T_RUN(revert_redo_patch_puts_back_what_was_there);
	T_RUN(op_run_notes_what_undoes_the_targets_done);
	T_RUN(lastchange_persists_per_context);
	T_RUN(deleted_kept_and_made_new);
	T_RUN(deleted_not_kept_says_why);
	return t_done();
}
