/* The audit webhook's spool: the journal lines still to be POSTed, in order, in
 * DIR/webhook-spool.jsonl, and how far delivery got in DIR/webhook-spool.state
 * ("offset N" and "dropped N", replaced atomically and synced after each delivery), so
 * that a kdeck restarted goes on where the last one stopped: a line is sent again at most
 * (its id lets the receiver drop the repeat), never lost. Every change is made under an
 * flock(2) of the spool, so several kdecks may append; one at a time delivers
 * (wspool_claim). Bounded: once max lines wait, a new line is not spooled but counted as
 * not delivered (it stays in the journal), and the count is kept until the spool drains. */
#ifndef KD_WEBHOOK_SPOOL_H
#define KD_WEBHOOK_SPOOL_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

struct wspool;

/* Opens (creating, private) the spool in dir with room for max lines (<= 0: 10000). NULL
 * with err when the folder or the file cannot be made. */
struct wspool *wspool_open(const char *dir, long max, struct kd_err *err);
void wspool_close(struct wspool **sp);

/* Appends line (len bytes, a newline at its end or not). 0 spooled; 1 the spool is full:
 * counted as not delivered; -1 with err when it cannot be written. */
int wspool_append(struct wspool *sp, const char *line, size_t len, struct kd_err *err);
/* The oldest line not delivered, without its newline, as a new string (*len its
 * length), and in *next where the one after it starts: 1; 0 when every line was
 * delivered; -1 with err. */
int wspool_peek(struct wspool *sp, char **line, size_t *len, off_t *next, struct kd_err *err);
/* The line peek gave (ending at next) was delivered: the offset is persisted, and the
 * spool emptied once every line was. 0, or -1 with err. */
int wspool_ack(struct wspool *sp, off_t next, struct kd_err *err);
/* Lines waiting, and lines not spooled because it was full (since it last drained). */
long wspool_pending(struct wspool *sp);
long wspool_dropped(struct wspool *sp);
/* Forgets the count of lines not spooled (once it was said). */
void wspool_forget_dropped(struct wspool *sp);
/* Whether this process delivers: it holds DIR/webhook-spool.lock (another kdeck on the
 * same spool does meanwhile). Tried again on each call until it is had; 1 or 0. */
int wspool_claim(struct wspool *sp);

#endif
