/* The port-forward codec and listener: the request path, the two-byte little-endian port
 * that opens each channel, listening on 127.0.0.1 (a chosen port, a free one, the same as
 * the pod's when free) and the sentences for ports that cannot be had. */
#include "t.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kube/portforward.h"
#include "loop.h"

T_CASE(pfwd_path_encodes)
{
	char *p = pfwd_path("team a", "web-1", 8080);
	T_EQ_STR(p, "/api/v1/namespaces/team%20a/pods/web-1/portforward?ports=8080");
	free(p);
}

T_CASE(pfwd_port_frame_little_endian)
{
	const unsigned char a[] = { 0x90, 0x1f }, b[] = { 80, 0 }, c[] = { 1 };
	T_EQ_INT(pfwd_port_frame(a, 2), 8080);
	T_EQ_INT(pfwd_port_frame(b, 2), 80);
	T_EQ_INT(pfwd_port_frame(c, 1), -1);
}

static int
t_busy_port(int *fd)
{
	*fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(*fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(*fd, 1) != 0)
		return -1;
	socklen_t len = sizeof a;
	getsockname(*fd, (struct sockaddr *)&a, &len);
	return ntohs(a.sin_port);
}

T_CASE(pfwd_listens_on_a_free_port)
{
	struct loop *l = loop_new();
	struct kd_err err = { 0 };
	struct pfwd *p = pfwd_new(l, NULL, "ns", "pod", 80, 0, &err);
	T_ASSERT_MSG(p != NULL, "%s", err.msg);
	T_ASSERT(pfwd_local_port(p) > 0);
	T_EQ_INT(pfwd_remote_port(p), 80);
	T_EQ_INT(pfwd_active(p), 0);
	pfwd_free(&p);
	T_ASSERT(p == NULL);
	pfwd_free(&p);
	loop_free(&l);
}

T_CASE(pfwd_busy_port_is_a_sentence)
{
	int fd;
	int port = t_busy_port(&fd);
	T_ASSERT(port > 0);
	struct loop *l = loop_new();
	struct kd_err err = { 0 };
	struct pfwd *p = pfwd_new(l, NULL, "ns", "pod", 80, port, &err);
	T_ASSERT(p == NULL);
	T_ASSERT_MSG(strstr(err.msg, "pick another local port") != NULL, "%s", err.msg);
	/* -1: the pod's port when free, else a free one */
	p = pfwd_new(l, NULL, "ns", "pod", port, -1, &err);
	T_ASSERT_MSG(p != NULL, "%s", err.msg);
	T_ASSERT(pfwd_local_port(p) != port);
	pfwd_free(&p);
	close(fd);
	/* now free: the same port */
	p = pfwd_new(l, NULL, "ns", "pod", port, -1, &err);
	T_ASSERT_MSG(p != NULL, "%s", err.msg);
	T_EQ_INT(pfwd_local_port(p), port);
	pfwd_free(&p);
	p = pfwd_new(l, NULL, "ns", "pod", 70000, 0, &err);
	T_ASSERT(p == NULL);
	T_ASSERT(strstr(err.msg, "not a port") != NULL);
	loop_free(&l);
}

/* A port in use is said so, and the port offered instead is free and above it. */
T_CASE(pfwd_port_check_busy_proposes_a_free_one)
{
	int fd;
	int port = t_busy_port(&fd);
	T_ASSERT(port > 0);
	char why[200];
	T_EQ_INT(pfwd_port_check(port, why, sizeof why), PFWD_PORT_BUSY);
	char want[64];
	snprintf(want, sizeof want, "local port %d is in use", port);
	T_EQ_STR(why, want);
	int p = pfwd_port_propose(port);
	T_ASSERT_MSG(p > 0 && p != port, "%d for %d", p, port);
	T_EQ_INT(pfwd_port_check(p, why, sizeof why), PFWD_PORT_FREE);
	close(fd);
	T_EQ_INT(pfwd_port_check(port, why, sizeof why), PFWD_PORT_FREE);
}

/* Below the first unprivileged port (set for the test, as root could bind any): it needs
 * root, and the offer is the port plus 8000 or the next free one after that. */
T_CASE(pfwd_port_check_privileged_proposes_plus_8000)
{
	char why[200];
	setenv("KDECK_UNPRIVILEGED_PORT_START", "1024", 1);
	T_EQ_INT(pfwd_port_unprivileged_start(), 1024);
	T_EQ_INT(pfwd_port_check(80, why, sizeof why), PFWD_PORT_ROOT);
	T_EQ_STR(why, "local port 80 needs root (it is below 1024)");
	int p = pfwd_port_propose(80);
	T_ASSERT_MSG(p >= 8080, "%d", p);
	T_EQ_INT(pfwd_port_check(p, why, sizeof why), PFWD_PORT_FREE);
	/* 8080 taken: the next free one */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	T_ASSERT(bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fd, 1) == 0);
	int q = pfwd_port_propose(80);
	T_ASSERT_MSG(q > p, "%d after %d", q, p);
	close(fd);
	/* the kernel's own setting when nothing overrides it */
	unsetenv("KDECK_UNPRIVILEGED_PORT_START");
	FILE *f = fopen("/proc/sys/net/ipv4/ip_unprivileged_port_start", "r");
	int start = 1024;
	if (f != NULL) {
		if (fscanf(f, "%d", &start) != 1)
			start = 1024;
		fclose(f);
	}
	T_EQ_INT(pfwd_port_unprivileged_start(), start);
}

/* A local client that does not read: the bytes from the pod queue up to the bound, then
 * the WebSocket is held (nothing more taken from the pod); once the client has read,
 * they flow again and every byte arrives in order. */
T_CASE(pfwd_slow_client_holds_the_websocket)
{
	struct loop *l = loop_new();
	struct kd_err err = { 0 };
	struct pfwd *p = pfwd_new(l, NULL, "ns", "pod", 80, 0, &err);
	T_ASSERT_MSG(p != NULL, "%s", err.msg);
	int sv[2];
	T_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	struct pfconn *c = pfwd_conn_fake(p, sv[0]);
	const unsigned char port0[] = { 0, 80, 0 }, port1[] = { 1, 80, 0 };
	pfwd_conn_message(c, port0, sizeof port0);
	pfwd_conn_message(c, port1, sizeof port1);
	static unsigned char msg[1 + 65536];
	unsigned sent = 0;
	while (!pfwd_conn_held(c) && sent < 1000) {
		msg[0] = 0;
		memset(msg + 1, 'a' + sent % 26, sizeof msg - 1);
		pfwd_conn_message(c, msg, sizeof msg);
		sent++;
	}
	T_ASSERT_MSG(pfwd_conn_held(c), "sent %u messages and still not held", sent);
	T_ASSERT(pfwd_conn_queued(c) > PFWD_CONN_OUT_HIGH);
	T_ASSERT(pfwd_conn_queued(c) <= PFWD_CONN_OUT_HIGH + 65536);
	/* the client reads everything: the hold ends and the bytes come in order */
	size_t want = (size_t)sent * 65536, got = 0;
	int order_ok = 1;
	static unsigned char rd[65536];
	for (int i = 0; i < 10000 && got < want; i++) {
		ssize_t n;
		while ((n = read(sv[1], rd, sizeof rd)) > 0) {
			for (ssize_t k = 0; k < n; k++)
				if (rd[k] != 'a' + (got + (size_t)k) / 65536 % 26)
					order_ok = 0;
			got += (size_t)n;
		}
		loop_run_once(l, 10);
	}
	T_EQ_INT((long)got, (long)want);
	T_ASSERT(order_ok);
	T_ASSERT(!pfwd_conn_held(c));
	T_EQ_INT((long)pfwd_conn_queued(c), 0);
	pfwd_free(&p);
	close(sv[1]);
	loop_free(&l);
}

int
main(void)
{
	T_RUN(pfwd_path_encodes);
	T_RUN(pfwd_port_frame_little_endian);
	T_RUN(pfwd_listens_on_a_free_port);
	T_RUN(pfwd_busy_port_is_a_sentence);
	T_RUN(pfwd_port_check_busy_proposes_a_free_one);
	T_RUN(pfwd_port_check_privileged_proposes_plus_8000);
	T_RUN(pfwd_slow_client_holds_the_websocket);
	return t_done();
}
