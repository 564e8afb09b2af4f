/* Reading a file for :apply (ops/applyfile.c): YAML documents and JSON, a List's items
 * each on its own, the line each document starts on, and errors that name FILE:LINE. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ops/applyfile.h"
#include "t.h"

static int
parse(const char *text, struct applyfile_obj **objs, size_t *n, struct kd_err *err)
{
	return applyfile_parse(text, strlen(text), "f.yaml", objs, n, err);
}

T_CASE(applyfile_documents_and_lines)
{
	struct applyfile_obj *o;
	size_t n;
	struct kd_err err = { 0 };
	const char *text =
	    "# the front\n"
	    "apiVersion: v1\n"
	    "kind: ConfigMap\n"
	    "metadata: {name: a, namespace: shop}\n"
	    "---\n"
	    "apiVersion: apps/v1\n"
	    "kind: Deployment\n"
	    "metadata: {name: web}\n"
	    "---\n"
	    "apiVersion: v1\n"
	    "kind: List\n"
	    "items:\n"
	    "- {apiVersion: v1, kind: Service, metadata: {name: web}}\n"
	    "- {apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: r}}\n"
	    "---\n";
	T_EQ_INT(parse(text, &o, &n, &err), 0);
	T_EQ_INT(n, 4);
	T_EQ_STR(o[0].group, "");
	T_EQ_STR(o[0].version, "v1");
	T_EQ_STR(o[0].kind, "ConfigMap");
	T_EQ_STR(o[0].ns, "shop");
	T_EQ_INT(o[0].line, 1);
	T_EQ_STR(o[1].group, "apps");
	T_EQ_STR(o[1].version, "v1");
	T_EQ_STR(o[1].name, "web");
	T_ASSERT(o[1].ns == NULL);
	T_EQ_INT(o[1].line, 6);
	T_EQ_STR(o[2].kind, "Service");
	T_EQ_INT(o[2].line, 10);
	T_EQ_STR(o[3].group, "rbac.authorization.k8s.io");
	T_EQ_STR(o[3].kind, "ClusterRole");
	/* the object kept whole, to be sent as it is */
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(o[3].obj, "kind")->valuestring, "ClusterRole");
	applyfile_objs_free(&o, n);
	T_ASSERT(o == NULL);
}

T_CASE(applyfile_json)
{
	struct applyfile_obj *o;
	size_t n;
	struct kd_err err = { 0 };
	T_EQ_INT(parse("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
	    "  {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}},\n"
	    "  {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"b\"}}]}\n", &o, &n, &err), 0);
	T_EQ_INT(n, 2);
	T_EQ_STR(o[1].kind, "Secret");
	applyfile_objs_free(&o, n);
}

T_CASE(applyfile_errors_name_the_line)
{
	struct applyfile_obj *o;
	size_t n;
	struct kd_err err = { 0 };
	T_EQ_INT(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
	    "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", &o, &n, &err), -1);
	T_EQ_STR(err.msg, "f.yaml:5: no metadata.name (an apply needs apiVersion, kind and metadata.name)");
	T_ASSERT(o == NULL && n == 0);
	/* content on the "---" line is on that line */
	T_EQ_INT(parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n--- {kind: ConfigMap}\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "f.yaml:4: no apiVersion");
	T_EQ_INT(parse("kind: ConfigMap\nmetadata: {name: a}\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "f.yaml:1: no apiVersion");
	T_EQ_INT(parse("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, metadata: {name: a}}\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "f.yaml:1: item 1 of the List: no kind");
	T_EQ_INT(parse("a: [1, 2\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "f.yaml:2");
	T_EQ_INT(parse("- 1\n- 2\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "f.yaml:1: not an object");
	T_EQ_INT(parse("# nothing\n---\n", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "nothing to apply");
	T_EQ_INT(applyfile_read("/nonexistent/x.yaml", &o, &n, &err), -1);
	T_CONTAINS(err.msg, "cannot read /nonexistent/x.yaml");
}

int
main(void)
{
	T_RUN(applyfile_documents_and_lines);
	T_RUN(applyfile_json);
	T_RUN(applyfile_errors_name_the_line);
	return t_done();
}
