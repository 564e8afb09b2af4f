/* Resource usage from metrics.k8s.io/v1beta1, what kubectl top shows: the nodes' usage
 * beside their allocatable (how busy the cluster is, for the header) and, while someone
 * asks for them, every pod's usage (the busiest pods, for :pulse). Polled on the loop,
 * never waited on; a cluster without metrics-server is a state, not an error. */
#ifndef KD_METRICS_H
#define KD_METRICS_H

#include <stddef.h>

#include "util/err.h"

struct loop;
struct http;
struct metrics;

enum metrics_state {
	METRICS_UNKNOWN,   /* not asked yet */
	METRICS_SERVED,
	METRICS_ABSENT,    /* 404/503 from the metrics API: metrics-server is not installed */
	METRICS_FAILED,    /* any other failure: metrics_error says what */
};

struct metrics_pod {
	char *ns, *name;
	long cpu_m;           /* millicores, summed over containers */
	long long mem;        /* bytes */
};

typedef void (*metrics_cb)(struct metrics *m, void *arg);

/* A poller on h (borrowed, outlives it). cb runs after every poll that changed something. */
struct metrics *metrics_new(struct loop *l, struct http *h, metrics_cb cb, void *arg);
void metrics_free(struct metrics **m);
/* Starts polling the nodes (idempotent); stops (what is known stays). */
void metrics_start(struct metrics *m);
void metrics_stop(struct metrics *m);
/* Pods too while want_pods > 0 (each caller adds 1, and -1 when done). */
void metrics_want_pods(struct metrics *m, int delta);

enum metrics_state metrics_state(const struct metrics *m);
const struct kd_err *metrics_error(const struct metrics *m);
/* The cluster's usage as percentages of the nodes' allocatable: 0, or -1 when unknown. */
int metrics_cluster(const struct metrics *m, int *cpu_pct, int *mem_pct);
/* The pods' usage (after a pods poll), and the top n by CPU (by_mem: by memory) into out
 * (borrowed rows). Returns how many were written. */
size_t metrics_pod_count(const struct metrics *m);
/* Moves whenever a poll changed what the getters say (a screen redraws when it moved). */
unsigned long metrics_generation(const struct metrics *m);
size_t metrics_top(const struct metrics *m, int by_mem, const struct metrics_pod **out, size_t n);

/* Quantities as the API writes them: "250m", "2", "12345n" -> millicores; "512Mi",
 * "1G", "1048576" -> bytes (model/quantity.h's grammar, rounded to the unit). -1 when
 * not a quantity or below 0. */
long metrics_cpu_parse(const char *q);
long long metrics_mem_parse(const char *q);
/* "1.2Gi", "350Mi", "900Ki": bytes the way kubectl top writes them. */
void metrics_mem_format(long long bytes, char *buf, size_t len);

/* Parses a body into m: what is "pods" (PodMetricsList), "node metrics" (NodeMetricsList)
 * or "allocatable" (NodeList). 0 or -1 with err. Polls use it; tests feed it. */
int metrics_parse(struct metrics *m, const char *what, const char *body, size_t len, struct kd_err *err);

#endif
