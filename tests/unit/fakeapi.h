/* A scripted HTTP server on a thread for unit tests of the API module and the journal:
 * answers in order from fake_script, records every request whole (headers and body). */
#ifndef KD_FAKEAPI_H
#define KD_FAKEAPI_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>

#include "kube/api.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"

#define FAKE_MAX 128   /* answers queued, requests recorded */

static const char *fake_script[FAKE_MAX];
static int fake_nscript, fake_served;
static char fake_requests[FAKE_MAX][8192];
static int fake_lsock, fake_port;

/* Reads one request: the headers, then Content-Length bytes of body. */
static void
fake_read(int c, char *buf, size_t cap)
{
	size_t n = 0;
	for (;;) {
		ssize_t r = read(c, buf + n, cap - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		char *end = strstr(buf, "\r\n\r\n");
		if (end == NULL)
			continue;
		const char *cl = strcasestr(buf, "\r\nContent-Length:");
		size_t want = cl != NULL ? (size_t)atol(cl + 17) : 0;
		if (n - (size_t)(end + 4 - buf) >= want || n + 1 >= cap)
			break;
	}
	buf[n] = '\0';
}

static void *
fake_server(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(fake_lsock, NULL, NULL);
		if (c < 0)
			return NULL;
		int k = fake_served < FAKE_MAX ? fake_served : FAKE_MAX - 1;
		fake_read(c, fake_requests[k], sizeof fake_requests[k]);
		const char *resp = fake_served < fake_nscript ? fake_script[fake_served] :
		    "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		__atomic_add_fetch(&fake_served, 1, __ATOMIC_SEQ_CST);
		(void)!write(c, resp, strlen(resp));
		close(c);
	}
}

/* Starts the server; returns its URL in a static buffer. */
static const char *
fake_start(void)
{
	static char url[64];
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1;
	socklen_t al = sizeof a;
	pthread_t th;
	fake_lsock = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fake_lsock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	bind(fake_lsock, (struct sockaddr *)&a, sizeof a);
	getsockname(fake_lsock, (struct sockaddr *)&a, &al);
	fake_port = ntohs(a.sin_port);
	listen(fake_lsock, 16);
	pthread_create(&th, NULL, fake_server, NULL);
	pthread_detach(th);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", fake_port);
	return url;
}

/* Queues an answer: status line text ("409 Conflict") and a JSON body. */
static void
fake_answer(const char *status, const char *body)
{
	static char bufs[FAKE_MAX][4096];
	if (fake_nscript >= FAKE_MAX) {
		fprintf(stderr, "fakeapi: more than %d answers queued\n", FAKE_MAX);
		abort();
	}
	char *b = bufs[fake_nscript];
	snprintf(b, sizeof bufs[0], "HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status, strlen(body), body);
	fake_script[fake_nscript++] = b;
}

/* A test's loop, HTTP client and API on the fake server, as context kind-test (user
 * kind-user, namespace default), past the question a first change asks of who the user is
 * (a server without SelfSubjectReview: three 404s answered). */
static __attribute__((unused)) void
fake_connect(struct loop **lp, struct http **hp, struct api **ap)
{
	static struct kconn conn;
	conn = (struct kconn){ .server = (char *)fake_start(), .namespace = "default",
		.context = "kind-test", .user = "kind-user" };
	struct kd_err err;
	*lp = loop_new();
	*hp = http_new(*lp, &conn, &err);
	*ap = api_new(*hp, "kind-test", &conn);
	for (int i = 0; i < 3; i++)
		fake_answer("404 Not Found", "{\"kind\":\"Status\",\"code\":404}");
	api_whoami(*ap);
	for (int i = 0; i < 100 && fake_served < 3; i++)
		loop_run_once(*lp, 20);
}

#endif
