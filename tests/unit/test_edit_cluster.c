/* The save of an edit against a cluster (tests/integration/test_edit sets
 * KDECK_EDIT_KUBECONFIG and KDECK_EDIT_NS, with a Deployment "web" there), each result
 * seen through kubectl: replicas and an env var changed and saved, both there; saved
 * twice from one load without a conflict with itself; negative
 * replicas refused by the server's dry run with the cause on the replicas line; kubectl
 * changes the image while the edit changes replicas: both survive; both change replicas:
 * the conflict is reported and the edit's side, picked, wins; a new object created from
 * text after its dry run. */
#include "t.h"

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "model/doc.h"
#include "model/merge3.h"
#include "ops/editapply.h"
#include "ops/editobj.h"

static struct loop *lp;
static struct cluster cl;
static const char *kc, *ns;
static const struct kres *deploy;

static int
wait_for(int *flag)
{
	uint64_t t0 = loop_now_ms();
	while (!*flag && loop_now_ms() - t0 < 30000)
		loop_run_once(lp, 50);
	return *flag;
}

/* kubectl's answer (its first line), in a static buffer. */
static const char *
kubectl(const char *args)
{
	static char out[1024];
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "kubectl --kubeconfig '%s' -n '%s' %s 2>&1", kc, ns, args);
	out[0] = '\0';
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return out;
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	pclose(p);
	char *nl = strchr(out, '\n');
	if (nl != NULL)
		*nl = '\0';
	return out;
}

static void
on_discovered(struct discovery *d, const struct kd_err *err, void *arg)
{
	(void)d;
	(void)err;
	*(int *)arg = 1;
}

struct loaded {
	struct editobj *o;
	int done;
};

static void
on_loaded(struct editobj *o, const struct kd_err *err, void *arg)
{
	struct loaded *l = arg;
	l->o = o;
	l->done = 1;
	if (err != NULL)
		printf("# load: %s\n", err->msg);
}

static struct editobj *
load_web(void)
{
	struct loaded l = { 0 };
	editobj_load(&cl, deploy, ns, "web", on_loaded, &l);
	wait_for(&l.done);
	return l.o;
}

struct run {
	int confirms, conflicts, conflict_fields, done;
	enum merge3_side pick;
	enum editapply_outcome outcome;
	char sentence[640], rv[64];
	struct editapply_mark mark;
	size_t nmarks;
};

static void
run_confirm(struct editapply *ea, void *arg)
{
	((struct run *)arg)->confirms++;
	editapply_confirm(ea, 1);
}

static void
run_conflict(struct editapply *ea, struct merge3 *m, void *arg)
{
	struct run *r = arg;
	r->conflicts++;
	r->conflict_fields += (int)m->conflicts;
	for (size_t i = 0; i < m->n; i++)
		if (m->fields[i].side == MERGE3_BOTH)
			m->fields[i].pick = r->pick;
	editapply_resolve(ea, EDITAPPLY_SEND_MERGED);
}

static void
run_done(struct editapply *ea, const struct editapply_end *e, void *arg)
{
	(void)ea;
	struct run *r = arg;
	r->outcome = e->outcome;
	snprintf(r->sentence, sizeof r->sentence, "%s", e->sentence);
	snprintf(r->rv, sizeof r->rv, "%s", e->rv ? e->rv : "");
	r->nmarks = e->nmarks;
	if (e->nmarks > 0)
		r->mark = e->marks[0];
	r->done = 1;
}

static const struct editapply_cbs run_cbs = { run_confirm, run_conflict, run_done };

static void
save(struct editobj *o, const char *text, struct run *r)
{
	editapply_start(o, text, strlen(text), &run_cbs, r);
	wait_for(&r->done);
}

/* o's text with replicas set and, when env is not NULL, an env var added to the first
 * container: edited as a user would, written back as YAML. */
static char *
edited(const struct editobj *o, int replicas, const char *env)
{
	struct kd_err err;
	cJSON *t = doc_from_yaml(o->text, o->len, "text", &err);
	if (t == NULL)
		return NULL;
	cJSON *spec = cJSON_GetObjectItem(t, "spec");
	cJSON_ReplaceItemInObject(spec, "replicas", cJSON_CreateNumber(replicas));
	if (env != NULL) {
		cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
		    cJSON_GetObjectItem(spec, "template"), "spec"), "containers"), 0);
		cJSON *e = cJSON_GetObjectItem(c, "env");
		if (e == NULL)
			e = cJSON_AddArrayToObject(c, "env");
		cJSON *v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "name", env);
		cJSON_AddStringToObject(v, "value", "on");
		cJSON_AddItemToArray(e, v);
	}
	char *s = doc_to_yaml(t, 0);
	cJSON_Delete(t);
	return s;
}

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

T_CASE(edit_replicas_and_env_saved)
{
	struct editobj *o = load_web();
	T_ASSERT(o != NULL);
	char *t = edited(o, 3, "FEATURE_X");
	struct run r = { 0 };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	T_EQ_INT(r.confirms, 1);
	T_ASSERT(r.rv[0] != '\0');
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "3");
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name==\"FEATURE_X\")].value}'"),
	    "on");
	free(t);
	editobj_free(&o);
}

T_CASE(edit_negative_replicas_refused_on_its_line)
{
	struct editobj *o = load_web();
	T_ASSERT(o != NULL);
	char *t = edited(o, -1, NULL);
	struct run r = { 0 };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_REFUSED, "%d: %s", r.outcome, r.sentence);
	T_EQ_INT(r.confirms, 0);
	T_EQ_INT(r.mark.line, line_of(t, "replicas: -1"));
	T_CONTAINS(r.mark.msg, "spec.replicas");
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "3");
	free(t);
	editobj_free(&o);
}

/* Saved twice from the same editor: the second goes from the first's answer, so it is no
 * conflict with itself. */
T_CASE(edit_saved_twice_no_conflict_with_itself)
{
	struct editobj *o = load_web();
	T_ASSERT(o != NULL);
	char *t = edited(o, 2, NULL);
	struct run r = { 0 };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	free(t);
	t = edited(o, 2, "SECOND");
	r = (struct run){ 0 };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	T_EQ_INT(r.conflicts, 0);
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "2");
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name==\"SECOND\")].value}'"),
	    "on");
	free(t);
	editobj_free(&o);
}

T_CASE(edit_and_kubectl_image_both_survive)
{
	struct editobj *o = load_web();
	T_ASSERT(o != NULL);
	const char *k = kubectl("get deploy web -o jsonpath='{.spec.template.spec.containers[0].name}'");
	char set[256];
	snprintf(set, sizeof set, "set image deploy/web '%s=registry.example/web:2'", k);
	kubectl(set);
	char *t = edited(o, 4, NULL);
	struct run r = { 0 };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	/* a controller's write in between may ask once more */
	T_ASSERT_MSG(r.conflicts >= 1, "no conflict was seen");
	T_EQ_INT(r.conflict_fields, 0);
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "4");
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'"),
	    "registry.example/web:2");
	free(t);
	editobj_free(&o);
}

T_CASE(edit_and_kubectl_replicas_conflict_picked)
{
	struct editobj *o = load_web();
	T_ASSERT(o != NULL);
	kubectl("scale deploy/web --replicas=7");
	char *t = edited(o, 5, NULL);
	struct run r = { .pick = MERGE3_MINE };
	save(o, t, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	T_ASSERT_MSG(r.conflicts >= 1, "no conflict was seen");
	T_EQ_INT(r.conflict_fields, 1);
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "5");
	editobj_free(&o);
	/* and theirs, picked, wins */
	o = load_web();
	T_ASSERT(o != NULL);
	kubectl("scale deploy/web --replicas=8");
	free(t);
	t = edited(o, 6, NULL);
	r = (struct run){ .pick = MERGE3_THEIRS };
	save(o, t, &r);
	T_EQ_INT(r.conflict_fields, 1);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_UNCHANGED || r.outcome == EDITAPPLY_APPLIED, "%d: %s",
	    r.outcome, r.sentence);
	T_EQ_STR(kubectl("get deploy web -o jsonpath='{.spec.replicas}'"), "8");
	free(t);
	editobj_free(&o);
}

T_CASE(edit_new_object_created)
{
	char text[512];
	snprintf(text, sizeof text, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made-here\n"
	    "  namespace: %s\ndata:\n  k: v\n", ns);
	struct editobj *o = editobj_new_text(&cl, NULL, NULL, text, strlen(text));
	struct run r = { 0 };
	save(o, text, &r);
	T_ASSERT_MSG(r.outcome == EDITAPPLY_APPLIED, "%d: %s", r.outcome, r.sentence);
	T_EQ_INT(r.confirms, 1);
	T_EQ_STR(kubectl("get configmap made-here -o jsonpath='{.data.k}'"), "v");
	editobj_free(&o);
}

int
main(void)
{
	kc = getenv("KDECK_EDIT_KUBECONFIG");
	ns = getenv("KDECK_EDIT_NS");
	if (kc == NULL || ns == NULL) {
		printf("SKIP edit_cluster: KDECK_EDIT_KUBECONFIG is not set (tests/integration/test_edit)\n");
		return 0;
	}
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(kc, &err);
	struct kconn *conn = cfg ? kcfg_resolve(cfg, NULL, &err) : NULL;
	if (conn == NULL) {
		printf("FAIL edit_cluster: %s\n", err.msg);
		return 1;
	}
	lp = loop_new();
	cl.context = "test";
	cl.http = http_new(lp, conn, &err);
	cl.api = api_new(cl.http, "test", conn);
	char cache[600];
	snprintf(cache, sizeof cache, "%s/cache", t_tmpdir());
	cl.disc = discovery_new(cl.http, cache, 0);
	int discovered = 0;
	discovery_load(cl.disc, 1, on_discovered, &discovered);
	wait_for(&discovered);
	deploy = discovery_find(cl.disc, "deployments.apps");
	if (deploy == NULL) {
		printf("FAIL edit_cluster: discovery has no deployments.apps\n");
		return 1;
	}
	T_RUN(edit_replicas_and_env_saved);
	T_RUN(edit_negative_replicas_refused_on_its_line);
	T_RUN(edit_saved_twice_no_conflict_with_itself);
	T_RUN(edit_and_kubectl_image_both_survive);
	T_RUN(edit_and_kubectl_replicas_conflict_picked);
	T_RUN(edit_new_object_created);
	discovery_free(&cl.disc);
	api_free(&cl.api);
	http_free(&cl.http);
	loop_free(&lp);
	kconn_free(&conn);
	kcfg_free(&cfg);
	return t_done();
}
