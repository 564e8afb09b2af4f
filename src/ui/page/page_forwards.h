/* Port-forwards of the whole program: started by F or ":port-forward", listed by
 * ":forwards" (local address, target, connections, bytes, the last error), stopped there
 * with the delete key. They run until stopped or kdeck quits, whatever screen is shown. */
#ifndef KD_PAGE_FORWARDS_H
#define KD_PAGE_FORWARDS_H

#include "app.h"

/* Listens on 127.0.0.1:local (-1: the same port when free, else a free one; 0: a free one)
 * and forwards to ns/pod:remote; label names what was asked for ("svc/checkout 443").
 * 0 (the flash says where it listens) or -1 (the flash says why not). */
int forwards_start(struct app *app, struct cluster *c, const char *ns, const char *pod, int remote,
    int local, const char *label);
struct page *page_forwards_new(struct app *app);
void forwards_shutdown(void);

#endif
