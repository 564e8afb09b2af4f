/* kubeconfig as kubectl reads it: KUBECONFIG lists merged by kubectl's rules (first file
 * to set a map key wins; current-context from the first file that sets it), ~/.kube/config
 * by default, relative paths resolved against the file that names them.
 *
 * A context resolves to a struct kconn: everything needed to talk to its API server.
 * Credentials in a kconn are secrets: never log them, free them with xfree_secret. */
#ifndef KD_KUBECONFIG_H
#define KD_KUBECONFIG_H

#include <stddef.h>
#include <time.h>

#include "util/err.h"

struct kcfg;   /* a merged kubeconfig */
struct kauth;  /* where a bearer token comes from: static, file, exec plugin */

/* Loads and merges. path: --kubeconfig (wins over KUBECONFIG), or NULL. Returns a new
 * kcfg, or NULL with err set to a sentence naming the file, the key and what to do. */
struct kcfg *kcfg_load(const char *path, struct kd_err *err);
void kcfg_free(struct kcfg **cfg);

size_t kcfg_context_count(const struct kcfg *cfg);
const char *kcfg_context_name(const struct kcfg *cfg, size_t i);  /* borrowed */
const char *kcfg_current_context(const struct kcfg *cfg);         /* borrowed, may be NULL */

struct kconn {
	char *context;          /* context name */
	char *cluster;          /* cluster entry name */
	char *user;             /* user entry name */
	char *namespace;        /* the context's namespace, "default" when unset */
	char *server;           /* https://host:port[/prefix], no trailing slash */
	char *ca_pem;           /* CA bundle (PEM) from certificate-authority(-data); NULL: system store */
	int insecure;           /* insecure-skip-tls-verify */
	char *tls_server_name;  /* NULL when unset */
	char *proxy_url;        /* NULL when unset */
	char *client_cert_pem;  /* client-certificate(-data), NULL when unset */
	char *client_key_pem;   /* secret */
	char *username;         /* basic auth, NULL when unset */
	char *password;         /* secret */
	struct kauth *auth;     /* bearer token source, NULL when the user has none */
	char *auth_method;      /* "token", "token-file", "exec", "client-cert", "basic", "none" */
};

/* Resolves a context (NULL: the current one). Reads certificate files now, so an
 * unreadable file is reported here. Returns a new kconn or NULL with err set. */
struct kconn *kcfg_resolve(const struct kcfg *cfg, const char *context, struct kd_err *err);
void kconn_free(struct kconn **conn);

/* The bearer token to send, or NULL when there is none. Runs the exec plugin when there
 * is no cached credential or it expired (now >= expirationTimestamp). The plugin's
 * clientCertificateData/clientKeyData, when given, replace conn's client cert and key.
 * Returns 0, or -1 with err set (plugin missing: its installHint; failing: its stderr's
 * first line). The returned pointer is owned by auth and valid until the next call. */
int kauth_token(struct kauth *auth, struct kconn *conn, time_t now, const char **token,
    struct kd_err *err);
/* Forgets a cached credential: the next kauth_token re-runs the plugin or re-reads the
 * token file. Called on 401. */
void kauth_invalidate(struct kauth *auth);

#endif
