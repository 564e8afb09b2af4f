/* Helm rollback and uninstall of one release, with helm's storage semantics (the release
 * Secrets of pkg/storage/driver/secrets.go) and helm's object updates (pkg/kube/client.go),
 * a plan first. The plan reads the release Secrets (labelSelector name=NAME,owner=helm),
 * the manifests and the live objects, and says what will happen to each object, with the
 * diff of each change (the live object against the server's dry run of helm's patch);
 * apply does it, every request through kube/api (so into the audit journal). No curses:
 * the helm history page asks the question and shows the rows. */
#ifndef KD_HELMOPS_H
#define KD_HELMOPS_H

#include <stddef.h>

#include "model/helmplan.h"
#include "util/err.h"

struct cluster;
struct helmop;

enum helmop_kind { HELMOP_ROLLBACK, HELMOP_UNINSTALL };

/* One object of a plan. Strings are the plan's. */
struct helmop_row {
	const char *kind, *ns, *name;   /* ns "" when cluster-scoped */
	enum helmplan_action action;
	char *diff;                     /* CREATE, CHANGE, DELETE: the object's YAML before and
	                                 * after as a unified diff (linediff), NULL otherwise */
	size_t added, removed;          /* its lines */
	char *why;                      /* ERROR, or a dry run's refusal: why; NULL */
	int outcome;                    /* after apply: 1 done, -1 failed, 0 not touched */
};

/* The plan is read (err NULL), or could not be (err says why: "release has no 7
 * version"); after apply: done (err NULL) or failed. op stays the caller's. */
typedef void (*helmop_cb)(struct helmop *op, const struct kd_err *err, void *arg);

/* The plan of `helm rollback NAME REV -n NS` on c (rev 0: the revision before the last).
 * cb runs once, later, on the loop. */
struct helmop *helmop_rollback(struct cluster *c, const char *ns, const char *name, long rev,
    helmop_cb cb, void *arg);
/* The plan of `helm uninstall NAME -n NS` on c (history purged unless keep-history is set). */
struct helmop *helmop_uninstall(struct cluster *c, const char *ns, const char *name,
    helmop_cb cb, void *arg);
/* Cancels what is out (no callbacks); accepts NULL; sets *op = NULL. */
void helmop_free(struct helmop **op);

enum helmop_kind helmop_kind_of(const struct helmop *op);
/* The revision the plan goes back to, and the one it writes (rollback). */
long helmop_target(const struct helmop *op);
long helmop_next(const struct helmop *op);
size_t helmop_count(const struct helmop *op);
const struct helmop_row *helmop_row(const struct helmop *op, size_t i);
/* How many rows have action a. */
size_t helmop_count_action(const struct helmop *op, enum helmplan_action a);

/* The plan as two texts to diff (new strings): every object under a "# KIND NS/NAME:
 * ACTION" line, its YAML before in *before and after in *after. */
void helmop_texts(const struct helmop *op, char **before, char **after);

/* Uninstall: keep the release records (as --keep-history), marked uninstalled. */
void helmop_set_keep_history(struct helmop *op, int keep);
int helmop_keep_history(const struct helmop *op);

/* The question before it is done: what, where, to how many objects, and that hooks are
 * not run. A new string. */
char *helmop_question(const struct helmop *op);
/* The choice the question offers (uninstall: h toggles keep-history), with *hint how the
 * question says it; NULL when none. */
const char *helmop_choices(const struct helmop *op, const char **hint);
/* Whether it may be sent: 1; 0 with why when the cluster is read-only, RBAC says no (get,
 * list, create, update, delete of secrets; create, patch, delete of the objects it
 * changes) or the plan has an error; -1 with why while the server is still being asked. */
int helmop_check(const struct helmop *op, char *why, size_t len);
/* Whether a rollback or an uninstall of a release in ns may be asked for at all, before its
 * plan reads and dry-runs anything: 1; 0 with why when read-only or RBAC forbids the
 * release Secrets' verbs; -1 with why while the server is still being asked. */
int helmop_may(struct cluster *c, enum helmop_kind kind, const char *ns, char *why, size_t len);
/* Does it. cb runs once, on the loop, when all is done; each row's outcome is set as it
 * goes. The last change on the cluster is noted (ops/lastchange.h) after a success. */
void helmop_apply(struct helmop *op, helmop_cb cb, void *arg);
/* After apply: what was done, as a sentence ("rolled back release web in shop to revision
 * 2 (revision 4)"); NULL before. */
const char *helmop_outcome(const struct helmop *op);

#endif
