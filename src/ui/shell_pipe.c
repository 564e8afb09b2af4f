/* `kdeck --exec POD -- CMD` without a terminal: the command's stdout and stderr to kdeck's,
 * its exit code as kdeck's, as `kubectl exec POD -- CMD` does; see shell.h. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/exec.h"
#include "kube/kubeconfig.h"
#include "kube/ws.h"
#include "log.h"
#include "loop.h"
#include "ui/shell.h"
#include "util/proc.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct shell_pipe {
	struct loop *loop;
	const char *title;
	int status, done;
};

static int
shell_pipe_write(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
shell_pipe_output(struct exec *x, int channel, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	struct shell_pipe *p = arg;
	if (shell_pipe_write(channel == EXEC_STDERR ? STDERR_FILENO : STDOUT_FILENO, buf, len) != 0 &&
	    !p->done) {   /* the reader went away (a closed pipe): end as a writer to it does */
		p->status = 141;
		p->done = 1;
		loop_quit(p->loop);
	}
}

static void
shell_pipe_end(struct exec *x, const struct exec_end *end, void *arg)
{
	(void)x;
	struct shell_pipe *p = arg;
	if (p->done)
		return;
	p->done = 1;
	if (end->how == EXEC_EXITED) {
		p->status = end->exit_code;
		log_info("audit: shell %s ended: exited with code %d", p->title, end->exit_code);
	} else {
		p->status = 1;
		fprintf(stderr, "kdeck: %s: %s\n", p->title, end->err.msg);
		log_info("audit: shell %s ended: %s", p->title, end->err.msg);
	}
	loop_quit(p->loop);
}

static void
shell_pipe_signal(int sig, void *arg)
{
	struct shell_pipe *p = arg;
	if (p->done)
		return;
	p->done = 1;
	p->status = proc_exit_status(sig);
	loop_quit(p->loop);
}

static const struct exec_cbs shell_pipe_cbs = { NULL, shell_pipe_output, shell_pipe_end };

int
shell_pipe_run(struct loop *l, struct kconn *conn, const char *ns, const char *pod,
    const char *container, const char *const *argv)
{
	char *title = xasprintf("%s/%s%s%s", ns, pod, container ? "/" : "", container ? container : "");
	struct sbuf detail = { 0 };
	sbuf_str(&detail, container ? container : "");
	for (size_t i = 0; argv[i] != NULL; i++) {
		sbuf_str(&detail, i == 0 ? ": " : " ");
		sbuf_str(&detail, argv[i]);
	}
	struct api_ref ref = { .resource = "pods", .ns = ns, .name = pod, .subresource = "exec" };
	log_info("audit: shell %s context %s user %s (no terminal)", title, conn->context ? conn->context : "",
	    conn->user ? conn->user : "?");
	audit_session(conn->context, conn, "exec", &ref, detail.s ? detail.s : "");
	struct shell_pipe p = { .loop = l, .title = title };
	signal(SIGPIPE, SIG_IGN);
	loop_signal(l, SIGHUP, shell_pipe_signal, &p);
	loop_signal(l, SIGTERM, shell_pipe_signal, &p);
	loop_signal(l, SIGINT, shell_pipe_signal, &p);
	struct exec_opts o = { .ns = ns, .pod = pod, .container = container, .argv = argv };
	struct kd_err err = { 0 };
	struct exec *x = exec_new(l, conn, &o, &shell_pipe_cbs, &p, &err);
	if (x == NULL) {
		fprintf(stderr, "kdeck: %s: %s\n", title, err.msg);
		p.status = 1;
	} else {
		if (!p.done)
			loop_run(l);
		exec_free(&x);
	}
	ws_shutdown();
	free(title);
	free(detail.s);
	return p.status;
}
