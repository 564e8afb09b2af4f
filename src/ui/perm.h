/* Permissions of a page's actions: each action mapped to the question kube/access.c asks
 * (SelfSubjectAccessReview, once per cluster and question) when a page opens, so a disabled action is shown with its reason and never
 * attempted and refused. Unknown (not answered yet, or the review API refused) counts
 * as allowed: the server still decides. */
#ifndef KD_PERM_H
#define KD_PERM_H

#include <stddef.h>

#include "app.h"

/* What an action needs: the API verb and subresource, and whether it changes anything.
 * An operation's (ops/op.h) come from its descriptor, the others' from the action
 * registry. verb NULL: nothing to ask. */
struct perm_need {
	const char *verb, *subresource;
	int mutates;
};
struct perm_need perm_need(enum action a);

/* Asks (once per context, verb, resource, namespace) about the actions the page offers. */
void perm_prefetch(struct page *pg);
/* Whether the server is still asked whether the change a may be made on pg's rows (the
 * answer makes the app dirty); 0 for pg NULL and for what changes nothing. */
int perm_pending(struct page *pg, enum action a);
/* 1, or 0 with why ("not allowed: delete pods in team-a"). */
int perm_allowed(struct page *pg, enum action a, char *why, size_t len);

#endif
