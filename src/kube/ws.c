/* WebSocket connections served by one libwebsockets thread; see ws.h and docs/websocket.md.
 *
 * Two threads touch a struct ws: the loop thread (the owner: ws_open, ws_send, ws_free,
 * the callbacks) and the lws thread (the socket). Everything they share sits under one
 * mutex (ws_eng.lock):
 *   loop -> lws: the ws is put on ws_eng.todo and lws_cancel_service wakes the lws thread,
 *                whose LWS_CALLBACK_EVENT_WAIT_CANCELLED connects, asks for writable
 *                callbacks, closes or resumes reading;
 *   lws -> loop: bytes and events are appended to the ws and one loop_post per batch
 *                (ws->posted) delivers them on the loop thread.
 * A ws is freed when its three possible holders are gone: the owner (until ws_free), the
 * lws side (from ws_open until the socket is closed or never opened) and a pending post. */
#define _POSIX_C_SOURCE 200809L
#include "kube/ws.h"

#include <libwebsockets.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kube/kubeconfig.h"
#include "loop.h"
#include "util/base64.h"
#include "util/xmalloc.h"

/* Messages in a byte buffer, each as a 4-byte length then its bytes: one allocation for
 * a whole burst of output, swapped out whole by the reader. */
struct ws_buf {
	unsigned char *p;
	size_t len, cap, off;   /* off: the next unread byte (senders) */
};

struct ws {
	/* set once by ws_open, read by both threads */
	struct loop *loop;
	struct ws_cbs cbs;
	void *arg;
	char *address, *host, *path, *protocols, *auth;  /* auth: "Bearer ..." (secret) */
	char *cert_pem, *key_pem, *ca_file;
	int port, tls, insecure, ping_s;
	unsigned id;

	/* lws thread only */
	struct lws *wsi;
	struct lws_vhost *vhost;
	struct ws_buf rxmsg;    /* the message being received in fragments */
	unsigned char *txscratch;
	size_t txcap;
	lws_retry_bo_t retry;

	/* under ws_eng.lock */
	int refs;
	int owner_gone;         /* ws_free ran: no more callbacks */
	int lws_done;           /* the socket is closed (or never opened) */
	int on_todo;
	int want_connect, want_close, want_write, want_resume, rx_paused;
	struct ws_buf rx;       /* messages for the loop */
	struct ws_buf tx;       /* messages for the socket */
	int posted;
	int open_event;         /* on_open pending */
	char protocol[64];
	int close_event;        /* on_close pending */
	struct kd_err close_err;
	int delivered_close;    /* loop thread: on_close ran */
	/* loop thread only: the batch being delivered (off: the next message), swapped with rx
	 * once delivered, so neither side reallocates or copies a flood's bytes again */
	struct ws_buf dl;
	struct ws *todo_next;
};

static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	int running, stop;
	struct lws_context *ctx;
	struct ws *todo;
	unsigned next_id;
} ws_eng = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void
ws_buf_put(struct ws_buf *b, const void *data, size_t len, int framed)
{
	size_t need = b->len + len + (framed ? 4 : 0);
	if (need > b->cap) {
		b->cap = b->cap ? b->cap : 4096;
		while (b->cap < need)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (framed) {
		uint32_t n = (uint32_t)len;
		memcpy(b->p + b->len, &n, 4);
		b->len += 4;
	}
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void
ws_buf_free(struct ws_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Under the lock. */
static void
ws_unref_locked(struct ws *w, int *freeit)
{
	*freeit = --w->refs == 0;
}

static void
ws_destroy(struct ws *w)
{
	free(w->address);
	free(w->host);
	free(w->path);
	free(w->protocols);
	xfree_secret(&w->auth);
	free(w->cert_pem);
	xfree_secret(&w->key_pem);
	if (w->ca_file != NULL) {
		unlink(w->ca_file);
		free(w->ca_file);
	}
	ws_buf_free(&w->rxmsg);
	ws_buf_free(&w->rx);
	ws_buf_free(&w->dl);
	ws_buf_free(&w->tx);
	free(w->txscratch);
	free(w);
}

static void
ws_unref(struct ws *w)
{
	int f;
	pthread_mutex_lock(&ws_eng.lock);
	ws_unref_locked(w, &f);
	pthread_mutex_unlock(&ws_eng.lock);
	if (f)
		ws_destroy(w);
}

/* ---- the loop thread's side ---- */

static void ws_post_locked(struct ws *w);

/* Runs on the loop thread: hands over what the lws thread collected, at most
 * WS_DELIVER_BUDGET bytes a turn (a flood gives the loop back for keys, timers, drawing). */
static void
ws_deliver(void *arg)
{
	struct ws *w = arg;
	pthread_mutex_lock(&ws_eng.lock);
	w->posted = 0;
	int open = w->open_event, close = w->close_event, gone = w->owner_gone;
	char proto[64];
	memcpy(proto, w->protocol, sizeof(proto));
	struct kd_err err = w->close_err;
	w->open_event = w->close_event = 0;
	if (w->dl.off >= w->dl.len) {
		/* the last batch is delivered: take the new one, give its buffer back */
		struct ws_buf spare = w->dl;
		w->dl = w->rx;
		w->dl.off = 0;
		spare.len = spare.off = 0;
		if (spare.cap > (1u << 20) && w->dl.len < (64u << 10))
			ws_buf_free(&spare);   /* the flood is over */
		w->rx = spare;
	}
	if (w->rx_paused && !w->lws_done) {
		w->want_resume = 1;
		if (!w->on_todo) {
			w->on_todo = 1;
			w->todo_next = ws_eng.todo;
			ws_eng.todo = w;
			w->refs++;
		}
	}
	int resume = w->want_resume;
	pthread_mutex_unlock(&ws_eng.lock);
	if (resume && ws_eng.ctx != NULL)
		lws_cancel_service(ws_eng.ctx);

	if (!gone && open && w->cbs.on_open != NULL)
		w->cbs.on_open(w, proto, w->arg);
	struct ws_buf *dl = &w->dl;
	size_t start = dl->off;
	while (dl->off + 4 <= dl->len) {
		uint32_t n;
		memcpy(&n, dl->p + dl->off, 4);
		const unsigned char *m = dl->p + dl->off + 4;
		dl->off += 4 + (size_t)n;
		/* owner_gone is only set by the owner, on this same thread */
		if (!w->owner_gone && w->cbs.on_message != NULL)
			w->cbs.on_message(w, m, n, w->arg);
		if (dl->off - start >= WS_DELIVER_BUDGET)
			break;
	}
	if (dl->off + 4 > dl->len)
		dl->off = dl->len;
	pthread_mutex_lock(&ws_eng.lock);
	if (dl->off < dl->len || w->rx.len > 0) {
		/* more of the flood: the rest on the next turn, the close after it */
		if (close) {
			w->close_event = 1;
			close = 0;
		}
		if (!w->owner_gone)
			ws_post_locked(w);
	}
	pthread_mutex_unlock(&ws_eng.lock);
	if (close && !w->owner_gone && !w->delivered_close) {
		w->delivered_close = 1;
		if (w->cbs.on_close != NULL)
			w->cbs.on_close(w, &err, w->arg);
	}
	ws_unref(w);
}

/* Under the lock: makes sure a delivery is on its way. */
static void
ws_post_locked(struct ws *w)
{
	if (w->posted)
		return;
	w->posted = 1;
	w->refs++;
	loop_post(w->loop, ws_deliver, w);
}

/* Under the lock: asks the lws thread to look at w. */
static void
ws_todo_locked(struct ws *w)
{
	if (w->on_todo)
		return;
	w->on_todo = 1;
	w->refs++;
	w->todo_next = ws_eng.todo;
	ws_eng.todo = w;
}

static int ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len);

static const struct lws_protocols ws_protocols[] = {
	{ "kdeck-ws", ws_callback, 0, 65536, 0, NULL, 0 },
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

static void
ws_lws_log(int level, const char *line)
{
	(void)level;
	if (getenv("KDECK_LWS_DEBUG") != NULL)
		fputs(line, stderr);
}

static void *
ws_thread(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&ws_eng.lock);
		int stop = ws_eng.stop;
		pthread_mutex_unlock(&ws_eng.lock);
		if (stop)
			break;
		lws_service(ws_eng.ctx, 0);
	}
	return NULL;
}

/* Starts the lws context and thread once. Returns 0 or -1 with err. */
static int
ws_engine_start(struct kd_err *err)
{
	if (ws_eng.running)
		return 0;
	lws_set_log_level(getenv("KDECK_LWS_DEBUG") ? LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO |
	    LLL_CLIENT : 0, ws_lws_log);
	struct lws_context_creation_info info;
	memset(&info, 0, sizeof(info));
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = ws_protocols;   /* the default vhost receives the wake-ups */
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	info.pt_serv_buf_size = 64 * 1024;  /* long bearer tokens in the handshake */
	info.gid = -1;
	info.uid = -1;
	ws_eng.ctx = lws_create_context(&info);
	if (ws_eng.ctx == NULL)
		return kd_err_set(err, KD_ERR_INTERNAL, "libwebsockets could not start; exec and "
		    "port-forward are unavailable");
	ws_eng.stop = 0;
	if (pthread_create(&ws_eng.thread, NULL, ws_thread, NULL) != 0) {
		lws_context_destroy(ws_eng.ctx);
		ws_eng.ctx = NULL;
		return kd_err_set(err, KD_ERR_INTERNAL, "could not start the WebSocket thread");
	}
	ws_eng.running = 1;
	return 0;
}

void
ws_shutdown(void)
{
	if (!ws_eng.running)
		return;
	pthread_mutex_lock(&ws_eng.lock);
	ws_eng.stop = 1;
	pthread_mutex_unlock(&ws_eng.lock);
	lws_cancel_service(ws_eng.ctx);
	pthread_join(ws_eng.thread, NULL);
	lws_context_destroy(ws_eng.ctx);   /* closes what is left: CLIENT_CLOSED callbacks */
	ws_eng.ctx = NULL;
	ws_eng.running = 0;
	/* Whatever was still on the to-do list never reached the socket. */
	pthread_mutex_lock(&ws_eng.lock);
	struct ws *w = ws_eng.todo, *dead = NULL;
	ws_eng.todo = NULL;
	while (w != NULL) {
		struct ws *next = w->todo_next;
		int f;
		w->on_todo = 0;
		if (w->want_connect) {
			w->want_connect = 0;
			w->lws_done = 1;
			ws_unref_locked(w, &f);   /* the lws side's hold */
		}
		ws_unref_locked(w, &f);
		if (f) {
			w->todo_next = dead;
			dead = w;
		}
		w = next;
	}
	pthread_mutex_unlock(&ws_eng.lock);
	while (dead != NULL) {
		struct ws *next = dead->todo_next;
		ws_destroy(dead);
		dead = next;
	}
}

/* Splits "https://host:port/prefix". Returns 0 or -1. */
static int
ws_split_server(const char *server, struct ws *w)
{
	const char *p = strstr(server, "://");
	if (p == NULL)
		return -1;
	if ((size_t)(p - server) == 5 && strncmp(server, "https", 5) == 0)
		w->tls = 1;
	else if ((size_t)(p - server) == 4 && strncmp(server, "http", 4) == 0)
		w->tls = 0;
	else
		return -1;
	p += 3;
	const char *end = p + strcspn(p, "/");
	const char *colon = NULL;
	if (*p == '[') {   /* [v6]:port */
		const char *rb = memchr(p, ']', (size_t)(end - p));
		if (rb == NULL)
			return -1;
		w->address = xstrndup(p + 1, (size_t)(rb - p - 1));
		if (rb + 1 < end && rb[1] == ':')
			colon = rb + 1;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		w->address = xstrndup(p, (size_t)((colon ? colon : end) - p));
	}
	w->port = colon ? atoi(colon + 1) : (w->tls ? 443 : 80);
	if (w->port <= 0 || w->port > 65535 || w->address[0] == '\0')
		return -1;
	w->path = xstrdup(*end ? end : "");
	while (strlen(w->path) > 0 && w->path[strlen(w->path) - 1] == '/')
		w->path[strlen(w->path) - 1] = '\0';
	return 0;
}

/* The CA bundle goes to a private file: client_ssl_ca_mem would keep only its first
 * certificate, while a file is read whole by OpenSSL. */
static int
ws_write_ca(struct ws *w, const char *pem, struct kd_err *err)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/kdeck-ca-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);   /* mode 0600 */
	if (fd < 0) {
		kd_err_set(err, KD_ERR_IO, "could not write the cluster's CA bundle to %s for the "
		    "WebSocket connection; check TMPDIR", path);
		free(path);
		return -1;
	}
	size_t n = strlen(pem);
	int ok = write(fd, pem, n) == (ssize_t)n;
	close(fd);
	if (!ok) {
		unlink(path);
		free(path);
		return kd_err_set(err, KD_ERR_IO, "could not write the CA bundle (disk full?)");
	}
	w->ca_file = path;
	return 0;
}

struct ws *
ws_open(struct loop *l, struct kconn *conn, const struct ws_opts *o, const struct ws_cbs *cbs,
    void *arg, struct kd_err *err)
{
	struct ws *w = xcalloc(1, sizeof(*w));
	w->loop = l;
	w->cbs = *cbs;
	w->arg = arg;
	if (ws_split_server(conn->server, w) != 0) {
		kd_err_set(err, KD_ERR_CONFIG, "the server URL \"%s\" is not http(s)://host[:port]",
		    conn->server);
		ws_destroy(w);
		return NULL;
	}
	char *prefix = w->path;
	w->path = xasprintf("%s%s", prefix, o->path);
	free(prefix);
	w->host = xstrdup(conn->tls_server_name && *conn->tls_server_name ? conn->tls_server_name
	    : w->address);
	w->protocols = xstrdup(o->protocols ? o->protocols : "");
	w->insecure = conn->insecure;
	w->ping_s = o->ping_s > 0 ? o->ping_s : 5;
	if (conn->auth != NULL) {
		const char *tok = NULL;
		if (kauth_token(conn->auth, conn, time(NULL), &tok, err) != 0) {
			ws_destroy(w);
			return NULL;
		}
		if (tok != NULL && *tok)
			w->auth = xasprintf("Bearer %s", tok);
	} else if (conn->username != NULL) {
		char *up = xasprintf("%s:%s", conn->username, conn->password ? conn->password : "");
		char *b = base64_encode(up, strlen(up));
		w->auth = xasprintf("Basic %s", b);
		xfree_secret(&up);
		xfree_secret(&b);
	}
	/* after kauth_token: a plugin may have supplied the client certificate */
	if (w->tls && conn->client_cert_pem != NULL && conn->client_key_pem != NULL) {
		w->cert_pem = xstrdup(conn->client_cert_pem);
		w->key_pem = xstrdup(conn->client_key_pem);
	}
	if (w->tls && conn->ca_pem != NULL && !conn->insecure && ws_write_ca(w, conn->ca_pem, err) != 0) {
		ws_destroy(w);
		return NULL;
	}
	pthread_mutex_lock(&ws_eng.lock);
	if (ws_engine_start(err) != 0) {
		pthread_mutex_unlock(&ws_eng.lock);
		ws_destroy(w);
		return NULL;
	}
	w->id = ++ws_eng.next_id;
	w->refs = 2;   /* the owner and the lws side */
	w->want_connect = 1;
	ws_todo_locked(w);
	pthread_mutex_unlock(&ws_eng.lock);
	lws_cancel_service(ws_eng.ctx);
	return w;
}

int
ws_send(struct ws *w, const void *buf, size_t len)
{
	pthread_mutex_lock(&ws_eng.lock);
	if (w->lws_done || w->want_close) {
		pthread_mutex_unlock(&ws_eng.lock);
		return -1;
	}
	ws_buf_put(&w->tx, buf, len, 1);
	w->want_write = 1;
	ws_todo_locked(w);
	pthread_mutex_unlock(&ws_eng.lock);
	lws_cancel_service(ws_eng.ctx);
	return 0;
}

size_t
ws_pending(struct ws *w)
{
	pthread_mutex_lock(&ws_eng.lock);
	size_t n = w->tx.len - w->tx.off;
	pthread_mutex_unlock(&ws_eng.lock);
	return n;
}

void
ws_free(struct ws **wp)
{
	struct ws *w = *wp;
	if (w == NULL)
		return;
	*wp = NULL;
	pthread_mutex_lock(&ws_eng.lock);
	w->owner_gone = 1;
	int wake = 0;
	if (!w->lws_done) {
		w->want_close = 1;
		ws_todo_locked(w);
		wake = 1;
	}
	int f;
	ws_unref_locked(w, &f);
	pthread_mutex_unlock(&ws_eng.lock);
	if (wake && ws_eng.ctx != NULL)
		lws_cancel_service(ws_eng.ctx);
	if (f)
		ws_destroy(w);
}

/* ---- the lws thread's side ---- */

/* Under the lock: the socket is gone; tell the owner once, drop the lws side's hold. */
static void
ws_finish_locked(struct ws *w, const struct kd_err *err, int *freeit)
{
	*freeit = 0;
	if (w->lws_done)
		return;
	w->lws_done = 1;
	w->wsi = NULL;
	w->close_event = 1;
	w->close_err = *err;
	if (!w->owner_gone)
		ws_post_locked(w);
	ws_unref_locked(w, freeit);
}

static void
ws_finish(struct ws *w, const struct kd_err *err)
{
	struct lws_vhost *vh = w->vhost;
	w->vhost = NULL;
	int f;
	pthread_mutex_lock(&ws_eng.lock);
	ws_finish_locked(w, err, &f);
	pthread_mutex_unlock(&ws_eng.lock);
	if (vh != NULL)
		lws_vhost_destroy(vh);
	if (f)
		ws_destroy(w);
}

static void
ws_connect(struct ws *w)
{
	struct lws_context_creation_info vi;
	memset(&vi, 0, sizeof(vi));
	char name[32];
	snprintf(name, sizeof(name), "ws%u", w->id);
	vi.vhost_name = name;
	vi.port = CONTEXT_PORT_NO_LISTEN;
	vi.protocols = ws_protocols;
	vi.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if (w->cert_pem != NULL) {
		vi.client_ssl_cert_mem = w->cert_pem;
		vi.client_ssl_cert_mem_len = (unsigned)strlen(w->cert_pem);
		vi.client_ssl_key_mem = w->key_pem;
		vi.client_ssl_key_mem_len = (unsigned)strlen(w->key_pem);
	}
	if (w->ca_file != NULL)
		vi.client_ssl_ca_filepath = w->ca_file;
	struct kd_err err = { 0 };
	w->vhost = lws_create_vhost(ws_eng.ctx, &vi);
	if (w->ca_file != NULL) {
		unlink(w->ca_file);
		free(w->ca_file);
		w->ca_file = NULL;
	}
	if (w->vhost == NULL) {
		kd_err_set(&err, KD_ERR_TLS, "the TLS settings for %s could not be loaded (a broken "
		    "client certificate, key or CA in the kubeconfig?)", w->host);
		ws_finish(w, &err);
		return;
	}
	w->retry.secs_since_valid_ping = (uint16_t)w->ping_s;
	w->retry.secs_since_valid_hangup = 61;
	struct lws_client_connect_info ci;
	memset(&ci, 0, sizeof(ci));
	ci.context = ws_eng.ctx;
	ci.vhost = w->vhost;
	ci.address = w->address;
	ci.port = w->port;
	ci.path = w->path;
	ci.host = w->host;
	ci.origin = w->host;
	ci.protocol = w->protocols;
	ci.local_protocol_name = "kdeck-ws";
	ci.ietf_version_or_minus_one = -1;
	ci.opaque_user_data = w;
	ci.retry_and_idle_policy = &w->retry;
	if (w->tls) {
		ci.ssl_connection = LCCSCF_USE_SSL;
		if (w->insecure)
			ci.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
			    LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
	}
	ci.pwsi = &w->wsi;
	if (lws_client_connect_via_info(&ci) == NULL) {
		/* CONNECTION_ERROR may already have run and finished w */
		kd_err_set(&err, KD_ERR_UNAVAILABLE, "could not connect to %s:%d", w->address, w->port);
		ws_finish(w, &err);
	}
}

/* The wake-up: works through the to-do list. */
static void
ws_do_todo(void)
{
	pthread_mutex_lock(&ws_eng.lock);
	struct ws *list = ws_eng.todo;
	ws_eng.todo = NULL;
	pthread_mutex_unlock(&ws_eng.lock);
	while (list != NULL) {
		struct ws *w = list;
		list = w->todo_next;
		pthread_mutex_lock(&ws_eng.lock);
		w->on_todo = 0;
		int connect = w->want_connect, close = w->want_close, write = w->want_write;
		int resume = w->want_resume && w->rx_paused && w->rx.len < WS_RX_HIGH / 2;
		w->want_connect = w->want_write = 0;
		if (resume) {
			w->want_resume = 0;
			w->rx_paused = 0;
		}
		int done = w->lws_done;
		pthread_mutex_unlock(&ws_eng.lock);
		if (connect && !close)
			ws_connect(w);
		else if (connect && close) {
			struct kd_err e = { 0 };
			ws_finish(w, &e);
		} else if (!done && w->wsi != NULL) {
			if (close || write)
				lws_callback_on_writable(w->wsi);
			if (resume)
				lws_rx_flow_control(w->wsi, 1);
		}
		ws_unref(w);
	}
}

static int
ws_upgrade_error(struct ws *w, struct lws *wsi, const char *why, struct kd_err *err)
{
	int status = wsi ? (int)lws_http_client_http_response(wsi) : 0;
	enum kd_errcode code = KD_ERR_UNAVAILABLE;
	const char *what = NULL;
	switch (status) {
	case 400: code = KD_ERR_INVALID; what = "the server refused the request (400)"; break;
	case 401: code = KD_ERR_AUTH; what = "the credentials were refused (401): log in again"; break;
	case 403: code = KD_ERR_FORBIDDEN; what = "not allowed (403): your user may not do this"; break;
	case 404: code = KD_ERR_NOTFOUND; what = "not found (404): the pod or container is gone"; break;
	default: break;
	}
	if (what != NULL)
		kd_err_set(err, code, "%s", what);
	else if (status > 0)
		kd_err_set(err, code, "the server answered HTTP %d instead of a WebSocket upgrade", status);
	else
		kd_err_set(err, code, "could not connect to %s:%d: %s", w->address, w->port,
		    why && *why ? why : "connection failed");
	err->http_status = status;
	return -1;
}

static int
ws_write_one(struct ws *w, struct lws *wsi)
{
	pthread_mutex_lock(&ws_eng.lock);
	if (w->want_close) {
		pthread_mutex_unlock(&ws_eng.lock);
		lws_close_reason(wsi, LWS_CLOSE_STATUS_NORMAL, NULL, 0);
		return -1;
	}
	if (w->tx.off + 4 > w->tx.len) {
		w->tx.off = w->tx.len = 0;
		pthread_mutex_unlock(&ws_eng.lock);
		return 0;
	}
	uint32_t n;
	memcpy(&n, w->tx.p + w->tx.off, 4);
	if (w->txcap < LWS_PRE + n) {
		w->txcap = LWS_PRE + n;
		w->txscratch = xrealloc(w->txscratch, w->txcap);
	}
	memcpy(w->txscratch + LWS_PRE, w->tx.p + w->tx.off + 4, n);
	w->tx.off += 4 + n;
	int more = w->tx.off < w->tx.len;
	if (!more)
		w->tx.off = w->tx.len = 0;
	pthread_mutex_unlock(&ws_eng.lock);
	if (lws_write(wsi, w->txscratch + LWS_PRE, n, LWS_WRITE_BINARY) < (int)n)
		return -1;
	if (more)
		lws_callback_on_writable(wsi);
	return 0;
}

static int
ws_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in, size_t len)
{
	(void)user;
	struct ws *w = wsi ? lws_get_opaque_user_data(wsi) : NULL;
	struct kd_err err = { 0 };
	switch (reason) {
	case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
		ws_do_todo();
		return 0;
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
		if (w != NULL && w->auth != NULL) {
			unsigned char **p = in, *end = *p + len;
			if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_AUTHORIZATION,
			    (const unsigned char *)w->auth, (int)strlen(w->auth), p, end))
				return -1;
		}
		return 0;
	case LWS_CALLBACK_CLIENT_FILTER_PRE_ESTABLISH:
		/* the answer's headers are still there: the subprotocol the server chose */
		if (w != NULL) {
			pthread_mutex_lock(&ws_eng.lock);
			if (lws_hdr_copy(wsi, w->protocol, sizeof(w->protocol), WSI_TOKEN_PROTOCOL) < 0)
				w->protocol[0] = '\0';
			pthread_mutex_unlock(&ws_eng.lock);
		}
		return 0;
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (w == NULL)
			return -1;
		pthread_mutex_lock(&ws_eng.lock);
		w->open_event = 1;
		if (!w->owner_gone)
			ws_post_locked(w);
		int close = w->want_close, write = w->tx.len > 0;
		pthread_mutex_unlock(&ws_eng.lock);
		if (close || write)
			lws_callback_on_writable(wsi);
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		if (w == NULL)
			return -1;
		ws_buf_put(&w->rxmsg, in, len, 0);
		if (lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0) {
			pthread_mutex_lock(&ws_eng.lock);
			if (!w->owner_gone) {
				ws_buf_put(&w->rx, w->rxmsg.p, w->rxmsg.len, 1);
				ws_post_locked(w);
				if (w->rx.len > WS_RX_HIGH && !w->rx_paused) {
					w->rx_paused = 1;
					lws_rx_flow_control(wsi, 0);
				}
			}
			pthread_mutex_unlock(&ws_eng.lock);
			w->rxmsg.len = 0;
			if (w->rxmsg.cap > (1u << 20))
				ws_buf_free(&w->rxmsg);
		}
		return 0;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		if (w == NULL)
			return -1;
		return ws_write_one(w, wsi);
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		if (w == NULL)
			return 0;
		ws_upgrade_error(w, wsi, in ? (const char *)in : NULL, &err);
		lws_set_opaque_user_data(wsi, NULL);
		ws_finish(w, &err);
		return 0;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		return 0;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (w == NULL)
			return 0;
		lws_set_opaque_user_data(wsi, NULL);
		ws_finish(w, &err);
		return 0;
	case LWS_CALLBACK_WSI_DESTROY:
		/* a connection that ended before ESTABLISHED without CONNECTION_ERROR */
		if (w != NULL) {
			kd_err_set(&err, KD_ERR_UNAVAILABLE, "the connection to %s:%d closed during the "
			    "upgrade", w->address, w->port);
			lws_set_opaque_user_data(wsi, NULL);
			ws_finish(w, &err);
		}
		return 0;
	default:
		return 0;
	}
}
