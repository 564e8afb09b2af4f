#define _XOPEN_SOURCE 700
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kube/webhook.h"
#include "model/doc.h"
#include "util/file.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#ifndef KDECK_PREFIX
#define KDECK_PREFIX "/usr/local"
#endif

struct config_ctx {
	char *name;
	int readonly;   /* -1 unset */
	int production; /* colours the header of its screens */
};

struct config_path {
	char *kind;
	const char **dirs;
};

static struct {
	char *theme, *keymap, *log_file, *log_level, *shell_prefix_key, *debug_image, *log_ring_lines;
	int record;
	int readonly;
	int audit_optional;   /* auditRequired: false */
	char *audit_webhook;
	long audit_webhook_spool_max;
	long max_ws_message_mib, max_log_line_kib;   /* 0: unset */
	long canary_step;                            /* 0: unset */
	struct config_ctx *ctxs;
	size_t nctxs;
	char **prod_patterns;   /* productionContexts: glob patterns of context names */
	size_t nprod;
	char *dir;
	char *data_dir;
	struct config_path *paths;
	size_t npaths;
} config;

static int
config_is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
config_is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

const char *
config_dir(void)
{
	if (config.dir == NULL)
		config.dir = file_user_dir("XDG_CONFIG_HOME", ".config");
	if (config.dir == NULL)   /* no HOME */
		config.dir = xstrdup("./.config/kdeck");
	return config.dir;
}

/* The folder holding views/, themes/, keymaps/: $KDECK_DATA_DIR, else beside the binary
 * (an install in PREFIX/bin finds PREFIX/share/kdeck; build/kdeck or build/tests/test_x in
 * a checkout finds the checkout), else the compiled-in PREFIX. */
static const char *
config_data_dir(void)
{
	if (config.data_dir != NULL)
		return config.data_dir;
	const char *env = getenv("KDECK_DATA_DIR");
	if (env != NULL && *env != '\0')
		return config.data_dir = xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL)
			*slash = '\0';
		char *share = xasprintf("%s/../share/kdeck", exe);
		if (config_is_dir(share))
			return config.data_dir = share;
		free(share);
		for (int up = 1; up <= 2; up++) {
			char *top = xasprintf("%s%s", exe, up == 1 ? "/.." : "/../..");
			char *marker = xasprintf("%s/src/main.c", top);
			int hit = config_is_file(marker);
			free(marker);
			if (hit) {
				char real[PATH_MAX];
				if (realpath(top, real) != NULL) {
					free(top);
					return config.data_dir = xstrdup(real);
				}
			}
			free(top);
		}
	}
	return config.data_dir = xstrdup(KDECK_PREFIX "/share/kdeck");
}

const char **
config_search_path(const char *kind)
{
	for (size_t i = 0; i < config.npaths; i++)
		if (strcmp(config.paths[i].kind, kind) == 0)
			return config.paths[i].dirs;
	const char **dirs = xcalloc(3, sizeof *dirs);
	size_t n = 0;
	char *user = xasprintf("%s/%s", config_dir(), kind);
	char *data = xasprintf("%s/%s", config_data_dir(), kind);
	if (!config_is_dir(data)) {   /* a checkout keeps the templates in contrib/ */
		free(data);
		data = xasprintf("%s/contrib/%s", config_data_dir(), kind);
	}
	if (config_is_dir(user))
		dirs[n++] = user;
	else
		free(user);
	if (config_is_dir(data) && (n == 0 || strcmp(dirs[0], data) != 0))
		dirs[n++] = data;
	else
		free(data);
	config.paths = xreallocarray(config.paths, config.npaths + 1, sizeof *config.paths);
	config.paths[config.npaths++] = (struct config_path){ xstrdup(kind), dirs };
	return dirs;
}

static void
config_clear_values(void)
{
	free(config.theme);
	free(config.keymap);
	free(config.log_file);
	free(config.log_level);
	free(config.shell_prefix_key);
	free(config.debug_image);
	free(config.log_ring_lines);
	config.debug_image = config.log_ring_lines = NULL;
	config.record = 0;
	for (size_t i = 0; i < config.nctxs; i++)
		free(config.ctxs[i].name);
	free(config.ctxs);
	for (size_t i = 0; i < config.nprod; i++)
		free(config.prod_patterns[i]);
	free(config.prod_patterns);
	config.prod_patterns = NULL;
	config.nprod = 0;
	config.theme = config.keymap = config.log_file = config.log_level = config.shell_prefix_key = NULL;
	config.ctxs = NULL;
	config.nctxs = 0;
	config.readonly = 0;
	config.audit_optional = 0;
	free(config.audit_webhook);
	config.audit_webhook = NULL;
	config.audit_webhook_spool_max = 0;
	config.max_ws_message_mib = config.max_log_line_kib = 0;
	config.canary_step = 0;
}

void
config_free(void)
{
	config_clear_values();
	for (size_t i = 0; i < config.npaths; i++) {
		for (const char **d = config.paths[i].dirs; *d != NULL; d++)
			free((char *)*d);
		free(config.paths[i].dirs);
		free(config.paths[i].kind);
	}
	free(config.paths);
	config.paths = NULL;
	config.npaths = 0;
	free(config.dir);
	free(config.data_dir);
	config.dir = config.data_dir = NULL;
}

/* Reports a value of the wrong kind: "FILE:LINE:COL: KEY must be WHAT; defaults used". */
static int
config_bad(const char *path, const struct doc_marks *marks, const cJSON *node, const char *key,
    const char *what, struct kd_err *err)
{
	int line = 0, col = 0;
	if (doc_mark(marks, node, &line, &col) == 0)
		return kd_err_set(err, KD_ERR_CONFIG, "%s:%d:%d: %s %s; kdeck uses its defaults until it is fixed",
		    path, line, col, key, what);
	return kd_err_set(err, KD_ERR_CONFIG, "%s: %s %s; kdeck uses its defaults until it is fixed", path, key, what);
}

static int
config_string(const char *path, const struct doc_marks *marks, const cJSON *v, const char *key, char **out,
    struct kd_err *err)
{
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return config_bad(path, marks, v, key, "must be a name", err);
	free(*out);
	if (v->valuestring[0] == '~' && v->valuestring[1] == '/' && getenv("HOME") != NULL)
		*out = xasprintf("%s%s", getenv("HOME"), v->valuestring + 1);
	else
		*out = xstrdup(v->valuestring);
	return 0;
}

static int
config_bool(const char *path, const struct doc_marks *marks, const cJSON *v, const char *key, int *out,
    struct kd_err *err)
{
	if (!cJSON_IsBool(v))
		return config_bad(path, marks, v, key, "must be true or false", err);
	*out = cJSON_IsTrue(v);
	return 0;
}

/* A bound: a whole number from 1 to hi. */
static int
config_size(const char *path, const struct doc_marks *marks, const cJSON *v, const char *key, long hi,
    long *out, struct kd_err *err)
{
	if (cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > (double)hi ||
	    v->valuedouble != (double)(long)v->valuedouble) {
		char what[64];
		snprintf(what, sizeof what, "must be a whole number from 1 to %ld", hi);
		return config_bad(path, marks, v, key, what, err);
	}
	*out = (long)v->valuedouble;
	return 0;
}

static int
config_apply(const char *path, const cJSON *root, const struct doc_marks *marks, struct kd_err *err)
{
	if (cJSON_IsNull(root))
		return 0;   /* an empty file */
	if (!cJSON_IsObject(root))
		return config_bad(path, marks, root, "the file", "must be a map of settings (theme: dark, ...)", err);
	for (const cJSON *v = root->child; v != NULL; v = v->next) {
		const char *k = v->string;
		int rc = 0;
		if (strcmp(k, "theme") == 0)
			rc = config_string(path, marks, v, k, &config.theme, err);
		else if (strcmp(k, "keymap") == 0)
			rc = config_string(path, marks, v, k, &config.keymap, err);
		else if (strcmp(k, "logFile") == 0)
			rc = config_string(path, marks, v, k, &config.log_file, err);
		else if (strcmp(k, "logLevel") == 0)
			rc = config_string(path, marks, v, k, &config.log_level, err);
		else if (strcmp(k, "shellPrefixKey") == 0)
			rc = config_string(path, marks, v, k, &config.shell_prefix_key, err);
		else if (strcmp(k, "readOnly") == 0)
			rc = config_bool(path, marks, v, k, &config.readonly, err);
		else if (strcmp(k, "record") == 0)
			rc = config_bool(path, marks, v, k, &config.record, err);
		else if (strcmp(k, "auditRequired") == 0) {
			int req = 1;
			rc = config_bool(path, marks, v, k, &req, err);
			if (rc == 0)
				config.audit_optional = !req;
		}
		else if (strcmp(k, "auditWebhook") == 0) {
			rc = config_string(path, marks, v, k, &config.audit_webhook, err);
			if (rc == 0 && config.audit_webhook != NULL && !webhook_url_ok(config.audit_webhook))
				rc = config_bad(path, marks, v, k, "must be an http:// or https:// URL", err);
		}
		else if (strcmp(k, "auditWebhookSpoolMax") == 0)
			rc = config_size(path, marks, v, k, 10000000, &config.audit_webhook_spool_max, err);
		else if (strcmp(k, "maxWebSocketMessageMiB") == 0)
			rc = config_size(path, marks, v, k, 4095, &config.max_ws_message_mib, err);
		else if (strcmp(k, "maxLogLineKiB") == 0)
			rc = config_size(path, marks, v, k, 1L << 20, &config.max_log_line_kib, err);
		else if (strcmp(k, "canaryStep") == 0)
			rc = config_size(path, marks, v, k, 100, &config.canary_step, err);
		else if (strcmp(k, "debugImage") == 0)
			rc = config_string(path, marks, v, k, &config.debug_image, err);
		else if (strcmp(k, "logRingLines") == 0) {
			char *txt = cJSON_IsNumber(v) ? xasprintf("%d", v->valueint) : NULL;
			if (txt != NULL) {
				free(config.log_ring_lines);
				config.log_ring_lines = txt;
			} else
				rc = config_string(path, marks, v, k, &config.log_ring_lines, err);
		}
		else if (strcmp(k, "productionContexts") == 0) {
			if (cJSON_IsNull(v))
				continue;
			if (!cJSON_IsArray(v))
				return config_bad(path, marks, v, k, "must be a list of context name patterns ([\"prod-*\"])", err);
			for (const cJSON *e = v->child; e != NULL; e = e->next) {
				if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
					return config_bad(path, marks, e, "a productionContexts entry", "must be a pattern (prod-*)", err);
				config.prod_patterns = xreallocarray(config.prod_patterns, config.nprod + 1,
				    sizeof *config.prod_patterns);
				config.prod_patterns[config.nprod++] = xstrdup(e->valuestring);
			}
		}
		else if (strcmp(k, "contexts") == 0) {
			if (cJSON_IsNull(v))
				continue;
			if (!cJSON_IsObject(v))
				return config_bad(path, marks, v, k, "must map context names to settings", err);
			for (const cJSON *c = v->child; c != NULL; c = c->next) {
				struct config_ctx cx = { xstrdup(c->string), -1, 0 };
				config.ctxs = xreallocarray(config.ctxs, config.nctxs + 1, sizeof *config.ctxs);
				config.ctxs[config.nctxs++] = cx;
				if (cJSON_IsNull(c))
					continue;
				if (!cJSON_IsObject(c))
					return config_bad(path, marks, c, "a context's settings", "must be a map (readOnly: true)",
					    err);
				for (const cJSON *s = c->child; s != NULL; s = s->next) {
					if (strcmp(s->string, "readOnly") == 0) {
						int ro = 0;
						if (config_bool(path, marks, s, "readOnly", &ro, err) != 0)
							return -1;
						config.ctxs[config.nctxs - 1].readonly = ro;
					} else if (strcmp(s->string, "production") == 0) {
						int pr = 0;
						if (config_bool(path, marks, s, "production", &pr, err) != 0)
							return -1;
						config.ctxs[config.nctxs - 1].production = pr;
					} else {
						char what[300];
						snprintf(what, sizeof what, "is not a context setting (readOnly, production)");
						char key[300];
						snprintf(key, sizeof key, "contexts.%s.%s", c->string, s->string);
						return config_bad(path, marks, s, key, what, err);
					}
				}
			}
		} else {
			char key[300];
			snprintf(key, sizeof key, "\"%s\"", k);
			return config_bad(path, marks, v, key,
			    "is not a setting (theme, keymap, readOnly, logFile, logLevel, shellPrefixKey, record, debugImage, canaryStep, logRingLines, contexts, productionContexts)", err);
		}
		if (rc != 0)
			return rc;
	}
	if (config.log_level != NULL) {
		static const char *const levels[] = { "error", "warn", "warning", "info", "debug" };
		int ok = 0;
		for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
			ok |= strcmp(config.log_level, levels[i]) == 0;
		if (!ok)
			return config_bad(path, marks, cJSON_GetObjectItemCaseSensitive(root, "logLevel"), "logLevel",
			    "must be error, warn, info or debug", err);
	}
	return 0;
}

int
config_load(const char *path, struct kd_err *err)
{
	config_clear_values();
	char *def = NULL;
	if (path == NULL) {
		def = xasprintf("%s/config.yaml", config_dir());
		path = def;
		if (access(path, F_OK) != 0) {
			free(def);
			return 0;
		}
	}
	FILE *f = fopen(path, "rbe");
	if (f == NULL) {
		kd_err_set(err, KD_ERR_CONFIG, "%s: cannot read it (%s); kdeck uses its defaults", path, strerror(errno));
		free(def);
		return -1;
	}
	struct sbuf b = { 0 };
	(void)sbuf_fread(&b, f, SIZE_MAX);
	fclose(f);
	struct doc_marks *marks = NULL;
	struct kd_err perr = { 0 };
	cJSON *root = doc_from_yaml_marks(b.s, b.len, path, &marks, &perr);
	free(b.s);
	int rc = 0;
	if (root == NULL) {
		kd_err_set(err, KD_ERR_CONFIG, "%s; kdeck uses its defaults until it is fixed", perr.msg);
		rc = -1;
	} else if (config_apply(path, root, marks, err) != 0) {
		config_clear_values();
		rc = -1;
	}
	cJSON_Delete(root);
	doc_marks_free(&marks);
	free(def);
	return rc;
}

const char *config_theme(void) { return config.theme; }
const char *config_keymap(void) { return config.keymap; }
const char *config_log_file(void) { return config.log_file; }
const char *config_log_level(void) { return config.log_level; }
const char *config_shell_prefix_key(void) { return config.shell_prefix_key; }
int config_record(void) { return config.record; }
const char *config_debug_image(void) { return config.debug_image ? config.debug_image : "busybox"; }
long config_max_ws_message_mib(void) { return config.max_ws_message_mib; }
long config_max_log_line_kib(void) { return config.max_log_line_kib; }
long config_canary_step(void) { return config.canary_step > 0 ? config.canary_step : 10; }
long config_log_ring_lines(void) { return config.log_ring_lines ? atol(config.log_ring_lines) : 0; }

int
config_production(const char *context)
{
	if (context != NULL) {
		for (size_t i = config.nctxs; i-- > 0;)
			if (strcmp(config.ctxs[i].name, context) == 0)
				if (config.ctxs[i].production)
					return 1;
		for (size_t i = 0; i < config.nprod; i++)
			if (fnmatch(config.prod_patterns[i], context, 0) == 0)
				return 1;
	}
	return 0;
}

int
config_readonly(const char *context)
{
	if (context != NULL) {
		for (size_t i = config.nctxs; i-- > 0;)
			if (strcmp(config.ctxs[i].name, context) == 0 && config.ctxs[i].readonly >= 0)
				return config.ctxs[i].readonly;
	}
	return config.readonly;
}

int
config_audit_required(void)
{
	return !config.audit_optional;
}

const char *
config_audit_webhook(void)
{
	return config.audit_webhook;
}

long
config_audit_webhook_spool_max(void)
{
	return config.audit_webhook_spool_max > 0 ? config.audit_webhook_spool_max : 10000;
}
