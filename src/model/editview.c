/* What the editor hides of an object, and how it is given back; see editview.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/editview.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static size_t
editview_lines(const char *s)
{
	size_t n = 1;
	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
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
		h->placeholder = xasprintf("(folded, %zu lines, %zu bytes, kept as loaded)",
		    editview_lines(la->valuestring), strlen(la->valuestring));
		cJSON_ReplaceItemInObjectCaseSensitive(ann, EDITVIEW_LAST_APPLIED,
		    cJSON_CreateString(h->placeholder));
	}
	return view;
}

void
editview_restore(cJSON *edited, const struct editview_hidden *h)
{
	if (!cJSON_IsObject(edited))
		return;
	if (h->status != NULL && !cJSON_HasObjectItem(edited, "status"))
		cJSON_AddItemToObject(edited, "status", cJSON_Duplicate(h->status, 1));
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(edited, "metadata");
	if (!cJSON_IsObject(meta))
		return;
	if (h->managed_fields != NULL && !cJSON_HasObjectItem(meta, "managedFields"))
		cJSON_AddItemToObject(meta, "managedFields", cJSON_Duplicate(h->managed_fields, 1));
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	cJSON *la = cJSON_GetObjectItemCaseSensitive(ann, EDITVIEW_LAST_APPLIED);
	if (h->placeholder != NULL && cJSON_IsString(la) && strcmp(la->valuestring, h->placeholder) == 0)
		cJSON_ReplaceItemInObjectCaseSensitive(ann, EDITVIEW_LAST_APPLIED,
		    cJSON_CreateString(h->last_applied));
}

void
editview_hidden_free(struct editview_hidden *h)
{
	cJSON_Delete(h->status);
	cJSON_Delete(h->managed_fields);
	free(h->last_applied);
	free(h->placeholder);
	*h = (struct editview_hidden){ 0 };
}
