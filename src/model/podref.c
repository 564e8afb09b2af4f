/* Pods as objects: see podref.h. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/podref.h"
#include "util/xmalloc.h"

const char *
podref_str(const cJSON *o, const char *a, const char *b, const char *c)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);
	if (b)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	if (c)
		v = cJSON_GetObjectItemCaseSensitive(v, c);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *
podref_name(const cJSON *pod)
{
	const char *n = podref_str(pod, "metadata", "name", NULL);
	return n ? n : "";
}

cJSON *
podref_pick(const cJSON *pods)
{
	cJSON *p, *first = NULL;
	cJSON_ArrayForEach(p, pods) {
		const char *phase = podref_str(p, "status", "phase", NULL);
		if (podref_str(p, "metadata", "deletionTimestamp", NULL) == NULL && phase && strcmp(phase, "Running") == 0)
			return p;
		if (first == NULL)
			first = p;
	}
	return first;
}

int
podref_service_target(const cJSON *svc, const cJSON *pod, int port, char *why, size_t len)
{
	const char *svcname = podref_str(svc, "metadata", "name", NULL);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(svc, "spec"), "ports");
	const cJSON *p;
	cJSON_ArrayForEach(p, ports) {
		const cJSON *pn = cJSON_GetObjectItemCaseSensitive(p, "port");
		if (!cJSON_IsNumber(pn) || pn->valueint != port)
			continue;
		const cJSON *tp = cJSON_GetObjectItemCaseSensitive(p, "targetPort");
		if (cJSON_IsNumber(tp))
			return tp->valueint;
		if (!cJSON_IsString(tp))
			return port;   /* no targetPort: the same number */
		const cJSON *cs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "spec"), "containers");
		const cJSON *c, *cp;
		cJSON_ArrayForEach(c, cs) {
			cJSON_ArrayForEach(cp, cJSON_GetObjectItemCaseSensitive(c, "ports")) {
				const char *nm = podref_str(cp, "name", NULL, NULL);
				const cJSON *num = cJSON_GetObjectItemCaseSensitive(cp, "containerPort");
				if (nm && strcmp(nm, tp->valuestring) == 0 && cJSON_IsNumber(num))
					return num->valueint;
			}
		}
		snprintf(why, len, "pod %s has no port named \"%s\" (service %s's targetPort)", podref_name(pod),
		    tp->valuestring, svcname ? svcname : "");
		return -1;
	}
	snprintf(why, len, "service %s has no port %d", svcname ? svcname : "", port);
	return -1;
}

int
podref_parse_target(const char *t, const char *defns, char **ns, char **kind, char **name)
{
	char *copy = xstrdup(t), *parts[4];
	int n = 0;
	for (char *save = NULL, *p = strtok_r(copy, "/", &save); p && n < 4; p = strtok_r(NULL, "/", &save))
		parts[n++] = p;
	int r = 0;
	static const char *const kinds[][2] = { { "pod", "pods" }, { "pods", "pods" }, { "po", "pods" },
		{ "svc", "services" }, { "service", "services" }, { "services", "services" }, { NULL, NULL } };
	const char *k = NULL;
	if (n == 3 || n == 2) {
		for (int i = 0; kinds[i][0]; i++)
			if (strcmp(parts[n - 2], kinds[i][0]) == 0)
				k = kinds[i][1];
	}
	if (n == 3 && k) {
		*ns = xstrdup(parts[0]);
		*kind = xstrdup(k);
		*name = xstrdup(parts[2]);
	} else if (n == 2 && k) {
		*ns = xstrdup(defns);
		*kind = xstrdup(k);
		*name = xstrdup(parts[1]);
	} else if (n == 2) {
		*ns = xstrdup(parts[0]);
		*kind = xstrdup("pods");
		*name = xstrdup(parts[1]);
	} else if (n == 1) {
		*ns = xstrdup(defns);
		*kind = xstrdup("pods");
		*name = xstrdup(parts[0]);
	} else
		r = -1;
	free(copy);
	return r;
}

char **
podref_exec_argv(const char *cmd)
{
	char **v;
	if (strpbrk(cmd, "|&;<>()$`\\\"'*?[]#~=%{}") != NULL) {
		v = xcalloc(4, sizeof *v);
		v[0] = xstrdup("sh");
		v[1] = xstrdup("-c");
		v[2] = xstrdup(cmd);
		return v;
	}
	size_t n = 0;
	v = xcalloc(strlen(cmd) / 2 + 2, sizeof *v);
	char *copy = xstrdup(cmd);
	for (char *save = NULL, *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		v[n++] = xstrdup(t);
	free(copy);
	return v;
}
