/* libFuzzer target: JSON read into a tree that shares with another (model/jsonread.h) is
 * the tree cJSON reads, alone and against a second tree (the input with its first half
 * parsed, when that is JSON, or the input's own tree: everything shared). What the reader
 * leaves to cJSON may be anything; what it reads must be cJSON's, and freeing the shared
 * tree before the other must leave the other whole. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/jsonread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same(const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	char *x = cJSON_PrintUnformatted(a), *y = cJSON_PrintUnformatted(b);
	int eq = x != NULL && y != NULL && strcmp(x, y) == 0;
	free(x);
	free(y);
	return eq;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	cJSON *t = cJSON_ParseWithLength(json, size);
	cJSON *alone = jsonread_like(json, size, NULL);
	if (alone != NULL && (t == NULL || !same(alone, t)))
		abort();   /* read what cJSON reads otherwise */
	cJSON *half = cJSON_ParseWithLength(json, size / 2);
	const cJSON *likes[2] = { t, half };
	for (int i = 0; i < 2; i++) {
		cJSON *like = cJSON_Duplicate(likes[i], 1);
		cJSON *s = jsonread_like(json, size, like);
		if ((s == NULL) != (alone == NULL) || (s != NULL && !same(s, alone)))
			abort();   /* sharing changed what was read */
		cJSON *copy = cJSON_Duplicate(like, 1);
		cJSON_Delete(s);
		if (!same(copy, like))
			abort();   /* freeing the shared tree changed the other */
		cJSON_Delete(copy);
		cJSON_Delete(like);
	}
	cJSON_Delete(half);
	cJSON_Delete(alone);
	cJSON_Delete(t);
	return 0;
}
