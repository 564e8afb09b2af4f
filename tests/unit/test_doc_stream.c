/* JSON text written as YAML without a tree: byte for byte doc_to_yaml's of the tree cJSON
 * parses, with and without the editor's view (what it hides and folds), on hand-written
 * texts and on 3000 generated ones; refused where cJSON would read it differently. */
#include "t.h"

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "model/doc_stream.h"
#include "model/editview.h"

/* The YAML through the tree: cJSON's parse, the view (when view), doc_to_yaml. */
static char *
via_tree(const char *json, int view)
{
	cJSON *t = cJSON_ParseWithLength(json, strlen(json));
	if (t == NULL)
		return NULL;
	char *s;
	if (view) {
		struct editview_hidden h;
		cJSON *v = editview_borrow(t, &h);
		s = doc_to_yaml(v, 0);
		cJSON_Delete(v);
		editview_hidden_free(&h);
	} else
		s = doc_to_yaml(t, 0);
	cJSON_Delete(t);
	return s;
}

static char *
via_stream(const char *json, int view)
{
	return doc_stream_yaml(json, strlen(json), view ? editview_stream_filter : NULL, NULL);
}

/* Both ways give the same text; *streamed counts the texts the stream did not refuse. */
static void
same(const char *json, int view, int *streamed)
{
	char *a = via_tree(json, view), *b = via_stream(json, view);
	*streamed += b != NULL;
	if (b != NULL) {
		T_ASSERT_MSG(a != NULL, "streamed what cJSON does not parse: %.200s", json);
		T_ASSERT_MSG(strcmp(a, b) == 0, "for %.300s\n--- tree\n%.600s\n--- stream\n%.600s", json, a, b);
	}
	free(a);
	free(b);
}

T_CASE(doc_stream_scalars_and_structure)
{
	static const char *const texts[] = {
		"{}", "[]", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":[[],[1,[2,{}]],{}]}", "\"x\"", "3", "null",
		"{\"a\":1,\"b\":-2.5,\"c\":1e3,\"d\":1E-7,\"e\":0,\"f\":-0,\"g\":123456789012345678901234}",
		"{\"a\":9007199254740993,\"b\":0.1,\"c\":1.7976931348623157e308,\"d\":5e-324}",
		"{\"t\":true,\"f\":false,\"n\":null}",
		"{\"s\":\"yes\",\"t\":\"null\",\"u\":\"1.0\",\"v\":\"0x1F\",\"w\":\"\",\"x\":\"~\",\"y\":\"on\"}",
		"{\"s\":\"a: b\",\"t\":\"- x\",\"u\":\"#c\",\"v\":\" lead\",\"w\":\"trail \",\"x\":\"a\\nb\\n\"}",
		"{\"m\":\"line one\\n  indented\\nlast\",\"n\":\"tail space \\nx\",\"o\":\"\\tstart\\nx\"}",
		"{\"e\":\"\\\"q\\\" \\\\ \\/ \\b\\f\\r\\t\",\"u\":\"\\u00e9\\u4e2d\\ud83d\\ude00\",\"c\":\"\\u0001x\"}",
		"{\"k\\u00e9y\":1,\"a b\":2,\"\":3,\"x: y\":4,\"multi\\nline\":5}",
		"{\"a\":\"caf\xc3\xa9 \xe4\xb8\xad\",\"bad\":\"\xff\xfe\"}",
		" \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } }  trailing is ignored as cJSON does",
		"{\"dup\":1,\"dup\":2}",
		"[{\"name\":\"a\",\"value\":\"1\"},{\"name\":\"b\",\"value\":\"2\"}]",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		int n = 0;
		same(texts[i], 0, &n);
		T_ASSERT_MSG(n == 1, "refused %s", texts[i]);
	}
}

T_CASE(doc_stream_refuses_what_cjson_reads_otherwise)
{
	/* not JSON, or read by cJSON in ways not matched: the caller parses those */
	static const char *const texts[] = {
		"", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{a:1}", "\"\\u0000\"",
		"{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\udc00x\"}", "{\"a\":\"\\x\"}",
		"{\"a\":1.5.3}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":tru}", "\xef\xbb\xbf{}",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		char *s = via_stream(texts[i], 0);
		T_ASSERT_MSG(s == NULL, "streamed %s as %s", texts[i], s);
	}
	/* nesting cJSON reads, near its limit */
	char deep[2100];
	size_t n = 0;
	for (int i = 0; i < 700; i++)
		deep[n++] = '[';
	for (int i = 0; i < 700; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	T_ASSERT(via_stream(deep, 0) == NULL);
}

T_CASE(doc_stream_the_editors_view)
{
	static const char *const texts[] = {
		"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"managedFields\":[{\"m\":1}],"
		"\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\n\\t\\\"a\\\": 1\\n}\\n\",\"x\":\"y\"}},"
		"\"data\":{\"k\":\"v\"},\"status\":{\"phase\":\"Active\"}}",
		/* what is hidden leaves its object empty: {} as the view writes it */
		"{\"metadata\":{\"managedFields\":[]},\"status\":{}}",
		"{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":7}}}",
		/* only where the view looks: not in a list, not deeper */
		"{\"spec\":{\"status\":1,\"metadata\":{\"managedFields\":2}},\"items\":[{\"status\":3}]}",
		"{\"metadata\":[{\"managedFields\":1}],\"status\":null,\"status\":2}",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		int n = 0;
		same(texts[i], 1, &n);
		T_ASSERT_MSG(n == 1, "refused %s", texts[i]);
	}
	char *s = via_stream(texts[0], 1);
	T_LACKS(s, "managedFields");
	T_LACKS(s, "phase");
	T_CONTAINS(s, "last-applied-configuration: (folded, 4 lines, 12 bytes, kept as loaded)");
	free(s);
}

static unsigned long rnd_state = 12345;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)(rnd_state >> 33) % n;
}

static cJSON *
gen_string(void)
{
	static const char *const parts[] = { "a", "name", "yes", "null", "1.5", "0x1F", " ", ": ", "- ",
		"#", "\n", "\t", "\"", "\\", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x01", "'", "{",
		"[x]", "~", "-1", "2020-01-01", "\xff", "  ", "on", "\r", "*a", "&b", "!t", "%", "@", "`", "" };
	char buf[256] = "";
	size_t n = 0;
	for (unsigned i = rnd(6); i > 0; i--) {
		const char *p = parts[rnd(sizeof parts / sizeof parts[0])];
		size_t l = strlen(p);
		if (n + l < sizeof buf)
			memcpy(buf + n, p, l), n += l;
	}
	buf[n] = '\0';
	return cJSON_CreateString(buf);
}

static cJSON *
gen(int depth)
{
	static const char *const keys[] = { "metadata", "status", "managedFields", "annotations", "name",
		"kubectl.kubernetes.io/last-applied-configuration", "spec", "a b", "x: y", "", "k\xc3\xa9" };
	unsigned k = depth > 4 ? rnd(4) : rnd(7);
	switch (k) {
	case 0: return gen_string();
	case 1: {
		static const double nums[] = { 0, -1, 3, 2.5, 1e21, -1e-9, 9007199254740993.0, 0.1, 123456 };
		return cJSON_CreateNumber(nums[rnd(sizeof nums / sizeof nums[0])]);
	}
	case 2: return rnd(2) ? cJSON_CreateBool(rnd(2)) : cJSON_CreateNull();
	case 3: return gen_string();
	case 4: case 5: {
		cJSON *o = cJSON_CreateObject();
		for (unsigned i = rnd(5); i > 0; i--)
			cJSON_AddItemToObject(o, keys[rnd(sizeof keys / sizeof keys[0])], gen(depth + 1));
		return o;
	}
	default: {
		cJSON *a = cJSON_CreateArray();
		for (unsigned i = rnd(4); i > 0; i--)
			cJSON_AddItemToArray(a, gen(depth + 1));
		return a;
	}
	}
}

T_CASE(doc_stream_generated_texts)
{
	int streamed = 0;
	for (int i = 0; i < 3000; i++) {
		cJSON *t = cJSON_CreateObject();
		for (unsigned k = rnd(4) + 1; k > 0; k--)
			cJSON_AddItemToObject(t, rnd(2) ? "metadata" : rnd(2) ? "status" : "spec", gen(1));
		char *json = i % 2 ? cJSON_Print(t) : cJSON_PrintUnformatted(t);
		same(json, i % 3 != 0, &streamed);
		free(json);
		cJSON_Delete(t);
	}
	T_ASSERT_MSG(streamed == 3000, "%d of 3000 streamed", streamed);
}

int
main(void)
{
	T_RUN(doc_stream_scalars_and_structure);
	T_RUN(doc_stream_refuses_what_cjson_reads_otherwise);
	T_RUN(doc_stream_the_editors_view);
	T_RUN(doc_stream_generated_texts);
	return t_done();
}
