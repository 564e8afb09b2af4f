/* Shared object keys for large trees; see jsonkey.h. */
#include "model/jsonkey.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define JSONKEY_MAX_LEN 64              /* longer keys (annotations, data files) stay own */
#define JSONKEY_MAX_BYTES (1u << 20)    /* the pool stops growing here */

static char **jsonkey_tab;   /* open addressing; NULL slots empty */
static size_t jsonkey_cap, jsonkey_n, jsonkey_bytes;
static pthread_mutex_t jsonkey_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
jsonkey_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void
jsonkey_grow(void)
{
	size_t cap = jsonkey_cap ? jsonkey_cap * 2 : 256;
	char **tab = xcalloc(cap, sizeof *tab);
	for (size_t i = 0; i < jsonkey_cap; i++) {
		if (jsonkey_tab[i] == NULL)
			continue;
		size_t h = (size_t)jsonkey_hash(jsonkey_tab[i], strlen(jsonkey_tab[i])) & (cap - 1);
		while (tab[h] != NULL)
			h = (h + 1) & (cap - 1);
		tab[h] = jsonkey_tab[i];
	}
	free(jsonkey_tab);
	jsonkey_tab = tab;
	jsonkey_cap = cap;
}

static const char *
jsonkey_find(const char *s, size_t n)
{
	if (jsonkey_n * 2 >= jsonkey_cap)
		jsonkey_grow();
	size_t h = (size_t)jsonkey_hash(s, n) & (jsonkey_cap - 1);
	while (jsonkey_tab[h] != NULL) {
		if (strcmp(jsonkey_tab[h], s) == 0)
			return jsonkey_tab[h];
		h = (h + 1) & (jsonkey_cap - 1);
	}
	if (jsonkey_bytes + n + 1 > JSONKEY_MAX_BYTES)
		return NULL;
	jsonkey_tab[h] = xstrdup(s);
	jsonkey_n++;
	jsonkey_bytes += n + 1;
	return jsonkey_tab[h];
}

const char *
jsonkey_get(const char *s)
{
	size_t n = strlen(s);
	if (n > JSONKEY_MAX_LEN)
		return NULL;
	pthread_mutex_lock(&jsonkey_lock);
	const char *k = jsonkey_find(s, n);
	pthread_mutex_unlock(&jsonkey_lock);
	return k;
}

void
jsonkey_share(cJSON *tree)
{
	for (cJSON *it = tree != NULL ? tree->child : NULL; it != NULL; it = it->next) {
		if (it->string != NULL && !(it->type & cJSON_StringIsConst)) {
			const char *k = jsonkey_get(it->string);
			if (k != NULL) {
				cJSON_free(it->string);
				it->string = (char *)k;
				it->type |= cJSON_StringIsConst;
			}
		}
		/* a reference's children are another tree's */
		if (!(it->type & cJSON_IsReference))
			jsonkey_share(it);
	}
}
