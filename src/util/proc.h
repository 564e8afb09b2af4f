#ifndef KDECK_UTIL_PROC_H
#define KDECK_UTIL_PROC_H

/* The process as a whole: how it ends on a signal, the children that end with it, and
 * what a child inherits. */

#include <sys/types.h>

/* From main's first lines: SIGTERM, SIGINT and SIGHUP end kdeck at once with 128+N (the
 * children killed first) until a loop takes them (loop_signal), and again after. */
void proc_signals_init(void);

/* Whether sig (SIGTERM, SIGINT, SIGHUP) ends kdeck at once: the loop's handler then kills
 * the children before the loop sees it. The full screen asks on SIGINT: 0 for it. */
void proc_signal_ends(int sig, int ends);
int proc_signal_ending(int sig);

/* The exit status for a signal that ended kdeck. */
int proc_exit_status(int sig);

/* A child that must not outlive kdeck (an exec plugin): added after fork, removed once it
 * is reaped. */
void proc_child_add(pid_t pid);
void proc_child_remove(pid_t pid);

/* Sends SIGTERM to every child still running, and to every one started from now on:
 * kdeck is ending. Async-signal-safe. */
void proc_children_kill(void);

/* Whether kdeck is ending (proc_children_kill was called): start no child. */
int proc_ending(void);

/* In a child between fork and exec: closes every descriptor from lowfd on (3: the child
 * gets only its standard input, output and error). Async-signal-safe. */
void proc_child_close_fds_from(int lowfd);

#endif
