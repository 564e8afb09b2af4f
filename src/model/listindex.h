/* The items of a list of objects by the value of one key (a merge key: containers and env
 * by name, ports by containerPort), sorted once, so that pairing the items of two or three
 * versions of a list of thousands (a Deployment's env) is n log n rather than n^2. Finds
 * what a walk of the list comparing with cJSON_Compare finds: the first item in list
 * order whose key equals the value; an item without the key pairs with nothing. */
#ifndef KD_LISTINDEX_H
#define KD_LISTINDEX_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct listindex_entry;

struct listindex {
	struct listindex_entry *e;
	size_t n;
};

/* Indexes list (borrowed: it must outlive the index and not change) by key. */
void listindex_make(struct listindex *ix, const cJSON *list, const char *key);
/* The first item whose key equals kv, and its position in the list in *pos (may be
 * NULL); NULL when none or kv is NULL. */
const cJSON *listindex_find(const struct listindex *ix, const cJSON *kv, size_t *pos);
void listindex_free(struct listindex *ix);

#endif
