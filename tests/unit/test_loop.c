/* The event loop: timers in order and cancelled, fds, a signal through the self-pipe,
 * loop_post from another thread, a post taken back before it ran, quitting. */
#define _DEFAULT_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

static char order[32];
static void tick(void *arg) { strncat(order, arg, 1); }
static int got_sig, got_fd, got_post;
static void on_sig(int sig, void *arg) { (void)arg; got_sig = sig; }
static void on_fd(int fd, int ev, void *arg) { char b[8]; (void)arg; if (ev & LOOP_IN) got_fd += (int)read(fd, b, sizeof b); }
static struct loop *L;
static int counted;
static void count(void *arg) { counted += *(int *)arg; }
static void on_post_quit(void *arg) { got_post = *(int *)arg; loop_quit(L); }
static void *poster(void *arg) { usleep(20000); loop_post(L, on_post_quit, arg); return NULL; }

int
main(void)
{
	struct loop *l = L = loop_new();
	loop_timer_add(l, 30, tick, "c");
	loop_timer_add(l, 10, tick, "a");
	struct loop_timer *t = loop_timer_add(l, 20, tick, "x");
	loop_timer_add(l, 20, tick, "b");
	loop_timer_cancel(l, &t);
	CHECK("loop_timer_cancel_clears", t == NULL);
	for (int i = 0; i < 20 && strlen(order) < 3; i++)
		loop_run_once(l, 100);
	CHECK("loop_timers_in_order", strcmp(order, "abc") == 0);

	int p[2];
	(void)!pipe(p);
	struct loop_fd *f = loop_fd_add(l, p[0], LOOP_IN, on_fd, NULL);
	(void)!write(p[1], "hey", 3);
	loop_run_once(l, 100);
	CHECK("loop_fd_readable", got_fd == 3);
	loop_fd_del(l, &f);
	(void)!write(p[1], "more", 4);
	loop_run_once(l, 10);
	CHECK("loop_fd_deleted", f == NULL && got_fd == 3);

	loop_signal(l, SIGUSR1, on_sig, NULL);
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 10 && !got_sig; i++)
		loop_run_once(l, 50);
	CHECK("loop_signal_on_loop_thread", got_sig == SIGUSR1);

	/* posts taken back never run; the others still do, in order, and later posts
	 * still queue behind them */
	int one = 1, ten = 10, hundred = 100;
	loop_post(l, count, &one);
	loop_post(l, count, &ten);
	loop_post(l, count, &one);
	size_t taken = loop_post_cancel(l, count, &one);
	loop_post(l, count, &hundred);
	for (int i = 0; i < 5; i++)
		loop_run_once(l, 10);
	CHECK("loop_post_cancel_takes_back_only_its_own", taken == 2 && counted == 110);

	int value = 42;
	pthread_t th;
	pthread_create(&th, NULL, poster, &value);
	loop_run(l);
	pthread_join(th, NULL);
	CHECK("loop_post_from_thread_and_quit", got_post == 42 && loop_quitting(l));
	loop_free(&l);
	loop_free(&l);
	CHECK("loop_free_null", l == NULL);
	close(p[0]);
	close(p[1]);
	return failed;
}
