#define _POSIX_C_SOURCE 200809L
#include "kube/discovery.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kube/http.h"
#include "log.h"
#include "loop.h"
#include "util/file.h"
#include "util/xmalloc.h"

#define DISC_ACCEPT_AGGREGATED \
	"application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," \
	"application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList," \
	"application/json"

struct disc_req;

struct discovery {
	struct http *http;
	char *cache_file;
	int ttl_s;
	struct kres *res;
	unsigned char *other;     /* res[i] came from a group's other version than its preferred one */
	size_t nres, capres;
	char *version;
	int ready;
	const char *origin;
	/* a load under way */
	discovery_cb cb;
	void *arg;
	int pending;              /* requests outstanding */
	int failed;
	struct kd_err err;
	struct disc_req **reqs;   /* the requests out, NULL once answered */
	size_t nreqs;
	struct loop_timer *cached_timer;
};

void
kres_clear(struct kres *r)
{
	free(r->group);
	free(r->version);
	free(r->resource);
	free(r->singular);
	free(r->kind);
	for (int i = 0; i < r->nshort; i++)
		free(r->short_names[i]);
	free(r->short_names);
	memset(r, 0, sizeof *r);
}

void
kres_copy(struct kres *d, const struct kres *s)
{
	memset(d, 0, sizeof *d);
	d->group = xstrdup(s->group ? s->group : "");
	d->version = xstrdup(s->version ? s->version : "v1");
	d->resource = xstrdup(s->resource ? s->resource : "");
	d->singular = xstrdup(s->singular ? s->singular : "");
	d->kind = xstrdup(s->kind ? s->kind : "");
	if (s->nshort > 0) {
		d->short_names = xreallocarray(NULL, (size_t)s->nshort, sizeof *d->short_names);
		for (int i = 0; i < s->nshort; i++)
			d->short_names[i] = xstrdup(s->short_names[i]);
		d->nshort = s->nshort;
	}
	d->namespaced = s->namespaced;
	d->verbs = s->verbs;
	d->subres = s->subres;
}

struct kres *
kres_dup(const struct kres *s)
{
	struct kres *d = xmalloc(sizeof *d);
	kres_copy(d, s);
	return d;
}

static void
disc_clear(struct discovery *d)
{
	for (size_t i = 0; i < d->nres; i++)
		kres_clear(&d->res[i]);
	d->nres = 0;
	d->ready = 0;
}

static unsigned
disc_verbs(const cJSON *verbs)
{
	static const char *names[] = { "get", "list", "watch", "create", "update", "patch",
	    "delete", "deletecollection" };
	unsigned v = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, verbs) {
		for (unsigned i = 0; i < 8; i++)
			if (cJSON_IsString(it) && strcmp(it->valuestring, names[i]) == 0)
				v |= 1u << i;
	}
	return v;
}

static unsigned
disc_subres_bit(const char *sub)
{
	if (sub == NULL)
		return 0;
	if (strcmp(sub, "status") == 0)
		return KRES_SUB_STATUS;
	if (strcmp(sub, "scale") == 0)
		return KRES_SUB_SCALE;
	return 0;
}

static const char *
js(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* other: from a group's other version, for what its preferred one does not serve
 * (batch/v1beta1 cronjobs beside batch/v1 jobs in Kubernetes 1.20); the preferred
 * version's resource replaces it whatever order the answers came in. */
static void
disc_add(struct discovery *d, const char *group, const char *version, const char *resource,
    const char *singular, const char *kind, int namespaced, unsigned verbs, unsigned subres,
    const cJSON *shorts, int other)
{
	struct kres *r = NULL;
	if (resource == NULL || strchr(resource, '/') != NULL || kind == NULL)
		return;   /* subresources */
	for (size_t i = 0; i < d->nres && r == NULL; i++)
		if (strcmp(d->res[i].group, group) == 0 && strcmp(d->res[i].resource, resource) == 0) {
			if (other || !d->other[i])
				return;   /* an earlier (preferred) version won */
			kres_clear(&d->res[i]);
			r = &d->res[i];
			d->other[i] = 0;
		}
	if (r == NULL) {
		if (d->nres == d->capres) {
			d->capres = d->capres ? d->capres * 2 : 64;
			d->res = xreallocarray(d->res, d->capres, sizeof *d->res);
			d->other = xreallocarray(d->other, d->capres, sizeof *d->other);
		}
		d->other[d->nres] = (unsigned char)other;
		r = &d->res[d->nres++];
	}
	memset(r, 0, sizeof *r);
	r->group = xstrdup(group);
	r->version = xstrdup(version);
	r->resource = xstrdup(resource);
	char *low = NULL;
	if (singular == NULL || singular[0] == '\0') {
		low = xstrdup(kind);
		for (char *p = low; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		singular = low;
	}
	r->singular = xstrdup(singular);
	free(low);
	r->kind = xstrdup(kind);
	r->namespaced = namespaced;
	r->verbs = verbs;
	r->subres = subres;
	const cJSON *s;
	cJSON_ArrayForEach(s, shorts) {
		if (!cJSON_IsString(s))
			continue;
		r->short_names = xreallocarray(r->short_names, (size_t)r->nshort + 1, sizeof *r->short_names);
		r->short_names[r->nshort++] = xstrdup(s->valuestring);
	}
}

static void
disc_split_gv(const char *gv, char *group, size_t gl, char *version, size_t vl)
{
	const char *slash = strchr(gv, '/');
	if (slash == NULL) {
		snprintf(group, gl, "%s", "");
		snprintf(version, vl, "%s", gv);
	} else {
		snprintf(group, gl, "%.*s", (int)(slash - gv), gv);
		snprintf(version, vl, "%s", slash + 1);
	}
}

int
discovery_add_json(struct discovery *d, const char *json, size_t len, const char *group_version,
    int other, struct kd_err *err)
{
	cJSON *doc = cJSON_ParseWithLength(json, len);
	if (doc == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "The API server's discovery answer is not JSON.");
	const char *kind = js(doc, "kind");
	const cJSON *it;
	if (kind != NULL && strcmp(kind, "APIGroupDiscoveryList") == 0) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "items")) {
			const char *group = js(cJSON_GetObjectItemCaseSensitive(it, "metadata"), "name");
			const cJSON *ver = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(it, "versions"), 0);
			const char *version = js(ver, "version");
			if (version == NULL)
				continue;
			const cJSON *r;
			cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(ver, "resources")) {
				const char *scope = js(r, "scope");
				unsigned sub = 0;
				const cJSON *sr;
				cJSON_ArrayForEach(sr, cJSON_GetObjectItemCaseSensitive(r, "subresources"))
					sub |= disc_subres_bit(js(sr, "subresource"));
				disc_add(d, group ? group : "", version, js(r, "resource"),
				    js(r, "singularResource"),
				    js(cJSON_GetObjectItemCaseSensitive(r, "responseKind"), "kind"),
				    scope && strcmp(scope, "Namespaced") == 0,
				    disc_verbs(cJSON_GetObjectItemCaseSensitive(r, "verbs")), sub,
				    cJSON_GetObjectItemCaseSensitive(r, "shortNames"), 0);
			}
		}
	} else if (kind != NULL && strcmp(kind, "APIResourceList") == 0) {
		char group[256], version[64];
		const char *gv = js(doc, "groupVersion");
		disc_split_gv(gv ? gv : group_version ? group_version : "v1", group, sizeof group,
		    version, sizeof version);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "resources")) {
			disc_add(d, group, version, js(it, "name"), js(it, "singularName"), js(it, "kind"),
			    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "namespaced")),
			    disc_verbs(cJSON_GetObjectItemCaseSensitive(it, "verbs")), 0,
			    cJSON_GetObjectItemCaseSensitive(it, "shortNames"), other);
		}
		/* "deployments/scale": the subresources of what this version serves, in any order */
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "resources")) {
			const char *name = js(it, "name"), *slash = name ? strchr(name, '/') : NULL;
			unsigned bit = slash ? disc_subres_bit(slash + 1) : 0;
			for (size_t i = 0; bit && i < d->nres; i++)
				if (strcmp(d->res[i].group, group) == 0 && strcmp(d->res[i].version, version) == 0 &&
				    strlen(d->res[i].resource) == (size_t)(slash - name) &&
				    strncmp(d->res[i].resource, name, (size_t)(slash - name)) == 0)
					d->res[i].subres |= bit;
		}
	} else {
		/* kind lives in doc: the message first */
		kd_err_set(err, KD_ERR_INVALID, "The API server's discovery answer is a %s, "
		    "not a resource list.", kind ? kind : "document without kind");
		cJSON_Delete(doc);
		return -1;
	}
	cJSON_Delete(doc);
	return 0;
}

/* ---- the disk cache ------------------------------------------------------------------ */

static char *
disc_cache_file(const char *dir, const char *server)
{
	char *base = dir != NULL ? xstrdup(dir) : file_user_dir("XDG_CACHE_HOME", ".cache");
	char *safe = xstrdup(server);
	for (char *p = safe; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-'))
			*p = '_';
	char *f = xasprintf("%s/discovery/%s/resources.json", base, safe);
	free(base);
	free(safe);
	return f;
}

/* The cache's folder, private (0700, ours, not a symlink): 0 or -1. */
static int
disc_cache_dir(const char *file)
{
	char *dir = xstrdup(file);
	char *slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	int rc = slash != NULL && slash != dir ? file_private_dir(dir) : -1;
	free(dir);
	return rc;
}

static void
disc_save(struct discovery *d)
{
	cJSON *root = cJSON_CreateObject();
	if (d->version)
		cJSON_AddStringToObject(root, "serverVersion", d->version);
	cJSON *arr = cJSON_AddArrayToObject(root, "resources");
	for (size_t i = 0; i < d->nres; i++) {
		const struct kres *r = &d->res[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "group", r->group);
		cJSON_AddStringToObject(o, "version", r->version);
		cJSON_AddStringToObject(o, "resource", r->resource);
		cJSON_AddStringToObject(o, "singular", r->singular);
		cJSON_AddStringToObject(o, "kind", r->kind);
		cJSON_AddBoolToObject(o, "namespaced", r->namespaced);
		cJSON_AddNumberToObject(o, "verbs", r->verbs);
		cJSON_AddNumberToObject(o, "subresources", r->subres);
		cJSON *sn = cJSON_AddArrayToObject(o, "shortNames");
		for (int k = 0; k < r->nshort; k++)
			cJSON_AddItemToArray(sn, cJSON_CreateString(r->short_names[k]));
		cJSON_AddItemToArray(arr, o);
	}
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (disc_cache_dir(d->cache_file) != 0 || file_write_private(d->cache_file, text, strlen(text)) != 0)
		log_warn("discovery cache %s not written: %s", d->cache_file, strerror(errno));
	free(text);
}

static int
disc_load_cache(struct discovery *d)
{
	struct stat st;
	/* a cache that is not ours (a planted symlink, someone else's file) is not read */
	int fd = disc_cache_dir(d->cache_file) == 0 ? file_open_private(d->cache_file, O_RDONLY) : -1;
	if (fd < 0)
		return -1;
	FILE *f = fdopen(fd, "rb");
	if (f == NULL) {
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || time(NULL) - st.st_mtime > d->ttl_s) {
		fclose(f);
		return -1;
	}
	size_t cap = (size_t)st.st_size + 1, n;
	char *buf = xmalloc(cap);
	n = fread(buf, 1, cap - 1, f);
	fclose(f);
	buf[n] = '\0';
	cJSON *root = cJSON_ParseWithLength(buf, n);
	free(buf);
	if (root == NULL)
		return -1;
	disc_clear(d);
	const char *v = js(root, "serverVersion");
	free(d->version);
	d->version = v ? xstrdup(v) : NULL;
	const cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(root, "resources")) {
		const cJSON *verbs = cJSON_GetObjectItemCaseSensitive(o, "verbs");
		const cJSON *sub = cJSON_GetObjectItemCaseSensitive(o, "subresources");
		const char *g = js(o, "group");
		disc_add(d, g ? g : "", js(o, "version") ? js(o, "version") : "v1", js(o, "resource"),
		    js(o, "singular"), js(o, "kind"),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "namespaced")),
		    cJSON_IsNumber(verbs) ? (unsigned)verbs->valuedouble : 0,
		    cJSON_IsNumber(sub) ? (unsigned)sub->valuedouble : 0,
		    cJSON_GetObjectItemCaseSensitive(o, "shortNames"), 0);
	}
	cJSON_Delete(root);
	return d->nres > 0 ? 0 : -1;
}

/* ---- from the server ------------------------------------------------------------------- */

struct disc_req {
	struct discovery *d;
	char *gv;          /* the group version asked for, NULL for /api, /apis, /version */
	int what;          /* 0 /version, 1 /api, 2 /apis, 3 a group's preferred version, 4 another */
	struct http_req *r;
};

static void disc_get(struct discovery *d, const char *path, const char *accept, int what, const char *gv);

static void
disc_finish(struct discovery *d)
{
	if (--d->pending > 0)
		return;
	free(d->reqs);
	d->reqs = NULL;
	d->nreqs = 0;
	discovery_cb cb = d->cb;
	d->cb = NULL;
	if (d->failed && d->nres == 0) {
		cb(d, &d->err, d->arg);
		return;
	}
	d->ready = 1;
	d->origin = "from server";
	disc_save(d);
	cb(d, NULL, d->arg);
}

static void
disc_on_answer(struct http_req *r, const struct http_result *res, void *arg)
{
	struct disc_req *dr = arg;
	struct discovery *d = dr->d;
	(void)r;
	for (size_t i = 0; i < d->nreqs; i++)
		if (d->reqs[i] == dr)
			d->reqs[i] = NULL;
	if (res->err.code != KD_OK) {
		/* an aggregated API that is down must not hide the rest (kubectl warns too) */
		if (dr->what < 3 && !d->failed) {
			d->failed = 1;
			d->err = res->err;
		}
		goto done;
	}
	cJSON *doc = cJSON_ParseWithLength(res->body, res->body_len);
	const char *kind = js(doc, "kind");
	if (dr->what == 0) {
		const char *v = js(doc, "gitVersion");
		free(d->version);
		d->version = v ? xstrdup(v) : NULL;
	} else if (kind != NULL && (strcmp(kind, "APIGroupDiscoveryList") == 0 ||
	    strcmp(kind, "APIResourceList") == 0)) {
		discovery_add_json(d, res->body, res->body_len, dr->gv, dr->what == 4, NULL);
	} else if (kind != NULL && strcmp(kind, "APIVersions") == 0) {
		const cJSON *v;
		cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(doc, "versions")) {
			if (!cJSON_IsString(v))
				continue;
			char *p = xasprintf("/api/%s", v->valuestring);
			disc_get(d, p, "application/json", 3, v->valuestring);
			free(p);
			break;   /* the first is the preferred one */
		}
	} else if (kind != NULL && strcmp(kind, "APIGroupList") == 0) {
		const cJSON *g;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "groups")) {
			const char *gv = js(cJSON_GetObjectItemCaseSensitive(g, "preferredVersion"), "groupVersion");
			if (gv == NULL)
				continue;
			char *p = xasprintf("/apis/%s", gv);
			disc_get(d, p, "application/json", 3, gv);
			free(p);
			/* kubectl's way: a resource only an older version serves is still served */
			const cJSON *v;
			cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(g, "versions")) {
				const char *ov = js(v, "groupVersion");
				if (ov == NULL || strcmp(ov, gv) == 0)
					continue;
				p = xasprintf("/apis/%s", ov);
				disc_get(d, p, "application/json", 4, ov);
				free(p);
			}
		}
	}
	cJSON_Delete(doc);
done:
	free(dr->gv);
	free(dr);
	disc_finish(d);
}

static void
disc_get(struct discovery *d, const char *path, const char *accept, int what, const char *gv)
{
	struct disc_req *dr = xcalloc(1, sizeof *dr);
	dr->d = d;
	dr->what = what;
	dr->gv = gv ? xstrdup(gv) : NULL;
	d->pending++;
	struct http_opts o = { .path = path, .accept = accept, .timeout_ms = 30000 };
	dr->r = http_request(d->http, &o, NULL, disc_on_answer, dr);
	d->reqs = xreallocarray(d->reqs, d->nreqs + 1, sizeof *d->reqs);
	d->reqs[d->nreqs++] = dr;
}

struct discovery *
discovery_new(struct http *h, const char *cache_dir, int ttl_s)
{
	struct discovery *d = xcalloc(1, sizeof *d);
	d->http = h;
	d->ttl_s = ttl_s > 0 ? ttl_s : 600;
	d->cache_file = disc_cache_file(cache_dir, http_server(h));
	return d;
}

void
discovery_free(struct discovery **dp)
{
	struct discovery *d = dp ? *dp : NULL;
	if (d == NULL)
		return;
	/* a request cancelled gets no answer: what it carried goes here */
	for (size_t i = 0; i < d->nreqs; i++) {
		struct disc_req *dr = d->reqs[i];
		if (dr == NULL)
			continue;
		http_cancel(&dr->r);
		free(dr->gv);
		free(dr);
	}
	free(d->reqs);
	loop_timer_cancel(http_loop(d->http), &d->cached_timer);
	disc_clear(d);
	free(d->res);
	free(d->other);
	free(d->version);
	free(d->cache_file);
	free(d);
	*dp = NULL;
}

static void
disc_on_cached(void *arg)
{
	struct discovery *d = arg;
	d->cached_timer = NULL;
	discovery_cb cb = d->cb;
	d->cb = NULL;
	cb(d, NULL, d->arg);
}

void
discovery_load(struct discovery *d, int force, discovery_cb cb, void *arg)
{
	d->cb = cb;
	d->arg = arg;
	d->failed = 0;
	kd_err_clear(&d->err);
	if (!force && disc_load_cache(d) == 0) {
		d->ready = 1;
		d->origin = "from cache";
		d->cached_timer = loop_timer_add(http_loop(d->http), 0, disc_on_cached, d);
		return;
	}
	disc_clear(d);
	/* the aggregated document answers everything in two requests (Kubernetes 1.27+);
	 * older servers ignore the Accept and answer APIVersions / APIGroupList */
	d->pending = 1;   /* held until the requests are out */
	disc_get(d, "/version", "application/json", 0, NULL);
	disc_get(d, "/api", DISC_ACCEPT_AGGREGATED, 1, NULL);
	disc_get(d, "/apis", DISC_ACCEPT_AGGREGATED, 2, NULL);
	d->pending--;
}

int discovery_ready(const struct discovery *d) { return d->ready; }
const char *discovery_origin(const struct discovery *d) { return d->origin ? d->origin : ""; }
const char *discovery_server_version(const struct discovery *d) { return d->version; }
size_t discovery_count(const struct discovery *d) { return d->nres; }

const struct kres *
discovery_at(const struct discovery *d, size_t i)
{
	return i < d->nres ? &d->res[i] : NULL;
}

/* Lower is better: core first, then the built-in groups, then the rest. */
static int
disc_group_rank(const char *g)
{
	static const char *known[] = { "", "apps", "batch", "networking.k8s.io", "policy",
	    "autoscaling", "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io" };
	for (int i = 0; i < (int)(sizeof known / sizeof known[0]); i++)
		if (strcmp(g, known[i]) == 0)
			return i;
	if (strstr(g, ".k8s.io") != NULL)
		return 50;
	return 100;
}

const struct kres *
discovery_find(const struct discovery *d, const char *alias)
{
	const struct kres *best = NULL;
	char name[256];
	snprintf(name, sizeof name, "%s", alias);
	const char *group = NULL;
	char *dot = strchr(name, '.');
	for (int pass = 0; pass < 2 && best == NULL; pass++) {
		/* first the whole text ("foos" or "Foo"), then "name.group" */
		if (pass == 1) {
			if (dot == NULL)
				break;
			*dot = '\0';
			group = dot + 1;
		}
		for (size_t i = 0; i < d->nres; i++) {
			const struct kres *r = &d->res[i];
			if (group != NULL && strcmp(r->group, group) != 0 &&
			    strncmp(r->group, group, strlen(group)) != 0)
				continue;
			int hit = strcasecmp(r->resource, name) == 0 || strcasecmp(r->singular, name) == 0 ||
			    strcasecmp(r->kind, name) == 0;
			for (int k = 0; k < r->nshort && !hit; k++)
				hit = strcasecmp(r->short_names[k], name) == 0;
			if (hit && (best == NULL || disc_group_rank(r->group) < disc_group_rank(best->group)))
				best = r;
		}
	}
	return best;
}
