#define _GNU_SOURCE
#include "util/proc.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PROC_MAX_CHILDREN 32

/* Read from signal handlers: plain words written whole. */
static volatile sig_atomic_t proc_children[PROC_MAX_CHILDREN];
static volatile sig_atomic_t proc_killed;
static volatile sig_atomic_t proc_ends[65] = { [SIGTERM] = 1, [SIGINT] = 1, [SIGHUP] = 1 };

void
proc_child_add(pid_t pid)
{
	for (int i = 0; i < PROC_MAX_CHILDREN; i++) {
		if (proc_children[i] == 0) {
			proc_children[i] = (sig_atomic_t)pid;
			break;
		}
	}
	/* a signal between fork and here found no pid to kill */
	if (proc_killed)
		kill(pid, SIGTERM);
}

void
proc_child_remove(pid_t pid)
{
	for (int i = 0; i < PROC_MAX_CHILDREN; i++)
		if (proc_children[i] == (sig_atomic_t)pid)
			proc_children[i] = 0;
}

void
proc_children_kill(void)
{
	proc_killed = 1;
	for (int i = 0; i < PROC_MAX_CHILDREN; i++) {
		pid_t pid = (pid_t)proc_children[i];
		if (pid > 0)
			kill(pid, SIGTERM);
	}
}

int
proc_ending(void)
{
	return proc_killed;
}

void
proc_signal_ends(int sig, int ends)
{
	if (sig > 0 && sig < 65)
		proc_ends[sig] = ends != 0;
}

int
proc_signal_ending(int sig)
{
	return sig > 0 && sig < 65 && proc_ends[sig];
}

int
proc_exit_status(int sig)
{
	return 128 + sig;
}

/* Before a loop (and after it): end now, as the default action would, so that the shell
 * sees 128+N, but not before the children are told. */
static void
proc_on_signal(int sig)
{
	proc_children_kill();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
proc_signals_init(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = proc_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* a signal ignored by the parent (nohup) stays ignored, as POSIX asks */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

void
proc_child_close_fds_from(int lowfd)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0U) == 0)
		return;
#endif
	/* no close_range (kernel before 5.9): every possible descriptor */
	long max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = lowfd; fd < (int)max; fd++)
		close(fd);
}
