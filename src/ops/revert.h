/* revert: :undo, the last change kdeck made on a cluster (ops/lastchange.h) taken back. The
 * change's steps are read first (each object, or its subresource, through the API module):
 * where the value at a step's path is no longer what the change left (somebody scaled it
 * since), the question says so and asks "anyway?". On yes each step's patch is sent, the
 * counts that grow first and the rest once they are done (as a canary's shift); what
 * an undo did is noted as the last change in its turn, with the patches that put back what
 * it replaced, so a second undo redoes. A change that cannot be undone (a delete) says why
 * and nothing is sent. No curses here: ui/revertact.c asks and shows. */
#ifndef KD_REVERT_H
#define KD_REVERT_H

#include <stddef.h>

#include "util/err.h"

struct cJSON;
struct cluster;
struct lastchange;
struct lastchange_step;
struct revert;

/* The end of a read or of the patches: err NULL when every step answered. */
typedef void (*revert_cb)(struct revert *rv, const struct kd_err *err, void *arg);

/* Whether lc may be undone on c: 1; 0 with why (read-only, RBAC says no to a step's
 * patch); -1 with why while the server is still being asked (asked now). */
int revert_access(struct cluster *c, const struct lastchange *lc, char *why, size_t len);

/* Starts an undo of lc (copied) on c: reads every step's object; cb once, later. */
struct revert *revert_check(struct cluster *c, const struct lastchange *lc, revert_cb cb, void *arg);
/* The question after the read: "Undo: scale deployment web in shop on prod back to 5?",
 * or what changed since first ("deployment web was scaled to 7 by someone else since;
 * scale ... back to 5 anyway?"). Borrowed. */
const char *revert_question(const struct revert *rv);
/* How many steps' objects changed since (0 after a read where none did). */
size_t revert_changed(const struct revert *rv);
/* The change being undone (the copy). */
const struct lastchange *revert_change(const struct revert *rv);
/* Sends the patches (forgetting the change on its context first): the counts that grow
 * (scale_goes_first) first, the others once those are done and none failed; cb once,
 * later, with the last failure; the redo is noted as the context's last change. */
void revert_apply(struct revert *rv, revert_cb cb, void *arg);
/* Cancels what is out (no callback follows). Accepts NULL; sets *rv = NULL. */
void revert_free(struct revert **rv);

/* ---- the pure parts ---- */

/* The value at the JSON pointer path of obj ("/spec/replicas"), NULL when none. */
const struct cJSON *revert_pointer(const struct cJSON *obj, const char *path);
/* The value a step's patch puts at its path (a merge or strategic patch's nested value,
 * a JSON patch's op on that path); NULL when the patch does not say. A new object. */
struct cJSON *revert_patch_value(const struct lastchange_step *s);
/* What undoing s does, in words: "scale deployment web in shop on prod back to 5",
 * "resume deployment web ...", "roll deployment web ... back to its pod template before".
 * A new string. */
char *revert_step_say(const struct lastchange_step *s, const char *context);
/* Every step's, joined with "; ". A new string (NULL when lc has no steps). */
char *revert_say(const struct lastchange *lc);
/* Whether now (the value at s's path as read; NULL: none) is other than what the change
 * left (s->set): 1, with *why "deployment web was scaled to 7 by someone else since". 0
 * when it is the same or s checks nothing. */
int revert_since(const struct lastchange_step *s, const struct cJSON *now, char *why, size_t len);
/* The question for lc, given each step's value now (n of them, NULL entries: none):
 * "Undo: ...?" or "...since; ... anyway?". A new string. */
char *revert_ask(const struct lastchange *lc, const struct cJSON *const *now);
/* The patch that puts value (what s's path held before the undo; NULL: none) back, of
 * the type in *type: a JSON patch replacing an object, else a patch of s's own type
 * nesting value under the path. A new string. */
char *revert_redo_patch(const struct lastchange_step *s, const struct cJSON *value, int *type);

#endif
