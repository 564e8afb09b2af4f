#define _DEFAULT_SOURCE
#include "kube/kubeconfig.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "kube/kauth.h"
#include "log.h"
#include "model/doc.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* Certificates and kubeconfigs are small; a bigger file is a wrong path (or /dev/zero). */
#define KCFG_MAX_FILE (16u << 20)

struct kcfg_file {
	char *path;     /* as given */
	char *dir;      /* for relative paths inside it */
	char *shown;    /* path with $HOME as ~, for messages */
	cJSON *root;
	struct doc_marks *marks;
};

struct kcfg_entry {
	char *name;
	const cJSON *body;   /* the cluster:, user: or context: map; NULL when absent */
	const cJSON *item;   /* the list element, for positions */
	size_t file;
};

struct kcfg_list {
	struct kcfg_entry *v;
	size_t n;
};

struct kcfg {
	struct kcfg_file *files;
	size_t nfiles;
	struct kcfg_list clusters, users, contexts;
	char *current;
	size_t current_file;
	char *searched;   /* what was looked at, for "no kubeconfig" messages */
};

/* ---- loading ---- */

static char *
kcfg_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* "FILE:LINE:COL" for node, or "FILE" when its position is unknown. */
static void
kcfg_where(const struct kcfg_file *f, const cJSON *node, char *buf, size_t len)
{
	int line, col;
	if (doc_mark(f->marks, node, &line, &col) == 0)
		snprintf(buf, len, "%s:%d:%d", f->shown, line, col);
	else
		snprintf(buf, len, "%s", f->shown);
}

static int kcfg_fail_at(struct kd_err *err, const struct kcfg_file *f, const cJSON *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int
kcfg_fail_at(struct kd_err *err, const struct kcfg_file *f, const cJSON *node, const char *fmt, ...)
{
	char where[PATH_MAX + 32], what[400];
	kcfg_where(f, node, where, sizeof where);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return kd_err_set(err, KD_ERR_CONFIG, "%s: %s", where, what);
}

static void
kcfg_list_put(struct kcfg_list *l, const char *name, const cJSON *body, const cJSON *item, size_t file)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0) {
			/* an earlier file wins; within one file the later entry does */
			if (l->v[i].file == file) {
				l->v[i].body = body;
				l->v[i].item = item;
			}
			return;
		}
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (struct kcfg_entry){ xstrdup(name), body, item, file };
}

static int
kcfg_merge_list(struct kcfg *cfg, size_t fi, const char *key, const char *bodykey, struct kcfg_list *l,
    struct kd_err *err)
{
	const struct kcfg_file *f = &cfg->files[fi];
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(f->root, key);
	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return kcfg_fail_at(err, f, list, "%s must be a list of entries (- name: ... %s: ...)", key, bodykey);
	int i = 0;
	for (const cJSON *item = list->child; item != NULL; item = item->next, i++) {
		if (!cJSON_IsObject(item))
			return kcfg_fail_at(err, f, item, "%s[%d] must be a map with name: and %s:", key, i, bodykey);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		if (!cJSON_IsString(name) || name->valuestring[0] == '\0')
			return kcfg_fail_at(err, f, item, "%s[%d] has no name; give it name: NAME", key, i);
		const cJSON *body = cJSON_GetObjectItemCaseSensitive(item, bodykey);
		if (body != NULL && cJSON_IsNull(body))
			body = NULL;
		if (body != NULL && !cJSON_IsObject(body))
			return kcfg_fail_at(err, f, body, "%s \"%s\": %s must be a map", key, name->valuestring, bodykey);
		kcfg_list_put(l, name->valuestring, body, item, fi);
	}
	return 0;
}

/* Reads, parses and merges one file. missing_ok: a file that does not exist is skipped. */
static int
kcfg_add_file(struct kcfg *cfg, const char *path, int missing_ok, const char *hint, struct kd_err *err)
{
	for (size_t i = 0; i < cfg->nfiles; i++)
		if (strcmp(cfg->files[i].path, path) == 0)
			return 0;   /* listed twice: the first counts */
	struct stat st;
	char *shown = file_tilde(path);
	if (stat(path, &st) != 0) {
		int e = errno;
		if (missing_ok && e == ENOENT) {
			free(shown);
			return 0;
		}
		kd_err_set(err, KD_ERR_CONFIG, "%s: cannot read the kubeconfig (%s); %s", shown, strerror(e), hint);
		free(shown);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		kd_err_set(err, KD_ERR_CONFIG, "%s: is a folder, not a kubeconfig file; %s", shown, hint);
		free(shown);
		return -1;
	}
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		kd_err_set(err, KD_ERR_CONFIG, "%s: cannot read the kubeconfig (%s); %s", shown, strerror(errno), hint);
		free(shown);
		return -1;
	}
	struct sbuf sb = { 0 };
	(void)sbuf_fread(&sb, fp, KCFG_MAX_FILE);
	fclose(fp);
	char *buf = sb.s;
	size_t len = sb.len;
	if (len >= KCFG_MAX_FILE) {
		kd_err_set(err, KD_ERR_CONFIG, "%s: is larger than 16 MB, so it is not a kubeconfig; %s", shown, hint);
		free(buf);
		free(shown);
		return -1;
	}
	struct kcfg_file f = { .path = xstrdup(path), .dir = kcfg_dirname(path), .shown = shown };
	struct kd_err perr = { 0 };
	f.root = doc_from_yaml_marks(buf, len, shown, &f.marks, &perr);
	explicit_bzero(buf, len);
	free(buf);
	if (f.root == NULL) {
		kd_err_set(err, KD_ERR_CONFIG, "%s; fix the YAML there (kubectl cannot read it either)", perr.msg);
		free(f.path), free(f.dir), free(f.shown);
		return -1;
	}
	cfg->files = xreallocarray(cfg->files, cfg->nfiles + 1, sizeof *cfg->files);
	cfg->files[cfg->nfiles++] = f;
	size_t fi = cfg->nfiles - 1;
	if (cJSON_IsNull(f.root))
		return 0;   /* an empty file is an empty config */
	if (!cJSON_IsObject(f.root))
		return kcfg_fail_at(err, &cfg->files[fi], f.root,
		    "a kubeconfig must be a map (apiVersion: v1, kind: Config, clusters:, users:, contexts:)");
	if (kcfg_merge_list(cfg, fi, "clusters", "cluster", &cfg->clusters, err) != 0 ||
	    kcfg_merge_list(cfg, fi, "users", "user", &cfg->users, err) != 0 ||
	    kcfg_merge_list(cfg, fi, "contexts", "context", &cfg->contexts, err) != 0)
		return -1;
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(f.root, "current-context");
	if (cur != NULL && !cJSON_IsNull(cur) && !cJSON_IsString(cur))
		return kcfg_fail_at(err, &cfg->files[fi], cur, "current-context must be a context name");
	if (cfg->current == NULL && cJSON_IsString(cur) && cur->valuestring[0] != '\0') {
		cfg->current = xstrdup(cur->valuestring);
		cfg->current_file = fi;
	}
	return 0;
}

struct kcfg *
kcfg_load(const char *path, struct kd_err *err)
{
	struct kcfg *cfg = xcalloc(1, sizeof *cfg);
	const char *env = getenv("KUBECONFIG");
	int rc = 0;
	if (path != NULL) {
		cfg->searched = file_tilde(path);
		rc = kcfg_add_file(cfg, path, 0, "check the path given to --kubeconfig", err);
	} else if (env != NULL && env[0] != '\0') {
		/* Files that do not exist are skipped, as kubectl does; the rest all count. */
		cfg->searched = xasprintf("KUBECONFIG=%s", env);
		char *list = xstrdup(env);
		char *save = NULL;
		for (char *p = strtok_r(list, ":", &save); p != NULL && rc == 0; p = strtok_r(NULL, ":", &save))
			rc = kcfg_add_file(cfg, p, 1, "fix the file or remove it from KUBECONFIG", err);
		free(list);
	} else {
		const char *home = getenv("HOME");
		char *def = xasprintf("%s/.kube/config", home && *home ? home : ".");
		cfg->searched = file_tilde(def);
		rc = kcfg_add_file(cfg, def, 1, "fix it or pass --kubeconfig F", err);
		free(def);
	}
	if (rc != 0) {
		kcfg_free(&cfg);
		return NULL;
	}
	log_info("kubeconfig: %zu file(s) from %s, %zu contexts, current %s", cfg->nfiles, cfg->searched,
	    cfg->contexts.n, cfg->current ? cfg->current : "(none)");
	return cfg;
}

static void
kcfg_list_free(struct kcfg_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Overwrites the string values of a parsed file (keys, tokens, passwords) before freeing. */
static void
kcfg_wipe(cJSON *n)
{
	for (cJSON *c = n ? n->child : NULL; c != NULL; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring != NULL)
			explicit_bzero(c->valuestring, strlen(c->valuestring));
		kcfg_wipe(c);
	}
}

void
kcfg_free(struct kcfg **cfgp)
{
	struct kcfg *cfg = *cfgp;
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->nfiles; i++) {
		struct kcfg_file *f = &cfg->files[i];
		kcfg_wipe(f->root);
		cJSON_Delete(f->root);
		doc_marks_free(&f->marks);
		free(f->path), free(f->dir), free(f->shown);
	}
	free(cfg->files);
	kcfg_list_free(&cfg->clusters);
	kcfg_list_free(&cfg->users);
	kcfg_list_free(&cfg->contexts);
	free(cfg->current);
	free(cfg->searched);
	free(cfg);
	*cfgp = NULL;
}

size_t
kcfg_context_count(const struct kcfg *cfg)
{
	return cfg ? cfg->contexts.n : 0;
}

const char *
kcfg_context_name(const struct kcfg *cfg, size_t i)
{
	return cfg && i < cfg->contexts.n ? cfg->contexts.v[i].name : NULL;
}

const char *
kcfg_current_context(const struct kcfg *cfg)
{
	return cfg ? cfg->current : NULL;
}

/* ---- resolving a context ---- */

static const struct kcfg_entry *
kcfg_find(const struct kcfg_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* What the resolver is looking at, for messages: the file and the entry. */
struct kcfg_at {
	const struct kcfg *cfg;
	const struct kcfg_entry *e;
	const char *what;     /* "cluster", "user", "context" */
	struct kd_err *err;
};

static int kcfg_bad(const struct kcfg_at *at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int
kcfg_bad(const struct kcfg_at *at, const char *fmt, ...)
{
	char what[420];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return kd_err_set(at->err, KD_ERR_CONFIG, "%s: %s \"%s\": %s", at->cfg->files[at->e->file].shown, at->what,
	    at->e->name, what);
}

/* A text field: 0 with *out (borrowed, NULL when absent or empty), or -1. */
static int
kcfg_str(const struct kcfg_at *at, const cJSON *body, const char *key, const char **out)
{
	*out = NULL;
	const cJSON *v = body ? cJSON_GetObjectItemCaseSensitive(body, key) : NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return kcfg_bad(at, "%s must be text; quote it", key);
	if (v->valuestring[0] != '\0')
		*out = v->valuestring;
	return 0;
}

static int
kcfg_bool(const struct kcfg_at *at, const cJSON *body, const char *key, int *out)
{
	*out = 0;
	const cJSON *v = body ? cJSON_GetObjectItemCaseSensitive(body, key) : NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return kcfg_bad(at, "%s must be true or false", key);
	*out = cJSON_IsTrue(v);
	return 0;
}

/* A path named in a file, made absolute against that file's folder. */
static char *
kcfg_path(const struct kcfg_at *at, const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	return xasprintf("%s/%s", at->cfg->files[at->e->file].dir, p);
}

/* Reads the file a *-file field names (certificate-authority, client-key, ...). */
static char *
kcfg_read_named(const struct kcfg_at *at, const char *key, const char *p, const char *datakey)
{
	char *path = kcfg_path(at, p);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		kcfg_bad(at, "%s %s cannot be read (%s); fix the path or use %s", key, path, strerror(errno), datakey);
		free(path);
		return NULL;
	}
	struct sbuf sb = { 0 };
	(void)sbuf_fread(&sb, f, KCFG_MAX_FILE);
	fclose(f);
	char *buf = sb.s;
	size_t len = sb.len;
	if (len >= KCFG_MAX_FILE) {
		kcfg_bad(at, "%s %s is larger than 16 MB, so it is not a certificate or key; fix the path", key, path);
		free(buf);
		free(path);
		return NULL;
	}
	free(path);
	return buf;
}

/* A (file, data) pair such as certificate-authority and certificate-authority-data:
 * 0 with *out (new, NULL when neither is set), or -1. Both set is an error, as kubectl says. */
static int
kcfg_blob(const struct kcfg_at *at, const cJSON *body, const char *filekey, const char *datakey, char **out)
{
	const char *file, *data;
	*out = NULL;
	if (kcfg_str(at, body, filekey, &file) != 0 || kcfg_str(at, body, datakey, &data) != 0)
		return -1;
	if (file != NULL && data != NULL)
		return kcfg_bad(at, "both %s and %s are set; keep one of them", datakey, filekey);
	if (data != NULL) {
		*out = base64_decode(data, NULL);
		if (*out == NULL)
			return kcfg_bad(at, "%s is not base64; encode the PEM file with base64 -w0", datakey);
		return 0;
	}
	if (file != NULL) {
		*out = kcfg_read_named(at, filekey, file, datakey);
		return *out != NULL ? 0 : -1;
	}
	return 0;
}

static int
kcfg_cluster(const struct kcfg_at *at, struct kconn *c, cJSON **exec_cluster)
{
	const cJSON *b = at->e->body;
	const char *server, *tls_name, *proxy;
	if (kcfg_str(at, b, "server", &server) != 0 || kcfg_str(at, b, "tls-server-name", &tls_name) != 0 ||
	    kcfg_str(at, b, "proxy-url", &proxy) != 0 || kcfg_bool(at, b, "insecure-skip-tls-verify", &c->insecure) != 0)
		return -1;
	if (server == NULL)
		return kcfg_bad(at, "server is not set; add server: https://HOST:PORT under it");
	if (strstr(server, "://") == NULL)
		c->server = xasprintf("https://%s", server);
	else if (strncmp(server, "https://", 8) != 0 && strncmp(server, "http://", 7) != 0)
		return kcfg_bad(at, "server %s is neither https:// nor http://; fix the URL", server);
	else
		c->server = xstrdup(server);
	size_t n = strlen(c->server);
	while (n > 0 && c->server[n - 1] == '/')
		c->server[--n] = '\0';
	if (proxy != NULL && strncmp(proxy, "http://", 7) != 0 && strncmp(proxy, "https://", 8) != 0 &&
	    strncmp(proxy, "socks5://", 9) != 0)
		return kcfg_bad(at, "proxy-url %s must start with http://, https:// or socks5://", proxy);
	c->tls_server_name = tls_name ? xstrdup(tls_name) : NULL;
	c->proxy_url = proxy ? xstrdup(proxy) : NULL;
	if (kcfg_blob(at, b, "certificate-authority", "certificate-authority-data", &c->ca_pem) != 0)
		return -1;
	if (c->insecure && c->ca_pem != NULL)
		return kcfg_bad(at, "insecure-skip-tls-verify is true and a certificate authority is set; "
		    "remove one (kubectl refuses both)");

	/* spec.cluster for exec plugins with provideClusterInfo, in kubeconfig's spelling */
	cJSON *x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "server", c->server);
	if (tls_name != NULL)
		cJSON_AddStringToObject(x, "tls-server-name", tls_name);
	if (c->insecure)
		cJSON_AddBoolToObject(x, "insecure-skip-tls-verify", 1);
	if (c->ca_pem != NULL) {
		char *b64 = base64_encode(c->ca_pem, strlen(c->ca_pem));
		cJSON_AddStringToObject(x, "certificate-authority-data", b64);
		free(b64);
	}
	if (proxy != NULL)
		cJSON_AddStringToObject(x, "proxy-url", proxy);
	const cJSON *exts = b ? cJSON_GetObjectItemCaseSensitive(b, "extensions") : NULL;
	for (const cJSON *e = cJSON_IsArray(exts) ? exts->child : NULL; e != NULL; e = e->next) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
		if (cJSON_IsString(name) && strcmp(name->valuestring, "client.authentication.k8s.io/exec") == 0) {
			const cJSON *ext = cJSON_GetObjectItemCaseSensitive(e, "extension");
			if (ext != NULL)
				cJSON_AddItemToObject(x, "config", cJSON_Duplicate(ext, 1));
		}
	}
	*exec_cluster = x;
	return 0;
}

static int
kcfg_exec(const struct kcfg_at *at, const cJSON *ex, const cJSON *cluster_info, struct kconn *c)
{
	const char *api, *cmd, *hint, *mode;
	int provide = 0;
	if (!cJSON_IsObject(ex))
		return kcfg_bad(at, "exec must be a map (apiVersion:, command:, args:, env:)");
	if (kcfg_str(at, ex, "apiVersion", &api) != 0 || kcfg_str(at, ex, "command", &cmd) != 0 ||
	    kcfg_str(at, ex, "installHint", &hint) != 0 || kcfg_str(at, ex, "interactiveMode", &mode) != 0 ||
	    kcfg_bool(at, ex, "provideClusterInfo", &provide) != 0)
		return -1;
	if (cmd == NULL)
		return kcfg_bad(at, "exec.command is not set; name the credential plugin to run");
	if (api == NULL)
		return kcfg_bad(at, "exec.apiVersion is not set; use client.authentication.k8s.io/v1");
	int v1 = strcmp(api, "client.authentication.k8s.io/v1") == 0;
	if (!v1 && strcmp(api, "client.authentication.k8s.io/v1beta1") != 0)
		return kcfg_bad(at, "exec.apiVersion %s is not supported; use client.authentication.k8s.io/v1 "
		    "(or v1beta1) and a plugin that speaks it", api);
	struct kauth_exec x = { .api_version = (char *)api, .install_hint = (char *)hint };
	if (mode == NULL) {
		if (v1)
			return kcfg_bad(at, "exec.interactiveMode must be set with client.authentication.k8s.io/v1; "
			    "use Never, IfAvailable or Always");
		x.interactive = KAUTH_IF_AVAILABLE;
	} else if (strcmp(mode, "Never") == 0) {
		x.interactive = KAUTH_NEVER;
	} else if (strcmp(mode, "IfAvailable") == 0) {
		x.interactive = KAUTH_IF_AVAILABLE;
	} else if (strcmp(mode, "Always") == 0) {
		x.interactive = KAUTH_ALWAYS;
	} else {
		return kcfg_bad(at, "exec.interactiveMode %s is not Never, IfAvailable or Always", mode);
	}
	const cJSON *args = cJSON_GetObjectItemCaseSensitive(ex, "args");
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(ex, "env");
	if (args != NULL && !cJSON_IsNull(args) && !cJSON_IsArray(args))
		return kcfg_bad(at, "exec.args must be a list of text");
	if (env != NULL && !cJSON_IsNull(env) && !cJSON_IsArray(env))
		return kcfg_bad(at, "exec.env must be a list of - name: N value: V");
	int nargs = cJSON_IsArray(args) ? cJSON_GetArraySize(args) : 0;
	int nenv = cJSON_IsArray(env) ? cJSON_GetArraySize(env) : 0;
	x.argv = xcalloc((size_t)nargs + 2, sizeof *x.argv);
	x.env = xcalloc((size_t)nenv + 1, sizeof *x.env);
	int rc = 0, i = 0;
	/* a command with a slash is a path relative to the kubeconfig; a bare name is looked up in PATH */
	x.argv[0] = strchr(cmd, '/') != NULL ? kcfg_path(at, cmd) : xstrdup(cmd);
	for (const cJSON *a = cJSON_IsArray(args) ? args->child : NULL; a != NULL; a = a->next) {
		if (!cJSON_IsString(a)) {
			rc = kcfg_bad(at, "exec.args[%d] must be text; quote it", i);
			goto done;
		}
		x.argv[++i] = xstrdup(a->valuestring);
	}
	i = 0;
	for (const cJSON *e = cJSON_IsArray(env) ? env->child : NULL; e != NULL; e = e->next, i++) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
		const cJSON *value = cJSON_GetObjectItemCaseSensitive(e, "value");
		if (!cJSON_IsString(name) || name->valuestring[0] == '\0' || strchr(name->valuestring, '=') != NULL) {
			rc = kcfg_bad(at, "exec.env[%d] needs a name: (without =)", i);
			goto done;
		}
		if (value != NULL && !cJSON_IsNull(value) && !cJSON_IsString(value)) {
			rc = kcfg_bad(at, "exec.env[%d] (%s): value must be text; quote it", i, name->valuestring);
			goto done;
		}
		x.env[i] = xasprintf("%s=%s", name->valuestring, cJSON_IsString(value) ? value->valuestring : "");
	}
	x.cluster = provide ? (cJSON *)cluster_info : NULL;
	char where[PATH_MAX + 300];
	snprintf(where, sizeof where, "%s: user \"%s\"", at->cfg->files[at->e->file].shown, at->e->name);
	c->auth = kauth_new_exec(&x, where);
done:
	for (char **p = x.argv; *p != NULL; p++)
		free(*p);
	free(x.argv);
	for (char **p = x.env; *p != NULL; p++)
		xfree_secret(p);
	free(x.env);
	return rc;
}

static int
kcfg_user(const struct kcfg_at *at, struct kconn *c, const cJSON *cluster_info)
{
	const cJSON *b = at->e->body;
	const char *token, *token_file, *username, *password;
	if (kcfg_str(at, b, "token", &token) != 0 || kcfg_str(at, b, "tokenFile", &token_file) != 0 ||
	    kcfg_str(at, b, "username", &username) != 0 || kcfg_str(at, b, "password", &password) != 0)
		return -1;
	const cJSON *provider = b ? cJSON_GetObjectItemCaseSensitive(b, "auth-provider") : NULL;
	const cJSON *ex = b ? cJSON_GetObjectItemCaseSensitive(b, "exec") : NULL;
	if (ex != NULL && cJSON_IsNull(ex))
		ex = NULL;
	if (provider != NULL && !cJSON_IsNull(provider)) {
		const cJSON *pn = cJSON_GetObjectItemCaseSensitive(provider, "name");
		return kcfg_bad(at, "auth-provider %s is not supported (kubectl dropped it too); "
		    "switch the user to its exec credential plugin", cJSON_IsString(pn) ? pn->valuestring : "");
	}
	if ((token != NULL || token_file != NULL) && (username != NULL || password != NULL))
		return kcfg_bad(at, "both a token and username/password are set; keep one authentication method");
	if (kcfg_blob(at, b, "client-certificate", "client-certificate-data", &c->client_cert_pem) != 0 ||
	    kcfg_blob(at, b, "client-key", "client-key-data", &c->client_key_pem) != 0)
		return -1;
	if ((c->client_cert_pem == NULL) != (c->client_key_pem == NULL))
		return kcfg_bad(at, "%s is set without %s; a client certificate needs its key",
		    c->client_cert_pem ? "client-certificate" : "client-key",
		    c->client_cert_pem ? "client-key (or client-key-data)" : "client-certificate (or -data)");
	char where[PATH_MAX + 300];
	snprintf(where, sizeof where, "%s: user \"%s\"", at->cfg->files[at->e->file].shown, at->e->name);
	if (token != NULL) {
		c->auth = kauth_new_static(token, where);
		c->auth_method = xstrdup("token");
	} else if (token_file != NULL) {
		char *p = kcfg_path(at, token_file);
		c->auth = kauth_new_file(p, where);
		free(p);
		c->auth_method = xstrdup("token-file");
		const char *t;
		if (kauth_token(c->auth, c, 0, &t, at->err) != 0)
			return -1;
	} else if (username != NULL || password != NULL) {
		c->username = xstrdup(username ? username : "");
		c->password = xstrdup(password ? password : "");
		c->auth_method = xstrdup("basic");
	} else if (c->client_cert_pem != NULL) {
		c->auth_method = xstrdup("client-cert");
	} else if (ex != NULL) {
		/* as in client-go, a plugin is only run when no other credential is configured */
		if (kcfg_exec(at, ex, cluster_info, c) != 0)
			return -1;
		c->auth_method = xstrdup("exec");
	}
	return 0;
}

struct kconn *
kcfg_resolve(const struct kcfg *cfg, const char *context, struct kd_err *err)
{
	const char *name = context ? context : cfg->current;
	const char *first = cfg->nfiles > 0 ? cfg->files[0].shown : cfg->searched;
	if (cfg->nfiles == 0) {
		kd_err_set(err, KD_ERR_CONFIG, "no kubeconfig found (looked at %s); pass --kubeconfig F or set KUBECONFIG",
		    cfg->searched ? cfg->searched : "~/.kube/config");
		return NULL;
	}
	if (name == NULL) {
		if (cfg->contexts.n == 0)
			kd_err_set(err, KD_ERR_CONFIG, "%s: there are no contexts; add one with kubectl config set-context", first);
		else
			kd_err_set(err, KD_ERR_CONFIG, "%s: current-context is not set; pick a context with --context "
			    "(kubectl config get-contexts lists them)", first);
		return NULL;
	}
	const struct kcfg_entry *ce = kcfg_find(&cfg->contexts, name);
	if (ce == NULL) {
		if (context != NULL)
			kd_err_set(err, KD_ERR_CONFIG, "%s: context \"%s\" is not defined in any kubeconfig file; "
			    "pick another with --context (kubectl config get-contexts lists them)", first, name);
		else
			kd_err_set(err, KD_ERR_CONFIG, "%s: current-context is \"%s\", which is not defined in any kubeconfig file; "
			    "fix current-context or pick a context with --context", cfg->files[cfg->current_file].shown, name);
		return NULL;
	}
	struct kconn *c = xcalloc(1, sizeof *c);
	c->context = xstrdup(name);
	struct kcfg_at at = { cfg, ce, "context", err };
	const char *cluster, *user, *ns;
	if (kcfg_str(&at, ce->body, "cluster", &cluster) != 0 || kcfg_str(&at, ce->body, "user", &user) != 0 ||
	    kcfg_str(&at, ce->body, "namespace", &ns) != 0)
		goto fail;
	if (cluster == NULL) {
		kcfg_bad(&at, "no cluster is named; add cluster: NAME under it");
		goto fail;
	}
	const struct kcfg_entry *cl = kcfg_find(&cfg->clusters, cluster);
	if (cl == NULL) {
		kd_err_set(err, KD_ERR_CONFIG, "%s: context \"%s\" names cluster \"%s\", which is not defined in any kubeconfig "
		    "file; add it under clusters: or pick another context with --context", cfg->files[ce->file].shown, name, cluster);
		goto fail;
	}
	const struct kcfg_entry *us = NULL;
	if (user != NULL) {
		us = kcfg_find(&cfg->users, user);
		if (us == NULL) {
			kd_err_set(err, KD_ERR_CONFIG, "%s: context \"%s\" names user \"%s\", which is not defined in any kubeconfig "
			    "file; add it under users: or pick another context with --context", cfg->files[ce->file].shown, name, user);
			goto fail;
		}
	}
	c->cluster = xstrdup(cluster);
	c->user = xstrdup(user ? user : "");
	c->namespace = xstrdup(ns ? ns : "default");
	cJSON *cluster_info = NULL;
	struct kcfg_at cat = { cfg, cl, "cluster", err };
	if (kcfg_cluster(&cat, c, &cluster_info) != 0) {
		cJSON_Delete(cluster_info);
		goto fail;
	}
	if (us != NULL) {
		struct kcfg_at uat = { cfg, us, "user", err };
		int rc = kcfg_user(&uat, c, cluster_info);
		cJSON_Delete(cluster_info);
		if (rc != 0)
			goto fail;
	} else {
		cJSON_Delete(cluster_info);
	}
	if (c->auth_method == NULL)
		c->auth_method = xstrdup("none");
	log_info("context %s: server %s, user %s (%s)", c->context, c->server, c->user, c->auth_method);
	return c;
fail:
	kconn_free(&c);
	return NULL;
}

void
kconn_free(struct kconn **cp)
{
	struct kconn *c = *cp;
	if (c == NULL)
		return;
	free(c->context);
	free(c->cluster);
	free(c->user);
	free(c->namespace);
	free(c->server);
	free(c->ca_pem);
	free(c->tls_server_name);
	free(c->proxy_url);
	free(c->client_cert_pem);
	xfree_secret(&c->client_key_pem);
	free(c->username);
	xfree_secret(&c->password);
	kauth_free(&c->auth);
	free(c->auth_method);
	free(c);
	*cp = NULL;
}
