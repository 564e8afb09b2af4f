/* An informer's store glue: the rows of a Table or the items of a List upserted through
 * the view's columns, and the server's Table columns adopted for the fallback view. */
#define _POSIX_C_SOURCE 200809L
#include "kube/informer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/informer_priv.h"
#include "model/expr.h"
#include "model/store.h"
#include "model/view.h"
#include "util/xmalloc.h"

void
inf_set_columns(struct informer *inf, const cJSON *defs)
{
	int n = cJSON_GetArraySize(defs);
	if (n == 0)
		return;
	for (int i = 0; i < inf->ncols; i++)
		free(inf->colnames[i]);
	free(inf->colnames);
	inf->colnames = xcalloc((size_t)n, sizeof *inf->colnames);
	inf->ncols = n;
	for (int i = 0; i < n; i++) {
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(defs, i), "name");
		inf->colnames[i] = xstrdup(cJSON_IsString(name) ? name->valuestring : "");
	}
}

static int
inf_has_column(const struct informer *inf, const char *name)
{
	for (int i = 0; i < inf->ncols; i++)
		if (strcasecmp(inf->colnames[i], name) == 0)
			return 1;
	return 0;
}

/* A Table's first page: adopt the server's columns for the fallback view, and check that
 * the view's table() columns exist; returns 1 when whole objects are needed instead. */
int
inf_check_table(struct informer *inf, const cJSON *defs)
{
	inf_set_columns(inf, defs);
	if (inf->view->from_server && cJSON_GetArraySize(defs) > 0 && !inf->synced &&
	    strcmp(inf->view->origin, "server") == 0 && inf->view->ncols <= 2 &&
	    view_col_index(inf->view, "AGE") >= 0) {
		struct view *nv = view_from_table(defs, inf->res.resource, inf->res.group, inf->res.kind);
		store_set_view(inf->store, nv);
		view_free(&inf->view);
		inf->view = nv;
		inf->view->from_server = 2;   /* built; not again */
	}
	if (inf->stats.mode_object)
		return 0;
	for (int i = 0; i < inf->view->ncols; i++) {
		const struct expr *e = inf->view->cols[i].expr;
		const char *col = e ? expr_table_column(e) : NULL;
		if (col != NULL && !inf_has_column(inf, col))
			return 1;
	}
	return 0;
}

void
inf_ctx(struct informer *inf, struct expr_ctx *ctx, const cJSON *obj, const cJSON *cells)
{
	ctx->obj = obj;
	ctx->cells = cells;
	ctx->colnames = (const char *const *)inf->colnames;
	ctx->ncols = cells ? inf->ncols : 0;
	ctx->now = time(NULL);
}

/* Upserts the rows of a Table or the items of a List. */
void
inf_add_rows(struct informer *inf, const cJSON *doc, int is_table)
{
	struct expr_ctx ctx;
	const cJSON *it;
	if (is_table) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "rows")) {
			inf_ctx(inf, &ctx, cJSON_GetObjectItemCaseSensitive(it, "object"),
			    cJSON_GetObjectItemCaseSensitive(it, "cells"));
			store_upsert(inf->store, &ctx);
		}
	} else {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "items")) {
			inf_ctx(inf, &ctx, it, NULL);
			store_upsert(inf->store, &ctx);
		}
	}
}

int
inf_is_table(const cJSON *doc)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(doc, "kind");
	return cJSON_IsString(k) && strcmp(k->valuestring, "Table") == 0;
}
