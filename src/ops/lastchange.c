#include <stdlib.h>
#include <string.h>

#include "kube/discovery.h"
#include "ops/lastchange.h"
#include "util/xmalloc.h"

/* One per context that has changed anything, newest first: a handful of clusters. */
static struct lastchange **lastchange_all;
static size_t lastchange_n;

static char *
lastchange_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct lastchange *
lastchange_new(const char *context)
{
	struct lastchange *lc = xcalloc(1, sizeof *lc);
	lc->context = xstrdup(context ? context : "");
	lc->at = time(NULL);
	return lc;
}

void
lastchange_add(struct lastchange *lc, const struct kres *res, const char *ns, const char *name,
    const char *subresource, int patch_type, const char *patch, const char *path, const char *set)
{
	lc->steps = xreallocarray(lc->steps, lc->n + 1, sizeof *lc->steps);
	struct lastchange_step *s = &lc->steps[lc->n++];
	memset(s, 0, sizeof *s);
	s->res = xcalloc(1, sizeof *s->res);
	s->res->group = xstrdup(res->group ? res->group : "");
	s->res->version = xstrdup(res->version ? res->version : "v1");
	s->res->resource = xstrdup(res->resource);
	s->res->singular = xstrdup(res->singular ? res->singular : "");
	s->res->kind = xstrdup(res->kind ? res->kind : "");
	s->res->namespaced = res->namespaced;
	s->res->verbs = res->verbs;
	s->res->subres = res->subres;
	s->ns = xstrdup(ns ? ns : "");
	s->name = xstrdup(name);
	s->subresource = lastchange_dup(subresource);
	s->patch_type = patch_type;
	s->patch = xstrdup(patch ? patch : "");
	s->path = lastchange_dup(path);
	s->set = lastchange_dup(set);
}

void
lastchange_free(struct lastchange **lc)
{
	if (lc == NULL || *lc == NULL)
		return;
	for (size_t i = 0; i < (*lc)->n; i++) {
		struct lastchange_step *s = &(*lc)->steps[i];
		kres_clear(s->res);
		free(s->res);
		free(s->ns);
		free(s->name);
		free(s->subresource);
		free(s->patch);
		free(s->path);
		free(s->set);
	}
	free((*lc)->steps);
	free((*lc)->context);
	free((*lc)->what);
	free((*lc)->undo);
	free((*lc)->why_not);
	free(*lc);
	*lc = NULL;
}

static size_t
lastchange_find(const char *context)
{
	size_t i;
	for (i = 0; i < lastchange_n; i++)
		if (strcmp(lastchange_all[i]->context, context ? context : "") == 0)
			break;
	return i;
}

void
lastchange_forget(const char *context)
{
	size_t i = lastchange_find(context);
	if (i == lastchange_n)
		return;
	lastchange_free(&lastchange_all[i]);
	memmove(&lastchange_all[i], &lastchange_all[i + 1], (lastchange_n - i - 1) * sizeof *lastchange_all);
	if (--lastchange_n == 0) {
		free(lastchange_all);
		lastchange_all = NULL;
	}
}

void
lastchange_note(struct lastchange *lc)
{
	if (lc == NULL)
		return;
	lastchange_forget(lc->context);
	lastchange_all = xreallocarray(lastchange_all, lastchange_n + 1, sizeof *lastchange_all);
	memmove(&lastchange_all[1], &lastchange_all[0], lastchange_n * sizeof *lastchange_all);
	lastchange_all[0] = lc;
	lastchange_n++;
}

const struct lastchange *
lastchange_get(const char *context)
{
	size_t i = lastchange_find(context);
	return i < lastchange_n ? lastchange_all[i] : NULL;
}

void
lastchange_clear(void)
{
	while (lastchange_n > 0)
		lastchange_forget(lastchange_all[0]->context);
}
