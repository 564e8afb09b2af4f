/* Operations: what kdeck does to objects on a cluster. Each operation is one file in
 * src/ops/ exporting one descriptor (tmux's cmd_entry): its name (the ":" command), the
 * keymap action that runs it, the kinds it works on, the RBAC verb and subresource a page
 * checks before offering it, whether it changes anything, `plan` (a sentence saying what
 * will happen, where and to how many) and `apply` (one target, through the API module, so
 * every request it sends reaches the audit journal). No curses here: a page asks the plan
 * as its question and shows each outcome. */
#ifndef KD_OP_H
#define KD_OP_H

#include <stddef.h>

#include "kube/api.h"
#include "util/err.h"

struct cJSON;
struct cluster;
struct kres;
struct lastchange;

/* One object an operation acts on. */
struct op_target {
	char *ns;        /* "" when cluster-scoped */
	char *name;
};

/* Choices the confirm may offer (delete's propagation, a pod's kill now). */
struct op_opts {
	int propagation;     /* API_PROP_*, 0: the server's default (Background) */
	int grace_seconds;   /* -1: the object's own grace period */
	int dry_run;         /* dryRun=All: nothing is persisted */
	long revision;       /* rollback: the revision to go back to, 0 the previous one */
	char arg[32];        /* what the user typed after the command ("5", "+1"), "" none */
};

/* One request: an operation, where, on which objects. */
struct op_req {
	const struct op *op;
	struct cluster *cluster;     /* borrowed: clusters live as long as the program */
	const struct kres *res;      /* the request's own copy (discovery may be reloaded) */
	struct op_target *targets;
	size_t n;
	struct op_opts opts;
	struct kres *own;            /* what res points at */
	long *from, *to;             /* n counts each target goes from and to (scale), -1
	                              * unknown; NULL until op_prepare */
	char *note;                  /* set by apply: what the outcome adds ("... is Terminating:
	                              * waiting for finalizers ..."), NULL when nothing */
	struct lastchange *change;   /* what undoes it (ops/lastchange.h), gathered as targets
	                              * are done (op_undo_step); noted when all have ended */
};

/* The outcome of target i: err NULL when it was done. Runs once per target. */
typedef void (*op_done_cb)(const struct op_req *req, size_t i, const struct kd_err *err, void *arg);

struct op {
	const char *name;             /* "restart": the ":" command and the flash's verb */
	const char *action;           /* the keymap action's name ("restart") */
	const char *const *kinds;     /* resources it works on (plural); NULL: every kind */
	unsigned kinds_subres;        /* and every resource discovery lists with these
	                               * subresources (KRES_SUB_SCALE: a CRD's scale) */
	const char *verb;             /* RBAC verb to check first ("patch") */
	const char *subresource;      /* and its subresource, NULL for the object itself */
	int mutates;
	const char *done;             /* past tense for the outcome ("restarted") */
	/* The question before it runs: exactly what will happen, where. A new string. */
	char *(*plan)(const struct op_req *req);
	/* Starts target i; cb runs once, later, on the loop. */
	void (*apply)(const struct op_req *req, size_t i, op_done_cb cb, void *arg);
	/* The rest may be NULL. Reads what the plan needs of target i before anything is
	 * asked (a scale's current count, into from[i]); cb runs once, later. */
	void (*prepare)(const struct op_req *req, size_t i, op_done_cb cb, void *arg);
	/* An operation that takes an argument (a count): the question asking for it, and in
	 * *text what the answer starts as (the current count). New strings. */
	char *(*ask)(const struct op_req *req, char **text);
	/* Takes the argument (opts.arg, each target's to[i]): 0, or -1 with why. */
	int (*take)(struct op_req *req, const char *arg, char *why, size_t len);
	/* 0 when the typed argument is confirmation enough (one object, a count other than
	 * 0); NULL: the plan is always asked. */
	int (*confirm)(const struct op_req *req);
	int progress;                 /* a workload's rollout progress is shown after it */
	/* Choices on the question row (delete's propagation, a pod's kill now): the keys, with
	 * *hint set to how the question says them ("b/f/o propagation"); NULL: none. */
	const char *(*choices)(const struct op_req *req, const char **hint);
	/* Makes the choice of key in req's options; the question is asked again. */
	void (*choose)(struct op_req *req, int key);
};

/* Every operation, NULL-terminated (op.c). */
extern const struct op *const op_table[];

/* By ":" name or by action name; NULL when none. */
const struct op *op_find(const char *name);
const struct op *op_for_action(const char *action);
/* Whether op works on res: 1, or 0 with why ("restart works on deployments, statefulsets
 * and daemonsets"). */
int op_applies(const struct op *op, const struct kres *res, char *why, size_t len);
/* The same without the sentence, by resource name ("deployments"). */
int op_applies_to(const struct op *op, const char *resource);
/* The same on what discovery says of a resource (its subresources count). */
int op_applies_res(const struct op *op, const struct kres *res);

/* Whether req may be sent: 1; 0 with why when read-only or RBAC says no; -1 with why
 * while the server is still being asked (asked now if it never was). */
int op_check(const struct op_req *req, char *why, size_t len);

/* A request for n targets (copied, as is res). Free with op_req_free. */
struct op_req *op_req_new(const struct op *op, struct cluster *c, const struct kres *res,
    const struct op_target *targets, size_t n);
void op_req_free(struct op_req **req);

/* How to name n objects of res: "deployment", "deployments" (the kind in lower case
 * where the server sends no singular name). Returns buf or a string of res's. */
const char *op_kind_word(const struct kres *res, size_t n, char *buf, size_t len);

/* The common shape of a plan: "VERB deployment web in shop on prod" or "VERB 3 deployments
 * in shop on prod: web, api, cart" (names up to a screen's width, then "and N more"),
 * followed by tail when not NULL. A new string. */
char *op_plan_say(const struct op_req *req, const char *verb, const char *tail);

/* One target's requests while they are out, as every operation's apply keeps them: the
 * target's ref (its strings the request's), and what undoes the change once it is done. */
struct op_call {
	const struct op_req *req;
	size_t i;
	op_done_cb cb;
	void *arg;
	struct api_ref ref;          /* target i's object; subresource NULL */
	char *back;                  /* the patch that undoes it, NULL: nothing noted */
	int back_type;               /* API_PATCH_* */
	const char *back_sub;        /* its subresource ("scale"), NULL: the object */
	const char *back_path;       /* what the change set ("/spec/replicas") */
};
struct op_call *op_call_new(const struct op_req *req, size_t i, op_done_cb cb, void *arg);
/* Ends the call: cb with err (NULL: done), then frees it. */
void op_call_end(struct op_call *oc, const struct kd_err *err);
/* Sends the change of target i, a patch of type (a dry run when the request is one): on
 * its answer the undo is noted (when back is set) and the call ends. */
void op_call_patch(struct op_call *oc, int type, const char *patch);

/* Target i of req was done (apply, on its answer): the request that undoes it, for :undo
 * (ops/revert.h). set, what the change left, is read at path of obj (the answer; NULL:
 * not checked). Nothing for a dry run. */
void op_undo_step(const struct op_req *req, size_t i, const char *subresource, int patch_type,
    const char *patch, const char *path, const struct cJSON *obj);
/* Target i was done and cannot be undone: why (a delete's), said by :undo instead. */
void op_undo_never(const struct op_req *req, const char *why);

/* Runs req (which it takes) on every target: each's cb as it ends, then all once with
 * how many failed. The request is freed after all. */
typedef void (*op_all_cb)(const struct op_req *req, size_t failed, const struct kd_err *last, void *arg);
void op_run(struct op_req *req, op_done_cb each, op_all_cb all, void *arg);
/* Runs op->prepare on every target of req (which stays the caller's): all once with how
 * many failed. At once, with none failed, when the operation has no prepare. */
void op_prepare(struct op_req *req, op_all_cb all, void *arg);

#endif
