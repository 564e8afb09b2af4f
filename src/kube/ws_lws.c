/* The lws thread's side of WebSocket connections: the one libwebsockets context and its
 * thread, connecting, writing, reading and closing sockets; see ws.c for what the
 * two threads share and how. */
#define _POSIX_C_SOURCE 200809L
#include "kube/ws.h"

#include <libwebsockets.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kube/ws_priv.h"
#include "log.h"
#include "util/xmalloc.h"

struct ws_engine ws_eng = { .lock = PTHREAD_MUTEX_INITIALIZER };

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
int
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
	if (w->tx.off + WS_FRAME_HDR > w->tx.len) {
		w->tx.off = w->tx.len = 0;
		pthread_mutex_unlock(&ws_eng.lock);
		return 0;
	}
	size_t n;
	memcpy(&n, w->tx.p + w->tx.off, WS_FRAME_HDR);
	if (w->txcap < LWS_PRE + n) {
		w->txcap = LWS_PRE + n;
		w->txscratch = xrealloc(w->txscratch, w->txcap);
	}
	memcpy(w->txscratch + LWS_PRE, w->tx.p + w->tx.off + WS_FRAME_HDR, n);
	w->tx.off += WS_FRAME_HDR + n;
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
		if (ws_rxmsg_add(&w->rxmsg, in, len, ws_max_message_bytes(), &err) != 0) {
			/* a peer that never ends its message would grow rxmsg for ever */
			log_warn("websocket %s:%d%s: %s", w->address, w->port, w->path, err.msg);
			ws_buf_free(&w->rxmsg);
			w->too_big = err;
			return -1;
		}
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
		ws_finish(w, w->too_big.code != KD_OK ? &w->too_big : &err);
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
