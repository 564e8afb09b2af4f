#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "ui/widget/table_key.h"

/* Rows a page key moves: those on screen at the last draw. */
static long
table_key_page(struct table *t)
{
	int page = table_page(t);
	/* not drawn yet: what the screen would give it */
	return page > 0 ? page : LINES - 6 > 1 ? LINES - 6 : 1;
}

/* A source that keeps its own order (no set_sort) takes the sort keys and does nothing. */
static int
table_key_sort(struct table *t, enum action a)
{
	if (!table_sortable(t))
		return APP_NOTHING;
	switch (a) {
	case ACT_SORT_NEXT: table_sort_step(t, 1); break;
	case ACT_SORT_PREV: table_sort_step(t, -1); break;
	case ACT_SORT_REVERSE: table_sort_reverse(t); break;
	case ACT_SORT_NAME: return table_sort_by_name(t, "NAME") == 0 ? APP_REDRAW : APP_UNHANDLED;
	case ACT_SORT_AGE: return table_sort_by_name(t, "AGE") == 0 ? APP_REDRAW : APP_UNHANDLED;
	default: break;
	}
	return APP_REDRAW;
}

int
table_key(struct table *t, enum action a, int flags)
{
	switch (a) {
	case ACT_UP: return table_move(t, -1) ? APP_REDRAW : APP_NOTHING;
	case ACT_DOWN: return table_move(t, 1) ? APP_REDRAW : APP_NOTHING;
	case ACT_PAGE_UP: return table_move(t, -table_key_page(t)) ? APP_REDRAW : APP_NOTHING;
	case ACT_PAGE_DOWN: return table_move(t, table_key_page(t)) ? APP_REDRAW : APP_NOTHING;
	case ACT_TOP: return table_top(t) ? APP_REDRAW : APP_NOTHING;
	case ACT_BOTTOM: return table_bottom(t) ? APP_REDRAW : APP_NOTHING;
	case ACT_LEFT: return table_scroll_x(t, -1) ? APP_REDRAW : APP_NOTHING;
	case ACT_RIGHT: return table_scroll_x(t, 1) ? APP_REDRAW : APP_NOTHING;
	case ACT_MARK:
		if (flags & TABLE_KEY_NO_MARKS)
			return APP_UNHANDLED;
		return table_mark_toggle(t) ? APP_REDRAW : APP_NOTHING;
	case ACT_MARK_CLEAR:
		if (flags & TABLE_KEY_NO_MARKS)
			return APP_UNHANDLED;
		table_mark_clear(t);
		return APP_REDRAW;
	case ACT_WIDE:
		/* a table without wide-only columns leaves w to its page */
		if (!table_has_wide(t))
			return APP_UNHANDLED;
		table_set_wide(t, !table_wide(t));
		return APP_REDRAW;
	case ACT_SORT_NEXT: case ACT_SORT_PREV: case ACT_SORT_REVERSE: case ACT_SORT_NAME:
	case ACT_SORT_AGE:
		return table_key_sort(t, a);
	case ACT_BACK:
		/* Esc first drops the list's filter, then goes back */
		if (table_filter(t)[0] == '\0')
			return APP_UNHANDLED;
		table_set_filter(t, "", NULL);
		return APP_REDRAW;
	default:
		return APP_UNHANDLED;
	}
}

int
table_key_filter(struct table *t, const char *text, char *err, size_t errlen)
{
	struct kd_err e = { 0 };

	if (table_set_filter(t, text, &e) != 0) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	table_top(t);
	return 0;
}

char **
table_marked_keys(struct table *t)
{
	return table_targets(t);
}

void
table_keys_free(char ***keys)
{
	if (keys == NULL || *keys == NULL)
		return;
	for (char **k = *keys; *k != NULL; k++)
		free(*k);
	free(*keys);
	*keys = NULL;
}
