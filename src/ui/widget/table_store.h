/* A table source over a store (model/store.h): the view's columns, with NAMESPACE first
 * when the list spans namespaces, rows coloured by their health (STATUS, READY), and an
 * optional row predicate for drill-downs the server cannot select (a deployment's pods
 * by owner references, a node's pods). */
#ifndef KD_TABLE_STORE_H
#define KD_TABLE_STORE_H

#include "ui/widget/table.h"

struct store;
struct store_row;
struct table_store;

typedef int (*table_store_pred)(const struct store_row *r, void *arg);

extern const struct table_source_ops table_store_ops;

/* s is borrowed (the informer owns it). */
struct table_store *table_store_new(struct store *s);
void table_store_free(struct table_store **ts);
/* Several clusters in one table: each store's rows follow the previous one's, with a
 * CLUSTER column saying whose they are (label). The first store added gives the view. */
void table_store_add(struct table_store *ts, struct store *s, const char *label);
/* Marks the rows of the part-th store added as stale (its cluster is unreachable): they
 * are dimmed and their CLUSTER cell says so. */
void table_store_set_stale(struct table_store *ts, int part, int stale);
void table_store_set_store(struct table_store *ts, struct store *s);
struct store *table_store_store(const struct table_store *ts);
void table_store_set_ns_column(struct table_store *ts, int on);
/* Rows must also pass pred; version_fn tells when pred's answers may have changed. */
void table_store_set_pred(struct table_store *ts, table_store_pred pred, void *arg);
void table_store_pred_changed(struct table_store *ts);
/* The store row at a visible index. */
const struct store_row *table_store_row(struct table_store *ts, size_t i);

/* The element a row's health is drawn with, from its STATUS and READY cells. */
enum theme_el table_store_health(const char *status, const char *ready, const char *restarts);

#endif
