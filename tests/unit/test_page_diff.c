/* The diff page's lines: the gutter with both line numbers, the sign kept on every line
 * (a diff reads the same without colours), hunk headers after a blank gutter. */
#include "t.h"

#include "model/linediff.h"
#include "ui/page/page_diff.h"
#include "ui/widget/theme.h"

T_CASE(page_diff_lines)
{
	const char *a = "one\ntwo\nthree\n", *b = "one\n2\nthree\n";
	struct linediff d;
	T_EQ_INT(linediff_make(a, strlen(a), b, strlen(b), 3, &d), 0);
	T_EQ_INT(d.n, 5);
	const char *want[] = { "     @@ -1,3 +1,3 @@", " 1 1  one", " 2   -two", "   2 +2", " 3 3  three" };
	int wsplit[] = { 5, 5, 5, 5, 5 };
	for (size_t i = 0; i < d.n; i++) {
		char *s;
		int split = page_diff_line(&d.lines[i], 2, 1, &s);
		int ok = strcmp(s, want[i]) == 0 && split == wsplit[i];
		if (!ok)
			t_fail(__FILE__, __LINE__, "line %zu is \"%s\" (gutter %d), want \"%s\"", i, s, split,
			    want[i]);
		free(s);
		if (!ok) {
			linediff_free(&d);
			return;
		}
	}
	linediff_free(&d);
}

/* The hunk header has an element of its own in every theme; mono draws it dim. */
T_CASE(page_diff_theme_element)
{
	T_EQ_INT(theme_el_find("diff-header"), THEME_DIFF_HEADER);
	struct theme *mono = theme_builtin("mono");
	T_ASSERT(mono != NULL);
	T_ASSERT(mono->el[THEME_DIFF_HEADER].attr & THEME_DIM);
	theme_free(&mono);
}

int
main(void)
{
	T_RUN(page_diff_lines);
	T_RUN(page_diff_theme_element);
	return t_done();
}
