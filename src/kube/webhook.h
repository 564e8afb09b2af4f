/* The audit webhook (config.yaml auditWebhook: URL): each audit journal line is POSTed as
 * it is (a JSON object with its unique "id", so a receiver can drop a repeat) to the URL,
 * one at a time and in order, through the cluster HTTP client on the event loop, so the
 * screen never waits for it. Lines go through the spool (webhook_spool.h) in the state
 * folder; while the receiver is down they are tried again after 1 s, 2 s, 4 s ... up to
 * 60 s, and a kdeck restarted sends what the last one could not. One process at a time
 * delivers; others only spool. */
#ifndef KD_WEBHOOK_H
#define KD_WEBHOOK_H

#include <stddef.h>

#include "util/err.h"

struct loop;

/* Whether url is one the webhook sends to (http:// or https:// and a host). */
int webhook_url_ok(const char *url);
/* Starts delivering to url from the spool in the state folder (max lines, <= 0: 10000).
 * on_change runs (on the loop) when what webhook_status says changes. 0, or -1 with err. */
int webhook_start(struct loop *l, const char *url, long max, void (*on_change)(void *arg), void *arg,
    struct kd_err *err);
/* Only spools the journal's lines, for a kdeck without the event loop's screen (--exec):
 * the next one that delivers sends them. 0, or -1 with err. */
int webhook_spool_only(long max, struct kd_err *err);
/* Stops sending (what is spooled stays for the next start). */
void webhook_stop(void);
/* A line the journal just wrote (kube/audit.c): spooled when a webhook is started. */
void webhook_journal_line(const char *line, size_t len);
/* The header's words when delivery is behind or the spool is full ("audit: 12 lines
 * behind", "audit webhook spool full: 3 lines not delivered"), "" when it keeps up. */
void webhook_status(char *buf, size_t len);
/* The lines not spooled because it was full, since the last call (for the flash). */
long webhook_take_dropped(void);

/* The delay before try number attempt (1-based) after a failure: 1 s doubling to 60 s. */
unsigned webhook_backoff_ms(int attempt);

#endif
