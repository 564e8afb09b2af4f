#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "ui/perm.h"
#include "util/xmalloc.h"

enum { PERM_PENDING, PERM_YES, PERM_NO, PERM_UNKNOWN };

struct perm_entry {
	char *key;          /* "context|verb|group|resource|subresource|ns" */
	int state;
	char reason[200];
	struct app *app;
};

static struct perm_entry **perm_cache;
static size_t perm_n;

static struct perm_entry *
perm_find(const char *key)
{
	for (size_t i = 0; i < perm_n; i++)
		if (strcmp(perm_cache[i]->key, key) == 0)
			return perm_cache[i];
	return NULL;
}

/* Shells, logs, debug containers and port-forwards from a workload's row go to one of its
 * pods: what is asked about is the pods subresource. */
static const char *
perm_resource(struct page *pg, const struct action_info *ai)
{
	static const char *const pod_subs[] = { "exec", "log", "portforward", "ephemeralcontainers", NULL };
	for (int i = 0; ai->subresource && pod_subs[i]; i++)
		if (strcmp(ai->subresource, pod_subs[i]) == 0)
			return "pods";
	return pg->res_name;
}

static const char *
perm_group(struct page *pg, const struct action_info *ai)
{
	return perm_resource(pg, ai) != pg->res_name ? "" : pg->res_group ? pg->res_group : "";
}

static void
perm_key(char *buf, size_t len, struct page *pg, const struct action_info *ai)
{
	snprintf(buf, len, "%s|%s|%s|%s|%s|%s", pg->cluster->context, ai->verb,
	    perm_group(pg, ai), perm_resource(pg, ai), ai->subresource ? ai->subresource : "",
	    pg->res_ns ? pg->res_ns : "");
}

static void
perm_on_review(struct api_call *c, const struct api_result *res, void *arg)
{
	struct perm_entry *e = arg;
	(void)c;
	if (res->err.code != KD_OK) {
		e->state = PERM_UNKNOWN;
		return;
	}
	const cJSON *doc = res->body;
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "status");
	const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(st, "allowed");
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(st, "reason");
	e->state = cJSON_IsTrue(allowed) ? PERM_YES : PERM_NO;
	if (cJSON_IsString(reason) && reason->valuestring[0])
		snprintf(e->reason, sizeof e->reason, "%s", reason->valuestring);
	app_dirty(e->app);
}

void
perm_prefetch(struct page *pg)
{
	if (pg->cluster == NULL || pg->cluster->api == NULL || pg->res_name == NULL)
		return;
	for (int a = 0; a < ACT_COUNT; a++) {
		const struct action_info *ai = action_info(a);
		char key[512];
		if (ai->verb == NULL || (strcmp(ai->verb, "get") == 0 && ai->subresource == NULL))
			continue;
		perm_key(key, sizeof key, pg, ai);
		if (perm_find(key) != NULL)
			continue;
		struct perm_entry *e = xcalloc(1, sizeof *e);
		e->key = xstrdup(key);
		e->app = pg->app;
		perm_cache = xreallocarray(perm_cache, perm_n + 1, sizeof *perm_cache);
		perm_cache[perm_n++] = e;
		struct api_access q = { ai->verb, perm_group(pg, ai), perm_resource(pg, ai),
			ai->subresource, pg->res_ns, NULL };
		api_access_review(pg->cluster->api, &q, perm_on_review, e);
	}
}

int
perm_allowed(struct page *pg, enum action a, char *why, size_t len)
{
	const struct action_info *ai = action_info(a);
	char key[512];
	struct perm_entry *e;

	if (ai->verb == NULL || pg->res_name == NULL || pg->cluster == NULL)
		return 1;
	perm_key(key, sizeof key, pg, ai);
	e = perm_find(key);
	/* a change is not sent on a guess: the answer is a round trip away */
	if (e != NULL && e->state == PERM_PENDING && ai->mutates) {
		snprintf(why, len, "still asking the server whether you may %s (try again in a moment)", ai->verb);
		return 0;
	}
	if (e == NULL || e->state != PERM_NO)
		return 1;
	snprintf(why, len, "not allowed to %s %s%s%s%s%s%s", ai->verb, perm_resource(pg, ai),
	    ai->subresource ? "/" : "", ai->subresource ? ai->subresource : "",
	    pg->res_ns && pg->res_ns[0] ? " in " : "", pg->res_ns && pg->res_ns[0] ? pg->res_ns : "",
	    e->reason[0] ? "" : "");
	return 0;
}

void
perm_forget(void)
{
	for (size_t i = 0; i < perm_n; i++) {
		free(perm_cache[i]->key);
		free(perm_cache[i]);
	}
	free(perm_cache);
	perm_cache = NULL;
	perm_n = 0;
}
