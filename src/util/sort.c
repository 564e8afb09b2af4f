#include <stdlib.h>
#include <string.h>

#include "util/sort.h"
#include "util/xmalloc.h"

/* Below this many elements an insertion sort beats the merging. */
#define SORT_SMALL 12

/* Most arrays sorted are of pointers or indexes: a copy of a constant size is one move
 * where memcpy of a variable size would be a call. */
static inline void
sort_copy(void *d, const void *s, size_t size)
{
	if (size == sizeof(void *))
		memcpy(d, s, sizeof(void *));
	else
		memcpy(d, s, size);
}

static void
sort_insertion(char *b, size_t n, size_t size, util_sort_cmp cmp, void *ctx, char *tmp)
{
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		if (cmp(b + (j - 1) * size, b + i * size, ctx) <= 0)
			continue;
		sort_copy(tmp, b + i * size, size);
		while (j > 0 && cmp(b + (j - 1) * size, tmp, ctx) > 0) {
			sort_copy(b + j * size, b + (j - 1) * size, size);
			j--;
		}
		sort_copy(b + j * size, tmp, size);
	}
}

/* Sorts b[0, n) using scratch (n elements) for the merge. */
static void
sort_merge(char *b, size_t n, size_t size, util_sort_cmp cmp, void *ctx, char *scratch)
{
	size_t half = n / 2, i = 0, j = half, k = 0;

	if (n <= SORT_SMALL) {
		sort_insertion(b, n, size, cmp, ctx, scratch);
		return;
	}
	sort_merge(b, half, size, cmp, ctx, scratch);
	sort_merge(b + half * size, n - half, size, cmp, ctx, scratch);
	/* already in order: the common case when rows change a little between sorts */
	if (cmp(b + (half - 1) * size, b + half * size, ctx) <= 0)
		return;
	while (i < half && j < n) {
		/* <= keeps equal elements in their order */
		if (cmp(b + i * size, b + j * size, ctx) <= 0)
			sort_copy(scratch + k++ * size, b + i++ * size, size);
		else
			sort_copy(scratch + k++ * size, b + j++ * size, size);
	}
	if (i < half)
		memcpy(scratch + k * size, b + i * size, (half - i) * size);
	else
		k = j;   /* the rest of the right half is in place already */
	memcpy(b, scratch, (i < half ? n : k) * size);
}

void
util_sort(void *base, size_t n, size_t size, util_sort_cmp cmp, void *ctx)
{
	char *scratch;

	if (n < 2 || size == 0)
		return;
	scratch = xmalloc(n * size);
	sort_merge(base, n, size, cmp, ctx, scratch);
	free(scratch);
}
