/* s, D, l and F on a browse page's row; see podact.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/discovery.h"
#include "kube/exec.h"
#include "kube/api.h"
#include "kube/kubeconfig.h"
#include "kube/ws.h"
#include "kube/cluster.h"
#include "model/podref.h"
#include "ui/page/page_choice.h"
#include "ui/page/page_forwards.h"
#include "ui/page/page_logs.h"
#include "ui/page/page_sessions.h"
#include "ui/page/page_shell.h"
#include "ui/podact.h"
#include "ui/widget/prompt.h"
#include "util/xmalloc.h"

struct podact {
	struct app *app;
	struct cluster *c;
	enum action a;
	char *resource, *ns, *name;
	char **argv;              /* ":exec CMD" */
	int command;              /* port-forward from ":port-forward" (else: fill the prompt) */
	int local, remote;        /* port-forward */
	struct api_call *req;
	cJSON *obj;               /* the workload or service */
	cJSON *pods;              /* an array of pods */
	cJSON *pod;               /* the pod picked (borrowed from pods) */
};

static struct podact *pa_cur;      /* one at a time: a new one cancels the last */
static char **pa_next_argv;        /* ":exec CMD" for the next shell */

static void
pa_free(struct podact **pp)
{
	struct podact *pa = *pp;
	if (pa == NULL)
		return;
	*pp = NULL;
	if (pa_cur == pa)
		pa_cur = NULL;
	api_cancel(&pa->req);
	for (char **a = pa->argv; a && *a; a++)
		free(*a);
	free(pa->argv);
	cJSON_Delete(pa->obj);
	cJSON_Delete(pa->pods);
	free(pa->resource);
	free(pa->ns);
	free(pa->name);
	free(pa);
}



/* The pod's containers (not ephemeral ones), borrowed names; *def: the default one's index. */
static size_t
pa_containers(const cJSON *pod, const char **names, size_t max, size_t *def)
{
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "spec"), "containers");
	size_t n = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, cs) {
		const char *nm = podref_str(c, "name", NULL, NULL);
		if (nm && n < max)
			names[n++] = nm;
	}
	*def = 0;
	char *text = cJSON_PrintUnformatted(pod);
	char *d = text ? exec_default_container(text, strlen(text)) : NULL;
	for (size_t i = 0; d && i < n; i++)
		if (strcmp(names[i], d) == 0)
			*def = i;
	free(d);
	free(text);
	return n;
}


static void
pa_shell(struct podact *pa, const char *container)
{
	page_shell_open(pa->app, pa->c, pa->ns, podref_name(pa->pod), container, (const char *const *)pa->argv,
	    pa->a == ACT_DEBUG);
}

static void
pa_on_container(struct app *app, int index, void *arg)
{
	struct podact *pa = arg;
	(void)app;
	if (index >= 0) {
		const char *names[64];
		size_t def, n = pa_containers(pa->pod, names, 64, &def);
		if ((size_t)index < n)
			pa_shell(pa, names[index]);
	}
	pa_free(&pa);
}

static void
pa_on_log_container(struct app *app, int index, void *arg)
{
	struct podact *pa = arg;
	if (index >= 0) {
		const char *names[64];
		size_t def, n = pa_containers(pa->pod, names, 64, &def);
		struct logsrc src[64];
		size_t ns = 0;
		for (size_t i = 0; i < n; i++)
			if (index == 0 || (size_t)index - 1 == i) {
				src[ns].pod = podref_name(pa->pod);
				src[ns++].container = names[i];
			}
		char *title = xasprintf("%s", podref_name(pa->pod));
		app_push(app, page_logs_new(app, pa->c, pa->ns, title, src, ns, names, n));
		free(title);
	}
	pa_free(&pa);
}

/* The container of pa->pod for a shell or a debug container: a picker when it has several,
 * else the shell at once. Owns pa. */
static void
pa_container_step(struct podact *pa)
{
	const char *names[64];
	size_t def, n = pa_containers(pa->pod, names, 64, &def);
	if (n > 1) {
		char q[300];
		snprintf(q, sizeof q, pa->a == ACT_DEBUG ? "Debug which container of %s?" : "Shell in which container of %s?",
		    podref_name(pa->pod));
		if (pa_cur == pa)
			pa_cur = NULL;   /* the picker owns pa now */
		app_push(pa->app, page_choice_new(pa->app, "container", q, names, n, def, pa_on_container, pa));
		return;
	}
	pa_shell(pa, n ? names[0] : NULL);
	pa_free(&pa);
}

static void
pa_on_pod(struct app *app, int index, void *arg)
{
	struct podact *pa = arg;
	(void)app;
	cJSON *pod = index >= 0 ? cJSON_GetArrayItem(pa->pods, index) : NULL;
	if (pod == NULL) {
		pa_free(&pa);
		return;
	}
	pa->pod = pod;
	pa_container_step(pa);
}

/* F on a row: the ":" prompt, filled in for the user to adjust the ports. */
static void
pa_forward_prompt(struct podact *pa)
{
	int port = 0;
	const char *kind = "pod";
	if (strcmp(pa->resource, "services") == 0) {
		kind = "svc";
		const cJSON *ports = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pa->obj, "spec"), "ports");
		const cJSON *p0 = cJSON_GetArrayItem(ports, 0);
		const cJSON *pn = cJSON_GetObjectItemCaseSensitive(p0, "port");
		if (cJSON_IsNumber(pn))
			port = pn->valueint;
	} else {
		const cJSON *cs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pa->pod, "spec"), "containers");
		const cJSON *c;
		cJSON_ArrayForEach(c, cs) {
			const cJSON *p0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "ports"), 0);
			const cJSON *pn = cJSON_GetObjectItemCaseSensitive(p0, "containerPort");
			if (cJSON_IsNumber(pn) && port == 0)
				port = pn->valueint;
		}
	}
	char text[600];
	const char *name = strcmp(kind, "svc") == 0 ? pa->name : podref_name(pa->pod);
	if (port > 0)
		snprintf(text, sizeof text, "port-forward %s/%s/%s %d", pa->ns, kind, name, port);
	else
		snprintf(text, sizeof text, "port-forward %s/%s/%s ", pa->ns, kind, name);
	app_prompt_command(pa->app, text);
	app_flash(pa->app, 0, "%s", port > 0 ? "[LOCAL:]PORT: the same local port; when it is taken or needs root kdeck asks; 0:PORT any free one" :
	    "the pod declares no port: type the one to forward");
	app_dirty(pa->app);
}


static void
pa_ready(struct podact *pa)
{
	struct app *app = pa->app;
	size_t npods = (size_t)cJSON_GetArraySize(pa->pods);
	if (npods == 0) {
		app_flash(app, 1, "no pods behind %s %s (its selector matches none)", pa->resource, pa->name);
		pa_free(&pa);
		return;
	}
	pa->pod = podref_pick(pa->pods);
	const char *names[64];
	size_t def, n = pa_containers(pa->pod, names, 64, &def);
	switch (pa->a) {
	case ACT_SHELL:
	case ACT_DEBUG:
		if (strcmp(pa->resource, "pods") != 0 && npods > 1) {
			/* which pod of the workload: a running one selected */
			char **items = xcalloc(npods, sizeof *items);
			size_t i = 0, sel = 0;
			cJSON *p;
			cJSON_ArrayForEach(p, pa->pods) {
				const char *phase = podref_str(p, "status", "phase", NULL);
				items[i] = xasprintf("%-50s %s", podref_name(p), phase ? phase : "");
				if (p == pa->pod)
					sel = i;
				i++;
			}
			char q[300];
			snprintf(q, sizeof q, "%s in which pod of %s %s?", pa->a == ACT_DEBUG ? "Debug" : "Shell",
			    pa->resource, pa->name);
			pa_cur = NULL;   /* the picker owns pa now */
			app_push(app, page_choice_new(app, "pod", q, (const char *const *)items, npods, sel, pa_on_pod, pa));
			for (i = 0; i < npods; i++)
				free(items[i]);
			free(items);
			return;
		}
		pa_container_step(pa);
		return;
	case ACT_LOGS:
		if (strcmp(pa->resource, "pods") == 0) {
			if (n > 1) {
				const char *items[65];
				items[0] = "all containers";
				for (size_t i = 0; i < n; i++)
					items[i + 1] = names[i];
				char q[300];
				snprintf(q, sizeof q, "Logs of which container of %s?", podref_name(pa->pod));
				pa_cur = NULL;
				app_push(app, page_choice_new(app, "container", q, items, n + 1, def + 1, pa_on_log_container, pa));
				return;
			}
			pa_on_log_container(app, 1, pa);
			return;
		} else {
			/* every pod of the workload, each with its default container */
			struct logsrc *src = xcalloc(npods, sizeof *src);
			size_t k = 0;
			cJSON *p;
			cJSON_ArrayForEach(p, pa->pods) {
				const char *cn[64];
				size_t d, m = pa_containers(p, cn, 64, &d);
				src[k].pod = podref_name(p);
				src[k++].container = m ? cn[d] : NULL;
			}
			char *title = xasprintf("%s/%s", pa->resource, pa->name);
			app_push(app, page_logs_new(app, pa->c, pa->ns, title, src, k, NULL, 0));
			free(title);
			free(src);
		}
		break;
	case ACT_PORT_FORWARD:
		if (!pa->command) {
			pa_forward_prompt(pa);
			break;
		}
		{
			char why[600] = "";
			int target = strcmp(pa->resource, "services") == 0 ?
			    podref_service_target(pa->obj, pa->pod, pa->remote, why, sizeof why) : pa->remote;
			if (target < 0) {
				app_flash(app, 1, "%s", why);
				break;
			}
			char label[400];
			snprintf(label, sizeof label, "%s %s:%d", strcmp(pa->resource, "services") == 0 ? "svc" : "pod", pa->name,
			    pa->remote);
			forwards_start(app, pa->c, pa->ns, podref_name(pa->pod), target, pa->local, label);
		}
		break;
	default:
		break;
	}
	pa_free(&pa);
}

static void
pa_on_pods(struct api_call *c, const struct api_result *res, void *arg)
{
	struct podact *pa = arg;
	(void)c;
	pa->req = NULL;
	cJSON *list = res->err.code == KD_OK ? cJSON_Duplicate(res->body, 1) : NULL;
	if (list == NULL) {
		app_flash(pa->app, 1, "the pods of %s %s: %s", pa->resource, pa->name,
		    res->err.code != KD_OK ? res->err.msg : "the answer is not JSON");
		pa_free(&pa);
		return;
	}
	pa->pods = cJSON_DetachItemFromObjectCaseSensitive(list, "items");
	cJSON_Delete(list);
	if (pa->pods == NULL)
		pa->pods = cJSON_CreateArray();
	pa_ready(pa);
}

static void
pa_on_object(struct api_call *c, const struct api_result *res, void *arg)
{
	struct podact *pa = arg;
	(void)c;
	pa->req = NULL;
	cJSON *obj = res->err.code == KD_OK ? cJSON_Duplicate(res->body, 1) : NULL;
	if (obj == NULL) {
		app_flash(pa->app, 1, "%s %s: %s", pa->resource, pa->name,
		    res->err.code != KD_OK ? res->err.msg : "the answer is not JSON");
		pa_free(&pa);
		return;
	}
	if (strcmp(pa->resource, "pods") == 0) {
		pa->pods = cJSON_CreateArray();
		cJSON_AddItemToArray(pa->pods, obj);
		pa_ready(pa);
		return;
	}
	pa->obj = obj;
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
	const cJSON *sel = cJSON_GetObjectItemCaseSensitive(spec, "selector");
	if (strcmp(pa->resource, "services") != 0)
		sel = cJSON_GetObjectItemCaseSensitive(sel, "matchLabels");
	char buf[2048] = "";
	const cJSON *kv;
	cJSON_ArrayForEach(kv, sel) {
		size_t l = strlen(buf);
		if (cJSON_IsString(kv))
			snprintf(buf + l, sizeof buf - l, "%s%s=%s", l ? "," : "", kv->string, kv->valuestring);
	}
	if (!buf[0]) {
		app_flash(pa->app, 1, "%s %s has no label selector: kdeck cannot tell its pods", pa->resource, pa->name);
		pa_free(&pa);
		return;
	}
	struct api_ref ref = { .resource = "pods", .ns = pa->ns };
	struct api_list_opts lo = { .label_selector = buf };
	pa->req = api_list(pa->c->api, &ref, &lo, pa_on_pods, pa);
}

static const char *const pa_kinds[] = { "pods", "deployments", "statefulsets", "daemonsets", "replicasets",
	"jobs", "services", NULL };

static struct podact *
pa_begin(struct app *app, struct cluster *c, const struct kres *res, const char *ns, const char *name,
    enum action a)
{
	int known = 0;
	for (int i = 0; pa_kinds[i]; i++)
		known |= strcmp(res->resource, pa_kinds[i]) == 0;
	if (!known || (a != ACT_LOGS && a != ACT_PORT_FORWARD && strcmp(res->resource, "services") == 0)) {
		app_flash(app, 1, "%s works on %s", action_info(a)->name, a == ACT_PORT_FORWARD || a == ACT_LOGS ?
		    "pods, workloads and services" : "pods and workloads (deployments, statefulsets, ...)");
		return NULL;
	}
	if (c == NULL || c->api == NULL || c->conn == NULL) {
		app_flash(app, 1, "not connected to the cluster");
		return NULL;
	}
	pa_free(&pa_cur);
	struct podact *pa = xcalloc(1, sizeof *pa);
	pa->app = app;
	pa->c = c;
	pa->a = a;
	pa->resource = xstrdup(res->resource);
	pa->ns = xstrdup(ns ? ns : "");
	pa->name = xstrdup(name);
	pa->local = -1;
	pa->argv = pa_next_argv;
	pa_next_argv = NULL;
	struct api_ref ref = api_ref_kres(res, ns, name);
	pa->req = api_get(c->api, &ref, pa_on_object, pa);
	pa_cur = pa;
	if (a == ACT_DEBUG)
		app_flash(app, 0, "finding the pod for a debug container ...");
	return pa;
}

void
podact_start(struct app *app, struct cluster *c, const struct kres *res, const char *ns, const char *name,
    enum action a)
{
	pa_begin(app, c, res, ns, name, a);
}


int
podact_port_forward(struct app *app, int argc, char **argv)
{
	if (argc < 3) {
		app_flash(app, 1, "usage: :port-forward [NS/]pod/NAME|svc/NAME [LOCAL:]PORT (LOCAL 0: a free port)");
		return -1;
	}
	char *ns = NULL, *kind = NULL, *name = NULL;
	struct cluster *c = app_current_cluster(app);
	const char *defns = app_namespace(app)[0] ? app_namespace(app) : c && c->conn ? c->conn->namespace : "default";
	if (podref_parse_target(argv[1], defns, &ns, &kind, &name) != 0) {
		app_flash(app, 1, "\"%s\" is not NS/pod/NAME, NS/svc/NAME or a pod's name", argv[1]);
		return -1;
	}
	int local = -1, remote = 0;
	char *colon = strchr(argv[2], ':');
	char *end = NULL;
	if (colon != NULL) {
		local = colon == argv[2] ? 0 : (int)strtol(argv[2], &end, 10);
		remote = (int)strtol(colon + 1, &end, 10);
	} else
		remote = (int)strtol(argv[2], &end, 10);
	int r = -1;
	const struct kres *res = c && c->disc ? discovery_find(c->disc, kind) : NULL;
	if (end == NULL || *end != '\0' || remote <= 0 || remote > 65535 || local < -1 || local > 65535)
		app_flash(app, 1, "\"%s\" is not [LOCAL:]PORT (ports 1-65535, LOCAL 0 for a free one)", argv[2]);
	else if (res == NULL)
		app_flash(app, 1, "not connected to the cluster yet: try again in a moment");
	else {
		struct podact *pa = pa_begin(app, c, res, ns, name, ACT_PORT_FORWARD);
		if (pa != NULL) {
			pa->command = 1;
			pa->local = local;
			pa->remote = remote;
			r = 0;
		}
	}
	free(ns);
	free(kind);
	free(name);
	return r;
}


int
podact_exec(struct app *app, const struct page_target *t, const char *rest)
{
	struct page *pg = app_page(app, 0);
	char why[256];
	if (!app_allowed(app, pg, ACT_SHELL, why, sizeof why)) {
		app_flash(app, 1, "exec is disabled: %s", why);
		return -1;
	}
	for (char **a = pa_next_argv; a && *a; a++)
		free(*a);
	free(pa_next_argv);
	pa_next_argv = podref_exec_argv(rest);
	podact_start(app, t->cluster, t->res, t->ns, t->name, ACT_SHELL);
	if (pa_next_argv != NULL) {   /* no shell was started: it is not for the next one */
		for (char **a = pa_next_argv; *a; a++)
			free(*a);
		free(pa_next_argv);
		pa_next_argv = NULL;
	}
	return 0;
}

void
podact_shutdown(void)
{
	pa_free(&pa_cur);
	page_shell_shutdown();
	forwards_shutdown();
	ws_shutdown();   /* the lws thread posts to the loop: stop it before the loop goes */
}
