/* Trees read against another that share what equals it (model/jsonshare.h): JSON
 * (jsonread_like) and YAML (doc_from_yaml_like) give the same tree as reading alone, on
 * hand-written texts and on 2000 generated pairs (a tree and a changed copy); what is
 * unchanged is the other tree's nodes, what changed is not; JSON cJSON reads otherwise is
 * left to cJSON. The trees are freed in every order a caller frees them (AddressSanitizer
 * in make asan sees a node freed twice or read after). */
#include "t.h"

#include <math.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "model/jsonread.h"
#include "model/jsonshare.h"

static const cJSON *
at(const cJSON *t, const char *a, const char *b)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(t, a);
	return b != NULL ? cJSON_GetObjectItemCaseSensitive(n, b) : n;
}

static int
is_ref(const cJSON *n)
{
	return n != NULL && (n->type & cJSON_IsReference) != 0;
}

static const char *loaded_json =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
    "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"resourceVersion\":\"7\"},"
    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
    "\"image\":\"web:1\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"},"
    "{\"name\":\"C\",\"value\":\"3\"}]}]}}},\"status\":{\"replicas\":3}}";

T_CASE(jsonread_shares_what_the_server_did_not_change)
{
	cJSON *loaded = cJSON_Parse(loaded_json);
	T_ASSERT(loaded != NULL);
	/* the server changed a label and the resourceVersion */
	const char *theirs_json =
	    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"labels\":{\"app\":\"web\",\"tier\":\"back\"},\"resourceVersion\":\"8\"},"
	    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"web:1\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"},"
	    "{\"name\":\"C\",\"value\":\"3\"}]}]}}},\"status\":{\"replicas\":3}}";
	cJSON *theirs = jsonread_like(theirs_json, strlen(theirs_json), loaded);
	T_ASSERT(theirs != NULL);
	cJSON *alone = cJSON_Parse(theirs_json);
	T_ASSERT(cJSON_Compare(theirs, alone, 1));
	T_ASSERT(!is_ref(theirs));   /* its top is its own */
	T_ASSERT(is_ref(at(theirs, "spec", NULL)));
	T_ASSERT(at(theirs, "spec", NULL)->child == at(loaded, "spec", NULL)->child);
	T_ASSERT(is_ref(at(theirs, "status", NULL)));
	T_ASSERT(!is_ref(at(theirs, "metadata", NULL)));
	T_ASSERT(!is_ref(at(theirs, "metadata", "labels")));
	T_EQ_STR(cJSON_GetStringValue(at(theirs, "metadata", "resourceVersion")), "8");
	/* a copy is its own all the way down */
	cJSON *dup = cJSON_Duplicate(theirs, 1);
	cJSON_Delete(theirs);
	cJSON_Delete(loaded);
	T_ASSERT(cJSON_Compare(dup, alone, 1));
	cJSON_Delete(dup);
	cJSON_Delete(alone);
}

T_CASE(jsonread_shares_the_items_of_a_changed_list)
{
	cJSON *loaded = cJSON_Parse(loaded_json);
	const char *theirs_json =
	    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"resourceVersion\":\"7\"},"
	    "\"spec\":{\"replicas\":3,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"web:1\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"two\"},"
	    "{\"name\":\"C\",\"value\":\"3\"}]}]}}},\"status\":{\"replicas\":3}}";
	cJSON *theirs = jsonread_like(theirs_json, strlen(theirs_json), loaded);
	T_ASSERT(theirs != NULL);
	const cJSON *c = cJSON_GetArrayItem(at(at(at(theirs, "spec", "template"), "spec", NULL),
	    "containers", NULL), 0);
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(c, "env");
	T_ASSERT(!is_ref(c) && !is_ref(env));
	T_ASSERT(is_ref(cJSON_GetArrayItem(env, 0)));
	T_ASSERT(!is_ref(cJSON_GetArrayItem(env, 1)));
	T_ASSERT(is_ref(cJSON_GetArrayItem(env, 2)));
	T_EQ_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(env, 1), "value")),
	    "two");
	/* an item more or less: nothing after it is taken for the same */
	const char *fewer = "{\"a\":[1,2,3],\"b\":[{\"x\":1},{\"y\":2}]}";
	cJSON *l2 = cJSON_Parse("{\"a\":[1,2],\"b\":[{\"x\":1},{\"y\":2},{\"z\":3}]}");
	cJSON *t2 = jsonread_like(fewer, strlen(fewer), l2);
	T_ASSERT(t2 != NULL && !is_ref(at(t2, "a", NULL)) && !is_ref(at(t2, "b", NULL)));
	T_EQ_INT(cJSON_GetArraySize(at(t2, "a", NULL)), 3);
	T_EQ_INT(cJSON_GetArraySize(at(t2, "b", NULL)), 2);
	cJSON_Delete(t2);
	cJSON_Delete(l2);
	cJSON_Delete(theirs);
	cJSON_Delete(loaded);
}

T_CASE(jsonread_leaves_to_cjson_what_it_reads_otherwise)
{
	static const char *const texts[] = {
		"{\"a\":\"x\\u0000y\"}", "{\"a\":1} x", "{\"a\":\"\\ud800\"}", "{\"a\":01x}", "{\"a\":[1,]}",
		"{\"a\" 1}", "\xef\xbb\xbf{}", "", "{\"a\":nul}",
	};
	cJSON *like = cJSON_Parse("{\"a\":1}");
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		cJSON *t = jsonread_like(texts[i], strlen(texts[i]), like);
		T_ASSERT_MSG(t == NULL, "read %s", texts[i]);
	}
	/* what it reads is cJSON's: escapes, numbers, literals, white space */
	const char *ok = " {\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"n\":[-0,1.5e3,-2E-2,"
	    "9007199254740993],\"l\":[true,false,null],\"e\":{},\"ea\":[]}\n";
	cJSON *t = jsonread_like(ok, strlen(ok), NULL);
	cJSON *c = cJSON_Parse(ok);
	T_ASSERT(t != NULL && c != NULL && cJSON_Compare(t, c, 1));
	T_EQ_STR(cJSON_GetStringValue(at(t, "s", NULL)), "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
	cJSON_Delete(t);
	cJSON_Delete(c);
	cJSON_Delete(like);
}

T_CASE(doc_from_yaml_like_shares_what_the_edit_left_alone)
{
	cJSON *loaded = cJSON_Parse(loaded_json);
	char *text = doc_to_yaml(loaded, 0);
	/* the user changed one env value; 1 MB-long strings left alone are shared too */
	char *at_b = strstr(text, "value: '2'");
	T_ASSERT(at_b != NULL);
	memcpy(at_b, "value: '9'", 10);
	struct kd_err err = { 0 };
	cJSON *edited = doc_from_yaml_like(text, strlen(text), "text", loaded, &err);
	cJSON *alone = doc_from_yaml(text, strlen(text), "text", &err);
	T_ASSERT(edited != NULL && alone != NULL && cJSON_Compare(edited, alone, 1));
	T_ASSERT(!is_ref(edited));
	T_ASSERT(is_ref(at(edited, "metadata", NULL)));
	T_ASSERT(is_ref(at(edited, "status", NULL)));
	T_ASSERT(!is_ref(at(edited, "spec", NULL)));
	const cJSON *c = cJSON_GetArrayItem(at(at(at(edited, "spec", "template"), "spec", NULL),
	    "containers", NULL), 0);
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(c, "env");
	T_ASSERT(is_ref(cJSON_GetArrayItem(env, 0)) && !is_ref(cJSON_GetArrayItem(env, 1)) &&
	    is_ref(cJSON_GetArrayItem(env, 2)));
	cJSON_Delete(edited);
	cJSON_Delete(alone);
	free(text);
	/* anchors and aliases, repeated keys and merges: read as alone, nothing freed twice */
	const char *yaml = "metadata:\n  name: web\n  labels: &l\n    app: web\n    tier: front\n"
	    "spec:\n  a: *l\n  b:\n    <<: *l\n    tier: back\n  replicas: 3\n  replicas: 3\n";
	cJSON *like = doc_from_yaml(yaml, strlen(yaml), "y", &err);
	T_ASSERT(like != NULL);
	cJSON *t = doc_from_yaml_like(yaml, strlen(yaml), "y", like, &err);
	cJSON *a = doc_from_yaml(yaml, strlen(yaml), "y", &err);
	T_ASSERT(t != NULL && a != NULL && cJSON_Compare(t, a, 1));
	T_ASSERT(!is_ref(at(t, "metadata", NULL)) && !is_ref(at(t, "spec", NULL)));
	cJSON_Delete(t);
	cJSON_Delete(a);
	cJSON_Delete(like);
	cJSON_Delete(loaded);
}

/* Whether two trees are the same as JSON text (cJSON_Compare takes no repeated keys). */
static int
same_text(const cJSON *a, const cJSON *b)
{
	char *x = cJSON_PrintUnformatted(a), *y = cJSON_PrintUnformatted(b);
	int same = x != NULL && y != NULL && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

T_CASE(jsonshare_prune_keeps_what_is_shared)
{
	cJSON *old = cJSON_Parse(loaded_json);
	/* the server's answer after a save of replicas: the template and status are old's */
	const char *now_json =
	    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
	    "\"labels\":{\"app\":\"web\",\"tier\":\"front\"},\"resourceVersion\":\"8\"},"
	    "\"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\","
	    "\"image\":\"web:1\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"},"
	    "{\"name\":\"C\",\"value\":\"3\"}]}]}}},\"status\":{\"replicas\":3}}";
	cJSON *now = jsonread_like(now_json, strlen(now_json), old);
	cJSON *alone = cJSON_Parse(now_json);
	T_ASSERT(now != NULL);
	const cJSON *nows[1] = { now };
	T_EQ_INT(jsonshare_prune(old, nows, 1), 0);
	/* what now shares stays whole, the rest of old is gone */
	T_ASSERT(at(old, "apiVersion", NULL) == NULL && at(old, "kind", NULL) == NULL);
	T_ASSERT(at(old, "metadata", "labels") != NULL && at(old, "metadata", "name") == NULL);
	T_ASSERT(at(old, "spec", "replicas") == NULL);
	T_ASSERT(at(at(old, "spec", "template"), "spec", NULL) != NULL);
	T_ASSERT(at(old, "status", "replicas") != NULL);
	T_ASSERT(same_text(now, alone));
	/* a version after now that shares nothing of old: old goes whole */
	cJSON *later = cJSON_Parse("{\"kind\":\"Deployment\"}");
	cJSON_Delete(now);
	const cJSON *laters[1] = { later };
	T_EQ_INT(jsonshare_prune(old, laters, 1), 1);
	cJSON_Delete(old);
	cJSON_Delete(later);
	cJSON_Delete(alone);
}

/* Only the trees given count, not what follows one where it is kept: an older version's
 * references, next to it in the list of versions, are not the newer's. */
T_CASE(jsonshare_prune_counts_the_trees_not_their_neighbours)
{
	cJSON *old = cJSON_Parse("{\"a\":{\"x\":1},\"b\":{\"y\":2}}");
	cJSON *versions = cJSON_CreateArray();
	cJSON_AddItemToArray(versions, cJSON_Parse("{\"kind\":\"Deployment\"}"));
	cJSON *older = cJSON_CreateObject();
	cJSON_AddItemToObject(older, "b", jsonshare_ref(at(old, "b", NULL)));
	cJSON_AddItemToArray(versions, older);
	const cJSON *now[1] = { versions->child };
	T_EQ_INT(jsonshare_prune(old, now, 1), 1);
	cJSON_Delete(old);
	/* and given, the other one's reference keeps what it shares */
	old = cJSON_Parse("{\"a\":{\"x\":1},\"b\":{\"y\":2}}");
	cJSON_DeleteItemFromObject(older, "b");
	cJSON_AddItemToObject(older, "b", jsonshare_ref(at(old, "b", NULL)));
	const cJSON *both[2] = { versions->child, older };
	T_EQ_INT(jsonshare_prune(old, both, 2), 0);
	T_ASSERT(at(old, "a", NULL) == NULL && at(old, "b", "y") != NULL);
	cJSON_Delete(versions);
	cJSON_Delete(old);
	/* -0 is not 0 (it is written "-0"): not taken for the same */
	cJSON *z = cJSON_Parse("{\"n\":[0]}");
	cJSON *m = jsonread_like("{\"n\":[-0]}", 11, z);
	T_ASSERT(m != NULL && !is_ref(at(m, "n", NULL)));
	T_ASSERT(signbit(cJSON_GetArrayItem(at(m, "n", NULL), 0)->valuedouble));
	cJSON_Delete(m);
	cJSON_Delete(z);
}

static unsigned long rnd_state = 4711;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)(rnd_state >> 33) % n;
}

static cJSON *
gen(int depth)
{
	static const char *const keys[] = { "metadata", "spec", "name", "value", "env", "a b", "", "k\xc3\xa9" };
	static const char *const strs[] = { "web", "", "yes", "1", "a\nb", "\xe4\xb8\xad", "x: y", "- z" };
	unsigned k = depth > 4 ? rnd(3) : rnd(6);
	switch (k) {
	case 0: return cJSON_CreateString(strs[rnd(sizeof strs / sizeof strs[0])]);
	case 1: return cJSON_CreateNumber((double)rnd(5) - 2);
	case 2: return rnd(3) ? cJSON_CreateBool(rnd(2)) : cJSON_CreateNull();
	case 3: case 4: {
		cJSON *o = cJSON_CreateObject();
		for (unsigned i = rnd(5); i > 0; i--)
			cJSON_AddItemToObject(o, keys[rnd(sizeof keys / sizeof keys[0])], gen(depth + 1));
		return o;
	}
	default: {
		cJSON *a = cJSON_CreateArray();
		for (unsigned i = rnd(5); i > 0; i--)
			cJSON_AddItemToArray(a, gen(depth + 1));
		return a;
	}
	}
}

/* One change somewhere in t: a value replaced, a member taken out or put in. */
static void
mutate(cJSON *t)
{
	cJSON *n = t;
	while ((cJSON_IsObject(n) || cJSON_IsArray(n)) && n->child != NULL && rnd(3) != 0) {
		int i = (int)rnd((unsigned)cJSON_GetArraySize(n));
		n = cJSON_GetArrayItem(n, i);
	}
	if (!cJSON_IsObject(n) && !cJSON_IsArray(n))
		return;
	cJSON *v;
	switch (rnd(3)) {
	case 0:
		if (n->child != NULL)
			cJSON_DeleteItemFromArray(n, (int)rnd((unsigned)cJSON_GetArraySize(n)));
		break;
	case 1:
		v = gen(3);
		if (!(cJSON_IsObject(n) ? cJSON_AddItemToObject(n, "added", v) :
		    cJSON_InsertItemInArray(n, (int)rnd((unsigned)cJSON_GetArraySize(n) + 1), v)))
			cJSON_Delete(v);
		break;
	default:
		if (n->child != NULL) {
			int i = (int)rnd((unsigned)cJSON_GetArraySize(n));
			v = gen(4);
			/* a repeated or empty key may not be replaced: then it is left */
			if (!(cJSON_IsObject(n) ?
			    cJSON_ReplaceItemInObjectCaseSensitive(n, cJSON_GetArrayItem(n, i)->string, v) :
			    cJSON_ReplaceItemInArray(n, i, v)))
				cJSON_Delete(v);
		}
		break;
	}
}

T_CASE(jsonshare_generated_pairs)
{
	int shared = 0;
	for (int i = 0; i < 2000; i++) {
		cJSON *a = cJSON_CreateObject();
		for (unsigned k = rnd(4) + 1; k > 0; k--)
			cJSON_AddItemToObject(a, rnd(2) ? "metadata" : "spec", gen(1));
		cJSON *b = cJSON_Duplicate(a, 1);
		for (unsigned m = rnd(3); m > 0; m--)
			mutate(b);
		/* JSON, against a */
		char *json = i % 2 ? cJSON_Print(b) : cJSON_PrintUnformatted(b);
		cJSON *alone = cJSON_Parse(json);
		cJSON *like = jsonread_like(json, strlen(json), a);
		T_ASSERT_MSG(like != NULL && same_text(like, alone), "for %.300s", json);
		for (const cJSON *c = like->child; c != NULL; c = c->next)
			shared += is_ref(c);
		/* YAML, against a */
		char *yaml = doc_to_yaml(b, 0);
		struct kd_err err = { 0 };
		cJSON *y_alone = doc_from_yaml(yaml, strlen(yaml), "y", &err);
		cJSON *y_like = doc_from_yaml_like(yaml, strlen(yaml), "y", a, &err);
		T_ASSERT_MSG(y_alone != NULL && y_like != NULL && same_text(y_like, y_alone), "for %.300s", yaml);
		/* a caller's copy outlives a; the shared trees do not */
		cJSON *copy = cJSON_Duplicate(y_like, 1);
		cJSON_Delete(y_like);
		cJSON_Delete(like);
		cJSON_Delete(a);
		T_ASSERT(same_text(copy, y_alone));
		cJSON_Delete(copy);
		cJSON_Delete(y_alone);
		cJSON_Delete(alone);
		free(yaml);
		free(json);
		cJSON_Delete(b);
	}
	T_ASSERT_MSG(shared > 1000, "only %d top members shared", shared);
}

int
main(void)
{
	T_RUN(jsonread_shares_what_the_server_did_not_change);
	T_RUN(jsonread_shares_the_items_of_a_changed_list);
	T_RUN(jsonread_leaves_to_cjson_what_it_reads_otherwise);
	T_RUN(doc_from_yaml_like_shares_what_the_edit_left_alone);
	T_RUN(jsonshare_prune_keeps_what_is_shared);
	T_RUN(jsonshare_prune_counts_the_trees_not_their_neighbours);
	T_RUN(jsonshare_generated_pairs);
	return t_done();
}
