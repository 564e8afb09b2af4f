#include "model/helmvalues.h"

#include <string.h>

#include "model/doc.h"
#include "util/xmalloc.h"

int
helmvalues_has_defaults(const cJSON *rel)
{
	const cJSON *chart = cJSON_GetObjectItemCaseSensitive(rel, "chart");
	return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(chart, "values"));
}

/* Coalesces src over dst (both objects), in place. */
static void
helmvalues_over(cJSON *dst, const cJSON *src)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, src) {
		cJSON *d = cJSON_GetObjectItemCaseSensitive(dst, v->string);
		if (cJSON_IsNull(v)) {
			cJSON_DeleteItemFromObjectCaseSensitive(dst, v->string);
			continue;
		}
		if (cJSON_IsObject(v) && cJSON_IsObject(d)) {
			helmvalues_over(d, v);
			continue;
		}
		cJSON *copy = cJSON_Duplicate(v, 1);
		if (d != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(dst, v->string, copy);
		else
			cJSON_AddItemToObject(dst, v->string, copy);
	}
}

cJSON *
helmvalues_coalesce(const cJSON *defaults, const cJSON *user)
{
	cJSON *out = cJSON_IsObject(defaults) ? cJSON_Duplicate(defaults, 1) : cJSON_CreateObject();
	if (cJSON_IsObject(user))
		helmvalues_over(out, user);
	return out;
}

static char *
helmvalues_yaml(const cJSON *v)
{
	if (!cJSON_IsObject(v) || v->child == NULL)
		return xstrdup("{}\n");
	return doc_to_yaml(v, DOC_SORT_KEYS);
}

char *
helmvalues_user_yaml(const cJSON *rel)
{
	return helmvalues_yaml(cJSON_GetObjectItemCaseSensitive(rel, "config"));
}

char *
helmvalues_all_yaml(const cJSON *rel)
{
	const cJSON *chart = cJSON_GetObjectItemCaseSensitive(rel, "chart");
	cJSON *all = helmvalues_coalesce(cJSON_GetObjectItemCaseSensitive(chart, "values"),
	    cJSON_GetObjectItemCaseSensitive(rel, "config"));
	char *s = helmvalues_yaml(all);
	cJSON_Delete(all);
	return s;
}
