#include <stdlib.h>
#include <string.h>

#include "ops/task.h"
#include "util/xmalloc.h"

struct task {
	const struct task_ops *ops;
	void *obj;
	char *context, *title;
};

static struct task **task_list;
static size_t task_n;

struct task *
task_add(const struct task_ops *ops, void *obj, const char *context, const char *title)
{
	struct task *t = xcalloc(1, sizeof *t);
	t->ops = ops;
	t->obj = obj;
	t->context = xstrdup(context ? context : "");
	t->title = xstrdup(title ? title : "");
	task_list = xreallocarray(task_list, task_n + 1, sizeof *task_list);
	task_list[task_n++] = t;
	return t;
}

void
task_remove(struct task **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	for (size_t i = 0; i < task_n; i++)
		if (task_list[i] == *tp) {
			memmove(task_list + i, task_list + i + 1, (task_n - i - 1) * sizeof *task_list);
			task_n--;
			break;
		}
	if (task_n == 0) {
		free(task_list);
		task_list = NULL;
	}
	free((*tp)->context);
	free((*tp)->title);
	free(*tp);
	*tp = NULL;
}

size_t
task_count(void)
{
	return task_n;
}

struct task *
task_at(size_t i)
{
	return i < task_n ? task_list[i] : NULL;
}

size_t
task_live(const char *kind)
{
	size_t n = 0;
	for (size_t i = 0; i < task_n; i++) {
		struct task *t = task_list[i];
		if (kind != NULL && strcmp(t->ops->kind, kind) != 0)
			continue;
		if (t->ops->live == NULL || t->ops->live(t->obj))
			n++;
	}
	return n;
}

const char *
task_kind(const struct task *t)
{
	return t->ops->kind;
}

const char *
task_context(const struct task *t)
{
	return t->context;
}

const char *
task_title(const struct task *t)
{
	return t->title;
}

void *
task_object(const struct task *t)
{
	return t->obj;
}

void
task_stop_all(void)
{
	/* a stop removes its task from the list: stop a copy, newest first */
	size_t n = task_n;
	if (n == 0)
		return;
	struct task *copy[n];
	memcpy(copy, task_list, n * sizeof *copy);
	for (size_t i = n; i-- > 0;) {
		const struct task_ops *ops = copy[i]->ops;
		ops->stop(copy[i]->obj);
	}
}
