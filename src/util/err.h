/* Errors as values. A failing function fills a struct kd_err with a sentence a user can
 * act on (what failed, where, what to do) and returns an error indicator; the caller
 * decides whether to show it. Details for the log go to log_*(), never secrets. */
#ifndef KD_ERR_H
#define KD_ERR_H

enum kd_errcode {
	KD_OK = 0,
	KD_ERR_CONFIG,      /* kubeconfig / config file problem */
	KD_ERR_IO,          /* file or socket */
	KD_ERR_AUTH,        /* 401, plugin failure, bad credentials */
	KD_ERR_FORBIDDEN,   /* 403 */
	KD_ERR_NOTFOUND,    /* 404 */
	KD_ERR_CONFLICT,    /* 409 */
	KD_ERR_GONE,        /* 410 */
	KD_ERR_INVALID,     /* 400, 422, parse errors */
	KD_ERR_UNAVAILABLE, /* connect refused, timeouts, 5xx, 429 after retries */
	KD_ERR_TLS,
	KD_ERR_INTERNAL,
};

struct kd_err {
	enum kd_errcode code;
	int http_status;  /* 0 when not an HTTP answer */
	char msg[512];    /* one sentence for the user */
};

/* Sets e (which may be NULL) and returns -1, so `return kd_err_set(...)` reads naturally. */
int kd_err_set(struct kd_err *e, enum kd_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void kd_err_clear(struct kd_err *e);

#endif
