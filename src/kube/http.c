#define _POSIX_C_SOURCE 200809L
#include "kube/http.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kube/http_priv.h"
#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "util/xmalloc.h"

struct http_sock {
	struct loop_fd *fd;
};

struct http {
	struct loop *loop;
	struct kconn *conn;
	CURLM *multi;
	struct loop_timer *timer;
	char *url_base;          /* scheme://host:port/prefix as curl is told */
	char *connect_to;        /* host:port:realhost:port with tls-server-name, else NULL */
	struct curl_slist *connect_to_list;
	struct http_req *reqs;   /* every live request */
	int in_curl;             /* inside curl_multi_socket_action: defer removals */
	int swept_cancelled;     /* a request was cancelled while in_curl */
	int deferred_adds;       /* a request was started while in_curl */
	unsigned long nrequests;
	unsigned long long nbytes;
};

struct http_req {
	struct http *h;
	struct http_req *next, *prev;
	CURL *easy;
	struct curl_slist *headers;
	char *body;              /* request body */
	char *resp;              /* response body */
	size_t resp_len, resp_cap;
	char errbuf[CURL_ERROR_SIZE];
	long retry_after;
	int stream;
	int discard;         /* a 2xx body is dropped (http_opts.discard) */
	int attempt, max_retries, retried_401;
	int retry_429_only;
	int added;               /* easy is in the multi */
	int add_deferred;        /* started inside a curl callback: added when curl returns */
	int cancelled;
	int in_done;
	struct kd_err early_err;  /* a credential that could not be had */
	char *accept, *ctype;     /* the request's Accept and Content-Type (NULL: none) */
	struct kauth_waiter *waiter;  /* waiting for the credential plugin */
	struct loop_timer *retry_timer;
	http_data_cb on_data;
	http_done_cb on_done;
	void (*on_retry)(long status, unsigned ms, void *arg);
	void (*arg_free)(void *arg);   /* the arg, freed when on_done is not called */
	void *arg;
};

static void http_drive(struct http *h, curl_socket_t s, int ev);
static void http_on_fd(int fd, int events, void *arg);

const char *
http_server(const struct http *h)
{
	return h->conn->server;
}

struct loop *
http_loop(const struct http *h)
{
	return h->loop;
}

void
http_stats(const struct http *h, unsigned long *requests, unsigned long long *bytes)
{
	if (requests)
		*requests = h->nrequests;
	if (bytes)
		*bytes = h->nbytes;
}

/* ---- curl glue -------------------------------------------------------------------- */

static size_t
http_on_header(char *buf, size_t size, size_t n, void *arg)
{
	struct http_req *r = arg;
	size_t len = size * n;
	if (len > 12 && strncasecmp(buf, "Retry-After:", 12) == 0) {
		char tmp[32];
		size_t l = len - 12 < sizeof tmp - 1 ? len - 12 : sizeof tmp - 1;
		memcpy(tmp, buf + 12, l);
		tmp[l] = '\0';
		long v = strtol(tmp, NULL, 10);
		r->retry_after = v > 0 ? v : 1;
	} else if (len > 5 && strncmp(buf, "HTTP/", 5) == 0) {
		r->retry_after = 0;   /* a new response (after a redirect or 100) */
	} else if (len <= 2 && r->stream && !r->cancelled) {
		/* the end of the headers: tell a 2xx stream it is open */
		long status = 0;
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300 && r->on_data(r, NULL, 0, r->arg) != 0) {
			r->cancelled = 1;
			return 0;
		}
	}
	return len;
}

static void
http_buf_add(struct http_req *r, const char *p, size_t n)
{
	if (r->resp_len + n + 1 > r->resp_cap) {
		size_t cap = r->resp_cap ? r->resp_cap : 16384;
		while (cap < r->resp_len + n + 1)
			cap *= 2;
		r->resp = xrealloc(r->resp, cap);
		r->resp_cap = cap;
	}
	memcpy(r->resp + r->resp_len, p, n);
	r->resp_len += n;
	r->resp[r->resp_len] = '\0';
}

static size_t
http_on_write(char *buf, size_t size, size_t n, void *arg)
{
	struct http_req *r = arg;
	size_t len = size * n;
	r->h->nbytes += len;
	if (r->cancelled)
		return 0;
	long status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	if (r->discard && status >= 200 && status < 300)
		return len;
	if (r->stream && status >= 200 && status < 300) {
		if (r->on_data(r, buf, len, r->arg) != 0) {
			r->cancelled = 1;
			return 0;
		}
		return len;
	}
	http_buf_add(r, buf, len);
	return len;
}

/* A connection is kdeck's alone: an exec plugin or any other child must not inherit it. */
static int
http_on_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)purpose;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return CURL_SOCKOPT_OK;
}

static int
http_on_socket(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct http *h = userp;
	struct http_sock *hs = socketp;
	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (hs != NULL) {
			loop_fd_del(h->loop, &hs->fd);
			free(hs);
			curl_multi_assign(h->multi, s, NULL);
		}
		return 0;
	}
	int ev = ((what & CURL_POLL_IN) ? LOOP_IN : 0) | ((what & CURL_POLL_OUT) ? LOOP_OUT : 0);
	if (hs == NULL) {
		hs = xcalloc(1, sizeof *hs);
		hs->fd = loop_fd_add(h->loop, s, ev, http_on_fd, h);
		curl_multi_assign(h->multi, s, hs);
	}
	loop_fd_set(hs->fd, ev);
	return 0;
}

static void
http_on_fd(int fd, int events, void *arg)
{
	int ev = ((events & LOOP_IN) ? CURL_CSELECT_IN : 0) |
	    ((events & LOOP_OUT) ? CURL_CSELECT_OUT : 0);
	http_drive(arg, fd, ev);
}

static void
http_on_timer(void *arg)
{
	struct http *h = arg;
	h->timer = NULL;
	http_drive(h, CURL_SOCKET_TIMEOUT, 0);
}

static int
http_on_curl_timer(CURLM *multi, long ms, void *userp)
{
	struct http *h = userp;
	(void)multi;
	loop_timer_cancel(h->loop, &h->timer);
	if (ms >= 0)
		h->timer = loop_timer_add(h->loop, (uint64_t)ms, http_on_timer, h);
	return 0;
}

static void
http_unlink(struct http_req *r)
{
	struct http *h = r->h;
	if (r->prev)
		r->prev->next = r->next;
	else
		h->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->next = r->prev = NULL;
}

static void
http_req_free(struct http_req *r)
{
	struct http *h = r->h;
	if (r->arg_free != NULL)
		r->arg_free(r->arg);
	if (r->added)
		curl_multi_remove_handle(h->multi, r->easy);
	loop_timer_cancel(h->loop, &r->retry_timer);
	if (r->waiter != NULL)
		kauth_wait_cancel(h->conn->auth, &r->waiter);
	http_unlink(r);
	curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	free(r->body);
	free(r->resp);
	free(r->accept);
	free(r->ctype);
	free(r);
}

/* Fills the request's headers with a fresh credential (now: kauth_token's clock, 0 for
 * the answer a plugin just gave). Returns -1 with err set when the credential cannot be
 * had (a failing exec plugin). */
static int
http_set_headers(struct http_req *r, time_t now, struct kd_err *err)
{
	struct http *h = r->h;
	const char *accept = r->accept, *ctype = r->ctype;
	struct curl_slist *l = NULL;
	char *line;
	if (accept != NULL) {
		line = xasprintf("Accept: %s", accept);
		l = curl_slist_append(l, line);
		free(line);
	}
	if (ctype != NULL) {
		line = xasprintf("Content-Type: %s", ctype);
		l = curl_slist_append(l, line);
		free(line);
	}
	l = curl_slist_append(l, "Expect:");
	if (h->conn->auth != NULL) {
		const char *tok = NULL;
		if (kauth_token(h->conn->auth, h->conn, now, &tok, err) != 0) {
			curl_slist_free_all(l);
			return -1;
		}
		if (tok != NULL && tok[0] != '\0') {
			line = xasprintf("Authorization: Bearer %s", tok);
			l = curl_slist_append(l, line);
			xfree_secret(&line);
		}
		/* the plugin may have handed out a client certificate */
		if (h->conn->client_cert_pem != NULL && h->conn->client_key_pem != NULL) {
			struct curl_blob c = { h->conn->client_cert_pem, strlen(h->conn->client_cert_pem), CURL_BLOB_COPY };
			struct curl_blob k = { h->conn->client_key_pem, strlen(h->conn->client_key_pem), CURL_BLOB_COPY };
			curl_easy_setopt(r->easy, CURLOPT_SSLCERT_BLOB, &c);
			curl_easy_setopt(r->easy, CURLOPT_SSLKEY_BLOB, &k);
		}
	}
	/* curl_slist keeps copies; the old list may go once curl is told about the new one */
	curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, l);
	if (r->headers != NULL) {
		for (struct curl_slist *p = r->headers; p; p = p->next)
			if (strncmp(p->data, "Authorization:", 14) == 0)
				memset(p->data, 0, strlen(p->data));
		curl_slist_free_all(r->headers);
	}
	r->headers = l;
	return 0;
}

static void
http_add(struct http_req *r)
{
	r->resp_len = 0;
	r->retry_after = 0;
	r->errbuf[0] = '\0';
	r->h->nrequests++;
	/* libcurl refuses a handle added from inside its own callbacks (a watch's data
	 * starting a request: CURLM_RECURSIVE_API_CALL), so such a request waits until
	 * curl_multi_socket_action returns */
	if (r->h->in_curl) {
		r->add_deferred = 1;
		r->h->deferred_adds = 1;
		return;
	}
	r->added = curl_multi_add_handle(r->h->multi, r->easy) == CURLM_OK;
}

char *
http_result_take_body(const struct http_result *res)
{
	/* every http_result handed to on_done is http_finish's own, not const */
	struct http_result *r = (struct http_result *)res;
	if (r->body == NULL || r->body_len == 0)
		return NULL;
	char *b = r->body;
	r->body = NULL;
	return b;
}

static void
http_finish(struct http_req *r, struct http_result *res)
{
	r->in_done = 1;
	r->arg_free = NULL;   /* on_done has arg now */
	if (r->on_done != NULL && !r->cancelled)
		r->on_done(r, res, r->arg);
	if (res->body == NULL)   /* taken (http_result_take_body) */
		r->resp = NULL;
	http_req_free(r);
}

static void
http_fail(struct http_req *r, const struct kd_err *err)
{
	static char empty[1];
	struct http_result res = { 0 };
	res.body = empty;
	res.err = *err;
	http_finish(r, &res);
}

static void http_on_credential(const struct kd_err *err, void *arg);

/* Sends r (again) with a fresh credential, or parks it until the credential plugin of its
 * cluster has run (every other request goes on meanwhile). -1 with err: no credential. */
static int
http_send(struct http_req *r, int waited, struct kd_err *err)
{
	struct http *h = r->h;
	if (!waited && h->conn->auth != NULL && kauth_needs_run(h->conn->auth, time(NULL))) {
		r->waiter = kauth_wait(h->conn->auth, h->conn, h->loop, http_on_credential, r);
		return 0;
	}
	if (http_set_headers(r, waited ? 0 : time(NULL), err) != 0)
		return -1;
	http_add(r);
	/* adding needs a kick: curl's timer callback will be called */
	return 0;
}

static void
http_on_credential(const struct kd_err *perr, void *arg)
{
	struct http_req *r = arg;
	r->waiter = NULL;
	struct kd_err err = *perr;
	if (err.code != KD_OK || http_send(r, 1, &err) != 0)
		http_fail(r, &err);
}

static void
http_on_retry(void *arg)
{
	struct http_req *r = arg;
	r->retry_timer = NULL;
	struct kd_err err = { 0 };
	/* the token may have expired while waiting */
	if (http_send(r, 0, &err) != 0)
		http_fail(r, &err);
}

static void
http_on_early(void *arg)
{
	struct http_req *r = arg;
	r->retry_timer = NULL;
	http_fail(r, &r->early_err);
}

static int
http_should_retry(const struct http_req *r, long status)
{
	if (r->attempt >= r->max_retries)
		return 0;
	if (status == 429)
		return 1;
	if (r->retry_429_only)
		return 0;
	return status == 500 || status == 502 || status == 503 || status == 504;
}

static void
http_done(struct http_req *r, CURLcode rc)
{
	struct http *h = r->h;
	long status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(h->multi, r->easy);
	r->added = 0;
	if (r->cancelled) {
		http_req_free(r);
		return;
	}
	struct http_result res = { 0 };
	res.status = status;
	if (r->resp == NULL)
		http_buf_add(r, "", 0);
	res.body = r->resp;
	res.body_len = r->resp_len;
	if (rc != CURLE_OK && !(status > 0 && r->resp_len > 0 && (status < 200 || status >= 300))) {
		http_curl_error(rc, h->conn->server, r->errbuf, &res.err);
		http_finish(r, &res);
		return;
	}
	if (status == 401 && h->conn->auth != NULL && !r->retried_401) {
		r->retried_401 = 1;
		kauth_invalidate(h->conn->auth);
		http_on_retry(r);
		return;
	}
	if (http_should_retry(r, status)) {
		unsigned ms = http_backoff_ms(r->attempt, r->retry_after);
		r->attempt++;
		r->retry_timer = loop_timer_add(h->loop, ms, http_on_retry, r);
		if (r->on_retry != NULL)
			r->on_retry(status, ms, r->arg);
		return;
	}
	http_status_error(status, res.body, res.body_len, &res.err);
	http_finish(r, &res);
}

static void
http_drive(struct http *h, curl_socket_t s, int ev)
{
	int running = 0;
	h->in_curl++;
	curl_multi_socket_action(h->multi, s, ev, &running);
	h->in_curl--;
	/* requests cancelled from inside a curl callback go now */
	if (h->swept_cancelled) {
		h->swept_cancelled = 0;
		struct http_req *r = h->reqs, *next;
		for (; r != NULL; r = next) {
			next = r->next;
			if (r->cancelled && !r->in_done)
				http_req_free(r);
		}
	}
	if (h->deferred_adds && h->in_curl == 0) {
		h->deferred_adds = 0;
		for (struct http_req *r = h->reqs; r != NULL; r = r->next) {
			if (!r->add_deferred || r->cancelled)
				continue;
			r->add_deferred = 0;
			r->added = curl_multi_add_handle(h->multi, r->easy) == CURLM_OK;
		}
	}
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct http_req *r = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		http_done(r, m->data.result);
	}
}

/* ---- public ---------------------------------------------------------------------- */

static void
http_split_server(const char *server, char **scheme, char **host, char **port, char **rest)
{
	const char *p = strstr(server, "://");
	const char *hs = p ? p + 3 : server;
	*scheme = p ? xstrndup(server, (size_t)(p - server)) : xstrdup("https");
	const char *slash = strchr(hs, '/');
	size_t hl = slash ? (size_t)(slash - hs) : strlen(hs);
	*rest = xstrdup(slash ? slash : "");
	const char *colon = NULL;
	if (hs[0] == '[') {
		const char *rb = memchr(hs, ']', hl);
		if (rb && (size_t)(rb - hs) + 1 < hl && rb[1] == ':')
			colon = rb + 1;
	} else {
		colon = memchr(hs, ':', hl);
	}
	if (colon) {
		*host = xstrndup(hs, (size_t)(colon - hs));
		*port = xstrndup(colon + 1, hl - (size_t)(colon - hs) - 1);
	} else {
		*host = xstrndup(hs, hl);
		*port = xstrdup(strcmp(*scheme, "http") == 0 ? "80" : "443");
	}
}

struct http *
http_new(struct loop *l, struct kconn *conn, struct kd_err *err)
{
	static int inited;
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			kd_err_set(err, KD_ERR_INTERNAL, "libcurl could not be initialised.");
			return NULL;
		}
		inited = 1;
		srand((unsigned)time(NULL) ^ (unsigned)loop_now_ms());
	}
	struct http *h = xcalloc(1, sizeof *h);
	h->loop = l;
	h->conn = conn;
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		free(h);
		kd_err_set(err, KD_ERR_INTERNAL, "libcurl could not be initialised.");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, http_on_socket);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, http_on_curl_timer);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	/* Each HTTP/1.1 watch holds a connection; keep a few idle ones for lists and gets. */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, 16L);

	char *scheme, *host, *port, *rest;
	http_split_server(conn->server, &scheme, &host, &port, &rest);
	if (conn->tls_server_name != NULL && conn->tls_server_name[0] != '\0' &&
	    strcmp(scheme, "https") == 0) {
		/* curl verifies and sends SNI for the URL's host: put tls-server-name there and
		 * connect to the real address. */
		h->url_base = xasprintf("https://%s:%s%s", conn->tls_server_name, port, rest);
		h->connect_to = xasprintf("%s:%s:%s:%s", conn->tls_server_name, port, host, port);
		h->connect_to_list = curl_slist_append(NULL, h->connect_to);
	} else {
		h->url_base = xstrdup(conn->server);
	}
	size_t bl = strlen(h->url_base);
	while (bl > 0 && h->url_base[bl - 1] == '/')
		h->url_base[--bl] = '\0';
	free(scheme);
	free(host);
	free(port);
	free(rest);
	return h;
}

void
http_free(struct http **hp)
{
	struct http *h = hp ? *hp : NULL;
	if (h == NULL)
		return;
	while (h->reqs != NULL)
		http_req_free(h->reqs);
	loop_timer_cancel(h->loop, &h->timer);
	curl_multi_cleanup(h->multi);   /* calls the socket callback with REMOVE */
	curl_slist_free_all(h->connect_to_list);
	free(h->connect_to);
	free(h->url_base);
	free(h);
	*hp = NULL;
}

struct http_req *
http_request(struct http *h, const struct http_opts *o, http_data_cb on_data,
    http_done_cb on_done, void *arg)
{
	struct http_req *r = xcalloc(1, sizeof *r);
	struct kconn *c = h->conn;
	r->h = h;
	r->on_data = on_data;
	r->on_done = on_done;
	r->arg = arg;
	r->on_retry = o->on_retry;
	r->arg_free = o->arg_free;
	r->stream = o->stream && on_data != NULL;
	r->discard = o->discard;
	const char *method = o->method ? o->method : "GET";
	int is_get = strcmp(method, "GET") == 0;
	r->max_retries = o->retries > 0 ? o->retries : o->retries < 0 ? 0 : 5;
	r->retry_429_only = !is_get;
	r->next = h->reqs;
	if (h->reqs)
		h->reqs->prev = r;
	h->reqs = r;

	CURL *e = r->easy = curl_easy_init();
	char *url = xasprintf("%s%s", h->url_base, o->path);
	curl_easy_setopt(e, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, http_on_sockopt);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "kdeck/0.1");
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 15L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 131072L);
	if (o->timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	else if (!o->stream)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 60000L);
	if (h->connect_to_list)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, h->connect_to_list);
	if (c->ca_pem != NULL) {
		struct curl_blob b = { c->ca_pem, strlen(c->ca_pem), CURL_BLOB_COPY };
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &b);
	}
	if (c->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->client_cert_pem != NULL && c->client_key_pem != NULL) {
		struct curl_blob cb = { c->client_cert_pem, strlen(c->client_cert_pem), CURL_BLOB_COPY };
		struct curl_blob kb = { c->client_key_pem, strlen(c->client_key_pem), CURL_BLOB_COPY };
		curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
		curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &cb);
		curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
		curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &kb);
	}
	if (c->proxy_url != NULL)
		curl_easy_setopt(e, CURLOPT_PROXY, c->proxy_url);
	if (c->username != NULL && c->auth == NULL) {
		curl_easy_setopt(e, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(e, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	if (!is_get)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	if (o->body != NULL) {
		r->body = xmalloc(o->body_len + 1);
		memcpy(r->body, o->body, o->body_len);
		r->body[o->body_len] = '\0';
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)o->body_len);
	}

	r->accept = xstrdup(o->accept ? o->accept : "application/json");
	r->ctype = o->body && o->content_type ? xstrdup(o->content_type) : NULL;
	struct kd_err err = { 0 };
	if (http_send(r, 0, &err) != 0) {
		/* reported on the next turn of the loop, never from inside http_request */
		r->early_err = err;
		r->retry_timer = loop_timer_add(h->loop, 0, http_on_early, r);
	}
	return r;
}

void
http_cancel(struct http_req **rp)
{
	struct http_req *r = rp ? *rp : NULL;
	if (r == NULL)
		return;
	*rp = NULL;
	if (r->in_done)
		return;   /* being finished; freed when on_done returns */
	r->cancelled = 1;
	if (r->h->in_curl) {
		r->h->swept_cancelled = 1;   /* freed when curl returns */
		return;
	}
	http_req_free(r);
}
