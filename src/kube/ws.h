/* WebSocket client connections to an API server (exec, attach, port-forward).
 *
 * libwebsockets 4.1 cannot join an external poll loop, so every connection is served by
 * one lws thread (started on first use) and talks to the event loop's thread through
 * loop_post; the loop thread talks back through a locked queue and lws_cancel_service,
 * lws's one thread-safe call. See docs/websocket.md. Every callback below runs on the
 * loop's thread; nothing here blocks it.
 *
 * TLS, client certificates and credentials come from the struct kconn exactly as for REST:
 * the CA bundle (every certificate of it), insecure-skip-tls-verify, tls-server-name, a
 * bearer token from kauth_token (static, file or exec plugin) or basic auth. */
#ifndef KD_WS_H
#define KD_WS_H

#include <stddef.h>

#include "util/err.h"

struct loop;
struct kconn;
struct ws;

struct ws_cbs {
	/* The upgrade succeeded; protocol is the subprotocol the server chose ("" if none). */
	void (*on_open)(struct ws *w, const char *protocol, void *arg);
	/* One whole binary or text message. buf is valid during the call. */
	void (*on_message)(struct ws *w, const unsigned char *buf, size_t len, void *arg);
	/* The last callback: the connection ended (err->code KD_OK: closed after opening;
	 * else why it failed or dropped; err->http_status is the upgrade's answer when the
	 * server refused it). The handle stays valid until ws_free. */
	void (*on_close)(struct ws *w, const struct kd_err *err, void *arg);
};

struct ws_opts {
	const char *path;        /* "/api/v1/namespaces/NS/pods/P/exec?...", after the server's prefix */
	const char *protocols;   /* "v5.channel.k8s.io,v4.channel.k8s.io" */
	int ping_s;              /* pings every ping_s seconds (0: 5); hang up after 61 s of silence */
};

/* Starts connecting. conn is read now (token, certificates); it may go away after.
 * Returns NULL with err set when credentials cannot be had (the plugin failed) or the
 * server URL is not usable; connection failures arrive through on_close. */
struct ws *ws_open(struct loop *l, struct kconn *conn, const struct ws_opts *o,
    const struct ws_cbs *cbs, void *arg, struct kd_err *err);
/* Queues one binary message. Returns 0, or -1 when the connection is gone. */
int ws_send(struct ws *w, const void *buf, size_t len);
/* Bytes queued to send and not yet written (flow control for port-forward and paste). */
size_t ws_pending(struct ws *w);
/* Back-pressure from the owner's side: while held, no on_message is called; messages wait
 * and, past WS_RX_HIGH, the socket is not read (TCP pushes back on the server). Releasing
 * delivers what waited. For a local peer that reads slowly (port-forward). */
void ws_hold(struct ws *w, int hold);
int ws_held(const struct ws *w);
/* Closes (a normal close frame when open) and frees; no callback follows. Accepts NULL. */
void ws_free(struct ws **w);

/* Stops the lws thread and frees its context (tests and exit); later ws_open restart it. */
void ws_shutdown(void);

/* Received bytes before the loop thread reads them are bounded: above this the socket is
 * not read (TCP pushes back on the server). */
#define WS_RX_HIGH (2u << 20)
/* One received message may be at most this many bytes (ws_set_max_message; config.yaml's
 * maxWebSocketMessageMiB): a peer that never ends a message closes its connection with a
 * sentence instead of growing a buffer for ever. */
#define WS_MAX_MESSAGE (64u << 20)
void ws_set_max_message(size_t bytes);   /* 0: WS_MAX_MESSAGE */
size_t ws_max_message_bytes(void);
/* Bytes handed to callbacks per loop turn; the rest waits for the next turn. */
#define WS_DELIVER_BUDGET (256u << 10)

#endif
