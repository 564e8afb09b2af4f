/* Shared keys: a tree's repeated keys become one constant copy, which the tree then
 * copies and deletes without freeing; long keys and a reference's children stay as
 * they were; the tree prints and compares as before. */
#include "t.h"

#include <cjson/cJSON.h>

#include "model/jsonkey.h"
#include "util/xmalloc.h"

T_CASE(jsonkey_repeated_keys_one_copy)
{
	cJSON *t = cJSON_Parse("{\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"},"
	    "{\"name\":\"C\",\"value\":\"3\"}],\"spec\":{\"name\":\"x\"}}");
	T_ASSERT(t != NULL);
	char *before = cJSON_PrintUnformatted(t);
	jsonkey_share(t);
	cJSON *env = cJSON_GetObjectItemCaseSensitive(t, "env");
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(t, "spec");
	const char *name0 = cJSON_GetArrayItem(env, 0)->child->string;
	for (int i = 0; i < 3; i++) {
		cJSON *e = cJSON_GetArrayItem(env, i);
		T_ASSERT(e->child->string == name0);
		T_ASSERT(e->child->type & cJSON_StringIsConst);
		T_EQ_STR(e->child->next->string, "value");
	}
	T_ASSERT(spec->child->string == name0);
	/* the same key from another tree is the same copy */
	cJSON *u = cJSON_Parse("{\"name\":\"other\"}");
	jsonkey_share(u);
	T_ASSERT(u->child->string == name0);
	/* a copy shares it; deleting either frees nothing of it */
	cJSON *d = cJSON_Duplicate(t, 1);
	T_ASSERT(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "env"), 2)->child->string == name0);
	char *after = cJSON_PrintUnformatted(t);
	T_EQ_STR(after, before);
	T_ASSERT(cJSON_Compare(t, d, 1));
	cJSON_Delete(t);
	cJSON_Delete(u);
	T_EQ_STR(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(d, "env"), 1)->child->string, "name");
	/* a key given to a new parent is the parent's own again */
	cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(d, "spec");
	cJSON *holder = cJSON_CreateObject();
	cJSON_AddItemToObject(holder, "moved", moved);
	T_ASSERT(!(moved->type & cJSON_StringIsConst));
	T_EQ_STR(moved->string, "moved");
	cJSON_Delete(holder);
	cJSON_Delete(d);
	free(before), free(after);
}

T_CASE(jsonkey_long_keys_and_references_stay)
{
	char key[100];
	memset(key, 'k', 99);
	key[99] = '\0';
	char *json = xasprintf("{\"%s\":1,\"short\":2}", key);
	cJSON *t = cJSON_Parse(json);
	jsonkey_share(t);
	T_ASSERT(!(t->child->type & cJSON_StringIsConst));
	T_EQ_STR(t->child->string, key);
	T_ASSERT(t->child->next->type & cJSON_StringIsConst);
	/* a reference's children belong to the tree it refers to */
	cJSON *other = cJSON_Parse("{\"inner\":{\"deep\":1}}");
	cJSON *view = cJSON_CreateObject();
	cJSON_AddItemReferenceToObject(view, "ref", cJSON_GetObjectItemCaseSensitive(other, "inner"));
	jsonkey_share(view);
	cJSON *deep = cJSON_GetObjectItemCaseSensitive(other, "inner")->child;
	T_ASSERT(!(deep->type & cJSON_StringIsConst));
	cJSON_Delete(view);
	cJSON_Delete(other);
	jsonkey_share(NULL);
	cJSON_Delete(t);
	free(json);
}

int
main(void)
{
	T_RUN(jsonkey_repeated_keys_one_copy);
	T_RUN(jsonkey_long_keys_and_references_stay);
	return t_done();
}
