/* Bearer token sources behind struct kauth (kube/kubeconfig.h has kauth_token and
 * kauth_invalidate): a static token, a token file re-read after a 401, or an exec
 * credential plugin (client.authentication.k8s.io/v1 and v1beta1) whose answer is cached
 * until its expirationTimestamp. Built by kcfg_resolve; tests build them directly. */
#ifndef KD_KAUTH_H
#define KD_KAUTH_H

#include <cjson/cJSON.h>
#include <time.h>

#include "kube/kubeconfig.h"

enum kauth_interactive { KAUTH_NEVER, KAUTH_IF_AVAILABLE, KAUTH_ALWAYS };

struct kauth_exec {
	char *api_version;          /* client.authentication.k8s.io/v1 or /v1beta1 */
	char **argv;                /* command then args, NULL-terminated */
	char **env;                 /* "NAME=value", NULL-terminated (may be NULL) */
	char *install_hint;         /* may be NULL */
	enum kauth_interactive interactive;
	cJSON *cluster;             /* spec.cluster for KUBERNETES_EXEC_INFO, NULL unless provideClusterInfo */
};

/* where: "FILE: user \"NAME\"", the start of every error sentence. Copies everything. */
struct kauth *kauth_new_static(const char *token, const char *where);
struct kauth *kauth_new_file(const char *path, const char *where);
struct kauth *kauth_new_exec(const struct kauth_exec *x, const char *where);
void kauth_free(struct kauth **a);

/* Test hooks: the plugin's time limit (default 60 s; KDECK_EXEC_TIMEOUT_MS overrides),
 * whether stdin counts as a terminal (-1: ask isatty), and how often the plugin ran. */
void kauth_set_timeout(struct kauth *a, int ms);
/* What a plugin's ExecCredential (its stdout, out) gives: a token, or a certificate and
 * key, and when it expires (0: never). Checks kind, apiVersion (the kubeconfig's) and
 * status; -1 with a sentence starting with where and naming cmd. Clear with
 * kauth_cred_clear (it wipes the secrets). */
struct kauth_cred {
	char *token, *cert, *key;
	time_t expiry;
};
int kauth_parse_credential(const char *out, const char *api_version, const char *where, const char *cmd,
    struct kauth_cred *c, struct kd_err *err);
void kauth_cred_clear(struct kauth_cred *c);
void kauth_set_tty(struct kauth *a, int is_tty);

/* On the loop. kauth_token runs a plugin to its end; a caller on the loop asks first
 * whether a run is needed (or one is running) and, if so, waits for it: cb(err, arg) is
 * called from a loop callback, never from inside kauth_wait, once the run ended
 * (err->code KD_OK: kauth_token now answers at once, else why there is no credential).
 * Every waiter shares the one run. An interactive plugin (interactiveMode Always, or
 * IfAvailable on a terminal) has the terminal while it runs: the terminal hook steps the
 * screen aside and the loop waits, as kubectl's prompt does. A kauth that waited on a
 * loop is freed (with its kconn) before the loop. */
struct loop;
struct kauth_waiter;
typedef void (*kauth_ready_cb)(const struct kd_err *err, void *arg);
int kauth_needs_run(const struct kauth *a, time_t now);
struct kauth_waiter *kauth_wait(struct kauth *a, struct kconn *conn, struct loop *l, kauth_ready_cb cb, void *arg);
/* Sets *w = NULL; cb is not called. */
void kauth_wait_cancel(struct kauth *a, struct kauth_waiter **w);
/* Whether a plugin is running for a now (the screen says so). */
int kauth_running(const struct kauth *a);

/* Process-wide: changed() when a plugin starts or ends (repaint), terminal(1) before an
 * interactive plugin takes the terminal and terminal(0) after. */
struct kauth_hooks {
	void (*changed)(void *arg);
	void (*terminal)(int take, const char *who, void *arg);   /* who: "FILE: user \"NAME\"" */
	void *arg;
};
void kauth_set_hooks(const struct kauth_hooks *h);
int kauth_runs(const struct kauth *a);

#endif
