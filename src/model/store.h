/* The store: a live, compact copy of one list (one cluster, resource and namespace
 * scope) as a view shows it. A row holds the view's cells plus identity (uid, name,
 * namespace, resourceVersion), labels and owner references, nothing else: full objects
 * are fetched when a user opens one (informer_fetch). Rows are sorted and filtered in
 * memory, so a keystroke never waits on the network.
 *
 * Readers (screens, --print) use store_visible/store_at after store_set_filter and
 * store_set_sort, and repaint when store_version changes. Only the informer writes. */
#ifndef KD_STORE_H
#define KD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct cJSON;
struct expr_ctx;
struct view;
struct store;
struct store_row;

/* A new, empty store for rows shaped by view (borrowed; must outlive the store or be
 * replaced with store_set_view). */
struct store *store_new(const struct view *view);
void store_free(struct store **s);
const struct view *store_view(const struct store *s);
/* Replaces the view (the server's Table columns arrived): drops every row. */
void store_set_view(struct store *s, const struct view *view);

/* ---- reading ---- */
size_t store_size(const struct store *s);                 /* every row */
/* Bumped on every change (rows, filter, sort): repaint when it moved. */
uint64_t store_version(const struct store *s);
/* Filter: "" none; "text" case-insensitive substring of name, namespace or any cell;
 * a text with regex characters (.*[]()|^$+?) that compiles: an extended regex;
 * "-l SELECTOR": a label selector; a leading "!": rows that do NOT match.
 * Returns 0, or -1 with err (bad regex or selector) and the filter unchanged. */
int store_set_filter(struct store *s, const char *text, struct kd_err *err);
const char *store_filter(const struct store *s);          /* borrowed */
/* Sort by column col of the view (-1: namespace then name, the default), descending
 * when desc. Ties go by namespace and name, so the order is total and stable. */
void store_set_sort(struct store *s, int col, int desc);
void store_get_sort(const struct store *s, int *col, int *desc);
/* The rows passing the filter, in sort order. */
size_t store_visible(struct store *s);
const struct store_row *store_at(struct store *s, size_t i);   /* borrowed, until the next change */
const struct store_row *store_find(const struct store *s, const char *ns, const char *name);
/* Bytes held by rows, indexes and interned strings (benchmarks). */
size_t store_memory(const struct store *s);

const char *store_row_name(const struct store_row *r);
const char *store_row_namespace(const struct store_row *r);  /* "" when cluster-scoped */
const char *store_row_uid(const struct store_row *r);
const char *store_row_rv(const struct store_row *r);
/* Cell i as stored (time columns: seconds since the epoch; view_cell_render shows it). */
const char *store_row_cell(const struct store_row *r, int i);
int store_row_ncells(const struct store_row *r);
/* Labels packed "key\0value\0...\0" (selector_match_packed); value of one label or NULL. */
const char *store_row_labels(const struct store_row *r);
const char *store_row_label(const struct store_row *r, const char *key);
/* Owner references packed "kind\0name\0uid\0controller(1|0)\0...\0". */
const char *store_row_owners(const struct store_row *r);
/* Whether an owner reference of r has this uid. */
int store_row_owned_by(const struct store_row *r, const char *uid);

/* ---- writing (the informer) ---- */
/* Adds or replaces the row for an object. ctx->obj holds at least its metadata, and
 * ctx->cells the server Table's cells when listed as a Table. Returns 0, or -1 when the
 * object has no name. */
int store_upsert(struct store *s, const struct expr_ctx *ctx);
/* Removes a row; returns 0, or -1 when there was none. */
int store_remove(struct store *s, const char *ns, const char *name);
/* A relist: rows not upserted between begin and end are removed by end, which returns
 * how many went. Rows stay visible meanwhile. */
void store_replace_begin(struct store *s);
size_t store_replace_end(struct store *s);
void store_clear(struct store *s);

#endif
