/* Port-forwards of the whole program: started by F or ":port-forward", listed by
 * ":forwards" (local address, target, connections, bytes, the last error), stopped there
 * with the delete key. They run until stopped or kdeck quits, whatever screen is shown. */
#ifndef KD_PAGE_FORWARDS_H
#define KD_PAGE_FORWARDS_H

#include "app.h"

/* Listens on 127.0.0.1:local (-1: the same port as remote; 0: a free one) and forwards
 * to ns/pod:remote; label names what was asked for ("svc/checkout 443"). When that local
 * port needs root or is in use, asks which one instead, a free one proposed and typed in
 * ("local port 80 needs root (it is below 1024); forward local 8080 -> web:80? 8080"):
 * Enter takes it, another number picks that one, Esc cancels. 0 (the flash says where it
 * listens, or the question is up) or -1 (the flash says why not). */
int forwards_start(struct app *app, struct cluster *c, const char *ns, const char *pod, int remote,
    int local, const char *label);
struct page *page_forwards_new(struct app *app);
void forwards_shutdown(void);

#endif
