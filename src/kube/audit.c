#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/kubeconfig.h"
#include "kube/webhook.h"
#include "log.h"
#include "util/file.h"
#include "util/sha256.h"
#include "util/xmalloc.h"

static int audit_optional;

struct audit_who {
	char *context, *user;
};
static struct audit_who *audit_users;
static size_t audit_nusers;

char *
audit_path(void)
{
	char *dir = file_user_dir("XDG_STATE_HOME", ".local/state");
	char *path = xasprintf("%s/audit.jsonl", dir ? dir : "./.local/state/kdeck");
	free(dir);
	return path;
}

void
audit_set_required(int required)
{
	audit_optional = !required;
}

int
audit_required(void)
{
	return !audit_optional;
}

/* Creates the folders of path (0700) and opens it for appending (0600). */
static int
audit_open(const char *path)
{
	if (file_mkdirs_for(path, NULL) != 0)
		return -1;
	/* not through a link someone planted, and private even if it was made otherwise */
	int fd = file_open_private(path, O_WRONLY | O_APPEND | O_CREAT);
	if (fd >= 0 && fchmod(fd, 0600) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int
audit_fail(const char *path, int e, struct kd_err *err)
{
	char *pretty = file_tilde(path);
	kd_err_set(err, KD_ERR_IO, "not sent: the audit journal %s cannot be written (%s); set "
	    "auditRequired: false in config.yaml to allow changes without it", pretty, strerror(e));
	free(pretty);
	return -1;
}

int
audit_check(struct kd_err *err)
{
	char *path = audit_path();
	int fd = audit_open(path);
	if (fd < 0) {
		int e = errno;
		if (!audit_optional) {
			audit_fail(path, e, err);
			free(path);
			return -1;
		}
		log_warn("audit journal %s cannot be written (%s); auditRequired is false: "
		    "changes go out without it", path, strerror(e));
	} else
		close(fd);
	free(path);
	kd_err_clear(err);
	return 0;
}

static int
audit_secret_kind(const cJSON *j)
{
	const cJSON *c;
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "kind");
	if (cJSON_IsString(k) && strcmp(k->valuestring, "Secret") == 0)
		return 1;
	cJSON_ArrayForEach(c, j) {
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && audit_secret_kind(c))
			return 1;
		/* kubectl apply's annotation holds a whole object (a Secret's values in the clear),
		 * also in a patch that names no kind */
		if (cJSON_IsString(c) && c->string != NULL &&
		    strcmp(c->string, "kubectl.kubernetes.io/last-applied-configuration") == 0 &&
		    strstr(c->valuestring, "Secret") != NULL)
			return 1;
	}
	return 0;
}

int
audit_is_secret(const struct api_ref *ref, const char *body, size_t len)
{
	static const char *const hidden[] = { "secrets", "tokenreviews", NULL };
	for (int i = 0; ref != NULL && ref->resource != NULL && hidden[i]; i++)
		if (strcmp(ref->resource, hidden[i]) == 0)
			return 1;
	if (ref != NULL && ref->subresource != NULL && strcmp(ref->subresource, "token") == 0)
		return 1;
	if (body == NULL || len == 0)
		return 0;
	cJSON *j = cJSON_ParseWithLength(body, len);
	int secret;
	if (j != NULL)
		secret = audit_secret_kind(j);
	else    /* YAML (apply) or anything else: any mention of a Secret counts */
		secret = memmem(body, len, "Secret", 6) != NULL;
	cJSON_Delete(j);
	return secret;
}

static void
audit_add_str(cJSON *o, const char *key, const char *v)
{
	if (v != NULL && v[0] != '\0')
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddStringToObject(o, key, "");
}

static void
audit_add_body(cJSON *o, const struct audit_entry *e)
{
	if (e->body == NULL || e->body_len == 0)
		return;
	if (audit_is_secret(e->ref, e->body, e->body_len)) {
		char hex[65];
		sha256_hex(e->body, e->body_len, hex);
		cJSON_AddStringToObject(o, "bodySHA256", hex);
		return;
	}
	cJSON *j = cJSON_ParseWithLength(e->body, e->body_len);
	if (j != NULL) {
		cJSON_AddItemToObject(o, "body", j);
		return;
	}
	char *s = xmalloc(e->body_len + 1);
	memcpy(s, e->body, e->body_len);
	s[e->body_len] = '\0';
	cJSON_AddStringToObject(o, "body", s);
	free(s);
}

/* A line's own id: unique across kdecks, hosts and restarts (random bytes, the clock to
 * the nanosecond, the process, a count), so a receiver of the webhook can drop a line sent
 * twice. */
static void
audit_id(char out[33])
{
	static unsigned count;
	struct timespec ts;
	unsigned char rnd[16] = { 0 };
	char seed[160], hex[65];
	if (getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
		memset(rnd, 0, sizeof rnd);   /* the clock, pid and count still tell lines apart */
	clock_gettime(CLOCK_REALTIME, &ts);
	int n = snprintf(seed, sizeof seed, "%lld.%09ld %ld %u ", (long long)ts.tv_sec, ts.tv_nsec,
	    (long)getpid(), count++);
	for (size_t i = 0; i < sizeof rnd; i++)
		n += snprintf(seed + n, sizeof seed - (size_t)n, "%02x", rnd[i]);
	sha256_hex(seed, (size_t)n, hex);
	memcpy(out, hex, 32);
	out[32] = '\0';
}

int
audit_write(const struct audit_entry *e, struct kd_err *err)
{
	char when[32], id[33];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);

	cJSON *o = cJSON_CreateObject();
	const struct api_ref *r = e->ref;
	audit_id(id);
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "time", when);
	audit_add_str(o, "context", e->context);
	audit_add_str(o, "server", e->server);
	audit_add_str(o, "user", e->user);
	audit_add_str(o, "verb", e->verb);
	if (e->patch != NULL)
		cJSON_AddStringToObject(o, "patch", e->patch);
	audit_add_str(o, "group", r ? r->group : NULL);
	audit_add_str(o, "version", r ? r->version : NULL);
	audit_add_str(o, "resource", r ? r->resource : NULL);
	audit_add_str(o, "namespace", r ? r->ns : NULL);
	audit_add_str(o, "name", r ? r->name : NULL);
	audit_add_str(o, "subresource", r ? r->subresource : NULL);
	cJSON_AddBoolToObject(o, "dryRun", e->dry_run != 0);
	if (e->force)
		cJSON_AddBoolToObject(o, "force", 1);
	if (e->detail != NULL)
		cJSON_AddStringToObject(o, "detail", e->detail);
	audit_add_body(o, e);
	cJSON_AddNumberToObject(o, "code", (double)e->code);
	audit_add_str(o, "message", e->message);
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	size_t n = strlen(text);
	char *line = xmalloc(n + 2);
	memcpy(line, text, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	free(text);

	char *path = audit_path();
	int fd = audit_open(path), rc = 0;
	if (fd < 0) {
		rc = audit_fail(path, errno, err);
	} else {
		/* one write: O_APPEND makes it land whole at the end */
		ssize_t w = write(fd, line, n + 1);
		if (w != (ssize_t)(n + 1)) {
			rc = audit_fail(path, w < 0 ? errno : ENOSPC, err);
			/* a torn line ends here, so the next one stays whole */
			if (w > 0 && write(fd, "\n", 1) < 0)
				log_warn("audit journal %s: a torn line could not be ended", path);
		}
		close(fd);
	}
	if (rc == 0)
		webhook_journal_line(line, n);
	if (rc != 0)
		log_warn("audit journal %s: a line for %s %s was not written", path,
		    e->verb ? e->verb : "?", r && r->name ? r->name : "");
	free(path);
	free(line);
	return rc;
}

void
audit_set_user(const char *context, const char *user)
{
	for (size_t i = 0; i < audit_nusers; i++)
		if (strcmp(audit_users[i].context, context) == 0) {
			free(audit_users[i].user);
			audit_users[i].user = xstrdup(user);
			return;
		}
	audit_users = xreallocarray(audit_users, audit_nusers + 1, sizeof *audit_users);
	audit_users[audit_nusers].context = xstrdup(context);
	audit_users[audit_nusers++].user = xstrdup(user);
}

const char *
audit_user(const char *context)
{
	for (size_t i = 0; context != NULL && i < audit_nusers; i++)
		if (strcmp(audit_users[i].context, context) == 0)
			return audit_users[i].user;
	return NULL;
}

void
audit_session(const char *context, const struct kconn *conn, const char *kind,
    const struct api_ref *ref, const char *detail)
{
	const char *user = audit_user(context);
	struct audit_entry e = { .context = context, .server = conn ? conn->server : NULL,
		.user = user ? user : conn ? conn->user : NULL, .verb = kind, .ref = ref,
		.detail = detail };
	struct kd_err err;
	if (audit_write(&e, &err) != 0)
		log_warn("%s", err.msg);
}
