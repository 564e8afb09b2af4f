/* Where each field of a document is in its text: paths as the API server writes them,
 * lines both ways, syntax errors as values at their place, the YAML <-> JSON toggle that
 * keeps every value and the cursor's field, and what the editor hides. */
#include "t.h"

#include <time.h>

#include "model/doc.h"
#include "model/docmap.h"
#include "model/editview.h"
#include "util/sbuf.h"

static const char deploy_yaml[] =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "  namespace: shop\n"
    "  labels:\n"
    "    app: web\n"
    "  annotations:\n"
    "    example.com/owner: team-a\n"
    "spec:\n"
    "  replicas: 3\n"
    "  selector:\n"
    "    matchLabels:\n"
    "      app: web\n"
    "  template:\n"
    "    metadata:\n"
    "      labels:\n"
    "        app: web\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: web\n"
    "        image: nginx:1.25\n"
    "        ports:\n"
    "        - containerPort: 80\n"
    "        env:\n"
    "        - name: MODE\n"
    "          value: |\n"
    "            line one\n"
    "            line two\n"
    "      - name: sidecar\n"
    "        image: busybox\n"
    "\n"
    "      volumes: []\n";

/* The 1-based line of the first occurrence of needle in text, and its column in *col. */
static int
line_of(const char *text, const char *needle, int *col)
{
	const char *p = strstr(text, needle);
	if (p == NULL)
		return -1;
	int line = 1;
	const char *bol = text;
	for (const char *q = text; q < p; q++)
		if (*q == '\n')
			line++, bol = q + 1;
	if (col != NULL)
		*col = (int)(p - bol) + 1;
	return line;
}

/* The text of line (1-based) in a static buffer. */
static const char *
line_text(const char *text, int line)
{
	static char out[512];
	for (int l = 1; l < line && text != NULL; l++) {
		text = strchr(text, '\n');
		if (text != NULL)
			text++;
	}
	if (text == NULL)
		return "";
	size_t n = strcspn(text, "\n");
	snprintf(out, sizeof out, "%.*s", (int)n, text);
	return out;
}

static struct docmap *
map_of(const char *text)
{
	struct docmap_err e;
	return docmap_new(text, strlen(text), &e);
}

/* Whether path is found exactly at the line and column of needle. */
static int
at(const struct docmap *m, const char *path, const char *text, const char *needle)
{
	struct docmap_hit h;
	int col = 0, line = line_of(text, needle, &col);
	if (docmap_find(m, path, &h) != 0)
		return 0;
	int ok = h.exact && h.line == line && h.col == col;
	if (!ok)
		printf("# %s: found %s at %d:%d (exact %d), want %d:%d\n", path, h.found, h.line, h.col, h.exact,
		    line, col);
	free(h.found);
	return ok;
}

T_CASE(docmap_yaml_paths)
{
	struct docmap *m = map_of(deploy_yaml);
	T_ASSERT(m != NULL);
	T_ASSERT(at(m, "apiVersion", deploy_yaml, "apiVersion"));
	T_ASSERT(at(m, "spec.replicas", deploy_yaml, "replicas"));
	T_ASSERT(at(m, ".spec.replicas", deploy_yaml, "replicas"));
	T_ASSERT(at(m, "metadata.labels.app", deploy_yaml, "app: web"));
	T_ASSERT(at(m, "metadata.labels[app]", deploy_yaml, "app: web"));
	T_ASSERT(at(m, "metadata.annotations[example.com/owner]", deploy_yaml, "example.com/owner"));
	T_ASSERT(at(m, "metadata.annotations.example.com/owner", deploy_yaml, "example.com/owner"));
	T_ASSERT(at(m, "spec.template.spec.containers[0].image", deploy_yaml, "image: nginx"));
	T_ASSERT(at(m, "spec.template.spec.containers[1].image", deploy_yaml, "image: busybox"));
	T_ASSERT(at(m, "spec.template.spec.containers[0]", deploy_yaml, "name: web\n        image"));
	T_ASSERT(at(m, "spec.template.spec.containers[0].env[0].value", deploy_yaml, "value: |"));
	/* server-side apply names list items by their key */
	T_ASSERT(at(m, ".spec.template.spec.containers[name=\"sidecar\"].image", deploy_yaml, "image: busybox"));
	T_ASSERT(at(m, "spec.template.spec.volumes", deploy_yaml, "volumes"));
	T_ASSERT(at(m, "", deploy_yaml, "apiVersion"));

	/* missing: the nearest ancestor, said so */
	struct docmap_hit h;
	T_EQ_INT(docmap_find(m, "spec.template.spec.containers[0].resources.limits.cpu", &h), 0);
	T_EQ_INT(h.exact, 0);
	T_EQ_STR(h.found, "spec.template.spec.containers[0]");
	T_EQ_INT(h.line, line_of(deploy_yaml, "name: web\n        image", NULL));
	free(h.found);
	T_EQ_INT(docmap_find(m, "spec.template.spec.containers[7].image", &h), 0);
	T_EQ_INT(h.exact, 0);
	T_EQ_STR(h.found, "spec.template.spec.containers");
	free(h.found);
	T_EQ_INT(docmap_find(m, "metadata.annotations.example.com/other", &h), 0);
	T_EQ_INT(h.exact, 0);
	T_EQ_STR(h.found, "metadata.annotations");
	free(h.found);
	T_EQ_INT(docmap_find(m, "spec.template.spec.containers[name=\"nope\"]", &h), 0);
	T_EQ_INT(h.exact, 0);
	free(h.found);
	docmap_free(&m);
	T_ASSERT(m == NULL);
	docmap_free(&m);
}

T_CASE(docmap_yaml_lines)
{
	struct docmap *m = map_of(deploy_yaml);
	T_ASSERT(m != NULL);
	struct { const char *needle, *path; } want[] = {
		{ "apiVersion", "apiVersion" },
		{ "metadata:", "metadata" },
		{ "example.com/owner", "metadata.annotations[example.com/owner]" },
		{ "replicas", "spec.replicas" },
		{ "containers:", "spec.template.spec.containers" },
		{ "- name: web", "spec.template.spec.containers[0].name" },
		{ "image: nginx", "spec.template.spec.containers[0].image" },
		{ "- containerPort", "spec.template.spec.containers[0].ports[0].containerPort" },
		{ "line two", "spec.template.spec.containers[0].env[0].value" },
		{ "image: busybox", "spec.template.spec.containers[1].image" },
		{ "volumes", "spec.template.spec.volumes" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *p = docmap_path_at(m, line_of(deploy_yaml, want[i].needle, NULL));
		T_EQ_STR(p, want[i].path);
		free(p);
	}
	/* the blank line inside spec.template.spec */
	char *p = docmap_path_at(m, line_of(deploy_yaml, "\n\n", NULL) + 1);
	T_EQ_STR(p, "spec.template.spec");
	free(p);
	T_ASSERT(docmap_path_at(m, 0) == NULL);
	docmap_free(&m);

	/* an empty text: a map with nothing in it */
	m = map_of("# only a comment\n");
	T_ASSERT(m != NULL);
	struct docmap_hit h;
	T_EQ_INT(docmap_find(m, "spec", &h), -1);
	T_ASSERT(docmap_path_at(m, 1) == NULL);
	docmap_free(&m);

	/* deep nesting has every step in its path */
	struct sbuf b = { 0 };
	for (int i = 0; i < 600; i++)
		sbuf_str(&b, "[");
	sbuf_str(&b, "x");
	for (int i = 0; i < 600; i++)
		sbuf_str(&b, "]");
	m = map_of(b.s);
	T_ASSERT(m != NULL);
	p = docmap_path_at(m, 1);
	T_ASSERT(p != NULL && strlen(p) == 600 * 3);
	free(p);
	docmap_free(&m);
	free(b.s);
}

/* The deployment as JSON text, as the toggle writes it. */
static char *
deploy_json(void)
{
	struct kd_err err;
	return docmap_convert(deploy_yaml, strlen(deploy_yaml), DOCMAP_JSON, &err);
}

T_CASE(docmap_json_paths_and_lines)
{
	char *json = deploy_json();
	T_ASSERT(json != NULL);
	T_CONTAINS(json, "  \"apiVersion\": \"apps/v1\",\n");
	struct docmap *m = map_of(json);
	T_ASSERT(m != NULL);
	T_ASSERT(at(m, "spec.replicas", json, "\"replicas\""));
	T_ASSERT(at(m, "metadata.labels.app", json, "\"app\""));
	T_ASSERT(at(m, "spec.template.spec.containers[0].image", json, "\"image\": \"nginx"));
	T_ASSERT(at(m, "spec.template.spec.containers[1].image", json, "\"image\": \"busybox"));
	char *p = docmap_path_at(m, line_of(json, "\"nginx:1.25\"", NULL));
	T_EQ_STR(p, "spec.template.spec.containers[0].image");
	free(p);
	/* a closing bracket belongs to the list it closes */
	p = docmap_path_at(m, line_of(json, "\"containerPort\": 80", NULL) + 2);
	T_EQ_STR(line_text(json, line_of(json, "\"containerPort\": 80", NULL) + 2), "            ],");
	T_EQ_STR(p, "spec.template.spec.containers[0].ports");
	free(p);
	docmap_free(&m);
	free(json);
}

/* The causes of a 422 land on the lines of their fields. */
T_CASE(docmap_422_causes_to_lines)
{
	const char *status = "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\",\"details\":{\"causes\":["
	    "{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1\",\"field\":\"spec.replicas\"},"
	    "{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\","
	    "\"field\":\"spec.template.spec.containers[0].image\"},"
	    "{\"reason\":\"FieldValueInvalid\",\"field\":\"metadata.labels\"},"
	    "{\"reason\":\"FieldValueInvalid\",\"field\":\"spec.template.spec.containers[1].ports\"}]}}";
	const char *want[] = { "  replicas: 3", "        image: nginx:1.25", "  labels:", "      - name: sidecar" };
	const int exact[] = { 1, 1, 1, 0 };
	cJSON *st = cJSON_Parse(status);
	const cJSON *causes = cJSON_GetObjectItem(cJSON_GetObjectItem(st, "details"), "causes");
	struct docmap *m = map_of(deploy_yaml);
	T_ASSERT(m != NULL);
	int i = 0;
	for (const cJSON *c = causes->child; c != NULL; c = c->next, i++) {
		struct docmap_hit h;
		T_EQ_INT(docmap_find(m, cJSON_GetObjectItem(c, "field")->valuestring, &h), 0);
		free(h.found);
		T_EQ_STR(line_text(deploy_yaml, h.line), want[i]);
		T_EQ_INT(h.exact, exact[i]);
	}
	T_EQ_INT(i, 4);
	docmap_free(&m);
	cJSON_Delete(st);
}

/* text's error, as "LINE:COL: msg" in a static buffer, or "ok". */
static const char *
check(const char *text)
{
	static char out[1200];
	struct docmap_err e;
	if (docmap_check(text, strlen(text), &e) == 0)
		return "ok";
	snprintf(out, sizeof out, "%d:%d: %s", e.line, e.col, e.msg);
	/* the map refuses the same text, with the same error */
	struct docmap_err e2;
	struct docmap *m = docmap_new(text, strlen(text), &e2);
	if (m != NULL || e2.line != e.line || e2.col != e.col)
		snprintf(out, sizeof out, "map and check disagree");
	docmap_free(&m);
	return out;
}

T_CASE(docmap_yaml_errors)
{
	T_EQ_STR(check(deploy_yaml), "ok");
	/* bad indent: a key deeper than its siblings, and one shallower */
	T_EQ_STR(check("a: 1\n  b: 2\n"),
	    "2:4: a ':' here cannot start a map: indent this line like its neighbours, or quote a value that holds \": \"");
	T_EQ_STR(check("spec:\n  replicas: 1\n paused: true\n"),
	    "3:2: this line is not indented like the keys of its map (which starts on line 1)");
	/* an unclosed quote is marked where it opens */
	T_EQ_STR(check("metadata:\n  name: \"web\n  namespace: x\n"),
	    "2:9: this quoted text is never closed: its closing quote is missing");
	T_EQ_STR(check("a: 'x\n"), "1:4: this quoted text is never closed: its closing quote is missing");
	/* a tab as indentation */
	T_EQ_STR(check("spec:\n\treplicas: 1\n"), "2:1: a tab indents this line; YAML is indented with spaces only");
	T_EQ_STR(check("a: @x\n"), "1:4: '@' cannot start a value here; put the value in quotes");
	T_EQ_STR(check("- a\nb: 1\n"), "2:1: this line is not indented like the items of its list (which starts on line 1)");
	T_EQ_STR(check("spec:\n  image: \"nginx\" latest\n"), "2:18: more text follows a complete value here: quote the whole value");
	T_EQ_STR(check("a: \x01\n"), "1:4: a control character (byte 0x01) cannot be in the text; write it as \\x01 inside double quotes");
	T_EQ_STR(check("a: &x 1\nb: *x\nc: *y\n"), "3:4: *y names no anchor (&y) defined before it");
}

T_CASE(docmap_json_errors)
{
	char *json = deploy_json();
	T_EQ_STR(check(json), "ok");
	free(json);
	/* tabs between JSON's tokens are fine (it is flow YAML) */
	T_EQ_STR(check("{\n\t\"a\": [\n\t\t1\n\t]\n}\n"), "ok");
	/* a missing comma is marked right after the value that lacks it */
	T_EQ_STR(check("{\n  \"a\": 1\n  \"b\": 2\n}\n"), "2:9: a ',' or '}' is missing here (in the map that opens on line 1)");
	T_EQ_STR(check("{\n  \"a\": \"x\"\n  \"b\": 2\n}\n"), "2:11: a ',' or '}' is missing here (in the map that opens on line 1)");
	T_EQ_STR(check("{\"a\": [1, 2}\n"), "1:12: a ',' or ']' is missing here (in the list that opens on line 1)");
	T_EQ_STR(check("{\"a\": \"x}\n"), "1:7: this quoted text is never closed: its closing quote is missing");
}

/* Nothing is kept between calls; the check of a 1 MiB text is measured (not asserted). */
T_CASE(docmap_check_large)
{
	struct sbuf b = { 0 };
	sbuf_str(&b, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n");
	for (int i = 0; b.len < 1024 * 1024; i++) {
		char line[96];
		snprintf(line, sizeof line, "  key-%06d: \"value number %d of the large config map\"\n", i, i);
		sbuf_str(&b, line);
	}
	struct timespec t0, t1, t2;
	struct docmap_err e;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = docmap_check(b.s, b.len, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	struct docmap *m = docmap_new(b.s, b.len, &e);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	printf("# 1 MiB YAML: check %.1f ms, map %.1f ms\n",
	    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	    (t2.tv_sec - t1.tv_sec) * 1e3 + (t2.tv_nsec - t1.tv_nsec) / 1e6);
	T_EQ_INT(rc, 0);
	T_ASSERT(m != NULL);
	struct docmap_hit h;
	T_EQ_INT(docmap_find(m, "data.key-012345", &h), 0);
	T_EQ_INT(h.exact, 1);
	T_EQ_INT(h.line, 6 + 12345);
	free(h.found);
	char *p = docmap_path_at(m, 6 + 15000);
	T_EQ_STR(p, "data.key-015000");
	free(p);
	docmap_free(&m);
	/* one error at the end is found at its place */
	sbuf_str(&b, "  bad: \"x\n");
	int lines = 0;
	for (size_t i = 0; i < b.len; i++)
		lines += b.s[i] == '\n';
	T_EQ_INT(docmap_check(b.s, b.len, &e), -1);
	T_EQ_INT(e.line, lines);
	T_EQ_INT(e.col, 8);
	free(b.s);
}

/* A text's lines, for docmap_check_lines. */
struct lines {
	const char *s[64];
	size_t len[64], n;
};

static const char *
line_at(void *arg, size_t i, size_t *len)
{
	struct lines *l = arg;
	*len = l->len[i];
	return l->s[i];
}

/* docmap_check_lines's answer for text, which must be docmap_check's: "ok" or
 * "line:col: msg" (a static buffer). */
static const char *
check_lines(const char *text)
{
	struct lines l = { .n = 0 };
	for (const char *p = text;; l.n++) {
		const char *e = strchr(p, '\n');
		l.s[l.n] = p;
		l.len[l.n] = e ? (size_t)(e - p) : strlen(p);
		if (e == NULL) {
			l.n++;
			break;
		}
		p = e + 1;
	}
	static char out[1200];
	struct docmap_err e, w;
	int rc = docmap_check_lines(line_at, &l, l.n, &e);
	int want = docmap_check(text, strlen(text), &w);
	if (rc != want || (rc != 0 && (e.line != w.line || e.col != w.col || strcmp(e.msg, w.msg) != 0)))
		snprintf(out, sizeof out, "differs: %d %d:%d %s / %d %d:%d %s", rc, e.line, e.col, e.msg, want,
		    w.line, w.col, w.msg);
	else if (rc == 0)
		snprintf(out, sizeof out, "ok");
	else
		snprintf(out, sizeof out, "%d:%d: %s", e.line, e.col, e.msg);
	return out;
}

/* The check of the editor's lines, which reads a block scalar's content as its indent and
 * a letter, says what the check of the whole text says: where the content is text, and
 * where what looks like content is not (less indented, inside quotes, bytes that matter). */
T_CASE(docmap_check_lines_is_the_check)
{
	T_EQ_STR(check_lines(deploy_yaml), "ok");
	T_EQ_STR(check_lines("data:\n  f: |\n    line [ { : - #\n\n    more: x\n  g: 1\n"), "ok");
	T_EQ_STR(check_lines("data:\n  f: |-\n    a\n  g: [1\n"),
	    "4:8: a ',' or ']' is missing here (in the list that opens on line 4)");
	T_EQ_STR(check_lines("- |\n  a: [\n- >+ # c\n   b\n-  x: |\n     }{\n"), "ok");
	/* an error after a large block is found at its place */
	T_EQ_STR(check_lines("a: |\n  x\n  y\nb: \"z\n"),
	    "4:4: this quoted text is never closed: its closing quote is missing");
	/* less indented than the block's first line: not its content */
	T_ASSERT(strncmp(check_lines("a:\n  b: |\n      deep\n    shallow: [bad\n"), "4:", 2) == 0);
	T_ASSERT(strncmp(check_lines("a: |\n\n      \n    x\n"), "differs", 7) != 0);
	/* a header inside a quoted text: the "content" is the quote's, and its quote counts */
	T_ASSERT(strncmp(check_lines("a: \"x\n  b: |\n    y\"\n  z\"\n"), "differs", 7) != 0);
	T_ASSERT(strcmp(check_lines("a: \"x\n  b: |\n    y\"\n  z\"\n"), "ok") != 0);
	T_ASSERT(strcmp(check_lines("a: \"x\n  b: |\n    \\q\n  \"\n"), "ok") != 0);
	/* bytes the reader refuses, an indentation indicator, a tab: read as they are */
	T_ASSERT(strcmp(check_lines("a: |\n  \xff\n"), "ok") != 0);
	T_ASSERT(strcmp(check_lines("a: |\n  x\x01\n"), "ok") != 0);
	T_EQ_STR(check_lines("a: |2\n   x\n  y\n"), "ok");
	T_ASSERT(strncmp(check_lines("a: |\n  x\n\ty\n"), "differs", 7) != 0);
	T_ASSERT(strncmp(check_lines("spec:\n  replicas: 1\n paused: true\n"), "3:2:", 4) == 0);
}

static const char tricky_yaml[] =
    "a: '0700'\n"
    "b: 'yes'\n"
    "c: '1e3'\n"
    "d: 'null'\n"
    "e: 'true'\n"
    "f: '0x1F'\n"
    "g: '~'\n"
    "big: 12345678901234567890\n"
    "neg: -9223372036854775807\n"
    "float: 1.5\n"
    "small: 0.1\n"
    "mode: 0700\n"
    "on: yes\n"
    "emptymap: {}\n"
    "emptylist: []\n"
    "nothing: null\n"
    "multi: |\n"
    "  first line\n"
    "    indented\n"
    "  last\n"
    "trailing: \"a \\nb\"\n"
    "unicode: \"h\\u00e9llo \\u2713 \\u65e5\\u672c \\U0001F600\"\n"
    "quote: 'it''s \"here\"'\n"
    "colon: 'a: b'\n"
    "dash: '- x'\n"
    "hash: 'a #b'\n"
    "spaces: '  padded  '\n"
    "empty: ''\n"
    "key with space: 1\n";

T_CASE(docmap_round_trip_keeps_values)
{
	struct kd_err err;
	cJSON *orig = doc_from_yaml(tricky_yaml, strlen(tricky_yaml), "t", &err);
	T_ASSERT_MSG(orig != NULL, "%s", err.msg);
	char *json = docmap_convert(tricky_yaml, strlen(tricky_yaml), DOCMAP_JSON, &err);
	T_ASSERT_MSG(json != NULL, "%s", err.msg);
	T_CONTAINS(json, "\"a\": \"0700\",");
	T_CONTAINS(json, "\"b\": \"yes\",");
	T_CONTAINS(json, "\"c\": \"1e3\",");
	T_CONTAINS(json, "\"d\": \"null\",");
	T_CONTAINS(json, "\"big\": 12345678901234567890,");
	T_CONTAINS(json, "\"neg\": -9223372036854775807,");
	T_CONTAINS(json, "\"mode\": 448,");
	T_CONTAINS(json, "\"true\": true,");
	T_CONTAINS(json, "\"emptymap\": {},");
	T_CONTAINS(json, "\"emptylist\": [],");
	T_CONTAINS(json, "\"multi\": \"first line\\n  indented\\nlast\\n\",");
	T_CONTAINS(json, "\"unicode\": \"h\xc3\xa9llo \xe2\x9c\x93 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\",");
	char *yaml = docmap_convert(json, strlen(json), DOCMAP_YAML, &err);
	T_ASSERT_MSG(yaml != NULL, "%s", err.msg);
	T_CONTAINS(yaml, "a: '0700'\n");
	T_CONTAINS(yaml, "big: 12345678901234567890\n");
	T_CONTAINS(yaml, "emptymap: {}\n");
	T_CONTAINS(yaml, "multi: |\n  first line\n    indented\n  last\n");
	/* every value, both ways, and again */
	cJSON *fromjson = doc_from_yaml(json, strlen(json), "j", &err);
	cJSON *fromyaml = doc_from_yaml(yaml, strlen(yaml), "y", &err);
	T_ASSERT(fromjson != NULL && fromyaml != NULL);
	char *a = doc_to_json(orig), *b = doc_to_json(fromjson), *c = doc_to_json(fromyaml);
	T_EQ_STR(b, a);
	T_EQ_STR(c, a);
	T_EQ_STR(a, json);
	char *json2 = docmap_convert(yaml, strlen(yaml), DOCMAP_JSON, &err);
	T_EQ_STR(json2, json);
	free(json2);
	/* keys are found as JSON names them: "on" is the key "true" */
	struct docmap *my = docmap_new(tricky_yaml, strlen(tricky_yaml), NULL), *mj = docmap_new(json, strlen(json), NULL);
	T_ASSERT(my != NULL && mj != NULL);
	T_ASSERT(at(my, "true", tricky_yaml, "on: yes"));
	T_ASSERT(at(my, "[key with space]", tricky_yaml, "key with space"));
	T_EQ_INT(docmap_line_across(my, line_of(tricky_yaml, "on: yes", NULL), mj), line_of(json, "\"true\": true", NULL));
	T_EQ_INT(docmap_line_across(mj, line_of(json, "\"key with space\"", NULL), my), line_of(tricky_yaml, "key with space", NULL));
	docmap_free(&my);
	docmap_free(&mj);
	free(a), free(b), free(c);
	cJSON_Delete(fromjson);
	cJSON_Delete(fromyaml);
	cJSON_Delete(orig);
	free(yaml);
	free(json);
	T_ASSERT(docmap_convert("a: [1\n", 6, DOCMAP_JSON, &err) == NULL);
	T_CONTAINS(err.msg, "1:");
}

/* The cursor stays on its field across the toggle, both ways. */
T_CASE(docmap_line_across_toggle)
{
	char *json = deploy_json();
	struct kd_err err;
	char *yaml = docmap_convert(json, strlen(json), DOCMAP_YAML, &err);
	struct docmap *my = map_of(deploy_yaml), *mj = map_of(json), *my2 = map_of(yaml);
	T_ASSERT(my != NULL && mj != NULL && my2 != NULL);
	struct { const char *yaml, *json; } want[] = {
		{ "replicas: 3", "\"replicas\": 3" },
		{ "image: nginx", "\"image\": \"nginx" },
		{ "image: busybox", "\"image\": \"busybox" },
		{ "example.com/owner", "\"example.com/owner\"" },
		{ "- containerPort", "\"containerPort\"" },
		{ "line two", "\"value\": \"line one" },
		{ "volumes", "\"volumes\"" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int yl = line_of(deploy_yaml, want[i].yaml, NULL), jl = line_of(json, want[i].json, NULL);
		T_EQ_INT(docmap_line_across(my, yl, mj), jl);
		if (strcmp(want[i].yaml, "line two") != 0)
			T_EQ_INT(docmap_line_across(mj, jl, my), yl);
		/* and back to the YAML the toggle writes */
		T_EQ_STR(line_text(yaml, docmap_line_across(mj, jl, my2)), line_text(deploy_yaml,
		    line_of(deploy_yaml, strcmp(want[i].yaml, "line two") == 0 ? "value: |" : want[i].yaml, NULL)));
	}
	docmap_free(&my);
	docmap_free(&mj);
	docmap_free(&my2);
	free(yaml);
	free(json);
}

/* s with the first from replaced by to, new. */
static char *
replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	struct sbuf b = { 0 };
	if (p == NULL) {
		sbuf_str(&b, s);
		return b.s;
	}
	sbuf_add(&b, s, (size_t)(p - s));
	sbuf_str(&b, to);
	sbuf_str(&b, p + strlen(from));
	return b.s;
}

static const char live_json[] =
    "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"resourceVersion\":\"42\","
    "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"apps/v1\\\"}\\n\","
    "\"team\":\"a\"},"
    "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\"}]},"
    "\"spec\":{\"replicas\":2},\"status\":{\"replicas\":2,\"readyReplicas\":1}}";

T_CASE(editview_hides_and_restores)
{
	cJSON *live = cJSON_Parse(live_json);
	T_ASSERT(live != NULL);
	struct editview_hidden h;
	cJSON *view = editview_new(live, &h);
	char *yaml = doc_to_yaml(view, 0);
	T_LACKS(yaml, "status");
	T_LACKS(yaml, "managedFields");
	T_LACKS(yaml, "readyReplicas");
	T_LACKS(yaml, "\\\"apiVersion");
	T_CONTAINS(yaml, "    kubectl.kubernetes.io/last-applied-configuration: (folded, 2 lines, 25 bytes, kept as loaded)\n");
	T_CONTAINS(yaml, "    team: a\n");
	T_ASSERT(cJSON_GetObjectItem(h.status, "readyReplicas") != NULL);
	T_ASSERT(cJSON_IsArray(h.managed_fields));
	T_EQ_STR(h.last_applied, "{\"apiVersion\":\"apps/v1\"}\n");

	/* the user's text, with a change, read back and given what was hidden */
	struct kd_err err;
	char *edited_text = replace(yaml, "replicas: 2", "replicas: 5");
	cJSON *edited = doc_from_yaml(edited_text, strlen(edited_text), "edit", &err);
	T_ASSERT(edited != NULL);
	editview_restore(edited, &h);
	cJSON *want = cJSON_Parse(live_json);
	cJSON_SetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(want, "spec"), "replicas"), 5);
	char *a = doc_to_json(edited), *b = doc_to_json(want);
	/* key order aside (what was hidden comes back at the end), the same object */
	T_ASSERT_MSG(cJSON_Compare(edited, want, 1), "%s\nwant\n%s", a, b);
	free(a), free(b);
	cJSON_Delete(want);
	cJSON_Delete(edited);
	free(edited_text);

	/* an annotation the user removed stays removed; a status the user wrote stays */
	edited = cJSON_Duplicate(view, 1);
	cJSON_DeleteItemFromObject(cJSON_GetObjectItem(cJSON_GetObjectItem(edited, "metadata"), "annotations"),
	    EDITVIEW_LAST_APPLIED);
	cJSON_AddItemToObject(edited, "status", cJSON_CreateObject());
	editview_restore(edited, &h);
	T_ASSERT(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(edited, "metadata"), "annotations"),
	    EDITVIEW_LAST_APPLIED) == NULL);
	T_ASSERT(cJSON_GetObjectItem(edited, "status")->child == NULL);
	T_ASSERT(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(edited, "metadata"), "managedFields")));
	cJSON_Delete(edited);

	free(yaml);
	cJSON_Delete(view);
	cJSON_Delete(live);
	editview_hidden_free(&h);
	editview_hidden_free(&h);
	T_ASSERT(h.status == NULL && h.placeholder == NULL);

	/* an object without any of it: nothing hidden, nothing given back */
	cJSON *bare = cJSON_Parse("{\"kind\":\"ConfigMap\",\"data\":{\"a\":\"1\"}}");
	view = editview_new(bare, &h);
	T_ASSERT(cJSON_Compare(view, bare, 1));
	T_ASSERT(h.status == NULL && h.managed_fields == NULL && h.last_applied == NULL);
	editview_restore(view, &h);
	T_ASSERT(cJSON_Compare(view, bare, 1));
	cJSON_Delete(view);
	cJSON_Delete(bare);
}

T_CASE(editview_borrow_is_the_same_view_without_a_copy)
{
	cJSON *live = cJSON_Parse(live_json);
	T_ASSERT(live != NULL);
	cJSON *before = cJSON_Duplicate(live, 1);
	struct editview_hidden hn, hb;
	cJSON *copied = editview_new(live, &hn);
	cJSON *borrowed = editview_borrow(live, &hb);
	T_ASSERT(borrowed != NULL);
	char *a = doc_to_yaml(copied, 0), *b = doc_to_yaml(borrowed, 0);
	T_EQ_STR(b, a);
	T_ASSERT(cJSON_Compare(hb.status, hn.status, 1));
	T_ASSERT(cJSON_Compare(hb.managed_fields, hn.managed_fields, 1));
	T_EQ_STR(hb.last_applied, hn.last_applied);
	T_EQ_STR(hb.placeholder, hn.placeholder);
	/* the view's spec is live's own node, and freeing the view leaves live whole */
	T_ASSERT(cJSON_GetObjectItem(borrowed, "spec")->child == cJSON_GetObjectItem(live, "spec")->child);
	cJSON_Delete(borrowed);
	T_ASSERT(cJSON_Compare(live, before, 1));
	/* what is hidden is live's own, not a copy (a large annotation is kept once), and
	 * made copies it outlives the object it came from */
	T_ASSERT(hb.borrowed);
	T_ASSERT(hb.status == cJSON_GetObjectItem(live, "status"));
	T_ASSERT(hb.last_applied == cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(live, "metadata"), "annotations"), EDITVIEW_LAST_APPLIED)));
	editview_hidden_own(&hb);
	T_ASSERT(!hb.borrowed && hb.status != cJSON_GetObjectItem(live, "status"));
	cJSON_Delete(live);
	T_ASSERT(cJSON_GetObjectItem(hb.status, "readyReplicas") != NULL);
	T_EQ_STR(hb.last_applied, hn.last_applied);
	free(a), free(b);
	cJSON_Delete(copied);
	cJSON_Delete(before);
	editview_hidden_free(&hn);
	editview_hidden_free(&hb);
}

int
main(void)
{
	T_RUN(docmap_yaml_paths);
	T_RUN(docmap_check_lines_is_the_check);
	T_RUN(docmap_yaml_lines);
	T_RUN(docmap_json_paths_and_lines);
	T_RUN(docmap_422_causes_to_lines);
	T_RUN(docmap_yaml_errors);
	T_RUN(docmap_json_errors);
	T_RUN(docmap_check_large);
	T_RUN(docmap_round_trip_keeps_values);
	T_RUN(docmap_line_across_toggle);
	T_RUN(editview_hides_and_restores);
	T_RUN(editview_borrow_is_the_same_view_without_a_copy);
	return t_done();
}
