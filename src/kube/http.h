/* Requests to one API server through libcurl's multi interface, driven by the event loop:
 * never blocking, HTTP/2 when the server offers it, gzip, keep-alive, connect timeouts,
 * cancellation, retries with backoff on 429 and 5xx (honouring Retry-After), one retry
 * with fresh credentials on 401, and every failure turned into a sentence (kd_err). */
#ifndef KD_HTTP_H
#define KD_HTTP_H

#include <stddef.h>

#include "util/err.h"

struct loop;
struct kconn;
struct http;
struct http_req;

struct http_result {
	long status;              /* HTTP status; 0 when there was no answer */
	char *body;               /* the body, NUL-terminated (empty for 2xx streams); the
	                           * callback may change it in place (it is freed after) or
	                           * take it (http_result_take_body) */
	size_t body_len;
	struct kd_err err;        /* KD_OK on 2xx, else the sentence for the user */
};

/* The body, the caller's from now on (free it): a large answer kept after on_done
 * without a copy. NULL when it is empty or was taken. Call it in on_done only. */
char *http_result_take_body(const struct http_result *res);

/* Streams only: a piece of a 2xx body as it arrives; first once with buf NULL and len 0
 * when the 2xx headers are in (the stream is open). Return 0 to go on, -1 to stop: the
 * request then ends without on_done and the caller forgets its handle. */
typedef int (*http_data_cb)(struct http_req *r, const char *buf, size_t len, void *arg);
/* The request ended (after retries). The handle is freed when this returns. */
typedef void (*http_done_cb)(struct http_req *r, const struct http_result *res, void *arg);

struct http_opts {
	const char *method;        /* NULL: GET */
	const char *path;          /* "/api/v1/pods?limit=500", appended to the server URL */
	const char *accept;        /* NULL: application/json */
	const char *content_type;  /* with a body */
	const char *body;          /* copied */
	size_t body_len;
	int stream;                /* deliver a 2xx body through on_data as it arrives */
	int discard;               /* a 2xx body counted and dropped: the caller does not
	                            * read it (body_len 0) */
	int timeout_ms;            /* the whole request; 0: 60 s, streams: none */
	int retries;               /* on 429/5xx; 0: the default (GET 5, others only 429);
	                            * -1: none */
	/* called (with the request's arg) when a 429 or 5xx answer is to be tried again in ms:
	 * the owner can say that what it shows is not current meanwhile. May be NULL. */
	void (*on_retry)(long status, unsigned ms, void *arg);
	/* frees the request's arg when it ends without on_done (cancelled, or its client
	 * freed), for an arg the request owns. May be NULL. */
	void (*arg_free)(void *arg);
};

/* A client for conn's server on loop l. conn is borrowed and must outlive the client.
 * Returns NULL with err set when libcurl cannot be set up. */
struct http *http_new(struct loop *l, struct kconn *conn, struct kd_err *err);
/* Cancels every outstanding request (no callbacks) and frees. */
void http_free(struct http **h);
const char *http_server(const struct http *h);   /* borrowed */
struct loop *http_loop(const struct http *h);
/* Requests started and bytes received so far (benchmarks and tests). */
void http_stats(const struct http *h, unsigned long *requests, unsigned long long *bytes);

/* Starts a request. Never fails: problems arrive through on_done. */
struct http_req *http_request(struct http *h, const struct http_opts *o, http_data_cb on_data,
    http_done_cb on_done, void *arg);
/* Stops a request; no callback follows. Accepts NULL; sets *r = NULL. */
void http_cancel(struct http_req **r);

/* Turns an HTTP failure and its body (a Kubernetes Status, or anything) into err.
 * Returns -1 (or 0 for a 2xx status). */
int http_status_error(long status, const char *body, size_t len, struct kd_err *err);
/* The delay before retry number attempt (0-based): Retry-After seconds when the server
 * sent them, else exponential backoff from 250 ms capped at 8 s, with jitter. */
unsigned http_backoff_ms(int attempt, long retry_after_s);

#endif
