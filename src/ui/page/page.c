/* The hint lists pages share; see page.h. */
#include <stdlib.h>

#include "ui/page/page.h"
#include "util/xmalloc.h"

#define PAGE_N(a) (sizeof (a) / sizeof (a)[0])

/* the operations are offered where they fit the kind listed (app_draw.c): scale and
 * restart on workloads, cordon, uncordon and drain on nodes */
static const enum action page_browse[] = { ACT_HELP, ACT_COMMAND, ACT_FILTER, ACT_DESCRIBE,
	ACT_YAML, ACT_EDIT, ACT_LOGS, ACT_SHELL, ACT_SCALE, ACT_RESTART, ACT_CORDON, ACT_UNCORDON,
	ACT_DRAIN, ACT_DELETE, ACT_MARK, ACT_SORT_NEXT, ACT_ALL_NAMESPACES, ACT_QUIT };
const struct page_hints page_hints_browse = { page_browse, PAGE_N(page_browse), KEYMAP_KEYS, NULL };

/* lists of the table engine that are not resources: clusters, projects, workloads */
static const enum action page_list[] = { ACT_HELP, ACT_COMMAND, ACT_ENTER, ACT_FILTER,
	ACT_SORT_NEXT, ACT_BACK, ACT_QUIT };
const struct page_hints page_hints_list = { page_list, PAGE_N(page_list), KEYMAP_KEYS, NULL };

/* in a viewer "/" searches */
static const enum action page_text[] = { ACT_BACK, ACT_FILTER, ACT_SEARCH_BACK, ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV, ACT_FOLD, ACT_HELP, ACT_QUIT };
static const char *const page_text_words[] = { NULL, "search", NULL, NULL, NULL, NULL, NULL, NULL };
const struct page_hints page_hints_text = { page_text, PAGE_N(page_text), KEYMAP_VIEWER, page_text_words };

/* the log view's keys are those of the keymap's logs: section, else viewer:, else keys: */
static const enum action page_logs[] = { ACT_BACK, ACT_LOG_FOLLOW, ACT_LOG_PREVIOUS, ACT_LOG_TIMESTAMPS,
	ACT_LOG_WRAP, ACT_LOG_CONTAINER, ACT_LOG_TAIL, ACT_LOG_SINCE, ACT_LOG_SAVE, ACT_FILTER,
	ACT_SEARCH_BACK, ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_HELP, ACT_QUIT };
static const char *const page_logs_words[] = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"search", NULL, NULL, NULL, NULL, NULL };
const struct page_hints page_hints_logs = { page_logs, PAGE_N(page_logs), KEYMAP_LOGS, page_logs_words };

struct cluster *
page_cluster(struct page *pg)
{
	if (pg == NULL)
		return NULL;
	if (pg->ops->cluster != NULL)
		return pg->ops->cluster(pg);
	return pg->cluster;
}

void
page_targets_add(struct page_target **t, size_t *n, struct cluster *c, const struct kres *res,
    const char *ns, const char *name)
{
	*t = xreallocarray(*t, *n + 1, sizeof **t);
	(*t)[*n].cluster = c;
	(*t)[*n].res = res;
	(*t)[*n].ns = xstrdup(ns ? ns : "");
	(*t)[*n].name = xstrdup(name);
	(*n)++;
}

void
page_targets_free(struct page_target **t, size_t n)
{
	if (t == NULL || *t == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*t)[i].ns);
		free((*t)[i].name);
	}
	free(*t);
	*t = NULL;
}
