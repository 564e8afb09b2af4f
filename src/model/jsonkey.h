/* The keys of a large object's tree shared: a list of 12k env entries holds "name" and
 * "value" 25k times, each its own allocation as cJSON parses it. jsonkey_share makes
 * each key one constant copy kept for the program's life (cJSON_StringIsConst: a tree
 * deletes and copies such a key without freeing or duplicating it), so that a tree of
 * 40k nodes does not hold 40k small strings. Keys are a small set; past a bound (long
 * keys, or a pool grown large) they stay the tree's own. The YAML reader and the patch
 * builder take their keys from jsonkey_get as they build a tree. */
#ifndef KD_JSONKEY_H
#define KD_JSONKEY_H

#include <cjson/cJSON.h>

/* Every object member's key under tree made the shared copy (tree may be NULL). */
void jsonkey_share(cJSON *tree);
/* The shared copy of key, for cJSON_AddItemToObjectCS; NULL when key stays its own. */
const char *jsonkey_get(const char *key);

#endif
