/* The log: one file (--log-file), one threshold (--log-level), one line per event.
 * Nothing is logged until log_open names a file (the screen owns the terminal).
 *
 * Log lines never carry secrets: every line goes through log_redact first, which hides
 * bearer tokens and basic credentials in Authorization headers, token=/password= style
 * URL parameters and PEM private keys. Still, never pass a token or a Secret's data. */
#ifndef KD_LOG_H
#define KD_LOG_H

#include <stddef.h>

#include "util/err.h"

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Opens path for appending (NULL: no log) at level ("error", "warn", "info", "debug";
 * NULL: "info"). Returns 0, or -1 with err naming the file or the level. */
int log_open(const char *path, const char *level, struct kd_err *err);
void log_close(void);

/* Parses a level name: 0 and *out set, or -1. */
int log_level_parse(const char *name, enum log_level *out);
/* Whether a line at level would be written (skip building costly details otherwise). */
int log_enabled(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

/* A copy of s (the caller frees) with secrets replaced by "<redacted>": the credentials
 * of Authorization, Proxy-Authorization and Cookie headers (the scheme word stays:
 * "Authorization: Bearer <redacted>"), URL parameters such as token=, access_token=,
 * password= ("?token=<redacted>&x=1"), the password in "https://user:pw@host", JSON
 * members "token", "password", "clientKeyData" (however the JSON is indented), a
 * kubeconfig's "client-key-data:", "token:" and "password:" written as YAML, and PEM
 * private key blocks.
 * For headers and URLs that are logged or shown; log_msg applies it to every line. */
char *log_redact(const char *s);

#endif
