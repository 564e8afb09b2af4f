/* Reading a file for an apply; see applyfile.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "ops/applyfile.h"
#include "util/file.h"
#include "util/xmalloc.h"

#define AF_MAX_FILE (64u << 20)

static char *
af_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring[0] ? xstrdup(v->valuestring) : NULL;
}

void
applyfile_objs_free(struct applyfile_obj **objs, size_t n)
{
	if (objs == NULL || *objs == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		struct applyfile_obj *o = &(*objs)[i];
		cJSON_Delete(o->obj);
		free(o->group);
		free(o->version);
		free(o->kind);
		free(o->ns);
		free(o->name);
	}
	free(*objs);
	*objs = NULL;
}

/* Where each document of text starts (1-based lines: the line after its "---"), as libyaml
 * counts documents: the text before the first "---" is one only when it holds more than
 * comments and blank lines; every "---" starts one. Returns how many (at most max). */
static size_t
af_doc_lines(const char *text, size_t len, int *lines, size_t max)
{
	size_t n = 0;
	int line = 1, content = 0, first = 1;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (l >= 3 && strncmp(p, "---", 3) == 0 && (l == 3 || p[3] == ' ' || p[3] == '\t' || p[3] == '\r')) {
			if (first && content && n < max)
				lines[n++] = 1;
			first = 0;
			/* the document starts on the next line, unless it goes on after "--- " */
			size_t k = 3;
			while (k < l && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
				k++;
			if (n < max)
				lines[n++] = k < l && p[k] != '#' ? line : line + 1;
		} else if (first && !content) {
			size_t k = 0;
			while (k < l && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
				k++;
			if (k < l && p[k] != '#')
				content = 1;
		}
		line++;
		p = nl ? nl + 1 : end;
	}
	if (first && content && n < max)
		lines[n++] = 1;
	return n;
}

/* Adds obj (taken) to the array, checking what an apply needs of it. where: "FILE:LINE"
 * and, for a List's item, which one. */
static int
af_add(struct applyfile_obj **objs, size_t *n, size_t *cap, cJSON *obj, int line,
    const char *where, struct kd_err *err)
{
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return kd_err_set(err, KD_ERR_INVALID, "%s: not an object (a manifest is a map with apiVersion, kind and metadata)", where);
	}
	char *api = af_str(obj, "apiVersion"), *kind = af_str(obj, "kind");
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	char *name = af_str(md, "name");
	const char *miss = api == NULL ? "apiVersion" : kind == NULL ? "kind" : name == NULL ? "metadata.name" : NULL;
	if (miss != NULL) {
		kd_err_set(err, KD_ERR_INVALID, "%s: no %s (an apply needs apiVersion, kind and metadata.name)", where, miss);
		free(api);
		free(kind);
		free(name);
		cJSON_Delete(obj);
		return -1;
	}
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*objs = xrealloc(*objs, *cap * sizeof **objs);
	}
	struct applyfile_obj *o = &(*objs)[(*n)++];
	memset(o, 0, sizeof *o);
	o->obj = obj;
	o->line = line;
	o->kind = kind;
	o->name = name;
	o->ns = af_str(md, "namespace");
	char *slash = strchr(api, '/');
	if (slash != NULL) {
		*slash = '\0';
		o->group = xstrdup(api);
		o->version = xstrdup(slash + 1);
	} else {
		o->group = xstrdup("");
		o->version = xstrdup(api);
	}
	free(api);
	return 0;
}

int
applyfile_parse(const char *text, size_t len, const char *name, struct applyfile_obj **objs,
    size_t *n, struct kd_err *err)
{
	struct applyfile_obj *out = NULL;
	size_t nout = 0, cap = 0;

	*objs = NULL;
	*n = 0;
	cJSON *docs = doc_from_yaml_all(text, len, name, err);
	if (docs == NULL)
		return -1;
	size_t ndocs = (size_t)cJSON_GetArraySize(docs);
	int *lines = xcalloc(ndocs + 1, sizeof *lines);
	size_t nlines = af_doc_lines(text, len, lines, ndocs);
	int rc = 0;
	for (size_t d = 0; d < ndocs && rc == 0; d++) {
		cJSON *doc = cJSON_DetachItemFromArray(docs, 0);
		int line = d < nlines ? lines[d] : 1;
		char where[600];
		snprintf(where, sizeof where, "%s:%d", name, line);
		if (doc == NULL || cJSON_IsNull(doc)) {   /* an empty document, "---" at the end */
			cJSON_Delete(doc);
			continue;
		}
		const cJSON *kind = cJSON_GetObjectItemCaseSensitive(doc, "kind");
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(doc, "items");
		if (cJSON_IsString(kind) && strcmp(kind->valuestring, "List") == 0) {
			if (!cJSON_IsArray(items) && !cJSON_IsNull(items) && items != NULL) {
				rc = kd_err_set(err, KD_ERR_INVALID, "%s: a List's items must be a list", where);
				cJSON_Delete(doc);
				break;
			}
			int k = 0;
			for (cJSON *it = items ? items->child : NULL; it != NULL && rc == 0; k++) {
				cJSON *next = it->next;
				cJSON_DetachItemViaPointer((cJSON *)items, it);
				char w[700];
				snprintf(w, sizeof w, "%s: item %d of the List", where, k + 1);
				rc = af_add(&out, &nout, &cap, it, line, w, err);
				it = next;
			}
			cJSON_Delete(doc);
			continue;
		}
		rc = af_add(&out, &nout, &cap, doc, line, where, err);
	}
	free(lines);
	cJSON_Delete(docs);
	if (rc == 0 && nout == 0)
		rc = kd_err_set(err, KD_ERR_INVALID, "%s: nothing to apply (no object in the file)", name);
	if (rc != 0) {
		applyfile_objs_free(&out, nout);
		return -1;
	}
	*objs = out;
	*n = nout;
	return 0;
}

int
applyfile_read(const char *path, struct applyfile_obj **objs, size_t *n, struct kd_err *err)
{
	size_t len = 0;
	char *text = file_read(path, AF_MAX_FILE, &len);
	*objs = NULL;
	*n = 0;
	if (text == NULL)
		return kd_err_set(err, KD_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	if (len > AF_MAX_FILE) {
		free(text);
		return kd_err_set(err, KD_ERR_INVALID, "%s: larger than %u MB", path, AF_MAX_FILE >> 20);
	}
	int rc = applyfile_parse(text, len, path, objs, n, err);
	free(text);
	return rc;
}
