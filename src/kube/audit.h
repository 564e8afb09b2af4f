/* The audit journal: one JSON line per change kdeck sends to a cluster (written when its
 * answer arrives, with the outcome) and per shell, debug or port-forward session it opens,
 * appended to $XDG_STATE_HOME/kdeck/audit.jsonl (default ~/.local/state/kdeck/; file
 * 0600, folders 0700). A line is one write(2) on an O_APPEND descriptor, so two kdecks
 * never interleave. Never a token, a certificate, a password or a Secret value: a body
 * that holds Secret data (or a token review) is recorded as its SHA-256. Each line has
 * its own "id" (32 hex digits); a line written goes on to the webhook (kube/webhook.h). */
#ifndef KD_AUDIT_H
#define KD_AUDIT_H

#include <stddef.h>

#include "util/err.h"

struct api_ref;
struct kconn;

struct audit_entry {
	const char *context, *server, *user;
	const char *verb;            /* create, update, patch, delete; exec, attach, debug,
	                              * port-forward for sessions */
	const char *patch;           /* the patch type (strategic, merge, json, apply) or NULL */
	const struct api_ref *ref;
	int dry_run;
	int force;                   /* a server-side apply that takes fields over */
	const char *body;            /* the request's body or patch, or NULL */
	size_t body_len;
	long code;                   /* HTTP status; 0 when there was no answer */
	const char *message;         /* the outcome (the Status sentence), or NULL */
	const char *detail;          /* sessions: the command, the ports */
};

/* The journal's file: a new string. */
char *audit_path(void);
/* Whether a change may go out without a journal (config.yaml auditRequired: false). */
void audit_set_required(int required);
int audit_required(void);
/* Makes sure the journal can be appended to (creating folders and file). Returns 0, or
 * -1 with err saying "not sent: the audit journal ... cannot be written (...)" when it
 * cannot and the journal is required. */
int audit_check(struct kd_err *err);
/* Appends e as one line. Returns 0 or -1 with err set. */
int audit_write(const struct audit_entry *e, struct kd_err *err);
/* Remembers the user as the server of context knows them (from a SelfSubjectReview), for
 * sessions, which know only their connection. */
void audit_set_user(const char *context, const char *user);
const char *audit_user(const char *context);   /* borrowed, NULL when unknown */
/* Journals a session kdeck opened: kind "exec", "attach", "debug" or "port-forward" on
 * ref (a pod), detail saying what (a command, "127.0.0.1:8080 -> 80"). A failure is
 * logged, never fatal: the session is the user's own terminal. */
void audit_session(const char *context, const struct kconn *conn, const char *kind,
    const struct api_ref *ref, const char *detail);
/* Whether a body sent to ref must be hashed rather than recorded. */
int audit_is_secret(const struct api_ref *ref, const char *body, size_t len);

#endif
