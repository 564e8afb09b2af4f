#define _POSIX_C_SOURCE 200809L
#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/proc.h"
#include "util/xmalloc.h"

struct loop_fd {
	int fd;
	int events;
	int dead;
	loop_fd_cb cb;
	void *arg;
};

struct loop_timer {
	uint64_t due;
	uint64_t seq;
	loop_timer_cb cb;
	void *arg;
};

struct loop_post {
	loop_post_cb cb;
	void *arg;
	struct loop_post *next;
};

struct loop {
	struct loop_fd **fds;
	size_t nfds, capfds;
	struct loop_timer **timers;  /* unordered; there are few */
	size_t ntimers, captimers;
	uint64_t timer_seq;
	struct pollfd *pfd;
	size_t cappfd;
	int wake[2];                 /* self-pipe: signals and loop_post */
	struct loop_fd *wake_fd;
	pthread_mutex_t post_lock;
	struct loop_post *posts, **posts_tail;
	int quit;
};

/* Signals are process-wide: one table, one pipe per loop that registered them. */
static struct {
	struct loop *loop;
	loop_signal_cb cb;
	void *arg;
	struct sigaction old;        /* given back by loop_free: main's early handler */
} loop_signals[65];
static volatile sig_atomic_t loop_signal_pending[65];
static int loop_signal_pipe = -1;

uint64_t
loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
loop_set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void
loop_drain_wake(int fd, int events, void *arg)
{
	struct loop *l = arg;
	char buf[256];
	(void)events;
	while (read(fd, buf, sizeof buf) > 0)
		;
	for (int s = 1; s < 65; s++) {
		if (!loop_signal_pending[s] || loop_signals[s].loop != l)
			continue;
		loop_signal_pending[s] = 0;
		loop_signals[s].cb(s, loop_signals[s].arg);
	}
	pthread_mutex_lock(&l->post_lock);
	struct loop_post *p = l->posts;
	l->posts = NULL;
	l->posts_tail = &l->posts;
	pthread_mutex_unlock(&l->post_lock);
	while (p != NULL) {
		struct loop_post *next = p->next;
		p->cb(p->arg);
		free(p);
		p = next;
	}
}

struct loop *
loop_new(void)
{
	struct loop *l = xcalloc(1, sizeof *l);
	if (pipe(l->wake) != 0) {
		free(l);
		return NULL;
	}
	loop_set_nonblock(l->wake[0]);
	loop_set_nonblock(l->wake[1]);
	pthread_mutex_init(&l->post_lock, NULL);
	l->posts_tail = &l->posts;
	l->wake_fd = loop_fd_add(l, l->wake[0], LOOP_IN, loop_drain_wake, l);
	return l;
}

void
loop_free(struct loop **lp)
{
	struct loop *l = lp ? *lp : NULL;
	if (l == NULL)
		return;
	for (int s = 1; s < 65; s++) {
		if (loop_signals[s].loop == l) {
			sigaction(s, &loop_signals[s].old, NULL);
			loop_signals[s].loop = NULL;
		}
	}
	if (loop_signal_pipe == l->wake[1])
		loop_signal_pipe = -1;
	for (size_t i = 0; i < l->nfds; i++)
		free(l->fds[i]);
	for (size_t i = 0; i < l->ntimers; i++)
		free(l->timers[i]);
	while (l->posts != NULL) {
		struct loop_post *n = l->posts->next;
		free(l->posts);
		l->posts = n;
	}
	close(l->wake[0]);
	close(l->wake[1]);
	pthread_mutex_destroy(&l->post_lock);
	free(l->fds);
	free(l->timers);
	free(l->pfd);
	free(l);
	*lp = NULL;
}

struct loop_fd *
loop_fd_add(struct loop *l, int fd, int events, loop_fd_cb cb, void *arg)
{
	struct loop_fd *f = xcalloc(1, sizeof *f);
	f->fd = fd;
	f->events = events;
	f->cb = cb;
	f->arg = arg;
	if (l->nfds == l->capfds) {
		l->capfds = l->capfds ? l->capfds * 2 : 16;
		l->fds = xreallocarray(l->fds, l->capfds, sizeof *l->fds);
	}
	l->fds[l->nfds++] = f;
	return f;
}

void
loop_fd_set(struct loop_fd *f, int events)
{
	f->events = events;
}

void
loop_fd_del(struct loop *l, struct loop_fd **fp)
{
	struct loop_fd *f = fp ? *fp : NULL;
	if (f == NULL)
		return;
	/* Marked now, freed after dispatch: a callback may delete another watcher. */
	f->dead = 1;
	f->cb = NULL;
	(void)l;
	*fp = NULL;
}

struct loop_timer *
loop_timer_add(struct loop *l, uint64_t ms, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t = xcalloc(1, sizeof *t);
	t->due = loop_now_ms() + ms;
	t->seq = ++l->timer_seq;
	t->cb = cb;
	t->arg = arg;
	if (l->ntimers == l->captimers) {
		l->captimers = l->captimers ? l->captimers * 2 : 16;
		l->timers = xreallocarray(l->timers, l->captimers, sizeof *l->timers);
	}
	l->timers[l->ntimers++] = t;
	return t;
}

void
loop_timer_cancel(struct loop *l, struct loop_timer **tp)
{
	struct loop_timer *t = tp ? *tp : NULL;
	if (t == NULL)
		return;
	for (size_t i = 0; i < l->ntimers; i++) {
		if (l->timers[i] == t) {
			l->timers[i] = l->timers[--l->ntimers];
			break;
		}
	}
	free(t);
	*tp = NULL;
}

static void
loop_on_signal(int sig)
{
	int saved = errno;
	if (sig > 0 && sig < 65)
		loop_signal_pending[sig] = 1;
	/* a plugin may be running on this thread: it ends now, not at its timeout */
	if (proc_signal_ending(sig))
		proc_children_kill();
	if (loop_signal_pipe >= 0) {
		char c = (char)sig;
		(void)!write(loop_signal_pipe, &c, 1);
	}
	errno = saved;
}

int
loop_signal(struct loop *l, int sig, loop_signal_cb cb, void *arg)
{
	if (sig <= 0 || sig >= 65)
		return -1;
	struct sigaction old;
	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler != loop_on_signal)
		loop_signals[sig].old = old;
	loop_signals[sig].loop = l;
	loop_signals[sig].cb = cb;
	loop_signals[sig].arg = arg;
	loop_signal_pipe = l->wake[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return sigaction(sig, &sa, NULL) == 0 ? 0 : -1;
}

void
loop_post(struct loop *l, loop_post_cb cb, void *arg)
{
	struct loop_post *p = xcalloc(1, sizeof *p);
	p->cb = cb;
	p->arg = arg;
	pthread_mutex_lock(&l->post_lock);
	*l->posts_tail = p;
	l->posts_tail = &p->next;
	pthread_mutex_unlock(&l->post_lock);
	char c = 0;
	(void)!write(l->wake[1], &c, 1);
}

size_t
loop_post_cancel(struct loop *l, loop_post_cb cb, void *arg)
{
	size_t n = 0;
	pthread_mutex_lock(&l->post_lock);
	struct loop_post **pp = &l->posts;
	while (*pp != NULL) {
		struct loop_post *p = *pp;
		if (p->cb == cb && p->arg == arg) {
			*pp = p->next;
			free(p);
			n++;
		} else {
			pp = &p->next;
		}
	}
	l->posts_tail = pp;
	pthread_mutex_unlock(&l->post_lock);
	return n;
}

static void
loop_reap_fds(struct loop *l)
{
	size_t j = 0;
	for (size_t i = 0; i < l->nfds; i++) {
		if (l->fds[i]->dead)
			free(l->fds[i]);
		else
			l->fds[j++] = l->fds[i];
	}
	l->nfds = j;
}

/* Runs timers that are due, earliest (then oldest) first; returns how many ran. */
static int
loop_run_timers(struct loop *l)
{
	int ran = 0;
	uint64_t now = loop_now_ms();
	for (;;) {
		size_t best = l->ntimers;
		for (size_t i = 0; i < l->ntimers; i++) {
			struct loop_timer *t = l->timers[i];
			if (t->due > now)
				continue;
			if (best == l->ntimers || t->due < l->timers[best]->due ||
			    (t->due == l->timers[best]->due && t->seq < l->timers[best]->seq))
				best = i;
		}
		if (best == l->ntimers)
			return ran;
		struct loop_timer *t = l->timers[best];
		l->timers[best] = l->timers[--l->ntimers];
		loop_timer_cb cb = t->cb;
		void *arg = t->arg;
		free(t);
		cb(arg);
		ran++;
	}
}

int
loop_run_once(struct loop *l, int max_ms)
{
	int ran = loop_run_timers(l);
	loop_reap_fds(l);
	int timeout = max_ms;
	if (ran > 0 || l->quit)
		timeout = 0;
	uint64_t now = loop_now_ms();
	for (size_t i = 0; i < l->ntimers; i++) {
		uint64_t due = l->timers[i]->due;
		int ms = due <= now ? 0 : (int)(due - now > 86400000 ? 86400000 : due - now);
		if (timeout < 0 || ms < timeout)
			timeout = ms;
	}
	if (l->cappfd < l->nfds) {
		l->cappfd = l->nfds;
		l->pfd = xreallocarray(l->pfd, l->cappfd, sizeof *l->pfd);
	}
	size_t n = l->nfds;
	for (size_t i = 0; i < n; i++) {
		struct loop_fd *f = l->fds[i];
		l->pfd[i].fd = f->events ? f->fd : -1;
		l->pfd[i].events = (short)(((f->events & LOOP_IN) ? POLLIN : 0) |
		    ((f->events & LOOP_OUT) ? POLLOUT : 0));
		l->pfd[i].revents = 0;
	}
	int r = poll(l->pfd, n, timeout);
	if (r > 0) {
		/* New watchers added by callbacks go past n and wait for the next round. */
		for (size_t i = 0; i < n; i++) {
			short re = l->pfd[i].revents;
			struct loop_fd *f = l->fds[i];
			if (re == 0 || f->dead || f->cb == NULL)
				continue;
			int ev = 0;
			if (re & (POLLIN | POLLHUP | POLLERR))
				ev |= LOOP_IN;
			if (re & (POLLOUT | POLLERR))
				ev |= LOOP_OUT;
			f->cb(f->fd, ev & (f->events | ((re & (POLLHUP | POLLERR)) ? LOOP_IN : 0)), f->arg);
			ran++;
		}
	}
	ran += loop_run_timers(l);
	loop_reap_fds(l);
	return ran;
}

void
loop_run(struct loop *l)
{
	while (!l->quit)
		loop_run_once(l, -1);
}

void
loop_quit(struct loop *l)
{
	l->quit = 1;
	char c = 0;
	(void)!write(l->wake[1], &c, 1);
}

int
loop_quitting(const struct loop *l)
{
	return l->quit;
}
