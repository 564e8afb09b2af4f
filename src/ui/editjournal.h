/* The journal of the edits open on screen: each editor's text kept in the recovery folder
 * (util/recovery.h) at most a second behind the keystrokes, and written by the fatal
 * signal handlers (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGQUIT; SIGHUP and SIGTERM come
 * through the loop: editjournal_flush_all) and on every way out, so that no failure loses
 * what was typed. Kept until the edit is applied or discarded. The writes (fsync) happen
 * on a thread of their own, so a slow disk does not stall the loop. */
#ifndef KD_EDITJOURNAL_H
#define KD_EDITJOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/recovery.h"

struct editjournal;
struct loop;

/* The text to journal now, as a new string (the editor's buffer joined). */
typedef char *(*editjournal_text_fn)(void *arg, size_t *len);

/* Starts journalling the edit described by m (copied), taking its text from text(arg)
 * when a write is due. dir NULL: the default folder. Never NULL. */
struct editjournal *editjournal_open(struct loop *loop, const char *dir,
    const struct recovery_meta *m, editjournal_text_fn text, void *arg);
/* The text changed: a write is due within a second (cheap: call it on every edit). */
void editjournal_touch(struct editjournal *j);
/* Writes now (before a save is sent, on the way out). 0, or -1 with err. */
int editjournal_flush(struct editjournal *j, struct kd_err *err);
/* The resourceVersion the text is now against (after a merge took a newer object). */
void editjournal_set_rv(struct editjournal *j, const char *rv);
/* Stops journalling: discard removes the file (the edit was applied, or the user threw
 * it away); else the file stays for :recover. Accepts NULL; sets *j = NULL. */
void editjournal_close(struct editjournal **j, int discard);

/* Whether the last write failed: 1 with err (the folder's problem, for the flash line),
 * else 0. */
int editjournal_failed(struct editjournal *j, struct kd_err *err);
/* When the pending write is due (loop_now_ms), 0 when none is. */
uint64_t editjournal_due_ms(const struct editjournal *j);
/* Whether a write is still going on (in the writing thread). */
int editjournal_busy(struct editjournal *j);
/* Every open journal written now: on SIGHUP and SIGTERM, or the terminal gone. */
void editjournal_flush_all(void);

/* Every open journal's latest prepared text written, from a fatal signal's handler
 * (async-signal-safe). */
void editjournal_write_all_signal_safe(void);

#endif
