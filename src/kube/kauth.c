#define _DEFAULT_SOURCE
#include "kube/kauth.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kube/execplugin.h"
#include "log.h"
#include "util/base64.h"
#include "util/time.h"
#include "util/xmalloc.h"

enum kauth_kind { KAUTH_STATIC, KAUTH_FILE, KAUTH_EXEC };

struct kauth {
	enum kauth_kind kind;
	char *where;
	char *token;          /* cached (secret) */
	int cached;
	time_t expiry;        /* 0: none */
	char *path;           /* KAUTH_FILE */
	struct kauth_exec x;  /* KAUTH_EXEC */
	int timeout_ms;
	int tty;              /* -1: isatty(0) */
	int runs;
	struct kd_err missing; /* the plugin is not installed: said once, not run again until
	                        * kauth_invalidate (a refresh) */
};

static struct kauth *
kauth_new(enum kauth_kind kind, const char *where)
{
	struct kauth *a = xcalloc(1, sizeof *a);
	a->kind = kind;
	a->where = xstrdup(where);
	a->tty = -1;
	const char *t = getenv("KDECK_EXEC_TIMEOUT_MS");
	a->timeout_ms = t != NULL && atoi(t) > 0 ? atoi(t) : 60000;
	return a;
}

struct kauth *
kauth_new_static(const char *token, const char *where)
{
	struct kauth *a = kauth_new(KAUTH_STATIC, where);
	a->token = xstrdup(token);
	a->cached = 1;
	return a;
}

struct kauth *
kauth_new_file(const char *path, const char *where)
{
	struct kauth *a = kauth_new(KAUTH_FILE, where);
	a->path = xstrdup(path);
	return a;
}

static char **
kauth_strv_dup(char *const *v)
{
	size_t n = 0;
	while (v != NULL && v[n] != NULL)
		n++;
	char **c = xcalloc(n + 1, sizeof *c);
	for (size_t i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

static void
kauth_strv_free(char ***v, int secret)
{
	if (*v == NULL)
		return;
	for (char **p = *v; *p != NULL; p++) {
		if (secret)
			xfree_secret(p);
		else
			free(*p);
	}
	free(*v);
	*v = NULL;
}

struct kauth *
kauth_new_exec(const struct kauth_exec *x, const char *where)
{
	struct kauth *a = kauth_new(KAUTH_EXEC, where);
	a->x.api_version = xstrdup(x->api_version);
	a->x.argv = kauth_strv_dup(x->argv);
	a->x.env = kauth_strv_dup(x->env);
	a->x.install_hint = x->install_hint ? xstrdup(x->install_hint) : NULL;
	a->x.interactive = x->interactive;
	a->x.cluster = x->cluster ? cJSON_Duplicate(x->cluster, 1) : NULL;
	return a;
}

void
kauth_free(struct kauth **ap)
{
	struct kauth *a = *ap;
	if (a == NULL)
		return;
	xfree_secret(&a->token);
	free(a->where);
	free(a->path);
	free(a->x.api_version);
	kauth_strv_free(&a->x.argv, 0);
	kauth_strv_free(&a->x.env, 1);   /* plugin environments often carry secrets */
	free(a->x.install_hint);
	cJSON_Delete(a->x.cluster);
	free(a);
	*ap = NULL;
}

void kauth_set_timeout(struct kauth *a, int ms) { a->timeout_ms = ms; }
void kauth_set_tty(struct kauth *a, int is_tty) { a->tty = is_tty; }
int kauth_runs(const struct kauth *a) { return a->runs; }

void
kauth_invalidate(struct kauth *a)
{
	if (a == NULL || a->kind == KAUTH_STATIC)
		return;
	a->cached = 0;
	xfree_secret(&a->token);
	a->missing.code = KD_OK;
}

/* The first non-empty line of s, at most 300 bytes, for a one-sentence error. */
static void
kauth_first_line(const char *s, char *buf, size_t len)
{
	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	size_t n = strcspn(s, "\r\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static int
kauth_read_file(struct kauth *a, struct kd_err *err)
{
	FILE *f = fopen(a->path, "rbe");
	if (f == NULL)
		return kd_err_set(err, KD_ERR_AUTH, "%s: tokenFile %s cannot be read (%s); fix the path or the file's permissions",
		    a->where, a->path, strerror(errno));
	char buf[16384];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* client-go trims surrounding whitespace from token files */
	char *s = buf;
	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	if (len == 0) {
		explicit_bzero(buf, sizeof buf);
		return kd_err_set(err, KD_ERR_AUTH, "%s: tokenFile %s is empty; put the bearer token in it", a->where, a->path);
	}
	xfree_secret(&a->token);
	a->token = xstrdup(s);
	explicit_bzero(buf, sizeof buf);
	a->cached = 1;
	return 0;
}

static char *
kauth_exec_info(const struct kauth *a, int interactive)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", "ExecCredential");
	cJSON_AddStringToObject(o, "apiVersion", a->x.api_version);
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	if (a->x.cluster != NULL)
		cJSON_AddItemToObject(spec, "cluster", cJSON_Duplicate(a->x.cluster, 1));
	cJSON_AddBoolToObject(spec, "interactive", interactive);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	char *env = xasprintf("KUBERNETES_EXEC_INFO=%s", s);
	free(s);
	return env;
}

/* Takes clientCertificateData/clientKeyData into conn (they replace the kubeconfig's). */
static void
kauth_take_cert(struct kconn *conn, const char *cert, const char *key)
{
	if (conn == NULL)
		return;
	free(conn->client_cert_pem);
	xfree_secret(&conn->client_key_pem);
	conn->client_cert_pem = xstrdup(cert);
	conn->client_key_pem = xstrdup(key);
}

void
kauth_cred_clear(struct kauth_cred *c)
{
	xfree_secret(&c->token);
	xfree_secret(&c->cert);
	xfree_secret(&c->key);
	c->expiry = 0;
}

/* Wipes the parsed secrets before freeing. */
static void
kauth_cred_json_free(cJSON *cred)
{
	if (cred == NULL)
		return;
	cJSON *s = cJSON_GetObjectItemCaseSensitive(cred, "status");
	for (cJSON *m = s ? s->child : NULL; m != NULL; m = m->next)
		if (cJSON_IsString(m))
			explicit_bzero(m->valuestring, strlen(m->valuestring));
	cJSON_Delete(cred);
}

int
kauth_parse_credential(const char *out, const char *api_version, const char *where, const char *cmd,
    struct kauth_cred *c, struct kd_err *err)
{
	memset(c, 0, sizeof(*c));
	int rc = -1;
	cJSON *cred = cJSON_Parse(out);
	if (!cJSON_IsObject(cred)) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s did not print an ExecCredential as JSON", where, cmd);
		goto done;
	}
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(cred, "apiVersion");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(cred, "kind");
	if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "ExecCredential") != 0) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s printed JSON that is not an ExecCredential (kind)", where, cmd);
		goto done;
	}
	if (!cJSON_IsString(av) || strcmp(av->valuestring, api_version) != 0) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s answered with apiVersion %s but the kubeconfig asks for %s; "
		    "set exec.apiVersion to what the plugin speaks", where, cmd,
		    cJSON_IsString(av) ? av->valuestring : "(none)", api_version);
		goto done;
	}
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(cred, "status");
	if (!cJSON_IsObject(st)) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s returned no status", where, cmd);
		goto done;
	}
	const cJSON *tok = cJSON_GetObjectItemCaseSensitive(st, "token");
	const cJSON *cert = cJSON_GetObjectItemCaseSensitive(st, "clientCertificateData");
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(st, "clientKeyData");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(st, "expirationTimestamp");
	int has_tok = cJSON_IsString(tok) && tok->valuestring[0] != '\0';
	int has_cert = cJSON_IsString(cert) && cert->valuestring[0] != '\0';
	int has_key = cJSON_IsString(key) && key->valuestring[0] != '\0';
	if (!has_tok && !has_cert && !has_key) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s returned neither a token nor a certificate and key", where, cmd);
		goto done;
	}
	if (has_cert != has_key) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s returned a client %s without its %s", where, cmd,
		    has_cert ? "certificate" : "key", has_cert ? "key" : "certificate");
		goto done;
	}
	time_t expiry = 0;
	if (cJSON_IsString(exp) && time_parse_rfc3339(exp->valuestring, &expiry) != 0) {
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s returned expirationTimestamp \"%.40s\", which is not an RFC 3339 time",
		    where, cmd, exp->valuestring);
		goto done;
	}
	c->token = has_tok ? xstrdup(tok->valuestring) : NULL;
	if (has_cert) {
		c->cert = xstrdup(cert->valuestring);
		c->key = xstrdup(key->valuestring);
	}
	c->expiry = expiry;
	rc = 0;
done:
	kauth_cred_json_free(cred);
	return rc;
}

static int
kauth_run(struct kauth *a, struct kconn *conn, struct kd_err *err)
{
	const char *cmd = a->x.argv[0];
	int tty = a->tty >= 0 ? a->tty : isatty(STDIN_FILENO);
	int interactive = 0;
	switch (a->x.interactive) {
	case KAUTH_NEVER: break;
	case KAUTH_IF_AVAILABLE: interactive = tty; break;
	case KAUTH_ALWAYS:
		if (!tty)
			return kd_err_set(err, KD_ERR_AUTH,
			    "%s: the exec plugin %s wants a terminal (interactiveMode: Always) but standard input is not one; "
			    "run kdeck in a terminal or set interactiveMode: IfAvailable", a->where, cmd);
		interactive = 1;
		break;
	}
	size_t nenv = 0;
	while (a->x.env != NULL && a->x.env[nenv] != NULL)
		nenv++;
	char **env = xcalloc(nenv + 2, sizeof *env);
	for (size_t i = 0; i < nenv; i++)
		env[i] = a->x.env[i];
	env[nenv] = kauth_exec_info(a, interactive);

	struct execplugin_result r;
	log_info("running the exec credential plugin %s (%s)", cmd, a->where);
	a->runs++;
	execplugin_run(a->x.argv, env, interactive, a->timeout_ms, &r);
	free(env[nenv]);
	free(env);

	char line[320];
	int rc = -1;
	switch (r.status) {
	case EXECPLUGIN_NOTFOUND:
		if (a->x.install_hint != NULL && a->x.install_hint[0] != '\0') {
			kauth_first_line(a->x.install_hint, line, sizeof line);
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s is not installed (%s): %s", a->where, cmd,
			    strerror(r.sys_errno), line);
		} else {
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s is not installed (%s); install it or fix exec.command",
			    a->where, cmd, strerror(r.sys_errno));
		}
		a->missing = *err;
		goto done;
	case EXECPLUGIN_ERROR:
		kd_err_set(err, KD_ERR_AUTH, "%s: cannot start the exec plugin %s (%s)", a->where, cmd, strerror(r.sys_errno));
		goto done;
	case EXECPLUGIN_TIMEOUT:
		kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s gave no credential within %d s and was stopped; "
		    "run it by hand to see what it waits for", a->where, cmd, (a->timeout_ms + 999) / 1000);
		goto done;
	case EXECPLUGIN_EXIT:
		kauth_first_line(r.err, line, sizeof line);
		if (r.sig != 0)
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s was killed by signal %d%s%s", a->where, cmd, r.sig,
			    line[0] ? ": " : "", line);
		else
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s failed with exit code %d%s%s", a->where, cmd, r.code,
			    line[0] ? ": " : "", line[0] ? line : "; run it by hand to see why");
		goto done;
	case EXECPLUGIN_OK:
		break;
	}
	if (r.err[0] != '\0')
		log_debug("exec plugin %s wrote to stderr: %.200s", cmd, r.err);
	struct kauth_cred c;
	if (kauth_parse_credential(r.out, a->x.api_version, a->where, cmd, &c, err) != 0)
		goto done;
	xfree_secret(&a->token);
	a->token = c.token;
	c.token = NULL;
	if (c.cert != NULL)
		kauth_take_cert(conn, c.cert, c.key);
	a->expiry = c.expiry;
	a->cached = 1;
	rc = 0;
	kauth_cred_clear(&c);
done:
	execplugin_result_free(&r);
	return rc;
}

int
kauth_token(struct kauth *a, struct kconn *conn, time_t now, const char **token, struct kd_err *err)
{
	*token = NULL;
	if (a == NULL)
		return 0;
	switch (a->kind) {
	case KAUTH_STATIC:
		break;
	case KAUTH_FILE:
		if (!a->cached && kauth_read_file(a, err) != 0)
			return -1;
		break;
	case KAUTH_EXEC:
		if (a->missing.code != KD_OK) {
			*err = a->missing;
			return -1;
		}
		if (!a->cached || (a->expiry != 0 && now >= a->expiry)) {
			if (kauth_run(a, conn, err) != 0)
				return -1;
		}
		break;
	}
	*token = a->token;
	return 0;
}
