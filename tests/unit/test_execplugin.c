/* Exec credential plugins: small shell scripts in a scratch folder stand in for
 * kubelogin and friends. Success, failure with its message, expiry and re-runs, 401
 * invalidation, the install hint, interactiveMode, KUBERNETES_EXEC_INFO, timeouts. */
#include "t.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "util/file.h"
#include "util/time.h"

static struct kd_err err;

/* A kubeconfig whose user runs plugin (a path relative to the kubeconfig) with extra
 * lines under exec:. */
static struct kconn *
plugin_conn(const char *name, const char *script, const char *exec_extra)
{
	char path[300], body[4096];
	snprintf(path, sizeof path, "%s/plugin.sh", name);
	t_write(path, script, 1);
	snprintf(body, sizeof body, "current-context: c\n"
	    "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:1\n    tls-server-name: api.test\n"
	    "    extensions:\n    - name: client.authentication.k8s.io/exec\n      extension: {audience: kdeck}\n"
	    "contexts:\n- name: c\n  context: {cluster: k, user: u}\n"
	    "users:\n- name: u\n  user:\n    exec:\n      command: ./plugin.sh\n%s", exec_extra);
	snprintf(path, sizeof path, "%s/config", name);
	struct kcfg *cfg = kcfg_load(t_write(path, body, 0), &err);
	if (cfg == NULL)
		return NULL;
	struct kconn *c = kcfg_resolve(cfg, NULL, &err);
	kcfg_free(&cfg);
	return c;
}

#define V1 "      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never\n"

/* A plugin that counts its runs in a file beside it and answers token-N. */
#define COUNTING(expiry) "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nn=$(cat runs 2>/dev/null || echo 0); n=$((n+1)); echo $n > runs\n" \
	"printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"token-%s\"" expiry "}}' $n\n"

T_CASE(exec_success_and_cache)
{
	struct kconn *c = plugin_conn("ok", COUNTING(""), V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "exec");
	T_EQ_INT(kauth_runs(c->auth), 0);   /* nothing runs before a request needs it */
	const char *tok;
	T_ASSERT_MSG(kauth_token(c->auth, c, time(NULL), &tok, &err) == 0, "%s", err.msg);
	T_EQ_STR(tok, "token-1");
	T_ASSERT(kauth_token(c->auth, c, time(NULL) + 86400, &tok, &err) == 0);
	T_EQ_STR(tok, "token-1");          /* no expirationTimestamp: cached until a 401 */
	T_EQ_INT(kauth_runs(c->auth), 1);
	kauth_invalidate(c->auth);         /* what the HTTP client does on 401 */
	T_ASSERT(kauth_token(c->auth, c, time(NULL), &tok, &err) == 0);
	T_EQ_STR(tok, "token-2");
	T_EQ_INT(kauth_runs(c->auth), 2);
	kconn_free(&c);
}

T_CASE(exec_expiry_reruns)
{
	struct kconn *c = plugin_conn("exp", COUNTING(",\"expirationTimestamp\":\"2030-01-01T00:00:00Z\""), V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	time_t exp;
	T_EQ_INT(time_parse_rfc3339("2030-01-01T00:00:00Z", &exp), 0);
	const char *tok;
	T_ASSERT(kauth_token(c->auth, c, exp - 10, &tok, &err) == 0);
	T_EQ_STR(tok, "token-1");
	T_ASSERT(kauth_token(c->auth, c, exp - 1, &tok, &err) == 0);
	T_EQ_STR(tok, "token-1");
	T_ASSERT(kauth_token(c->auth, c, exp, &tok, &err) == 0);
	T_EQ_STR(tok, "token-2");
	T_EQ_INT(kauth_runs(c->auth), 2);
	kconn_free(&c);
}

T_CASE(exec_failure_message)
{
	struct kconn *c = plugin_conn("fail", "#!/bin/sh\necho 'error: refresh token expired, run az login' >&2\necho second line >&2\nexit 3\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "fail/config: user \"u\": the exec plugin ");
	T_CONTAINS(err.msg, "failed with exit code 3: error: refresh token expired, run az login");
	T_LACKS(err.msg, "second line");
	T_EQ_INT(err.code, KD_ERR_AUTH);
	kconn_free(&c);
}

T_CASE(exec_missing_install_hint)
{
	char body[2000];
	snprintf(body, sizeof body, "current-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://h'}\n"
	    "contexts:\n- name: c\n  context: {cluster: k, user: u}\nusers:\n- name: u\n  user:\n    exec:\n"
	    "      command: kdeck-no-such-plugin\n" V1 "      installHint: |\n        Install it with: apt-get install kdeck-no-such-plugin\n        More at https://example.invalid\n");
	struct kcfg *cfg = kcfg_load(t_write("missing/config", body, 0), &err);
	T_ASSERT_MSG(cfg != NULL, "%s", err.msg);
	struct kconn *c = kcfg_resolve(cfg, NULL, &err);
	kcfg_free(&cfg);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "the exec plugin kdeck-no-such-plugin is not installed");
	T_CONTAINS(err.msg, "Install it with: apt-get install kdeck-no-such-plugin");
	T_LACKS(err.msg, "More at");
	kconn_free(&c);
}

T_CASE(exec_missing_without_hint)
{
	struct kconn *c = plugin_conn("nohint", "", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	/* replace the script with nothing executable */
	char p[600];
	snprintf(p, sizeof p, "%s/nohint/plugin.sh", t_tmpdir());
	remove(p);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "is not installed (No such file or directory); install it or fix exec.command");
	/* said once: later requests get the same sentence without running it again */
	struct kd_err again = { 0 };
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &again), -1);
	T_EQ_STR(again.msg, err.msg);
	T_EQ_INT(kauth_runs(c->auth), 1);
	/* a refresh tries again: installed meanwhile, it gives its token */
	t_write("nohint/plugin.sh", "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
	    "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"now-installed\"}}'\n", 1);
	kauth_invalidate(c->auth);
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "now-installed");
	T_EQ_INT(kauth_runs(c->auth), 2);
	kconn_free(&c);
}

T_CASE(exec_env_args_and_exec_info)
{
	const char *script = "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nprintf '%s\\n' \"$@\" > args\n"
	    "printf '%s' \"$KUBERNETES_EXEC_INFO\" > info\nprintf '%s' \"$MY_VAR\" > var\n"
	    "if [ -t 0 ]; then echo tty > stdin; else echo notty > stdin; fi\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"b\"}}'\n";
	struct kconn *c = plugin_conn("env", script, "      apiVersion: client.authentication.k8s.io/v1beta1\n"
	    "      args: [--user, 'two words']\n      env:\n      - {name: MY_VAR, value: hello}\n      provideClusterInfo: true\n");
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kauth_set_tty(c->auth, 0);
	const char *tok;
	T_ASSERT_MSG(kauth_token(c->auth, c, 0, &tok, &err) == 0, "%s", err.msg);
	T_EQ_STR(tok, "b");
	char p[600], buf[2048];
	FILE *f;
#define SLURP(name) do { snprintf(p, sizeof p, "%s/env/%s", t_tmpdir(), name); f = fopen(p, "r"); T_ASSERT(f != NULL); \
	size_t n_ = fread(buf, 1, sizeof buf - 1, f); buf[n_] = '\0'; fclose(f); } while (0)
	SLURP("args");
	T_EQ_STR(buf, "--user\ntwo words\n");
	SLURP("var");
	T_EQ_STR(buf, "hello");
	SLURP("stdin");
	T_EQ_STR(buf, "notty\n");
	SLURP("info");
	T_CONTAINS(buf, "\"kind\":\"ExecCredential\"");
	T_CONTAINS(buf, "\"apiVersion\":\"client.authentication.k8s.io/v1beta1\"");
	T_CONTAINS(buf, "\"interactive\":false");
	T_CONTAINS(buf, "\"server\":\"https://127.0.0.1:1\"");
	T_CONTAINS(buf, "\"tls-server-name\":\"api.test\"");
	T_CONTAINS(buf, "\"config\":{\"audience\":\"kdeck\"}");
	kconn_free(&c);
}

T_CASE(exec_no_cluster_info_unless_asked)
{
	const char *script = "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > info\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"b\"}}'\n";
	struct kconn *c = plugin_conn("noinfo", script, V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_ASSERT_MSG(kauth_token(c->auth, c, 0, &tok, &err) == 0, "%s", err.msg);
	char p[600], buf[2048];
	snprintf(p, sizeof p, "%s/noinfo/info", t_tmpdir());
	FILE *f = fopen(p, "r");
	T_ASSERT(f != NULL);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	T_EQ_STR(buf, "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"spec\":{\"interactive\":false}}");
	kconn_free(&c);
}

T_CASE(exec_always_without_tty)
{
	struct kconn *c = plugin_conn("always", COUNTING(""), "      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Always\n");
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kauth_set_tty(c->auth, 0);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "wants a terminal (interactiveMode: Always) but standard input is not one");
	T_EQ_INT(kauth_runs(c->auth), 0);
	kconn_free(&c);
}

T_CASE(exec_wrong_api_version)
{
	struct kconn *c = plugin_conn("wrongapi", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"x\"}}'\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "answered with apiVersion client.authentication.k8s.io/v1beta1 but the kubeconfig asks for client.authentication.k8s.io/v1");
	kconn_free(&c);
}

T_CASE(exec_garbage_output)
{
	struct kconn *c = plugin_conn("garbage", "#!/bin/sh\necho 'not json'\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "did not print an ExecCredential as JSON");
	kconn_free(&c);
}

T_CASE(exec_no_credential)
{
	struct kconn *c = plugin_conn("empty", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{}}'\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "returned neither a token nor a certificate and key");
	kconn_free(&c);
}

T_CASE(exec_bad_expiry)
{
	struct kconn *c = plugin_conn("badexp", COUNTING(",\"expirationTimestamp\":\"tomorrow\""), V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_CONTAINS(err.msg, "expirationTimestamp \"tomorrow\", which is not an RFC 3339 time");
	kconn_free(&c);
}

T_CASE(exec_client_certificate)
{
	struct kconn *c = plugin_conn("cert", "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
	    "\"status\":{\"clientCertificateData\":\"PEMCERT\",\"clientKeyData\":\"PEMKEY\"}}'\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok = "unset";
	T_ASSERT_MSG(kauth_token(c->auth, c, 0, &tok, &err) == 0, "%s", err.msg);
	T_ASSERT(tok == NULL);
	T_EQ_STR(c->client_cert_pem, "PEMCERT");
	T_EQ_STR(c->client_key_pem, "PEMKEY");
	kconn_free(&c);
}

T_CASE(exec_timeout)
{
	struct kconn *c = plugin_conn("slow", "#!/bin/sh\nexec sleep 30\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kauth_set_timeout(c->auth, 300);
	const char *tok;
	time_t start = time(NULL);
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_ASSERT(time(NULL) - start < 5);
	T_CONTAINS(err.msg, "gave no credential within 1 s and was stopped");
	kconn_free(&c);
}

T_CASE(exec_child_gets_only_0_to_2)
{
	/* kdeck's own descriptors, one of them opened without close-on-exec as a library
	 * might: the plugin must see none of them */
	int leak = open("/dev/null", O_RDONLY);
	T_ASSERT(leak > 2);
	int pipes[2];
	T_ASSERT(pipe(pipes) == 0);
	const char *script = "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nls /proc/self/fd > fds\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n";
	struct kconn *c = plugin_conn("fds", script, V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	const char *tok;
	T_ASSERT_MSG(kauth_token(c->auth, c, 0, &tok, &err) == 0, "%s", err.msg);
	char path[300];
	snprintf(path, sizeof path, "%s/fds/fds", t_tmpdir());
	size_t len = 0;
	char *fds = file_read(path, 4096, &len);
	T_ASSERT(fds != NULL);
	/* 0-2, and 3: the folder ls itself opens to list */
	T_EQ_STR(fds, "0\n1\n2\n3\n");
	free(fds);
	close(leak);
	close(pipes[0]);
	close(pipes[1]);
	kconn_free(&c);
}

T_CASE(exec_other_credentials_win)
{
	/* as in client-go: with a token configured the plugin never runs */
	struct kconn *c = plugin_conn("tokwins", COUNTING(""), V1 "    token: static\n");
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "token");
	const char *tok;
	T_ASSERT(kauth_token(c->auth, c, 0, &tok, &err) == 0);
	T_EQ_STR(tok, "static");
	kconn_free(&c);
}

/* ---- on the loop ---- */

struct waited {
	int calls;
	struct kd_err err;
};

static void
on_ready(const struct kd_err *e, void *arg)
{
	struct waited *w = arg;
	w->calls++;
	w->err = *e;
}

static void
loop_until(struct loop *l, const int *calls, int want)
{
	for (int i = 0; i < 600 && *calls < want; i++)
		loop_run_once(l, 50);
}

static int ticks;

static void
on_go(void *arg)
{
	(void)arg;
	ticks++;
	t_write("loopgo/go", "", 0);
}

/* The plugin can only end after the loop ran a timer while it ran: it waits for the file
 * the timer writes. Two requests share the one run. */
T_CASE(exec_on_loop_while_it_runs)
{
	const char *script = "#!/bin/sh\ncd \"$(dirname \"$0\")\"\nwhile [ ! -f go ]; do sleep 0.02; done\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"looped\"}}'\n";
	struct kconn *c = plugin_conn("loopgo", script, V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	struct loop *l = loop_new();
	T_EQ_INT(kauth_needs_run(c->auth, time(NULL)), 1);
	struct waited a = { 0 }, b = { 0 };
	struct kauth_waiter *wa = kauth_wait(c->auth, c, l, on_ready, &a);
	struct kauth_waiter *wb = kauth_wait(c->auth, c, l, on_ready, &b);
	T_ASSERT(wa != NULL && wb != NULL);
	T_EQ_INT(a.calls, 0);              /* never from inside kauth_wait */
	T_EQ_INT(kauth_running(c->auth), 1);
	loop_timer_add(l, 100, on_go, NULL);
	loop_until(l, &b.calls, 1);
	T_EQ_INT(ticks, 1);
	T_EQ_INT(a.calls, 1);
	T_EQ_INT(b.calls, 1);
	T_EQ_INT(a.err.code, KD_OK);
	T_EQ_INT(kauth_running(c->auth), 0);
	T_EQ_INT(kauth_runs(c->auth), 1);
	T_EQ_INT(kauth_needs_run(c->auth, time(NULL)), 0);
	const char *tok;
	T_ASSERT(kauth_token(c->auth, c, time(NULL), &tok, &err) == 0);
	T_EQ_STR(tok, "looped");
	T_EQ_INT(kauth_runs(c->auth), 1);
	kconn_free(&c);
	loop_free(&l);
}

T_CASE(exec_on_loop_failure_and_timeout)
{
	struct kconn *c = plugin_conn("loopfail", "#!/bin/sh\necho 'error: login expired' >&2\nexit 4\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	struct loop *l = loop_new();
	struct waited a = { 0 };
	kauth_wait(c->auth, c, l, on_ready, &a);
	loop_until(l, &a.calls, 1);
	T_EQ_INT(a.calls, 1);
	T_EQ_INT(a.err.code, KD_ERR_AUTH);
	T_CONTAINS(a.err.msg, "failed with exit code 4: error: login expired");
	T_EQ_INT(kauth_needs_run(c->auth, time(NULL)), 1);   /* a failure is tried again */
	kconn_free(&c);

	c = plugin_conn("loopslow", "#!/bin/sh\nexec sleep 30\n", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kauth_set_timeout(c->auth, 300);
	memset(&a, 0, sizeof a);
	kauth_wait(c->auth, c, l, on_ready, &a);
	loop_until(l, &a.calls, 1);
	T_EQ_INT(a.calls, 1);
	T_CONTAINS(a.err.msg, "gave no credential within 1 s and was stopped");
	kconn_free(&c);
	loop_free(&l);
}

T_CASE(exec_on_loop_missing_once)
{
	struct kconn *c = plugin_conn("loopmiss", "", V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	char p[600];
	snprintf(p, sizeof p, "%s/loopmiss/plugin.sh", t_tmpdir());
	remove(p);
	struct loop *l = loop_new();
	struct waited a = { 0 };
	kauth_wait(c->auth, c, l, on_ready, &a);
	loop_until(l, &a.calls, 1);
	T_CONTAINS(a.err.msg, "is not installed");
	/* said once: no run is needed to say it again */
	T_EQ_INT(kauth_needs_run(c->auth, time(NULL)), 0);
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), -1);
	T_EQ_STR(err.msg, a.err.msg);
	T_EQ_INT(kauth_runs(c->auth), 1);
	kconn_free(&c);
	loop_free(&l);
}

/* A plugin that closes its output before it exits (python at exit) is reaped when it
 * exits, not at its time limit (60 s, past loop_until's 30). */
T_CASE(exec_on_loop_closes_before_exit)
{
	const char *script = "#!/bin/sh\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"late\"}}'\n"
	    "exec >&- 2>&-\nsleep 0.3\n";
	struct kconn *c = plugin_conn("loopclose", script, V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kauth_set_timeout(c->auth, 60000);
	struct loop *l = loop_new();
	struct waited a = { 0 };
	kauth_wait(c->auth, c, l, on_ready, &a);
	loop_until(l, &a.calls, 1);
	T_EQ_INT(a.calls, 1);
	T_EQ_INT(a.err.code, KD_OK);
	kconn_free(&c);
	loop_free(&l);
}

/* A waiter that goes (a closed view) is not called; the others are; a plugin still
 * running when its connection goes is killed, and nobody is called. */
T_CASE(exec_on_loop_cancel)
{
	const char *script = "#!/bin/sh\nsleep 0.2\n"
	    "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"c\"}}'\n";
	struct kconn *c = plugin_conn("loopcancel", script, V1);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	struct loop *l = loop_new();
	struct waited a = { 0 }, b = { 0 };
	struct kauth_waiter *wa = kauth_wait(c->auth, c, l, on_ready, &a);
	kauth_wait(c->auth, c, l, on_ready, &b);
	kauth_wait_cancel(c->auth, &wa);
	T_ASSERT(wa == NULL);
	loop_until(l, &b.calls, 1);
	T_EQ_INT(a.calls, 0);
	T_EQ_INT(b.calls, 1);
	kauth_invalidate(c->auth);
	memset(&b, 0, sizeof b);
	kauth_wait(c->auth, c, l, on_ready, &b);
	T_EQ_INT(kauth_running(c->auth), 1);
	kconn_free(&c);                    /* kills the plugin */
	for (int i = 0; i < 10; i++)
		loop_run_once(l, 30);
	T_EQ_INT(b.calls, 0);
	loop_free(&l);
}

int
main(void)
{
	unsetenv("KDECK_EXEC_TIMEOUT_MS");
	T_RUN(exec_success_and_cache);
	T_RUN(exec_expiry_reruns);
	T_RUN(exec_failure_message);
	T_RUN(exec_missing_install_hint);
	T_RUN(exec_missing_without_hint);
	T_RUN(exec_env_args_and_exec_info);
	T_RUN(exec_no_cluster_info_unless_asked);
	T_RUN(exec_always_without_tty);
	T_RUN(exec_wrong_api_version);
	T_RUN(exec_garbage_output);
	T_RUN(exec_no_credential);
	T_RUN(exec_bad_expiry);
	T_RUN(exec_client_certificate);
	T_RUN(exec_timeout);
	T_RUN(exec_other_credentials_win);
	T_RUN(exec_child_gets_only_0_to_2);
	T_RUN(exec_on_loop_while_it_runs);
	T_RUN(exec_on_loop_failure_and_timeout);
	T_RUN(exec_on_loop_missing_once);
	T_RUN(exec_on_loop_closes_before_exit);
	T_RUN(exec_on_loop_cancel);
	return t_done();
}
