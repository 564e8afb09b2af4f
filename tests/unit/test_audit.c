/* The audit journal: one line per change with its outcome, file 0600 in folders 0700,
 * whole lines from concurrent writers, Secret bodies hashed, never a token or a Secret
 * value, a journal that cannot be written stops the change before it is sent, and
 * auditRequired: false lets it go. */
#define _GNU_SOURCE
#include "t.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "kube/api.h"
#include "kube/audit.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "kube/webhook.h"
#include "loop.h"
#include "util/sha256.h"
#include "fakeapi.h"

static struct loop *lp;
static struct api *ap;
static int done_calls;
static struct api_result last;
static char state[600], journal[700];
static const char *fake_url;

static void
on_done(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	(void)arg;
	last = *res;
	last.body = NULL;
	done_calls++;
}

static void
wait_calls(int want)
{
	for (int i = 0; i < 200 && done_calls < want; i++)
		loop_run_once(lp, 50);
}

/* The journal's text (a static buffer) and its number of lines. */
static const char *
journal_text(int *lines)
{
	static char buf[1 << 22];
	FILE *f = fopen(journal, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	*lines = 0;
	for (size_t i = 0; i < n; i++)
		*lines += buf[i] == '\n';
	return buf;
}

/* The last line of the journal, parsed. */
static cJSON *
journal_last(void)
{
	int n;
	const char *t = journal_text(&n);
	size_t len = strlen(t);
	if (len < 2)
		return NULL;
	const char *p = t + len - 1;
	while (p > t && p[-1] != '\n')
		p--;
	return cJSON_ParseWithLength(p, (size_t)(t + len - p));
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
	return s ? s : "(none)";
}

T_CASE(audit_one_line_per_change)
{
	int n = done_calls, before;
	journal_text(&before);
	fake_answer("201 Created", "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"}}");
	struct api_ref r = { "", "v1", "configmaps", "shop", NULL, NULL };
	api_create(ap, &r, "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},\"data\":{\"k\":\"v\"}}",
	    NULL, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.status, 201);
	int lines;
	journal_text(&lines);
	T_EQ_INT(lines, before + 1);
	cJSON *j = journal_last();
	T_ASSERT(j != NULL);
	T_EQ_STR(jstr(j, "verb"), "create");
	T_EQ_STR(jstr(j, "context"), "kind-audit");
	T_EQ_STR(jstr(j, "user"), "alice@example.com");
	T_EQ_STR(jstr(j, "resource"), "configmaps");
	T_EQ_STR(jstr(j, "namespace"), "shop");
	T_EQ_STR(jstr(j, "name"), "cfg");
	T_ASSERT(strncmp(jstr(j, "server"), "http://127.0.0.1:", 17) == 0);
	T_ASSERT(strlen(jstr(j, "time")) == 20 && jstr(j, "time")[19] == 'Z');
	T_ASSERT(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "dryRun")));
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(j, "code")->valueint, 201);
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(j, "body");
	T_EQ_STR(jstr(cJSON_GetObjectItemCaseSensitive(body, "data"), "k"), "v");
	cJSON_Delete(j);

	/* a refused patch in dry run: its outcome and the patch type are on the line */
	fake_answer("403 Forbidden", "{\"kind\":\"Status\",\"message\":\"no you may not\",\"code\":403}");
	struct api_ref d = { "apps", "v1", "deployments", "shop", "web", "scale" };
	struct api_write_opts o = { .dry_run = 1, .grace_seconds = -1 };
	api_patch(ap, &d, API_PATCH_MERGE, "{\"spec\":{\"replicas\":3}}", &o, on_done, NULL);
	wait_calls(n + 2);
	journal_text(&lines);
	T_EQ_INT(lines, before + 2);
	j = journal_last();
	T_EQ_STR(jstr(j, "verb"), "patch");
	T_EQ_STR(jstr(j, "patch"), "merge");
	T_EQ_STR(jstr(j, "group"), "apps");
	T_EQ_STR(jstr(j, "subresource"), "scale");
	T_ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "dryRun")));
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(j, "code")->valueint, 403);
	T_CONTAINS(jstr(j, "message"), "no you may not");
	cJSON_Delete(j);

	/* a server-side apply: its dry run is a dry run, a take-over says force; neither
	 * without force says so */
	fake_answer("200 OK", "{\"kind\":\"Deployment\"}");
	fake_answer("200 OK", "{\"kind\":\"Deployment\"}");
	struct api_write_opts dry = { .dry_run = 1, .grace_seconds = -1 };
	struct api_write_opts force = { .force = 1, .grace_seconds = -1 };
	struct api_ref w = { "apps", "v1", "deployments", "shop", "web", NULL };
	api_patch(ap, &w, API_PATCH_APPLY, "{\"kind\":\"Deployment\"}", &dry, on_done, NULL);
	wait_calls(n + 3);
	j = journal_last();
	T_EQ_STR(jstr(j, "patch"), "apply");
	T_ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "dryRun")));
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(j, "force") == NULL);
	cJSON_Delete(j);
	api_patch(ap, &w, API_PATCH_APPLY, "{\"kind\":\"Deployment\"}", &force, on_done, NULL);
	wait_calls(n + 4);
	journal_text(&lines);
	T_EQ_INT(lines, before + 4);
	j = journal_last();
	T_EQ_STR(jstr(j, "patch"), "apply");
	T_ASSERT(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "dryRun")));
	T_ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "force")));
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(j, "code")->valueint, 200);
	cJSON_Delete(j);
	n += 2;

	/* reads and access reviews are not changes */
	fake_answer("200 OK", "{}");
	fake_answer("201 Created", "{\"status\":{\"allowed\":true}}");
	struct api_access q = { "delete", "", "pods", NULL, "shop", NULL };
	api_get(ap, &r, on_done, NULL);
	api_access_review(ap, &q, on_done, NULL);
	wait_calls(n + 4);
	journal_text(&lines);
	T_EQ_INT(lines, before + 4);
}

T_CASE(audit_cancelled_change_still_recorded)
{
	int before, lines;
	journal_text(&before);
	fake_answer("200 OK", "{}");
	struct api_ref r = { "", "v1", "pods", "shop", "web-9", NULL };
	struct api_call *c = api_delete(ap, &r, NULL, on_done, NULL);
	api_cancel(&c);
	journal_text(&lines);
	T_EQ_INT(lines, before + 1);
	cJSON *j = journal_last();
	T_EQ_STR(jstr(j, "name"), "web-9");
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(j, "code")->valueint, 0);
	T_CONTAINS(jstr(j, "message"), "it may have been applied");
	cJSON_Delete(j);
	/* the answer queued for it is nobody's: let the server use it up */
	for (int i = 0; i < 40 && fake_served < fake_nscript; i++)
		loop_run_once(lp, 20);
	fake_served = fake_nscript;
}

T_CASE(audit_modes)
{
	struct stat st;
	char dir[800];
	snprintf(dir, sizeof dir, "%s/kdeck", state);
	T_ASSERT(stat(journal, &st) == 0);
	T_EQ_INT(st.st_mode & 0777, 0600);
	T_ASSERT(stat(dir, &st) == 0);
	T_EQ_INT(st.st_mode & 0777, 0700);
}

T_CASE(audit_secret_hashed_no_token)
{
	static const char secret[] = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},"
	    "\"data\":{\"password\":\"c3VwZXJzZWNyZXQtdmFsdWU=\"},\"stringData\":{\"plain\":\"hunter2-plain\"}}";
	int n = done_calls;
	fake_answer("201 Created", "{\"kind\":\"Secret\"}");
	struct api_ref r = { "", "v1", "secrets", "shop", NULL, NULL };
	api_create(ap, &r, secret, NULL, on_done, NULL);
	/* a Secret sent to another resource's path (a List, an apply) is hashed all the same */
	fake_answer("201 Created", "{}");
	struct api_ref l = { "", "v1", "configmaps", "shop", NULL, NULL };
	api_create(ap, &l, "{\"kind\":\"List\",\"items\":[{\"kind\":\"Secret\",\"stringData\":"
	    "{\"k\":\"hunter2-in-list\"}}]}", NULL, on_done, NULL);
	wait_calls(n + 2);
	int lines;
	const char *t = journal_text(&lines);
	T_LACKS(t, "c3VwZXJzZWNyZXQtdmFsdWU");
	T_LACKS(t, "hunter2");
	T_LACKS(t, "tok-very-secret-123");
	T_LACKS(t, "Bearer");
	char hex[65];
	sha256_hex(secret, strlen(secret), hex);
	T_CONTAINS(t, hex);
	/* the token did go to the server: the test would pass without it otherwise */
	T_CONTAINS(fake_requests[fake_served - 1], "Bearer tok-very-secret-123");
	T_ASSERT(audit_is_secret(&l, "kind: Secret\nstringData: {a: b}\n", 32));
	T_ASSERT(!audit_is_secret(&l, "{\"kind\":\"ConfigMap\"}", 20));
	/* a merge patch carrying a Secret's last-applied annotation carries its values */
	static const char patch[] = "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-"
	    "configuration\":\"{\\\"kind\\\":\\\"Secret\\\",\\\"stringData\\\":{\\\"a\\\":\\\"hunter2\\\"}}\"}}}";
	T_ASSERT(audit_is_secret(&l, patch, strlen(patch)));
	static const char cm_patch[] = "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-"
	    "configuration\":\"{\\\"kind\\\":\\\"ConfigMap\\\"}\"}}}";
	T_ASSERT(!audit_is_secret(&l, cm_patch, strlen(cm_patch)));
}

/* A Secret's patch is journalled as its hash, and the line, with its own id, goes on to
 * the webhook as it is: the value never reaches the receiver either. */
T_CASE(audit_secret_patch_hashed_and_posted)
{
	static const char patch[] = "{\"data\":{\"password\":\"aHVudGVyMi1wYXRjaGVk\"}}";
	char url[300];
	struct kd_err err;
	snprintf(url, sizeof url, "%s/hook", fake_url);
	T_ASSERT_MSG(webhook_start(lp, url, 0, NULL, NULL, &err) == 0, "%s", err.msg);
	int served = fake_served;
	fake_answer("200 OK", "{\"kind\":\"Secret\"}");
	fake_answer("200 OK", "{}");   /* the receiver */
	struct api_ref r = { "", "v1", "secrets", "shop", "db", NULL };
	api_patch(ap, &r, API_PATCH_STRATEGIC, patch, NULL, on_done, NULL);
	for (int i = 0; i < 200 && __atomic_load_n(&fake_served, __ATOMIC_SEQ_CST) < served + 2; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, served + 2);
	cJSON *j = journal_last();
	T_ASSERT(j != NULL);
	T_EQ_STR(jstr(j, "resource"), "secrets");
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(j, "body") == NULL);
	char hex[65];
	sha256_hex(patch, strlen(patch), hex);
	T_EQ_STR(jstr(j, "bodySHA256"), hex);
	const char *id = jstr(j, "id");
	T_EQ_INT(strlen(id), 32);
	T_EQ_INT(strspn(id, "0123456789abcdef"), 32);
	int lines;
	T_LACKS(journal_text(&lines), "aHVudGVyMi1wYXRjaGVk");
	const char *post = fake_requests[served + 1 < FAKE_MAX ? served + 1 : FAKE_MAX - 1];
	T_ASSERT(strncmp(post, "POST /hook ", 11) == 0);
	T_CONTAINS(post, "application/json");
	T_CONTAINS(post, id);
	T_CONTAINS(post, hex);
	T_LACKS(post, "aHVudGVyMi1wYXRjaGVk");
	T_LACKS(post, "Bearer");   /* the cluster's token is the cluster's */
	cJSON_Delete(j);
	/* taken: the spool empties */
	char sp[700];
	snprintf(sp, sizeof sp, "%s/kdeck/webhook-spool.jsonl", state);
	struct stat st = { .st_size = 1 };
	for (int i = 0; i < 200 && stat(sp, &st) == 0 && st.st_size > 0; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(st.st_size, 0);
	webhook_stop();
}

/* A receiver that fails gets the same line again (after 1 s), then the next, in order. */
T_CASE(audit_webhook_retries_in_order)
{
	char url[300];
	struct kd_err err;
	if (fake_served + 3 > 31)
		T_SKIP("the fake server keeps 32 requests");
	snprintf(url, sizeof url, "%s/in", fake_url);
	T_ASSERT_MSG(webhook_start(lp, url, 0, NULL, NULL, &err) == 0, "%s", err.msg);
	int served = fake_served;
	fake_answer("503 Service Unavailable", "{}");
	fake_answer("200 OK", "{}");
	fake_answer("200 OK", "{}");
	struct api_ref r = { "", "v1", "pods", "shop", "web-1", NULL };
	audit_session("kind-audit", NULL, "exec", &r, "first-line");
	audit_session("kind-audit", NULL, "exec", &r, "second-line");
	char sp[700];
	snprintf(sp, sizeof sp, "%s/kdeck/webhook-spool.jsonl", state);
	struct stat st = { .st_size = 1 };
	for (int i = 0; i < 300 && (fake_served < served + 3 || (stat(sp, &st) == 0 && st.st_size > 0)); i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, served + 3);
	T_EQ_INT(st.st_size, 0);
	T_CONTAINS(fake_requests[served], "first-line");
	T_CONTAINS(fake_requests[served + 1], "first-line");   /* again after the 503 */
	T_CONTAINS(fake_requests[served + 2], "second-line");
	webhook_stop();
}

/* kdeck --exec has no loop to send from: its session's line waits in the spool. */
T_CASE(audit_spool_only_keeps_the_line)
{
	struct kd_err err;
	T_ASSERT_MSG(webhook_spool_only(0, &err) == 0, "%s", err.msg);
	int served = fake_served;
	struct api_ref r = { "", "v1", "pods", "shop", "web-1", NULL };
	audit_session("kind-audit", NULL, "exec", &r, "sh -c true");
	webhook_stop();
	for (int i = 0; i < 5; i++)
		loop_run_once(lp, 10);
	T_EQ_INT(fake_served, served);   /* nothing sent */
	char path[700];
	snprintf(path, sizeof path, "%s/kdeck/webhook-spool.jsonl", state);
	FILE *f = fopen(path, "r");
	char line[4096] = "";
	T_ASSERT(f != NULL && fgets(line, sizeof line, f) != NULL);
	T_ASSERT(f != NULL && fgetc(f) == EOF);   /* that line alone */
	if (f != NULL)
		fclose(f);
	T_CONTAINS(line, "\"verb\":\"exec\"");
	T_CONTAINS(line, "sh -c true");
	remove(path);
}

T_CASE(audit_session_line)
{
	int before, lines;
	journal_text(&before);
	struct api_ref r = { .resource = "pods", .ns = "shop", .name = "web-1", .subresource = "exec" };
	struct kconn conn = { .server = "https://k:6443", .user = "kube-user", .context = "kind-audit" };
	audit_session("kind-audit", &conn, "exec", &r, "app: sh");
	journal_text(&lines);
	T_EQ_INT(lines, before + 1);
	cJSON *j = journal_last();
	T_EQ_STR(jstr(j, "verb"), "exec");
	T_EQ_STR(jstr(j, "name"), "web-1");
	T_EQ_STR(jstr(j, "detail"), "app: sh");
	/* the user the server named for this context, not the kubeconfig entry */
	T_EQ_STR(jstr(j, "user"), "alice@example.com");
	cJSON_Delete(j);
}

T_CASE(audit_concurrent_lines_whole)
{
	int before, lines;
	journal_text(&before);
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	pid_t kids[4];
	for (int k = 0; k < 4; k++) {
		if ((kids[k] = fork()) == 0) {
			struct api_ref r = { .resource = "pods", .ns = "shop", .name = big };
			for (int i = 0; i < 100; i++)
				audit_session("kind-audit", NULL, "port-forward", &r, "127.0.0.1:1 -> 2");
			_exit(0);
		}
	}
	for (int k = 0; k < 4; k++)
		waitpid(kids[k], NULL, 0);
	const char *t = journal_text(&lines);
	T_EQ_INT(lines, before + 400);
	/* every line is one whole JSON object */
	for (const char *p = t; *p;) {
		const char *nl = strchr(p, '\n');
		T_ASSERT(nl != NULL);
		cJSON *j = cJSON_ParseWithLength(p, (size_t)(nl - p));
		T_ASSERT_MSG(j != NULL, "a broken line at offset %zu", (size_t)(p - t));
		cJSON_Delete(j);
		p = nl + 1;
	}
}

/* a journal that is a link someone planted is not written through */
T_CASE(audit_planted_link_refuses)
{
	char dir[800], link[900], target[900];
	snprintf(dir, sizeof dir, "%s/linked/kdeck", t_tmpdir());
	t_write("linked/kdeck/.keep", "", 0);
	snprintf(link, sizeof link, "%s/audit.jsonl", dir);
	snprintf(target, sizeof target, "%s/elsewhere", t_tmpdir());
	t_write("elsewhere", "", 0);
	T_ASSERT(symlink(target, link) == 0);
	char state_home[800];
	snprintf(state_home, sizeof state_home, "%s/linked", t_tmpdir());
	setenv("XDG_STATE_HOME", state_home, 1);
	int n = done_calls, served = fake_served;
	struct api_ref r = { "apps", "v1", "deployments", "shop", "web", NULL };
	api_patch(ap, &r, API_PATCH_STRATEGIC, "{}", NULL, on_done, NULL);
	wait_calls(n + 1);
	T_EQ_INT(last.err.code, KD_ERR_IO);
	T_CONTAINS(last.err.msg, "cannot be written");
	T_EQ_INT(fake_served, served);
	struct stat st;
	T_ASSERT(stat(target, &st) == 0);
	T_EQ_INT(st.st_size, 0);
	setenv("XDG_STATE_HOME", state, 1);
}

T_CASE(audit_unwritable_refuses)
{
	char bad[800];
	snprintf(bad, sizeof bad, "%s/not-a-folder", t_tmpdir());
	t_write("not-a-folder", "a file\n", 0);
	setenv("XDG_STATE_HOME", bad, 1);
	int n = done_calls, served = fake_served;
	struct api_ref r = { "apps", "v1", "deployments", "shop", "web", NULL };
	struct api_call *c = api_patch(ap, &r, API_PATCH_STRATEGIC, "{}", NULL, on_done, NULL);
	T_ASSERT(c != NULL);
	T_EQ_INT(done_calls, n);   /* asynchronous, as every answer */
	wait_calls(n + 1);
	T_EQ_INT(done_calls, n + 1);
	T_EQ_INT(last.status, 0);
	T_EQ_INT(last.err.code, KD_ERR_IO);
	T_CONTAINS(last.err.msg, "not sent: the audit journal ");
	T_CONTAINS(last.err.msg, "not-a-folder/kdeck/audit.jsonl cannot be written (Not a directory)");
	T_CONTAINS(last.err.msg, "set auditRequired: false in config.yaml");
	for (int i = 0; i < 5; i++)
		loop_run_once(lp, 20);
	T_EQ_INT(fake_served, served);
	/* reads still work */
	fake_answer("200 OK", "{}");
	api_get(ap, &r, on_done, NULL);
	wait_calls(n + 2);
	T_EQ_INT(last.status, 200);

	/* auditRequired: false lets the change go out */
	struct kd_err err;
	const char *cfg = t_write("config.yaml", "auditRequired: false\n", 0);
	T_EQ_INT(config_load(cfg, &err), 0);
	audit_set_required(config_audit_required());
	T_EQ_INT(audit_required(), 0);
	fake_answer("200 OK", "{}");
	served = fake_served;
	api_patch(ap, &r, API_PATCH_STRATEGIC, "{}", NULL, on_done, NULL);
	wait_calls(n + 3);
	T_EQ_INT(last.status, 200);
	T_EQ_INT(fake_served, served + 1);
	config_free();
	audit_set_required(1);
	setenv("XDG_STATE_HOME", state, 1);
}

int
main(void)
{
	snprintf(state, sizeof state, "%s/state", t_tmpdir());
	snprintf(journal, sizeof journal, "%s/kdeck/audit.jsonl", state);
	setenv("XDG_STATE_HOME", state, 1);
	const char *url = fake_url = fake_start();
	char kc[1024];
	snprintf(kc, sizeof kc, "apiVersion: v1\nkind: Config\ncurrent-context: kind-audit\n"
	    "contexts:\n- name: kind-audit\n  context: {cluster: k, user: kube-user}\n"
	    "clusters:\n- name: k\n  cluster: {server: \"%s\"}\n"
	    "users:\n- name: kube-user\n  user: {token: tok-very-secret-123}\n", url);
	struct kd_err err;
	struct kcfg *cfg = kcfg_load(t_write("kubeconfig", kc, 0), &err);
	struct kconn *conn = cfg ? kcfg_resolve(cfg, NULL, &err) : NULL;
	if (conn == NULL) {
		printf("FAIL audit_setup: %s\n", err.msg);
		return 1;
	}
	lp = loop_new();
	struct http *h = http_new(lp, conn, &err);
	ap = api_new(h, "kind-audit", conn);
	fake_answer("201 Created", "{\"kind\":\"SelfSubjectReview\",\"status\":{\"userInfo\":"
	    "{\"username\":\"alice@example.com\",\"groups\":[\"system:authenticated\"]}}}");
	api_whoami(ap);
	for (int i = 0; i < 100 && strcmp(api_user(ap), "alice@example.com") != 0; i++)
		loop_run_once(lp, 20);

	T_RUN(audit_one_line_per_change);
	T_RUN(audit_cancelled_change_still_recorded);
	T_RUN(audit_modes);
	T_RUN(audit_secret_hashed_no_token);
	T_RUN(audit_secret_patch_hashed_and_posted);
	T_RUN(audit_webhook_retries_in_order);
	T_RUN(audit_spool_only_keeps_the_line);
	T_RUN(audit_session_line);
	T_RUN(audit_concurrent_lines_whole);
	T_RUN(audit_planted_link_refuses);
	T_RUN(audit_unwritable_refuses);
	api_free(&ap);
	http_free(&h);
	kconn_free(&conn);
	kcfg_free(&cfg);
	loop_free(&lp);
	return t_done();
}
