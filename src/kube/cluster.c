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
#include "model/store.h"
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

/* ---- the CRDs: discovery again when they change ---- */

#define CLUSTER_CRD_SETTLE_MS 1000

static void
cluster_on_crd_timer(void *arg)
{
	struct cluster *c = arg;
	c->crd_timer = NULL;
	/* a refresh under way may have asked before the change: ask after it */
	if (c->state == CLUSTER_CONNECTING || c->refreshing) {
		c->crd_timer = loop_timer_add(c->loop, CLUSTER_CRD_SETTLE_MS, cluster_on_crd_timer, c);
		return;
	}
	cluster_connect(c, 1);
}

/* Order-independent: every CRD's name and resourceVersion, and how many. */
static uint64_t
cluster_crd_sig(struct store *s)
{
	uint64_t sig = store_visible(s);
	for (size_t i = 0; i < store_visible(s); i++) {
		const struct store_row *r = store_at(s, i);
		uint64_t h = 5381;
		for (const char *p = store_row_name(r); *p; p++)
			h = h * 33 + (unsigned char)*p;
		h = h * 33;
		for (const char *p = store_row_rv(r); p != NULL && *p; p++)
			h = h * 33 + (unsigned char)*p;
		sig += h * 2654435761u;
	}
	return sig;
}

/* Whether a CRD (named PLURAL.GROUP) is missing from discovery: a stale cache. */
static int
cluster_crd_missing(struct cluster *c, struct store *s)
{
	for (size_t i = 0; i < store_visible(s); i++)
		if (discovery_find(c->disc, store_row_name(store_at(s, i))) == NULL)
			return 1;
	return 0;
}

static void
cluster_on_crds(struct informer *inf, void *arg)
{
	struct cluster *c = arg;
	struct store *s = informer_store(inf);
	/* a CRD page's filter would hide rows: look again when it is gone */
	if (informer_state(inf) != INFORMER_SYNCED || store_filter(s)[0] != '\0')
		return;
	uint64_t sig = cluster_crd_sig(s);
	int changed = c->crd_seen ? sig != c->crd_sig :
	    c->state == CLUSTER_READY && cluster_crd_missing(c, s);
	c->crd_seen = 1;
	c->crd_sig = sig;
	/* a new CRD serves its resource once established, a moment later: let it settle */
	if (changed && c->crd_timer == NULL)
		c->crd_timer = loop_timer_add(c->loop, CLUSTER_CRD_SETTLE_MS, cluster_on_crd_timer, c);
}

static void
cluster_watch_crds(struct cluster *c)
{
	const struct kres *res = discovery_find(c->disc, "customresourcedefinitions.apiextensions.k8s.io");
	if (c->crds != NULL || res == NULL || (res->verbs & (KRES_LIST | KRES_WATCH)) != (KRES_LIST | KRES_WATCH))
		return;
	/* where listing CRDs is refused the informer fails once and stays quiet */
	c->crds = informer_acquire(c->infs, res, NULL, NULL);
	informer_listen(c->crds, cluster_on_crds, c);
}

static void
cluster_unwatch_crds(struct cluster *c)
{
	if (c->crds == NULL)
		return;
	informer_unlisten(c->crds, cluster_on_crds, c);
	informer_release(&c->crds);
}

void
cluster_free(struct cluster **cp)
{
	struct cluster *c;
	if (cp == NULL || (c = *cp) == NULL)
		return;
	http_cancel(&c->probe);
	if (c->crd_timer != NULL)
		loop_timer_cancel(c->loop, &c->crd_timer);
	cluster_unwatch_crds(c);
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
	c->refreshing = 0;
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
		cluster_watch_crds(c);
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
	if (c->refreshing)
		return;   /* the discovery under way answers this ask too */
	/* a ready cluster stays ready while it is discovered again (a CRD came, ctrl-r): its
	 * lists and operations go on with what it knew */
	if (c->state == CLUSTER_READY)
		c->refreshing = 1;
	else
		c->state = CLUSTER_CONNECTING;
	discovery_load(c->disc, force, cluster_on_discovery, c);
	cluster_probe(c);
}

void
cluster_refresh(struct cluster *c)
{
	if (c->conn != NULL)   /* a credential plugin found missing is looked for again */
		kauth_invalidate(c->conn->auth);
	cluster_connect(c, 1);
}
