#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "kube/discovery.h"
#include "ops/lastchange.h"
#include "util/file.h"
#include "util/fsname.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* One per context that has changed anything, newest first: a handful of clusters. */
static struct lastchange **lastchange_all;
static size_t lastchange_n;
static char *lastchange_dir;    /* where they persist, NULL: nowhere */

static char *
lastchange_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct lastchange *
lastchange_new(const char *context)
{
	struct lastchange *lc = xcalloc(1, sizeof *lc);
	lc->context = xstrdup(context ? context : "");
	lc->at = time(NULL);
	return lc;
}

void
lastchange_add(struct lastchange *lc, const struct kres *res, const char *ns, const char *name,
    const char *subresource, int patch_type, const char *patch, const char *path, const char *set)
{
	lc->steps = xreallocarray(lc->steps, lc->n + 1, sizeof *lc->steps);
	struct lastchange_step *s = &lc->steps[lc->n++];
	memset(s, 0, sizeof *s);
	s->res = kres_dup(res);
	s->ns = xstrdup(ns ? ns : "");
	s->name = xstrdup(name);
	s->subresource = lastchange_dup(subresource);
	s->patch_type = patch_type;
	s->patch = xstrdup(patch ? patch : "");
	s->path = lastchange_dup(path);
	s->set = lastchange_dup(set);
}

void
lastchange_free(struct lastchange **lc)
{
	if (lc == NULL || *lc == NULL)
		return;
	for (size_t i = 0; i < (*lc)->n; i++) {
		struct lastchange_step *s = &(*lc)->steps[i];
		kres_clear(s->res);
		free(s->res);
		free(s->ns);
		free(s->name);
		free(s->subresource);
		free(s->patch);
		free(s->path);
		free(s->set);
	}
	free((*lc)->steps);
	free((*lc)->context);
	free((*lc)->what);
	free((*lc)->undo);
	free((*lc)->why_not);
	free(*lc);
	*lc = NULL;
}

static size_t
lastchange_find(const char *context)
{
	size_t i;
	for (i = 0; i < lastchange_n; i++)
		if (strcmp(lastchange_all[i]->context, context ? context : "") == 0)
			break;
	return i;
}

/* Drops change i from memory, and its file when unlink_file. */
static void
lastchange_drop(size_t i, int unlink_file)
{
	if (unlink_file && lastchange_dir != NULL) {
		char *path = lastchange_file(lastchange_dir, lastchange_all[i]->context);
		unlink(path);
		free(path);
	}
	lastchange_free(&lastchange_all[i]);
	memmove(&lastchange_all[i], &lastchange_all[i + 1], (lastchange_n - i - 1) * sizeof *lastchange_all);
	if (--lastchange_n == 0) {
		free(lastchange_all);
		lastchange_all = NULL;
	}
}

void
lastchange_forget(const char *context)
{
	size_t i = lastchange_find(context);
	if (i < lastchange_n)
		lastchange_drop(i, 1);
	else if (lastchange_dir != NULL) {
		char *path = lastchange_file(lastchange_dir, context);
		unlink(path);
		free(path);
	}
}

static void
lastchange_insert(struct lastchange *lc)
{
	lastchange_all = xreallocarray(lastchange_all, lastchange_n + 1, sizeof *lastchange_all);
	memmove(&lastchange_all[1], &lastchange_all[0], lastchange_n * sizeof *lastchange_all);
	lastchange_all[0] = lc;
	lastchange_n++;
}

void
lastchange_note(struct lastchange *lc)
{
	if (lc == NULL)
		return;
	size_t i = lastchange_find(lc->context);
	if (i < lastchange_n)
		lastchange_drop(i, 0);
	lastchange_insert(lc);
	if (lastchange_dir != NULL && file_private_dir(lastchange_dir) == 0) {
		/* best effort: the change is kept in memory whatever the disk says */
		char *path = lastchange_file(lastchange_dir, lc->context);
		char *text = lastchange_to_json(lc);
		(void)file_write_private(path, text, strlen(text));
		free(text);
		free(path);
	}
}

const struct lastchange *
lastchange_get(const char *context)
{
	size_t i = lastchange_find(context);
	if (i < lastchange_n)
		return lastchange_all[i];
	if (lastchange_dir == NULL)
		return NULL;
	char *path = lastchange_file(lastchange_dir, context);
	size_t len = 0;
	char *text = file_read(path, 1 << 22, &len);
	free(path);
	struct lastchange *lc = text ? lastchange_from_json(text) : NULL;
	free(text);
	if (lc == NULL)
		return NULL;
	if (strcmp(lc->context, context ? context : "") != 0) {
		lastchange_free(&lc);
		return NULL;
	}
	lastchange_insert(lc);
	return lc;
}

void
lastchange_clear(void)
{
	while (lastchange_n > 0)
		lastchange_drop(0, 0);
}

void
lastchange_persist(const char *dir)
{
	free(lastchange_dir);
	lastchange_dir = dir ? xstrdup(dir) : NULL;
}

char *
lastchange_file(const char *dir, const char *context)
{
	struct sbuf b = { 0 };
	sbuf_str(&b, dir);
	sbuf_str(&b, "/");
	/* a context may hold anything ("arn:aws:eks:...:cluster/prod"): one safe name */
	fsname_add(&b, context);
	sbuf_str(&b, ".json");
	return b.s;
}

static void
lastchange_put(cJSON *o, const char *key, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, key, v);
}

char *
lastchange_to_json(const struct lastchange *lc)
{
	cJSON *o = cJSON_CreateObject();
	lastchange_put(o, "context", lc->context);
	lastchange_put(o, "what", lc->what);
	lastchange_put(o, "undo", lc->undo);
	lastchange_put(o, "whyNot", lc->why_not);
	cJSON_AddNumberToObject(o, "at", (double)lc->at);
	cJSON *steps = cJSON_AddArrayToObject(o, "steps");
	for (size_t i = 0; i < lc->n; i++) {
		const struct lastchange_step *s = &lc->steps[i];
		cJSON *j = cJSON_CreateObject();
		lastchange_put(j, "group", s->res->group);
		lastchange_put(j, "version", s->res->version);
		lastchange_put(j, "resource", s->res->resource);
		lastchange_put(j, "singular", s->res->singular);
		lastchange_put(j, "kind", s->res->kind);
		cJSON_AddBoolToObject(j, "namespaced", s->res->namespaced != 0);
		cJSON_AddNumberToObject(j, "verbs", (double)s->res->verbs);
		cJSON_AddNumberToObject(j, "subres", (double)s->res->subres);
		lastchange_put(j, "namespace", s->ns);
		lastchange_put(j, "name", s->name);
		lastchange_put(j, "subresource", s->subresource);
		cJSON_AddNumberToObject(j, "patchType", s->patch_type);
		lastchange_put(j, "patch", s->patch);
		lastchange_put(j, "path", s->path);
		lastchange_put(j, "set", s->set);
		cJSON_AddItemToArray(steps, j);
	}
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static const char *
lastchange_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
lastchange_num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

struct lastchange *
lastchange_from_json(const char *text)
{
	cJSON *o = cJSON_Parse(text);
	const char *ctx = lastchange_str(o, "context");
	const cJSON *steps = cJSON_GetObjectItemCaseSensitive(o, "steps");
	if (!cJSON_IsObject(o) || ctx == NULL || !cJSON_IsArray(steps)) {
		cJSON_Delete(o);
		return NULL;
	}
	struct lastchange *lc = lastchange_new(ctx);
	lc->what = lastchange_dup(lastchange_str(o, "what"));
	lc->undo = lastchange_dup(lastchange_str(o, "undo"));
	lc->why_not = lastchange_dup(lastchange_str(o, "whyNot"));
	lc->at = (time_t)lastchange_num(o, "at");
	const cJSON *j;
	cJSON_ArrayForEach(j, steps) {
		struct kres r = { 0 };
		r.group = (char *)lastchange_str(j, "group");
		r.version = (char *)lastchange_str(j, "version");
		r.resource = (char *)lastchange_str(j, "resource");
		r.singular = (char *)lastchange_str(j, "singular");
		r.kind = (char *)lastchange_str(j, "kind");
		r.namespaced = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "namespaced"));
		r.verbs = (unsigned)lastchange_num(j, "verbs");
		r.subres = (unsigned)lastchange_num(j, "subres");
		const char *name = lastchange_str(j, "name");
		if (r.resource == NULL || name == NULL) {
			lastchange_free(&lc);
			break;
		}
		lastchange_add(lc, &r, lastchange_str(j, "namespace"), name, lastchange_str(j, "subresource"),
		    (int)lastchange_num(j, "patchType"), lastchange_str(j, "patch"), lastchange_str(j, "path"),
		    lastchange_str(j, "set"));
	}
	cJSON_Delete(o);
	return lc;
}

struct lastchange *
lastchange_copy(const struct lastchange *lc)
{
	struct lastchange *c = lastchange_new(lc->context);
	c->what = lastchange_dup(lc->what);
	c->undo = lastchange_dup(lc->undo);
	c->why_not = lastchange_dup(lc->why_not);
	c->at = lc->at;
	for (size_t i = 0; i < lc->n; i++) {
		const struct lastchange_step *s = &lc->steps[i];
		lastchange_add(c, s->res, s->ns, s->name, s->subresource, s->patch_type, s->patch, s->path, s->set);
	}
	return c;
}
