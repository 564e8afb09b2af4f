#include <stdio.h>
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

static int
task_is(const struct task *t, const char *kind)
{
	return kind == NULL || strcmp(t->ops->kind, kind) == 0;
}

size_t
task_count(const char *kind)
{
	size_t n = 0;
	for (size_t i = 0; i < task_n; i++)
		n += task_is(task_list[i], kind);
	return n;
}

struct task *
task_at(const char *kind, size_t i)
{
	for (size_t k = 0; k < task_n; k++)
		if (task_is(task_list[k], kind) && i-- == 0)
			return task_list[k];
	return NULL;
}

size_t
task_live(const char *kind)
{
	size_t n = 0;
	for (size_t i = 0; i < task_n; i++) {
		struct task *t = task_list[i];
		if (task_is(t, kind) && (t->ops->live == NULL || t->ops->live(t->obj)))
			n++;
	}
	return n;
}

size_t
task_ending(char *buf, size_t len)
{
	static const char *const kinds[] = { "shell", "forward", "drain" };
	char part[3][40];
	size_t live[3], total = 0, n = 0;

	for (int k = 0; k < 3; k++) {
		live[k] = task_live(kinds[k]);
		total += live[k];
		if (live[k] > 0)
			snprintf(part[n++], sizeof part[0], "%zu %s%s", live[k], kinds[k], live[k] == 1 ? "" : "s");
	}
	/* "1 shell", "1 shell and 2 forwards", "1 shell, 2 forwards and 1 drain" */
	snprintf(buf, len, "%s%s%s%s%s", n > 0 ? part[0] : "", n == 3 ? ", " : n == 2 ? " and " : "",
	    n > 1 ? part[1] : "", n == 3 ? " and " : "", n == 3 ? part[2] : "");
	return total;
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
