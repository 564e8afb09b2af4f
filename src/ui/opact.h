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

#endif
