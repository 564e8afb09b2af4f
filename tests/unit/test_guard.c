#include "t.h"
/* The rule of what a confirm wants typed: the name on a production context and for a
 * namespace, "N KIND" for several there and for more than five anywhere, y otherwise. */
#include "ui/guard.h"

static void
t_want(int prod, int nss, size_t n, const char *kind, const char *name, const char *want)
{
	char *s = guard_typed_answer(prod, nss, n, kind, name);
	if (want == NULL)
		T_ASSERT_MSG(s == NULL, "wanted y, got \"%s\"", s ? s : "");
	else
		T_EQ_STR(s, want);
	free(s);
}

T_CASE(guard_y_is_enough_for_up_to_five)
{
	t_want(0, 0, 1, "pod", "web", NULL);
	t_want(0, 0, 5, "pods", "web", NULL);
	t_want(0, 0, 0, "pods", NULL, NULL);
}

T_CASE(guard_more_than_five_types_the_count)
{
	t_want(0, 0, 6, "pods", "web", "6 pods");
	t_want(0, 0, 40, "configmaps", "a", "40 configmaps");
}

T_CASE(guard_namespace_types_its_name)
{
	t_want(0, 1, 1, "namespace", "shop", "shop");
	t_want(0, 1, 2, "namespaces", "shop", "2 namespaces");
}

T_CASE(guard_production_types_the_name)
{
	t_want(1, 0, 1, "deployment", "web", "web");
	t_want(1, 0, 3, "pods", "web-1", "3 pods");
	t_want(1, 1, 1, "namespace", "shop", "shop");
}

int
main(void)
{
	T_RUN(guard_y_is_enough_for_up_to_five);
	T_RUN(guard_more_than_five_types_the_count);
	T_RUN(guard_namespace_types_its_name);
	T_RUN(guard_production_types_the_name);
	return t_done();
}
