/* Operations from a page: what an operation (ops/op.h) acts on is the page's marked rows,
 * else its selected row (page_ops.targets). opact_start checks that the operation fits
 * their kind and that the user may run it here (read-only, RBAC), asks its plan as the
 * question, and on yes runs it and says what came of it on the flash line. The same path
 * serves the key and the ":" command. */
#ifndef KD_OPACT_H
#define KD_OPACT_H

struct app;
struct page;
struct op;

/* 0 when the question was asked, -1 when it was refused (the flash says why). */
int opact_start(struct app *app, struct page *pg, const struct op *op);
/* The same with the argument typed after the command (":scale +1"); NULL: an operation
 * that takes one asks for it (with the current count). */
int opact_start_arg(struct app *app, struct page *pg, const struct op *op, const char *arg);
/* The same on one object a page shows that is no row of it (the rollout view's). */
struct cluster;
struct kres;
int opact_start_on(struct app *app, struct page *pg, const struct op *op, struct cluster *c,
    const struct kres *res, const char *ns, const char *name);

#endif
