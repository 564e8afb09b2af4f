/* Patches between two versions of an object: the strategic merge patch as apimachinery's
 * CreateTwoWayMergePatch writes it, checked against the expected patch and by applying it
 * with kubesim's patch.py (what the server does with it), and the JSON merge patch; the
 * text of those and of the three-way patch (smpatch3.h) to the byte. */
#include "t.h"

#include <stdint.h>

#include <cjson/cJSON.h>

#include "model/smpatch.h"
#include "model/smpatch3.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* JSON written with ' for " (readable in C), parsed; the tree is freed by t_free_all. */
static cJSON *t_trees[64];
static int t_ntrees;

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

/* v as compact JSON, in a ring of buffers (valid for the next 4 calls). */
static char *
text(const cJSON *v)
{
	static char *ring[4];
	static int next;
	char **slot = &ring[next++ % 4];
	free(*slot);
	*slot = cJSON_PrintUnformatted(v);
	return *slot;
}

/* What kubesim's strategic_merge (contrib/kubesim/patch.py) makes of patch on from: a new
 * tree, or NULL when python3 cannot run it. */
static cJSON *
kubesim_apply(const cJSON *from, const cJSON *patch)
{
	char *f = cJSON_PrintUnformatted(from), *p = cJSON_PrintUnformatted(patch);
	const char *ff = t_write("from.json", f, 0);
	char fpath[512];
	snprintf(fpath, sizeof fpath, "%s", ff);
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
	return v;
}

static int
python_ok(void)
{
	static int ok = -1;
	if (ok < 0)
		ok = system("python3 -c 'import json' >/dev/null 2>&1") == 0;
	return ok;
}

struct pair {
	const char *name, *from, *to, *patch;
};

#define POD(containers) "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'," \
	"'labels':{'app':'web','tier':'fe'},'finalizers':['a.io/x','b.io/y']},'spec':{'replicas':2," \
	"'template':{'spec':{" containers "}}}}"

static const struct pair pairs[] = {
	{ "image",
	  POD("'containers':[{'name':'web','image':'nginx:1'},{'name':'side','image':'busybox'}]"),
	  POD("'containers':[{'name':'web','image':'nginx:2'},{'name':'side','image':'busybox'}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'side'}],"
	  "'containers':[{'image':'nginx:2','name':'web'}]}}}}" },
	{ "env_added",
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'}]}]"),
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'}],"
	  "'env':[{'name':'B','value':'2'}],'name':'web'}]}}}}" },
	{ "env_removed",
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"),
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'$setElementOrder/env':[{'name':'A'}],"
	  "'env':[{'$patch':'delete','name':'B'}],'name':'web'}]}}}}" },
	{ "env_reordered",
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]"),
	  POD("'containers':[{'name':'web','env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'$setElementOrder/env':[{'name':'B'},{'name':'A'}],'name':'web'}]}}}}" },
	{ "env_value_and_removed",
	  POD("'containers':[{'name':'web','env':[{'name':'A','value':'1'},{'name':'B','value':'2'},"
	      "{'name':'C','value':'3'}]}]"),
	  POD("'containers':[{'name':'web','env':[{'name':'C','value':'3'},{'name':'A','value':'9'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'$setElementOrder/env':[{'name':'C'},{'name':'A'}],"
	  "'env':[{'name':'A','value':'9'},{'$patch':'delete','name':'B'}],'name':'web'}]}}}}" },
	{ "port_changed",
	  POD("'containers':[{'name':'web','ports':[{'containerPort':80,'protocol':'TCP'}]}]"),
	  POD("'containers':[{'name':'web','ports':[{'containerPort':8080,'protocol':'TCP'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'$setElementOrder/ports':[{'containerPort':8080}],'name':'web',"
	  "'ports':[{'containerPort':8080,'protocol':'TCP'},{'$patch':'delete','containerPort':80}]}]}}}}" },
	{ "udp_port_renamed",
	  POD("'containers':[{'name':'dns','ports':[{'containerPort':53,'protocol':'UDP','name':'a'}]}]"),
	  POD("'containers':[{'name':'dns','ports':[{'containerPort':53,'protocol':'UDP','name':'b'}]}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'dns'}],"
	  "'containers':[{'$setElementOrder/ports':[{'containerPort':53}],'name':'dns',"
	  "'ports':[{'containerPort':53,'name':'b','protocol':'UDP'}]}]}}}}" },
	{ "volume_removed",
	  POD("'containers':[{'name':'web','volumeMounts':[{'name':'data','mountPath':'/d'},"
	      "{'name':'cfg','mountPath':'/c'}]}],'volumes':[{'name':'data','emptyDir':{}},"
	      "{'name':'cfg','configMap':{'name':'c'}}]"),
	  POD("'containers':[{'name':'web','volumeMounts':[{'name':'cfg','mountPath':'/c'}]}],"
	      "'volumes':[{'name':'cfg','configMap':{'name':'c'}}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'$setElementOrder/volumes':[{'name':'cfg'}],"
	  "'containers':[{'$setElementOrder/volumeMounts':[{'mountPath':'/c'}],'name':'web',"
	  "'volumeMounts':[{'$patch':'delete','mountPath':'/d'}]}],"
	  "'volumes':[{'$patch':'delete','name':'data'}]}}}}" },
	{ "container_added",
	  POD("'containers':[{'name':'web','image':'nginx'}]"),
	  POD("'containers':[{'name':'init','image':'busybox'},{'name':'web','image':'nginx'}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'init'},{'name':'web'}],"
	  "'containers':[{'image':'busybox','name':'init'}]}}}}" },
	{ "args_replaced",
	  POD("'containers':[{'name':'web','args':['a','b']}]"),
	  POD("'containers':[{'name':'web','args':['a','c']}]"),
	  "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],"
	  "'containers':[{'args':['a','c'],'name':'web'}]}}}}" },
	{ "label_removed_replicas",
	  POD("'containers':[{'name':'web'}]"),
	  "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'},"
	  "'finalizers':['a.io/x','b.io/y']},'spec':{'replicas':5,'template':{'spec':{'containers':"
	  "[{'name':'web'}]}}}}",
	  "{'metadata':{'labels':{'tier':null}},'spec':{'replicas':5}}" },
	{ "finalizer_removed",
	  POD("'containers':[{'name':'web'}]"),
	  "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web',"
	  "'tier':'fe'},'finalizers':['b.io/y']},'spec':{'replicas':2,'template':{'spec':{'containers':"
	  "[{'name':'web'}]}}}}",
	  "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a.io/x'],"
	  "'$setElementOrder/finalizers':['b.io/y']}}" },
	{ "finalizer_added",
	  POD("'containers':[{'name':'web'}]"),
	  "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web',"
	  "'tier':'fe'},'finalizers':['a.io/x','b.io/y','c.io/z']},'spec':{'replicas':2,'template':"
	  "{'spec':{'containers':[{'name':'web'}]}}}}",
	  "{'metadata':{'$setElementOrder/finalizers':['a.io/x','b.io/y','c.io/z'],"
	  "'finalizers':['c.io/z']}}" },
	{ "service_port",
	  "{'kind':'Service','spec':{'ports':[{'port':80,'targetPort':8080,'protocol':'TCP'}]}}",
	  "{'kind':'Service','spec':{'ports':[{'port':80,'targetPort':9090,'protocol':'TCP'}]}}",
	  "{'spec':{'$setElementOrder/ports':[{'port':80}],'ports':[{'port':80,'targetPort':9090}]}}" },
	{ "unchanged",
	  POD("'containers':[{'name':'web'}]"), POD("'containers':[{'name':'web'}]"), "{}" },
};

T_CASE(smpatch_expected_patches)
{
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		cJSON *from = J(pairs[i].from), *to = J(pairs[i].to), *want = J(pairs[i].patch);
		cJSON *got = smpatch_strategic(from, to);
		T_ASSERT(got != NULL);
		int same = cJSON_Compare(got, want, 1);
		if (!same)
			t_fail(__FILE__, __LINE__, "%s: patch is %s", pairs[i].name, text(got));
		cJSON_Delete(got);
		t_free_all();
		if (!same)
			return;
	}
}

/* The patch applied as the server does (kubesim's patch.py) gives the edited object. */
T_CASE(smpatch_kubesim_applies_to)
{
	if (!python_ok())
		T_SKIP("python3 is not installed");
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		cJSON *from = J(pairs[i].from), *to = J(pairs[i].to);
		cJSON *patch = smpatch_strategic(from, to);
		T_ASSERT(patch != NULL);
		cJSON *got = kubesim_apply(from, patch);
		cJSON_Delete(patch);
		int same = got != NULL && cJSON_Compare(got, to, 1);
		if (!same)
			t_fail(__FILE__, __LINE__, "%s: patch.py made %s", pairs[i].name,
			    got ? text(got) : "nothing");
		cJSON_Delete(got);
		t_free_all();
		if (!same)
			return;
	}
}

T_CASE(smpatch_merge_patch)
{
	cJSON *from = J("{'a':{'b':1,'c':[1,2],'d':'x'},'e':true,'f':{'g':1}}");
	cJSON *to = J("{'a':{'b':1,'c':[1,3],'n':{'m':1}},'f':{'g':1}}");
	cJSON *p = smpatch_merge(from, to);
	T_EQ_STR(text(p), "{\"a\":{\"c\":[1,3],\"n\":{\"m\":1},\"d\":null},\"e\":null}");
	cJSON *back = smpatch_merge_apply(from, p);
	T_ASSERT(cJSON_Compare(back, to, 1));
	cJSON_Delete(back);
	cJSON_Delete(p);
	p = smpatch_merge(to, to);
	T_EQ_STR(text(p), "{}");
	cJSON_Delete(p);
	t_free_all();
}

/* Every pair round-trips through a JSON merge patch too (lists whole). */
T_CASE(smpatch_merge_round_trips)
{
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		cJSON *from = J(pairs[i].from), *to = J(pairs[i].to);
		cJSON *p = smpatch_merge(from, to);
		cJSON *got = smpatch_merge_apply(from, p);
		int same = cJSON_Compare(got, to, 1);
		if (!same)
			t_fail(__FILE__, __LINE__, "%s: %s gives %s", pairs[i].name, text(p), text(got));
		cJSON_Delete(p);
		cJSON_Delete(got);
		t_free_all();
		if (!same)
			return;
	}
}

/* RFC 7386's examples of applying: null removes, a non-object patch replaces, a target
 * that is not an object becomes one. */
T_CASE(smpatch_merge_apply_rfc)
{
	cJSON *got = smpatch_merge_apply(J("{'a':'b','c':{'d':'e','f':'g'}}"),
	    J("{'a':'z','c':{'f':null}}"));
	T_EQ_STR(text(got), "{\"a\":\"z\",\"c\":{\"d\":\"e\"}}");
	cJSON_Delete(got);
	got = smpatch_merge_apply(J("{'a':[1]}"), J("[2]"));
	T_EQ_STR(text(got), "[2]");
	cJSON_Delete(got);
	got = smpatch_merge_apply(J("['c']"), J("{'a':{'bb':{'ccc':null}}}"));
	T_EQ_STR(text(got), "{\"a\":{\"bb\":{}}}");
	cJSON_Delete(got);
	t_free_all();
}

/* Not two objects: the patch is the new value whole, or {} when equal. */
T_CASE(smpatch_not_objects)
{
	cJSON *p = smpatch_strategic(J("[1]"), J("{'a':1}"));
	T_EQ_STR(text(p), "{\"a\":1}");
	cJSON_Delete(p);
	p = smpatch_strategic(J("[1]"), J("[1]"));
	T_EQ_STR(text(p), "{}");
	cJSON_Delete(p);
	t_free_all();
}

/* text with ' for " (in place), to compare with a patch written readably in C. */
static char *
ticks(char *text)
{
	for (char *p = text; p != NULL && *p != '\0'; p++)
		if (*p == '"')
			*p = '\'';
	return text;
}

#define OBJ(meta, spec) "{'metadata':{'name':'web'" meta "},'spec':{" spec "}}"
#define OLD_META ",'labels':{'app':'web','tier':'fe'},'finalizers':['a.io/x','b.io/y']"
#define OLD_WEB(more) "'template':{'spec':{'containers':[{'name':'web','image':'web:1'" more \
	",'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]," \
	"'ports':[{'containerPort':53,'protocol':'UDP','name':'dns'}]},{'name':'side','image':'busybox'}]}}"

/* The patches' text to the byte, as they are sent. Two-way: a map's changes in the new
 * version's order, then its removed keys; a merge-keyed list's changed items, then its
 * deletions, then its order; a changed UDP port with its protocol. The JSON merge patch:
 * lists whole. The three-way patch helm sends: a map's removed keys first, a changed port
 * without its protocol (apimachinery adds none), and its strings its own (the live object
 * is gone before it is written out). */
T_CASE(smpatch_text_in_order)
{
	cJSON *from = J(OBJ(OLD_META, "'minReadySeconds':3,'replicas':1," OLD_WEB("")));
	cJSON *to = J(OBJ(",'labels':{'app':'shop'},'finalizers':['b.io/y','c.io/z']",
	    "'replicas':2,'template':{'spec':{'containers':[{'name':'web','image':'web:2',"
	    "'env':[{'name':'A','value':'1'}],"
	    "'ports':[{'containerPort':53,'protocol':'UDP','name':'dns2'}]}]}}"));
	cJSON *p = smpatch_strategic(from, to);
	T_EQ_STR(ticks(text(p)), "{'metadata':{'labels':{'app':'shop','tier':null},"
	    "'finalizers':['c.io/z'],'$deleteFromPrimitiveList/finalizers':['a.io/x'],"
	    "'$setElementOrder/finalizers':['b.io/y','c.io/z']},'spec':{'replicas':2,"
	    "'template':{'spec':{'containers':[{'image':'web:2',"
	    "'env':[{'name':'B','$patch':'delete'}],'$setElementOrder/env':[{'name':'A'}],"
	    "'ports':[{'name':'dns2','containerPort':53,'protocol':'UDP'}],"
	    "'$setElementOrder/ports':[{'containerPort':53}],'name':'web'},"
	    "{'name':'side','$patch':'delete'}],'$setElementOrder/containers':[{'name':'web'}]}},"
	    "'minReadySeconds':null}}");
	cJSON_Delete(p);
	p = smpatch_merge(from, to);
	T_EQ_STR(ticks(text(p)), "{'metadata':{'labels':{'app':'shop','tier':null},"
	    "'finalizers':['b.io/y','c.io/z']},'spec':{'replicas':2,'template':{'spec':"
	    "{'containers':[{'name':'web','image':'web:2','env':[{'name':'A','value':'1'}],"
	    "'ports':[{'containerPort':53,'protocol':'UDP','name':'dns2'}]}]}},"
	    "'minReadySeconds':null}}");
	cJSON_Delete(p);
	/* the live object: an HPA's replicas, somebody's annotation and pull policy */
	cJSON *live = cJSON_Duplicate(J(OBJ(OLD_META ",'annotations':{'team':'x'}",
	    "'minReadySeconds':3,'replicas':5," OLD_WEB(",'imagePullPolicy':'IfNotPresent'"))), 1);
	T_ASSERT(live != NULL);
	p = smpatch3_make(from, to, live);
	cJSON_Delete(live);
	T_EQ_STR(ticks(text(p)), "{'metadata':{'labels':{'tier':null,'app':'shop'},"
	    "'$deleteFromPrimitiveList/finalizers':['a.io/x'],"
	    "'$setElementOrder/finalizers':['b.io/y','c.io/z'],'finalizers':['c.io/z']},"
	    "'spec':{'minReadySeconds':null,'template':{'spec':{'containers':["
	    "{'env':[{'name':'B','$patch':'delete'}],'$setElementOrder/env':[{'name':'A'}],"
	    "'name':'web','image':'web:2','ports':[{'name':'dns2','containerPort':53}],"
	    "'$setElementOrder/ports':[{'containerPort':53}]},{'name':'side','$patch':'delete'}],"
	    "'$setElementOrder/containers':[{'name':'web'}]}},'replicas':2}}");
	cJSON_Delete(p);
	t_free_all();
}

/* A Deployment of n env entries, entry `changed` (or none: -1) with another value. */
static cJSON *
env_deployment(int n, int changed)
{
	cJSON *o = J("{'spec':{'template':{'spec':{'containers':[{'name':'web','env':[]}]}}}}");
	cJSON *env = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(o, "spec"), "template"), "spec"), "containers"), 0), "env");
	for (int i = 0; i < n; i++) {
		char k[32], v[32];
		snprintf(k, sizeof k, "E_%d\"q", i);
		snprintf(v, sizeof v, "%d", i == changed ? -i : i);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", k);
		cJSON_AddStringToObject(e, "value", v);
		cJSON_AddItemToArray(env, e);
	}
	return o;
}

/* A long list's order is its text, the bytes the list of nodes would be written as. */
T_CASE(smpatch_long_order_is_its_text)
{
	const int n = SMPATCH_ORDER_TEXT + 44;
	cJSON *from = env_deployment(n, -1), *to = env_deployment(n, 7);
	cJSON *p = smpatch_strategic(from, to);
	T_ASSERT(p != NULL);
	const cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(p, "spec"), "template"), "spec"),
	    "containers"), 0);
	const cJSON *order = cJSON_GetObjectItemCaseSensitive(c0, "$setElementOrder/env");
	T_ASSERT(cJSON_IsRaw(order));
	struct sbuf want = { 0 };
	sbuf_str(&want, "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"env\":[{\"value\":\"-7\","
	    "\"name\":\"E_7\\\"q\"}],\"$setElementOrder/env\":[");
	for (int i = 0; i < n; i++) {
		char e[48];
		snprintf(e, sizeof e, "%s{\"name\":\"E_%d\\\"q\"}", i ? "," : "", i);
		sbuf_str(&want, e);
	}
	sbuf_str(&want, "],\"name\":\"web\"}],\"$setElementOrder/containers\":[{\"name\":\"web\"}]}}}}");
	const char *got = text(p);
	T_ASSERT_MSG(strcmp(got, want.s) == 0, "patch is %.300s...", got);
	free(want.s);
	if (python_ok()) {
		cJSON *got = kubesim_apply(from, p);
		T_ASSERT(got != NULL && cJSON_Compare(got, to, 1));
		cJSON_Delete(got);
	}
	cJSON_Delete(p);
	/* a short one stays a list */
	cJSON *f2 = env_deployment(3, -1), *t2 = env_deployment(3, 1);
	p = smpatch_strategic(f2, t2);
	T_CONTAINS(text(p), "\"$setElementOrder/env\":[{\"name\":\"E_0\\\"q\"},");
	const cJSON *o2 = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(p,
	    "spec"), "template"), "spec"), "containers"), 0), "$setElementOrder/env");
	T_ASSERT(cJSON_IsArray(o2));
	cJSON_Delete(p);
	t_free_all();
}

int
main(void)
{
	T_RUN(smpatch_expected_patches);
	T_RUN(smpatch_kubesim_applies_to);
	T_RUN(smpatch_merge_patch);
	T_RUN(smpatch_merge_round_trips);
	T_RUN(smpatch_merge_apply_rfc);
	T_RUN(smpatch_not_objects);
	T_RUN(smpatch_text_in_order);
	T_RUN(smpatch_long_order_is_its_text);
	t_free_all();
	return t_done();
}
