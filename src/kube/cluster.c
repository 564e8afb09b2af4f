#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/access.h"
#include "kube/api.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/informer.h"
#include "kube/kubeconfig.h"
#include "kube/metrics.h"
#include "loop.h"
#include "kube/cluster.h"
#include "util/xmalloc.h"

struct cluster_probe_ctx {
	struct cluster *c;
	uint64_t t0;
};

static void
cluster_changed(struct cluster *c)
{
	if (c->cb != NULL)
		c->cb(c, c->cb_arg);
}

static void
cluster_on_metrics(struct metrics *m, void *arg)
{
	(void)m;
	cluster_changed(arg);
}

struct cluster *
cluster_new(struct loop *l, const struct kcfg *cfg, const char *context,
    const char *const *view_dirs, cluster_cb cb, void *arg)
{
	struct cluster *c = xcalloc(1, sizeof *c);

	c->context = xstrdup(context);
	c->loop = l;
	c->cb = cb;
	c->cb_arg = arg;
	c->latency_ms = -1;
	c->reachable = -1;
	c->conn = kcfg_resolve(cfg, context, &c->err);
	if (c->conn == NULL) {
		c->state = CLUSTER_FAILED;
		return c;
	}
	c->http = http_new(l, c->conn, &c->err);
	if (c->http == NULL) {
		c->state = CLUSTER_FAILED;
		return c;
	}
	c->api = api_new(c->http, context, c->conn);
	c->access = access_new(c->api);
	c->disc = discovery_new(c->http, NULL, 0);
	c->infs = informers_new(c->http, view_dirs);
	/* a screen left and reopened within a minute comes back without a relist */
	informers_set_linger(c->infs, 60000);
	c->metrics = metrics_new(l, c->http, cluster_on_metrics, c);
	return c;
}

void
cluster_free(struct cluster **cp)
{
	struct cluster *c;
	if (cp == NULL || (c = *cp) == NULL)
		return;
	http_cancel(&c->probe);
	metrics_free(&c->metrics);
	informers_free(&c->infs);
	discovery_free(&c->disc);
	access_free(&c->access);
	api_free(&c->api);
	http_free(&c->http);
	kconn_free(&c->conn);
	free(c->context);
	free(c);
	*cp = NULL;
}

static void
cluster_on_version(struct http_req *r, const struct http_result *res, void *arg)
{
	struct cluster *c = arg;
	(void)r;
	c->probe = NULL;
	if (res->status >= 200 && res->status < 300) {
		cJSON *doc = cJSON_ParseWithLength(res->body, res->body_len);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "gitVersion");
		if (cJSON_IsString(v))
			snprintf(c->version, sizeof c->version, "%s", v->valuestring);
		cJSON_Delete(doc);
		c->reachable = 1;
	} else if (res->status >= 400) {
		/* it answered: reachable, even if /version is not allowed */
		c->reachable = 1;
	} else {
		c->reachable = 0;
		c->err = res->err;
	}
	c->latency_ms = (long)(loop_now_ms() - c->t_probe);
	cluster_changed(c);
}

void
cluster_probe(struct cluster *c)
{
	struct http_opts o = { .path = "/version", .timeout_ms = 5000, .retries = 1 };

	if (c->http == NULL || c->probe != NULL)
		return;
	c->t_probe = loop_now_ms();
	c->probe = http_request(c->http, &o, NULL, cluster_on_version, c);
}

static void
cluster_on_discovery(struct discovery *d, const struct kd_err *err, void *arg)
{
	struct cluster *c = arg;
	(void)d;
	if (err != NULL) {
		c->state = CLUSTER_FAILED;
		c->err = *err;
	} else {
		c->state = CLUSTER_READY;
		c->discovered = 1;
		/* who the server says the user is, before the first change names them */
		api_whoami(c->api);
		const char *v = discovery_server_version(c->disc);
		if (v != NULL && c->version[0] == '\0')
			snprintf(c->version, sizeof c->version, "%s", v);
	}
	cluster_changed(c);
}

void
cluster_connect(struct cluster *c, int force)
{
	if (c->disc == NULL)
		return;
	if (!force && (c->state == CLUSTER_CONNECTING || c->state == CLUSTER_READY))
		return;
	c->state = CLUSTER_CONNECTING;
	discovery_load(c->disc, force, cluster_on_discovery, c);
	cluster_probe(c);
}
