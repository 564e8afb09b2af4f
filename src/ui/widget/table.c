#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/widget/screen.h"
#include "ui/widget/table.h"
#include "util/xmalloc.h"

#define TABLE_CELL 512
#define TABLE_SHRINK_MIN 16    /* a cell cut to fit a narrow terminal keeps this many columns, */
#define TABLE_SHRINK_LAST 8    /* or this many when there is no other way */

struct table {
	const struct table_source_ops *ops;
	void *arg;
	long sel;             /* index among visible rows */
	long top;             /* first row drawn */
	int page;             /* rows on screen at the last draw */
	int xoff;             /* horizontal scroll, in columns of the table */
	char selkey[512];     /* the selected row's key: the selection follows it */
	char **marks;         /* sorted keys */
	size_t nmarks;
	int *widths;          /* sticky fitted widths: they only grow, so columns do not jump */
	int nwidths;
	int wide;
	uint64_t drawn_version;
	uint64_t drawn_sig;   /* what the last draw showed (table_window_sig) */
	char filter[256];
};

struct table *
table_new(const struct table_source_ops *ops, void *arg)
{
	struct table *t = xcalloc(1, sizeof *t);
	t->ops = ops;
	t->arg = arg;
	t->drawn_version = (uint64_t)-1;
	return t;
}

void
table_free(struct table **tp)
{
	struct table *t;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	table_mark_clear(t);
	free(t->marks);
	free(t->widths);
	free(t);
	*tp = NULL;
}

static void
table_key_at(struct table *t, size_t row, char *buf, size_t len)
{
	buf[0] = '\0';
	t->ops->key(t->arg, row, buf, len);
}

/* Brings sel back onto the row with selkey after the rows changed. */
static void
table_follow(struct table *t)
{
	size_t n = t->ops->nrows(t->arg);
	char key[512];

	if (n == 0) {
		t->sel = 0;
		return;
	}
	if (t->sel >= (long)n)
		t->sel = (long)n - 1;
	if (t->sel < 0)
		t->sel = 0;
	if (t->selkey[0] == '\0') {
		table_key_at(t, (size_t)t->sel, t->selkey, sizeof t->selkey);
		return;
	}
	table_key_at(t, (size_t)t->sel, key, sizeof key);
	if (strcmp(key, t->selkey) == 0)
		return;
	/* look near the old place first: most changes move a row by a few places */
	for (long d = 1; d < (long)n; d++) {
		long a = t->sel - d, b = t->sel + d;
		if (a < 0 && b >= (long)n)
			break;
		if (a >= 0) {
			table_key_at(t, (size_t)a, key, sizeof key);
			if (strcmp(key, t->selkey) == 0) {
				t->sel = a;
				return;
			}
		}
		if (b < (long)n) {
			table_key_at(t, (size_t)b, key, sizeof key);
			if (strcmp(key, t->selkey) == 0) {
				t->sel = b;
				return;
			}
		}
	}
	/* gone: stay at the same place, on whatever row is there now */
	table_key_at(t, (size_t)t->sel, t->selkey, sizeof t->selkey);
}

int
table_move(struct table *t, long delta)
{
	size_t n = t->ops->nrows(t->arg);
	long old = t->sel;

	if (n == 0)
		return TABLE_IGNORED;
	t->sel += delta;
	if (t->sel < 0)
		t->sel = 0;
	if (t->sel >= (long)n)
		t->sel = (long)n - 1;
	table_key_at(t, (size_t)t->sel, t->selkey, sizeof t->selkey);
	return old != t->sel ? TABLE_REDRAW : TABLE_IGNORED;
}

int table_top(struct table *t) { return table_move(t, -t->sel); }
int table_bottom(struct table *t) { return table_move(t, (long)t->ops->nrows(t->arg)); }

int
table_scroll_x(struct table *t, int delta)
{
	int old = t->xoff;
	t->xoff += delta;
	if (t->xoff < 0)
		t->xoff = 0;
	if (t->xoff > t->ops->ncols(t->arg) - 1)
		t->xoff = t->ops->ncols(t->arg) - 1;
	if (t->xoff < 0)
		t->xoff = 0;
	return old != t->xoff ? TABLE_REDRAW : TABLE_IGNORED;
}

long
table_selected(struct table *t)
{
	size_t n = t->ops->nrows(t->arg);
	if (n == 0)
		return -1;
	table_follow(t);
	return t->sel;
}

const char *
table_selected_key(struct table *t)
{
	return table_selected(t) < 0 ? NULL : t->selkey;
}

int
table_select_key(struct table *t, const char *key)
{
	snprintf(t->selkey, sizeof t->selkey, "%s", key);
	table_follow(t);
	return TABLE_REDRAW;
}

/* ---- marks: a sorted array of keys ---- */

static long
table_mark_find(const struct table *t, const char *key, int *found)
{
	size_t lo = 0, hi = t->nmarks;
	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(t->marks[mid], key);
		if (c == 0) {
			*found = 1;
			return (long)mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo;
}

int
table_marked(const struct table *t, const char *key)
{
	int found;
	table_mark_find(t, key, &found);
	return found;
}

int
table_mark_toggle(struct table *t)
{
	const char *key = table_selected_key(t);
	int found;
	long i;

	if (key == NULL)
		return TABLE_IGNORED;
	i = table_mark_find(t, key, &found);
	if (found) {
		free(t->marks[i]);
		memmove(&t->marks[i], &t->marks[i + 1], (t->nmarks - (size_t)i - 1) * sizeof *t->marks);
		t->nmarks--;
	} else {
		t->marks = xreallocarray(t->marks, t->nmarks + 1, sizeof *t->marks);
		memmove(&t->marks[i + 1], &t->marks[i], (t->nmarks - (size_t)i) * sizeof *t->marks);
		t->marks[i] = xstrdup(key);
		t->nmarks++;
	}
	table_move(t, 1);
	return TABLE_REDRAW;
}

void
table_mark_clear(struct table *t)
{
	for (size_t i = 0; i < t->nmarks; i++)
		free(t->marks[i]);
	t->nmarks = 0;
}

size_t table_mark_count(const struct table *t) { return t->nmarks; }

char **
table_targets(struct table *t)
{
	char **v;
	const char *key = table_selected_key(t);

	if (t->nmarks == 0) {
		v = xcalloc(2, sizeof *v);
		if (key != NULL)
			v[0] = xstrdup(key);
		return v;
	}
	v = xcalloc(t->nmarks + 1, sizeof *v);
	for (size_t i = 0; i < t->nmarks; i++)
		v[i] = xstrdup(t->marks[i]);
	return v;
}

/* ---- sort and filter ---- */

/* A source without sort hooks keeps its own order (forwards, sessions, a choice). */
static void
table_get_sort(struct table *t, int *col, int *desc)
{
	*col = -1;
	*desc = 0;
	if (t->ops->get_sort != NULL)
		t->ops->get_sort(t->arg, col, desc);
}

int
table_sortable(const struct table *t)
{
	return t->ops->set_sort != NULL;
}

static int
table_col_shown(struct table *t, int i)
{
	struct table_col c = { 0 };
	t->ops->col(t->arg, i, &c);
	return t->wide || !c.wide;
}

/* Which columns are on screen: shown (wide ones in wide mode) and not scrolled off to
 * the left. */
static void
table_cols_on(struct table *t, int ncols, int *on)
{
	int skipped = 0;
	for (int c = 0; c < ncols; c++)
		on[c] = table_col_shown(t, c) && skipped++ >= t->xoff;
}

void
table_sort_step(struct table *t, int step)
{
	int col, desc, was, now, n = t->ops->ncols(t->arg);

	if (!table_sortable(t))
		return;
	table_get_sort(t, &col, &desc);
	was = col;
	/* a source may read a column as its default order (NAMESPACE, CLUSTER are -1 to a
	 * store): step on until the order really changes, or a key would stick there */
	for (int tries = 0; tries < n + 1; tries++) {
		col += step;
		if (col >= n)
			col = -1;
		if (col < -1)
			col = n - 1;
		if (col != -1 && !table_col_shown(t, col))
			continue;
		t->ops->set_sort(t->arg, col, desc);
		table_get_sort(t, &now, &desc);
		if (now != was)
			break;
	}
}

void
table_sort_reverse(struct table *t)
{
	int col, desc;
	if (!table_sortable(t))
		return;
	table_get_sort(t, &col, &desc);
	t->ops->set_sort(t->arg, col, !desc);
}

int
table_sort_by_name(struct table *t, const char *colname)
{
	int n = t->ops->ncols(t->arg), col, desc;

	if (!table_sortable(t))
		return -1;
	table_get_sort(t, &col, &desc);
	for (int i = 0; i < n; i++) {
		struct table_col c = { 0 };
		t->ops->col(t->arg, i, &c);
		if (strcasecmp(c.name, colname) == 0) {
			/* the same column again reverses it */
			t->ops->set_sort(t->arg, i, col == i ? !desc : 0);
			return 0;
		}
	}
	return -1;
}

int
table_set_filter(struct table *t, const char *text, struct kd_err *err)
{
	if (t->ops->set_filter != NULL && t->ops->set_filter(t->arg, text, err) != 0)
		return -1;
	snprintf(t->filter, sizeof t->filter, "%s", text);
	return 0;
}

const char *table_filter(const struct table *t) { return t->filter; }
void table_set_wide(struct table *t, int wide) { t->wide = wide; free(t->widths); t->widths = NULL; t->nwidths = 0; }
int table_wide(const struct table *t) { return t->wide; }
int table_page(const struct table *t) { return t->page; }

int
table_has_wide(struct table *t)
{
	int n = t->ops->ncols(t->arg);
	for (int i = 0; i < n; i++) {
		struct table_col c = { 0 };
		t->ops->col(t->arg, i, &c);
		if (c.wide)
			return 1;
	}
	return 0;
}

void
table_cluster_cell(const char *cluster, int stale, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", cluster, stale ? " (stale)" : "");
}

int
table_changed(struct table *t)
{
	return t->ops->version(t->arg) != t->drawn_version;
}

int
table_visible_cols(struct table *t)
{
	int n = t->ops->ncols(t->arg), k = 0;
	for (int i = 0; i < n; i++)
		k += table_col_shown(t, i);
	return k;
}

/* ---- drawing ---- */

/* A column of names (a pod's, a context's): what tells one row from another, so it is
 * the last to give way and is cut in its middle, keeping both ends. */
static int
table_col_is_name(const struct table_col *c)
{
	return strcmp(c->name, "NAME") == 0 || strcmp(c->name, "CONTEXT") == 0;
}

/* The selection back on its row, and the window [top, top + page) around it. */
static void
table_place(struct table *t, size_t n)
{
	table_follow(t);
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + t->page)
		t->top = t->sel - t->page + 1;
	if (t->top > 0 && t->top + t->page > (long)n)
		t->top = (long)n > t->page ? (long)n - t->page : 0;
	if (t->top < 0)
		t->top = 0;
}

static uint64_t
table_hash(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < len; i++)
		h = (h ^ b[i]) * 1099511628211u;
	return h;
}

/* A hash of what the rows on screen show: the window, the selection, the sort, and each
 * row's key, look and shown cells. */
static uint64_t
table_window_sig(struct table *t, size_t n)
{
	uint64_t h = 14695981039346656037u;
	int ncols = t->ops->ncols(t->arg), scol, sdesc;
	long shown = (long)n - t->top < t->page ? (long)n - t->top : t->page;
	long head[7] = { t->top, t->sel, shown, t->xoff, t->wide, ncols, 0 };
	char buf[TABLE_CELL];

	table_get_sort(t, &scol, &sdesc);
	head[6] = scol * 2 + sdesc;
	h = table_hash(h, head, sizeof head);
	for (long r = t->top; r < t->top + shown; r++) {
		table_key_at(t, (size_t)r, buf, sizeof buf);
		h = table_hash(h, buf, strlen(buf) + 1);
		int el = t->ops->row_el ? (int)t->ops->row_el(t->arg, (size_t)r) : -1;
		h = table_hash(h, &el, sizeof el);
		for (int c = 0; c < ncols; c++) {
			if (!table_col_shown(t, c))
				continue;
			buf[0] = '\0';
			t->ops->cell(t->arg, (size_t)r, c, buf, sizeof buf);
			h = table_hash(h, buf, strlen(buf) + 1);
		}
	}
	return h;
}

int
table_window_changed(struct table *t)
{
	if (t->page == 0 || t->drawn_version == (uint64_t)-1)
		return 1;   /* never drawn */
	if (t->ops->version(t->arg) == t->drawn_version)
		return 0;
	size_t n = t->ops->nrows(t->arg);
	table_place(t, n);
	return table_window_sig(t, n) != t->drawn_sig;
}

void
table_draw(struct table *t, int y, int h, int w, int stale)
{
	int ncols = t->ops->ncols(t->arg);
	size_t n = t->ops->nrows(t->arg);
	int scol, sdesc;
	char buf[TABLE_CELL];
	int fit[ncols > 0 ? ncols : 1], on[ncols > 0 ? ncols : 1];
	struct table_col cols[ncols > 0 ? ncols : 1];

	t->drawn_version = t->ops->version(t->arg);
	t->page = h - 1 > 1 ? h - 1 : 1;
	table_place(t, n);
	t->drawn_sig = table_window_sig(t, n);

	if (t->nwidths != ncols) {
		free(t->widths);
		t->widths = xcalloc((size_t)(ncols > 0 ? ncols : 1), sizeof *t->widths);
		t->nwidths = ncols;
	}
	/* widths: the header and the rows on screen (never all rows: 100k rows stay cheap) */
	for (int c = 0; c < ncols; c++) {
		memset(&cols[c], 0, sizeof cols[c]);
		t->ops->col(t->arg, c, &cols[c]);
		int wc = screen_width(cols[c].name) + 1;   /* room for the sort arrow */
		if (wc > t->widths[c])
			t->widths[c] = wc;
	}
	for (long r = t->top; r < t->top + t->page && r < (long)n; r++)
		for (int c = 0; c < ncols; c++) {
			if (!table_col_shown(t, c))
				continue;
			t->ops->cell(t->arg, (size_t)r, c, buf, sizeof buf);
			int wc = screen_width(buf);
			if (wc > t->widths[c])
				t->widths[c] = wc;
		}
	/* a long cell is cut at 60 columns while others need the room; what a wide terminal
	 * has left over goes back to the cut columns, left to right */
	int spare = w - 1;
	table_cols_on(t, ncols, on);
	for (int c = 0; c < ncols; c++) {
		fit[c] = cols[c].width > 0 ? cols[c].width : t->widths[c];
		if (fit[c] > 60)
			fit[c] = 60;
		if (on[c])
			spare -= fit[c] + 2;
	}
	/* a narrow terminal: rather than losing the last columns (an event's MESSAGE, AGE) off
	 * the edge, the widest cells are cut, evenly: first the other columns down to
	 * TABLE_SHRINK_MIN, then down to TABLE_SHRINK_LAST, keeping the names (NAME,
	 * CONTEXT) whole, which say what a row is; then the names too (cut in the middle) */
	static const struct { int floor, name; } shrink[] = {
		{ TABLE_SHRINK_MIN, 0 }, { TABLE_SHRINK_LAST, 0 }, { TABLE_SHRINK_MIN, 1 }, { TABLE_SHRINK_LAST, 1 },
	};
	for (size_t pass = 0; pass < sizeof shrink / sizeof shrink[0]; pass++)
		while (spare < -2) {   /* the last column needs no gap after it */
			int widest = -1;
			for (int c = 0; c < ncols; c++) {
				if (!on[c] || cols[c].width > 0 ||
				    fit[c] <= shrink[pass].floor ||
				    (!shrink[pass].name && table_col_is_name(&cols[c])))
					continue;
				if (widest < 0 || fit[c] > fit[widest])
					widest = c;
			}
			if (widest < 0)
				break;
			fit[widest]--;
			spare++;
		}
	for (int c = 0; c < ncols && spare > 0; c++) {
		if (!on[c] || cols[c].width > 0 || t->widths[c] <= fit[c])
			continue;
		int more = t->widths[c] - fit[c] < spare ? t->widths[c] - fit[c] : spare;
		fit[c] += more;
		spare -= more;
	}
	table_get_sort(t, &scol, &sdesc);

	/* header row */
	attr_t hattr = screen_attr(THEME_TABLE_HEADER);
	screen_fill(y, 0, w, hattr);
	int x = 1;
	for (int c = 0; c < ncols && x < w; c++) {
		if (!on[c])
			continue;
		attr_t a = c == scol ? screen_attr(THEME_TABLE_SORT) : hattr;
		int used = screen_put(y, x, w - x, cols[c].name, a, 1);
		if (c == scol && x + used < w)
			screen_put(y, x + used, 1, screen_glyph(sdesc ? GLYPH_ARROW_DOWN : GLYPH_ARROW_UP), a, 0);
		x += fit[c] + 2;
	}

	/* rows */
	for (int i = 0; i < t->page; i++) {
		long r = t->top + i;
		int yy = y + 1 + i;
		if (r >= (long)n) {
			screen_fill(yy, 0, w, screen_attr(THEME_DEFAULT));
			continue;
		}
		char key[512];
		table_key_at(t, (size_t)r, key, sizeof key);
		int marked = t->nmarks > 0 && table_marked(t, key);
		enum theme_el el = t->ops->row_el ? t->ops->row_el(t->arg, (size_t)r) : THEME_ROW;
		if (stale)
			el = THEME_STALE;
		if (marked)
			el = THEME_ROW_MARKED;
		if (r == t->sel)
			el = THEME_ROW_SELECTED;
		attr_t a = screen_attr(el);
		screen_fill(yy, 0, w, a);
		if (marked)
			screen_put(yy, 0, 1, screen_glyph(GLYPH_MARK), a, 0);
		x = 1;
		for (int c = 0; c < ncols && x < w; c++) {
			if (!on[c])
				continue;
			t->ops->cell(t->arg, (size_t)r, c, buf, sizeof buf);
			int cw = fit[c] < w - x ? fit[c] : w - x;
			int used = screen_width(buf);
			int pad = cols[c].right && used < cw ? cw - used : 0;
			if (table_col_is_name(&cols[c]))
				screen_put_middle(yy, x + pad, cw - pad, buf, a);
			else
				screen_put(yy, x + pad, cw - pad, buf, a, 1);
			x += fit[c] + 2;
		}
	}
}
