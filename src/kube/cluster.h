/* One kubeconfig context as kdeck uses it: its connection, HTTP client, discovery and
 * informers, its version and reachability. Clusters are opened on first use and kept
 * warm, so switching back is instant. No curses here. */
#ifndef KD_CLUSTER_H
#define KD_CLUSTER_H

#include <stdint.h>

#include "util/err.h"

struct loop;
struct kcfg;
struct kconn;
struct http;
struct api;
struct access;
struct http_req;
struct discovery;
struct informers;
struct informer;
struct loop_timer;
struct metrics;

enum cluster_state { CLUSTER_IDLE, CLUSTER_CONNECTING, CLUSTER_READY, CLUSTER_FAILED };

struct cluster;
typedef void (*cluster_cb)(struct cluster *c, void *arg);

struct cluster {
	char *context;
	struct kconn *conn;          /* NULL when the context does not resolve (err says why) */
	struct http *http;
	struct api *api;             /* typed calls over http, journalled (kube/api.h) */
	struct access *access;       /* what the user may do here (kube/access.h) */
	struct discovery *disc;
	struct informers *infs;
	struct metrics *metrics;     /* usage from metrics.k8s.io, polled once connected */
	enum cluster_state state;
	struct kd_err err;
	char version[64];            /* gitVersion from /version */
	long latency_ms;             /* of the last /version round trip, -1 unknown */
	uint64_t t_probe;
	int reachable;               /* -1 unknown, 0 no, 1 yes */
	int readonly;                /* from config or --readonly */
	struct loop *loop;
	struct http_req *probe;
	cluster_cb cb;
	void *cb_arg;
	int discovered;
	/* The CRDs, watched so that discovery is asked again when one comes, goes or
	 * changes (NULL before the first discovery); their last signature. */
	struct informer *crds;
	struct loop_timer *crd_timer;
	uint64_t crd_sig;
	int crd_seen;
	int refreshing;             /* discovered again while READY (it stays READY meanwhile) */
};

/* A cluster for context (not connected yet). cb runs on every change of state. */
struct cluster *cluster_new(struct loop *l, const struct kcfg *cfg, const char *context,
    const char *const *view_dirs, cluster_cb cb, void *arg);
void cluster_free(struct cluster **c);
/* Starts discovery and a /version probe, unless already done (force: again). */
void cluster_connect(struct cluster *c, int force);
/* What ctrl-r asks: the credential asked for again (a plugin found missing run again,
 * a token file re-read), then cluster_connect(c, 1). */
void cluster_refresh(struct cluster *c);
/* Measures reachability and latency again (GET /version). */
void cluster_probe(struct cluster *c);

#endif
