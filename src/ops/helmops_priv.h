/* What helmops.c, helmrollback.c and helmuninstall.c share: the plan's state, the
 * release read, the requests' bookkeeping and the record writes. */
#ifndef KD_HELMOPS_PRIV_H
#define KD_HELMOPS_PRIV_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "model/helmplan.h"
#include "model/helmrel.h"
#include "ops/helmops.h"
#include "util/sbuf.h"

#define HELMOP_HISTORY_MAX 10   /* helm's --history-max default */

struct helmop_item {
	struct helmop_row pub;
	struct helmplan_obj *o;      /* borrowed from the plan's objs or olds */
	char *resource;
	int namespaced;
	int old;                     /* rollback: of the current manifest only (a deletion) */
	cJSON *live;                 /* as last read, NULL when not there */
	long live_status;            /* of that read: 200, 404, or what failed */
	char *before, *after;        /* the YAML the diff is of */
};

struct helmop {
	enum helmop_kind kind;
	struct cluster *c;
	char *ns, *name;
	long want;                   /* rollback: as asked, 0 the previous */
	int keep_history;
	struct helmrel *revs;        /* by version, oldest first */
	cJSON **secrets;             /* the Secret of each */
	size_t nrevs, last, target;  /* last, target: indexes into revs */
	struct helmplan_obj *objs, *olds;   /* the target's (uninstall: the last's) and the last's */
	size_t nobjs, nolds;
	struct helmop_item *items;
	size_t nitems;
	char *plan_err;              /* the plan cannot be done: why */
	size_t pending;              /* requests out */
	int dead;                    /* freed by its owner while requests were out */
	int applying;
	helmop_cb cb;
	void *arg;
	void (*step)(struct helmop *op);   /* runs when pending comes back to 0 */
	/* apply */
	int phase;
	size_t idx;
	struct sbuf errs;            /* the update's errors, joined by " && " as helm joins them */
	char *fatal;                 /* what stopped it */
	char *failed;                /* the failed record's description */
	cJSON *rel;                  /* the record being written */
	cJSON *deployed;             /* rollback: the deployed records' Secrets as listed */
	char *outcome;
	time_t now;
};

/* One request out, for op's item i (or none: SIZE_MAX). */
struct helmop_req {
	struct helmop *op;
	size_t i;
	struct api_ref ref;
	char *secret_name;
};

struct helmop *helmop_new_(enum helmop_kind kind, struct cluster *c, const char *ns,
    const char *name, helmop_cb cb, void *arg);
/* Ends the plan or the apply: the owner's callback (err NULL: success), unless freed. */
void helmop_end_(struct helmop *op, const struct kd_err *err);
/* The same with a sentence. */
void helmop_fail_(struct helmop *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A request's bookkeeping: new (pending + 1); done (pending - 1) says whether op is to
 * go on (0: it was freed meanwhile and is gone now, unless it is applying). */
struct helmop_req *helmop_req_(struct helmop *op, size_t i);
int helmop_req_done_(struct helmop_req *r);

/* Lists the release Secrets (extra: more of a label selector, "status=deployed", or
 * NULL), decodes them into op->revs by version, then calls next (err: the release cannot
 * be read, next is not called). */
void helmop_read_(struct helmop *op, void (*next)(struct helmop *op));
/* The kinds of objs (n) on op's cluster: each's resource, cluster-scoped ones without a
 * namespace; an item each (old marks them) but for those skip (nskip) has too. 0, or -1
 * with why in op->plan_err. */
int helmop_resolve_(struct helmop *op, struct helmplan_obj *objs, size_t n, int old,
    struct helmplan_obj *skip, size_t nskip);
/* GETs every item's live object into it, then op->step. */
void helmop_read_live_(struct helmop *op);
/* GET of item i's live object, then done(r, res). */
void helmop_get_item_(struct helmop *op, size_t i, api_cb done);
struct api_ref helmop_item_ref_(const struct helmop_item *it);

/* The record rel (a release JSON) written as its Secret: created (POST, label createdAt)
 * or updated (PUT, label modifiedAt, as helm's Update writes it), with the custom labels
 * of the Secret labels_from (NULL: none); done as an api_cb with a helmop_req. */
void helmop_write_(struct helmop *op, const cJSON *rel, int create, const cJSON *labels_from,
    api_cb done);
/* GET then DELETE of the record of version v (helm's driver Delete), then done. */
void helmop_delete_record_(struct helmop *op, long v, api_cb done);
/* A copy of rel with info.status (and info.description when not NULL) set. */
cJSON *helmop_with_status_(const cJSON *rel, const char *status, const char *description);
/* Now as Go's time.Time marshals (RFC 3339 with nanoseconds, UTC). */
void helmop_go_time_(char *buf, size_t len);
/* The server's Status message of a failed answer, else err's sentence. */
const char *helmop_message_(const struct api_result *res);
/* The unified diff of a (YAML, NULL as empty) and b into it. */
void helmop_item_diff_(struct helmop_item *it, const char *a, const char *b);
/* Sets it->pub.why. */
void helmop_item_why_(struct helmop_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whether the user may verb resource (group) in ns on op's cluster: 1, 0 or -1 with why. */
int helmop_may_(const struct helmop *op, const char *verb, const char *group, const char *resource,
    const char *ns, char *why, size_t len);

/* Each operation's own part (helmrollback.c, helmuninstall.c). */
char *helmop_rollback_question_(const struct helmop *op);
void helmop_rollback_apply_(struct helmop *op);
char *helmop_uninstall_question_(const struct helmop *op);
void helmop_uninstall_apply_(struct helmop *op);

#endif
