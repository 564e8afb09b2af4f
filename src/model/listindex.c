/* A list's items by the text of their key; see listindex.h. A key's value is compared as
 * its JSON text (strings marked apart from other values, so "5" and 5 differ as
 * cJSON_Compare has them differ). */
#define _POSIX_C_SOURCE 200809L
#include "model/listindex.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct listindex_entry {
	char *k;          /* the key's value as text; NULL: the item lacks the key */
	const cJSON *it;
	size_t pos;
};

static const char *
li_k(const struct listindex_entry *e)
{
	return e->k != NULL ? e->k : "";
}

static int
li_cmp(const void *a, const void *b)
{
	const struct listindex_entry *x = a, *y = b;
	int c = strcmp(li_k(x), li_k(y));
	return c != 0 ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

static char *
li_text(const cJSON *kv)
{
	if (kv == NULL)
		return NULL;
	if (cJSON_IsString(kv))
		return xasprintf("s%s", kv->valuestring);
	char *j = cJSON_PrintUnformatted(kv);
	char *k = xasprintf("j%s", j != NULL ? j : "");
	free(j);
	return k;
}

void
listindex_make(struct listindex *ix, const cJSON *list, const char *key)
{
	ix->n = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
	ix->e = xcalloc(ix->n ? ix->n : 1, sizeof *ix->e);
	if (ix->n == 0)
		return;
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		ix->e[i] = (struct listindex_entry){
			li_text(cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, key) : NULL), it, i };
		i++;
	}
	qsort(ix->e, ix->n, sizeof *ix->e, li_cmp);
}

const cJSON *
listindex_find(const struct listindex *ix, const cJSON *kv, size_t *pos)
{
	if (kv == NULL || ix->n == 0)
		return NULL;
	char *want = li_text(kv);
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {   /* the first entry not below want; the keyless sort first, as "" */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(li_k(&ix->e[mid]), want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const cJSON *found = NULL;
	if (lo < ix->n && ix->e[lo].k != NULL && strcmp(ix->e[lo].k, want) == 0) {
		found = ix->e[lo].it;
		if (pos != NULL)
			*pos = ix->e[lo].pos;
	}
	free(want);
	return found;
}

void
listindex_free(struct listindex *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->e[i].k);
	free(ix->e);
	ix->e = NULL;
	ix->n = 0;
}
