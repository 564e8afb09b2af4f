/* A rollback from a page: refused before anything is sent when read-only or RBAC says no;
 * the history read; kubectl's refusals (a paused Deployment, an unknown revision, a
 * template that already matches) on the flash line; else the diff from the current
 * template to the target's, asking "Roll deployment shop/web on prod back to revision
 * 2?"; on yes the operation (ops/rollback.c), its outcome on the flash line. */
#ifndef KD_UI_ROLLBACK_H
#define KD_UI_ROLLBACK_H

struct app;
struct cluster;
struct kres;

/* revision 0: the previous one. Returns 0 when the history is being read, -1 when refused
 * (the flash says why). done (may be NULL) runs on the loop after a rollback was sent,
 * with app. */
int rollback_ask(struct app *app, struct cluster *c, const struct kres *res, const char *ns,
    const char *name, long revision, void (*done)(struct app *app));

#endif
