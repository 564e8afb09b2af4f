/* The state of one informer, shared by informer.c (list, watch, lifetime) and
 * informer_rows.c (the store glue); nothing outside kube/informer*.c includes it. */
#ifndef KD_INFORMER_PRIV_H
#define KD_INFORMER_PRIV_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "kube/discovery.h"
#include "kube/informer.h"
#include "util/err.h"

struct expr_ctx;
struct inf_listener;
struct loop_timer;
struct store;
struct view;
struct watch_lines;

struct informer {
	struct informers *set;
	struct informer *next;
	char *key;
	struct kres res;
	char *ns, *selector;
	int refs;
	int notifying, dead;
	struct loop_timer *linger_timer, *retry_timer;
	struct loop_timer *note_timer;  /* tells the listeners of a retry inside a request */
	long server_retry;        /* the 429 or 5xx its request is retrying (at retry_at); 0: none */
	struct view *view;
	struct kd_err view_warn;
	struct store *store;
	enum informer_state state;
	int synced;
	time_t stale_since;       /* when listed rows stopped being the server's; 0: live */
	struct kd_err err;
	char *rv;                 /* the last resourceVersion seen */
	char *cont;               /* the continue token of the list under way */
	struct http_req *req;
	int req_is_watch;
	int watch_open;
	int relist_next;          /* what the retry timer does: relist, else watch */
	uint64_t watch_started, retry_at;
	unsigned backoff_ms;
	struct watch_lines *lines;
	char **colnames;
	int ncols;
	int changed;
	struct inf_listener *listeners;
	int nlisteners;
	struct informer_stats stats;
};

/* A Table's first page: adopt the server's columns for the fallback view, and check that
 * the view's table() columns exist; returns 1 when whole objects are needed instead. */
int inf_check_table(struct informer *inf, const cJSON *defs);
/* Takes the names of a Table's columnDefinitions for the cells that follow. */
void inf_set_columns(struct informer *inf, const cJSON *defs);
/* Fills ctx for obj and, from a Table, its cells. */
void inf_ctx(struct informer *inf, struct expr_ctx *ctx, const cJSON *obj, const cJSON *cells);
/* Upserts the rows of a Table or the items of a List. */
void inf_add_rows(struct informer *inf, const cJSON *doc, int is_table);
int inf_is_table(const cJSON *doc);

#endif
