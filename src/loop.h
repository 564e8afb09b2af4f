/* The one event loop: the tty and other file descriptors, timers, signals (through a
 * self-pipe), libcurl's sockets (kube/http.c registers them here) and, later, messages
 * from the libwebsockets thread (loop_post). Everything runs on the thread that calls
 * loop_run; callbacks must not block. See docs/event-loop.md for why it is built so. */
#ifndef KD_LOOP_H
#define KD_LOOP_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct loop_fd;
struct loop_timer;

enum { LOOP_IN = 1, LOOP_OUT = 2 };

typedef void (*loop_fd_cb)(int fd, int events, void *arg);
typedef void (*loop_timer_cb)(void *arg);
typedef void (*loop_signal_cb)(int sig, void *arg);
typedef void (*loop_post_cb)(void *arg);

struct loop *loop_new(void);
/* Frees the loop; fds and timers still registered are dropped (not closed). */
void loop_free(struct loop **lp);

/* Milliseconds on a monotonic clock. */
uint64_t loop_now_ms(void);

/* Watches fd for events (LOOP_IN|LOOP_OUT). The handle is owned by the loop until
 * loop_fd_del. */
struct loop_fd *loop_fd_add(struct loop *l, int fd, int events, loop_fd_cb cb, void *arg);
void loop_fd_set(struct loop_fd *f, int events);
void loop_fd_del(struct loop *l, struct loop_fd **f);

/* A one-shot timer firing after ms milliseconds. The handle is freed after it fires
 * (before the callback runs); loop_timer_cancel frees it earlier and sets *t = NULL. */
struct loop_timer *loop_timer_add(struct loop *l, uint64_t ms, loop_timer_cb cb, void *arg);
void loop_timer_cancel(struct loop *l, struct loop_timer **t);

/* Calls cb on the loop's thread when sig arrives. Returns 0 or -1 (sigaction failed). */
int loop_signal(struct loop *l, int sig, loop_signal_cb cb, void *arg);

/* Thread-safe: runs cb(arg) on the loop's thread soon. The one way other threads
 * (libwebsockets) talk to the loop. */
void loop_post(struct loop *l, loop_post_cb cb, void *arg);
/* Takes back the posts of cb(arg) that have not run yet (a ws freed before its last
 * delivery: that delivery's hold on it is its owner's to drop). Returns how many. Call
 * it on the loop's thread. */
size_t loop_post_cancel(struct loop *l, loop_post_cb cb, void *arg);

/* Waits at most max_ms (-1: until something happens) and dispatches what is ready.
 * Returns the number of callbacks run. */
int loop_run_once(struct loop *l, int max_ms);
/* Runs until loop_quit. */
void loop_run(struct loop *l);
void loop_quit(struct loop *l);
int loop_quitting(const struct loop *l);

#endif
