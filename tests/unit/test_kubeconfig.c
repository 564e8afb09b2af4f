/* kubeconfig: merging by kubectl's rules, each kind of user, relative paths, and the
 * sentence each broken file gets. No network: only files in a scratch folder. */
#include "t.h"

#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "util/base64.h"

static struct kd_err err;

static struct kcfg *
load(const char *path)
{
	kd_err_clear(&err);
	return kcfg_load(path, &err);
}

/* Loads path and resolves ctx; NULL with err set when either fails. */
static struct kconn *
resolve(const char *path, const char *ctx)
{
	struct kcfg *cfg = load(path);
	if (cfg == NULL)
		return NULL;
	struct kconn *c = kcfg_resolve(cfg, ctx, &err);
	kcfg_free(&cfg);
	return c;
}

static const char *
cfg_with_user(const char *name, const char *user_yaml)
{
	static char buf[4096];
	snprintf(buf, sizeof buf,
	    "apiVersion: v1\nkind: Config\ncurrent-context: c\n"
	    "clusters:\n- name: k\n  cluster:\n    server: https://127.0.0.1:6443/\n"
	    "contexts:\n- name: c\n  context: {cluster: k, user: u, namespace: team-a}\n"
	    "users:\n- name: u\n  user:\n%s", user_yaml);
	return t_write(name, buf, 0);
}

T_CASE(kcfg_merge_first_file_wins)
{
	const char *a = t_write("merge/a", "current-context: a1\n"
	    "clusters:\n- name: shared\n  cluster: {server: https://a.example}\n"
	    "contexts:\n- name: a1\n  context: {cluster: shared}\n- name: both\n  context: {cluster: shared, namespace: from-a}\n", 0);
	const char *b = t_write("merge/b", "current-context: b1\n"
	    "clusters:\n- name: shared\n  cluster: {server: https://b.example}\n- name: bonly\n  cluster: {server: https://b2.example}\n"
	    "contexts:\n- name: b1\n  context: {cluster: bonly}\n- name: both\n  context: {cluster: bonly, namespace: from-b}\n", 0);
	char env[1200];
	snprintf(env, sizeof env, "%s:%s/merge/missing:%s", a, t_tmpdir(), b);
	setenv("KUBECONFIG", env, 1);
	struct kcfg *cfg = load(NULL);
	T_ASSERT_MSG(cfg != NULL, "%s", err.msg);
	T_EQ_INT(kcfg_context_count(cfg), 3);
	T_EQ_STR(kcfg_current_context(cfg), "a1");
	struct kconn *c = kcfg_resolve(cfg, "both", &err);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->namespace, "from-a");
	T_EQ_STR(c->server, "https://a.example");
	kconn_free(&c);
	c = kcfg_resolve(cfg, "b1", &err);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->server, "https://b2.example");
	T_EQ_STR(c->namespace, "default");
	kconn_free(&c);
	kcfg_free(&cfg);
	unsetenv("KUBECONFIG");
}

T_CASE(kcfg_current_context_from_first_file_that_sets_it)
{
	const char *a = t_write("cur/a", "clusters:\n- name: k\n  cluster: {server: https://x}\n", 0);
	const char *b = t_write("cur/b", "current-context: fromb\ncontexts:\n- name: fromb\n  context: {cluster: k}\n", 0);
	const char *c = t_write("cur/c", "current-context: fromc\n", 0);
	char env[1200];
	snprintf(env, sizeof env, "%s:%s:%s", a, b, c);
	setenv("KUBECONFIG", env, 1);
	struct kconn *conn = resolve(NULL, NULL);
	unsetenv("KUBECONFIG");
	T_ASSERT_MSG(conn != NULL, "%s", err.msg);
	T_EQ_STR(conn->context, "fromb");
	kconn_free(&conn);
}

T_CASE(kcfg_flag_wins_over_env)
{
	const char *a = t_write("flag/a", "current-context: x\ncontexts:\n- name: x\n  context: {cluster: k}\n"
	    "clusters:\n- name: k\n  cluster: {server: https://flag}\n", 0);
	setenv("KUBECONFIG", "/nonexistent/kubeconfig", 1);
	struct kconn *c = resolve(a, NULL);
	unsetenv("KUBECONFIG");
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->server, "https://flag");
	kconn_free(&c);
}

T_CASE(kcfg_default_home_kube_config)
{
	char home[600];
	snprintf(home, sizeof home, "%s/home", t_tmpdir());
	t_write("home/.kube/config", "current-context: h\ncontexts:\n- name: h\n  context: {cluster: k, user: u}\n"
	    "clusters:\n- name: k\n  cluster: {server: https://home}\nusers:\n- name: u\n  user: {token: abc}\n", 0);
	char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", home, 1);
	unsetenv("KUBECONFIG");
	struct kconn *c = resolve(NULL, NULL);
	if (old != NULL) {
		setenv("HOME", old, 1);
		free(old);
	}
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->server, "https://home");
	T_EQ_STR(c->auth_method, "token");
	kconn_free(&c);
}

T_CASE(kcfg_no_kubeconfig_at_all)
{
	char home[600];
	snprintf(home, sizeof home, "%s/emptyhome", t_tmpdir());
	char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	setenv("HOME", home, 1);
	unsetenv("KUBECONFIG");
	struct kcfg *cfg = load(NULL);
	if (old != NULL) {
		setenv("HOME", old, 1);
		free(old);
	}
	T_ASSERT(cfg != NULL);
	T_EQ_INT(kcfg_context_count(cfg), 0);
	struct kconn *c = kcfg_resolve(cfg, NULL, &err);
	kcfg_free(&cfg);
	T_ASSERT(c == NULL);
	T_CONTAINS(err.msg, "no kubeconfig found");
	T_CONTAINS(err.msg, "--kubeconfig");
}

T_CASE(kcfg_token_user)
{
	struct kconn *c = resolve(cfg_with_user("tok", "    token: s3cret\n"), NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "token");
	T_EQ_STR(c->server, "https://127.0.0.1:6443");
	T_EQ_STR(c->namespace, "team-a");
	T_EQ_STR(c->user, "u");
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "s3cret");
	kauth_invalidate(c->auth);
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "s3cret");
	kconn_free(&c);
}

T_CASE(kcfg_token_file_relative_and_reread)
{
	t_write("tf/token", "  first-token\n", 0);
	struct kconn *c = resolve(cfg_with_user("tf/config", "    tokenFile: token\n"), NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "token-file");
	const char *tok;
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "first-token");
	t_write("tf/token", "second-token", 0);
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "first-token");   /* cached until a 401 */
	kauth_invalidate(c->auth);
	T_EQ_INT(kauth_token(c->auth, c, 0, &tok, &err), 0);
	T_EQ_STR(tok, "second-token");
	kconn_free(&c);
}

T_CASE(kcfg_token_file_missing)
{
	struct kconn *c = resolve(cfg_with_user("tfm/config", "    tokenFile: nothere\n"), NULL);
	T_ASSERT(c == NULL);
	T_CONTAINS(err.msg, "tfm/config: user \"u\": tokenFile ");
	T_CONTAINS(err.msg, "tfm/nothere cannot be read (No such file or directory)");
}

T_CASE(kcfg_client_cert_files_relative)
{
	t_write("cc/pki/client.crt", "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n", 0);
	t_write("cc/pki/client.key", "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n", 0);
	t_write("cc/pki/ca.crt", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n", 0);
	const char *p = t_write("cc/config", "current-context: c\n"
	    "clusters:\n- name: k\n  cluster: {server: https://h, certificate-authority: pki/ca.crt, tls-server-name: api.internal, proxy-url: 'http://proxy:3128'}\n"
	    "contexts:\n- name: c\n  context: {cluster: k, user: u}\n"
	    "users:\n- name: u\n  user: {client-certificate: pki/client.crt, client-key: pki/client.key}\n", 0);
	struct kconn *c = resolve(p, NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "client-cert");
	T_CONTAINS(c->client_cert_pem, "CERT");
	T_CONTAINS(c->client_key_pem, "KEY");
	T_CONTAINS(c->ca_pem, "\nCA\n");
	T_EQ_STR(c->tls_server_name, "api.internal");
	T_EQ_STR(c->proxy_url, "http://proxy:3128");
	T_ASSERT(c->auth == NULL);
	kconn_free(&c);
}

T_CASE(kcfg_client_cert_data)
{
	char *cert = base64_encode("CERTDATA", 8), *key = base64_encode("KEYDATA", 7), *ca = base64_encode("CADATA", 6);
	char user[600], path[1200];
	snprintf(user, sizeof user, "    client-certificate-data: %s\n    client-key-data: %s\n", cert, key);
	snprintf(path, sizeof path, "%s", cfg_with_user("ccd", user));
	/* and a CA as data on the cluster */
	char body[2000];
	snprintf(body, sizeof body, "current-context: c\nclusters:\n- name: k\n  cluster:\n    server: https://h\n"
	    "    certificate-authority-data: %s\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
	    "users:\n- name: u\n  user:\n%s", ca, user);
	free(cert), free(key), free(ca);
	struct kconn *c = resolve(t_write("ccd2", body, 0), NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->client_cert_pem, "CERTDATA");
	T_EQ_STR(c->client_key_pem, "KEYDATA");
	T_EQ_STR(c->ca_pem, "CADATA");
	T_EQ_STR(c->auth_method, "client-cert");
	kconn_free(&c);
	c = resolve(path, NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	kconn_free(&c);
}

T_CASE(kcfg_basic_auth)
{
	struct kconn *c = resolve(cfg_with_user("basic", "    username: alice\n    password: 'pw: x'\n"), NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "basic");
	T_EQ_STR(c->username, "alice");
	T_EQ_STR(c->password, "pw: x");
	T_ASSERT(c->auth == NULL);
	kconn_free(&c);
}

T_CASE(kcfg_no_user_no_auth)
{
	const char *p = t_write("noauth", "current-context: c\nclusters:\n- name: k\n  cluster: {server: 'http://127.0.0.1:8080'}\n"
	    "contexts:\n- name: c\n  context: {cluster: k}\n", 0);
	struct kconn *c = resolve(p, NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->auth_method, "none");
	T_EQ_STR(c->server, "http://127.0.0.1:8080");
	kconn_free(&c);
}

T_CASE(kcfg_server_without_scheme_is_https)
{
	const char *p = t_write("noscheme", "current-context: c\nclusters:\n- name: k\n  cluster: {server: 'h.example:6443'}\n"
	    "contexts:\n- name: c\n  context: {cluster: k}\n", 0);
	struct kconn *c = resolve(p, NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_STR(c->server, "https://h.example:6443");
	kconn_free(&c);
}

T_CASE(kcfg_insecure)
{
	const char *p = t_write("insecure", "current-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://h', insecure-skip-tls-verify: true}\n"
	    "contexts:\n- name: c\n  context: {cluster: k}\n", 0);
	struct kconn *c = resolve(p, NULL);
	T_ASSERT_MSG(c != NULL, "%s", err.msg);
	T_EQ_INT(c->insecure, 1);
	T_ASSERT(c->ca_pem == NULL);
	kconn_free(&c);
}

/* ---- broken files: one sentence each, naming the file and the key ---- */

static void
expect_error(const char *name, const char *yaml, const char *ctx, const char *want1, const char *want2)
{
	const char *p = t_write(name, yaml, 0);
	struct kconn *c = resolve(p, ctx);
	if (c != NULL) {
		kconn_free(&c);
		t_fail(__FILE__, __LINE__, "%s resolved, want an error", name);
		return;
	}
	if (strstr(err.msg, name) == NULL)
		t_fail(__FILE__, __LINE__, "\"%s\" does not name the file %s", err.msg, name);
	else if (strstr(err.msg, want1) == NULL)
		t_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"", err.msg, want1);
	else if (want2 != NULL && strstr(err.msg, want2) == NULL)
		t_fail(__FILE__, __LINE__, "\"%s\" lacks \"%s\"", err.msg, want2);
}

#define CTX "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
#define CLUSTER "clusters:\n- name: k\n  cluster: {server: 'https://h'}\n"

T_CASE(kcfg_err_yaml_syntax)
{
	expect_error("bad_yaml", "clusters:\n- name: k\n  cluster: {server: [\n", NULL, "bad_yaml:", "fix the YAML");
}

T_CASE(kcfg_err_missing_file)
{
	struct kcfg *cfg = load("/nonexistent/kdeck/kubeconfig");
	T_ASSERT(cfg == NULL);
	T_EQ_STR(err.msg, "/nonexistent/kdeck/kubeconfig: cannot read the kubeconfig (No such file or directory); "
	    "check the path given to --kubeconfig");
}

T_CASE(kcfg_err_unknown_user)
{
	expect_error("unknown_user", "current-context: prod\ncontexts:\n- name: prod\n  context: {cluster: k, user: bob}\n" CLUSTER,
	    NULL, "context \"prod\" names user \"bob\", which is not defined in any kubeconfig file; add it under users: "
	    "or pick another context with --context", NULL);
}

T_CASE(kcfg_err_unknown_cluster)
{
	expect_error("unknown_cluster", CTX "users:\n- name: u\n  user: {}\n", NULL,
	    "context \"c\" names cluster \"k\", which is not defined in any kubeconfig file; add it under clusters:", NULL);
}

T_CASE(kcfg_err_unknown_context)
{
	expect_error("unknown_context", CTX CLUSTER "users:\n- name: u\n  user: {}\n", "nope",
	    "context \"nope\" is not defined in any kubeconfig file; pick another with --context", NULL);
}

T_CASE(kcfg_err_current_context_dangling)
{
	expect_error("dangling", "current-context: gone\n" CLUSTER, NULL,
	    "current-context is \"gone\", which is not defined in any kubeconfig file", NULL);
}

T_CASE(kcfg_err_no_server)
{
	expect_error("no_server", CTX "clusters:\n- name: k\n  cluster: {}\nusers:\n- name: u\n  user: {}\n", NULL,
	    "cluster \"k\": server is not set; add server: https://HOST:PORT", NULL);
}

T_CASE(kcfg_err_unreadable_ca)
{
	expect_error("bad_ca", CTX "clusters:\n- name: k\n  cluster: {server: 'https://h', certificate-authority: /nonexistent/ca.crt}\n"
	    "users:\n- name: u\n  user: {}\n", NULL,
	    "cluster \"k\": certificate-authority /nonexistent/ca.crt cannot be read (No such file or directory)",
	    "certificate-authority-data");
}

T_CASE(kcfg_err_bad_base64)
{
	expect_error("bad_b64", CTX "clusters:\n- name: k\n  cluster: {server: 'https://h', certificate-authority-data: '%%%'}\n"
	    "users:\n- name: u\n  user: {}\n", NULL, "certificate-authority-data is not base64", NULL);
}

T_CASE(kcfg_err_ca_file_and_data)
{
	expect_error("ca_both", CTX "clusters:\n- name: k\n  cluster: {server: 'https://h', certificate-authority: x, certificate-authority-data: eA==}\n"
	    "users:\n- name: u\n  user: {}\n", NULL, "both certificate-authority-data and certificate-authority are set", NULL);
}

T_CASE(kcfg_err_insecure_with_ca)
{
	expect_error("insecure_ca", CTX "clusters:\n- name: k\n  cluster: {server: 'https://h', insecure-skip-tls-verify: true, certificate-authority-data: eA==}\n"
	    "users:\n- name: u\n  user: {}\n", NULL, "insecure-skip-tls-verify is true and a certificate authority is set", NULL);
}

T_CASE(kcfg_err_cert_without_key)
{
	expect_error("cert_no_key", CTX CLUSTER "users:\n- name: u\n  user: {client-certificate-data: eA==}\n", NULL,
	    "user \"u\": client-certificate is set without client-key", NULL);
}

T_CASE(kcfg_err_token_and_basic)
{
	expect_error("two_methods", CTX CLUSTER "users:\n- name: u\n  user: {token: t, username: a, password: b}\n", NULL,
	    "both a token and username/password are set", NULL);
}

T_CASE(kcfg_err_auth_provider)
{
	expect_error("provider", CTX CLUSTER "users:\n- name: u\n  user: {auth-provider: {name: oidc}}\n", NULL,
	    "auth-provider oidc is not supported", "exec credential plugin");
}

T_CASE(kcfg_err_not_a_map)
{
	expect_error("list_root", "- a\n- b\n", NULL, "list_root:1:1: a kubeconfig must be a map", NULL);
}

T_CASE(kcfg_err_clusters_not_a_list)
{
	expect_error("clusters_map", "clusters:\n  k: {server: x}\n", NULL, "clusters_map:1:1: clusters must be a list", NULL);
}

T_CASE(kcfg_err_entry_without_name)
{
	expect_error("noname", "clusters:\n- cluster: {server: x}\n", NULL, "noname:2:3: clusters[0] has no name", NULL);
}

T_CASE(kcfg_err_insecure_not_bool)
{
	expect_error("insecure_str", CTX "clusters:\n- name: k\n  cluster: {server: 'https://h', insecure-skip-tls-verify: 'yes'}\n"
	    "users:\n- name: u\n  user: {}\n", NULL, "insecure-skip-tls-verify must be true or false", NULL);
}

T_CASE(kcfg_err_exec_v1_without_interactive_mode)
{
	expect_error("exec_nomode", CTX CLUSTER "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: x}\n",
	    NULL, "exec.interactiveMode must be set", "Never, IfAvailable or Always");
}

T_CASE(kcfg_err_exec_old_api)
{
	expect_error("exec_alpha", CTX CLUSTER "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}\n",
	    NULL, "exec.apiVersion client.authentication.k8s.io/v1alpha1 is not supported", NULL);
}

T_CASE(kcfg_err_exec_no_command)
{
	expect_error("exec_nocmd", CTX CLUSTER "users:\n- name: u\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1beta1}\n",
	    NULL, "exec.command is not set", NULL);
}

T_CASE(kcfg_empty_file_is_empty_config)
{
	const char *p = t_write("empty", "", 0);
	struct kcfg *cfg = load(p);
	T_ASSERT_MSG(cfg != NULL, "%s", err.msg);
	T_EQ_INT(kcfg_context_count(cfg), 0);
	struct kconn *c = kcfg_resolve(cfg, NULL, &err);
	kcfg_free(&cfg);
	T_ASSERT(c == NULL);
	T_CONTAINS(err.msg, "there are no contexts");
}

T_CASE(kcfg_free_null)
{
	struct kcfg *cfg = NULL;
	struct kconn *c = NULL;
	kcfg_free(&cfg);
	kconn_free(&c);
	kauth_invalidate(NULL);
	const char *tok = "x";
	T_EQ_INT(kauth_token(NULL, NULL, 0, &tok, &err), 0);
	T_ASSERT(tok == NULL);
}

int
main(void)
{
	unsetenv("KUBECONFIG");
	T_RUN(kcfg_merge_first_file_wins);
	T_RUN(kcfg_current_context_from_first_file_that_sets_it);
	T_RUN(kcfg_flag_wins_over_env);
	T_RUN(kcfg_default_home_kube_config);
	T_RUN(kcfg_no_kubeconfig_at_all);
	T_RUN(kcfg_token_user);
	T_RUN(kcfg_token_file_relative_and_reread);
	T_RUN(kcfg_token_file_missing);
	T_RUN(kcfg_client_cert_files_relative);
	T_RUN(kcfg_client_cert_data);
	T_RUN(kcfg_basic_auth);
	T_RUN(kcfg_no_user_no_auth);
	T_RUN(kcfg_server_without_scheme_is_https);
	T_RUN(kcfg_insecure);
	T_RUN(kcfg_err_yaml_syntax);
	T_RUN(kcfg_err_missing_file);
	T_RUN(kcfg_err_unknown_user);
	T_RUN(kcfg_err_unknown_cluster);
	T_RUN(kcfg_err_unknown_context);
	T_RUN(kcfg_err_current_context_dangling);
	T_RUN(kcfg_err_no_server);
	T_RUN(kcfg_err_unreadable_ca);
	T_RUN(kcfg_err_bad_base64);
	T_RUN(kcfg_err_ca_file_and_data);
	T_RUN(kcfg_err_insecure_with_ca);
	T_RUN(kcfg_err_cert_without_key);
	T_RUN(kcfg_err_token_and_basic);
	T_RUN(kcfg_err_auth_provider);
	T_RUN(kcfg_err_not_a_map);
	T_RUN(kcfg_err_clusters_not_a_list);
	T_RUN(kcfg_err_entry_without_name);
	T_RUN(kcfg_err_insecure_not_bool);
	T_RUN(kcfg_err_exec_v1_without_interactive_mode);
	T_RUN(kcfg_err_exec_old_api);
	T_RUN(kcfg_err_exec_no_command);
	T_RUN(kcfg_empty_file_is_empty_config);
	T_RUN(kcfg_free_null);
	return t_done();
}
