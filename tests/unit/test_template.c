/* Templates of new objects (model/template.h): the header, values checked by type,
 * ${} substituted, $${ kept, unknown variables named with their lines, the folders. */
#include "t.h"

#include <cjson/cJSON.h>

#include "config.h"
#include "model/doc.h"
#include "model/template.h"

static const char demo[] =
    "# a comment before the header\n"
    "kdeck-template:\n"
    "  description: a demo\n"
    "  params:\n"
    "  - name: name\n"
    "    description: the name\n"
    "    default: web\n"
    "    pattern: '^[a-z][-a-z0-9]*$'\n"
    "    hint: a lower-case name\n"
    "  - name: replicas\n"
    "    type: integer\n"
    "    default: 2\n"
    "    min: 0\n"
    "    max: 10\n"
    "  - name: hosts\n"
    "    type: list\n"
    "    default: [a.example, b.example]\n"
    "  - name: ports\n"
    "    type: list\n"
    "    items: integer\n"
    "    format: block\n"
    "    default: 80, 443\n"
    "  - name: owner\n"
    "---\n"
    "kind: Demo\n"
    "name: ${name}\n"
    "replicas: ${replicas}\n"
    "hosts: ${hosts}\n"
    "ports:\n"
    "  ${ports}\n"
    "owner: \"${owner}\"\n"
    "literal: $${name} and $5\n"
    "---\n"
    "kind: Second\n"
    "name: ${name}-2\n";

static struct tmpl *
demo_tmpl(void)
{
	struct kd_err err = { 0 };
	struct tmpl *t = tmpl_parse(demo, sizeof demo - 1, "demo.yaml", &err);
	if (t == NULL)
		printf("# %s\n", err.msg);
	return t;
}

T_CASE(template_header_parsed)
{
	struct tmpl *t = demo_tmpl();
	T_ASSERT(t != NULL);
	T_EQ_STR(t->description, "a demo");
	T_EQ_INT(t->nparams, 5);
	T_EQ_STR(t->params[0].name, "name");
	T_EQ_STR(t->params[0].def, "web");
	T_EQ_INT(t->params[1].type, TMPL_INTEGER);
	T_EQ_STR(t->params[1].def, "2");
	T_EQ_INT(t->params[1].min, 0);
	T_EQ_INT(t->params[2].type, TMPL_LIST);
	T_EQ_STR(t->params[2].def, "a.example, b.example");
	T_EQ_INT(t->params[3].format, TMPL_BLOCK);
	T_EQ_INT(t->params[3].items, TMPL_INTEGER);
	T_ASSERT(t->params[4].def == NULL);   /* required */
	T_EQ_INT(t->body_line, 25);
	T_EQ_INT(tmpl_param_index(t, "hosts"), 2);
	T_EQ_INT(tmpl_param_index(t, "nope"), -1);
	tmpl_free(&t);
	T_ASSERT(t == NULL);
}

T_CASE(template_render_substitutes)
{
	struct tmpl *t = demo_tmpl();
	T_ASSERT(t != NULL);
	const char *values[] = { "api", " 3 ", "x.example,, y.example ", "8080", "me" };
	struct kd_err err = { 0 };
	size_t len = 0;
	char *out = tmpl_render(t, values, &len, &err);
	T_ASSERT_MSG(out != NULL, "%s", err.msg);
	T_EQ_INT(len, strlen(out));
	T_CONTAINS(out, "kind: Demo\nname: api\nreplicas: 3\n");
	T_CONTAINS(out, "hosts: [x.example, y.example]\n");
	T_CONTAINS(out, "ports:\n  - 8080\n");
	T_CONTAINS(out, "owner: \"me\"\n");
	T_CONTAINS(out, "literal: ${name} and $5\n");
	T_CONTAINS(out, "name: api-2\n");
	/* two documents, each a valid object */
	cJSON *docs = doc_from_yaml_all(out, len, "out", &err);
	T_ASSERT_MSG(docs != NULL, "%s", err.msg);
	T_EQ_INT(cJSON_GetArraySize(docs), 2);
	cJSON *d0 = cJSON_GetArrayItem(docs, 0);
	T_EQ_INT(cJSON_GetObjectItem(d0, "replicas")->valueint, 3);
	T_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d0, "hosts")), 2);
	T_EQ_INT(cJSON_GetArrayItem(cJSON_GetObjectItem(d0, "ports"), 0)->valueint, 8080);
	cJSON_Delete(docs);
	free(out);
	tmpl_free(&t);
}

T_CASE(template_documents_split)
{
	static const char text[] = "# a comment\n---\na: 1\n---\n# only a comment\n---  \nb: 2\nc: \"---\"\n--- # x\n";
	struct tmpl_doc *d = NULL;
	size_t n = tmpl_docs(text, sizeof text - 1, &d);
	T_EQ_INT(n, 2);
	char one[64], two[64];
	snprintf(one, sizeof one, "%.*s", (int)d[0].len, text + d[0].off);
	snprintf(two, sizeof two, "%.*s", (int)d[1].len, text + d[1].off);
	T_EQ_STR(one, "a: 1\n");
	T_EQ_STR(two, "b: 2\nc: \"---\"\n");
	free(d);
	n = tmpl_docs("x: 1", 4, &d);
	T_EQ_INT(n, 1);
	T_EQ_INT(d[0].off, 0);
	T_EQ_INT(d[0].len, 4);
	free(d);
	T_EQ_INT(tmpl_docs("", 0, &d), 0);
	free(d);
}

T_CASE(template_defaults_and_blocks)
{
	struct tmpl *t = demo_tmpl();
	T_ASSERT(t != NULL);
	/* NULL and "" stand for the default; the owner has none and must be given */
	const char *values[] = { NULL, "", NULL, NULL, NULL };
	struct kd_err err = { 0 };
	T_ASSERT(tmpl_render(t, values, NULL, &err) == NULL);
	T_CONTAINS(err.msg, "owner needs a value");
	values[4] = "ops";
	size_t len;
	char *out = tmpl_render(t, values, &len, &err);
	T_ASSERT_MSG(out != NULL, "%s", err.msg);
	T_CONTAINS(out, "name: web\nreplicas: 2\nhosts: [a.example, b.example]\nports:\n  - 80\n  - 443\n");
	free(out);
	tmpl_free(&t);
}

T_CASE(template_values_checked_by_type)
{
	struct tmpl *t = demo_tmpl();
	T_ASSERT(t != NULL);
	char why[256];
	T_EQ_INT(tmpl_check(&t->params[0], "Web", why, sizeof why), -1);
	T_EQ_STR(why, "name must be a lower-case name");
	T_EQ_INT(tmpl_check(&t->params[0], "web-1", why, sizeof why), 0);
	T_EQ_INT(tmpl_check(&t->params[1], "two", why, sizeof why), -1);
	T_EQ_STR(why, "replicas must be a whole number");
	T_EQ_INT(tmpl_check(&t->params[1], "2.5", why, sizeof why), -1);
	T_EQ_INT(tmpl_check(&t->params[1], "11", why, sizeof why), -1);
	T_EQ_STR(why, "replicas must be at most 10");
	T_EQ_INT(tmpl_check(&t->params[1], "-1", why, sizeof why), -1);
	T_EQ_STR(why, "replicas must be at least 0");
	T_EQ_INT(tmpl_check(&t->params[1], "10", why, sizeof why), 0);
	T_EQ_INT(tmpl_check(&t->params[1], "", why, sizeof why), 0);   /* the default */
	T_EQ_INT(tmpl_check(&t->params[3], "80, http", why, sizeof why), -1);
	T_EQ_STR(why, "each item of ports must be a whole number");
	T_EQ_INT(tmpl_check(&t->params[4], "", why, sizeof why), -1);
	T_EQ_STR(why, "owner needs a value");
	T_EQ_INT(tmpl_check(&t->params[4], "a\tb", why, sizeof why), -1);
	T_EQ_STR(why, "owner may not hold a control character");
	struct kd_err err = { 0 };
	const char *values[] = { "Bad", NULL, NULL, NULL, "me" };
	T_ASSERT(tmpl_render(t, values, NULL, &err) == NULL);
	T_EQ_STR(err.msg, "name must be a lower-case name");
	tmpl_free(&t);
}

T_CASE(template_list_items_quoted_where_yaml_needs)
{
	static const char text[] =
	    "kdeck-template:\n  params:\n  - {name: cmd, type: list, default: []}\n---\ncommand: ${cmd}\n";
	struct kd_err err = { 0 };
	struct tmpl *t = tmpl_parse(text, sizeof text - 1, "q.yaml", &err);
	T_ASSERT_MSG(t != NULL, "%s", err.msg);
	const char *values[] = { "sh, -c, echo \"hi\": yes, 8080, true" };
	char *out = tmpl_render(t, values, NULL, &err);
	T_ASSERT(out != NULL);
	cJSON *doc = doc_from_yaml(out, strlen(out), "out", &err);
	T_ASSERT_MSG(doc != NULL, "%s: %s", out, err.msg);
	cJSON *cmd = cJSON_GetObjectItem(doc, "command");
	T_EQ_INT(cJSON_GetArraySize(cmd), 5);
	T_EQ_STR(cJSON_GetArrayItem(cmd, 2)->valuestring, "echo \"hi\": yes");
	T_EQ_STR(cJSON_GetArrayItem(cmd, 3)->valuestring, "8080");   /* a string list */
	T_EQ_STR(cJSON_GetArrayItem(cmd, 4)->valuestring, "true");
	cJSON_Delete(doc);
	free(out);
	/* an empty flow list */
	values[0] = "";
	out = tmpl_render(t, values, NULL, &err);
	T_ASSERT(out != NULL);
	T_EQ_STR(out, "command: []\n");
	free(out);
	tmpl_free(&t);
}

T_CASE(template_unknown_variables_named_with_lines)
{
	static const char text[] =
	    "kdeck-template:\n"
	    "  params:\n"
	    "  - name: name\n"
	    "---\n"
	    "a: ${name}\n"
	    "b: ${nmae}\n"
	    "c: ok\n"
	    "d: ${9x} ${open\n";
	struct kd_err err = { 0 };
	T_ASSERT(tmpl_parse(text, sizeof text - 1, "u.yaml", &err) == NULL);
	T_EQ_STR(err.msg, "u.yaml:6: ${nmae} is not a parameter; 8: ${9x} is no parameter's name; "
	    "8: ${open has no closing }");
}

T_CASE(template_block_list_stands_alone)
{
	static const char text[] =
	    "kdeck-template:\n  params:\n  - {name: l, type: list, format: block}\n---\nx: ${l}\n";
	struct kd_err err = { 0 };
	T_ASSERT(tmpl_parse(text, sizeof text - 1, "b.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "b.yaml:5: ${l} is a block list: it must stand alone on its line");
}

T_CASE(template_bad_headers)
{
	struct kd_err err = { 0 };
	static const char none[] = "apiVersion: v1\nkind: ConfigMap\n";
	T_ASSERT(tmpl_parse(none, sizeof none - 1, "n.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "n.yaml: no kdeck-template: header followed by a --- line");
	static const char notmpl[] = "apiVersion: v1\n---\nkind: ConfigMap\n";
	T_ASSERT(tmpl_parse(notmpl, sizeof notmpl - 1, "m.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "the first document must be a kdeck-template: map");
	static const char type[] =
	    "---\nkdeck-template:\n  params:\n  - name: x\n    type: float\n---\nx: ${x}\n";
	T_ASSERT(tmpl_parse(type, sizeof type - 1, "t.yaml", &err) == NULL);
	T_EQ_STR(err.msg, "t.yaml:5: x: type must be string, integer or list");
	static const char def[] =
	    "kdeck-template:\n  params:\n  - name: count\n    type: integer\n    default: many\n---\nn: ${count}\n";
	T_ASSERT(tmpl_parse(def, sizeof def - 1, "d.yaml", &err) == NULL);
	T_EQ_STR(err.msg, "d.yaml:5: the default of count must be a whole number");
	static const char twice[] =
	    "kdeck-template:\n  params:\n  - name: x\n  - name: x\n---\nx: ${x}\n";
	T_ASSERT(tmpl_parse(twice, sizeof twice - 1, "w.yaml", &err) == NULL);
	T_EQ_STR(err.msg, "w.yaml:4: parameter x is declared twice");
	static const char syntax[] = "kdeck-template: [\n---\nx: 1\n";
	T_ASSERT(tmpl_parse(syntax, sizeof syntax - 1, "s.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "s.yaml:");
}

T_CASE(template_folders_user_first)
{
	t_write("tl/user/deployment.yaml",
	    "kdeck-template:\n  description: mine\n---\nkind: Deployment\n", 0);
	t_write("tl/user/broken.yaml", "kind: nothing\n", 0);
	t_write("tl/user/notes.txt", "not a template\n", 0);
	t_write("tl/data/deployment.yaml",
	    "kdeck-template:\n  description: shipped\n---\nkind: Deployment\n", 0);
	t_write("tl/data/job.yaml",
	    "kdeck-template:\n  name: a-job\n  description: shipped job\n---\nkind: Job\n", 0);
	char user[600], data[600];
	snprintf(user, sizeof user, "%s/tl/user", t_tmpdir());
	snprintf(data, sizeof data, "%s/tl/data", t_tmpdir());
	const char *dirs[] = { user, data, NULL };
	struct tmpl **list = NULL;
	size_t *origin = NULL, broken = 0;
	struct kd_err err = { 0 };
	size_t n = tmpl_list(dirs, &list, &origin, &broken, &err);
	T_EQ_INT(n, 2);
	T_EQ_STR(list[0]->name, "a-job");   /* by name: the header's */
	T_EQ_INT(origin[0], 1);
	T_EQ_STR(list[1]->name, "deployment");   /* by name: the file's */
	T_EQ_STR(list[1]->description, "mine");
	T_EQ_INT(origin[1], 0);
	T_EQ_INT(broken, 1);
	T_CONTAINS(err.msg, "broken.yaml: no kdeck-template: header");
	tmpl_list_free(&list, n);
	free(origin);
}

/* The templates kdeck ships (contrib/templates): each parses, and with its defaults gives
 * objects that have an apiVersion, a kind and a name. With KDECK_TEMPLATE_OUT=DIR each
 * one's text is written to DIR/NAME.yaml too, for tests/kubesim/test_templates to create
 * on a server's dry run. */
T_CASE(template_shipped_render)
{
	const char *const *dirs = config_search_path("templates");
	if (dirs[0] == NULL)
		T_SKIP("no templates folder (not run from the checkout)");
	struct tmpl **list = NULL;
	size_t broken = 0;
	struct kd_err err = { 0 };
	size_t n = tmpl_list(dirs, &list, NULL, &broken, &err);
	T_ASSERT_MSG(broken == 0, "%s", err.msg);
	static const char *const want[] = { "configmap", "cronjob", "deployment", "horizontalpodautoscaler",
		"ingress", "job", "networkpolicy", "poddisruptionbudget", "statefulset", NULL };
	for (int w = 0; want[w] != NULL; w++) {
		int hit = 0;
		for (size_t i = 0; i < n; i++)
			hit |= strcmp(list[i]->name, want[w]) == 0;
		T_ASSERT_MSG(hit, "no template %s", want[w]);
	}
	for (size_t i = 0; i < n; i++) {
		T_ASSERT_MSG(list[i]->description[0] != '\0', "%s has no description", list[i]->name);
		size_t len;
		char *out = tmpl_render(list[i], NULL, &len, &err);
		T_ASSERT_MSG(out != NULL, "%s: %s", list[i]->name, err.msg);
		const char *dir = getenv("KDECK_TEMPLATE_OUT");
		if (dir != NULL) {
			char path[1024];
			snprintf(path, sizeof path, "%s/%s.yaml", dir, list[i]->name);
			FILE *f = fopen(path, "w");
			T_ASSERT_MSG(f != NULL, "%s: %s", path, strerror(errno));
			fwrite(out, 1, len, f);
			fclose(f);
		}
		cJSON *docs = doc_from_yaml_all(out, len, list[i]->name, &err);
		T_ASSERT_MSG(docs != NULL, "%s: %s", list[i]->name, err.msg);
		struct tmpl_doc *pieces = NULL;
		size_t np = tmpl_docs(out, len, &pieces);
		free(pieces);
		T_ASSERT_MSG(np == (size_t)cJSON_GetArraySize(docs), "%s: %zu pieces, %d documents", list[i]->name,
		    np, cJSON_GetArraySize(docs));
		cJSON *d;
		cJSON_ArrayForEach(d, docs) {
			T_ASSERT_MSG(cJSON_IsString(cJSON_GetObjectItem(d, "apiVersion")), "%s", list[i]->name);
			T_ASSERT_MSG(cJSON_IsString(cJSON_GetObjectItem(d, "kind")), "%s", list[i]->name);
			cJSON *md = cJSON_GetObjectItem(d, "metadata");
			T_ASSERT_MSG(cJSON_IsString(cJSON_GetObjectItem(md, "name")), "%s", list[i]->name);
		}
		cJSON_Delete(docs);
		free(out);
	}
	tmpl_list_free(&list, n);
	config_free();
}

int
main(void)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/xdg-none", t_tmpdir());
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("KDECK_DATA_DIR");
	T_RUN(template_header_parsed);
	T_RUN(template_render_substitutes);
	T_RUN(template_documents_split);
	T_RUN(template_defaults_and_blocks);
	T_RUN(template_values_checked_by_type);
	T_RUN(template_list_items_quoted_where_yaml_needs);
	T_RUN(template_unknown_variables_named_with_lines);
	T_RUN(template_block_list_stands_alone);
	T_RUN(template_bad_headers);
	T_RUN(template_folders_user_first);
	T_RUN(template_shipped_render);
	return t_done();
}
