/* HTTP: Status bodies into sentences, backoff, and requests through the event loop to a
 * scripted server on a thread: retries on 429 (Retry-After) and 503, no retry on 403,
 * what the client sends, streams, cancellation, a refused connection. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "loop.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

/* ---- the scripted server ---- */
static const char *script[16];     /* raw responses, in order; "HANG" keeps the socket open */
static int nscript, served;
static char last_request[4096];
static int lsock, port;

static void *
server(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(lsock, NULL, NULL);
		if (c < 0)
			return NULL;
		char buf[4096];
		ssize_t n = read(c, buf, sizeof buf - 1);
		if (n <= 0) {
			close(c);
			continue;
		}
		buf[n] = '\0';
		memcpy(last_request, buf, (size_t)n + 1);
		const char *resp = served < nscript ? script[served] : "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		served++;
		if (strcmp(resp, "HANG") == 0) {
			sleep(3);
			close(c);
			continue;
		}
		(void)!write(c, resp, strlen(resp));
		close(c);
	}
}

static struct http_result result;
static char result_body[4096];
static int done_calls, data_calls, open_calls;
static char streamed[4096];

static void
on_done(struct http_req *r, const struct http_result *res, void *arg)
{
	(void)r;
	(void)arg;
	result = *res;
	snprintf(result_body, sizeof result_body, "%s", res->body);
	done_calls++;
}

static int
on_data(struct http_req *r, const char *buf, size_t len, void *arg)
{
	(void)r;
	(void)arg;
	if (buf == NULL) {
		open_calls++;
		return 0;
	}
	data_calls++;
	strncat(streamed, buf, len < sizeof streamed - strlen(streamed) - 1 ? len : 0);
	return 0;
}

/* a stream whose first chunk starts another request, as an informer's listener may:
 * from inside curl's own callback */
static struct http *nested_h;
static int nested_started, nested_done;
static struct http_result nested_result;

static void
on_nested_done(struct http_req *r, const struct http_result *res, void *arg)
{
	(void)r;
	(void)arg;
	nested_result = *res;
	nested_done++;
}

static int
on_data_starts(struct http_req *r, const char *buf, size_t len, void *arg)
{
	(void)r;
	(void)len;
	(void)arg;
	if (buf != NULL && !nested_started) {
		static struct http_opts no = { .path = "/api/v1/namespaces/a/pods/started-inside" };
		nested_started = 1;
		http_request(nested_h, &no, NULL, on_nested_done, NULL);
	}
	return 0;
}

static void
wait_done(struct loop *l, int want)
{
	for (int i = 0; i < 400 && done_calls < want; i++)
		loop_run_once(l, 50);
}

static void
test_status_sentences(void)
{
	struct kd_err e;
	const char *forbidden = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
	    "\"pods \\\"web-1\\\" is forbidden: User \\\"viewer\\\" cannot delete resource \\\"pods\\\" in API group "
	    "\\\"\\\" in the namespace \\\"team-a\\\"\",\"reason\":\"Forbidden\",\"details\":{\"name\":\"web-1\","
	    "\"kind\":\"pods\"},\"code\":403}";
	http_status_error(403, forbidden, strlen(forbidden), &e);
	CHECK("http_status_403", e.code == KD_ERR_FORBIDDEN && e.http_status == 403 &&
	    strncmp(e.msg, "Not allowed: pods \"web-1\" is forbidden: User \"viewer\" cannot delete", 67) == 0);
	const char *invalid = "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Deployment.apps \\\"web\\\" is invalid\","
	    "\"reason\":\"Invalid\",\"details\":{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":"
	    "\"must be greater than or equal to 0\",\"field\":\"spec.replicas\"}]},\"code\":422}";
	http_status_error(422, invalid, strlen(invalid), &e);
	CHECK("http_status_422_causes", e.code == KD_ERR_INVALID &&
	    strstr(e.msg, "spec.replicas: must be greater than or equal to 0") != NULL);
	http_status_error(409, "{\"kind\":\"Status\",\"message\":\"Operation cannot be fulfilled\",\"code\":409}", 70, &e);
	CHECK("http_status_409", e.code == KD_ERR_CONFLICT && strstr(e.msg, "reload") != NULL);
	http_status_error(401, "{\"kind\":\"Status\",\"message\":\"Unauthorized\",\"code\":401}", 53, &e);
	CHECK("http_status_401", e.code == KD_ERR_AUTH && strstr(e.msg, "kubeconfig") != NULL);
	http_status_error(404, "", 0, &e);
	CHECK("http_status_404_empty_body", e.code == KD_ERR_NOTFOUND && strstr(e.msg, "404 Not Found") != NULL);
	const char *html = "<html><body>502 Bad Gateway\nnginx</body></html>";
	http_status_error(502, html, strlen(html), &e);
	CHECK("http_status_502_not_status", e.code == KD_ERR_UNAVAILABLE && strstr(e.msg, "502 Bad Gateway") != NULL);
	http_status_error(410, "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}", 46, &e);
	CHECK("http_status_410", e.code == KD_ERR_GONE);
	CHECK("http_status_2xx", http_status_error(200, "", 0, &e) == 0 && e.code == KD_OK);
	CHECK("http_backoff_retry_after", http_backoff_ms(0, 3) == 3000 && http_backoff_ms(5, 1000) == 60000);
	unsigned b0 = http_backoff_ms(0, 0), b9 = http_backoff_ms(9, 0);
	CHECK("http_backoff_grows_capped", b0 >= 200 && b0 <= 300 && b9 >= 6400 && b9 <= 9600);
}

/* what the owner of a request heard of its retries */
static char retries_heard[64];
static void
on_retry(long status, unsigned ms, void *arg)
{
	size_t l = strlen(retries_heard);
	(void)arg;
	snprintf(retries_heard + l, sizeof retries_heard - l, "%ld@%u ", status, ms >= 1000 ? ms / 1000 * 1000 : 1);
}

int
main(void)
{
	test_status_sentences();

	lsock = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1;
	setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	bind(lsock, (struct sockaddr *)&a, sizeof a);
	socklen_t al = sizeof a;
	getsockname(lsock, (struct sockaddr *)&a, &al);
	port = ntohs(a.sin_port);
	listen(lsock, 16);
	pthread_t th;
	pthread_create(&th, NULL, server, NULL);

	char server_url[64];
	snprintf(server_url, sizeof server_url, "http://127.0.0.1:%d", port);
	struct kconn conn = { .server = server_url, .namespace = "default" };
	struct loop *l = loop_new();
	struct kd_err err;
	struct http *h = http_new(l, &conn, &err);

	/* 429 with Retry-After, then 503, then the answer */
	script[nscript++] = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	script[nscript++] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	script[nscript++] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}";
	struct http_opts o = { .path = "/api/v1/pods?limit=1", .accept = "application/json;as=Table;v=v1;g=meta.k8s.io",
	    .on_retry = on_retry };
	http_request(h, &o, NULL, on_done, NULL);
	wait_done(l, 1);
	/* told of each retry, with its delay: Retry-After's 1 s, then a backoff under 1 s */
	CHECK("http_tells_owner_of_retries", strcmp(retries_heard, "429@1000 503@1 ") == 0);
	CHECK("http_retries_429_and_503", done_calls == 1 && served == 3 && result.status == 200 &&
	    strcmp(result_body, "{\"ok\":true}") == 0 && result.err.code == KD_OK);
	CHECK("http_sends_path_accept_gzip", strstr(last_request, "GET /api/v1/pods?limit=1 HTTP/1.1") != NULL &&
	    strstr(last_request, "Accept: application/json;as=Table;v=v1;g=meta.k8s.io") != NULL &&
	    strstr(last_request, "Accept-Encoding: ") != NULL && strstr(last_request, "gzip") != NULL);

	/* 403 is final */
	script[nscript++] = "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: 62\r\nConnection: close\r\n\r\n"
	    "{\"kind\":\"Status\",\"code\":403,\"message\":\"no you may not\"}      ";
	int before = served;
	http_request(h, &o, NULL, on_done, NULL);
	wait_done(l, 2);
	CHECK("http_403_not_retried", served == before + 1 && result.err.code == KD_ERR_FORBIDDEN &&
	    strstr(result.err.msg, "no you may not") != NULL);

	/* a POST is not retried on 5xx */
	script[nscript++] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	before = served;
	struct http_opts post = { .method = "POST", .path = "/api/v1/namespaces/a/pods", .body = "{}", .body_len = 2,
	    .content_type = "application/json" };
	http_request(h, &post, NULL, on_done, NULL);
	wait_done(l, 3);
	CHECK("http_post_not_retried_on_500", served == before + 1 && result.err.code == KD_ERR_UNAVAILABLE);
	CHECK("http_post_body", strstr(last_request, "POST /api/v1/namespaces/a/pods") != NULL &&
	    strstr(last_request, "Content-Type: application/json") != NULL);

	/* a stream: told when open, then the chunks */
	script[nscript++] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
	    "6\r\nline1\n\r\n6\r\nline2\n\r\n0\r\n\r\n";
	struct http_opts so = { .path = "/api/v1/pods?watch=1", .stream = 1 };
	http_request(h, &so, on_data, on_done, NULL);
	wait_done(l, 4);
	CHECK("http_stream", open_calls == 1 && data_calls >= 1 && strcmp(streamed, "line1\nline2\n") == 0 &&
	    result.err.code == KD_OK && result.status == 200);

	/* a request started inside curl's callback is sent once curl returns, and ends */
	script[nscript++] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
	    "6\r\nline1\n\r\n0\r\n\r\n";
	script[nscript++] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
	nested_h = h;
	http_request(h, &so, on_data_starts, on_done, NULL);
	wait_done(l, 5);
	for (int i = 0; i < 200 && nested_done == 0; i++)
		loop_run_once(l, 20);
	CHECK("http_request_started_inside_a_callback_ends", nested_started && nested_done == 1 &&
	    nested_result.status == 200 && strstr(last_request, "started-inside") != NULL);

	/* cancellation: no callback follows */
	script[nscript++] = "HANG";
	struct http_req *r = http_request(h, &o, NULL, on_done, NULL);
	for (int i = 0; i < 5; i++)
		loop_run_once(l, 20);
	http_cancel(&r);
	for (int i = 0; i < 10; i++)
		loop_run_once(l, 20);
	CHECK("http_cancel", r == NULL && done_calls == 5);
	http_free(&h);

	/* a server that is not there */
	close(lsock);
	shutdown(lsock, SHUT_RDWR);
	struct kconn down = { .server = "http://127.0.0.1:1", .namespace = "default" };
	h = http_new(l, &down, &err);
	http_request(h, &o, NULL, on_done, NULL);
	wait_done(l, 6);
	CHECK("http_connection_refused", done_calls == 6 && result.status == 0 &&
	    result.err.code == KD_ERR_UNAVAILABLE && strstr(result.err.msg, "Cannot connect to the API server at http://127.0.0.1:1") != NULL);
	http_free(&h);
	http_free(&h);
	CHECK("http_free_null", h == NULL);
	loop_free(&l);
	return failed;
}
