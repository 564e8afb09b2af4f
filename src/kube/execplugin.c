#define _GNU_SOURCE
#include "kube/execplugin.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "util/proc.h"
#include "util/xmalloc.h"

extern char **environ;

#define EXECPLUGIN_MAX_OUT (16u << 20)
#define EXECPLUGIN_MAX_ERR (64u << 10)

static long long
execplugin_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The environment for the child: ours, with env's names replaced or added. */
static char **
execplugin_environ(char *const *env)
{
	size_t n = 0, m = 0;
	while (environ[n] != NULL)
		n++;
	while (env != NULL && env[m] != NULL)
		m++;
	char **v = xcalloc(n + m + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		int overridden = 0;
		for (size_t j = 0; j < m && !overridden; j++)
			overridden = strncmp(env[j], environ[i], len) == 0 && env[j][len] == '=';
		if (!overridden)
			v[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		v[k++] = env[j];
	return v;
}

static void
execplugin_append(char **buf, size_t *len, const char *data, size_t n, size_t max)
{
	if (*len + n > max)
		n = max - *len;
	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Forks and execs argv with out, err and fail pipes (read ends returned, close-on-exec).
 * 0 with *pid, or -1 with r->status and r->sys_errno set. */
static int
execplugin_spawn(char *const *argv, char *const *env, int interactive, pid_t *pidp, int fds[3],
    struct execplugin_result *r)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, failp[2] = { -1, -1 };
	fds[0] = fds[1] = fds[2] = -1;
	if (proc_ending()) {   /* a retry after the signal that ends kdeck killed the last run */
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = EINTR;
		return -1;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 || pipe2(failp, O_CLOEXEC) != 0) {
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = errno;
		goto fail;
	}
	char **envp = execplugin_environ(env);
	pid_t pid = fork();
	if (pid < 0) {
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = errno;
		free(envp);
		goto fail;
	}
	if (pid == 0) {
		/* the child: only async-signal-safe calls from here */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		if (!interactive) {
			int devnull = open("/dev/null", O_RDONLY);
			if (devnull >= 0) {
				dup2(devnull, STDIN_FILENO);
				close(devnull);
			}
		}
		dup2(outp[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		close(outp[0]), close(outp[1]), close(errp[0]), close(errp[1]), close(failp[0]);
		/* the plugin gets 0-2 and nothing of kdeck's (its log, its TLS connections); the
		 * fail pipe is close-on-exec and tells an exec that failed */
		if (failp[1] != 3) {
			if (dup2(failp[1], 3) < 0)
				_exit(127);
			close(failp[1]);
			failp[1] = 3;
		}
		fcntl(3, F_SETFD, FD_CLOEXEC);
		proc_child_close_fds_from(4);
		if (strchr(argv[0], '/') != NULL) {
			execve(argv[0], argv, envp);
		} else {
			/* PATH lookup from our own PATH, as kubectl's exec.LookPath does */
			const char *path = getenv("PATH");
			if (path == NULL || *path == '\0')
				path = "/usr/local/bin:/usr/bin:/bin";
			char buf[4096];
			int e = ENOENT;
			while (*path != '\0') {
				size_t n = strcspn(path, ":");
				size_t cl = strlen(argv[0]);
				if (n + cl + 2 < sizeof buf) {
					if (n == 0)
						buf[0] = '.', n = 1;
					else
						memcpy(buf, path, n);
					buf[n] = '/';
					memcpy(buf + n + 1, argv[0], cl + 1);
					execve(buf, argv, envp);
					if (errno != ENOENT && errno != ENOTDIR)
						e = errno;
				}
				path += strcspn(path, ":");
				if (*path == ':')
					path++;
			}
			errno = e;
		}
		int e = errno;
		ssize_t w = write(failp[1], &e, sizeof e);
		(void)w;
		_exit(127);
	}
	proc_child_add(pid);
	free(envp);
	close(outp[1]), close(errp[1]), close(failp[1]);
	fds[0] = outp[0], fds[1] = errp[0], fds[2] = failp[0];
	*pidp = pid;
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
		if (failp[i] >= 0)
			close(failp[i]);
	}
	return -1;
}

/* Appends what fd i (0 out, 1 err) gave; an interactive plugin's stderr is its
 * conversation with the user, so it also goes to the terminal. */
static void
execplugin_take(struct execplugin_result *r, int i, const char *chunk, size_t k, int interactive)
{
	if (i == 0) {
		execplugin_append(&r->out, &r->outlen, chunk, k, EXECPLUGIN_MAX_OUT);
		return;
	}
	size_t elen = strlen(r->err);
	execplugin_append(&r->err, &elen, chunk, k, EXECPLUGIN_MAX_ERR);
	if (interactive) {
		ssize_t w = write(STDERR_FILENO, chunk, k);
		(void)w;
	}
}

/* The status from how the child ended. */
static void
execplugin_status(struct execplugin_result *r, pid_t pid, pid_t w, int st, int exec_failed, int e,
    int timed_out)
{
	if (exec_failed) {
		r->sys_errno = e;
		r->status = e == ENOENT || e == EACCES || e == ENOTDIR ? EXECPLUGIN_NOTFOUND : EXECPLUGIN_ERROR;
	} else if (timed_out) {
		r->status = EXECPLUGIN_TIMEOUT;
	} else if (w == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		r->status = EXECPLUGIN_OK;
	} else if (w == pid && WIFEXITED(st)) {
		r->status = EXECPLUGIN_EXIT;
		r->code = WEXITSTATUS(st);
	} else if (w == pid && WIFSIGNALED(st)) {
		r->status = EXECPLUGIN_EXIT;
		r->code = -1;
		r->sig = WTERMSIG(st);
	} else {
		r->status = EXECPLUGIN_OK;   /* SIGCHLD ignored elsewhere: trust the output */
	}
}

static void
execplugin_result_init(struct execplugin_result *r)
{
	memset(r, 0, sizeof *r);
	r->out = xstrdup("");
	r->err = xstrdup("");
}

void
execplugin_run(char *const *argv, char *const *env, int interactive, int timeout_ms, struct execplugin_result *r)
{
	execplugin_result_init(r);
	pid_t pid;
	int fds[3];
	if (execplugin_spawn(argv, env, interactive, &pid, fds, r) != 0)
		return;

	int e = 0;
	ssize_t got;
	do
		got = read(fds[2], &e, sizeof e);
	while (got < 0 && errno == EINTR);
	int exec_failed = got == (ssize_t)sizeof e;

	long long deadline = execplugin_now_ms() + timeout_ms;
	struct pollfd pfd[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	int open_fds = 2, timed_out = 0;
	char chunk[8192];
	while (open_fds > 0) {
		long long left = deadline - execplugin_now_ms();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		int n = poll(pfd, 2, (int)(left > 1000 ? 1000 : left));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			ssize_t k = read(pfd[i].fd, chunk, sizeof chunk);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			execplugin_take(r, i, chunk, (size_t)k, interactive);
		}
	}
	explicit_bzero(chunk, sizeof chunk);
	if (timed_out)
		kill(pid, SIGKILL);
	int st = 0;
	pid_t w;
	do
		w = waitpid(pid, &st, 0);
	while (w < 0 && errno == EINTR);
	proc_child_remove(pid);
	execplugin_status(r, pid, w, st, exec_failed, e, timed_out);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
}

/* ---- on the loop ------------------------------------------------------------------ */

#define EXECPLUGIN_REAP_MS 10

struct execplugin {
	struct loop *loop;
	pid_t pid;
	int fd[3];                 /* out, err, fail; -1 once at EOF */
	struct loop_fd *watch[3];
	struct loop_timer *timer;  /* the time limit, or the next look for its exit */
	uint64_t deadline;
	int timed_out, exec_failed, exec_errno;
	int failed_start;
	struct execplugin_result r;
	execplugin_done_cb done;
	void *arg;
};

static void execplugin_reap(void *arg);

static void
execplugin_close(struct execplugin *p, int i)
{
	loop_fd_del(p->loop, &p->watch[i]);
	if (p->fd[i] >= 0)
		close(p->fd[i]);
	p->fd[i] = -1;
}

static void
execplugin_free(struct execplugin *p)
{
	for (int i = 0; i < 3; i++)
		execplugin_close(p, i);
	loop_timer_cancel(p->loop, &p->timer);
	execplugin_result_free(&p->r);
	free(p);
}

/* Calls done with the result and frees the handle. */
static void
execplugin_finish(struct execplugin *p)
{
	execplugin_done_cb done = p->done;
	void *arg = p->arg;
	struct execplugin_result r = p->r;
	p->r.out = p->r.err = NULL;
	execplugin_free(p);
	done(&r, arg);
	execplugin_result_free(&r);
}

static void
execplugin_try_reap(struct execplugin *p)
{
	if (p->fd[0] >= 0 || p->fd[1] >= 0 || p->fd[2] >= 0)
		return;
	int st = 0;
	pid_t w;
	do
		w = waitpid(p->pid, &st, p->timed_out ? 0 : WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == 0) {   /* it closed its output but has not exited yet: look again soon */
		loop_timer_cancel(p->loop, &p->timer);
		p->timer = loop_timer_add(p->loop, EXECPLUGIN_REAP_MS, execplugin_reap, p);
		return;
	}
	proc_child_remove(p->pid);
	execplugin_status(&p->r, p->pid, w, st, p->exec_failed, p->exec_errno, p->timed_out);
	execplugin_finish(p);
}

static void
execplugin_on_fd(int fd, int events, void *arg)
{
	(void)events;
	struct execplugin *p = arg;
	int i = fd == p->fd[0] ? 0 : fd == p->fd[1] ? 1 : 2;
	char chunk[8192];
	ssize_t k = read(fd, chunk, i == 2 ? sizeof p->exec_errno : sizeof chunk);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (k <= 0) {
		execplugin_close(p, i);
		execplugin_try_reap(p);
		return;
	}
	if (i == 2) {
		if (k == (ssize_t)sizeof p->exec_errno) {
			memcpy(&p->exec_errno, chunk, sizeof p->exec_errno);
			p->exec_failed = 1;
		}
		return;
	}
	execplugin_take(&p->r, i, chunk, (size_t)k, 0);
	explicit_bzero(chunk, (size_t)k);
}

/* The time limit (killed then, its pipes not waited for: a grandchild may hold them), or
 * a look for the exit of a child that closed its pipes. */
static void
execplugin_reap(void *arg)
{
	struct execplugin *p = arg;
	p->timer = NULL;
	if (!p->timed_out && loop_now_ms() >= p->deadline) {
		p->timed_out = 1;
		kill(p->pid, SIGKILL);
		for (int i = 0; i < 3; i++)
			execplugin_close(p, i);
	}
	execplugin_try_reap(p);
}

static void
execplugin_on_start_failed(void *arg)
{
	struct execplugin *p = arg;
	p->timer = NULL;
	execplugin_finish(p);
}

struct execplugin *
execplugin_start(struct loop *l, char *const *argv, char *const *env, int timeout_ms,
    execplugin_done_cb done, void *arg)
{
	struct execplugin *p = xcalloc(1, sizeof *p);
	p->loop = l;
	p->done = done;
	p->arg = arg;
	execplugin_result_init(&p->r);
	if (execplugin_spawn(argv, env, 0, &p->pid, p->fd, &p->r) != 0) {
		/* said on the next turn of the loop, never from inside execplugin_start */
		p->failed_start = 1;
		p->timer = loop_timer_add(l, 0, execplugin_on_start_failed, p);
		return p;
	}
	for (int i = 0; i < 3; i++) {
		fcntl(p->fd[i], F_SETFL, fcntl(p->fd[i], F_GETFL) | O_NONBLOCK);
		p->watch[i] = loop_fd_add(l, p->fd[i], LOOP_IN, execplugin_on_fd, p);
	}
	p->deadline = loop_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1);
	p->timer = loop_timer_add(l, (uint64_t)(timeout_ms > 0 ? timeout_ms : 1), execplugin_reap, p);
	return p;
}

pid_t
execplugin_pid(const struct execplugin *p)
{
	return p != NULL && !p->failed_start ? p->pid : 0;
}

void
execplugin_cancel(struct execplugin **pp)
{
	struct execplugin *p = pp ? *pp : NULL;
	if (p == NULL)
		return;
	*pp = NULL;
	if (!p->failed_start) {
		kill(p->pid, SIGKILL);
		pid_t w;
		do
			w = waitpid(p->pid, NULL, 0);
		while (w < 0 && errno == EINTR);
		proc_child_remove(p->pid);
	}
	execplugin_free(p);
}

void
execplugin_result_free(struct execplugin_result *r)
{
	xfree_secret(&r->out);
	free(r->err);
	r->err = NULL;
}
