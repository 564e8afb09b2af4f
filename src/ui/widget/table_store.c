#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/health.h"
#include "model/store.h"
#include "model/view.h"
#include "ui/widget/table_store.h"
#include "util/xmalloc.h"

#define TSS_PARTS 16

struct table_store {
	struct store *s;              /* the first store: its view gives the columns */
	struct store *parts[TSS_PARTS];   /* several clusters' stores, shown one after another */
	char *labels[TSS_PARTS];
	int stale[TSS_PARTS];        /* that cluster's rows are not the server's now */
	int nparts;
	int ns_column;
	table_store_pred pred;
	void *pred_arg;
	size_t *idx;            /* with a predicate: visible store indexes that pass it */
	size_t nidx;
	uint64_t idx_version;   /* store version idx was built for */
	uint64_t pred_gen;      /* bumped when the predicate's answers change */
	uint64_t idx_gen;
	int status_col, ready_col, restarts_col;
	const struct view *cols_of;
};

struct table_store *
table_store_new(struct store *s)
{
	struct table_store *ts = xcalloc(1, sizeof *ts);
	ts->s = s;
	ts->idx_version = (uint64_t)-1;
	return ts;
}

void
table_store_add(struct table_store *ts, struct store *s, const char *label)
{
	if (ts->nparts >= TSS_PARTS)
		return;
	if (ts->nparts == 0)
		ts->s = s;
	ts->parts[ts->nparts] = s;
	ts->labels[ts->nparts++] = xstrdup(label);
}

void
table_store_set_stale(struct table_store *ts, int part, int stale)
{
	if (part >= 0 && part < ts->nparts)
		ts->stale[part] = stale;
}

/* The part and the index in it of visible row i, with several parts. */
static struct store *
tss_part(const struct table_store *ts, size_t *i, int *part)
{
	for (int k = 0; k < ts->nparts; k++) {
		size_t n = store_visible(ts->parts[k]);
		if (*i < n) {
			*part = k;
			return ts->parts[k];
		}
		*i -= n;
	}
	return NULL;
}

void
table_store_free(struct table_store **tsp)
{
	if (tsp == NULL || *tsp == NULL)
		return;
	free((*tsp)->idx);
	for (int k = 0; k < (*tsp)->nparts; k++)
		free((*tsp)->labels[k]);
	free(*tsp);
	*tsp = NULL;
}

void
table_store_set_store(struct table_store *ts, struct store *s)
{
	ts->s = s;
	ts->idx_version = (uint64_t)-1;
	ts->cols_of = NULL;
}

struct store *table_store_store(const struct table_store *ts) { return ts->s; }
void table_store_set_ns_column(struct table_store *ts, int on) { ts->ns_column = on; }

void
table_store_set_pred(struct table_store *ts, table_store_pred pred, void *arg)
{
	ts->pred = pred;
	ts->pred_arg = arg;
	ts->pred_gen++;
}

void table_store_pred_changed(struct table_store *ts) { ts->pred_gen++; }

static void
table_store_index(struct table_store *ts)
{
	size_t n = store_visible(ts->s);
	uint64_t v = store_version(ts->s);

	if (ts->pred == NULL || (v == ts->idx_version && ts->idx_gen == ts->pred_gen))
		return;
	ts->idx = xreallocarray(ts->idx, n ? n : 1, sizeof *ts->idx);
	ts->nidx = 0;
	for (size_t i = 0; i < n; i++)
		if (ts->pred(store_at(ts->s, i), ts->pred_arg))
			ts->idx[ts->nidx++] = i;
	ts->idx_version = v;
	ts->idx_gen = ts->pred_gen;
}

const struct store_row *
table_store_row(struct table_store *ts, size_t i)
{
	if (ts->s == NULL)
		return NULL;
	if (ts->nparts > 1) {
		int part;
		struct store *s = tss_part(ts, &i, &part);
		return s ? store_at(s, i) : NULL;
	}
	if (ts->pred != NULL) {
		table_store_index(ts);
		return i < ts->nidx ? store_at(ts->s, ts->idx[i]) : NULL;
	}
	return i < store_visible(ts->s) ? store_at(ts->s, i) : NULL;
}

static void
table_store_find_cols(struct table_store *ts)
{
	const struct view *v = store_view(ts->s);
	if (ts->cols_of == v)
		return;
	ts->cols_of = v;
	ts->status_col = view_col_index(v, "STATUS");
	ts->ready_col = view_col_index(v, "READY");
	ts->restarts_col = view_col_index(v, "RESTARTS");
}

static int
tss_ncols(void *arg)
{
	struct table_store *ts = arg;
	return ts->s ? store_view(ts->s)->ncols + (ts->ns_column ? 1 : 0) + (ts->nparts > 1) : 0;
}

static void
tss_col(void *arg, int i, struct table_col *c)
{
	struct table_store *ts = arg;
	const struct view *v = store_view(ts->s);

	if (ts->nparts > 1) {
		if (i == 0) {
			c->name = "CLUSTER";
			c->width = 0;
			c->right = 0;
			c->wide = 0;
			return;
		}
		i--;
	}
	if (ts->ns_column) {
		if (i == 0) {
			c->name = "NAMESPACE";
			c->width = 0;
			c->right = 0;
			c->wide = 0;
			return;
		}
		i--;
	}
	c->name = v->cols[i].name;
	c->width = v->cols[i].width;
	c->right = v->cols[i].align == VIEW_RIGHT;
	c->wide = v->cols[i].wide;
}

static size_t
tss_nrows(void *arg)
{
	struct table_store *ts = arg;
	if (ts->s == NULL)
		return 0;
	if (ts->nparts > 1) {
		size_t n = 0;
		for (int k = 0; k < ts->nparts; k++)
			n += store_visible(ts->parts[k]);
		return n;
	}
	if (ts->pred != NULL) {
		table_store_index(ts);
		return ts->nidx;
	}
	return store_visible(ts->s);
}

static void
tss_cell(void *arg, size_t row, int col, char *buf, size_t len)
{
	struct table_store *ts = arg;
	const struct store_row *r = table_store_row(ts, row);

	buf[0] = '\0';
	if (r == NULL)
		return;
	if (ts->nparts > 1) {
		if (col == 0) {
			size_t k = row;
			int part = 0;
			tss_part(ts, &k, &part);
			table_cluster_cell(ts->labels[part], ts->stale[part], buf, len);
			return;
		}
		col--;
	}
	if (ts->ns_column) {
		if (col == 0) {
			snprintf(buf, len, "%s", store_row_namespace(r));
			return;
		}
		col--;
	}
	view_cell_render(store_view(ts->s), col, store_row_cell(r, col), time(NULL), buf, len);
}

static void
tss_key(void *arg, size_t row, char *buf, size_t len)
{
	struct table_store *ts = arg;
	const struct store_row *r = table_store_row(ts, row);
	int part = 0;
	size_t k = row;
	if (ts->nparts > 1)
		tss_part(ts, &k, &part);
	if (r != NULL && ts->nparts > 1)
		snprintf(buf, len, "@%s/%s/%s", ts->labels[part], store_row_namespace(r), store_row_name(r));
	else if (r != NULL)
		snprintf(buf, len, "%s/%s", store_row_namespace(r), store_row_name(r));
}

enum theme_el
table_store_health(const char *status, const char *ready, const char *restarts)
{
	switch (health_of(status, ready, restarts)) {
	case HEALTH_FAILING: return THEME_ERROR;
	case HEALTH_PENDING: return THEME_PENDING;
	case HEALTH_WARNING: return THEME_WARNING;
	case HEALTH_DONE: return THEME_TERMINATED;
	default: return THEME_ROW;
	}
}

static enum theme_el
tss_row_el(void *arg, size_t row)
{
	struct table_store *ts = arg;
	const struct store_row *r = table_store_row(ts, row);

	if (r == NULL)
		return THEME_ROW;
	if (ts->nparts > 1) {
		size_t k = row;
		int part = 0;
		if (tss_part(ts, &k, &part) != NULL && ts->stale[part])
			return THEME_STALE;
	}
	table_store_find_cols(ts);
	return table_store_health(ts->status_col >= 0 ? store_row_cell(r, ts->status_col) : NULL,
	    ts->ready_col >= 0 ? store_row_cell(r, ts->ready_col) : NULL,
	    ts->restarts_col >= 0 ? store_row_cell(r, ts->restarts_col) : NULL);
}

static uint64_t
tss_version(void *arg)
{
	struct table_store *ts = arg;
	uint64_t v = 0;
	for (int k = 1; k < ts->nparts; k++)
		v += store_version(ts->parts[k]) * (uint64_t)(k + 7);
	for (int k = 0; k < ts->nparts; k++)
		v += (uint64_t)ts->stale[k] << (40 + k);
	return ts->s ? v + store_version(ts->s) + ts->pred_gen * 1000003u + (uint64_t)ts->ns_column : 0;
}

static int
tss_set_filter(void *arg, const char *text, struct kd_err *err)
{
	struct table_store *ts = arg;
	for (int k = 1; k < ts->nparts; k++)
		if (store_set_filter(ts->parts[k], text, err) != 0)
			return -1;
	return store_set_filter(ts->s, text, err);
}

static void
tss_set_sort(void *arg, int col, int desc)
{
	struct table_store *ts = arg;
	if (ts->nparts > 1)
		col = col <= 0 ? -1 : col - 1;
	if (ts->ns_column && col >= 0)
		col = col == 0 ? -1 : col - 1;
	store_set_sort(ts->s, col, desc);
	for (int k = 1; k < ts->nparts; k++)
		store_set_sort(ts->parts[k], col, desc);
}

static void
tss_get_sort(void *arg, int *col, int *desc)
{
	struct table_store *ts = arg;
	store_get_sort(ts->s, col, desc);
	if (ts->ns_column && *col >= 0)
		(*col)++;
	if (ts->nparts > 1 && *col >= 0)
		(*col)++;
}

const struct table_source_ops table_store_ops = {
	.ncols = tss_ncols,
	.col = tss_col,
	.nrows = tss_nrows,
	.cell = tss_cell,
	.key = tss_key,
	.row_el = tss_row_el,
	.version = tss_version,
	.set_filter = tss_set_filter,
	.set_sort = tss_set_sort,
	.get_sort = tss_get_sort,
};
