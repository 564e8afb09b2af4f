/* Long-running tasks: what goes on after the key that started it (a shell session, a
 * port-forward; rollouts and drains to come), in one registry for the whole program, so
 * every screen can list them with their cluster and quitting can say what will end. A
 * task is owned by whoever added it; the registry only points at it. No curses here. */
#ifndef KD_TASK_H
#define KD_TASK_H

#include <stddef.h>

struct task;

/* What the registry asks of a kind of task. */
struct task_ops {
	const char *kind;               /* "shell", "forward" */
	int (*live)(void *obj);         /* still running (NULL: always while registered) */
};

/* Registers obj (borrowed) of ops's kind, on context (copied), titled title (copied). */
struct task *task_add(const struct task_ops *ops, void *obj, const char *context, const char *title);
/* Unregisters; accepts NULL; sets *t = NULL. */
void task_remove(struct task **t);

/* How many tasks of kind there are (NULL: every kind), in the order they started. */
size_t task_count(const char *kind);
/* The i-th of kind (NULL: of all); NULL past the end. */
struct task *task_at(const char *kind, size_t i);
/* How many of kind are live (NULL: every kind). */
size_t task_live(const char *kind);
/* What quitting would end, as a user reads it ("2 shells and 1 forward", "1 shell, 1
 * forward and 1 drain"; "" when nothing is live); returns how many live shells, forwards
 * and drains there are. */
size_t task_ending(char *buf, size_t len);
const char *task_kind(const struct task *t);
const char *task_context(const struct task *t);
const char *task_title(const struct task *t);
void *task_object(const struct task *t);

#endif
