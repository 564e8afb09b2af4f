/* Port-forward; see portforward.h. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/exec.h"
#include "kube/kubeconfig.h"
#include "kube/portforward.h"
#include "kube/ws.h"
#include "log.h"
#include "util/sbuf.h"
#include "loop.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define PFWD_READ 65536
#define PFWD_OUT_HIGH PFWD_CONN_OUT_HIGH
#define PFWD_WS_HIGH (4u << 20)   /* stop reading the local socket above this many unsent bytes */

struct pfconn {
	struct pfwd *pf;
	int fd;
	struct loop_fd *lfd;
	struct ws *ws;
	int open;                 /* the upgrade succeeded */
	int port_seen[2];         /* the data and error channels' port messages */
	struct sbuf out;          /* bytes for the local socket, written up to outoff */
	size_t outoff;
	int ws_gone, local_eof;
	int held;                 /* the WebSocket is held: out is over PFWD_OUT_HIGH */
	struct loop_timer *retry; /* reading paused while the WebSocket's queue drains */
	struct pfconn *next;
};

struct pfwd {
	struct loop *loop;
	struct kconn *conn;
	char *ns, *pod;
	int remote, local;
	int lfd_sock;
	struct loop_fd *listen;
	struct pfconn *conns;
	unsigned active;
	unsigned long total;
	uint64_t in, out;
	char last_error[512];
	void (*notify)(struct pfwd *p, void *arg);
	void *notify_arg;
};

char *
pfwd_path(const char *ns, const char *pod, int port)
{
	char n[16];
	struct sbuf q = { 0 };
	snprintf(n, sizeof n, "%d", port);
	api_query_add(&q, "ports", n);
	struct api_ref ref = { .resource = "pods", .ns = ns, .name = pod, .subresource = "portforward" };
	char *p = api_path(&ref, q.s);
	free(q.s);
	return p;
}

int
pfwd_port_frame(const unsigned char *buf, size_t len)
{
	if (len < 2)
		return -1;
	return buf[0] | buf[1] << 8;
}

static void
pfwd_notify(struct pfwd *p)
{
	if (p->notify != NULL)
		p->notify(p, p->notify_arg);
}

static void pfconn_events(struct pfconn *c);

static void
pfconn_free(struct pfconn *c)
{
	struct pfwd *p = c->pf;
	for (struct pfconn **pp = &p->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	loop_timer_cancel(p->loop, &c->retry);
	if (c->lfd != NULL)
		loop_fd_del(p->loop, &c->lfd);
	if (c->fd >= 0)
		close(c->fd);
	ws_free(&c->ws);
	free(c->out.s);
	free(c);
	p->active--;
}

/* Writes what it can of out; 0, or -1 when the local side is gone. */
static int
pfconn_flush(struct pfconn *c)
{
	while (c->outoff < c->out.len) {
		ssize_t n = write(c->fd, c->out.s + c->outoff, c->out.len - c->outoff);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0)
			return -1;
		c->outoff += (size_t)n;
	}
	c->outoff = c->out.len = 0;
	return 0;
}

/* Back-pressure towards the pod: while the local client has more than PFWD_OUT_HIGH bytes
 * to read, no more are taken from the WebSocket (which then stops reading its socket, and
 * TCP slows the server); below half of it they flow again. */
static void
pfconn_pressure(struct pfconn *c)
{
	size_t queued = c->out.len - c->outoff;
	if (!c->held && queued > PFWD_OUT_HIGH) {
		c->held = 1;
		log_warn("port-forward %s/%s:%d: the local client reads slowly (%zu KiB waiting); "
		    "reading from the pod pauses until it catches up", c->pf->ns, c->pf->pod,
		    c->pf->remote, queued >> 10);
		ws_hold(c->ws, 1);
	} else if (c->held && queued < PFWD_OUT_HIGH / 2) {
		c->held = 0;
		ws_hold(c->ws, 0);
	}
}

/* Ends the connection when both sides are done, else watches what is still needed. */
static void
pfconn_check(struct pfconn *c)
{
	if (c->ws_gone && c->outoff >= c->out.len) {
		struct pfwd *p = c->pf;
		pfconn_free(c);
		pfwd_notify(p);
		return;
	}
	pfconn_events(c);
}

static void
pfconn_retry(void *arg)
{
	struct pfconn *c = arg;
	c->retry = NULL;
	pfconn_events(c);
}

static void
pfconn_events(struct pfconn *c)
{
	int ev = 0;
	if (c->open && !c->ws_gone && !c->local_eof) {
		if (ws_pending(c->ws) < PFWD_WS_HIGH)
			ev |= LOOP_IN;
		else if (c->retry == NULL)
			c->retry = loop_timer_add(c->pf->loop, 20, pfconn_retry, c);
	}
	if (c->outoff < c->out.len)
		ev |= LOOP_OUT;
	loop_fd_set(c->lfd, ev);
	pfconn_pressure(c);
}

static void
pfconn_on_fd(int fd, int events, void *arg)
{
	struct pfconn *c = arg;
	struct pfwd *p = c->pf;
	(void)fd;
	if (events & LOOP_OUT) {
		if (pfconn_flush(c) != 0) {
			pfconn_free(c);
			pfwd_notify(p);
			return;
		}
	}
	if (events & LOOP_IN) {
		unsigned char buf[PFWD_READ + 1];
		ssize_t n = read(c->fd, buf + 1, PFWD_READ);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			n = -2;
		if (n > 0) {
			buf[0] = 0;   /* the first port's data channel */
			ws_send(c->ws, buf, (size_t)n + 1);
			p->out += (uint64_t)n;
		} else if (n == 0 || n == -1) {
			/* the local client is done: so is this stream (kubectl closes it the same way) */
			c->local_eof = 1;
			pfconn_free(c);
			pfwd_notify(p);
			return;
		}
	}
	pfconn_check(c);
}

static void
pfconn_on_open(struct ws *w, const char *protocol, void *arg)
{
	(void)w;
	struct pfconn *c = arg;
	c->open = 1;
	log_debug("port-forward %s/%s:%d open (%s)", c->pf->ns, c->pf->pod, c->pf->remote, protocol);
	pfconn_events(c);
}

static void
pfconn_on_message(struct ws *w, const unsigned char *buf, size_t len, void *arg)
{
	(void)w;
	struct pfconn *c = arg;
	struct pfwd *p = c->pf;
	if (len < 1)
		return;
	int ch = buf[0];
	if (ch > 1)
		return;   /* one port per stream */
	buf++;
	len--;
	if (!c->port_seen[ch]) {
		c->port_seen[ch] = 1;
		int port = pfwd_port_frame(buf, len);
		if (port != p->remote)
			log_warn("port-forward: channel %d announced port %d, expected %d", ch, port, p->remote);
		if (len <= 2)
			return;
		buf += 2;
		len -= 2;
	}
	if (ch == 1) {
		snprintf(p->last_error, sizeof p->last_error, "%.*s", (int)(len < 400 ? len : 400), (const char *)buf);
		log_warn("port-forward %s/%s:%d: %s", p->ns, p->pod, p->remote, p->last_error);
		c->ws_gone = 1;
		c->outoff = c->out.len = 0;
		pfconn_check(c);
		pfwd_notify(p);
		return;
	}
	sbuf_add(&c->out, (const char *)buf, len);
	p->in += len;
	if (pfconn_flush(c) != 0) {
		pfconn_free(c);
		pfwd_notify(p);
		return;
	}
	pfconn_events(c);
}

static void
pfconn_on_close(struct ws *w, const struct kd_err *err, void *arg)
{
	(void)w;
	struct pfconn *c = arg;
	struct pfwd *p = c->pf;
	if (err->code != KD_OK) {
		if (err->http_status == 403)
			snprintf(p->last_error, sizeof p->last_error, "port-forward is not allowed for you in %s "
			    "(it needs create on pods/portforward): %.300s", p->ns, err->msg);
		else
			snprintf(p->last_error, sizeof p->last_error, "%s", err->msg);
		log_warn("port-forward %s/%s:%d: %s", p->ns, p->pod, p->remote, err->msg);
	}
	c->ws_gone = 1;
	pfconn_check(c);
	pfwd_notify(p);
}

static const struct ws_cbs pfconn_ws_cbs = { pfconn_on_open, pfconn_on_message, pfconn_on_close };

static void
pfwd_on_accept(int fd, int events, void *arg)
{
	struct pfwd *p = arg;
	(void)events;
	for (;;) {
		int s = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (s < 0)
			return;
		struct pfconn *c = xcalloc(1, sizeof *c);
		c->pf = p;
		c->fd = s;
		c->next = p->conns;
		p->conns = c;
		p->active++;
		p->total++;
		c->lfd = loop_fd_add(p->loop, s, 0, pfconn_on_fd, c);
		char *path = pfwd_path(p->ns, p->pod, p->remote);
		struct ws_opts o = { .path = path, .protocols = PFWD_PROTOCOLS };
		struct kd_err err = { 0 };
		c->ws = ws_open(p->loop, p->conn, &o, &pfconn_ws_cbs, c, &err);
		free(path);
		if (c->ws == NULL) {
			snprintf(p->last_error, sizeof p->last_error, "%s", err.msg);
			pfconn_free(c);
		}
		pfwd_notify(p);
	}
}

static int
pfwd_listen(int port, struct kd_err *err)
{
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0) {
		kd_err_set(err, KD_ERR_IO, "cannot make a socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 64) != 0) {
		int e = errno;
		kd_err_set(err, KD_ERR_IO, "cannot listen on 127.0.0.1:%d: %s%s", port, strerror(e),
		    e == EADDRINUSE ? " (pick another local port, or 0 for a free one)" :
		    e == EACCES ? " (ports below 1024 need root: pick another, or 0 for a free one)" : "");
		close(s);
		errno = e;   /* for pfwd_port_check */
		return -1;
	}
	return s;
}

int
pfwd_port_unprivileged_start(void)
{
	const char *env = getenv("KDECK_UNPRIVILEGED_PORT_START");
	if (env != NULL && *env)
		return atoi(env);
	int start = 1024;
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "re");
	if (f != NULL) {
		if (fscanf(f, "%d", &start) != 1)
			start = 1024;
		fclose(f);
	}
	return start;
}

int
pfwd_port_check(int port, char *why, size_t len)
{
	int start = pfwd_port_unprivileged_start();
	const char *env = getenv("KDECK_UNPRIVILEGED_PORT_START");
	if (env != NULL && *env && port > 0 && port < start) {
		snprintf(why, len, "local port %d needs root (it is below %d)", port, start);
		return PFWD_PORT_ROOT;
	}
	struct kd_err err = { 0 };
	int s = pfwd_listen(port, &err);
	if (s >= 0) {
		close(s);
		snprintf(why, len, "local port %d is free", port);
		return PFWD_PORT_FREE;
	}
	int e = errno;
	if ((e == EACCES || e == EPERM) && port < start) {
		snprintf(why, len, "local port %d needs root (it is below %d)", port, start);
		return PFWD_PORT_ROOT;
	}
	if (e == EADDRINUSE) {
		snprintf(why, len, "local port %d is in use", port);
		return PFWD_PORT_BUSY;
	}
	snprintf(why, len, "local port %d: %s", port, strerror(e));
	return PFWD_PORT_OTHER;
}

int
pfwd_port_propose(int want)
{
	char why[128];
	int start = pfwd_port_unprivileged_start();
	int from = want < start && want + 8000 <= 65535 ? want + 8000 : want + 1;
	if (from < start)
		from = start;
	for (int p = from; p <= 65535 && p < from + 200; p++)
		if (pfwd_port_check(p, why, sizeof why) == PFWD_PORT_FREE)
			return p;
	struct kd_err err = { 0 };
	int s = pfwd_listen(0, &err);
	if (s < 0)
		return 0;
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &alen);
	close(s);
	return ntohs(a.sin_port);
}

struct pfwd *
pfwd_new(struct loop *l, struct kconn *conn, const char *ns, const char *pod, int remote, int local,
    struct kd_err *err)
{
	if (remote <= 0 || remote > 65535) {
		kd_err_set(err, KD_ERR_INVALID, "%d is not a port (1-65535)", remote);
		return NULL;
	}
	int s = -1;
	if (local < 0) {
		struct kd_err ignore = { 0 };
		s = pfwd_listen(remote, &ignore);
		if (s < 0)
			s = pfwd_listen(0, err);
	} else
		s = pfwd_listen(local, err);
	if (s < 0)
		return NULL;
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &alen);
	struct pfwd *p = xcalloc(1, sizeof *p);
	p->loop = l;
	p->conn = conn;
	p->ns = xstrdup(ns);
	p->pod = xstrdup(pod);
	p->remote = remote;
	p->local = ntohs(a.sin_port);
	p->lfd_sock = s;
	p->listen = loop_fd_add(l, s, LOOP_IN, pfwd_on_accept, p);
	log_info("audit: port-forward 127.0.0.1:%d -> %s/%s:%d", p->local, ns, pod, remote);
	char detail[64];
	snprintf(detail, sizeof detail, "127.0.0.1:%d -> %d", p->local, remote);
	struct api_ref ref = { .resource = "pods", .ns = ns, .name = pod, .subresource = "portforward" };
	audit_session(conn ? conn->context : NULL, conn, "port-forward", &ref, detail);
	return p;
}

void
pfwd_free(struct pfwd **pp)
{
	struct pfwd *p = *pp;
	if (p == NULL)
		return;
	*pp = NULL;
	while (p->conns != NULL)
		pfconn_free(p->conns);
	loop_fd_del(p->loop, &p->listen);
	close(p->lfd_sock);
	free(p->ns);
	free(p->pod);
	free(p);
}

struct pfconn *
pfwd_conn_fake(struct pfwd *p, int fd)
{
	struct pfconn *c = xcalloc(1, sizeof *c);
	c->pf = p;
	c->fd = fd;
	c->next = p->conns;
	p->conns = c;
	p->active++;
	p->total++;
	c->lfd = loop_fd_add(p->loop, fd, 0, pfconn_on_fd, c);
	return c;
}

void
pfwd_conn_message(struct pfconn *c, const unsigned char *buf, size_t len)
{
	pfconn_on_message(c->ws, buf, len, c);
}

void
pfwd_conn_free(struct pfconn **cp)
{
	if (*cp == NULL)
		return;
	pfconn_free(*cp);
	*cp = NULL;
}

int pfwd_conn_held(const struct pfconn *c) { return c->held; }
size_t pfwd_conn_queued(const struct pfconn *c) { return c->out.len - c->outoff; }

int pfwd_local_port(const struct pfwd *p) { return p->local; }
int pfwd_remote_port(const struct pfwd *p) { return p->remote; }
const char *pfwd_pod(const struct pfwd *p) { return p->pod; }
const char *pfwd_ns(const struct pfwd *p) { return p->ns; }
unsigned pfwd_active(const struct pfwd *p) { return p->active; }
unsigned long pfwd_total(const struct pfwd *p) { return p->total; }
uint64_t pfwd_bytes_in(const struct pfwd *p) { return p->in; }
uint64_t pfwd_bytes_out(const struct pfwd *p) { return p->out; }
const char *pfwd_last_error(const struct pfwd *p) { return p->last_error; }

void
pfwd_set_notify(struct pfwd *p, void (*cb)(struct pfwd *p, void *arg), void *arg)
{
	p->notify = cb;
	p->notify_arg = arg;
}
