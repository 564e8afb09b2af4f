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
#include <time.h>
#include <unistd.h>

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

void
execplugin_run(char *const *argv, char *const *env, int interactive, int timeout_ms, struct execplugin_result *r)
{
	memset(r, 0, sizeof *r);
	r->out = xstrdup("");
	r->err = xstrdup("");
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, failp[2] = { -1, -1 };
	if (proc_ending()) {   /* a retry after the signal that ends kdeck killed the last run */
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = EINTR;
		return;
	}
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 || pipe2(failp, O_CLOEXEC) != 0) {
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = errno;
		goto close;
	}
	char **envp = execplugin_environ(env);
	pid_t pid = fork();
	if (pid < 0) {
		r->status = EXECPLUGIN_ERROR;
		r->sys_errno = errno;
		free(envp);
		goto close;
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
	outp[1] = errp[1] = failp[1] = -1;

	int e = 0;
	ssize_t got;
	do
		got = read(failp[0], &e, sizeof e);
	while (got < 0 && errno == EINTR);
	int exec_failed = got == (ssize_t)sizeof e;

	long long deadline = execplugin_now_ms() + timeout_ms;
	struct pollfd fds[2] = { { outp[0], POLLIN, 0 }, { errp[0], POLLIN, 0 } };
	int open_fds = 2, timed_out = 0;
	char chunk[8192];
	while (open_fds > 0) {
		long long left = deadline - execplugin_now_ms();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		int n = poll(fds, 2, (int)(left > 1000 ? 1000 : left));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			ssize_t k = read(fds[i].fd, chunk, sizeof chunk);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0)
				execplugin_append(&r->out, &r->outlen, chunk, (size_t)k, EXECPLUGIN_MAX_OUT);
			else {
				size_t elen = strlen(r->err);
				execplugin_append(&r->err, &elen, chunk, (size_t)k, EXECPLUGIN_MAX_ERR);
			}
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
close:
	for (int i = 0; i < 2; i++) {
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
		if (failp[i] >= 0)
			close(failp[i]);
	}
}

void
execplugin_result_free(struct execplugin_result *r)
{
	xfree_secret(&r->out);
	free(r->err);
	r->err = NULL;
}
