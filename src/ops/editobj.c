/* An object loaded for editing and its text; see editobj.h. */
#define _POSIX_C_SOURCE 200809L
#include "ops/editobj.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "model/doc.h"
#include "model/doc_stream.h"
#include "model/jsonkey.h"
#include "model/jsonshare.h"
#include "util/base64.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define EDITOBJ_BINARY_NOTE "  # not UTF-8 text: kept in base64"

struct editobj_load {
	struct cluster *cluster;
	struct kres res;
	char *ns, *name;
	editobj_cb cb;
	void *arg;
	struct api_call *call;
	struct editobj_load *next;
};

/* Loads in flight, so that editobj_load_cancel can free what a cancelled call left. */
static struct editobj_load *editobj_loads;

struct kres *
editobj_kres_dup(const struct kres *s)
{
	return kres_dup(s);
}

void
editobj_kres_free(struct kres **r)
{
	if (r == NULL || *r == NULL)
		return;
	kres_clear(*r);
	free(*r);
	*r = NULL;
}

/* Whether n bytes are text a YAML string can hold as it is: UTF-8, no NUL. */
int
editobj_is_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == 0 || (cp == 0xFFFD && !(k == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0)))
			return 0;
		i += k;
	}
	return 1;
}

/* Whether a Secret's data value (base64 as the server sent it) is shown decoded. */
static int
editobj_value_decodes(const cJSON *v)
{
	if (!cJSON_IsString(v))
		return 0;
	size_t n;
	char *d = base64_decode(v->valuestring, &n);
	int ok = d != NULL && editobj_is_text(d, n);
	xfree_secret(&d);
	return ok;
}

int
editobj_secret_binary(const struct editobj *o, const char *key)
{
	if (!o->secret || editobj_loaded(o) == NULL)
		return 0;
	cJSON *data = cJSON_GetObjectItemCaseSensitive(editobj_loaded(o), "data");
	cJSON *v = cJSON_GetObjectItemCaseSensitive(data, key);
	return v != NULL && !editobj_value_decodes(v);
}

/* A Secret's data values decoded in place, but for those o keeps in base64. */
static void
editobj_decode_data(const struct editobj *o, cJSON *view)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(view, "data");
	cJSON *v;
	cJSON_ArrayForEach(v, data) {
		if (!editobj_value_decodes(v) || editobj_secret_binary(o, v->string))
			continue;
		char *d = base64_decode(v->valuestring, NULL);
		cJSON_SetValuestring(v, d);
		xfree_secret(&d);
	}
}

/* The note after each value kept in base64, on the line of its key. */
static char *
editobj_note_binary(const struct editobj *o, const cJSON *view, char *text)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(view, "data");
	int want = 0;
	cJSON *v;
	cJSON_ArrayForEach(v, data)
		want |= editobj_secret_binary(o, v->string);
	if (!want)
		return text;
	struct docmap *m = docmap_new(text, strlen(text), NULL);
	if (m == NULL)
		return text;
	/* the lines that get a note, marked in a table of line numbers */
	size_t nlines = 1;
	for (const char *p = text; *p; p++)
		nlines += *p == '\n';
	char *mark = xcalloc(nlines + 1, 1);
	cJSON_ArrayForEach(v, data) {
		if (!editobj_secret_binary(o, v->string) || !cJSON_IsString(v))
			continue;
		char *path = xasprintf("data[%s]", v->string);
		struct docmap_hit hit = { 0 };
		if (docmap_find(m, path, &hit) == 0 && hit.exact && hit.line >= 1 &&
		    (size_t)hit.line <= nlines)
			mark[hit.line] = 1;
		free(hit.found);
		free(path);
	}
	docmap_free(&m);
	struct sbuf b = { 0 };
	size_t line = 1;
	for (const char *p = text; *p; line++) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		sbuf_add(&b, p, n);
		if (mark[line])
			sbuf_add(&b, EDITOBJ_BINARY_NOTE, strlen(EDITOBJ_BINARY_NOTE));
		if (e == NULL)
			break;
		sbuf_add(&b, "\n", 1);
		p = e + 1;
	}
	free(mark);
	xfree_secret(&text);
	return b.s != NULL ? b.s : xstrdup("");
}

char *
editobj_text_for(const struct editobj *o, const cJSON *obj)
{
	editobj_loaded(o);   /* what o hides, known once its tree is */
	struct editview_hidden h;
	/* a Secret's view is changed (its values decoded): a copy; any other only borrows
	 * obj's nodes, so that a large object costs no second tree */
	cJSON *view = o->secret ? editview_new(obj, &h) : editview_borrow(obj, &h);
	editview_hidden_free(&h);
	if (view == NULL)
		return xstrdup("");
	/* the annotation folded as o folds it, so that editobj_tree gives it back */
	if (o->hidden.placeholder != NULL) {
		cJSON *ann = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(view, "metadata"), "annotations");
		cJSON *la = cJSON_GetObjectItemCaseSensitive(ann, EDITVIEW_LAST_APPLIED);
		const cJSON *oann = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "annotations");
		const char *was = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(oann, EDITVIEW_LAST_APPLIED));
		if (la != NULL && was != NULL && o->hidden.last_applied != NULL &&
		    strcmp(was, o->hidden.last_applied) == 0)
			cJSON_SetValuestring(la, o->hidden.placeholder);
	}
	if (o->secret)
		editobj_decode_data(o, view);
	char *text = doc_to_yaml(view, 0);
	if (o->secret)
		text = editobj_note_binary(o, view, text);
	cJSON_Delete(view);
	return text;
}

/* o's text from o->loaded. */
static void
editobj_make_text(struct editobj *o)
{
	cJSON *view = editview_borrow(o->loaded, &o->hidden);   /* for what it hides */
	cJSON_Delete(view);
	o->text = editobj_text_for(o, o->loaded);
	o->len = strlen(o->text);
}

static int
editobj_is_secret(const struct kres *res)
{
	return res != NULL && (res->group == NULL || res->group[0] == '\0') &&
	    res->resource != NULL && strcmp(res->resource, "secrets") == 0;
}

/* The first metadata's name, namespace and resourceVersion as the text is written, as
 * cJSON_GetObjectItem would find them in the tree. */
struct editobj_ids {
	int metadata;
	char *ns, *name, *rv;
};

static enum doc_stream_act
editobj_stream_member(void *arg, const struct doc_stream_member *m, char **with)
{
	struct editobj_ids *ids = arg;
	if (m->depth == 0 && strcmp(m->key, "metadata") == 0 && ids->metadata++ > 0)
		return (enum doc_stream_act)-1;   /* a second one: the tree's reading is left to cJSON */
	if (m->depth == 1 && m->path[0] != NULL && strcmp(m->path[0], "metadata") == 0 && m->str != NULL) {
		char **to = strcmp(m->key, "name") == 0 ? &ids->name :
		    strcmp(m->key, "namespace") == 0 ? &ids->ns :
		    strcmp(m->key, "resourceVersion") == 0 ? &ids->rv : NULL;
		if (to != NULL && *to == NULL)
			*to = xstrdup(m->str);
	}
	return editview_stream_filter(NULL, m, with);
}

/* raw written as the editor's text without a tree (NULL when doc_stream refuses it); the
 * names it holds go to *ids when ids is not NULL and the text was made. */
static char *
editobj_stream_text(const char *raw, size_t len, struct editobj_ids *ids)
{
	struct editobj_ids found = { 0 };
	char *text = doc_stream_yaml(raw, len, editobj_stream_member, &found);
	if (text != NULL && ids != NULL) {
		*ids = found;
		return text;
	}
	free(found.ns);
	free(found.name);
	free(found.rv);
	return text;
}

struct editobj *
editobj_adopt_raw(struct cluster *c, const struct kres *res, char *raw, size_t len)
{
	const char *p = raw;
	while (p < raw + len && (unsigned char)*p <= ' ')
		p++;
	if (!editobj_is_secret(res) && p < raw + len && *p == '{') {
		struct editobj_ids ids;
		char *text = editobj_stream_text(raw, len, &ids);
		if (text != NULL) {
			struct editobj *o = xcalloc(1, sizeof *o);
			o->cluster = c;
			o->res = res ? editobj_kres_dup(res) : NULL;
			o->raw = raw;
			o->raw_len = len;
			o->ns = ids.ns ? ids.ns : xstrdup("");
			o->name = ids.name ? ids.name : xstrdup("");
			o->resource_version = ids.rv;
			o->text = text;
			o->len = strlen(text);
			return o;
		}
	}
	cJSON *obj = cJSON_ParseWithLength(raw, len);
	free(raw);
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return NULL;
	}
	return editobj_adopt(c, res, obj);
}

cJSON *
editobj_loaded(const struct editobj *co)
{
	/* parsed once, the first time: o itself stays what it was (the object as loaded) */
	struct editobj *o = (struct editobj *)co;
	if (o->loaded != NULL || o->raw == NULL)
		return o->loaded;
	cJSON *obj = cJSON_ParseWithLength(o->raw, o->raw_len);
	if (!cJSON_IsObject(obj)) {   /* not after editobj_adopt_raw wrote its text; memory */
		cJSON_Delete(obj);
		return NULL;
	}
	free(o->raw);
	o->raw = NULL;
	o->raw_len = 0;
	o->loaded = obj;
	jsonkey_share(obj);
	cJSON *view = editview_borrow(o->loaded, &o->hidden);   /* for what it hides */
	cJSON_Delete(view);
	return o->loaded;
}

int
editobj_is_new(const struct editobj *o)
{
	return o->loaded == NULL && o->raw == NULL;
}

struct editobj *
editobj_from_object(struct cluster *c, const struct kres *res, const cJSON *obj)
{
	return editobj_adopt(c, res, cJSON_Duplicate(obj, 1));
}

struct editobj *
editobj_adopt(struct cluster *c, const struct kres *res, cJSON *obj)
{
	struct editobj *o = xcalloc(1, sizeof *o);
	o->cluster = c;
	o->res = res ? editobj_kres_dup(res) : NULL;
	o->loaded = obj;
	jsonkey_share(obj);   /* a large object's many keys held once */
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const char *ns = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "namespace"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "name"));
	const char *rv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "resourceVersion"));
	o->ns = xstrdup(ns ? ns : "");
	o->name = xstrdup(name ? name : "");
	o->resource_version = rv ? xstrdup(rv) : NULL;
	o->secret = editobj_is_secret(res);
	editobj_make_text(o);
	return o;
}

void
editobj_reload(struct editobj *o, const cJSON *obj)
{
	editobj_reload_take(o, cJSON_Duplicate(obj, 1));
}

/* Of the versions loaded before, only what loaded (and the versions after each) still
 * shares is kept: an object saved ten times does not hold ten versions of what changed. */
static void
editobj_prune(struct editobj *o, const cJSON *loaded)
{
	if (o->earlier == NULL)
		return;
	size_t cap = (size_t)cJSON_GetArraySize(o->earlier) + 1, n = 0;
	const cJSON **newer = xreallocarray(NULL, cap, sizeof *newer);
	newer[n++] = loaded;
	cJSON *e = o->earlier->child;   /* newest first */
	while (e != NULL) {
		cJSON *next = e->next;
		if (jsonshare_prune(e, newer, n) == 1)
			cJSON_Delete(cJSON_DetachItemViaPointer(o->earlier, e));
		else
			newer[n++] = e;
		e = next;
	}
	free(newer);
}

void
editobj_reload_take(struct editobj *o, cJSON *obj)
{
	/* obj may share the version it replaces' nodes (a 409's newer version, or a patch's
	 * answer, read against it): that one is kept as long as o */
	if (o->loaded != NULL) {
		if (o->earlier == NULL)
			o->earlier = cJSON_CreateArray();
		if (o->earlier != NULL)
			cJSON_InsertItemInArray(o->earlier, 0, o->loaded);
		/* else out of memory: it stays allocated rather than freed under obj */
	}
	editobj_prune(o, obj);
	free(o->raw);
	o->raw = NULL;
	o->raw_len = 0;
	editview_hidden_free(&o->hidden);
	xfree_secret(&o->text);
	free(o->resource_version);
	o->loaded = obj;
	jsonkey_share(o->loaded);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const char *rv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "resourceVersion"));
	o->resource_version = rv ? xstrdup(rv) : NULL;
	editobj_make_text(o);
}

void
editobj_created(struct editobj *o, const struct kres *res, const cJSON *obj)
{
	if (o->res == NULL && res != NULL)
		o->res = editobj_kres_dup(res);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const char *ns = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "namespace"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(meta, "name"));
	if (ns != NULL) {
		free(o->ns);
		o->ns = xstrdup(ns);
	}
	free(o->name);
	o->name = xstrdup(name ? name : "");
	o->secret = editobj_is_secret(o->res);
	editobj_reload(o, obj);
}

static void
editobj_load_unlink(struct editobj_load *l)
{
	for (struct editobj_load **p = &editobj_loads; *p != NULL; p = &(*p)->next)
		if (*p == l) {
			*p = l->next;
			return;
		}
}

static void
editobj_load_free(struct editobj_load *l)
{
	editobj_load_unlink(l);
	kres_clear(&l->res);
	free(l->ns);
	free(l->name);
	free(l);
}

static void
editobj_on_got(struct api_call *call, const struct api_result *res, void *arg)
{
	(void)call;
	struct editobj_load *l = arg;
	editobj_cb cb = l->cb;
	void *cbarg = l->arg;
	if (res->err.code != KD_OK) {
		struct kd_err e = res->err;
		editobj_load_free(l);
		cb(NULL, &e, cbarg);
		return;
	}
	/* the answer itself becomes the object as loaded: a large object is not copied, nor
	 * made a tree before it is saved */
	size_t len = 0;
	char *raw = api_result_take_raw(call, res, &len);
	struct editobj *o = raw != NULL ? editobj_adopt_raw(l->cluster, &l->res, raw, len) :
	    cJSON_IsObject(res->body) ? editobj_adopt(l->cluster, &l->res, api_result_take(res)) : NULL;
	if (o == NULL) {
		struct kd_err e;
		kd_err_set(&e, KD_ERR_INVALID, "The server's answer for %s %s is not an object.",
		    l->res.singular && l->res.singular[0] ? l->res.singular : l->res.resource, l->name);
		editobj_load_free(l);
		cb(NULL, &e, cbarg);
		return;
	}
	/* the names asked for, should the answer lack them */
	if (o->name[0] == '\0') {
		free(o->name);
		o->name = xstrdup(l->name);
	}
	if (o->ns[0] == '\0' && l->res.namespaced) {
		free(o->ns);
		o->ns = xstrdup(l->ns);
	}
	editobj_load_free(l);
	cb(o, NULL, cbarg);
}

struct api_call *
editobj_load(struct cluster *c, const struct kres *res, const char *ns, const char *name,
    editobj_cb cb, void *arg)
{
	struct editobj_load *l = xcalloc(1, sizeof *l);
	l->cluster = c;
	kres_copy(&l->res, res);
	l->ns = xstrdup(ns && res->namespaced ? ns : "");
	l->name = xstrdup(name);
	l->cb = cb;
	l->arg = arg;
	l->next = editobj_loads;
	editobj_loads = l;
	struct api_ref ref = api_ref_kres(&l->res, l->ns, l->name);
	l->call = api_get_raw(c->api, &ref, editobj_on_got, l);
	return l->call;
}

void
editobj_load_cancel(struct api_call **call)
{
	if (call == NULL || *call == NULL)
		return;
	for (struct editobj_load *l = editobj_loads; l != NULL; l = l->next)
		if (l->call == *call) {
			api_cancel(call);
			editobj_load_free(l);
			return;
		}
	api_cancel(call);
}

struct editobj *
editobj_new_text(struct cluster *c, const struct kres *res, const char *ns, const char *text,
    size_t len)
{
	struct editobj *o = xcalloc(1, sizeof *o);
	o->cluster = c;
	o->res = res ? editobj_kres_dup(res) : NULL;
	o->ns = xstrdup(ns ? ns : "");
	o->text = xstrndup(text, len);
	o->len = len;
	return o;
}

/* The line of data[key] in text, for a mark. */
static void
editobj_mark_at(const char *text, size_t len, const char *path, struct docmap_err *err)
{
	struct docmap *m = docmap_new(text, len, NULL);
	struct docmap_hit hit = { 0 };
	err->line = 1;
	err->col = 0;
	if (m != NULL && docmap_find(m, path, &hit) == 0) {
		err->line = hit.line;
		err->col = hit.col;
	}
	free(hit.found);
	docmap_free(&m);
}

/* A Secret's data encoded again: values shown decoded are encoded; values kept in base64
 * (not text when loaded) are taken as written. 0, or -1 with *err. */
static int
editobj_encode_data(const struct editobj *o, cJSON *tree, const char *text, size_t len,
    struct docmap_err *err)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(tree, "data");
	if (data == NULL || cJSON_IsNull(data))
		return 0;
	if (!cJSON_IsObject(data)) {
		editobj_mark_at(text, len, "data", err);
		snprintf(err->msg, sizeof err->msg, "data must be a map of keys to values.");
		return -1;
	}
	cJSON *v;
	cJSON_ArrayForEach(v, data) {
		char *path = xasprintf("data[%s]", v->string ? v->string : "");
		if (editobj_secret_binary(o, v->string)) {
			char *d = cJSON_IsString(v) ? base64_decode(v->valuestring, NULL) : NULL;
			if (d == NULL) {
				editobj_mark_at(text, len, path, err);
				snprintf(err->msg, sizeof err->msg,
				    "data.%s is not UTF-8 text and is kept in base64: it must stay base64.",
				    v->string);
				free(path);
				return -1;
			}
			xfree_secret(&d);
			free(path);
			continue;
		}
		char *plain = NULL;
		if (cJSON_IsString(v))
			plain = xstrdup(v->valuestring);
		else if (cJSON_IsRaw(v))
			plain = xstrdup(v->valuestring);
		else if (cJSON_IsNull(v))
			plain = xstrdup("");
		else if (cJSON_IsNumber(v) || cJSON_IsBool(v))
			plain = cJSON_PrintUnformatted(v);
		if (plain == NULL) {
			editobj_mark_at(text, len, path, err);
			snprintf(err->msg, sizeof err->msg, "data.%s must be a text value, not a map or a list.",
			    v->string);
			free(path);
			return -1;
		}
		free(path);
		char *enc = base64_encode(plain, strlen(plain));
		xfree_secret(&plain);
		/* replaced in place keeps the document's order */
		if (cJSON_IsString(v))
			cJSON_SetValuestring(v, enc);
		else {
			if (cJSON_IsRaw(v))
				xfree_secret(&v->valuestring);
			v->type = cJSON_String;
			v->valuestring = xstrdup(enc);
		}
		free(enc);
	}
	return 0;
}

cJSON *
editobj_tree(const struct editobj *o, const char *text, size_t len, struct docmap_err *err)
{
	struct docmap_err scratch;
	if (err == NULL)
		err = &scratch;
	memset(err, 0, sizeof *err);
	struct kd_err ke = { 0 };
	/* what the edit left alone is the loaded tree's, not a second copy (a Secret's values
	 * are encoded in place below: its tree is its own) */
	cJSON *tree = o->secret ? doc_from_yaml(text, len, "text", &ke) :
	    doc_from_yaml_like(text, len, "text", editobj_loaded(o), &ke);
	if (tree == NULL) {
		if (docmap_check(text, len, err) == 0) {
			err->line = 1;
			snprintf(err->msg, sizeof err->msg, "%.250s", ke.msg);
		}
		return NULL;
	}
	if (!cJSON_IsObject(tree))
		return tree;
	jsonkey_share(tree);
	editobj_loaded(o);   /* what o hides, known once its tree is */
	editview_restore(tree, &o->hidden);
	if (o->secret && editobj_encode_data(o, tree, text, len, err) < 0) {
		cJSON_Delete(tree);
		return NULL;
	}
	return tree;
}

/* The text as loaded made again: from raw without a tree while there is no tree (as
 * editobj_adopt_raw made it), else from the tree. */
static char *
editobj_loaded_text(const struct editobj *o)
{
	if (o->loaded == NULL && o->raw != NULL) {
		char *t = editobj_stream_text(o->raw, o->raw_len, NULL);
		if (t != NULL)
			return t;
	}
	const cJSON *l = editobj_loaded(o);
	return l != NULL ? editobj_text_for(o, l) : xstrdup("");
}

void
editobj_text_drop(struct editobj *o)
{
	if (!editobj_is_new(o))
		xfree_secret(&o->text);
}

char *
editobj_text_dup(const struct editobj *o, size_t *len)
{
	char *t = o->text != NULL ? xstrndup(o->text, o->len) : editobj_loaded_text(o);
	if (len != NULL)
		*len = strlen(t);
	return t;
}

void
editobj_free(struct editobj **op)
{
	struct editobj *o;
	if (op == NULL || (o = *op) == NULL)
		return;
	editobj_kres_free(&o->res);
	free(o->ns);
	free(o->name);
	cJSON_Delete(o->loaded);
	cJSON_Delete(o->earlier);
	free(o->raw);
	free(o->resource_version);
	editview_hidden_free(&o->hidden);
	xfree_secret(&o->text);
	free(o);
	*op = NULL;
}
