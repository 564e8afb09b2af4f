/* :undo and its key from a page: the last change kdeck made on the cluster of the page on
 * top (the selected row's) is taken back through ops/revert.h. A change that cannot be
 * undone says why; read-only and RBAC are checked before anything is read; the question
 * says what the undo does, and what changed since when somebody changed the object after
 * kdeck; a production context asks for the name typed (ui/guard.h). */
#ifndef KD_REVERTACT_H
#define KD_REVERTACT_H

struct app;
struct page;

/* 0 when the question is on its way, -1 when refused (the flash says why). */
int revertact_start(struct app *app, struct page *pg);

#endif
