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
#include "loop.h"
#include "util/base64.h"
#include "util/time.h"
#include "util/xmalloc.h"

enum kauth_kind { KAUTH_STATIC, KAUTH_FILE, KAUTH_EXEC };

struct kauth_waiter {
	struct kauth_waiter *next;
	kauth_ready_cb cb;
	void *arg;
};


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
	/* a run on the loop (kauth_wait): the child, or an interactive run or a failure to
	 * say on the next turn of the loop; who waits for it */
	struct loop *loop;
	struct kconn *conn;
	struct execplugin *running;
	struct loop_timer *fg_timer;
	int in_foreground;
	struct kd_err fg_err;
	struct kauth_waiter *waiters, *notifying;
};

static struct kauth_hooks kauth_hooks;

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
	execplugin_cancel(&a->running);
	if (a->loop != NULL)
		loop_timer_cancel(a->loop, &a->fg_timer);
	for (struct kauth_waiter *w = a->waiters, *next; w != NULL; w = next) {
		next = w->next;
		free(w);
	}
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

/* Whether this run has the terminal (interactiveMode and whether stdin is one) and the
 * plugin's environment with KUBERNETES_EXEC_INFO (free with kauth_env_free). */
static int
kauth_prepare(struct kauth *a, int *interactive, char ***envp, struct kd_err *err)
{
	const char *cmd = a->x.argv[0];
	int tty = a->tty >= 0 ? a->tty : isatty(STDIN_FILENO);
	*interactive = 0;
	switch (a->x.interactive) {
	case KAUTH_NEVER: break;
	case KAUTH_IF_AVAILABLE: *interactive = tty; break;
	case KAUTH_ALWAYS:
		if (!tty)
			return kd_err_set(err, KD_ERR_AUTH,
			    "%s: the exec plugin %s wants a terminal (interactiveMode: Always) but standard input is not one; "
			    "run kdeck in a terminal or set interactiveMode: IfAvailable", a->where, cmd);
		*interactive = 1;
		break;
	}
	size_t nenv = 0;
	while (a->x.env != NULL && a->x.env[nenv] != NULL)
		nenv++;
	char **env = xcalloc(nenv + 2, sizeof *env);
	for (size_t i = 0; i < nenv; i++)
		env[i] = a->x.env[i];
	env[nenv] = kauth_exec_info(a, *interactive);
	*envp = env;
	log_info("running the exec credential plugin %s (%s)", cmd, a->where);
	a->runs++;
	return 0;
}

/* Frees what kauth_prepare built (the kubeconfig's strings stay). */
static void
kauth_env_free(struct kauth *a, char **env)
{
	size_t nenv = 0;
	while (a->x.env != NULL && a->x.env[nenv] != NULL)
		nenv++;
	free(env[nenv]);
	free(env);
}

/* What the plugin's run gives: the token (and certificate into conn) cached, or err. */
static int
kauth_take_result(struct kauth *a, struct kconn *conn, struct execplugin_result *r, struct kd_err *err)
{
	const char *cmd = a->x.argv[0];
	char line[320];
	switch (r->status) {
	case EXECPLUGIN_NOTFOUND:
		if (a->x.install_hint != NULL && a->x.install_hint[0] != '\0') {
			kauth_first_line(a->x.install_hint, line, sizeof line);
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s is not installed (%s): %s", a->where, cmd,
			    strerror(r->sys_errno), line);
		} else {
			kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s is not installed (%s); install it or fix exec.command",
			    a->where, cmd, strerror(r->sys_errno));
		}
		a->missing = *err;
		return -1;
	case EXECPLUGIN_ERROR:
		return kd_err_set(err, KD_ERR_AUTH, "%s: cannot start the exec plugin %s (%s)", a->where, cmd,
		    strerror(r->sys_errno));
	case EXECPLUGIN_TIMEOUT:
		return kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s gave no credential within %d s and was stopped; "
		    "run it by hand to see what it waits for", a->where, cmd, (a->timeout_ms + 999) / 1000);
	case EXECPLUGIN_EXIT:
		kauth_first_line(r->err, line, sizeof line);
		if (r->sig != 0)
			return kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s was killed by signal %d%s%s", a->where,
			    cmd, r->sig, line[0] ? ": " : "", line);
		return kd_err_set(err, KD_ERR_AUTH, "%s: the exec plugin %s failed with exit code %d%s%s", a->where, cmd,
		    r->code, line[0] ? ": " : "", line[0] ? line : "; run it by hand to see why");
	case EXECPLUGIN_OK:
		break;
	}
	if (r->err[0] != '\0')
		log_debug("exec plugin %s wrote to stderr: %.200s", cmd, r->err);
	struct kauth_cred c;
	if (kauth_parse_credential(r->out, a->x.api_version, a->where, cmd, &c, err) != 0)
		return -1;
	xfree_secret(&a->token);
	a->token = c.token;
	c.token = NULL;
	if (c.cert != NULL)
		kauth_take_cert(conn, c.cert, c.key);
	a->expiry = c.expiry;
	a->cached = 1;
	kauth_cred_clear(&c);
	return 0;
}

/* Runs the plugin to its end, blocking; an interactive one gets the terminal (the screen
 * steps aside through the terminal hook while it runs). */
static int
kauth_run(struct kauth *a, struct kconn *conn, struct kd_err *err)
{
	int interactive;
	char **env;
	if (kauth_prepare(a, &interactive, &env, err) != 0)
		return -1;
	struct execplugin_result r;
	if (interactive && kauth_hooks.terminal != NULL)
		kauth_hooks.terminal(1, a->where, kauth_hooks.arg);
	execplugin_run(a->x.argv, env, interactive, a->timeout_ms, &r);
	kauth_env_free(a, env);
	int rc = kauth_take_result(a, conn, &r, err);
	execplugin_result_free(&r);
	/* the screen comes back with the answer taken: what it draws finds the credential */
	if (interactive && kauth_hooks.terminal != NULL)
		kauth_hooks.terminal(0, a->where, kauth_hooks.arg);
	return rc;
}

/* ---- on the loop ------------------------------------------------------------------ */

void
kauth_set_hooks(const struct kauth_hooks *h)
{
	if (h != NULL)
		kauth_hooks = *h;
	else
		memset(&kauth_hooks, 0, sizeof kauth_hooks);
}

int
kauth_needs_run(const struct kauth *a, time_t now)
{
	if (a == NULL || a->kind != KAUTH_EXEC)
		return 0;
	if (a->running != NULL || a->fg_timer != NULL || a->in_foreground)
		return 1;
	if (a->missing.code != KD_OK)
		return 0;   /* kauth_token says so at once */
	return !a->cached || (a->expiry != 0 && now >= a->expiry);
}

int
kauth_running(const struct kauth *a)
{
	return a != NULL && (a->running != NULL || a->fg_timer != NULL || a->in_foreground);
}

static void
kauth_changed(void)
{
	if (kauth_hooks.changed != NULL)
		kauth_hooks.changed(kauth_hooks.arg);
}

/* Tells every waiter (err->code KD_OK: kauth_token answers at once now). A waiter may
 * cancel another or wait again (a new run) from its callback. */
static void
kauth_notify(struct kauth *a, const struct kd_err *err)
{
	struct kd_err e = *err;
	a->notifying = a->waiters;
	a->waiters = NULL;
	kauth_changed();
	while (a->notifying != NULL) {
		struct kauth_waiter *w = a->notifying;
		a->notifying = w->next;
		kauth_ready_cb cb = w->cb;
		void *arg = w->arg;
		free(w);
		cb(&e, arg);
	}
	explicit_bzero(&e, sizeof e);
}

static void
kauth_on_plugin_done(struct execplugin_result *r, void *arg)
{
	struct kauth *a = arg;
	a->running = NULL;
	struct kd_err err = { 0 };
	kauth_take_result(a, a->conn, r, &err);
	kauth_notify(a, &err);
}

/* An interactive run (the terminal is the plugin's meanwhile: blocking is the point),
 * or a run that could not start, on the turn of the loop after kauth_wait. */
static void
kauth_on_foreground(void *arg)
{
	struct kauth *a = arg;
	a->fg_timer = NULL;
	struct kd_err err = { 0 };
	if (a->fg_err.code != KD_OK) {
		err = a->fg_err;
		a->fg_err.code = KD_OK;
	} else {
		a->in_foreground = 1;   /* who asks meanwhile (a repaint) waits for this run */
		kauth_run(a, a->conn, &err);
		a->in_foreground = 0;
	}
	kauth_notify(a, &err);
}

struct kauth_waiter *
kauth_wait(struct kauth *a, struct kconn *conn, struct loop *l, kauth_ready_cb cb, void *arg)
{
	struct kauth_waiter *w = xcalloc(1, sizeof *w);
	w->cb = cb;
	w->arg = arg;
	w->next = a->waiters;
	a->waiters = w;
	if (a->running != NULL || a->fg_timer != NULL || a->in_foreground)
		return w;
	a->loop = l;
	a->conn = conn;
	int tty = a->tty >= 0 ? a->tty : isatty(STDIN_FILENO);
	int interactive = a->x.interactive == KAUTH_ALWAYS || (a->x.interactive == KAUTH_IF_AVAILABLE && tty);
	if (interactive) {
		a->fg_timer = loop_timer_add(l, 0, kauth_on_foreground, a);
	} else {
		char **env;
		if (kauth_prepare(a, &interactive, &env, &a->fg_err) != 0) {
			a->fg_timer = loop_timer_add(l, 0, kauth_on_foreground, a);
		} else {
			a->running = execplugin_start(l, a->x.argv, env, a->timeout_ms, kauth_on_plugin_done, a);
			kauth_env_free(a, env);
		}
	}
	kauth_changed();
	return w;
}

void
kauth_wait_cancel(struct kauth *a, struct kauth_waiter **wp)
{
	struct kauth_waiter *w = wp ? *wp : NULL;
	if (w == NULL)
		return;
	*wp = NULL;
	struct kauth_waiter **lists[] = { &a->waiters, &a->notifying };
	for (size_t i = 0; i < 2; i++) {
		for (struct kauth_waiter **p = lists[i]; *p != NULL; p = &(*p)->next) {
			if (*p == w) {
				*p = w->next;
				free(w);
				return;
			}
		}
	}
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
