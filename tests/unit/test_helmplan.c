/* What a Helm rollback does to an object: the three-way strategic merge patch (a field
 * somebody else set survives, a field the new manifest drops goes, a field both name takes
 * the new manifest's value), checked by applying it with kubesim's patch.py as the server
 * would; a release manifest's objects (namespaces defaulted, empty documents skipped);
 * helm's decision per object (created, no original, a custom resource's merge patch,
 * unchanged); helm's metadata, keep and uninstall order. */
#include "t.h"

#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/helmplan.h"
#include "model/smpatch3.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static cJSON *t_trees[64];
static int t_ntrees;

/* JSON written with ' for ", parsed; freed by t_free_all. */
static cJSON *
J(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *v = cJSON_Parse(d);
	free(d);
	if (v == NULL) {
		fprintf(stderr, "bad JSON in a test: %s\n", s);
		exit(2);
	}
	if (t_ntrees < 64)
		t_trees[t_ntrees++] = v;
	return v;
}

static void
t_free_all(void)
{
	while (t_ntrees > 0)
		cJSON_Delete(t_trees[--t_ntrees]);
}

/* kubesim's strategic_merge of patch on live (contrib/kubesim/patch.py), NULL when python3
 * cannot run it. */
static cJSON *
kubesim_apply(const cJSON *live, const cJSON *patch)
{
	char *f = cJSON_PrintUnformatted(live), *p = cJSON_PrintUnformatted(patch);
	char fpath[512];
	snprintf(fpath, sizeof fpath, "%s", t_write("live.json", f, 0));
	const char *pp = t_write("patch.json", p, 0);
	free(f);
	free(p);
	const char *top = getenv("KDECK_TOP");
	char *cmd = xasprintf("python3 -c 'import json, sys; sys.path.insert(0, sys.argv[1]); "
	    "import patch; print(json.dumps(patch.strategic_merge(json.load(open(sys.argv[2])), "
	    "json.load(open(sys.argv[3])))))' '%s/contrib/kubesim' '%s' '%s' 2>&1",
	    top && *top ? top : ".", fpath, pp);
	FILE *pipe = popen(cmd, "r");
	free(cmd);
	if (pipe == NULL)
		return NULL;
	struct sbuf out = { 0 };
	sbuf_fread(&out, pipe, SIZE_MAX);
	int rc = pclose(pipe);
	cJSON *v = rc == 0 && out.s != NULL ? cJSON_Parse(out.s) : NULL;
	if (v == NULL)
		fprintf(stderr, "patch.py: %s\n", out.s ? out.s : "(nothing)");
	free(out.s);
	if (v != NULL && t_ntrees < 64)
		t_trees[t_ntrees++] = v;
	return v;
}

static const char *
at(const cJSON *v, const char *path)
{
	static char buf[256];
	char *p = xstrdup(path), *save = NULL;
	for (char *k = strtok_r(p, ".", &save); k != NULL && v != NULL; k = strtok_r(NULL, ".", &save))
		v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(k)) : cJSON_GetObjectItemCaseSensitive(v, k);
	free(p);
	if (v == NULL)
		return "(absent)";
	if (cJSON_IsString(v))
		return v->valuestring;
	char *s = cJSON_PrintUnformatted(v);
	snprintf(buf, sizeof buf, "%s", s);
	free(s);
	return buf;
}

#define DEPLOY(meta, spec) "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'," \
	"'namespace':'shop'" meta "},'spec':{" spec "}}"

T_CASE(smpatch3_others_fields_survive)
{
	if (system("python3 -c 'import json' >/dev/null 2>&1") != 0)
		T_SKIP("python3 is not installed");
	cJSON *original = J(DEPLOY(",'labels':{'app':'web','tier':'fe'}", "'replicas':1,'template':{'spec':"
	    "{'containers':[{'name':'web','image':'web:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}"));
	cJSON *modified = J(DEPLOY(",'labels':{'app':'web'}", "'replicas':1,'template':{'spec':"
	    "{'containers':[{'name':'web','image':'web:2','env':[{'name':'A','value':'1'}]}]}}"));
	/* live: an HPA's replicas, somebody's annotation and env var, the server's defaults */
	cJSON *live = J(DEPLOY(",'labels':{'app':'web','tier':'fe'},'annotations':{'team':'x'},'resourceVersion':'7'",
	    "'replicas':5,'template':{'spec':{'containers':[{'name':'web','image':'web:1',"
	    "'imagePullPolicy':'IfNotPresent','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},"
	    "{'name':'DEBUG','value':'on'}]}]}}"));
	cJSON *patch = smpatch3_make(original, modified, live);
	T_ASSERT(patch != NULL);
	cJSON *out = kubesim_apply(live, patch);
	cJSON_Delete(patch);
	T_ASSERT(out != NULL);
	T_EQ_STR(at(out, "spec.template.spec.containers.0.image"), "web:2");
	T_EQ_STR(at(out, "spec.replicas"), "1");                 /* both manifests name it */
	T_EQ_STR(at(out, "metadata.labels.tier"), "(absent)");   /* the new manifest drops it */
	T_EQ_STR(at(out, "metadata.annotations.team"), "x");     /* neither names it */
	T_EQ_STR(at(out, "spec.template.spec.containers.0.imagePullPolicy"), "IfNotPresent");
	const cJSON *env = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(out, "spec"), "template"), "spec"), "containers"), 0), "env");
	char *e = cJSON_PrintUnformatted(env);
	/* B was in the old manifest and is not in the new one; DEBUG was never in either */
	T_EQ_STR(e, "[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"DEBUG\",\"value\":\"on\"}]");
	free(e);
	t_free_all();
}

T_CASE(smpatch3_nothing_to_do)
{
	cJSON *m = J(DEPLOY("", "'replicas':1"));
	cJSON *live = J(DEPLOY(",'uid':'u1'", "'replicas':1,'paused':false"));
	cJSON *patch = smpatch3_make(m, m, live);
	T_EQ_STR(at(patch, ""), "{}");
	cJSON_Delete(patch);
	/* a live object changed by another only where no manifest looks: nothing either */
	cJSON *old = J(DEPLOY("", "'replicas':1,'minReadySeconds':3"));
	patch = smpatch3_make(old, m, J(DEPLOY("", "'replicas':1")));
	T_EQ_STR(at(patch, "spec.minReadySeconds"), "null");
	cJSON_Delete(patch);
	t_free_all();
}

static const char manifest[] =
    "---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n"
    "  annotations:\n    helm.sh/resource-policy: keep\ndata:\n  a: \"1\"\n"
    "---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
    "  name: web\nspec:\n  replicas: 1\n"
    "---\n# an empty one\n"
    "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: other\nspec: {}\n"
    "---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 1\n";

T_CASE(helmplan_parse_manifest)
{
	struct helmplan_obj *objs = NULL;
	size_t n = 0;
	struct kd_err err = { 0 };
	T_EQ_INT(helmplan_parse(manifest, "shop", &objs, &n, &err), 0);
	T_EQ_INT(n, 4);
	T_EQ_STR(objs[1].group, "apps");
	T_EQ_STR(objs[1].version, "v1");
	T_EQ_STR(objs[1].kind, "Deployment");
	T_EQ_STR(objs[1].ns, "shop");
	T_EQ_STR(at(objs[1].obj, "metadata.namespace"), "shop");
	T_EQ_STR(objs[2].ns, "other");
	T_EQ_STR(objs[0].group, "");
	T_ASSERT(helmplan_keep(objs[0].obj));
	T_ASSERT(!helmplan_keep(objs[1].obj));
	helmplan_cluster_scoped(&objs[3]);
	T_EQ_STR(objs[3].ns, "");
	T_EQ_STR(at(objs[3].obj, "metadata.namespace"), "(absent)");
	T_ASSERT(helmplan_find(objs, n, &objs[2]) == &objs[2]);
	helmplan_uninstall_order(objs, n);
	T_EQ_STR(objs[0].kind, "Service");
	T_EQ_STR(objs[1].kind, "Deployment");
	T_EQ_STR(objs[2].kind, "ConfigMap");
	T_EQ_STR(objs[3].kind, "Widget");
	helmplan_free(&objs, n);
	T_ASSERT(objs == NULL);

	T_EQ_INT(helmplan_parse("apiVersion: v1\nmetadata:\n  name: x\n", "shop", &objs, &n, &err), -1);
	T_CONTAINS(err.msg, "has no kind");
	T_EQ_INT(helmplan_parse("a: [\n", "shop", &objs, &n, &err), -1);
	T_CONTAINS(err.msg, "the manifest");
}

T_CASE(helmplan_decide_as_helm)
{
	struct helmplan_obj *objs = NULL, *olds = NULL;
	size_t n = 0, nold = 0;
	struct kd_err err = { 0 };
	char why[256] = "";
	T_EQ_INT(helmplan_parse(manifest, "shop", &objs, &n, &err), 0);
	T_EQ_INT(helmplan_parse(manifest, "shop", &olds, &nold, &err), 0);
	helmplan_set_owner(&objs[1], "web", "shop");
	const cJSON *labels = cJSON_GetObjectItem(cJSON_GetObjectItem(objs[1].obj, "metadata"), "labels");
	T_EQ_STR(cJSON_GetObjectItem(labels, "app.kubernetes.io/managed-by")->valuestring, "Helm");
	const cJSON *ann = cJSON_GetObjectItem(cJSON_GetObjectItem(objs[1].obj, "metadata"), "annotations");
	T_EQ_STR(cJSON_GetObjectItem(ann, "meta.helm.sh/release-name")->valuestring, "web");
	T_EQ_STR(cJSON_GetObjectItem(ann, "meta.helm.sh/release-namespace")->valuestring, "shop");

	/* not on the cluster: created */
	helmplan_decide(&objs[1], NULL, why, sizeof why);
	T_EQ_INT(objs[1].action, HELMPLAN_CREATE);
	/* on the cluster but not in the current manifest: helm's Update refuses */
	cJSON *live = J(DEPLOY("", "'replicas':1"));
	helmplan_decide(&objs[1], live, why, sizeof why);
	T_EQ_INT(objs[1].action, HELMPLAN_ERROR);
	T_EQ_STR(why, "no Deployment with the name \"web\" found");
	/* with the original: the owner's metadata is what changes */
	objs[1].original = olds[1].obj;
	helmplan_decide(&objs[1], live, why, sizeof why);
	T_EQ_INT(objs[1].action, HELMPLAN_CHANGE);
	T_ASSERT(objs[1].strategic);
	T_EQ_STR(at(objs[1].patch, "spec"), "(absent)");
	/* a custom resource: a JSON merge patch from the old manifest to the new, live unread */
	objs[3].original = olds[3].obj;
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(objs[3].obj, "spec"), "size", cJSON_CreateNumber(2));
	helmplan_decide(&objs[3], J("{'spec':{'size':9,'extra':1}}"), why, sizeof why);
	T_EQ_INT(objs[3].action, HELMPLAN_CHANGE);
	T_ASSERT(!objs[3].strategic);
	T_EQ_STR(at(objs[3].patch, ""), "{\"spec\":{\"size\":2}}");
	/* the same object again: nothing */
	objs[0].original = olds[0].obj;
	helmplan_decide(&objs[0], olds[0].obj, why, sizeof why);
	T_EQ_INT(objs[0].action, HELMPLAN_UNCHANGED);
	T_ASSERT(helmplan_builtin("", "v1") && helmplan_builtin("apps", "v1"));
	T_ASSERT(!helmplan_builtin("example.com", "v1") && !helmplan_builtin("apiextensions.k8s.io", "v1beta1"));
	T_EQ_STR(helmplan_word(HELMPLAN_KEEP), "kept");
	helmplan_free(&objs, n);
	helmplan_free(&olds, nold);
	t_free_all();
}

int
main(void)
{
	T_RUN(smpatch3_others_fields_survive);
	T_RUN(smpatch3_nothing_to_do);
	T_RUN(helmplan_parse_manifest);
	T_RUN(helmplan_decide_as_helm);
	t_free_all();
	return t_done();
}
