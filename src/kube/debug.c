/* Ephemeral debug containers; see debug.h. */
#define _POSIX_C_SOURCE 200809L
#include "kube/debug.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

#include "kube/api.h"
#include "kube/exec.h"
#include "kube/http.h"
#include "loop.h"
#include "util/xmalloc.h"

#define DEBUG_WAIT_MS 60000

struct debug {
	struct api *a;
	char *ns, *pod, *target, *image, *name;
	struct api_call *req;
	struct loop_timer *timer;
	uint64_t deadline;
	debug_cb cb;
	void *arg;
};

char *
debug_patch_body(const char *name, const char *image, const char *target)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *spec = cJSON_AddObjectToObject(root, "spec");
	cJSON *list = cJSON_AddArrayToObject(spec, "ephemeralContainers");
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddStringToObject(c, "image", image);
	if (target != NULL)
		cJSON_AddStringToObject(c, "targetContainerName", target);
	cJSON_AddBoolToObject(c, "stdin", 1);
	cJSON_AddBoolToObject(c, "tty", 1);
	cJSON_AddStringToObject(c, "terminationMessagePolicy", "File");
	cJSON_AddItemToArray(list, c);
	char *s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	char *out = xstrdup(s);
	cJSON_free(s);
	return out;
}

int
debug_state(const char *pod_json, size_t len, const char *name, struct kd_err *err)
{
	cJSON *pod = cJSON_ParseWithLength(pod_json, len);
	cJSON *st = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "status"),
	    "ephemeralContainerStatuses"), *c;
	int rc = 0;
	cJSON_ArrayForEach(c, st) {
		const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
		if (n == NULL || strcmp(n, name) != 0)
			continue;
		cJSON *state = cJSON_GetObjectItemCaseSensitive(c, "state");
		cJSON *waiting = cJSON_GetObjectItemCaseSensitive(state, "waiting");
		cJSON *term = cJSON_GetObjectItemCaseSensitive(state, "terminated");
		if (cJSON_GetObjectItemCaseSensitive(state, "running") != NULL) {
			rc = 1;
		} else if (term != NULL) {
			rc = kd_err_set(err, KD_ERR_UNAVAILABLE, "the debug container %s ended (%s)", name,
			    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(term, "reason")) ?: "terminated");
		} else if (waiting != NULL) {
			const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(waiting, "reason"));
			if (r != NULL && (strstr(r, "ImagePull") || strstr(r, "ErrImage") || strcmp(r, "InvalidImageName") == 0))
				rc = kd_err_set(err, KD_ERR_UNAVAILABLE, "the debug image cannot be pulled (%s); set "
				    "debugImage in config.yaml to an image the cluster can reach", r);
		}
		break;
	}
	cJSON_Delete(pod);
	return rc;
}

/* Tells the caller once: the container's name when it runs, NULL with err when not. */
static void
debug_done(struct debug *d, const char *name, const struct kd_err *err)
{
	debug_cb cb = d->cb;
	d->cb = NULL;
	if (cb != NULL)
		cb(name, err, d->arg);
}

/* An answer came: 1 when it is a success, else 0 and the caller has been told. */
static int
debug_answered(struct debug *d, const struct api_result *res)
{
	d->req = NULL;
	if (res->err.code == KD_OK)
		return 1;
	debug_done(d, NULL, &res->err);
	return 0;
}

static void debug_on_pod(struct api_call *c, const struct api_result *res, void *arg);

/* Reads the pod: for the container to target first, then for the debug container's state. */
static void
debug_get_pod(struct debug *d, api_cb cb)
{
	struct api_ref ref = { .resource = "pods", .ns = d->ns, .name = d->pod };
	d->req = api_get(d->a, &ref, cb, d);
}

static void
debug_poll(void *arg)
{
	struct debug *d = arg;
	d->timer = NULL;
	debug_get_pod(d, debug_on_pod);
}

static void
debug_on_pod(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct debug *d = arg;
	if (!debug_answered(d, res))
		return;
	struct kd_err err = { 0 };
	int st = debug_state(res->raw, res->raw_len, d->name, &err);
	if (st != 0) {
		debug_done(d, st == 1 ? d->name : NULL, &err);
		return;
	}
	if (loop_now_ms() > d->deadline) {
		kd_err_set(&err, KD_ERR_UNAVAILABLE, "the debug container %s did not start within %d s",
		    d->name, DEBUG_WAIT_MS / 1000);
		debug_done(d, NULL, &err);
		return;
	}
	d->timer = loop_timer_add(http_loop(api_http(d->a)), 300, debug_poll, d);
}

static void
debug_on_patch(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct debug *d = arg;
	d->req = NULL;
	if (res->err.code != KD_OK) {
		struct kd_err err = res->err;
		if (res->status == 404 || res->status == 405)
			kd_err_set(&err, KD_ERR_NOTFOUND, "this cluster does not serve ephemeral containers "
			    "(Kubernetes 1.23 or later): %s", res->err.msg);
		debug_done(d, NULL, &err);
		return;
	}
	debug_poll(d);
}

static void
debug_on_target(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct debug *d = arg;
	if (!debug_answered(d, res))
		return;
	if (d->target == NULL)
		d->target = exec_default_container(res->raw, res->raw_len);
	char *body = debug_patch_body(d->name, d->image, d->target);
	struct api_ref ref = { .resource = "pods", .ns = d->ns, .name = d->pod,
		.subresource = "ephemeralcontainers" };
	d->req = api_patch(d->a, &ref, API_PATCH_STRATEGIC, body, NULL, debug_on_patch, d);
	free(body);
}

struct debug *
debug_start(struct api *a, const char *ns, const char *pod, const char *target, const char *image,
    debug_cb cb, void *arg)
{
	struct debug *d = xcalloc(1, sizeof(*d));
	d->a = a;
	d->ns = xstrdup(ns);
	d->pod = xstrdup(pod);
	d->target = target ? xstrdup(target) : NULL;
	d->image = xstrdup(image ? image : "busybox");
	d->cb = cb;
	d->arg = arg;
	static const char abc[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	char suffix[6];
	srand((unsigned)time(NULL) ^ (unsigned)(uintptr_t)d);
	for (int i = 0; i < 5; i++)
		suffix[i] = abc[rand() % 36];
	suffix[5] = '\0';
	d->name = xasprintf("debugger-%s", suffix);
	d->deadline = loop_now_ms() + DEBUG_WAIT_MS;
	debug_get_pod(d, debug_on_target);
	return d;
}

void
debug_free(struct debug **dp)
{
	struct debug *d = *dp;
	if (d == NULL)
		return;
	*dp = NULL;
	api_cancel(&d->req);
	loop_timer_cancel(http_loop(api_http(d->a)), &d->timer);
	free(d->ns);
	free(d->pod);
	free(d->target);
	free(d->image);
	free(d->name);
	free(d);
}
