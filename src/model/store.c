#define _GNU_SOURCE
#include "model/store.h"

#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "model/filter.h"
#include "model/intern.h"
#include "model/selector.h"
#include "model/view.h"
#include "util/sbuf.h"
#include "util/sort.h"
#include "util/xmalloc.h"

#define STORE_CELL_MAX 2048     /* longer cells are cut: a row is for a table line */

struct store_row {
	const char *ns;          /* interned */
	const char *labels;      /* interned, packed */
	const char *owners;      /* interned, packed */
	uint32_t hash;
	uint32_t epoch;          /* the relist that last saw it */
	uint16_t ncells;
	uint16_t off[];          /* uid, rv, name, cells: offsets into the text after off[] */
};

struct store {
	const struct view *view;
	struct intern *pool;
	struct store_row **rows;     /* every row; in sort order when sorted */
	size_t nrows, caprows;
	struct store_row **map;      /* open addressing by (ns, name); NULL or tombstone */
	size_t mapcap, mapused;      /* used includes tombstones */
	int sorted;
	int sort_col, sort_desc;
	/* the filter and its result */
	char *filter_text;
	struct filter filter;
	struct store_row **vis;
	size_t nvis, capvis;
	int vis_valid;
	uint32_t epoch;
	uint64_t version;
	size_t row_bytes;
};

static struct store_row store_tombstone;
#define TOMB (&store_tombstone)

/* ---- rows ------------------------------------------------------------------------- */

static const char *
row_text(const struct store_row *r)
{
	return (const char *)&r->off[3 + r->ncells];
}

const char *store_row_uid(const struct store_row *r) { return row_text(r) + r->off[0]; }
const char *store_row_rv(const struct store_row *r) { return row_text(r) + r->off[1]; }
const char *store_row_name(const struct store_row *r) { return row_text(r) + r->off[2]; }
const char *store_row_namespace(const struct store_row *r) { return r->ns; }
const char *store_row_labels(const struct store_row *r) { return r->labels; }
const char *store_row_owners(const struct store_row *r) { return r->owners; }
int store_row_ncells(const struct store_row *r) { return r->ncells; }

const char *
store_row_cell(const struct store_row *r, int i)
{
	if (i < 0 || i >= r->ncells)
		return "";
	return row_text(r) + r->off[3 + i];
}

const char *
store_row_label(const struct store_row *r, const char *key)
{
	return selector_packed_get(r->labels, key);
}

int
store_row_owned_by(const struct store_row *r, const char *uid)
{
	const char *p = r->owners;
	while (p && *p) {
		const char *name = p + strlen(p) + 1;
		const char *u = name + strlen(name) + 1;
		const char *ctl = u + strlen(u) + 1;
		if (strcmp(u, uid) == 0)
			return 1;
		p = ctl + strlen(ctl) + 1;
	}
	return 0;
}

static uint32_t
store_hash(const char *ns, const char *name)
{
	uint32_t h = 2166136261u;
	for (const char *p = ns; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ '/') * 16777619u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static size_t
row_size(const struct store_row *r)
{
	const char *t = row_text(r);
	const char *last = t + r->off[3 + r->ncells - 1 + (r->ncells ? 0 : 0)];
	if (r->ncells == 0)
		last = t + r->off[2];
	return (size_t)(last + strlen(last) + 1 - (const char *)r);
}

static void
row_free(struct store *s, struct store_row *r)
{
	if (r == NULL)
		return;
	s->row_bytes -= row_size(r);
	intern_put(s->pool, r->ns);
	intern_put(s->pool, r->labels);
	intern_put(s->pool, r->owners);
	free(r);
}

/* Appends s with its NUL: a packed list of strings. */
static void
pack_add(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s) + 1);
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static struct store_row *
row_build(struct store *s, const struct expr_ctx *ctx)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(ctx->obj, "metadata");
	const char *name = jstr(meta, "name");
	if (name[0] == '\0')
		return NULL;
	const struct view *v = s->view;
	int nc = v->ncols;
	char *cells[nc > 0 ? nc : 1];
	size_t lens[nc > 0 ? nc : 1];
	char buf[STORE_CELL_MAX + 2];
	const char *fixed[3] = { jstr(meta, "uid"), jstr(meta, "resourceVersion"), name };
	size_t total = 0, flens[3];
	for (int i = 0; i < 3; i++) {
		flens[i] = strnlen(fixed[i], 1024);
		total += flens[i] + 1;
	}
	for (int i = 0; i < nc; i++) {
		buf[0] = '\0';
		enum expr_kind k = EXPR_TEXT;
		if (v->cols[i].expr)
			k = expr_eval(v->cols[i].expr, ctx, buf + 1, sizeof buf - 1);
		char *cell = buf + 1;
		if (v->cols[i].time && k == EXPR_TEXT && cell[0] != '\0') {
			buf[0] = '\x01';
			cell = buf;
		} else if (!v->cols[i].time && cell[0] != '\0')
			view_cell_stamp(cell, sizeof buf - 1, ctx->now);
		lens[i] = strlen(cell);
		if (total + lens[i] + 1 > 60000)
			lens[i] = 0;
		cells[i] = xstrndup(cell, lens[i]);
		total += lens[i] + 1;
	}
	size_t hdr = sizeof(struct store_row) + sizeof(uint16_t) * (size_t)(3 + nc);
	struct store_row *r = xmalloc(hdr + total);
	r->ncells = (uint16_t)nc;
	char *t = (char *)&r->off[3 + nc];
	size_t pos = 0;
	for (int i = 0; i < 3; i++) {
		r->off[i] = (uint16_t)pos;
		memcpy(t + pos, fixed[i], flens[i]);
		t[pos + flens[i]] = '\0';
		pos += flens[i] + 1;
	}
	for (int i = 0; i < nc; i++) {
		r->off[3 + i] = (uint16_t)pos;
		memcpy(t + pos, cells[i], lens[i] + 1);
		pos += lens[i] + 1;
		free(cells[i]);
	}
	const char *ns = jstr(meta, "namespace");
	r->ns = intern_get(s->pool, ns, strlen(ns));
	struct sbuf pb = { 0 };
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(meta, "labels")) {
		if (!cJSON_IsString(c) || c->string == NULL)
			continue;
		pack_add(&pb, c->string);
		pack_add(&pb, c->valuestring);
	}
	pack_add(&pb, "");
	r->labels = intern_get(s->pool, pb.s, pb.len - 1);
	pb.len = 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(meta, "ownerReferences")) {
		pack_add(&pb, jstr(c, "kind"));
		pack_add(&pb, jstr(c, "name"));
		pack_add(&pb, jstr(c, "uid"));
		pack_add(&pb, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "controller")) ? "1" : "0");
	}
	pack_add(&pb, "");
	r->owners = intern_get(s->pool, pb.s, pb.len - 1);
	free(pb.s);
	r->hash = store_hash(r->ns, store_row_name(r));
	r->epoch = s->epoch;
	s->row_bytes += hdr + total;
	return r;
}

/* ---- the (ns, name) map --------------------------------------------------------- */

static size_t
map_slot(const struct store *s, const char *ns, const char *name, uint32_t h, int for_insert)
{
	size_t mask = s->mapcap - 1, i = h & mask, first_tomb = (size_t)-1;
	for (;;) {
		struct store_row *r = s->map[i];
		if (r == NULL)
			return (for_insert && first_tomb != (size_t)-1) ? first_tomb : i;
		if (r == TOMB) {
			if (first_tomb == (size_t)-1)
				first_tomb = i;
		} else if (r->hash == h && strcmp(r->ns, ns) == 0 && strcmp(store_row_name(r), name) == 0) {
			return i;
		}
		i = (i + 1) & mask;
	}
}

static void
map_rehash(struct store *s, size_t cap)
{
	struct store_row **old = s->map;
	size_t oldcap = s->mapcap;
	s->map = xcalloc(cap, sizeof *s->map);
	s->mapcap = cap;
	s->mapused = 0;
	for (size_t i = 0; i < oldcap; i++) {
		struct store_row *r = old[i];
		if (r == NULL || r == TOMB)
			continue;
		size_t j = r->hash & (cap - 1);
		while (s->map[j] != NULL)
			j = (j + 1) & (cap - 1);
		s->map[j] = r;
		s->mapused++;
	}
	free(old);
}

const struct store_row *
store_find(const struct store *s, const char *ns, const char *name)
{
	if (ns == NULL)
		ns = "";
	size_t i = map_slot(s, ns, name, store_hash(ns, name), 0);
	struct store_row *r = s->map[i];
	return (r != NULL && r != TOMB) ? r : NULL;
}

/* ---- order ------------------------------------------------------------------------ */

static int
cmp_nsname(const struct store_row *a, const struct store_row *b)
{
	int c = a->ns == b->ns ? 0 : strcmp(a->ns, b->ns);
	return c ? c : strcmp(store_row_name(a), store_row_name(b));
}

static int
cmp_ratio(const char *a, const char *b)
{
	char *ea, *eb;
	double xa = strtod(a, &ea), xb = strtod(b, &eb);
	double ya = *ea == '/' ? strtod(ea + 1, NULL) : 0, yb = *eb == '/' ? strtod(eb + 1, NULL) : 0;
	if (xa != xb)
		return xa < xb ? -1 : 1;
	return ya < yb ? -1 : ya > yb;
}

static int
store_cmp(const struct store *s, const struct store_row *a, const struct store_row *b)
{
	int c = 0;
	int col = s->sort_col;
	if (col >= 0 && col < a->ncells && col < b->ncells) {
		const char *x = store_row_cell(a, col), *y = store_row_cell(b, col);
		switch (s->view->cols[col].sort) {
		case VIEW_SORT_TEXT:
			c = strcmp(x, y);
			break;
		case VIEW_SORT_NUMBER: {
			double dx = strtod(x, NULL), dy = strtod(y, NULL);
			c = dx < dy ? -1 : dx > dy;
			break;
		}
		case VIEW_SORT_TIME: {
			/* ascending age: the newest first */
			long long tx = x[0] == '\x01' ? 0 : strtoll(x, NULL, 10);
			long long ty = y[0] == '\x01' ? 0 : strtoll(y, NULL, 10);
			c = tx > ty ? -1 : tx < ty;
			break;
		}
		case VIEW_SORT_RATIO:
			c = cmp_ratio(x, y);
			break;
		}
	}
	if (c == 0)
		c = cmp_nsname(a, b);
	return s->sort_desc ? -c : c;
}

static int
store_sort_cmp(const void *a, const void *b, void *ctx)
{
	return store_cmp(ctx, *(struct store_row *const *)a, *(struct store_row *const *)b);
}

/* The position where r is (or would go) in a sorted array. */
static size_t
store_bsearch(const struct store *s, struct store_row **arr, size_t n, const struct store_row *r)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (store_cmp(s, arr[mid], r) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
arr_insert(struct store_row ***arr, size_t *n, size_t *cap, size_t pos, struct store_row *r)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	memmove(*arr + pos + 1, *arr + pos, (*n - pos) * sizeof **arr);
	(*arr)[pos] = r;
	(*n)++;
}

static void
arr_remove_at(struct store_row **arr, size_t *n, size_t pos)
{
	memmove(arr + pos, arr + pos + 1, (*n - pos - 1) * sizeof *arr);
	(*n)--;
}

/* Removes r from a sorted (sorted != 0) or unordered array; 0 when found. */
static int
arr_remove(const struct store *s, struct store_row **arr, size_t *n, const struct store_row *r, int sorted)
{
	if (sorted) {
		size_t pos = store_bsearch(s, arr, *n, r);
		if (pos < *n && arr[pos] == r) {
			arr_remove_at(arr, n, pos);
			return 0;
		}
	}
	for (size_t i = 0; i < *n; i++) {
		if (arr[i] == r) {
			arr_remove_at(arr, n, i);
			return 0;
		}
	}
	return -1;
}

/* ---- the filter -------------------------------------------------------------------- */

static int
row_matches(const struct store *s, const struct store_row *r)
{
	const struct filter *f = &s->filter;
	int m;
	switch (f->kind) {
	case FILTER_NONE:
		return 1;
	case FILTER_LABELS:
		return filter_match(f, NULL, 0, r->labels);
	default: {
		/* name and cells are contiguous NUL-separated strings; a needle holds no NUL,
		 * so one search covers them all */
		const char *from = store_row_name(r);
		const char *last = r->ncells ? store_row_cell(r, r->ncells - 1) : from;
		size_t len = (size_t)(last + strlen(last) - from);
		m = filter_text(f, from, len) || (r->ns[0] && filter_text(f, r->ns, strlen(r->ns)));
		break;
	}
	}
	return f->invert ? !m : m;
}

int
store_set_filter(struct store *s, const char *text, struct kd_err *err)
{
	if (text == NULL)
		text = "";
	if (s->filter_text != NULL && strcmp(s->filter_text, text) == 0)
		return 0;
	struct filter nf = { 0 };
	if (filter_parse(&nf, text, err) != 0)
		return -1;
	/* Narrowing: a longer substring than before only needs the rows shown now. */
	const struct filter *of = &s->filter;
	int narrow = s->vis_valid && of->kind == FILTER_SUBSTR && nf.kind == FILTER_SUBSTR && !nf.invert &&
	    !of->invert && of->needle != NULL && nf.needle_len >= of->needle_len &&
	    strstr(nf.needle, of->needle) != NULL;
	filter_clear(&s->filter);
	s->filter = nf;
	free(s->filter_text);
	s->filter_text = xstrdup(text);
	if (narrow) {
		size_t j = 0;
		for (size_t i = 0; i < s->nvis; i++)
			if (row_matches(s, s->vis[i]))
				s->vis[j++] = s->vis[i];
		s->nvis = j;
	} else {
		s->vis_valid = 0;
	}
	s->version++;
	return 0;
}

const char *
store_filter(const struct store *s)
{
	return s->filter_text ? s->filter_text : "";
}

void
store_set_sort(struct store *s, int col, int desc)
{
	if (col >= s->view->ncols)
		col = -1;
	if (col == s->sort_col && desc == s->sort_desc)
		return;
	s->sort_col = col;
	s->sort_desc = desc;
	s->sorted = 0;
	s->vis_valid = 0;
	s->version++;
}

void
store_get_sort(const struct store *s, int *col, int *desc)
{
	*col = s->sort_col;
	*desc = s->sort_desc;
}

static void
store_ensure_sorted(struct store *s)
{
	if (s->sorted)
		return;
	util_sort(s->rows, s->nrows, sizeof *s->rows, store_sort_cmp, s);
	s->sorted = 1;
	s->vis_valid = 0;
}

size_t
store_visible(struct store *s)
{
	store_ensure_sorted(s);
	if (s->filter.kind == FILTER_NONE)
		return s->nrows;
	if (!s->vis_valid) {
		if (s->capvis < s->nrows) {
			s->capvis = s->nrows;
			s->vis = xreallocarray(s->vis, s->capvis, sizeof *s->vis);
		}
		s->nvis = 0;
		for (size_t i = 0; i < s->nrows; i++)
			if (row_matches(s, s->rows[i]))
				s->vis[s->nvis++] = s->rows[i];
		s->vis_valid = 1;
	}
	return s->nvis;
}

const struct store_row *
store_at(struct store *s, size_t i)
{
	size_t n = store_visible(s);
	if (i >= n)
		return NULL;
	return s->filter.kind == FILTER_NONE ? s->rows[i] : s->vis[i];
}

/* ---- writing ------------------------------------------------------------------------ */

struct store *
store_new(const struct view *view)
{
	struct store *s = xcalloc(1, sizeof *s);
	s->view = view;
	s->pool = intern_new();
	s->mapcap = 1024;
	s->map = xcalloc(s->mapcap, sizeof *s->map);
	s->sort_col = -1;
	s->sorted = 1;
	s->epoch = 1;
	return s;
}

void
store_clear(struct store *s)
{
	for (size_t i = 0; i < s->nrows; i++)
		row_free(s, s->rows[i]);
	s->nrows = 0;
	s->nvis = 0;
	memset(s->map, 0, s->mapcap * sizeof *s->map);
	s->mapused = 0;
	s->sorted = 1;
	s->vis_valid = 0;
	s->version++;
}

void
store_free(struct store **sp)
{
	struct store *s = sp ? *sp : NULL;
	if (s == NULL)
		return;
	store_clear(s);
	filter_clear(&s->filter);
	free(s->filter_text);
	free(s->rows);
	free(s->vis);
	free(s->map);
	intern_free(&s->pool);
	free(s);
	*sp = NULL;
}

const struct view *
store_view(const struct store *s)
{
	return s->view;
}

void
store_set_view(struct store *s, const struct view *view)
{
	store_clear(s);
	s->view = view;
	if (s->sort_col >= view->ncols)
		s->sort_col = -1;
}

size_t
store_size(const struct store *s)
{
	return s->nrows;
}

uint64_t
store_version(const struct store *s)
{
	return s->version;
}

size_t
store_memory(const struct store *s)
{
	return sizeof *s + s->row_bytes + s->caprows * sizeof *s->rows + s->capvis * sizeof *s->vis +
	    s->mapcap * sizeof *s->map + intern_bytes(s->pool);
}

/* Takes r out of rows and vis (not the map). */
static void
store_unlink(struct store *s, struct store_row *r)
{
	if (s->vis_valid && s->filter.kind != FILTER_NONE)
		arr_remove(s, s->vis, &s->nvis, r, 1);
	arr_remove(s, s->rows, &s->nrows, r, s->sorted);
}

/* The index of old in the sorted arr when r sorts in the same place (then r may simply take
 * its slot), else -1. */
static long
arr_same_place(const struct store *s, struct store_row **arr, size_t n, const struct store_row *old,
    const struct store_row *r)
{
	size_t pos = store_bsearch(s, arr, n, old);
	if (pos >= n || arr[pos] != old)
		return -1;
	if ((pos > 0 && store_cmp(s, arr[pos - 1], r) >= 0) || (pos + 1 < n && store_cmp(s, r, arr[pos + 1]) >= 0))
		return -1;
	return (long)pos;
}

/* Puts r in old's place when the sort order allows it, as most watch updates do (a pod's
 * status changed, not its name or sort column): no memmove of 100k row pointers. 0 done,
 * -1 when r must be inserted the long way (old is then still linked). */
static int
store_swap(struct store *s, struct store_row *old, struct store_row *r)
{
	if (!s->sorted)
		return -1;
	long pos = arr_same_place(s, s->rows, s->nrows, old, r);
	if (pos < 0)
		return -1;
	if (s->vis_valid && s->filter.kind != FILTER_NONE) {
		long vpos = arr_same_place(s, s->vis, s->nvis, old, r);
		int in = row_matches(s, r);
		if (vpos >= 0 && in)
			s->vis[vpos] = r;
		else if (vpos >= 0)
			arr_remove_at(s->vis, &s->nvis, (size_t)vpos);
		else if (in)
			arr_insert(&s->vis, &s->nvis, &s->capvis, store_bsearch(s, s->vis, s->nvis, r), r);
	}
	s->rows[pos] = r;
	return 0;
}

int
store_upsert(struct store *s, const struct expr_ctx *ctx)
{
	struct store_row *r = row_build(s, ctx);
	if (r == NULL)
		return -1;
	if ((s->mapused + 1) * 4 >= s->mapcap * 3)
		map_rehash(s, s->nrows * 4 > s->mapcap ? s->mapcap * 2 : s->mapcap);
	size_t slot = map_slot(s, r->ns, store_row_name(r), r->hash, 1);
	struct store_row *old = s->map[slot];
	if (old != NULL && old != TOMB) {
		int swapped = store_swap(s, old, r) == 0;
		if (!swapped)
			store_unlink(s, old);
		row_free(s, old);
		s->map[slot] = r;
		if (swapped) {
			s->version++;
			return 0;
		}
	} else {
		if (old == NULL)
			s->mapused++;
	}
	s->map[slot] = r;
	if (s->sorted && s->nrows > 0) {
		size_t pos = store_bsearch(s, s->rows, s->nrows, r);
		arr_insert(&s->rows, &s->nrows, &s->caprows, pos, r);
	} else {
		if (s->nrows == s->caprows) {
			s->caprows = s->caprows ? s->caprows * 2 : 256;
			s->rows = xreallocarray(s->rows, s->caprows, sizeof *s->rows);
		}
		s->rows[s->nrows++] = r;
		s->sorted = s->nrows <= 1;
	}
	if (s->vis_valid && s->filter.kind != FILTER_NONE) {
		if (!s->sorted)
			s->vis_valid = 0;
		else if (row_matches(s, r))
			arr_insert(&s->vis, &s->nvis, &s->capvis, store_bsearch(s, s->vis, s->nvis, r), r);
	}
	s->version++;
	return 0;
}

int
store_remove(struct store *s, const char *ns, const char *name)
{
	if (ns == NULL)
		ns = "";
	size_t slot = map_slot(s, ns, name, store_hash(ns, name), 0);
	struct store_row *r = s->map[slot];
	if (r == NULL || r == TOMB)
		return -1;
	s->map[slot] = TOMB;
	store_unlink(s, r);
	row_free(s, r);
	s->version++;
	return 0;
}

void
store_replace_begin(struct store *s)
{
	s->epoch++;
}

size_t
store_replace_end(struct store *s)
{
	size_t j = 0, gone = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		struct store_row *r = s->rows[i];
		if (r->epoch == s->epoch) {
			s->rows[j++] = r;
			continue;
		}
		size_t slot = map_slot(s, r->ns, store_row_name(r), r->hash, 0);
		s->map[slot] = TOMB;
		row_free(s, r);
		gone++;
	}
	s->nrows = j;
	if (gone) {
		s->vis_valid = 0;
		s->version++;
		map_rehash(s, s->mapcap);   /* drop the tombstones */
	}
	return gone;
}
