/* The one list engine (tmux's mode-tree): every list kdeck shows - resources, clusters,
 * projects - is a table fed by a source. The source says what the columns are, how many
 * rows pass the filter, what each cell says; the engine does selection, scrolling, marks,
 * sorting, filtering and drawing. Selection and marks follow rows by key, so they stay
 * on the same object while rows come and go. */
#ifndef KD_TABLE_H
#define KD_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "ui/widget/theme.h"
#include "util/err.h"

struct table_col {
	const char *name;
	int width;        /* 0: fit the content */
	int right;        /* right-aligned */
	int wide;         /* only in wide mode */
};

struct table_source_ops {
	int (*ncols)(void *arg);
	void (*col)(void *arg, int i, struct table_col *c);
	/* Rows passing the filter, in order. Called first in every draw. */
	size_t (*nrows)(void *arg);
	void (*cell)(void *arg, size_t row, int col, char *buf, size_t len);
	/* Identity of a row ("ns/name"): selection and marks follow it. */
	void (*key)(void *arg, size_t row, char *buf, size_t len);
	/* How the row looks (THEME_OK, THEME_ERROR...); NULL: THEME_ROW. */
	enum theme_el (*row_el)(void *arg, size_t row);
	/* Moves whenever rows, filter or sort changed. */
	uint64_t (*version)(void *arg);
	/* Each may be NULL: no filter (the text is only kept), or the source's own order. */
	int (*set_filter)(void *arg, const char *text, struct kd_err *err);
	void (*set_sort)(void *arg, int col, int desc);
	void (*get_sort)(void *arg, int *col, int *desc);
};

struct table;

/* ops and arg are borrowed and must outlive the table. */
struct table *table_new(const struct table_source_ops *ops, void *arg);
void table_free(struct table **t);

/* What a key did: nothing, the table needs drawing, or it was not a table key. */
enum { TABLE_IGNORED = 0, TABLE_REDRAW = 1 };

/* Moves the selection by delta rows (page moves pass +-rows). */
int table_move(struct table *t, long delta);
int table_top(struct table *t);
int table_bottom(struct table *t);
int table_scroll_x(struct table *t, int delta);
/* The selected row's index (-1: none) and key. */
long table_selected(struct table *t);
const char *table_selected_key(struct table *t);
/* Selects the row with this key if it is there. */
int table_select_key(struct table *t, const char *key);

int table_mark_toggle(struct table *t);
void table_mark_clear(struct table *t);
size_t table_mark_count(const struct table *t);
int table_marked(const struct table *t, const char *key);
/* The marked keys (or only the selected one when none is marked), NULL-terminated,
 * owned by the caller (free each, then the array). */
char **table_targets(struct table *t);

/* Whether the source sorts (it has set_sort); one that does not keeps its order. */
int table_sortable(const struct table *t);
/* Sorting: next/previous visible column, reverse, or a column by name. */
void table_sort_step(struct table *t, int step);
void table_sort_reverse(struct table *t);
int table_sort_by_name(struct table *t, const char *colname);
int table_set_filter(struct table *t, const char *text, struct kd_err *err);
const char *table_filter(const struct table *t);
void table_set_wide(struct table *t, int wide);
int table_wide(const struct table *t);
/* Whether any column shows only in wide mode. */
int table_has_wide(struct table *t);
/* Rows on screen at the last draw (a page key moves this many); 0 before the first. */
int table_page(const struct table *t);
/* The number of columns shown (for tests). */
int table_visible_cols(struct table *t);

/* A CLUSTER cell of a table over several clusters: the name, and " (stale)" while that
 * cluster's rows are stale (its row_el is then THEME_STALE, which dims them). */
void table_cluster_cell(const char *cluster, int stale, char *buf, size_t len);
/* Draws into rows [y, y+h) and columns [0, w) of the screen. stale dims the rows. */
void table_draw(struct table *t, int y, int h, int w, int stale);
/* Whether the source moved since the last draw. */
int table_changed(struct table *t);
/* Whether drawing now would change a row on screen (rows entering or leaving the window,
 * a shown cell, a row's look, the selection or the sort): rows off screen do not count. */
int table_window_changed(struct table *t);

#endif
