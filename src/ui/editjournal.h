/* The journal of the edits open on screen: each editor's text kept in the recovery folder
 * (util/recovery.h) at most a second behind the keystrokes, and written by the fatal
 * signal handlers (SIGHUP, SIGTERM, SIGSEGV, SIGBUS, SIGABRT) and on every way out, so that
 * no failure loses what was typed. Kept until the edit is applied or discarded. */
#ifndef KD_EDITJOURNAL_H
#define KD_EDITJOURNAL_H

#include <stddef.h>

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

/* Every open journal's latest prepared text written, from a fatal signal's handler
 * (async-signal-safe). */
void editjournal_write_all_signal_safe(void);

#endif
