/* The exec channel codec, and with KDECK_EXEC_KUBECONFIG (tests/integration/test_exec_ws
 * sets it) whole sessions against kubesim through the lws thread: echo $((6*7)), exit
 * codes, the v4 fallback, stdin close, resize, refused upgrades. */
#include "t.h"

#include <stdint.h>

#include "kube/api.h"
#include "kube/exec.h"
#include "kube/kubeconfig.h"
#include "kube/ws.h"
#include "kube/ws_priv.h"
#include "kube/logs.h"
#include "model/logring.h"
#include "ui/widget/term.h"
#include <sys/resource.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "kube/portforward.h"
#include "loop.h"
#include "util/xmalloc.h"

T_CASE(exec_path_encodes_argv_and_container)
{
	const char *argv[] = { "sh", "-c", "echo $((6*7)) && ls /", NULL };
	struct exec_opts o = { .ns = "team-a", .pod = "web-1", .container = "app", .argv = argv,
		.tty = 1, .in = 1 };
	char *p = exec_path(&o);
	T_EQ_STR(p, "/api/v1/namespaces/team-a/pods/web-1/exec?command=sh&command=-c&command="
	    "echo%20%24%28%286%2A7%29%29%20%26%26%20ls%20%2F&container=app&stdin=true&stdout=true"
	    "&stderr=false&tty=true");
	free(p);
	o.attach = 1;
	o.tty = 0;
	o.in = 0;
	o.container = NULL;
	p = exec_path(&o);
	T_EQ_STR(p, "/api/v1/namespaces/team-a/pods/web-1/attach?stdin=false&stdout=true&stderr=true&tty=false");
	free(p);
}

T_CASE(exec_frame_puts_channel_first)
{
	size_t n;
	unsigned char *f = exec_frame(EXEC_STDIN, "ls\r", 3, &n);
	T_EQ_INT(n, 4);
	T_EQ_INT(f[0], 0);
	T_ASSERT(memcmp(f + 1, "ls\r", 3) == 0);
	free(f);
	f = exec_frame(EXEC_RESIZE, NULL, 0, &n);
	T_EQ_INT(n, 1);
	T_EQ_INT(f[0], 4);
	free(f);
	char j[64];
	exec_resize_json(j, sizeof(j), 195, 41);
	T_EQ_STR(j, "{\"Width\":195,\"Height\":41}");
}

T_CASE(exec_status_success_and_exit_codes)
{
	struct exec_end e;
	const char *ok = "{\"metadata\":{},\"status\":\"Success\"}";
	exec_status_parse(ok, strlen(ok), &e);
	T_EQ_INT(e.how, EXEC_EXITED);
	T_EQ_INT(e.exit_code, 0);
	const char *three = "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated "
	    "with non-zero exit code: error executing command [sh -c exit 3], exit code 3\","
	    "\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
	    "\"message\":\"3\"}]}}";
	exec_status_parse(three, strlen(three), &e);
	T_EQ_INT(e.how, EXEC_EXITED);
	T_EQ_INT(e.exit_code, 3);
}

T_CASE(exec_status_failures_are_messages)
{
	struct exec_end e;
	const char *internal = "{\"status\":\"Failure\",\"reason\":\"InternalError\",\"message\":"
	    "\"executable file not found in $PATH\"}";
	exec_status_parse(internal, strlen(internal), &e);
	T_EQ_INT(e.how, EXEC_FAILED);
	T_ASSERT(strstr(e.err.msg, "executable file not found") != NULL);
	/* a NonZeroExitCode whose cause is not a number is a failure, not exit 0 */
	const char *odd = "{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"message\":\"m\","
	    "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"x\"}]}}";
	exec_status_parse(odd, strlen(odd), &e);
	T_EQ_INT(e.how, EXEC_FAILED);
	/* v1 servers send plain text on the error channel */
	exec_status_parse("boom", 4, &e);
	T_EQ_INT(e.how, EXEC_FAILED);
	T_EQ_STR(e.err.msg, "boom");
	exec_status_parse("", 0, &e);
	T_EQ_INT(e.how, EXEC_FAILED);
	T_ASSERT(e.err.msg[0] != '\0');
	/* found by fuzz_exec: a body of NUL bytes was an empty sentence; control bytes would
	 * reach the terminal */
	exec_status_parse("\0\0metada", 8, &e);
	T_EQ_STR(e.err.msg, "metada");
	exec_status_parse("\0\0\0", 3, &e);
	T_EQ_STR(e.err.msg, "the server reported an error it did not explain");
	exec_status_parse("bad\033[2Jthing\n", 14, &e);
	T_EQ_STR(e.err.msg, "bad [2Jthing");
}

struct t_out {
	char buf[64];
	size_t len;
	int chans;
};

static void
t_out_add(struct exec *x, int ch, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	struct t_out *o = arg;
	o->chans |= 1 << ch;
	if (o->len + len < sizeof o->buf) {
		memcpy(o->buf + o->len, buf, len);
		o->len += len;
	}
}

/* The channel framing as the WebSocket delivers it, without a server (fuzz_exec's seam). */
T_CASE(exec_feed_channels)
{
	struct t_out o = { 0 };
	const struct exec_cbs cbs = { NULL, t_out_add, NULL };
	struct exec *x = exec_new_detached(&cbs, &o);
	exec_feed(x, (const unsigned char *)"\001out", 4);
	exec_feed(x, (const unsigned char *)"\002err", 4);
	exec_feed(x, (const unsigned char *)"\001", 1);      /* empty: nothing */
	exec_feed(x, (const unsigned char *)"\004{}", 3);    /* resize from the server: ignored */
	exec_feed(x, (const unsigned char *)"", 0);
	T_ASSERT(exec_status_seen(x) == NULL);
	const char *st = "\003{\"status\":\"Success\"}";
	exec_feed(x, (const unsigned char *)st, strlen(st));
	T_EQ_INT((long)o.len, 6);
	T_ASSERT(memcmp(o.buf, "outerr", 6) == 0);
	T_EQ_INT(o.chans, (1 << 1) | (1 << 2));
	T_ASSERT(exec_status_seen(x) != NULL);
	T_EQ_INT(exec_status_seen(x)->how, EXEC_EXITED);
	exec_free(&x);
	T_ASSERT(x == NULL);
}

T_CASE(api_escape_reserved)
{
	char *s = api_escape("a b/c?d=e&f~g");
	T_EQ_STR(s, "a%20b%2Fc%3Fd%3De%26f~g");
	free(s);
	s = api_escape("");
	T_EQ_STR(s, "");
	free(s);
}

/* A message that never ends (fragments past the bound) is refused with a sentence and
 * leaves the buffer as it was; a framed length is a whole size_t, never cut to 32 bits. */
T_CASE(ws_message_bound)
{
	struct ws_buf m = { 0 };
	struct kd_err err = { 0 };
	char frag[1000];
	memset(frag, 'x', sizeof frag);
	size_t max = 10 * 1000 + 500;
	int i;
	for (i = 0; i < 100; i++)
		if (ws_rxmsg_add(&m, frag, sizeof frag, max, &err) != 0)
			break;
	T_EQ_INT(i, 10);
	T_EQ_INT((long)m.len, 10000);
	T_ASSERT_MSG(strstr(err.msg, "larger than 10 KiB") != NULL, "%s", err.msg);
	T_ASSERT_MSG(strstr(err.msg, "maxWebSocketMessageMiB") != NULL, "%s", err.msg);
	/* exactly the bound is fine */
	T_EQ_INT(ws_rxmsg_add(&m, frag, 500, max, &err), 0);
	/* a length that would wrap around is refused too */
	T_ASSERT(ws_rxmsg_add(&m, frag, SIZE_MAX, max, &err) != 0);
	ws_buf_free(&m);

	struct ws_buf f = { 0 };
	ws_buf_put(&f, frag, 300, 1);
	T_EQ_INT((long)f.len, (long)(WS_FRAME_HDR + 300));
	size_t n;
	memcpy(&n, f.p, WS_FRAME_HDR);
	T_EQ_INT((long)n, 300);
	T_ASSERT(WS_FRAME_HDR == sizeof(size_t));
	/* the walk: whole messages in order, then none; a frame cut short stops it */
	ws_buf_put(&f, "ab", 2, 1);
	const unsigned char *mp;
	size_t mn;
	T_ASSERT(ws_buf_take(&f, &mp, &mn) && mn == 300);
	T_ASSERT(ws_buf_take(&f, &mp, &mn) && mn == 2 && memcmp(mp, "ab", 2) == 0);
	T_ASSERT(!ws_buf_take(&f, &mp, &mn));
	f.off = 0;
	f.len -= 1;   /* "ab" lost its last byte */
	T_ASSERT(ws_buf_take(&f, &mp, &mn) && mn == 300);
	T_ASSERT(!ws_buf_take(&f, &mp, &mn));
	T_EQ_INT((long)f.off, (long)f.len);
	ws_buf_free(&f);

	T_EQ_INT((long)ws_max_message_bytes(), (long)WS_MAX_MESSAGE);
	ws_set_max_message(1u << 20);
	T_EQ_INT((long)ws_max_message_bytes(), 1L << 20);
	ws_set_max_message(0);
	T_EQ_INT((long)ws_max_message_bytes(), (long)WS_MAX_MESSAGE);
}

/* ---- sessions against a server ---- */

static struct kcfg *it_cfg;
static struct kconn *it_conn;
static const char *it_ns;

struct run {
	struct loop *loop;
	char out[65536];
	size_t outlen;
	char proto[64];
	struct exec_end end;
	int ended, opened;
	const char *send_on_open;
	int close_stdin;
};

static void
run_open(struct exec *x, const char *protocol, void *arg)
{
	struct run *r = arg;
	r->opened = 1;
	snprintf(r->proto, sizeof(r->proto), "%s", protocol);
	if (r->send_on_open != NULL)
		exec_write(x, r->send_on_open, strlen(r->send_on_open));
	if (r->close_stdin)
		exec_close_stdin(x);
}

static void
run_output(struct exec *x, int ch, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	(void)ch;
	struct run *r = arg;
	if (r->outlen + len < sizeof(r->out)) {
		memcpy(r->out + r->outlen, buf, len);
		r->outlen += len;
		r->out[r->outlen] = '\0';
	}
}

static void
run_end(struct exec *x, const struct exec_end *end, void *arg)
{
	(void)x;
	struct run *r = arg;
	r->end = *end;
	r->ended = 1;
}

static const struct exec_cbs run_cbs = { run_open, run_output, run_end };

/* Runs argv in pod/container until it ends (10 s at most). Returns 0 when it ended. */
static int
run_exec(struct run *r, const char *pod, const char *container, const char *const *argv,
    int tty, int in, const char *protocols)
{
	memset(r->out, 0, sizeof(r->out));
	r->outlen = 0;
	r->ended = r->opened = 0;
	r->loop = loop_new();
	struct exec_opts o = { .ns = it_ns, .pod = pod, .container = container, .argv = argv,
		.tty = tty, .in = in, .protocols = protocols };
	struct kd_err err = { 0 };
	struct exec *x = exec_new(r->loop, it_conn, &o, &run_cbs, r, &err);
	if (x == NULL)
		return -1;
	exec_resize(x, 101, 33);
	uint64_t deadline = loop_now_ms() + 10000;
	while (!r->ended && loop_now_ms() < deadline)
		loop_run_once(r->loop, 100);
	exec_free(&x);
	loop_free(&r->loop);
	return r->ended ? 0 : -1;
}

#define NEED_SERVER() do { if (it_conn == NULL) \
	T_SKIP("KDECK_EXEC_KUBECONFIG is not set (tests/integration/test_exec_ws)"); } while (0)

T_CASE(exec_echo_42_over_v5)
{
	NEED_SERVER();
	struct run r = { 0 };
	const char *argv[] = { "sh", "-c", "echo $((6*7))", NULL };
	T_ASSERT(run_exec(&r, "web", "app", argv, 0, 0, NULL) == 0);
	T_EQ_STR(r.proto, "v5.channel.k8s.io");
	T_EQ_STR(r.out, "42\n");
	T_EQ_INT(r.end.how, EXEC_EXITED);
	T_EQ_INT(r.end.exit_code, 0);
}

T_CASE(exec_exit_code_3)
{
	NEED_SERVER();
	struct run r = { 0 };
	const char *argv[] = { "sh", "-c", "exit 3", NULL };
	T_ASSERT(run_exec(&r, "web", "app", argv, 0, 0, NULL) == 0);
	T_EQ_INT(r.end.how, EXEC_EXITED);
	T_EQ_INT(r.end.exit_code, 3);
}

T_CASE(exec_v4_fallback)
{
	NEED_SERVER();
	struct run r = { 0 };
	const char *argv[] = { "sh", "-c", "echo $((6*7)); exit 5", NULL };
	/* a server that only speaks v4 is what an older cluster is: offer it alone */
	T_ASSERT(run_exec(&r, "web", "app", argv, 0, 0, "v4.channel.k8s.io") == 0);
	T_EQ_STR(r.proto, "v4.channel.k8s.io");
	T_EQ_STR(r.out, "42\n");
	T_EQ_INT(r.end.how, EXEC_EXITED);
	T_EQ_INT(r.end.exit_code, 5);
}

T_CASE(exec_stdin_and_close)
{
	NEED_SERVER();
	struct run r = { .send_on_open = "hello kdeck\n", .close_stdin = 1 };
	const char *argv[] = { "cat", NULL };
	T_ASSERT(run_exec(&r, "web", "app", argv, 0, 1, NULL) == 0);
	T_EQ_STR(r.out, "hello kdeck\n");
	T_EQ_INT(r.end.how, EXEC_EXITED);
}

T_CASE(exec_tty_size_from_the_start)
{
	NEED_SERVER();
	struct run r = { 0 };
	/* the size goes right after the upgrade; a shell reads it before its first prompt */
	const char *argv[] = { "sh", "-c", "sleep 0.3; stty size", NULL };
	T_ASSERT(run_exec(&r, "web", "app", argv, 1, 1, NULL) == 0);
	T_ASSERT_MSG(strstr(r.out, "33 101") != NULL, "stty size said \"%s\"", r.out);
}

T_CASE(exec_refused_pod_missing)
{
	NEED_SERVER();
	struct run r = { 0 };
	const char *argv[] = { "true", NULL };
	T_ASSERT(run_exec(&r, "no-such-pod", NULL, argv, 0, 0, NULL) == 0);
	T_EQ_INT(r.opened, 0);
	T_EQ_INT(r.end.how, EXEC_FAILED);
	T_EQ_INT(r.end.err.http_status, 404);
}

T_CASE(exec_distroless_has_no_shell)
{
	NEED_SERVER();
	struct run r = { 0 };
	const char *argv[] = { "sh", NULL };
	T_ASSERT(run_exec(&r, "dl", NULL, argv, 0, 0, NULL) == 0);
	T_EQ_INT(r.end.how, EXEC_FAILED);
	T_ASSERT_MSG(strstr(r.end.err.msg, "not found") != NULL, "message: %s", r.end.err.msg);
}

T_CASE(exec_many_sessions_at_once)
{
	NEED_SERVER();
	struct loop *l = loop_new();
	struct run rs[4];
	struct exec *xs[4];
	const char *argv[] = { "sh", "-c", "sleep 0.2; echo $((6*7))", NULL };
	memset(rs, 0, sizeof(rs));
	for (int i = 0; i < 4; i++) {
		struct exec_opts o = { .ns = it_ns, .pod = "web", .container = i % 2 ? "sidecar" : "app",
			.argv = argv };
		struct kd_err err = { 0 };
		xs[i] = exec_new(l, it_conn, &o, &run_cbs, &rs[i], &err);
		T_ASSERT(xs[i] != NULL);
	}
	uint64_t deadline = loop_now_ms() + 10000;
	int done = 0;
	while (done < 4 && loop_now_ms() < deadline) {
		loop_run_once(l, 100);
		done = 0;
		for (int i = 0; i < 4; i++)
			done += rs[i].ended;
	}
	for (int i = 0; i < 4; i++)
		exec_free(&xs[i]);
	loop_free(&l);
	T_EQ_INT(done, 4);
	for (int i = 0; i < 4; i++)
		T_EQ_STR(rs[i].out, "42\n");
}

/* A server message past the bound (set to 1 KiB here) closes the session with the
 * bound's sentence, through the lws thread, instead of growing a buffer. */
T_CASE(exec_message_over_the_bound)
{
	NEED_SERVER();
	ws_set_max_message(1024);
	struct run r = { 0 };
	const char *argv[] = { "sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x; sleep 5", NULL };
	int rc = run_exec(&r, "web", "app", argv, 0, 0, NULL);
	ws_set_max_message(0);
	T_ASSERT(rc == 0);
	T_EQ_INT(r.end.how, EXEC_DROPPED);
	T_ASSERT_MSG(strstr(r.end.err.msg, "larger than 1 KiB") != NULL, "%s", r.end.err.msg);
	T_ASSERT(r.outlen <= 1024);
}

/* A port-forward whose local client does not read while the pod sends 20 MB: kdeck takes
 * no more than its bound from the WebSocket (the rest waits in the server's socket), then
 * every byte arrives once the client reads. */
T_CASE(pfwd_slow_client_back_pressure)
{
	NEED_SERVER();
	struct loop *l = loop_new();
	struct kd_err err = { 0 };
	struct pfwd *p = pfwd_new(l, it_conn, it_ns, "web", 80, 0, &err);
	T_ASSERT_MSG(p != NULL, "%s", err.msg);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int small = 65536;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)pfwd_local_port(p)) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	T_ASSERT(connect(s, (struct sockaddr *)&a, sizeof a) == 0);
	const long want = 20000000;
	char req[64];
	int n = snprintf(req, sizeof req, "GET /bytes/%ld HTTP/1.0\r\n\r\n", want);
	T_ASSERT(write(s, req, (size_t)n) == n);
	fcntl(s, F_SETFL, O_NONBLOCK);
	uint64_t until = loop_now_ms() + 3000;
	while (loop_now_ms() < until)
		loop_run_once(l, 50);
	uint64_t held_in = pfwd_bytes_in(p);
	T_ASSERT_MSG(held_in > 0, "nothing came from the pod: %s", pfwd_last_error(p));
	T_ASSERT_MSG(held_in < (12u << 20), "%llu bytes taken from the pod while the client read nothing",
	    (unsigned long long)held_in);
	static char buf[1 << 16];
	long got = 0, body = -1;
	char head[256] = "";
	size_t hlen = 0;
	until = loop_now_ms() + 30000;
	while ((body < 0 || got - body < want) && loop_now_ms() < until) {
		ssize_t r = read(s, buf, sizeof buf);
		if (r > 0) {
			if (body < 0) {
				size_t k = (size_t)r < sizeof head - 1 - hlen ? (size_t)r : sizeof head - 1 - hlen;
				memcpy(head + hlen, buf, k);
				hlen += k;
				head[hlen] = '\0';
				char *e = strstr(head, "\r\n\r\n");
				if (e != NULL)
					body = (long)(e - head) + 4;
			}
			got += r;
			continue;
		}
		if (r == 0)
			break;
		if (errno != EAGAIN && errno != EINTR)
			break;
		loop_run_once(l, 5);
	}
	T_ASSERT_MSG(strncmp(head, "HTTP/1.", 7) == 0, "%s", head);
	T_ASSERT(body > 0);
	T_EQ_INT(got - body, want);
	close(s);
	pfwd_free(&p);
	loop_free(&l);
}

T_CASE(exec_free_while_connecting)
{
	NEED_SERVER();
	/* freeing at once must neither call back nor leak (ASan checks the latter) */
	struct loop *l = loop_new();
	struct run r = { 0 };
	const char *argv[] = { "sh", "-c", "echo hi", NULL };
	struct exec_opts o = { .ns = it_ns, .pod = "web", .argv = argv };
	struct kd_err err = { 0 };
	struct exec *x = exec_new(l, it_conn, &o, &run_cbs, &r, &err);
	T_ASSERT(x != NULL);
	exec_free(&x);
	uint64_t until = loop_now_ms() + 300;
	while (loop_now_ms() < until)
		loop_run_once(l, 50);
	loop_free(&l);
	T_EQ_INT(r.ended, 0);
	T_EQ_INT(r.opened, 0);
}

T_CASE(exec_wrong_ca_is_refused)
{
	/* the CA bundle must be checked: a kubeconfig naming another CA never connects */
	const char *kc = getenv("KDECK_EXEC_BADCA_KUBECONFIG");
	if (kc == NULL || *kc == '\0')
		T_SKIP("KDECK_EXEC_BADCA_KUBECONFIG is not set (tests/integration/test_exec_ws)");
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(kc, &err);
	T_ASSERT_MSG(cfg != NULL, "%s", err.msg);
	struct kconn *good = it_conn;
	it_conn = kcfg_resolve(cfg, NULL, &err);
	T_ASSERT_MSG(it_conn != NULL, "%s", err.msg);
	struct run r = { 0 };
	const char *argv[] = { "true", NULL };
	int rc = run_exec(&r, "web", "app", argv, 0, 0, NULL);
	kconn_free(&it_conn);
	it_conn = good;
	kcfg_free(&cfg);
	T_ASSERT(rc == 0);
	T_EQ_INT(r.opened, 0);
	T_EQ_INT(r.end.how, EXEC_FAILED);
}

/* ---- benchmarks (KDECK_EXEC_BENCH=1, tests/bench/shell_bench): figures, no asserts ---- */

struct bench {
	struct loop *loop;
	struct term *t;
	size_t got;
	uint64_t t_last;
	int opened, ended;
	char want;
};

static void
bench_open(struct exec *x, const char *p, void *arg)
{
	(void)x;
	(void)p;
	((struct bench *)arg)->opened = 1;
}

static void
bench_output(struct exec *x, int ch, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	(void)ch;
	struct bench *b = arg;
	if (b->t != NULL)
		term_write(b->t, (const char *)buf, len);
	b->got += len;
	if (b->want && memchr(buf, b->want, len) != NULL)
		b->want = 0;
	b->t_last = loop_now_ms();
}

static void
bench_end(struct exec *x, const struct exec_end *e, void *arg)
{
	(void)x;
	(void)e;
	((struct bench *)arg)->ended = 1;
}

static const struct exec_cbs bench_cbs = { bench_open, bench_output, bench_end };

static uint64_t
bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

T_CASE(bench_echo_round_trip)
{
	if (it_conn == NULL || getenv("KDECK_EXEC_BENCH") == NULL)
		T_SKIP("KDECK_EXEC_BENCH is not set");
	struct bench b = { .loop = loop_new() };
	const char *argv[] = { "cat", NULL };
	struct exec_opts o = { .ns = it_ns, .pod = "web", .container = "app", .argv = argv, .tty = 1, .in = 1 };
	struct kd_err err = { 0 };
	struct exec *x = exec_new(b.loop, it_conn, &o, &bench_cbs, &b, &err);
	T_ASSERT(x != NULL);
	while (!b.opened && !b.ended)
		loop_run_once(b.loop, 100);
	uint64_t samples[200];
	int n = 0;
	for (int i = 0; i < 200; i++) {
		char c = (char)('a' + i % 26);
		b.want = c;
		uint64_t t0 = bench_now_us();
		exec_write(x, &c, 1);
		while (b.want && !b.ended)
			loop_run_once(b.loop, 50);
		samples[n++] = bench_now_us() - t0;
	}
	for (int i = 1; i < n; i++)   /* insertion sort */
		for (int j = i; j > 0 && samples[j] < samples[j - 1]; j--) {
			uint64_t tmp = samples[j]; samples[j] = samples[j - 1]; samples[j - 1] = tmp;
		}
	printf("# echo round trip over %d keystrokes: median %.2f ms, p95 %.2f ms, max %.2f ms\n", n,
	    samples[n / 2] / 1000.0, samples[n * 95 / 100] / 1000.0, samples[n - 1] / 1000.0);
	exec_free(&x);
	loop_free(&b.loop);
}

T_CASE(bench_cat_50mb)
{
	if (it_conn == NULL || getenv("KDECK_EXEC_BENCH") == NULL)
		T_SKIP("KDECK_EXEC_BENCH is not set");
	struct bench b = { .loop = loop_new() };
	int cols = 120, rows = 40;
	struct term_cbs tc = { 0 };
	if (getenv("KDECK_BENCH_NO_TERM") == NULL)
		b.t = term_new(rows, cols, 10000, &tc, NULL);
	const char *argv[] = { "sh", "-c", "head -c 50000000 /dev/zero | tr '\\0' 'x' | fold -w 100", NULL };
	struct exec_opts o = { .ns = it_ns, .pod = "web", .container = "app", .argv = argv, .tty = 1, .in = 1 };
	struct kd_err err = { 0 };
	uint64_t t0 = bench_now_us();
	struct exec *x = exec_new(b.loop, it_conn, &o, &bench_cbs, &b, &err);
	T_ASSERT(x != NULL);
	exec_resize(x, cols, rows);
	uint64_t worst_gap = 0, last = bench_now_us(), frame = last;
	int frames = 0;
	while (!b.ended && bench_now_us() - t0 < 120000000ull) {
		loop_run_once(b.loop, 16);
		uint64_t now = bench_now_us();
		if (b.t != NULL && now - frame >= 16000) {
			free(term_screen_text(b.t));   /* a frame's read of the screen, ~60 a second */
			frames++;
			frame = now = bench_now_us();
		}
		if (now - last > worst_gap)
			worst_gap = now - last;   /* the longest the loop was away: responsiveness */
		last = now;
	}
	if (b.t != NULL)
		free(term_screen_text(b.t));   /* the last of it on screen */
	double secs = (bench_now_us() - t0) / 1e6;
	printf("# cat of 50 MB through the pane (vterm included): %.1f MB in %.2f s = %.1f MB/s; "
	    "longest loop turn %.1f ms; %d screen reads\n", b.got / 1e6, secs, b.got / 1e6 / secs, worst_gap / 1000.0,
	    frames);
	exec_free(&x);
	term_free(&b.t);
	loop_free(&b.loop);
}

static long
bench_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

T_CASE(bench_log_ring_million)
{
	if (getenv("KDECK_EXEC_BENCH") == NULL)
		T_SKIP("KDECK_EXEC_BENCH is not set");
	struct logring *r = logring_new(100000, 0);
	char line[160];
	long at[11];
	for (int i = 0; i <= 1000000; i++) {
		if (i % 100000 == 0)
			at[i / 100000] = bench_rss_kb();
		int n = snprintf(line, sizeof(line), "10.244.%d.%d - - \"GET /api/v1/items/%d HTTP/1.1\" 200 %d \"-\" "
		    "\"python-requests/2.31.0\"", i % 250, i % 200, i, i * 7 % 30000);
		logring_push(r, "2026-01-01T00:00:00.123456789Z", line, (size_t)n, 0);
	}
	printf("# log ring (100k lines) RSS at 100k..1M lines pushed (MiB):");
	for (int k = 1; k <= 10; k++)
		printf(" %.1f", at[k] / 1024.0);
	printf("\n");
	logring_free(&r);
}

int
main(void)
{
	T_RUN(exec_path_encodes_argv_and_container);
	T_RUN(exec_frame_puts_channel_first);
	T_RUN(exec_status_success_and_exit_codes);
	T_RUN(exec_status_failures_are_messages);
	T_RUN(exec_feed_channels);
	T_RUN(api_escape_reserved);
	T_RUN(ws_message_bound);

	const char *kc = getenv("KDECK_EXEC_KUBECONFIG");
	it_ns = getenv("KDECK_EXEC_NS") ? getenv("KDECK_EXEC_NS") : "kdeck-shell";
	if (kc != NULL && *kc) {
		struct kd_err err = { 0 };
		it_cfg = kcfg_load(kc, &err);
		if (it_cfg != NULL)
			it_conn = kcfg_resolve(it_cfg, getenv("KDECK_EXEC_CONTEXT"), &err);
		if (it_conn == NULL)
			printf("FAIL exec_setup: %s\n", err.msg);
	}
	T_RUN(exec_echo_42_over_v5);
	T_RUN(exec_exit_code_3);
	T_RUN(exec_v4_fallback);
	T_RUN(exec_stdin_and_close);
	T_RUN(exec_tty_size_from_the_start);
	T_RUN(exec_refused_pod_missing);
	T_RUN(exec_distroless_has_no_shell);
	T_RUN(exec_many_sessions_at_once);
	T_RUN(exec_message_over_the_bound);
	T_RUN(pfwd_slow_client_back_pressure);
	T_RUN(exec_free_while_connecting);
	T_RUN(exec_wrong_ca_is_refused);
	T_RUN(bench_echo_round_trip);
	T_RUN(bench_cat_50mb);
	T_RUN(bench_log_ring_million);
	ws_shutdown();
	kconn_free(&it_conn);
	kcfg_free(&it_cfg);
	return t_done();
}
