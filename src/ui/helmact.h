/* A Helm rollback (r on a revision of a release's history) or uninstall (the delete key
 * there) from a page: the plan read (ops/helmops.h), refused when the context is
 * read-only, RBAC says no or helm would fail, else shown — a rollback's as the diff of
 * every object before and after, the question below it; an uninstall's as the question,
 * with h to keep the history — then, on a production context, the release's name typed,
 * and the outcome on the flash line. */
#ifndef KD_HELMACT_H
#define KD_HELMACT_H

struct app;
struct page;
struct cluster;

/* Rolls release name in ns on c back to revision rev (0: the one before the last). 0,
 * or -1 with the reason on the flash line. */
int helmact_rollback(struct app *app, struct page *pg, struct cluster *c, const char *ns,
    const char *name, long rev);
/* Uninstalls release name in ns on c. */
int helmact_uninstall(struct app *app, struct page *pg, struct cluster *c, const char *ns,
    const char *name);

#endif
