/* YAML <-> JSON: typing as sigs.k8s.io/yaml does, errors with file:line:col, and
 * kubectl-like output that reads back to the same tree. */
#include "t.h"

#include "model/doc.h"

static struct kd_err err;

/* YAML text -> compact JSON text (static buffer), or "ERR: msg". */
static const char *
j(const char *yaml)
{
	static char out[4096];
	cJSON *d = doc_from_yaml(yaml, strlen(yaml), "t.yaml", &err);
	if (d == NULL) {
		snprintf(out, sizeof out, "ERR: %s", err.msg);
		return out;
	}
	char *s = cJSON_PrintUnformatted(d);
	snprintf(out, sizeof out, "%s", s);
	free(s);
	cJSON_Delete(d);
	return out;
}

/* JSON text -> YAML text (static buffer). */
static const char *
y(const char *json, int flags)
{
	static char out[4096];
	cJSON *d = cJSON_Parse(json);
	char *s = doc_to_yaml(d, flags);
	snprintf(out, sizeof out, "%s", s);
	free(s);
	cJSON_Delete(d);
	return out;
}

T_CASE(doc_scalars_typed)
{
	T_EQ_STR(j("a: 1\nb: -2\nc: 1.5\nd: 1e3\ne: 0x1F\nf: 0o17\ng: 017\nh: 1_000\n"),
	    "{\"a\":1,\"b\":-2,\"c\":1.5,\"d\":1000,\"e\":31,\"f\":15,\"g\":15,\"h\":1000}");
	T_EQ_STR(j("a: true\nb: yes\nc: On\nd: n\ne: FALSE\nf: off\n"),
	    "{\"a\":true,\"b\":true,\"c\":true,\"d\":false,\"e\":false,\"f\":false}");
	T_EQ_STR(j("a: ~\nb: null\nc:\nd: NULL\n"), "{\"a\":null,\"b\":null,\"c\":null,\"d\":null}");
	T_EQ_STR(j("a: nginx:1.25\nb: 2024-01-02T03:04:05Z\nc: 1.2.3\nd: yesterday\ne: .5\nf: 08\n"),
	    "{\"a\":\"nginx:1.25\",\"b\":\"2024-01-02T03:04:05Z\",\"c\":\"1.2.3\",\"d\":\"yesterday\",\"e\":0.5,\"f\":8}");
}

T_CASE(doc_quoted_stay_strings)
{
	T_EQ_STR(j("a: '1'\nb: \"true\"\nc: !!str 5\nd: 'null'\n"), "{\"a\":\"1\",\"b\":\"true\",\"c\":\"5\",\"d\":\"null\"}");
	T_EQ_STR(j("a: !!int '7'\n"), "{\"a\":7}");
}

T_CASE(doc_keys_become_strings)
{
	T_EQ_STR(j("1: a\ntrue: b\n~: c\n"), "{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\"}");
}

T_CASE(doc_anchors_and_merge)
{
	T_EQ_STR(j("base: &b {x: 1, w: 2}\nuse:\n  <<: *b\n  w: 3\nlist: [*b]\n"),
	    "{\"base\":{\"x\":1,\"w\":2},\"use\":{\"w\":3,\"x\":1},\"list\":[{\"x\":1,\"w\":2}]}");
	/* YAML 1.1 as Kubernetes reads it: a plain y or n key is a bool, hence "true" */
	T_EQ_STR(j("y: 1\nn: 2\n"), "{\"true\":1,\"false\":2}");
}

T_CASE(doc_duplicate_key_last_wins)
{
	T_EQ_STR(j("a: 1\na: 2\n"), "{\"a\":2}");
}

T_CASE(doc_block_scalars)
{
	T_EQ_STR(j("a: |\n  line1\n  line2\nb: >-\n  folded\n  text\n"), "{\"a\":\"line1\\nline2\\n\",\"b\":\"folded text\"}");
}

T_CASE(doc_empty_is_null)
{
	T_EQ_STR(j(""), "null");
	T_EQ_STR(j("# only a comment\n"), "null");
}

T_CASE(doc_errors_have_positions)
{
	T_EQ_STR(j("a: [1, 2\nb: 3\n"), "ERR: t.yaml:2:2: did not find expected ',' or ']' while parsing a flow sequence");
	T_CONTAINS(j("a: b: c\n"), "ERR: t.yaml:1:5: mapping values are not allowed");
	T_CONTAINS(j("a: *nope\n"), "ERR: t.yaml:1:4: *nope names no anchor defined before it");
	T_CONTAINS(j("a: .inf\n"), "ERR: t.yaml:1:4: .inf is not a number JSON can hold");
	T_CONTAINS(j("a: !!int abc\n"), "t.yaml:1:4: \"abc\" does not match its tag");
	T_CONTAINS(j("\t- x\n"), "ERR: t.yaml:1:");
}

T_CASE(doc_alias_bomb_refused)
{
	char buf[2048] = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
	const char *prev = "a";
	char name[8];
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof name, "b%d", i);
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof buf - n, "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", name, name, prev, prev,
		    prev, prev, prev, prev, prev, prev, prev, prev);
		prev = i == 0 ? "b0" : i == 1 ? "b1" : i == 2 ? "b2" : i == 3 ? "b3" : i == 4 ? "b4" : i == 5 ? "b5" : "b6";
	}
	T_CONTAINS(j(buf), "aliases expand the document beyond 2 million values");
}

T_CASE(doc_deep_nesting_refused)
{
	char buf[2048];
	memset(buf, '[', 600);
	buf[600] = '\0';
	T_CONTAINS(j(buf), "nested too deeply");
}

T_CASE(doc_multi_document)
{
	const char *s = "a: 1\n---\nb: 2\n---\n";
	cJSON *docs = doc_from_yaml_all(s, strlen(s), "m.yaml", &err);
	T_ASSERT_MSG(docs != NULL, "%s", err.msg);
	T_EQ_INT(cJSON_GetArraySize(docs), 3);
	char *out = cJSON_PrintUnformatted(docs);
	T_EQ_STR(out, "[{\"a\":1},{\"b\":2},null]");
	free(out);
	cJSON_Delete(docs);
	T_EQ_STR(j(s), "{\"a\":1}");
	const char *bad = "a: 1\n---\nb: [\n";
	docs = doc_from_yaml_all(bad, strlen(bad), "m.yaml", &err);
	T_ASSERT(docs == NULL);
	T_CONTAINS(err.msg, "m.yaml:4:1:");
}

T_CASE(doc_marks)
{
	const char *s = "a: 1\nlist:\n  - x\n  - y: 2\n";
	struct doc_marks *m = NULL;
	cJSON *d = doc_from_yaml_marks(s, strlen(s), "m.yaml", &m, &err);
	T_ASSERT(d != NULL);
	int line = 0, col = 0;
	cJSON *list = cJSON_GetObjectItem(d, "list");
	T_EQ_INT(doc_mark(m, list, &line, &col), 0);
	T_EQ_INT(line, 2);
	T_EQ_INT(col, 1);
	T_EQ_INT(doc_mark(m, cJSON_GetArrayItem(list, 1), &line, &col), 0);
	T_EQ_INT(line, 4);
	T_EQ_INT(col, 5);
	T_EQ_INT(doc_mark(m, NULL, &line, &col), -1);
	cJSON_Delete(d);
	doc_marks_free(&m);
	doc_marks_free(&m);
}

T_CASE(doc_to_yaml_kubectl_style)
{
	T_EQ_STR(y("{\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}},\"apiVersion\":\"v1\",\"kind\":\"Pod\","
	    "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.25\",\"ports\":[{\"containerPort\":80}]}],\"volumes\":[]}}",
	    DOC_SORT_KEYS),
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: web\n  name: web\nspec:\n  containers:\n"
	    "  - image: nginx:1.25\n    name: c\n    ports:\n    - containerPort: 80\n  volumes: []\n");
	T_EQ_STR(y("{\"b\":1,\"a\":{}}", 0), "b: 1\na: {}\n");
	T_EQ_STR(y("{\"y\":1}", 0), "'y': 1\n");
}

T_CASE(doc_to_yaml_quotes_when_needed)
{
	T_EQ_STR(y("{\"a\":\"123\",\"b\":\"true\",\"c\":\"yes\",\"d\":\"\",\"e\":\"~\",\"f\":\"plain text\",\"g\":\"0x1F\"}", 0),
	    "a: '123'\nb: 'true'\nc: 'yes'\nd: ''\ne: '~'\nf: plain text\ng: '0x1F'\n");
	T_EQ_STR(y("{\"a\":\"x: y\",\"b\":\"- z\",\"c\":\"#c\",\"d\":\"tab\\there\"}", 0),
	    "a: 'x: y'\nb: '- z'\nc: '#c'\nd: \"tab\\there\"\n");
	T_EQ_STR(y("{\"m\":1.5,\"i\":-3,\"big\":12345678901234,\"t\":true,\"z\":null}", 0),
	    "m: 1.5\ni: -3\nbig: 12345678901234\nt: true\nz: null\n");
}

T_CASE(doc_to_yaml_multiline_literal)
{
	T_EQ_STR(y("{\"s\":\"line1\\nline2\\n\",\"t\":\"no newline\\nat end\"}", 0),
	    "s: |\n  line1\n  line2\nt: |-\n  no newline\n  at end\n");
}

T_CASE(doc_to_yaml_invalid_utf8)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "name", "bad\xff\xfe" "byte");
	char *s = doc_to_yaml(d, 0);
	T_EQ_STR(s, "name: bad\xef\xbf\xbd\xef\xbf\xbd" "byte\n");
	free(s);
	cJSON_Delete(d);
}

/* Every case reads back to the same tree. */
T_CASE(doc_round_trip)
{
	static const char *const cases[] = {
		"{\"a\":\"123\",\"b\":[\"true\",\"no\",\"\",\"null\",\"1e3\",\".inf\"],\"c\":{\"d\":\"x: y\",\"e\":\"- z\"}}",
		"{\"s\":\"multi\\nline\\n\\n\",\"t\":\" lead\\nspace\",\"u\":\"trail \\nspace\",\"v\":\"quote'\\\"s\"}",
		"{\"unicode\":\"h\\u00e9llo \\u2603\",\"ctrl\":\"a\\u0001b\",\"key with: colon\":1,\"\":\"empty key\"}",
		"[[],{},[[1,2],[3]],{\"a\":[{\"b\":[]}]}]",
		"{\"num\":[0,-0.5,1e-7,123456789012345678,3.141592653589793]}",
		"\"just a string\"", "42", "null",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *in = cJSON_Parse(cases[i]);
		T_ASSERT_MSG(in != NULL, "case %zu is not JSON", i);
		char *yaml = doc_to_yaml(in, 0);
		cJSON *back = doc_from_yaml(yaml, strlen(yaml), "rt.yaml", &err);
		int same = back != NULL && cJSON_Compare(in, back, 1);
		char *got = back ? cJSON_PrintUnformatted(back) : NULL;
		if (!same)
			t_fail(__FILE__, __LINE__, "case %zu: YAML\n%s\nread back as %s (%s)", i, yaml, got ? got : "nothing", err.msg);
		free(got);
		free(yaml);
		cJSON_Delete(in);
		cJSON_Delete(back);
		if (!same)
			return;
	}
}

T_CASE(doc_to_yaml_all_docs)
{
	cJSON *docs = cJSON_Parse("[{\"a\":1},{\"b\":2}]");
	char *s = doc_to_yaml_all(docs, 0);
	T_EQ_STR(s, "a: 1\n---\nb: 2\n");
	free(s);
	cJSON_Delete(docs);
}

T_CASE(doc_load_file_errors)
{
	int e = 0;
	cJSON *d = doc_load_file("/nonexistent/x.yaml", &e, &err);
	T_ASSERT(d == NULL);
	T_EQ_INT(e, ENOENT);
	T_EQ_STR(err.msg, "/nonexistent/x.yaml: cannot read it (No such file or directory)");
	const char *p = t_write("f.yaml", "k: [v\n", 0);
	d = doc_load_file(p, &e, &err);
	T_ASSERT(d == NULL);
	T_EQ_INT(e, 0);
	T_CONTAINS(err.msg, "f.yaml:2:1:");
}

T_CASE(doc_plain_ok_cases)
{
	T_ASSERT(doc_plain_ok("hello"));
	T_ASSERT(!doc_plain_ok("Yes"));
	T_ASSERT(!doc_plain_ok("-12"));
	T_ASSERT(!doc_plain_ok(""));
	T_ASSERT(doc_plain_ok("1.2.3"));
}

T_CASE(doc_big_integers_exact)
{
	/* beyond 2^53 a double rounds: the text is kept instead, in both directions */
	T_EQ_STR(j("a: 9007199254740993\nb: -9223372036854775808\nc: 18446744073709551615\n"),
	    "{\"a\":9007199254740993,\"b\":-9223372036854775808,\"c\":18446744073709551615}");
	T_EQ_STR(j("a: 0x20000000000001\n"), "{\"a\":9007199254740993}");
	T_EQ_STR(j("9007199254740993: x\n"), "{\"9007199254740993\":\"x\"}");
	cJSON *d = doc_from_yaml("v: 12345678901234567890\n", 24, "t", &err);
	T_ASSERT(d != NULL);
	char *s = doc_to_yaml(d, 0);
	T_EQ_STR(s, "v: 12345678901234567890\n");
	free(s);
	cJSON_Delete(d);
}

T_CASE(doc_to_json_indented)
{
	const char *yaml = "a:\n  b: [1, 'x']\n  e: {}\n  f: []\nz: \"l1\\nl2\\t\\u0001\"\nc: null\nt: true\n";
	cJSON *d = doc_from_yaml(yaml, strlen(yaml), "t", &err);
	T_ASSERT(d != NULL);
	char *s = doc_to_json(d);
	T_EQ_STR(s, "{\n  \"a\": {\n    \"b\": [\n      1,\n      \"x\"\n    ],\n    \"e\": {},\n    \"f\": []\n  },\n"
	    "  \"z\": \"l1\\nl2\\t\\u0001\",\n  \"c\": null,\n  \"t\": true\n}\n");
	cJSON *back = cJSON_Parse(s);
	T_ASSERT(cJSON_Compare(back, d, 1));
	cJSON_Delete(back);
	free(s);
	cJSON_Delete(d);
}

int
main(void)
{
	T_RUN(doc_scalars_typed);
	T_RUN(doc_quoted_stay_strings);
	T_RUN(doc_keys_become_strings);
	T_RUN(doc_anchors_and_merge);
	T_RUN(doc_duplicate_key_last_wins);
	T_RUN(doc_block_scalars);
	T_RUN(doc_empty_is_null);
	T_RUN(doc_errors_have_positions);
	T_RUN(doc_alias_bomb_refused);
	T_RUN(doc_deep_nesting_refused);
	T_RUN(doc_multi_document);
	T_RUN(doc_marks);
	T_RUN(doc_to_yaml_kubectl_style);
	T_RUN(doc_to_yaml_quotes_when_needed);
	T_RUN(doc_to_yaml_multiline_literal);
	T_RUN(doc_to_yaml_invalid_utf8);
	T_RUN(doc_round_trip);
	T_RUN(doc_to_yaml_all_docs);
	T_RUN(doc_load_file_errors);
	T_RUN(doc_plain_ok_cases);
	T_RUN(doc_big_integers_exact);
	T_RUN(doc_to_json_indented);
	return t_done();
}
