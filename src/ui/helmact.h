/* A Helm rollback or uninstall from the releases page or a release's history: the plan read
 * (ops/helmops.h) and shown on a page of its own (each object: what happens to it, with
 * the diff of each change), checked (read-only, RBAC, an object helm would refuse), asked
 * with helm's words and that hooks are not run (uninstall: h keeps the history), the name
 * typed on a production context, done, and the outcome on the flash line. */
#ifndef KD_HELMACT_H
#define KD_HELMACT_H

struct app;
struct cluster;

/* `helm rollback NAME REV -n NS` (rev 0: the revision before the last). done (may be NULL)
 * runs after it was done, to read again. */
void helmact_rollback(struct app *app, struct cluster *c, const char *ns, const char *name, long rev,
    void (*done)(struct app *app));
/* `helm uninstall NAME -n NS`. */
void helmact_uninstall(struct app *app, struct cluster *c, const char *ns, const char *name,
    void (*done)(struct app *app));

#endif
