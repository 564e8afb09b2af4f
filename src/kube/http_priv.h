/* What http.c and http_status.c share; nothing outside kube/http*.c includes it. */
#ifndef KD_HTTP_PRIV_H
#define KD_HTTP_PRIV_H

#include <curl/curl.h>

#include "util/err.h"

/* Turns a failed transfer into err: what broke (DNS, proxy, connect, timeout, TLS, the
 * server address) and what to check; detail (curl's error buffer) when set, else curl's
 * own text for rc. */
void http_curl_error(CURLcode rc, const char *server, const char *detail, struct kd_err *err);

#endif
