/* The port-forward codec and listener: the request path, the two-byte little-endian port
 * that opens each channel, listening on 127.0.0.1 (a chosen port, a free one, the same as
 * the pod's when free) and the sentences for ports that cannot be had. */
#include "t.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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

int
main(void)
{
	T_RUN(pfwd_path_encodes);
	T_RUN(pfwd_port_frame_little_endian);
	T_RUN(pfwd_listens_on_a_free_port);
	T_RUN(pfwd_busy_port_is_a_sentence);
	return t_done();
}
