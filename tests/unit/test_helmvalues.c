#include "t.h"
/* A release's values as helm get values shows them: the user's alone, or coalesced over the
 * chart's defaults as chartutil.CoalesceValues does (maps merged key by key, anything else
 * replaced, a null removing the default); a revision's texts as helm get prints them. */
#include <cjson/cJSON.h>

#include "model/helmrel.h"
#include "model/helmtext.h"
#include "model/helmvalues.h"
#include "util/xmalloc.h"

static const char rel_json[] =
    "{\"name\":\"web\",\"namespace\":\"shop\",\"version\":2,\"info\":{\"status\":\"deployed\",\"notes\":\"hi\\n\"},"
    "\"chart\":{\"metadata\":{\"name\":\"web\",\"version\":\"1.0.0\"},"
    "\"values\":{\"replicaCount\":1,\"image\":{\"repository\":\"nginx\",\"tag\":\"latest\"},"
    "\"ports\":[80,443],\"debug\":true,\"resources\":{\"limits\":{\"memory\":\"128Mi\"}}}},"
    "\"config\":{\"image\":{\"tag\":\"1.25\"},\"ports\":[8080],\"debug\":null,\"extra\":\"x\"},"
    "\"manifest\":\"---\\nkind: Service\\n\","
    "\"hooks\":[{\"name\":\"t\",\"path\":\"web/templates/tests/t.yaml\",\"manifest\":\"kind: Pod\"},"
    "{\"name\":\"m\",\"path\":\"web/templates/migrate.yaml\",\"manifest\":\"kind: Job\"}]}";

T_CASE(helmvalues_user_only)
{
	cJSON *rel = cJSON_Parse(rel_json);
	char *y = helmvalues_user_yaml(rel);
	T_CONTAINS(y, "tag: '1.25'");
	T_CONTAINS(y, "extra: x");
	T_LACKS(y, "repository");
	T_LACKS(y, "memory");
	free(y);
	cJSON_DeleteItemFromObject(rel, "config");
	y = helmvalues_user_yaml(rel);
	T_EQ_STR(y, "{}\n");
	free(y);
	cJSON_Delete(rel);
}

T_CASE(helmvalues_coalesced_over_defaults)
{
	cJSON *rel = cJSON_Parse(rel_json);
	T_ASSERT(helmvalues_has_defaults(rel));
	const cJSON *chart = cJSON_GetObjectItemCaseSensitive(rel, "chart");
	cJSON *all = helmvalues_coalesce(cJSON_GetObjectItemCaseSensitive(chart, "values"),
	    cJSON_GetObjectItemCaseSensitive(rel, "config"));
	const cJSON *img = cJSON_GetObjectItemCaseSensitive(all, "image");
	/* maps merge: the user's tag, the chart's repository */
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(img, "tag")->valuestring, "1.25");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(img, "repository")->valuestring, "nginx");
	/* a list is replaced, not merged */
	T_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(all, "ports")), 1);
	/* null removes the default */
	T_ASSERT(cJSON_GetObjectItemCaseSensitive(all, "debug") == NULL);
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(all, "replicaCount")->valuedouble, 1);
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(all, "extra")->valuestring, "x");
	cJSON_Delete(all);
	char *y = helmvalues_all_yaml(rel);
	T_CONTAINS(y, "memory: 128Mi");
	T_CONTAINS(y, "tag: '1.25'");
	T_LACKS(y, "debug");
	/* keys sorted as helm prints them */
	T_ASSERT(strstr(y, "extra:") < strstr(y, "image:") && strstr(y, "image:") < strstr(y, "ports:"));
	free(y);
	/* the defaults untouched */
	T_ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(chart, "values"),
	    "debug")));
	cJSON_DeleteItemFromObject(cJSON_GetObjectItemCaseSensitive(rel, "chart"), "values");
	T_ASSERT(!helmvalues_has_defaults(rel));
	cJSON_Delete(rel);
}

T_CASE(helmtext_as_helm_get)
{
	cJSON *rel = cJSON_Parse(rel_json);
	char *enc = helmrel_encode(rel);
	struct helmrel r;
	struct kd_err err = { 0 };
	T_ASSERT_MSG(helmrel_decode(&r, enc, &err) == 0, "%s", err.msg);
	char *t = helmtext_of(&r, HELMTEXT_HOOKS);
	T_EQ_STR(t, "---\n# Source: web/templates/tests/t.yaml\nkind: Pod\n---\n# Source: web/templates/migrate.yaml\nkind: Job\n");
	free(t);
	t = helmtext_of(&r, HELMTEXT_MANIFEST);
	T_EQ_STR(t, "---\nkind: Service\n");
	free(t);
	t = helmtext_of(&r, HELMTEXT_NOTES);
	T_EQ_STR(t, "hi\n");
	free(t);
	T_EQ_STR(helmtext_head(HELMTEXT_ALL), "COMPUTED VALUES:");
	T_EQ_STR(helmtext_word(HELMTEXT_VALUES), "values (user-supplied)");
	helmrel_free(&r);
	free(enc);
	cJSON_Delete(rel);
}

int
main(void)
{
	T_RUN(helmvalues_user_only);
	T_RUN(helmvalues_coalesced_over_defaults);
	T_RUN(helmtext_as_helm_get);
	return t_done();
}
