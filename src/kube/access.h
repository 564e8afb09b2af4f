/* What the user may do on one cluster: SelfSubjectAccessReview answers, asked once per
 * question (verb, group, resource, subresource, namespace) and kept, so a screen can draw
 * a disabled action with its reason instead of sending a change that will be refused. */
#ifndef KD_ACCESS_H
#define KD_ACCESS_H

#include <stddef.h>

struct api;
struct api_access;
struct access;

enum access_answer { ACCESS_NOT_ASKED, ACCESS_PENDING, ACCESS_YES, ACCESS_NO, ACCESS_UNKNOWN };

typedef void (*access_cb)(void *arg);

/* The answers of a's cluster; a is borrowed and must outlive it. */
struct access *access_new(struct api *a);
/* Cancels the questions still out (no callbacks). */
void access_free(struct access **ac);
/* Asks q unless it was asked already; changed(arg) runs when the answer arrives. */
void access_ask(struct access *ac, const struct api_access *q, access_cb changed, void *arg);
/* The answer so far; reason (may be NULL) gets the server's reason for a no. */
enum access_answer access_answer(const struct access *ac, const struct api_access *q,
    char *reason, size_t len);
/* Whether a change may do q, before it is sent: 1 when allowed (by q's namespace, or by a
 * yes for every namespace, as a list across them asks), also when the review could not be
 * answered (the server still decides); 0 when refused, why "WHAT is disabled: not allowed
 * to VERB RESOURCE[/SUB][ in NS]"; -1 while the answer is a round trip away, q asked
 * (once), why "still asking CONTEXT whether you may VERB RESOURCE[/SUB] (try again in a
 * moment)". what names the change ("scale", "helm rollback"). */
int access_may(struct access *ac, const struct api_access *q, const char *what, char *why,
    size_t len);
/* woke(arg) runs once, when the next answer to any question comes in: for a screen whose
 * check (access_may, through an operation's) said -1, to check again then. Once per arg
 * and woke however often it is asked. */
void access_wake(struct access *ac, access_cb woke, void *arg);
/* Forgets arg's wake-up (before arg is freed); none is fine. */
void access_wake_cancel(struct access *ac, void *arg);

#endif
