#include "t.h"

#include "app.h"
#include "ui/widget/table.h"
#include "ui/widget/table_key.h"

/* A source of n rows "row0".."rowN-1", one column, a wide-only second one when wide. */
struct src {
	size_t n;
	int wide;
	int sort_col, desc;
	char filter[32];
};

static int s_ncols(void *arg) { return ((struct src *)arg)->wide ? 2 : 1; }
static void
s_col(void *arg, int i, struct table_col *c)
{
	(void)arg;
	c->name = i == 0 ? "NAME" : "NODE";
	c->wide = i == 1;
}
static size_t s_nrows(void *arg) { struct src *s = arg; return s->filter[0] ? 1 : s->n; }
static void
s_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	(void)arg;
	snprintf(buf, len, "%s%zu", col ? "node" : "row", row);
}
static void s_key(void *arg, size_t row, char *buf, size_t len) { s_cell(arg, row, 0, buf, len); }
static uint64_t s_version(void *arg) { (void)arg; return 1; }
static int
s_set_filter(void *arg, const char *text, struct kd_err *err)
{
	(void)err;
	snprintf(((struct src *)arg)->filter, sizeof ((struct src *)arg)->filter, "%s", text);
	return 0;
}
static void s_set_sort(void *arg, int col, int desc) { struct src *s = arg; s->sort_col = col; s->desc = desc; }
static void s_get_sort(void *arg, int *col, int *desc) { struct src *s = arg; *col = s->sort_col; *desc = s->desc; }

static const struct table_source_ops s_ops = {
	.ncols = s_ncols, .col = s_col, .nrows = s_nrows, .cell = s_cell, .key = s_key,
	.version = s_version, .set_filter = s_set_filter, .set_sort = s_set_sort, .get_sort = s_get_sort,
};

T_CASE(table_key_moves)
{
	struct src s = { .n = 50, .sort_col = -1 };
	struct table *t = table_new(&s_ops, &s);
	T_EQ_INT(table_key(t, ACT_UP, 0), APP_NOTHING);   /* already on top */
	T_EQ_INT(table_key(t, ACT_DOWN, 0), APP_REDRAW);
	T_EQ_STR(table_selected_key(t), "row1");
	T_EQ_INT(table_key(t, ACT_BOTTOM, 0), APP_REDRAW);
	T_EQ_STR(table_selected_key(t), "row49");
	T_EQ_INT(table_key(t, ACT_PAGE_DOWN, 0), APP_NOTHING);
	T_EQ_INT(table_key(t, ACT_PAGE_UP, 0), APP_REDRAW);
	T_ASSERT(table_selected(t) < 49);
	T_EQ_INT(table_key(t, ACT_TOP, 0), APP_REDRAW);
	T_EQ_STR(table_selected_key(t), "row0");
	T_EQ_INT(table_key(t, ACT_PAGE_DOWN, 0), APP_REDRAW);
	T_ASSERT(table_selected(t) > 0);
	table_free(&t);
	T_ASSERT(t == NULL);
}

T_CASE(table_key_marks)
{
	struct src s = { .n = 5, .sort_col = -1 };
	struct table *t = table_new(&s_ops, &s);
	char **keys;
	T_EQ_INT(table_key(t, ACT_MARK, 0), APP_REDRAW);
	T_EQ_INT(table_key(t, ACT_MARK, 0), APP_REDRAW);
	T_EQ_INT(table_mark_count(t), 2);
	keys = table_marked_keys(t);
	T_EQ_STR(keys[0], "row0");
	T_EQ_STR(keys[1], "row1");
	T_ASSERT(keys[2] == NULL);
	table_keys_free(&keys);
	T_ASSERT(keys == NULL);
	table_keys_free(NULL);
	T_EQ_INT(table_key(t, ACT_MARK_CLEAR, 0), APP_REDRAW);
	T_EQ_INT(table_mark_count(t), 0);
	/* none marked: the selected row alone */
	keys = table_marked_keys(t);
	T_EQ_STR(keys[0], "row2");
	T_ASSERT(keys[1] == NULL);
	table_keys_free(&keys);
	/* a pick-one list leaves marks to its page */
	T_EQ_INT(table_key(t, ACT_MARK, TABLE_KEY_NO_MARKS), APP_UNHANDLED);
	T_EQ_INT(table_mark_count(t), 0);
	table_free(&t);
}

T_CASE(table_key_wide_sort_back)
{
	struct src s = { .n = 5, .sort_col = -1 };
	struct table *t = table_new(&s_ops, &s);
	char err[64] = "";
	/* no wide-only column: not a table key here */
	T_EQ_INT(table_key(t, ACT_WIDE, 0), APP_UNHANDLED);
	s.wide = 1;
	T_EQ_INT(table_key(t, ACT_WIDE, 0), APP_REDRAW);
	T_ASSERT(table_wide(t));
	T_EQ_INT(table_key(t, ACT_SORT_NAME, 0), APP_REDRAW);
	T_EQ_INT(s.sort_col, 0);
	T_EQ_INT(table_key(t, ACT_SORT_REVERSE, 0), APP_REDRAW);
	T_EQ_INT(s.desc, 1);
	T_EQ_INT(table_key(t, ACT_SORT_AGE, 0), APP_UNHANDLED);   /* no AGE column */
	/* the table reads the order back from the source: next from NAME is NODE */
	T_EQ_INT(table_key(t, ACT_SORT_NEXT, 0), APP_REDRAW);
	T_EQ_INT(s.sort_col, 1);
	T_EQ_INT(table_key(t, ACT_SORT_NAME, 0), APP_REDRAW);
	T_EQ_INT(s.sort_col, 0);
	T_EQ_INT(s.desc, 0);
	T_EQ_INT(table_key(t, ACT_SORT_NAME, 0), APP_REDRAW);   /* again: reversed */
	T_EQ_INT(s.desc, 1);
	/* Esc drops a filter first, then is the page's */
	T_EQ_INT(table_key_filter(t, "row3", err, sizeof err), 0);
	T_EQ_STR(s.filter, "row3");
	T_EQ_STR(table_filter(t), "row3");
	T_EQ_INT(table_key(t, ACT_BACK, 0), APP_REDRAW);
	T_EQ_STR(table_filter(t), "");
	T_EQ_INT(table_key(t, ACT_BACK, 0), APP_UNHANDLED);
	T_EQ_INT(table_key(t, ACT_ENTER, 0), APP_UNHANDLED);
	T_EQ_INT(table_key(t, ACT_DELETE, 0), APP_UNHANDLED);
	table_free(&t);
}

/* A source without filter or sort hooks (forwards, sessions, a choice): its order stays,
 * the sort keys are taken and do nothing, a filter's text is kept for Esc to drop. */
static const struct table_source_ops s_fixed_ops = {
	.ncols = s_ncols, .col = s_col, .nrows = s_nrows, .cell = s_cell, .key = s_key,
	.version = s_version,
};

T_CASE(table_key_fixed_order)
{
	struct src s = { .n = 3, .sort_col = -1 };
	struct table *t = table_new(&s_fixed_ops, &s);
	char err[64] = "";
	T_ASSERT(!table_sortable(t));
	T_EQ_INT(table_key(t, ACT_SORT_NEXT, 0), APP_NOTHING);
	T_EQ_INT(table_key(t, ACT_SORT_PREV, 0), APP_NOTHING);
	T_EQ_INT(table_key(t, ACT_SORT_REVERSE, 0), APP_NOTHING);
	T_EQ_INT(table_key(t, ACT_SORT_NAME, 0), APP_NOTHING);
	T_EQ_INT(table_key(t, ACT_SORT_AGE, 0), APP_NOTHING);
	T_EQ_INT(table_sort_by_name(t, "NAME"), -1);
	table_sort_step(t, 1);
	table_sort_reverse(t);
	T_EQ_INT(s.sort_col, -1);
	T_EQ_INT(s.desc, 0);
	T_EQ_STR(table_selected_key(t), "row0");
	T_EQ_INT(table_key_filter(t, "row1", err, sizeof err), 0);
	T_EQ_STR(table_filter(t), "row1");
	T_EQ_STR(s.filter, "");   /* the source was not asked */
	T_EQ_INT(table_key(t, ACT_BACK, 0), APP_REDRAW);
	T_EQ_STR(table_filter(t), "");
	table_free(&t);

	t = table_new(&s_ops, &s);
	T_ASSERT(table_sortable(t));
	table_free(&t);
}

int
main(void)
{
	T_RUN(table_key_moves);
	T_RUN(table_key_marks);
	T_RUN(table_key_wide_sort_back);
	T_RUN(table_key_fixed_order);
	return t_done();
}
