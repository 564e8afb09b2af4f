/* Port-forward over the WebSocket port-forward protocol (kubectl's websocket dialer,
 * subprotocol v4.channel.k8s.io on pods/POD/portforward?ports=P): a listener on
 * 127.0.0.1, and for every local TCP connection one WebSocket. Each forwarded port has
 * two channels, data (2*i) and error (2*i+1); the first message on each carries the
 * port number as two bytes, little-endian, and is not data. Bytes for the pod go out as
 * channel 0 messages; an error channel message after the port is the kubelet's reason
 * (nothing listens on that port in the pod) and ends that connection.
 * Everything runs on the loop's thread; nothing blocks it. */
#ifndef KD_PORTFORWARD_H
#define KD_PORTFORWARD_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct loop;
struct kconn;
struct pfwd;

#define PFWD_PROTOCOLS "v4.channel.k8s.io,portforward.k8s.io"

/* local: the port to listen on; 0 any free one; -1 the same as remote when free, else any.
 * conn is borrowed and must outlive the forward. NULL with err when it cannot listen. */
struct pfwd *pfwd_new(struct loop *l, struct kconn *conn, const char *ns, const char *pod,
    int remote, int local, struct kd_err *err);
/* Stops listening, closes every connection. Accepts NULL. */
void pfwd_free(struct pfwd **p);

/* Whether 127.0.0.1:port can be listened on now (a socket bound and closed): 0, or
 * PFWD_PORT_ROOT (below the first unprivileged port, and kdeck may not bind it) or
 * PFWD_PORT_BUSY (something listens there) or PFWD_PORT_OTHER, with why a sentence
 * ("local port 80 needs root (it is below 1024)"). The first unprivileged port is
 * /proc/sys/net/ipv4/ip_unprivileged_port_start's (1024 when unreadable);
 * KDECK_UNPRIVILEGED_PORT_START sets it and makes kdeck treat the ports below it as
 * needing root even when it could bind them (as root: for tests). */
enum { PFWD_PORT_FREE, PFWD_PORT_ROOT, PFWD_PORT_BUSY, PFWD_PORT_OTHER };
int pfwd_port_check(int port, char *why, size_t len);
/* The first unprivileged port (see pfwd_port_check). */
int pfwd_port_unprivileged_start(void);
/* A local port to offer instead of want: for one needing root want+8000 (8080 for 80,
 * 8443 for 443), else want+1; the first free one from there, else any free one (0 when
 * none can be had). */
int pfwd_port_propose(int want);

int pfwd_local_port(const struct pfwd *p);
int pfwd_remote_port(const struct pfwd *p);
const char *pfwd_pod(const struct pfwd *p);
const char *pfwd_ns(const struct pfwd *p);
unsigned pfwd_active(const struct pfwd *p);          /* connections open now */
unsigned long pfwd_total(const struct pfwd *p);       /* connections accepted so far */
uint64_t pfwd_bytes_in(const struct pfwd *p);        /* from the pod */
uint64_t pfwd_bytes_out(const struct pfwd *p);       /* to the pod */
/* The last connection's failure ("" when none): the upgrade refused, the pod's port closed. */
const char *pfwd_last_error(const struct pfwd *p);
/* Called (on the loop's thread) when something changed: a connection, an error. */
void pfwd_set_notify(struct pfwd *p, void (*cb)(struct pfwd *p, void *arg), void *arg);

/* Bytes from the pod a connection holds for a slow local client before it stops taking
 * more from the WebSocket (ws_hold); it takes them again below half of it. */
#define PFWD_CONN_OUT_HIGH (4u << 20)

/* ---- seams for tests and fuzzing ---- */

struct pfconn;
/* A connection of p on the local socket fd (non-blocking; closed with it) that has no
 * WebSocket: its messages come from pfwd_conn_message. Freed by pfwd_free or when the
 * local side is gone. */
struct pfconn *pfwd_conn_fake(struct pfwd *p, int fd);
/* One WebSocket message as the server sent it (channel byte, port frame, data). The
 * connection may end in it (an error from the pod, the local side gone): pfwd_active
 * then drops by one and c is freed. */
void pfwd_conn_message(struct pfconn *c, const unsigned char *buf, size_t len);
void pfwd_conn_free(struct pfconn **c);   /* accepts NULL */
int pfwd_conn_held(const struct pfconn *c);          /* back-pressure is on */
size_t pfwd_conn_queued(const struct pfconn *c);     /* bytes waiting for the local client */

/* ---- the codec, pure (tests) ---- */

/* The request path: /api/v1/namespaces/NS/pods/POD/portforward?ports=P. Caller frees. */
char *pfwd_path(const char *ns, const char *pod, int port);
/* The port a channel's first message announces (two bytes, little-endian), or -1. */
int pfwd_port_frame(const unsigned char *buf, size_t len);

#endif
