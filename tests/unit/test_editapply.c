/* The engine of an edit's save: the patch type (strategic merge for built-in kinds, JSON
 * merge for the others), a changed name refused on its line with kubectl's words, an
 * unchanged text not sent, an emptied one cancelled, a syntax error at its place, the
 * resourceVersion in the patch; then against a scripted server: a dry run's 422 marked on
 * the line of its field and nothing else sent, a clean save (dry run, confirm, patch), a
 * 409 read again and merged with what the server changed, and a 409 of hidden changes
 * only sent again without a question. */
#define _GNU_SOURCE   /* strcasestr in fakeapi.h */
#include "t.h"

#include "fakeapi.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "model/merge3.h"
#include "ops/editapply.h"
#include "ops/editobj.h"

static struct kres deploy_res = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };
static struct kres crd_res = { .group = "shop.example.com", .version = "v1", .resource = "carts",
	.singular = "cart", .kind = "Cart", .namespaced = 1 };

static const char deploy_json[] =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
    "\"namespace\":\"shop\",\"resourceVersion\":\"41\",\"generation\":2},"
    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
    "\"image\":\"nginx:1.25\"}]}}},\"status\":{\"replicas\":3}}";

static struct editobj *
obj_from(const struct kres *res, const char *json)
{
	cJSON *j = cJSON_Parse(json);
	if (j == NULL)
		return NULL;
	struct editobj *o = editobj_from_object(NULL, res, j);
	cJSON_Delete(j);
	return o;
}

/* o's text with the first from replaced by to (a new string). */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	if (at == NULL)
		return NULL;
	size_t n = strlen(text) - strlen(from) + strlen(to);
	char *s = malloc(n + 1);
	snprintf(s, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return s;
}

/* The 1-based line of the first line of text that holds needle. */
static int
line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (at == NULL)
		return -1;
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

T_CASE(editapply_patch_type_builtin_or_custom)
{
	T_EQ_INT(editapply_patch_type(&deploy_res), API_PATCH_STRATEGIC);
	T_EQ_INT(editapply_patch_type(&crd_res), API_PATCH_MERGE);
	T_EQ_INT(editapply_patch_type(NULL), API_PATCH_MERGE);
	T_ASSERT(editapply_builtin(""));
	T_ASSERT(editapply_builtin(NULL));
	T_ASSERT(editapply_builtin("networking.k8s.io"));
	T_ASSERT(editapply_builtin("rbac.authorization.k8s.io"));
	T_ASSERT(!editapply_builtin("metrics.k8s.io"));
	T_ASSERT(!editapply_builtin("apiextensions.k8s.io"));
	T_ASSERT(!editapply_builtin("monitoring.coreos.com"));
}

T_CASE(editapply_changed_name_refused_on_its_line)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	const char *keys[][2] = { { "name: web\n", "name: web2\n" }, { "kind: Deployment", "kind: StatefulSet" },
		{ "apiVersion: apps/v1", "apiVersion: apps/v2" } };
	for (size_t i = 0; i < 3; i++) {
		char *t = edit(o->text, keys[i][0], keys[i][1]);
		T_ASSERT(t != NULL);
		struct editapply_prep p;
		editapply_prepare(o, t, strlen(t), &p);
		T_EQ_INT(p.outcome, EDITAPPLY_REFUSED);
		T_CONTAINS(p.sentence, "at least one of apiVersion, kind and name was changed");
		T_EQ_INT(p.mark.line, line_of(t, keys[i][1]));
		T_ASSERT(p.patch == NULL);
		editapply_prep_clear(&p);
		free(t);
	}
	/* the namespace neither */
	char *t = edit(o->text, "namespace: shop", "namespace: other");
	struct editapply_prep p;
	editapply_prepare(o, t, strlen(t), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_REFUSED);
	T_EQ_INT(p.mark.line, line_of(t, "namespace: other"));
	editapply_prep_clear(&p);
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_unchanged_not_sent_emptied_cancelled)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	struct editapply_prep p;
	editapply_prepare(o, o->text, o->len, &p);
	T_EQ_INT(p.outcome, EDITAPPLY_UNCHANGED);
	T_CONTAINS(p.sentence, "No changes");
	editapply_prep_clear(&p);
	/* the same object written otherwise (JSON, another order) is unchanged too */
	const char json[] = "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"namespace\":\"shop\","
	    "\"name\":\"web\",\"resourceVersion\":\"41\",\"generation\":2},\"spec\":{\"template\":{\"spec\":"
	    "{\"containers\":[{\"image\":\"nginx:1.25\",\"name\":\"web\"}]}},\"replicas\":3}}";
	editapply_prepare(o, json, strlen(json), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_UNCHANGED);
	editapply_prep_clear(&p);
	const char empty[] = "\n  \n# all gone\n";
	editapply_prepare(o, empty, strlen(empty), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_CANCELLED);
	T_CONTAINS(p.sentence, "empty");
	editapply_prep_clear(&p);
	editobj_free(&o);
}

T_CASE(editapply_syntax_error_refused_at_its_line)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	char *t = edit(o->text, "replicas: 3", "replicas: [3");
	struct editapply_prep p;
	editapply_prepare(o, t, strlen(t), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_REFUSED);
	T_ASSERT_MSG(p.mark.line >= line_of(t, "replicas: [3"), "line %d", p.mark.line);
	T_CONTAINS(p.sentence, "line");
	editapply_prep_clear(&p);
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_patch_carries_the_loaded_resource_version)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	struct editapply_prep p;
	editapply_prepare(o, t, strlen(t), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_SEND);
	T_EQ_INT(p.type, API_PATCH_STRATEGIC);
	char *s = cJSON_PrintUnformatted(p.patch);
	T_CONTAINS(s, "\"replicas\":5");
	T_CONTAINS(s, "\"resourceVersion\":\"41\"");
	/* status is hidden in the text, and not taken away by the patch */
	T_LACKS(s, "status");
	free(s);
	editapply_prep_clear(&p);
	free(t);
	editobj_free(&o);
	/* a custom resource: a JSON merge patch */
	o = obj_from(&crd_res, "{\"apiVersion\":\"shop.example.com/v1\",\"kind\":\"Cart\",\"metadata\":"
	    "{\"name\":\"c\",\"namespace\":\"shop\",\"resourceVersion\":\"9\"},\"spec\":{\"items\":[1,2]}}");
	T_ASSERT(o != NULL);
	t = edit(o->text, "- 2", "- 3");
	T_ASSERT(t != NULL);
	editapply_prepare(o, t, strlen(t), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_SEND);
	T_EQ_INT(p.type, API_PATCH_MERGE);
	s = cJSON_PrintUnformatted(p.patch);
	T_EQ_STR(s, "{\"spec\":{\"items\":[1,3]},\"metadata\":{\"resourceVersion\":\"9\"}}");
	free(s);
	editapply_prep_clear(&p);
	free(t);
	editobj_free(&o);
}

/* A Secret's value edited decoded goes out encoded, and only the value changed. */
T_CASE(editapply_secret_patch_encoded)
{
	static struct kres secret_res = { .group = "", .version = "v1", .resource = "secrets",
		.singular = "secret", .kind = "Secret", .namespaced = 1 };
	/* user=admin, pass=s3cr3t */
	struct editobj *o = obj_from(&secret_res, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\","
	    "\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\",\"resourceVersion\":\"7\"},"
	    "\"data\":{\"user\":\"YWRtaW4=\",\"pass\":\"czNjcjN0\"}}");
	T_ASSERT(o != NULL);
	char *t = edit(o->text, "pass: s3cr3t", "pass: n3w");
	T_ASSERT(t != NULL);
	struct editapply_prep p;
	editapply_prepare(o, t, strlen(t), &p);
	T_EQ_INT(p.outcome, EDITAPPLY_SEND);
	char *s = cJSON_PrintUnformatted(p.patch);
	T_EQ_STR(s, "{\"data\":{\"pass\":\"bjN3\"},\"metadata\":{\"resourceVersion\":\"7\"}}");
	free(s);
	editapply_prep_clear(&p);
	/* the text as loaded, decoded, is no change */
	editapply_prepare(o, o->text, o->len, &p);
	T_EQ_INT(p.outcome, EDITAPPLY_UNCHANGED);
	editapply_prep_clear(&p);
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_causes_marked_on_their_lines)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	struct api_result r = { .status = 422, .ncauses = 2 };
	snprintf(r.causes[0].field, sizeof r.causes[0].field, "spec.replicas");
	snprintf(r.causes[0].message, sizeof r.causes[0].message,
	    "Invalid value: -1: must be greater than or equal to 0");
	snprintf(r.causes[1].field, sizeof r.causes[1].field, "spec.template.spec.containers[0].image");
	snprintf(r.causes[1].message, sizeof r.causes[1].message, "Required value");
	struct editapply_mark m[4];
	T_EQ_INT(editapply_marks(o->text, o->len, &r, m, 4), 2);
	T_EQ_INT(m[0].line, line_of(o->text, "replicas: 3"));
	T_EQ_STR(m[0].msg, "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
	T_EQ_INT(m[1].line, line_of(o->text, "image: nginx"));
	editobj_free(&o);
}

/* ---- against a scripted server ---- */

static struct loop *lp;
/* The diff's two texts are the loaded object and the edited one, each as the writer
 * writes it: values of every shape read back to the same text (so it is written once),
 * the user's comments and order dropped, what is hidden hidden; the same with the edited
 * object given or made from the text; a Secret's notes (comments) dropped on both sides. */
T_CASE(editapply_diff_texts_as_written)
{
	struct editobj *o = obj_from(&deploy_res, "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\","
	    "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"41\","
	    "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"a\\\":1}\\n\","
	    "\"a.b/c\":\"yes\",\"n\":\"1\",\"e\":\"\",\"t\":\"~\",\"h\":\"#x\",\"c\":\"a: b\",\"d\":\"- x\","
	    "\"m\":\"one\\ntwo\\n\",\"m2\":\"one\\n  two\",\"sp\":\" lead\",\"u\":\"caf\\u00e9 \\u6f22\","
	    "\"q\":\"it's \\\"q\\\"\"},\"managedFields\":[{\"manager\":\"kubectl\"}]},"
	    "\"spec\":{\"replicas\":3,\"f\":0.25,\"big\":12345678901,\"neg\":-4,\"on\":true,\"off\":false,"
	    "\"none\":null,\"em\":{},\"el\":[],\"ll\":[[1,2],[]],\"template\":{\"spec\":{\"containers\":"
	    "[{\"name\":\"web\",\"image\":\"nginx:1.25\",\"args\":[\"--x=1\",\"0\",\"true\"]}]}}},"
	    "\"status\":{\"replicas\":3}}");
	T_ASSERT(o != NULL);
	char *t = edit(o->text, "replicas: 3", "replicas: 5  # more");
	T_ASSERT(t != NULL);
	char *a, *b;
	editapply_diff_of(o, NULL, t, strlen(t), &a, &b);
	char *na = editapply_normal_text(a, strlen(a)), *nb = editapply_normal_text(b, strlen(b));
	T_EQ_STR(a, na);
	T_EQ_STR(b, nb);
	T_EQ_STR(a, o->text);
	T_CONTAINS(b, "replicas: 5\n");
	T_LACKS(b, "# more");
	T_LACKS(b, "managedFields");
	T_LACKS(b, "status");
	T_CONTAINS(b, "(folded, ");
	/* the edited object given, as after a 409 */
	cJSON *mine = editobj_tree(o, t, strlen(t), NULL);
	char *a2, *b2;
	editapply_diff_of(o, mine, NULL, 0, &a2, &b2);
	T_EQ_STR(a2, a);
	T_EQ_STR(b2, b);
	cJSON_Delete(mine);
	free(a), free(b), free(na), free(nb), free(a2), free(b2), free(t);
	editobj_free(&o);

	static struct kres secret_res = { .group = "", .version = "v1", .resource = "secrets",
		.singular = "secret", .kind = "Secret", .namespaced = 1 };
	/* user=admin, bin is not text */
	o = obj_from(&secret_res, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":"
	    "\"db\",\"namespace\":\"shop\",\"resourceVersion\":\"7\"},\"data\":{\"user\":\"YWRtaW4=\","
	    "\"bin\":\"/w==\"}}");
	T_ASSERT(o != NULL);
	T_CONTAINS(o->text, "# not UTF-8 text");
	t = edit(o->text, "user: admin", "user: root");
	editapply_diff_of(o, NULL, t, strlen(t), &a, &b);
	T_LACKS(a, "# not UTF-8 text");
	T_LACKS(b, "# not UTF-8 text");
	T_CONTAINS(a, "user: admin");
	T_CONTAINS(b, "user: root");
	free(a), free(b), free(t);
	editobj_free(&o);
}

static struct http *hp;
static struct api *ap;
static struct cluster cl;

struct run {
	int confirms, conflicts, dones;
	int answer;                     /* confirm's answer */
	enum editapply_choice choice;   /* conflict's answer */
	size_t conflict_fields, conflict_n;
	enum editapply_outcome outcome;
	char sentence[640], rv[64], text[4096], diff_a_rv[16];
	struct editapply_mark marks[8];
	size_t nmarks;
};

static void
run_confirm(struct editapply *ea, void *arg)
{
	struct run *r = arg;
	r->confirms++;
	/* both sides of the diff are of the version the patch goes from */
	char *a, *b;
	editapply_diff_texts(ea, &a, &b);
	const char *rv = strstr(a, "resourceVersion: '");
	snprintf(r->diff_a_rv, sizeof r->diff_a_rv, "%.*s", rv ? (int)strcspn(rv + 18, "'") : 0,
	    rv ? rv + 18 : "");
	char needle[64];
	snprintf(needle, sizeof needle, "resourceVersion: '%s'", r->diff_a_rv);
	if (strstr(b, needle) == NULL)
		snprintf(r->diff_a_rv, sizeof r->diff_a_rv, "differ");
	free(a);
	free(b);
	editapply_confirm(ea, r->answer);
}

static void
run_conflict(struct editapply *ea, struct merge3 *m, void *arg)
{
	struct run *r = arg;
	r->conflicts++;
	r->conflict_n = m->n;
	r->conflict_fields = m->conflicts;
	editapply_resolve(ea, r->choice);
}

static void
run_done(struct editapply *ea, const struct editapply_end *e, void *arg)
{
	(void)ea;
	struct run *r = arg;
	r->dones++;
	r->outcome = e->outcome;
	snprintf(r->sentence, sizeof r->sentence, "%s", e->sentence);
	snprintf(r->rv, sizeof r->rv, "%s", e->rv ? e->rv : "");
	snprintf(r->text, sizeof r->text, "%s", e->text ? e->text : "");
	r->nmarks = e->nmarks < 8 ? e->nmarks : 8;
	for (size_t i = 0; i < r->nmarks; i++)
		r->marks[i] = e->marks[i];
}

static const struct editapply_cbs run_cbs = { run_confirm, run_conflict, run_done };

static void
run_wait(struct run *r)
{
	for (int i = 0; i < 300 && r->dones == 0; i++)
		loop_run_once(lp, 20);
}

static struct editobj *
loaded(void)
{
	cJSON *j = cJSON_Parse(deploy_json);
	struct editobj *o = editobj_from_object(&cl, &deploy_res, j);
	cJSON_Delete(j);
	return o;
}

static const char invalid_body[] =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,"
    "\"message\":\"Deployment.apps \\\"web\\\" is invalid: spec.replicas: Invalid value: -1: must be "
    "greater than or equal to 0\",\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"Deployment\","
    "\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1: must be greater than "
    "or equal to 0\",\"field\":\"spec.replicas\"}]}}";

/* The server's answer to a patch: the whole object at rv with replicas and image. */
static const char *
deploy_at(const char *rv, int replicas, const char *image)
{
	static char bufs[4][512];
	static int k;
	char *b = bufs[k++ % 4];
	snprintf(b, sizeof bufs[0], "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
	    "{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"%s\",\"generation\":4},"
	    "\"spec\":{\"replicas\":%d,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"%s\"}]}}},\"status\":{\"replicas\":3}}", rv, replicas, image);
	return b;
}

T_CASE(editapply_dry_run_422_marks_the_line)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: -1");
	int k = fake_served;
	fake_answer("422 Unprocessable Entity", invalid_body);
	struct run r = { .answer = 1 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	T_EQ_INT(r.dones, 0);
	run_wait(&r);
	T_EQ_INT(r.dones, 1);
	T_EQ_INT(r.confirms, 0);
	T_EQ_INT(r.outcome, EDITAPPLY_REFUSED);
	T_EQ_INT(fake_served, k + 1);
	T_CONTAINS(fake_requests[k], "PATCH /apis/apps/v1/namespaces/shop/deployments/web?dryRun=All ");
	T_CONTAINS(fake_requests[k], "application/strategic-merge-patch+json");
	T_CONTAINS(fake_requests[k], "\"resourceVersion\":\"41\"");
	T_EQ_INT(r.nmarks, 1);
	T_EQ_INT(r.marks[0].line, line_of(t, "replicas: -1"));
	T_CONTAINS(r.marks[0].msg, "must be greater than or equal to 0");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_clean_save_dry_run_confirm_patch)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"41\"}}");
	fake_answer("200 OK", deploy_at("42", 5, "nginx:1.25"));
	struct run r = { .answer = 1 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.confirms, 1);
	T_EQ_INT(r.outcome, EDITAPPLY_APPLIED);
	T_EQ_STR(r.rv, "42");
	T_CONTAINS(r.sentence, "deployment shop/web saved");
	T_CONTAINS(fake_requests[k], "?dryRun=All ");
	T_LACKS(fake_requests[k + 1], "dryRun");
	T_CONTAINS(fake_requests[k + 1], "\"replicas\":5");
	/* the next save goes from what was saved */
	T_EQ_STR(o->resource_version, "42");
	T_CONTAINS(o->text, "replicas: 5");
	/* read against the version it replaces: what the save left alone is that one's */
	const cJSON *now = editobj_loaded(o);
	const cJSON *tpl = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(now, "spec"),
	    "template");
	T_ASSERT(tpl != NULL && (tpl->type & cJSON_IsReference));
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(now, "status")->type & cJSON_IsReference);
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(now, "spec"),
	    "replicas")->valueint, 5);
	/* of the version before, only what the answer shares is kept */
	T_EQ_INT(cJSON_GetArraySize(o->earlier), 1);
	const cJSON *was = cJSON_GetArrayItem(o->earlier, 0);
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(was, "metadata") == NULL);
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(was, "status") != NULL);
	free(t);
	/* no at the question: nothing but the dry run */
	t = edit(o->text, "replicas: 5", "replicas: 6");
	k = fake_served;
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"41\"}}");
	r = (struct run){ .answer = 0 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_CANCELLED);
	for (int i = 0; i < 10; i++)
		loop_run_once(lp, 10);
	T_EQ_INT(fake_served, k + 1);
	free(t);
	editobj_free(&o);
}

/* The server's object after someone changed the image (and so the generation). */
static const char theirs_json[] =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
    "\"namespace\":\"shop\",\"resourceVersion\":\"43\",\"generation\":3},"
    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
    "\"image\":\"nginx:1.27\"}]}}},\"status\":{\"replicas\":3}}";

static const char conflict_body[] =
    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\",\"code\":409,"
    "\"message\":\"Operation cannot be fulfilled on deployments.apps \\\"web\\\": the object has been "
    "modified; please apply your changes to the latest version and try again\"}";

T_CASE(editapply_conflict_merges_both_changes)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	fake_answer("409 Conflict", conflict_body);     /* the dry run */
	fake_answer("200 OK", theirs_json);             /* read again */
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"43\"}}");   /* dry run */
	fake_answer("200 OK", deploy_at("44", 5, "nginx:1.27"));
	struct run r = { .answer = 1, .choice = EDITAPPLY_SEND_MERGED };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.conflicts, 1);
	T_EQ_INT(r.conflict_fields, 0);
	T_EQ_INT(r.outcome, EDITAPPLY_APPLIED);
	T_EQ_STR(r.rv, "44");
	T_CONTAINS(fake_requests[k + 1], "GET /apis/apps/v1/namespaces/shop/deployments/web ");
	/* the merged patch goes from the server's newer object, with its version */
	T_CONTAINS(fake_requests[k + 3], "\"replicas\":5");
	T_CONTAINS(fake_requests[k + 3], "\"resourceVersion\":\"43\"");
	T_LACKS(fake_requests[k + 3], "nginx:1.25");
	T_EQ_STR(o->resource_version, "44");
	T_CONTAINS(o->text, "nginx:1.27");
	free(t);
	editobj_free(&o);
}

/* The merged text to edit instead: both sides in it, o on the server's newer object. */
T_CASE(editapply_conflict_merged_text_to_edit)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	fake_answer("409 Conflict", conflict_body);
	fake_answer("200 OK", theirs_json);
	struct run r = { .answer = 1, .choice = EDITAPPLY_EDIT_MERGED };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_RETEXT);
	T_CONTAINS(r.text, "replicas: 5");
	T_CONTAINS(r.text, "nginx:1.27");
	T_LACKS(r.text, "status:");
	T_EQ_STR(o->resource_version, "43");
	T_EQ_INT(fake_served, k + 2);
	free(t);
	editobj_free(&o);
}

/* A third change between the merge and its send is caught the same way. */
T_CASE(editapply_third_change_caught_again)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	const char theirs2[] = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"namespace\":\"shop\",\"resourceVersion\":\"47\",\"generation\":3,\"labels\":{\"tier\":\"front\"}},"
	    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"nginx:1.27\"}]}}},\"status\":{\"replicas\":3}}";
	fake_answer("409 Conflict", conflict_body);     /* dry run */
	fake_answer("200 OK", theirs_json);             /* read again: the image */
	fake_answer("409 Conflict", conflict_body);     /* the merged one's dry run */
	fake_answer("200 OK", theirs2);                 /* read again: a label too */
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"47\"}}");
	fake_answer("200 OK", deploy_at("48", 5, "nginx:1.27"));
	struct run r = { .answer = 1, .choice = EDITAPPLY_SEND_MERGED };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.conflicts, 2);
	T_EQ_INT(r.outcome, EDITAPPLY_APPLIED);
	T_EQ_STR(r.rv, "48");
	T_CONTAINS(fake_requests[k + 2], "\"resourceVersion\":\"43\"");
	T_CONTAINS(fake_requests[k + 5], "\"resourceVersion\":\"47\"");
	T_CONTAINS(fake_requests[k + 5], "\"replicas\":5");
	T_LACKS(fake_requests[k + 5], "tier");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_conflict_given_up_keeps_the_loaded_base)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	fake_answer("409 Conflict", conflict_body);
	fake_answer("200 OK", theirs_json);
	struct run r = { .answer = 1, .choice = EDITAPPLY_GIVE_UP };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_CANCELLED);
	T_EQ_STR(o->resource_version, "41");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_hidden_changes_sent_again_silently)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	const char now[] = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"namespace\":\"shop\",\"resourceVersion\":\"50\",\"generation\":2},"
	    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"nginx:1.25\"}]}}},\"status\":{\"replicas\":2,\"readyReplicas\":2}}";
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"41\"}}");   /* dry run */
	fake_answer("409 Conflict", conflict_body);
	fake_answer("200 OK", now);
	fake_answer("200 OK", deploy_at("51", 5, "nginx:1.25"));
	struct run r = { .answer = 1, .choice = EDITAPPLY_GIVE_UP };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.conflicts, 0);
	T_EQ_INT(r.outcome, EDITAPPLY_APPLIED);
	T_EQ_STR(r.rv, "51");
	T_CONTAINS(fake_requests[k + 3], "\"resourceVersion\":\"50\"");
	T_CONTAINS(fake_requests[k + 3], "\"replicas\":5");
	T_LACKS(fake_requests[k + 3], "dryRun");
	free(t);
	editobj_free(&o);
}

/* A 409 of hidden changes before the user saw the change: the newer version's dry run,
 * then the question, then the patch; never sent unasked. */
T_CASE(editapply_hidden_changes_before_the_question_still_asked)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	int k = fake_served;
	const char now[] = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"namespace\":\"shop\",\"resourceVersion\":\"50\",\"generation\":2},"
	    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"nginx:1.25\"}]}}},\"status\":{\"replicas\":2}}";
	fake_answer("409 Conflict", conflict_body);      /* the dry run */
	fake_answer("200 OK", now);
	fake_answer("200 OK", "{\"metadata\":{\"resourceVersion\":\"50\"}}");   /* dry run again */
	fake_answer("200 OK", deploy_at("51", 5, "nginx:1.25"));
	struct run r = { .answer = 1, .choice = EDITAPPLY_GIVE_UP };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.conflicts, 0);
	T_EQ_INT(r.confirms, 1);
	T_EQ_INT(r.outcome, EDITAPPLY_APPLIED);
	T_CONTAINS(fake_requests[k + 2], "?dryRun=All ");
	T_CONTAINS(fake_requests[k + 2], "\"resourceVersion\":\"50\"");
	T_LACKS(fake_requests[k + 3], "dryRun");
	T_EQ_STR(r.diff_a_rv, "50");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_deleted_meanwhile_keeps_the_text)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	fake_answer("404 Not Found", "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\","
	    "\"code\":404,\"message\":\"deployments.apps \\\"web\\\" not found\"}");
	struct run r = { .answer = 1 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_FAILED);
	T_CONTAINS(r.sentence, "deleted meanwhile");
	T_CONTAINS(r.sentence, "the text is kept");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_create_dry_run_then_post)
{
	static struct kres cm_res = { .group = "", .version = "v1", .resource = "configmaps",
		.singular = "configmap", .kind = "ConfigMap", .namespaced = 1 };
	const char text[] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\ndata:\n  k: v\n";
	struct editobj *o = editobj_new_text(&cl, &cm_res, "shop", text, strlen(text));
	int k = fake_served;
	fake_answer("201 Created", "{\"metadata\":{\"name\":\"made\"}}");
	fake_answer("201 Created", "{\"metadata\":{\"name\":\"made\",\"resourceVersion\":\"3\"}}");
	struct run r = { .answer = 1 };
	editapply_start(o, text, strlen(text), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.confirms, 1);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%s", r.sentence);
	T_CONTAINS(fake_requests[k], "POST /api/v1/namespaces/shop/configmaps?dryRun=All ");
	T_CONTAINS(fake_requests[k + 1], "POST /api/v1/namespaces/shop/configmaps ");
	T_CONTAINS(r.sentence, "configmap shop/made created");
	/* the next save is a patch of what was created */
	T_ASSERT(o->loaded != NULL);
	T_EQ_STR(o->name, "made");
	T_EQ_STR(o->resource_version, "3");
	editobj_free(&o);
	/* a kind the cluster does not serve: refused on its line, nothing sent */
	const char odd[] = "apiVersion: shop.example.com/v1\nkind: Basket\nmetadata:\n  name: b\n";
	o = editobj_new_text(&cl, NULL, "shop", odd, strlen(odd));
	k = fake_served;
	r = (struct run){ .answer = 1 };
	editapply_start(o, odd, strlen(odd), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_REFUSED);
	T_EQ_INT(r.marks[0].line, 2);
	T_CONTAINS(r.sentence, "does not serve Basket");
	T_EQ_INT(fake_served, k);
	editobj_free(&o);
}

T_CASE(editapply_forbidden_said_so)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
	    "\"code\":403,\"message\":\"deployments.apps \\\"web\\\" is forbidden: User \\\"dev\\\" cannot "
	    "patch resource \\\"deployments\\\" in API group \\\"apps\\\" in the namespace \\\"shop\\\"\"}");
	struct run r = { .answer = 1 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_FAILED);
	T_CONTAINS(r.sentence, "deployment shop/web was not saved: Not allowed");
	T_CONTAINS(r.sentence, "cannot patch resource");
	free(t);
	editobj_free(&o);
}

T_CASE(editapply_connection_lost_keeps_the_text)
{
	struct editobj *o = loaded();
	char *t = edit(o->text, "replicas: 3", "replicas: 5");
	fake_script[fake_nscript++] = "";   /* the connection closes without an answer */
	struct run r = { .answer = 1 };
	editapply_start(o, t, strlen(t), &run_cbs, &r);
	run_wait(&r);
	T_EQ_INT(r.outcome, EDITAPPLY_FAILED);
	T_CONTAINS(r.sentence, "No answer from kind-test");
	T_CONTAINS(r.sentence, "nothing was saved; the text is kept");
	free(t);
	editobj_free(&o);
}

int
main(void)
{
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);

	T_RUN(editapply_patch_type_builtin_or_custom);
	T_RUN(editapply_changed_name_refused_on_its_line);
	T_RUN(editapply_unchanged_not_sent_emptied_cancelled);
	T_RUN(editapply_syntax_error_refused_at_its_line);
	T_RUN(editapply_patch_carries_the_loaded_resource_version);
	T_RUN(editapply_secret_patch_encoded);
	T_RUN(editapply_diff_texts_as_written);
	T_RUN(editapply_causes_marked_on_their_lines);

	fake_connect(&lp, &hp, &ap);
	cl.context = "kind-test";
	cl.api = ap;
	cl.http = hp;
	T_RUN(editapply_dry_run_422_marks_the_line);
	T_RUN(editapply_clean_save_dry_run_confirm_patch);
	T_RUN(editapply_conflict_merges_both_changes);
	T_RUN(editapply_conflict_merged_text_to_edit);
	T_RUN(editapply_third_change_caught_again);
	T_RUN(editapply_conflict_given_up_keeps_the_loaded_base);
	T_RUN(editapply_hidden_changes_sent_again_silently);
	T_RUN(editapply_hidden_changes_before_the_question_still_asked);
	T_RUN(editapply_deleted_meanwhile_keeps_the_text);
	T_RUN(editapply_create_dry_run_then_post);
	T_RUN(editapply_forbidden_said_so);
	T_RUN(editapply_connection_lost_keeps_the_text);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
