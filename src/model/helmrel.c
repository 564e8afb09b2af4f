#include "model/helmrel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/base64.h"
#include "util/gzip.h"
#include "util/time.h"
#include "util/xmalloc.h"

/* A release bigger than this once inflated is refused (Secrets hold 1 MiB compressed). */
#define HELMREL_MAX ((size_t)64 << 20)

static const char *
helmrel_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

static time_t
helmrel_time(const cJSON *info, const char *key)
{
	time_t t = 0;
	const char *s = helmrel_str(info, key);
	if (*s == '\0' || time_parse_rfc3339(s, &t) < 0)
		return 0;
	/* Go's zero time, as helm writes "deleted" when unset */
	return t < 0 ? 0 : t;
}

/* Fills r from the decoded release JSON (which r then owns). */
static int
helmrel_fill(struct helmrel *r, cJSON *json, const char *what, struct kd_err *err)
{
	if (!cJSON_IsObject(json)) {
		cJSON_Delete(json);
		return kd_err_set(err, KD_ERR_INVALID, "%s: the release is not a JSON object", what);
	}
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(json, "info");
	const cJSON *chart = cJSON_GetObjectItemCaseSensitive(json, "chart");
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(chart, "metadata");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(json, "version");
	memset(r, 0, sizeof *r);
	r->json = json;
	r->name = xstrdup(helmrel_str(json, "name"));
	r->ns = xstrdup(helmrel_str(json, "namespace"));
	r->version = cJSON_IsNumber(ver) ? (long)ver->valuedouble : 0;
	r->status = xstrdup(helmrel_str(info, "status"));
	r->chart = xstrdup(helmrel_str(meta, "name"));
	r->chart_version = xstrdup(helmrel_str(meta, "version"));
	r->app_version = xstrdup(helmrel_str(meta, "appVersion"));
	r->description = xstrdup(helmrel_str(info, "description"));
	r->first_deployed = helmrel_time(info, "first_deployed");
	r->last_deployed = helmrel_time(info, "last_deployed");
	r->manifest = helmrel_str(json, "manifest");
	r->notes = helmrel_str(info, "notes");
	return 0;
}

static int
helmrel_decode_as(struct helmrel *r, const char *data_release, const char *what, struct kd_err *err)
{
	size_t n1, n2, n3;
	char *helm = base64_decode(data_release, &n1);   /* the Secret's own encoding */
	if (helm == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "%s: data.release is not base64", what);
	char *packed = base64_decode(helm, &n2);         /* helm's encoding */
	free(helm);
	if (packed == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "%s: the release is not base64 inside the Secret's",
		    what);
	char *text = packed;
	n3 = n2;
	if (gzip_is(packed, n2)) {
		struct kd_err gz = { 0 };
		text = gzip_inflate(packed, n2, HELMREL_MAX, &n3, &gz);
		free(packed);
		if (text == NULL)
			return kd_err_set(err, KD_ERR_INVALID, "%s: %s", what, gz.msg);
	}
	/* very old releases are plain JSON */
	cJSON *json = cJSON_ParseWithLength(text, n3);
	free(text);
	if (json == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "%s: the release is not JSON", what);
	return helmrel_fill(r, json, what, err);
}

int
helmrel_decode(struct helmrel *r, const char *data_release, struct kd_err *err)
{
	memset(r, 0, sizeof *r);
	return helmrel_decode_as(r, data_release, "the release", err);
}

int
helmrel_from_secret(struct helmrel *r, const cJSON *secret, struct kd_err *err)
{
	memset(r, 0, sizeof *r);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(secret, "metadata");
	const char *name = helmrel_str(meta, "name");
	const char *what = *name ? name : "the release Secret";
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(secret, "data");
	const cJSON *rel = cJSON_GetObjectItemCaseSensitive(data, "release");
	if (!cJSON_IsString(rel) || rel->valuestring == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "%s: the Secret has no data.release", what);
	return helmrel_decode_as(r, rel->valuestring, what, err);
}

void
helmrel_free(struct helmrel *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->ns);
	free(r->status);
	free(r->chart);
	free(r->chart_version);
	free(r->app_version);
	free(r->description);
	cJSON_Delete(r->json);
	memset(r, 0, sizeof *r);
}

char *
helmrel_encode(const cJSON *rel)
{
	char *json = cJSON_PrintUnformatted(rel);
	size_t n;
	char *gz = gzip_deflate(json, strlen(json), &n);
	cJSON_free(json);
	char *helm = base64_encode(gz, n);   /* helm's encodeRelease */
	free(gz);
	char *wire = base64_encode(helm, strlen(helm));   /* as every Secret value */
	free(helm);
	return wire;
}

cJSON *
helmrel_secret(const cJSON *rel, time_t created)
{
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(rel, "info");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(rel, "version");
	const char *name = helmrel_str(rel, "name"), *ns = helmrel_str(rel, "namespace");
	long version = cJSON_IsNumber(ver) ? (long)ver->valuedouble : 0;
	char buf[64];

	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "apiVersion", "v1");
	cJSON_AddStringToObject(s, "kind", "Secret");
	cJSON *meta = cJSON_AddObjectToObject(s, "metadata");
	char *key = xasprintf("sh.helm.release.v1.%s.v%ld", name, version);
	cJSON_AddStringToObject(meta, "name", key);
	free(key);
	if (*ns)
		cJSON_AddStringToObject(meta, "namespace", ns);
	cJSON *labels = cJSON_AddObjectToObject(meta, "labels");
	/* the release's own labels first, then helm's, which win (newSecretsObject) */
	const cJSON *own = cJSON_GetObjectItemCaseSensitive(rel, "labels");
	const cJSON *l;
	cJSON_ArrayForEach(l, own) {
		if (cJSON_IsString(l) && l->string)
			cJSON_AddStringToObject(labels, l->string, l->valuestring);
	}
	static const char *const ours[] = { "name", "owner", "status", "version", "createdAt" };
	for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(labels, ours[i]);
	snprintf(buf, sizeof buf, "%lld", (long long)created);
	cJSON_AddStringToObject(labels, "createdAt", buf);
	cJSON_AddStringToObject(labels, "name", name);
	cJSON_AddStringToObject(labels, "owner", "helm");
	cJSON_AddStringToObject(labels, "status", helmrel_str(info, "status"));
	snprintf(buf, sizeof buf, "%ld", version);
	cJSON_AddStringToObject(labels, "version", buf);
	cJSON_AddStringToObject(s, "type", HELMREL_SECRET_TYPE);
	cJSON *data = cJSON_AddObjectToObject(s, "data");
	char *value = helmrel_encode(rel);
	cJSON_AddStringToObject(data, "release", value);
	free(value);
	return s;
}

int
helmrel_pending(const char *status)
{
	return status != NULL && (strcmp(status, "pending-install") == 0 ||
	    strcmp(status, "pending-upgrade") == 0 || strcmp(status, "pending-rollback") == 0);
}
