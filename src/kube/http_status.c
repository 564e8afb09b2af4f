/* What a failed request means and when to try again: an HTTP status and its body, or
 * a curl error, as a sentence for the user (kd_err), and the backoff between retries. */
#define _POSIX_C_SOURCE 200809L
#include "kube/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/http_priv.h"

unsigned
http_backoff_ms(int attempt, long retry_after_s)
{
	if (retry_after_s > 0)
		return (unsigned)(retry_after_s > 60 ? 60 : retry_after_s) * 1000u;
	unsigned ms = 250u << (attempt > 5 ? 5 : attempt);
	if (ms > 8000)
		ms = 8000;
	/* +-20% so that many clients do not come back at the same moment */
	unsigned jitter = ms / 5;
	return ms - jitter + (unsigned)(rand() % (int)(2 * jitter + 1));
}

static const char *
http_reason_phrase(long status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Request Entity Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "Error";
	}
}

/* A short, printable excerpt of a body that is not a Status. */
static void
http_excerpt(const char *body, size_t len, char *out, size_t outlen)
{
	size_t j = 0;
	for (size_t i = 0; i < len && j + 1 < outlen && j < 160; i++) {
		unsigned char c = (unsigned char)body[i];
		if (c == '\n' || c == '\r') {
			if (j > 0)
				break;
			continue;
		}
		out[j++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	out[j] = '\0';
}

static void
http_trim_dot(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ' ' || s[n - 1] == '\n'))
		s[--n] = '\0';
}

int
http_status_error(long status, const char *body, size_t len, struct kd_err *err)
{
	if (status >= 200 && status < 300) {
		kd_err_clear(err);
		return 0;
	}
	char msg[360] = "";
	char causes[200] = "";
	cJSON *st = (body != NULL && len > 0) ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(st, "kind");
	if (cJSON_IsString(kind) && strcmp(kind->valuestring, "Status") == 0) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(st, "message");
		const cJSON *reason = cJSON_GetObjectItemCaseSensitive(st, "reason");
		if (cJSON_IsString(m) && m->valuestring[0] != '\0')
			snprintf(msg, sizeof msg, "%s", m->valuestring);
		else if (cJSON_IsString(reason))
			snprintf(msg, sizeof msg, "%s", reason->valuestring);
		const cJSON *det = cJSON_GetObjectItemCaseSensitive(st, "details");
		const cJSON *cs = cJSON_GetObjectItemCaseSensitive(det, "causes");
		const cJSON *c;
		size_t used = 0;
		cJSON_ArrayForEach(c, cs) {
			const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "field");
			const cJSON *cm = cJSON_GetObjectItemCaseSensitive(c, "message");
			if (!cJSON_IsString(cm) || used + 4 >= sizeof causes)
				continue;
			int w = snprintf(causes + used, sizeof causes - used, "%s%s%s%s",
			    used ? "; " : "", cJSON_IsString(f) ? f->valuestring : "",
			    cJSON_IsString(f) ? ": " : "", cm->valuestring);
			if (w > 0)
				used += (size_t)w < sizeof causes - used ? (size_t)w : sizeof causes - used - 1;
		}
	} else if (body != NULL && len > 0) {
		http_excerpt(body, len, msg, sizeof msg);
	}
	cJSON_Delete(st);
	http_trim_dot(msg);
	if (msg[0] == '\0')
		snprintf(msg, sizeof msg, "%ld %s", status, http_reason_phrase(status));
	if (err == NULL)
		return -1;

	switch (status) {
	case 400:
		kd_err_set(err, KD_ERR_INVALID, "The API server rejected the request: %s.", msg);
		break;
	case 401:
		kd_err_set(err, KD_ERR_AUTH, "The API server did not accept the credentials (401 "
		    "Unauthorized): %s. Check the user's token, certificate or plugin in kubeconfig, "
		    "or log in again.", msg);
		break;
	case 403:
		kd_err_set(err, KD_ERR_FORBIDDEN, "Not allowed: %s. Ask a cluster administrator "
		    "for this permission or use another context.", msg);
		break;
	case 404:
		kd_err_set(err, KD_ERR_NOTFOUND, "Not found: %s.", msg);
		break;
	case 405:
		kd_err_set(err, KD_ERR_INVALID, "The API server does not allow this here (405 "
		    "Method Not Allowed): %s.", msg);
		break;
	case 409:
		kd_err_set(err, KD_ERR_CONFLICT, "Conflict: %s. Someone else changed it; reload "
		    "and try again.", msg);
		break;
	case 410:
		kd_err_set(err, KD_ERR_GONE, "The API server no longer has this version (410 "
		    "Gone): %s.", msg);
		break;
	case 422:
		if (causes[0] != '\0')
			kd_err_set(err, KD_ERR_INVALID, "Invalid: %s. Fix: %s.", msg, causes);
		else
			kd_err_set(err, KD_ERR_INVALID, "Invalid: %s.", msg);
		break;
	case 429:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "The API server is overloaded and kept asking "
		    "to slow down (429 Too Many Requests): %s. Try again in a moment.", msg);
		break;
	default:
		if (status >= 500)
			kd_err_set(err, KD_ERR_UNAVAILABLE, "The API server failed (%ld %s): %s. "
			    "Try again in a moment.", status, http_reason_phrase(status), msg);
		else
			kd_err_set(err, KD_ERR_INVALID, "The API server refused the request (%ld "
			    "%s): %s.", status, http_reason_phrase(status), msg);
		break;
	}
	err->http_status = (int)status;
	return -1;
}

void
http_curl_error(CURLcode rc, const char *server, const char *detail, struct kd_err *err)
{
	const char *d = (detail != NULL && detail[0] != '\0') ? detail : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "Cannot find the API server's host %s (%s): "
		    "check the cluster's server address in kubeconfig, and DNS or VPN.", server, d);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "Cannot find the proxy for %s (%s): check "
		    "proxy-url in kubeconfig or the HTTPS_PROXY variable.", server, d);
		break;
	case CURLE_COULDNT_CONNECT:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "Cannot connect to the API server at %s (%s): "
		    "is the cluster running, and is the server address in kubeconfig right?",
		    server, d);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "The API server at %s did not answer in time "
		    "(%s): check the network or VPN.", server, d);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
	case CURLE_SSL_CACERT:
#endif
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		kd_err_set(err, KD_ERR_TLS, "The API server at %s presented a certificate that "
		    "cannot be trusted (%s): check certificate-authority(-data) and tls-server-name "
		    "in kubeconfig.", server, d);
		break;
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
		kd_err_set(err, KD_ERR_TLS, "The client certificate or key for %s cannot be used "
		    "(%s): check client-certificate and client-key in kubeconfig.", server, d);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		kd_err_set(err, KD_ERR_TLS, "The TLS handshake with %s failed (%s): check that the "
		    "server address uses the right scheme and port, and the client certificate.",
		    server, d);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		kd_err_set(err, KD_ERR_CONFIG, "The cluster's server address %s cannot be used "
		    "(%s): fix server in kubeconfig.", server, d);
		break;
	default:
		kd_err_set(err, KD_ERR_UNAVAILABLE, "The connection to the API server at %s broke "
		    "(%s).", server, d);
		break;
	}
}
