/* The log view: followed container logs from one container, every container of a pod, or
 * every pod of a workload, interleaved as they arrive with a coloured prefix per stream.
 * It follows (autoscroll) until the user scrolls up and again from the bottom; reconnects
 * without gap or duplicate (kube/logs.c); keeps at most logRingLines lines (config).
 * Its own keys are the keymap's logs: section, looked up before keys:. */
#ifndef KD_PAGE_LOGS_H
#define KD_PAGE_LOGS_H

#include <stddef.h>

#include "app.h"

struct logsrc {
	const char *pod, *container;
};

/* srcs: the streams (copied). containers: every container of the pod when the view is of
 * one pod (the c key picks among them), else NULL. */
struct page *page_logs_new(struct app *app, struct cluster *c, const char *ns, const char *title,
    const struct logsrc *srcs, size_t n, const char *const *containers, size_t ncontainers);

#endif
