/* A stable merge sort whose comparator gets a context argument, so a page sorts its rows
 * by what the page holds without a global (qsort has no context; qsort_r differs between
 * the C libraries). Equal elements keep their order. */
#ifndef KD_SORT_H
#define KD_SORT_H

#include <stddef.h>

typedef int (*util_sort_cmp)(const void *a, const void *b, void *ctx);

/* Sorts n elements of size bytes at base by cmp(a, b, ctx). */
void util_sort(void *base, size_t n, size_t size, util_sort_cmp cmp, void *ctx);

#endif
