/* An object loaded for editing: its text as kubectl edit shows it (status, managedFields
 * and last-applied hidden), a Secret's values decoded where they are text and kept in
 * base64 with a note where they are not, and the edited text made an object again
 * (hidden fields given back, values encoded, syntax errors at their place); the load
 * itself over a scripted server. */
#define _GNU_SOURCE   /* strcasestr in fakeapi.h */
#include "t.h"

#include "fakeapi.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "model/doc.h"
#include "ops/editobj.h"
#include "util/base64.h"
#include "util/xmalloc.h"
#include "loop.h"

static struct kres deploy_res = { .group = "apps", .version = "v1", .resource = "deployments",
	.singular = "deployment", .kind = "Deployment", .namespaced = 1 };
static struct kres secret_res = { .group = "", .version = "v1", .resource = "secrets",
	.singular = "secret", .kind = "Secret", .namespaced = 1 };

static const char deploy_json[] =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
    "\"namespace\":\"shop\",\"resourceVersion\":\"41\",\"managedFields\":[{\"manager\":\"kubectl\"}],"
    "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"a\\\":1}\\n\"}},"
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

T_CASE(editobj_text_hides_what_kubectl_hides)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	T_EQ_STR(o->name, "web");
	T_EQ_STR(o->ns, "shop");
	T_EQ_STR(o->resource_version, "41");
	T_EQ_INT(o->secret, 0);
	T_EQ_INT(o->len, strlen(o->text));
	T_LACKS(o->text, "status:");
	T_LACKS(o->text, "managedFields");
	T_LACKS(o->text, "\\\"a\\\"");
	T_CONTAINS(o->text, "replicas: 3");
	/* in the server's order, as the object came */
	T_ASSERT(strstr(o->text, "apiVersion:") < strstr(o->text, "kind:"));
	T_ASSERT(strstr(o->text, "kind:") < strstr(o->text, "metadata:"));
	T_ASSERT(strstr(o->text, "metadata:") < strstr(o->text, "spec:"));
	editobj_free(&o);
	editobj_free(&o);
	T_ASSERT(o == NULL);
}

/* The text unchanged made an object is the object as loaded: nothing hidden is lost. */
T_CASE(editobj_tree_gives_back_what_was_hidden)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	struct docmap_err err;
	cJSON *t = editobj_tree(o, o->text, o->len, &err);
	T_ASSERT(t != NULL);
	T_ASSERT(cJSON_Compare(t, o->loaded, 1));
	cJSON_Delete(t);
	editobj_free(&o);
}

/* The server's bytes made the text without a tree: the same text, names and version as
 * through the tree; the tree is made when it is asked for, and gives back what the text
 * hides as the tree path does. A Secret, or bytes that are not an object, take the tree
 * path or are refused. */
T_CASE(editobj_adopt_raw_writes_the_text_without_a_tree)
{
	struct editobj *t = obj_from(&deploy_res, deploy_json);
	struct editobj *o = editobj_adopt_raw(NULL, &deploy_res, xstrdup(deploy_json), strlen(deploy_json));
	T_ASSERT(t != NULL && o != NULL);
	T_ASSERT(o->loaded == NULL && o->raw != NULL);   /* no tree yet */
	T_ASSERT(!editobj_is_new(o));
	T_EQ_STR(o->text, t->text);
	T_EQ_INT(o->len, t->len);
	T_EQ_STR(o->name, "web");
	T_EQ_STR(o->ns, "shop");
	T_EQ_STR(o->resource_version, "41");
	/* the text let go is made again from the bytes, still without a tree */
	char *was = xstrdup(o->text);
	editobj_text_drop(o);
	T_ASSERT(o->text == NULL);
	char *again = editobj_text_dup(o, NULL);
	T_EQ_STR(again, was);
	T_ASSERT(o->loaded == NULL);
	free(again);
	/* the edited text made an object: the tree is made, what was hidden given back */
	struct docmap_err err;
	cJSON *tree = editobj_tree(o, was, strlen(was), &err);
	T_ASSERT(tree != NULL && o->loaded != NULL && o->raw == NULL);
	T_ASSERT(cJSON_Compare(tree, t->loaded, 1));
	T_ASSERT(cJSON_Compare(editobj_loaded(o), t->loaded, 1));
	T_EQ_STR(o->hidden.placeholder, t->hidden.placeholder);
	cJSON_Delete(tree);
	free(was);
	editobj_free(&o);
	editobj_free(&t);

	/* a Secret's values are decoded in its text: through the tree, as before */
	const char secret[] = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},"
	    "\"data\":{\"user\":\"YWRtaW4=\"}}";
	o = editobj_adopt_raw(NULL, &secret_res, xstrdup(secret), strlen(secret));
	T_ASSERT(o != NULL && o->loaded != NULL && o->raw == NULL);
	T_CONTAINS(o->text, "user: admin");
	editobj_free(&o);
	/* not an object */
	T_ASSERT(editobj_adopt_raw(NULL, &deploy_res, xstrdup("[1]"), 3) == NULL);
	T_ASSERT(editobj_adopt_raw(NULL, &deploy_res, xstrdup("{\"a\":"), 5) == NULL);
}

T_CASE(editobj_tree_syntax_error_at_its_line)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	const char bad[] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [web\n";
	struct docmap_err err;
	cJSON *t = editobj_tree(o, bad, strlen(bad), &err);
	T_ASSERT(t == NULL);
	T_ASSERT_MSG(err.line >= 4, "line %d", err.line);
	T_ASSERT(err.msg[0] != '\0');
	/* an empty text is not an error: the save says it was emptied */
	t = editobj_tree(o, "# nothing\n", 10, &err);
	T_ASSERT(t != NULL && cJSON_IsNull(t));
	cJSON_Delete(t);
	editobj_free(&o);
}

static const char *
b64(const char *s)
{
	static char out[8][256];
	static int k;
	char *e = base64_encode(s, strlen(s));
	char *r = out[k++ % 8];
	snprintf(r, sizeof out[0], "%s", e);
	free(e);
	return r;
}

/* The text as loaded let go (the editor took it) is made again the same from the object
 * as loaded, what was hidden still hidden (a Secret's values decoded, its notes); and
 * what is hidden is the object's own, not a second copy of a large annotation. */
T_CASE(editobj_text_made_again_after_it_is_let_go)
{
	char json[1024];
	snprintf(json, sizeof json,
	    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\","
	    "\"resourceVersion\":\"7\"},\"data\":{\"user\":\"%s\",\"blob\":\"//4=\"}}", b64("admin"));
	const char *objs[][2] = { { (const char *)&deploy_res, deploy_json }, { (const char *)&secret_res, json } };
	for (size_t i = 0; i < 2; i++) {
		struct editobj *o = obj_from((const struct kres *)objs[i][0], objs[i][1]);
		T_ASSERT(o != NULL);
		char *was = xstrdup(o->text);
		size_t len = o->len, n;
		editobj_text_drop(o);
		T_ASSERT(o->text == NULL);
		T_EQ_INT(o->len, len);
		char *again = editobj_text_dup(o, &n);
		T_EQ_STR(again, was);
		T_EQ_INT(n, len);
		free(again);
		/* the edited text made an object still gets back what was hidden */
		cJSON *tree = editobj_tree(o, was, len, NULL);
		T_ASSERT(tree != NULL);
		if (i == 0) {
			T_ASSERT(cJSON_Compare(tree, o->loaded, 1));
			const cJSON *ann = cJSON_GetObjectItem(cJSON_GetObjectItem(o->loaded, "metadata"), "annotations");
			T_ASSERT(o->hidden.last_applied == cJSON_GetStringValue(
			    cJSON_GetObjectItem(ann, EDITVIEW_LAST_APPLIED)));
		}
		cJSON_Delete(tree);
		free(was);
		editobj_free(&o);
	}
	/* a new object's text is all there is: it stays */
	struct editobj *o = editobj_new_text(NULL, &deploy_res, "shop", "kind: Pod\n", 10);
	editobj_text_drop(o);
	T_EQ_STR(o->text, "kind: Pod\n");
	editobj_free(&o);
}

T_CASE(editobj_secret_decoded_and_encoded_again)
{
	char json[1024];
	/* "\xff\xfe" is not UTF-8: kept in base64 */
	snprintf(json, sizeof json,
	    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\","
	    "\"resourceVersion\":\"7\"},\"type\":\"Opaque\",\"data\":{\"user\":\"%s\",\"pass\":\"%s\","
	    "\"blob\":\"//4=\",\"port\":\"%s\",\"odd\":\"%s\",\"wide\":\"%s\"}}", b64("admin"),
	    b64("s3cr3t\nline2\n"), b64("5432"), b64(" tab\there\r\n# not a comment"), b64("\xe6\x97\xa5\xe6\x9c\xac"));
	struct editobj *o = obj_from(&secret_res, json);
	T_ASSERT(o != NULL);
	T_EQ_INT(o->secret, 1);
	T_CONTAINS(o->text, "user: admin\n");
	T_CONTAINS(o->text, "wide: \xe6\x97\xa5\xe6\x9c\xac\n");
	T_CONTAINS(o->text, "s3cr3t");
	T_LACKS(o->text, b64("admin"));
	T_CONTAINS(o->text, "blob: //4=  # not UTF-8 text: kept in base64\n");
	T_EQ_INT(editobj_secret_binary(o, "blob"), 1);
	T_EQ_INT(editobj_secret_binary(o, "user"), 0);
	/* unchanged: the very object as loaded */
	struct docmap_err err;
	cJSON *t = editobj_tree(o, o->text, o->len, &err);
	T_ASSERT_MSG(t != NULL, "%s", err.msg);
	T_ASSERT(cJSON_Compare(t, o->loaded, 1));
	cJSON_Delete(t);
	/* edited: a value typed plain (even a number) is encoded; a new key too */
	const char edited[] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
	    "  resourceVersion: \"7\"\ntype: Opaque\ndata:\n  user: root\n  port: 6543\n"
	    "  blob: //4=  # not UTF-8 text: kept in base64\n  token: abc\n";
	t = editobj_tree(o, edited, strlen(edited), &err);
	T_ASSERT_MSG(t != NULL, "%s", err.msg);
	cJSON *data = cJSON_GetObjectItem(t, "data");
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(data, "user")), b64("root"));
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(data, "port")), b64("6543"));
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(data, "blob")), "//4=");
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(data, "token")), b64("abc"));
	T_ASSERT(cJSON_GetObjectItem(data, "pass") == NULL);
	T_ASSERT(cJSON_GetObjectItem(data, "odd") == NULL);
	cJSON_Delete(t);
	/* a value kept in base64 that is base64 no more: refused on its line */
	const char broken[] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n"
	    "  user: root\n  blob: not base64!\n";
	t = editobj_tree(o, broken, strlen(broken), &err);
	T_ASSERT(t == NULL);
	T_EQ_INT(err.line, 7);
	T_CONTAINS(err.msg, "data.blob");
	editobj_free(&o);
}

/* A new object's text is Kubernetes' own: a Secret's data is not decoded or encoded. */
T_CASE(editobj_new_text_taken_as_written)
{
	const char text[] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: n\ndata:\n  k: dg==\n";
	struct editobj *o = editobj_new_text(NULL, NULL, NULL, text, strlen(text));
	T_ASSERT(o != NULL);
	T_ASSERT(o->loaded == NULL && o->res == NULL && o->name == NULL);
	T_EQ_STR(o->ns, "");
	T_EQ_STR(o->text, text);
	cJSON *t = editobj_tree(o, o->text, o->len, NULL);
	T_ASSERT(t != NULL);
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(t, "data"), "k")), "dg==");
	cJSON_Delete(t);
	editobj_free(&o);
}

T_CASE(editobj_reload_takes_the_newer_object)
{
	struct editobj *o = obj_from(&deploy_res, deploy_json);
	T_ASSERT(o != NULL);
	cJSON *j = cJSON_Parse(deploy_json);
	cJSON *meta = cJSON_GetObjectItem(j, "metadata");
	cJSON_ReplaceItemInObject(meta, "resourceVersion", cJSON_CreateString("42"));
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(j, "spec"), "replicas", cJSON_CreateNumber(5));
	editobj_reload(o, j);
	cJSON_Delete(j);
	T_EQ_STR(o->resource_version, "42");
	T_CONTAINS(o->text, "replicas: 5");
	T_LACKS(o->text, "managedFields");
	editobj_free(&o);
}

/* ---- the load, over a scripted server ---- */

static struct loop *lp;
static struct http *hp;
static struct api *ap;
static struct cluster cl;
static struct editobj *got;
static struct kd_err got_err;
static int got_calls;

static void
on_loaded(struct editobj *o, const struct kd_err *err, void *arg)
{
	(void)arg;
	got_calls++;
	got = o;
	if (err != NULL)
		got_err = *err;
}

static void
wait_calls(int n)
{
	for (int i = 0; i < 200 && got_calls < n; i++)
		loop_run_once(lp, 20);
}

T_CASE(editobj_load_gets_the_object)
{
	fake_answer("200 OK", deploy_json);
	int k = fake_served;
	got_calls = 0;
	editobj_load(&cl, &deploy_res, "shop", "web", on_loaded, NULL);
	wait_calls(1);
	T_EQ_INT(got_calls, 1);
	T_ASSERT(got != NULL);
	T_CONTAINS(fake_requests[k], "GET /apis/apps/v1/namespaces/shop/deployments/web ");
	T_EQ_STR(got->name, "web");
	T_EQ_STR(got->resource_version, "41");
	T_ASSERT(got->cluster == &cl);
	T_ASSERT(got->res != NULL && got->res != &deploy_res);
	T_EQ_STR(got->res->resource, "deployments");
	T_CONTAINS(got->text, "image: nginx:1.25");
	editobj_free(&got);
}

T_CASE(editobj_load_not_found_is_an_error)
{
	fake_answer("404 Not Found", "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\","
	    "\"code\":404,\"message\":\"deployments.apps \\\"gone\\\" not found\"}");
	got_calls = 0;
	got = NULL;
	editobj_load(&cl, &deploy_res, "shop", "gone", on_loaded, NULL);
	wait_calls(1);
	T_EQ_INT(got_calls, 1);
	T_ASSERT(got == NULL);
	T_EQ_INT(got_err.code, KD_ERR_NOTFOUND);
}

T_CASE(editobj_load_cancelled_calls_nothing)
{
	fake_answer("200 OK", deploy_json);
	got_calls = 0;
	struct api_call *c = editobj_load(&cl, &deploy_res, "shop", "web", on_loaded, NULL);
	editobj_load_cancel(&c);
	T_ASSERT(c == NULL);
	for (int i = 0; i < 20; i++)
		loop_run_once(lp, 10);
	T_EQ_INT(got_calls, 0);
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

	T_RUN(editobj_text_hides_what_kubectl_hides);
	T_RUN(editobj_tree_gives_back_what_was_hidden);
	T_RUN(editobj_adopt_raw_writes_the_text_without_a_tree);
	T_RUN(editobj_tree_syntax_error_at_its_line);
	T_RUN(editobj_secret_decoded_and_encoded_again);
	T_RUN(editobj_text_made_again_after_it_is_let_go);
	T_RUN(editobj_new_text_taken_as_written);
	T_RUN(editobj_reload_takes_the_newer_object);

	struct kconn conn = { .server = (char *)fake_start(), .namespace = "default",
		.context = "kind-test", .user = "kind-user" };
	struct kd_err err;
	lp = loop_new();
	hp = http_new(lp, &conn, &err);
	ap = api_new(hp, "kind-test", &conn);
	cl.context = "kind-test";
	cl.api = ap;
	cl.http = hp;
	T_RUN(editobj_load_gets_the_object);
	T_RUN(editobj_load_not_found_is_an_error);
	T_RUN(editobj_load_cancelled_calls_nothing);
	api_free(&ap);
	http_free(&hp);
	loop_free(&lp);
	return t_done();
}
