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

#include <fcntl.h>
#include <libwebsockets.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kube/kauth.h"
#include "kube/kubeconfig.h"
#include "kube/ws_priv.h"
#include "loop.h"
#include "util/base64.h"
#include "util/xmalloc.h"

/* The bound on one received message (ws_set_max_message). */
static size_t ws_max_message = WS_MAX_MESSAGE;

void
ws_set_max_message(size_t bytes)
{
	ws_max_message = bytes > 0 ? bytes : WS_MAX_MESSAGE;
}

size_t
ws_max_message_bytes(void)
{
	return ws_max_message;
}

/* A framed message's length is a whole size_t: a message is never cut to 32 bits. */
void
ws_buf_put(struct ws_buf *b, const void *data, size_t len, int framed)
{
	size_t need = b->len + len + (framed ? WS_FRAME_HDR : 0);
	if (need > b->cap) {
		b->cap = b->cap ? b->cap : 4096;
		while (b->cap < need)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	if (framed) {
		memcpy(b->p + b->len, &len, WS_FRAME_HDR);
		b->len += WS_FRAME_HDR;
	}
	if (len > 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

int
ws_buf_take(struct ws_buf *b, const unsigned char **msg, size_t *len)
{
	if (b->off > b->len || b->len - b->off < WS_FRAME_HDR)
		return 0;
	size_t n;
	memcpy(&n, b->p + b->off, WS_FRAME_HDR);
	if (n > b->len - b->off - WS_FRAME_HDR) {
		b->off = b->len;   /* a frame cut short: nothing else in it is to be trusted */
		return 0;
	}
	*msg = b->p + b->off + WS_FRAME_HDR;
	*len = n;
	b->off += WS_FRAME_HDR + n;
	return 1;
}

int
ws_rxmsg_add(struct ws_buf *msg, const void *in, size_t len, size_t max, struct kd_err *err)
{
	if (len > max || msg->len > max - len) {
		kd_err_set(err, KD_ERR_INVALID, "the server sent a WebSocket message larger than "
		    "%zu KiB, kdeck's bound (maxWebSocketMessageMiB in config.yaml raises it); the "
		    "connection is closed", max >> 10);
		return -1;
	}
	ws_buf_put(msg, in, len, 0);
	return 0;
}

void
ws_buf_free(struct ws_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Under the lock. */
void
ws_unref_locked(struct ws *w, int *freeit)
{
	*freeit = --w->refs == 0;
}

void
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

void
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
	const unsigned char *m;
	size_t n;
	while (!w->hold && ws_buf_take(dl, &m, &n)) {
		/* owner_gone is only set by the owner, on this same thread */
		if (!w->owner_gone && w->cbs.on_message != NULL)
			w->cbs.on_message(w, m, n, w->arg);
		if (dl->off - start >= WS_DELIVER_BUDGET)
			break;
	}
	if (dl->off + WS_FRAME_HDR > dl->len)
		dl->off = dl->len;
	pthread_mutex_lock(&ws_eng.lock);
	if (w->hold) {
		/* the owner's peer is slow: the messages wait (and the socket stops being read
		 * once rx passes WS_RX_HIGH), the close after them; ws_hold(w, 0) posts again */
		if (close) {
			w->close_event = 1;
			close = 0;
		}
	} else if (dl->off < dl->len || w->rx.len > 0) {
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
void
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
	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
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

/* The credential, the certificate and CA files, then the lws side connects. waited: the
 * credential plugin just answered (its answer is used even if already expired). */
static int
ws_start(struct ws *w, struct kconn *conn, int waited, struct kd_err *err)
{
	if (conn->auth != NULL) {
		const char *tok = NULL;
		if (kauth_token(conn->auth, conn, waited ? 0 : time(NULL), &tok, err) != 0)
			return -1;
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
	if (w->tls && conn->ca_pem != NULL && !conn->insecure && ws_write_ca(w, conn->ca_pem, err) != 0)
		return -1;
	pthread_mutex_lock(&ws_eng.lock);
	if (ws_engine_start(err) != 0) {
		pthread_mutex_unlock(&ws_eng.lock);
		return -1;
	}
	w->id = ++ws_eng.next_id;
	w->refs = 2;   /* the owner and the lws side */
	w->want_connect = 1;
	w->want_write = w->tx.len > w->tx.off;
	ws_todo_locked(w);
	pthread_mutex_unlock(&ws_eng.lock);
	lws_cancel_service(ws_eng.ctx);
	return 0;
}

/* The plugin ended: connect now, or end with its sentence (on_close; ws_free frees). */
static void
ws_on_credential(const struct kd_err *perr, void *arg)
{
	struct ws *w = arg;
	w->waiter = NULL;
	struct kd_err err = *perr;
	if (err.code == KD_OK && ws_start(w, w->conn, 1, &err) == 0) {
		w->unstarted = 0;
		return;
	}
	w->delivered_close = 1;
	if (w->cbs.on_close != NULL)
		w->cbs.on_close(w, &err, w->arg);
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
	if (conn->auth != NULL && kauth_needs_run(conn->auth, time(NULL))) {
		/* the credential plugin runs on the loop; this connection waits for it */
		w->unstarted = 1;
		w->conn = conn;
		w->waiter = kauth_wait(conn->auth, conn, l, ws_on_credential, w);
		return w;
	}
	if (ws_start(w, conn, 0, err) != 0) {
		ws_destroy(w);
		return NULL;
	}
	return w;
}

int
ws_send(struct ws *w, const void *buf, size_t len)
{
	if (w->unstarted) {   /* sent once connected */
		if (w->delivered_close)
			return -1;
		ws_buf_put(&w->tx, buf, len, 1);
		return 0;
	}
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
ws_hold(struct ws *w, int hold)
{
	if (w == NULL || w->hold == !!hold)
		return;
	w->hold = !!hold;
	if (hold || w->unstarted)
		return;
	pthread_mutex_lock(&ws_eng.lock);
	if (!w->owner_gone)
		ws_post_locked(w);
	pthread_mutex_unlock(&ws_eng.lock);
}

int
ws_held(const struct ws *w)
{
	return w != NULL && w->hold;
}

void
ws_free(struct ws **wp)
{
	struct ws *w = *wp;
	if (w == NULL)
		return;
	*wp = NULL;
	if (w->unstarted) {   /* never on the lws side */
		kauth_wait_cancel(w->conn->auth, &w->waiter);
		ws_destroy(w);
		return;
	}
	pthread_mutex_lock(&ws_eng.lock);
	w->owner_gone = 1;
	/* A delivery not yet run would hold w past the loop's end (loop_free drops what
	 * it did not run): take it back with its hold. */
	if (w->posted && loop_post_cancel(w->loop, ws_deliver, w) > 0) {
		w->posted = 0;
		w->refs--;
	}
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
