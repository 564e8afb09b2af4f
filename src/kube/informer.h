/* Informers: one live list per (cluster, resource, namespace, label selector) scope,
 * shared by every screen that shows it (reference counted) and stopped when nothing
 * needs it. Each lists in pages (server-side Table rows: the cells views need, with
 * object metadata or, only when a view needs more, whole objects), then watches from the
 * list's resourceVersion with bookmarks; relists on 410 (HTTP or an ERROR event, and
 * expired continue tokens); reconnects with backoff, keeping the rows it has and saying
 * so (the state). Rows land in a store (model/store.h) shaped by the kind's view. */
#ifndef KD_INFORMER_H
#define KD_INFORMER_H

#include <stddef.h>
#include <time.h>

#include "kube/http.h"
#include "util/err.h"

struct cJSON;
struct kres;
struct store;
struct view;
struct informers;
struct informer;

enum informer_state {
	INFORMER_LISTING,       /* the first list is under way: rows arrive page by page */
	INFORMER_SYNCED,        /* listed, watching: the rows are the server's */
	INFORMER_RELISTING,     /* the watch fell too far behind (410): listing again; stale */
	INFORMER_RECONNECTING,  /* a request failed; retrying with backoff; rows are stale */
	INFORMER_FAILED,        /* refused (403, 404, 401): not retried; see informer_error */
};

/* The informers of one cluster. view_dirs: where views come from (view_load), borrowed. */
struct informers *informers_new(struct http *h, const char *const *view_dirs);
void informers_free(struct informers **set);
/* Keep an unused informer running this long before stopping it (switching back is then
 * instant). 0, the default: stop at once. */
void informers_set_linger(struct informers *set, unsigned ms);
/* Page size of lists (default 500, as kubectl). */
void informers_set_page_size(struct informers *set, unsigned limit);

/* The informer for a scope, started if new; one more reference. ns NULL or "": all
 * namespaces (or a cluster-scoped resource). selector: a server-side label selector or
 * NULL. res is copied. */
struct informer *informer_acquire(struct informers *set, const struct kres *res, const char *ns,
    const char *selector);
/* Drops a reference; the last one stops the watch (after the linger time). Sets *inf = NULL. */
void informer_release(struct informer **inf);

struct store *informer_store(struct informer *inf);
const struct view *informer_view(const struct informer *inf);
/* A broken view file (file:line:col) when the built-in view had to be used, else NULL. */
const struct kd_err *informer_view_warning(const struct informer *inf);
enum informer_state informer_state(const struct informer *inf);
/* Whether a list has completed at least once (rows are complete, maybe stale). */
int informer_synced(const struct informer *inf);
/* When the listed rows went stale (the watch or list failed and is retried), 0 while they
 * are the server's or before the first list. */
time_t informer_stale_since(const struct informer *inf);
/* The last failure (code KD_OK when none). */
const struct kd_err *informer_error(const struct informer *inf);
/* One line for a status bar: "listing (3500)", "reconnecting in 4s: <why>", "". */
void informer_status(const struct informer *inf, char *out, size_t outlen);
/* Whether the rows were listed and are not the server's now (a list or watch is retried). */
int informer_rows_stale(const struct informer *inf);
/* Of a cluster's informers (NULL entries skipped), the one whose rows have been stale the
 * longest, or NULL while all of them are live: its cluster's rows are dimmed. */
const struct informer *informer_stalest(struct informer *const *infs, int n);
/* inf's status as one cluster's part of the status line of a table over several:
 * "@CONTEXT stale since 07:01:02 (12s): reconnecting in 8s: <why>", "@CONTEXT listing
 * pods (30 so far)", or "" when live. context NULL (one cluster): informer_status's. */
void informer_status_on(const struct informer *inf, const char *context, char *out, size_t outlen);

/* Called on the loop after rows or the state changed (at most once per page or event). */
typedef void (*informer_cb)(struct informer *inf, void *arg);
void informer_listen(struct informer *inf, informer_cb cb, void *arg);
void informer_unlisten(struct informer *inf, informer_cb cb, void *arg);

/* Fetches one whole object (describe, YAML, edit). cb gets a new cJSON the callee owns,
 * or NULL with err. Returns the request (http_cancel to abandon). */
typedef void (*informer_fetch_cb)(struct cJSON *obj, const struct kd_err *err, void *arg);
struct http_req *informer_fetch(struct informer *inf, const char *ns, const char *name,
    informer_fetch_cb cb, void *arg);

struct informer_stats {
	unsigned long lists, pages, watches, events, bookmarks, relists, reconnects;
	int mode_object;        /* listing whole objects (a view needs them) */
	int as_table;           /* the server answered with Tables */
};
void informer_get_stats(const struct informer *inf, struct informer_stats *st);

/* ---- for tests: the informer without a network ---- */
/* How informers make requests; the default wraps http_request/http_cancel. */
struct informer_io {
	struct http_req *(*request)(void *ctx, const struct http_opts *o, http_data_cb on_data,
	    http_done_cb on_done, void *arg);
	void (*cancel)(void *ctx, struct http_req **r);
	void *ctx;
};
struct loop;
struct informers *informers_new_io(struct loop *l, const struct informer_io *io,
    const char *const *view_dirs);

#endif
