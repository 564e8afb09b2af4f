/* Views: the columns kdeck shows for a kind, read from views/<resource>.yaml (data, not
 * code). Each column has a header, an expression (model/expr.h), a width, an alignment,
 * a sort type and whether it shows only in wide mode. A kind without a view file gets
 * the server's Table columns, else NAME and AGE. A broken file is reported as
 * file:line:col and the built-in view is used instead.
 *
 *   resource: pods          # plural, as discovery names it
 *   group: ""               # API group, "" for the core group
 *   kind: Pod
 *   columns:
 *     - name: READY
 *       expr: table("Ready") // ready(.status.containerStatuses)
 *       sort: ratio         # text (default), number, time, ratio
 *       align: right        # left (default), right
 *       width: 8            # 0 (default): as wide as the content
 *       wide: true          # only with -o wide
 */
#ifndef KD_VIEW_H
#define KD_VIEW_H

#include <stddef.h>
#include <time.h>

#include "util/err.h"

struct cJSON;
struct expr;

enum view_align { VIEW_LEFT, VIEW_RIGHT };
enum view_sort { VIEW_SORT_TEXT, VIEW_SORT_NUMBER, VIEW_SORT_TIME, VIEW_SORT_RATIO };

struct view_col {
	char *name;              /* the header */
	struct expr *expr;
	int width;               /* 0: fit the content */
	enum view_align align;
	enum view_sort sort;
	int wide;                /* only shown with -o wide */
	int time;                /* cells hold seconds since the epoch, shown as an age */
};

struct view {
	char *resource, *group, *kind;
	char *origin;            /* "views/pods.yaml", "built-in", "server" */
	struct view_col *cols;
	int ncols;
	int needs;               /* EXPR_NEEDS_* of all columns: decides how to list */
	int from_server;         /* the fallback: columns follow the server's Table */
};

/* Parses a view file's text. filename is used in messages only. Returns a new view, or
 * NULL with err "filename:line:col: what is wrong". */
struct view *view_parse(const char *text, size_t len, const char *filename, struct kd_err *err);
/* The view for a resource: the first dirs/<resource>.yaml (or <resource>.<group>.yaml)
 * that exists, else the built-in one, else view_fallback. dirs: NULL-terminated, highest
 * priority first, may be NULL. A broken file sets warn (file:line:col) and the built-in
 * view is used. Never NULL. */
struct view *view_load(const char *const *dirs, const char *resource, const char *group,
    const char *kind, struct kd_err *warn);
/* NAME and AGE from metadata; from_server set, so a server Table replaces the columns. */
struct view *view_fallback(const char *resource, const char *group, const char *kind);
/* A view of a server Table's columnDefinitions (priority > 0: wide). */
struct view *view_from_table(const struct cJSON *column_definitions, const char *resource,
    const char *group, const char *kind);
void view_free(struct view **v);

/* Index of the column named name (case-insensitive), or -1. */
int view_col_index(const struct view *v, const char *name);
/* A cell as it arrives: each "(DURATION ago)" in it ("16 (85s ago)", the server's text) is
 * kept as the time it names, counted back from now, so that it is shown relative to the
 * clock when drawn and keeps moving. Rewrites cell (of size cap) in place. */
void view_cell_stamp(char *cell, size_t cap, time_t now);
/* Renders a stored cell for display: ages relative to now, "<none>" for empty. */
void view_cell_render(const struct view *v, int col, const char *cell, time_t now, char *out,
    size_t outlen);

/* The built-in views (the files in views/, compiled in), NULL-terminated name/text pairs. */
struct view_builtin {
	const char *name;        /* "pods" or "deployments.apps" */
	const char *text;
};
extern const struct view_builtin view_builtins[];

#endif
