/* Long-running tasks: what goes on after the key that started it (a shell session, a
 * port-forward; rollouts and drains to come), in one registry for the whole program, so
 * the screens can list them with their cluster, quitting can say what will end, and
 * everything is stopped in one place at exit. A task is owned by whoever added it; the
 * registry only points at it. No curses here. */
#ifndef KD_TASK_H
#define KD_TASK_H

#include <stddef.h>

struct task;

/* What the registry may do with a task's object. */
struct task_ops {
	const char *kind;               /* "shell", "forward" */
	int (*live)(void *obj);         /* still running (NULL: always while registered) */
	void (*stop)(void *obj);        /* ends it now; its owner removes the task */
};

/* Registers obj (borrowed) of ops's kind, on context (copied), titled title (copied). */
struct task *task_add(const struct task_ops *ops, void *obj, const char *context, const char *title);
/* Unregisters; accepts NULL; sets *t = NULL. */
void task_remove(struct task **t);

size_t task_count(void);
struct task *task_at(size_t i);
/* How many live tasks of kind there are (NULL: every kind). */
size_t task_live(const char *kind);
const char *task_kind(const struct task *t);
const char *task_context(const struct task *t);
const char *task_title(const struct task *t);
void *task_object(const struct task *t);
/* Stops every task, newest first (at exit). */
void task_stop_all(void);

#endif
