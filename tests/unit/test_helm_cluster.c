/* A Helm rollback or uninstall against a cluster, driven by tests/integration/test_helm_ops
 * (which sets KDECK_HELM_KUBECONFIG, KDECK_HELM_NS and KDECK_HELM_CMD: "rollback NAME REV",
 * "uninstall NAME" or "uninstall-keep NAME"; KDECK_HELM_CONTEXT a context, KDECK_HELM_READONLY
 * a read-only cluster) and checks what it did with a decoder of its own. Prints the plan
 * (PLAN, ROW, DIFF lines), the refusal (REFUSED), then the outcome (DONE or ERROR) and the
 * last change noted (LASTCHANGE). Without those variables: a SKIP. */
#include "t.h"

#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "ops/helmops.h"
#include "ops/lastchange.h"

static struct loop *lp;
static struct cluster cl;

static int
wait_for(int *flag)
{
	uint64_t t0 = loop_now_ms();
	while (!*flag && loop_now_ms() - t0 < 60000)
		loop_run_once(lp, 50);
	return *flag;
}

static void
on_discovered(struct discovery *d, const struct kd_err *err, void *arg)
{
	(void)d;
	(void)err;
	*(int *)arg = 1;
}

struct run {
	int done;
	struct kd_err err;
	int failed;
};

static void
on_done(struct helmop *op, const struct kd_err *err, void *arg)
{
	struct run *r = arg;
	(void)op;
	r->failed = err != NULL;
	if (err != NULL)
		r->err = *err;
	r->done = 1;
}

static void
print_plan(const struct helmop *op)
{
	char *q = helmop_question(op);
	printf("PLAN %s\n", q);
	free(q);
	for (size_t i = 0; i < helmop_count(op); i++) {
		const struct helmop_row *r = helmop_row(op, i);
		printf("ROW %s %s %s +%zu -%zu%s%s\n", helmplan_word(r->action), r->kind, r->name, r->added,
		    r->removed, r->why ? " " : "", r->why ? r->why : "");
	}
	for (size_t i = 0; i < helmop_count(op); i++) {
		const struct helmop_row *r = helmop_row(op, i);
		if (r->diff == NULL)
			continue;
		printf("DIFF %s/%s\n", r->kind, r->name);
		for (const char *p = r->diff; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			printf("| %.*s\n", (int)n, p);
			p += n + (nl != NULL);
		}
	}
}

static int
run(const char *cmd)
{
	char verb[32] = "", name[128] = "";
	long rev = 0;
	if (sscanf(cmd, "%31s %127s %ld", verb, name, &rev) < 2) {
		printf("ERROR bad KDECK_HELM_CMD: %s\n", cmd);
		return 1;
	}
	struct run pr = { 0 };
	const char *ns = getenv("KDECK_HELM_NS");
	struct helmop *op = strcmp(verb, "rollback") == 0 ? helmop_rollback(&cl, ns, name, rev, on_done, &pr) :
	    helmop_uninstall(&cl, ns, name, on_done, &pr);
	if (!wait_for(&pr.done)) {
		printf("ERROR the plan never came\n");
		return 1;
	}
	if (pr.failed) {
		printf("ERROR %s\n", pr.err.msg);
		helmop_free(&op);
		return 0;
	}
	helmop_set_keep_history(op, strcmp(verb, "uninstall-keep") == 0);
	print_plan(op);
	char why[512];
	int ok;
	uint64_t t0 = loop_now_ms();
	while ((ok = helmop_check(op, why, sizeof why)) == -1 && loop_now_ms() - t0 < 30000)
		loop_run_once(lp, 50);
	if (ok != 1) {
		printf("REFUSED %s\n", why);
		helmop_free(&op);
		return 0;
	}
	struct run ar = { 0 };
	helmop_apply(op, on_done, &ar);
	if (!wait_for(&ar.done)) {
		printf("ERROR the apply never ended\n");
		return 1;
	}
	if (ar.failed)
		printf("ERROR %s\n", ar.err.msg);
	else
		printf("DONE %s\n", helmop_outcome(op));
	for (size_t i = 0; i < helmop_count(op); i++) {
		const struct helmop_row *r = helmop_row(op, i);
		printf("OUTCOME %s %s %s %d%s%s\n", helmplan_word(r->action), r->kind, r->name, r->outcome,
		    r->why ? " " : "", r->why ? r->why : "");
	}
	const struct lastchange *lc = lastchange_get("test");
	if (lc != NULL)
		printf("LASTCHANGE %s | %s\n", lc->what ? lc->what : "", lc->why_not ? lc->why_not : "");
	helmop_free(&op);
	return 0;
}

int
main(void)
{
	const char *kc = getenv("KDECK_HELM_KUBECONFIG"), *cmd = getenv("KDECK_HELM_CMD");
	if (kc == NULL || cmd == NULL || getenv("KDECK_HELM_NS") == NULL) {
		printf("SKIP helm_cluster: KDECK_HELM_KUBECONFIG is not set (tests/integration/test_helm_ops)\n");
		return 0;
	}
	char state[600];
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	setenv("XDG_STATE_HOME", state, 1);
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(kc, &err);
	struct kconn *conn = cfg ? kcfg_resolve(cfg, getenv("KDECK_HELM_CONTEXT"), &err) : NULL;
	if (conn == NULL) {
		printf("ERROR %s\n", err.msg);
		return 1;
	}
	lp = loop_new();
	cl.context = "test";
	cl.state = CLUSTER_READY;
	cl.readonly = getenv("KDECK_HELM_READONLY") != NULL;
	cl.http = http_new(lp, conn, &err);
	cl.api = api_new(cl.http, "test", conn);
	cl.access = access_new(cl.api);
	char cache[600];
	snprintf(cache, sizeof cache, "%s/cache", t_tmpdir());
	cl.disc = discovery_new(cl.http, cache, 0);
	int discovered = 0;
	discovery_load(cl.disc, 1, on_discovered, &discovered);
	wait_for(&discovered);
	int rc = run(cmd);
	lastchange_clear();
	access_free(&cl.access);
	discovery_free(&cl.disc);
	api_free(&cl.api);
	http_free(&cl.http);
	loop_free(&lp);
	kconn_free(&conn);
	kcfg_free(&cfg);
	t_done();
	return rc;
}
