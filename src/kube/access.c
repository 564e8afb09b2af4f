#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/access.h"
#include "kube/api.h"
#include "util/xmalloc.h"

struct access_entry {
	char *key;            /* "verb|group|resource|subresource|ns" */
	enum access_answer answer;
	char reason[200];
	struct api_call *call;
	access_cb changed;
	void *arg;
	struct access *ac;
};

struct access_waiter {
	access_cb woke;
	void *arg;
	unsigned gen;         /* the answers counted when it was asked for */
};

struct access {
	struct api *a;
	struct access_entry **e;
	size_t n;
	struct access_waiter *w;
	size_t nw;
	unsigned gen;         /* answers come in */
};

static void
access_key(char *buf, size_t len, const struct api_access *q)
{
	snprintf(buf, len, "%s|%s|%s|%s|%s", q->verb ? q->verb : "", q->group ? q->group : "",
	    q->resource ? q->resource : "", q->subresource ? q->subresource : "", q->ns ? q->ns : "");
}

static struct access_entry *
access_find(const struct access *ac, const struct api_access *q)
{
	char key[512];
	access_key(key, sizeof key, q);
	for (size_t i = 0; i < ac->n; i++)
		if (strcmp(ac->e[i]->key, key) == 0)
			return ac->e[i];
	return NULL;
}

struct access *
access_new(struct api *a)
{
	struct access *ac = xcalloc(1, sizeof *ac);
	ac->a = a;
	return ac;
}

void
access_free(struct access **acp)
{
	struct access *ac;
	if (acp == NULL || (ac = *acp) == NULL)
		return;
	for (size_t i = 0; i < ac->n; i++) {
		api_cancel(&ac->e[i]->call);
		free(ac->e[i]->key);
		free(ac->e[i]);
	}
	free(ac->e);
	free(ac->w);
	free(ac);
	*acp = NULL;
}

/* The wake-ups asked for before this answer, one at a time: one may cancel another's,
 * and one asked for while they run waits for the next answer. */
static void
access_wake_all(struct access *ac)
{
	unsigned gen = ++ac->gen;
	for (;;) {
		size_t i = 0;
		while (i < ac->nw && ac->w[i].gen == gen)
			i++;
		if (i == ac->nw)
			return;
		struct access_waiter w = ac->w[i];
		memmove(&ac->w[i], &ac->w[i + 1], (ac->nw - i - 1) * sizeof *ac->w);
		ac->nw--;
		w.woke(w.arg);
	}
}

void
access_wake(struct access *ac, access_cb woke, void *arg)
{
	for (size_t i = 0; i < ac->nw; i++)
		if (ac->w[i].arg == arg) {
			ac->w[i].woke = woke;
			return;
		}
	ac->w = xreallocarray(ac->w, ac->nw + 1, sizeof *ac->w);
	ac->w[ac->nw++] = (struct access_waiter){ woke, arg, ac->gen };
}

void
access_wake_cancel(struct access *ac, void *arg)
{
	for (size_t i = 0; i < ac->nw; i++)
		if (ac->w[i].arg == arg) {
			memmove(&ac->w[i], &ac->w[i + 1], (ac->nw - i - 1) * sizeof *ac->w);
			ac->nw--;
			return;
		}
}

static void
access_on_review(struct api_call *c, const struct api_result *res, void *arg)
{
	struct access_entry *e = arg;
	(void)c;
	e->call = NULL;
	if (res->err.code != KD_OK) {
		/* the review API refused or failed: the server still decides when it is tried */
		e->answer = ACCESS_UNKNOWN;
	} else {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(res->body, "status");
		const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(st, "allowed");
		const cJSON *reason = cJSON_GetObjectItemCaseSensitive(st, "reason");
		e->answer = cJSON_IsTrue(allowed) ? ACCESS_YES : ACCESS_NO;
		if (cJSON_IsString(reason) && reason->valuestring[0])
			snprintf(e->reason, sizeof e->reason, "%s", reason->valuestring);
	}
	if (e->changed != NULL)
		e->changed(e->arg);
	access_wake_all(e->ac);
}

void
access_ask(struct access *ac, const struct api_access *q, access_cb changed, void *arg)
{
	char key[512];
	if (access_find(ac, q) != NULL)
		return;
	access_key(key, sizeof key, q);
	struct access_entry *e = xcalloc(1, sizeof *e);
	e->key = xstrdup(key);
	e->answer = ACCESS_PENDING;
	e->changed = changed;
	e->arg = arg;
	e->ac = ac;
	ac->e = xreallocarray(ac->e, ac->n + 1, sizeof *ac->e);
	ac->e[ac->n++] = e;
	e->call = api_access_review(ac->a, q, access_on_review, e);
}

enum access_answer
access_answer(const struct access *ac, const struct api_access *q, char *reason, size_t len)
{
	const struct access_entry *e = access_find(ac, q);
	if (e == NULL)
		return ACCESS_NOT_ASKED;
	if (reason != NULL && len > 0)
		snprintf(reason, len, "%s", e->reason);
	return e->answer;
}

int
access_may(struct access *ac, const struct api_access *q, const char *what, char *why, size_t len)
{
	struct api_access nq = *q;
	if (nq.ns != NULL && nq.ns[0] == '\0')
		nq.ns = NULL;
	enum access_answer ans = access_answer(ac, &nq, NULL, 0);
	if (nq.ns != NULL && (ans == ACCESS_NOT_ASKED || ans == ACCESS_PENDING)) {
		struct api_access all = nq;
		all.ns = NULL;
		if (access_answer(ac, &all, NULL, 0) == ACCESS_YES)
			return 1;
	}
	const char *sub = nq.subresource, *sl = sub ? "/" : "";
	switch (ans) {
	case ACCESS_NO:
		snprintf(why, len, "%s is disabled: not allowed to %s %s%s%s%s%s", what, nq.verb,
		    nq.resource, sl, sub ? sub : "", nq.ns ? " in " : "", nq.ns ? nq.ns : "");
		return 0;
	case ACCESS_NOT_ASKED:
		access_ask(ac, &nq, NULL, NULL);
		/* FALLTHROUGH */
	case ACCESS_PENDING:
		/* a change is not sent on a guess: the answer is a round trip away */
		snprintf(why, len, "still asking %s whether you may %s %s%s%s (try again in a moment)",
		    api_context(ac->a), nq.verb, nq.resource, sl, sub ? sub : "");
		return -1;
	default:
		return 1;
	}
}
