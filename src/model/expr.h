/* The expressions of view columns: a JSONPath-like path into the object with a few
 * functions, and `a // b` (b when a is empty, as in jq).
 *   .metadata.name   .spec.containers[0].image   .status.containerStatuses[*].ready
 *   .metadata.labels["app.kubernetes.io/name"]   .   (the whole object)
 *   age(T) count(X) join(X[, SEP]) sum(X) ready(LIST) ready(N, M) restarts(POD)
 *   podstatus(POD) ports(PORTS) first(X) table("Column") "literal" 42
 * table("Column") is the server-side Table's cell of that column, so a view can use
 * the server's rendering and still say how to compute it from the object. */
#ifndef KD_EXPR_H
#define KD_EXPR_H

#include <stddef.h>
#include <time.h>

#include "util/err.h"

struct cJSON;
struct expr;

struct expr_ctx {
	const struct cJSON *obj;        /* the object or its metadata; NULL when absent */
	const struct cJSON *cells;      /* the server Table row's cells, or NULL */
	const char *const *colnames;    /* the Table's column names */
	int ncols;
	time_t now;
};

enum expr_kind { EXPR_TEXT, EXPR_TIME };

/* What evaluating the first alternative needs. */
enum {
	EXPR_NEEDS_META = 1,      /* only .metadata.* (a Table with includeObject=Metadata) */
	EXPR_NEEDS_OBJECT = 2,    /* other fields of the object */
	EXPR_NEEDS_TABLE = 4,     /* a server Table column */
};

/* Parses text. Returns a new expr or NULL with err set and *errpos the 0-based offset
 * in text where the problem is. */
struct expr *expr_parse(const char *text, int *errpos, struct kd_err *err);
void expr_free(struct expr **e);

/* Evaluates into out (always NUL-terminated, cut to outlen). EXPR_TIME: out holds seconds
 * since the epoch (an age is rendered when shown, so it keeps moving). Empty out: null. */
enum expr_kind expr_eval(const struct expr *e, const struct expr_ctx *ctx, char *out, size_t outlen);
int expr_needs(const struct expr *e);
/* Whether the first alternative is age(): the column holds times. */
int expr_is_time(const struct expr *e);
/* The table("...") column the first alternative reads, or NULL. Borrowed. */
const char *expr_table_column(const struct expr *e);

/* kubectl's HumanDuration: "45s", "3m20s", "5h", "12d", "2y30d". */
void expr_human_duration(long long seconds, char *out, size_t outlen);
/* kubectl's HumanDuration read back ("3m16s" -> 196): the seconds, or -1 when s is not
 * one. A server's Table says "16 (85s ago)" once; the store keeps the time it names. */
long long expr_parse_duration(const char *s, size_t len);
/* Seconds until the text expr_human_duration gives for seconds changes. */
long long expr_duration_step(long long seconds);
/* A frame's durations: expr_durations_begin() before drawing; expr_durations_next() after
 * gives the seconds until the first duration drawn since then reads differently (-1: no
 * duration was drawn), so an idle screen repaints only when an age on it moves. */
void expr_durations_begin(void);
long long expr_durations_next(void);
/* RFC 3339 to seconds since the epoch; -1 when not a time. */
long long expr_parse_time(const char *s);

#endif
