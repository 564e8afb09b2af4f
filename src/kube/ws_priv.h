/* What the two sides of a WebSocket share: ws.c (the loop thread's side) and ws_lws.c
 * (the lws thread's side); see ws.c for who may touch what, and when. Nothing outside
 * kube/ws*.c (and tests/unit/test_exec.c, for the bounds) includes it. */
#ifndef KD_WS_PRIV_H
#define KD_WS_PRIV_H

#include <libwebsockets.h>
#include <pthread.h>
#include <stddef.h>

#include "kube/ws.h"
#include "util/err.h"

/* Messages in a byte buffer, each as its length (a size_t) then its bytes: one allocation for
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
	struct kd_err too_big;  /* why the socket was closed: a message over the bound */
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
	int hold;               /* loop thread only: ws_hold, no on_message until released */
	/* loop thread only: waiting for the credential plugin (not yet on the lws side), and
	 * what it waits with; a ws that failed there stays unstarted until ws_free */
	int unstarted;
	struct kconn *conn;
	struct kauth_waiter *waiter;
	struct ws *todo_next;
};

/* The one lws context and its thread. */
struct ws_engine {
	pthread_mutex_t lock;
	pthread_t thread;
	int running, stop;
	struct lws_context *ctx;
	struct ws *todo;
	unsigned next_id;
};
extern struct ws_engine ws_eng;

/* Appends data to b; framed: as one message (a 4-byte length, then the bytes). */
/* A framed message in rx, dl and tx: its length (a size_t), then its bytes. */
#define WS_FRAME_HDR sizeof(size_t)
void ws_buf_put(struct ws_buf *b, const void *data, size_t len, int framed);
/* The next whole framed message from b->off (1, and b->off past it), or 0 when none is
 * left. */
int ws_buf_take(struct ws_buf *b, const unsigned char **msg, size_t *len);
/* Appends one received fragment to msg unless the message would pass max bytes: then -1
 * with err's sentence, and msg unchanged. */
int ws_rxmsg_add(struct ws_buf *msg, const void *in, size_t len, size_t max, struct kd_err *err);
void ws_buf_free(struct ws_buf *b);
/* Under the lock: drops one hold; *freeit says whether w must now be destroyed. */
void ws_unref_locked(struct ws *w, int *freeit);
void ws_destroy(struct ws *w);
/* Drops one hold, taking the lock, and destroys w when it was the last. */
void ws_unref(struct ws *w);
/* Under the lock: makes sure a delivery to the loop thread is on its way. */
void ws_post_locked(struct ws *w);
/* Starts the lws context and thread once. Returns 0 or -1 with err. */
int ws_engine_start(struct kd_err *err);

#endif
