/* Exec credential plugins: small shell scripts in a scratch folder stand in for
 * kubelogin and friends. Success, failure with its message, expiry and re-runs, 401
 * invalidation, the install hint, interactiveMode, KUBERNETES_EXEC_INFO, timeouts. */
#include "t.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "kube/kauth.h"
#include "kube/kubeconfig.h"
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
	return t_done();
}
