#include "t.h"

#include "util/sort.h"

struct item { int key, seq; };

static int
cmp_key(const void *a, const void *b, void *ctx)
{
	const struct item *x = a, *y = b;
	int *calls = ctx;
	(*calls)++;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The context decides the direction: what a page's sort column and order do. */
static int
cmp_dir(const void *a, const void *b, void *ctx)
{
	int x = *(const int *)a, y = *(const int *)b, desc = *(const int *)ctx;
	int r = x < y ? -1 : x > y;
	return desc ? -r : r;
}

T_CASE(sort_empty_and_one)
{
	int calls = 0;
	struct item one = { 5, 0 };
	util_sort(NULL, 0, sizeof one, cmp_key, &calls);
	util_sort(&one, 1, sizeof one, cmp_key, &calls);
	T_EQ_INT(calls, 0);
	T_EQ_INT(one.key, 5);
}

T_CASE(sort_stable_many)
{
	enum { N = 1000 };
	static struct item v[N];
	int calls = 0;
	unsigned r = 12345;
	for (int i = 0; i < N; i++) {
		r = r * 1103515245u + 12345u;
		v[i].key = (int)((r >> 16) % 37);   /* many equal keys */
		v[i].seq = i;
	}
	util_sort(v, N, sizeof v[0], cmp_key, &calls);
	T_ASSERT(calls > 0);
	for (int i = 1; i < N; i++) {
		T_ASSERT_MSG(v[i - 1].key <= v[i].key, "out of order at %d", i);
		if (v[i - 1].key == v[i].key)
			T_ASSERT_MSG(v[i - 1].seq < v[i].seq, "equal keys swapped at %d", i);
	}
}

T_CASE(sort_context_reverses)
{
	int v[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4 };
	size_t n = sizeof v / sizeof v[0];
	int desc = 1;
	util_sort(v, n, sizeof v[0], cmp_dir, &desc);
	for (size_t i = 1; i < n; i++)
		T_ASSERT(v[i - 1] >= v[i]);
	desc = 0;
	util_sort(v, n, sizeof v[0], cmp_dir, &desc);
	for (size_t i = 1; i < n; i++)
		T_ASSERT(v[i - 1] <= v[i]);
	T_EQ_INT(v[0], 1);
	T_EQ_INT(v[n - 1], 9);
}

T_CASE(sort_sorted_and_reversed_input)
{
	enum { N = 200 };
	int v[N], desc = 0;
	for (int i = 0; i < N; i++)
		v[i] = N - i;
	util_sort(v, N, sizeof v[0], cmp_dir, &desc);
	for (int i = 0; i < N; i++)
		T_EQ_INT(v[i], i + 1);
	util_sort(v, N, sizeof v[0], cmp_dir, &desc);
	for (int i = 0; i < N; i++)
		T_EQ_INT(v[i], i + 1);
}

int
main(void)
{
	T_RUN(sort_empty_and_one);
	T_RUN(sort_stable_many);
	T_RUN(sort_context_reverses);
	T_RUN(sort_sorted_and_reversed_input);
	return t_done();
}
