/* What the editor hides of an object, and how it is given back; see editview.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/editview.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonshare.h"
#include "util/xmalloc.h"

static size_t
editview_lines(const char *s)
{
	size_t n = 1;
	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

char *
editview_placeholder(const char *value)
{
	return xasprintf("(folded, %zu lines, %zu bytes, kept as loaded)", editview_lines(value),
	    strlen(value));
}

static int
editview_is(const char *s, const char *word)
{
	return s != NULL && strcmp(s, word) == 0;
}

enum doc_stream_act
editview_stream_filter(void *arg, const struct doc_stream_member *m, char **with)
{
	(void)arg;
	if (m->depth == 0 && editview_is(m->key, "status"))
		return DOC_STREAM_DROP;
	if (m->depth == 1 && editview_is(m->path[0], "metadata") && editview_is(m->key, "managedFields"))
		return DOC_STREAM_DROP;
	if (m->depth == 2 && editview_is(m->path[0], "metadata") && editview_is(m->path[1], "annotations") &&
	    editview_is(m->key, EDITVIEW_LAST_APPLIED) && m->str != NULL) {
		*with = editview_placeholder(m->str);
		return DOC_STREAM_REPLACE;
	}
	return DOC_STREAM_KEEP;
}

cJSON *
editview_new(const cJSON *obj, struct editview_hidden *h)
{
	*h = (struct editview_hidden){ 0 };
	cJSON *view = cJSON_Duplicate(obj, 1);
	if (!cJSON_IsObject(view))
		return view;
	h->status = cJSON_DetachItemFromObjectCaseSensitive(view, "status");
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(view, "metadata");
	if (!cJSON_IsObject(meta))
		return view;
	h->managed_fields = cJSON_DetachItemFromObjectCaseSensitive(meta, "managedFields");
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	cJSON *la = cJSON_GetObjectItemCaseSensitive(ann, EDITVIEW_LAST_APPLIED);
	if (cJSON_IsString(la)) {
		h->last_applied = xstrdup(la->valuestring);
		h->placeholder = editview_placeholder(la->valuestring);
		cJSON_ReplaceItemInObjectCaseSensitive(ann, EDITVIEW_LAST_APPLIED,
		    cJSON_CreateString(h->placeholder));
	}
	return view;
}

/* Adds a reference to item under key (the key copied); 0 when memory ran out. */
static int
editview_ref(cJSON *to, const cJSON *item)
{
	return cJSON_AddItemReferenceToObject(to, item->string, (cJSON *)item);
}

cJSON *
editview_borrow(const cJSON *obj, struct editview_hidden *h)
{
	*h = (struct editview_hidden){ .borrowed = 1 };
	if (!cJSON_IsObject(obj))
		return cJSON_Duplicate(obj, 1);
	cJSON *view = cJSON_CreateObject();
	int ok = view != NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		if (!ok)
			break;
		if (strcmp(it->string, "status") == 0) {
			h->status = (cJSON *)it;
			continue;
		}
		if (strcmp(it->string, "metadata") != 0 || !cJSON_IsObject(it)) {
			ok = editview_ref(view, it);
			continue;
		}
		cJSON *meta = cJSON_AddObjectToObject(view, "metadata");
		ok = meta != NULL;
		const cJSON *m;
		cJSON_ArrayForEach(m, it) {
			if (!ok)
				break;
			if (strcmp(m->string, "managedFields") == 0) {
				h->managed_fields = (cJSON *)m;
				continue;
			}
			if (strcmp(m->string, "annotations") != 0 || !cJSON_IsObject(m)) {
				ok = editview_ref(meta, m);
				continue;
			}
			cJSON *ann = cJSON_AddObjectToObject(meta, "annotations");
			ok = ann != NULL;
			const cJSON *a;
			cJSON_ArrayForEach(a, m) {
				if (!ok)
					break;
				if (strcmp(a->string, EDITVIEW_LAST_APPLIED) == 0 && cJSON_IsString(a)) {
					h->last_applied = a->valuestring;
					h->placeholder = editview_placeholder(a->valuestring);
					ok = cJSON_AddStringToObject(ann, EDITVIEW_LAST_APPLIED, h->placeholder) != NULL;
					continue;
				}
				ok = editview_ref(ann, a);
			}
		}
	}
	if (!ok) {
		cJSON_Delete(view);
		editview_hidden_free(h);
		return NULL;
	}
	return view;
}

/* A reference to what h holds, as the value of a tree that must not outlive h. */
static cJSON *
editview_hidden_ref(const cJSON *v)
{
	cJSON *r = cJSON_IsArray(v) ? cJSON_CreateArrayReference(v->child) :
	    cJSON_IsObject(v) ? cJSON_CreateObjectReference(v->child) : NULL;
	return r != NULL ? r : cJSON_Duplicate(v, 1);
}

void
editview_restore(cJSON *edited, const struct editview_hidden *h)
{
	if (!cJSON_IsObject(edited))
		return;
	/* a tree read against the object as loaded shares what equals it: made its own where
	 * it is added to */
	if (jsonshare_own(edited) != 0)
		return;
	if (h->status != NULL && !cJSON_HasObjectItem(edited, "status"))
		cJSON_AddItemToObject(edited, "status", editview_hidden_ref(h->status));
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(edited, "metadata");
	if (!cJSON_IsObject(meta) || jsonshare_own(meta) != 0)
		return;
	if (h->managed_fields != NULL && !cJSON_HasObjectItem(meta, "managedFields"))
		cJSON_AddItemToObject(meta, "managedFields", editview_hidden_ref(h->managed_fields));
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	cJSON *la = cJSON_GetObjectItemCaseSensitive(ann, EDITVIEW_LAST_APPLIED);
	if (h->placeholder != NULL && cJSON_IsString(la) && strcmp(la->valuestring, h->placeholder) == 0 &&
	    jsonshare_own(ann) == 0)
		cJSON_ReplaceItemInObjectCaseSensitive(ann, EDITVIEW_LAST_APPLIED,
		    cJSON_CreateStringReference(h->last_applied));
}

void
editview_hidden_own(struct editview_hidden *h)
{
	if (!h->borrowed)
		return;
	h->status = cJSON_Duplicate(h->status, 1);
	h->managed_fields = cJSON_Duplicate(h->managed_fields, 1);
	h->last_applied = h->last_applied ? xstrdup(h->last_applied) : NULL;
	h->borrowed = 0;
}

void
editview_hidden_free(struct editview_hidden *h)
{
	if (!h->borrowed) {
		cJSON_Delete(h->status);
		cJSON_Delete(h->managed_fields);
		free(h->last_applied);
	}
	free(h->placeholder);
	*h = (struct editview_hidden){ 0 };
}
