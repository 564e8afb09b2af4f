/* :clusters - every kubeconfig context with its server, reachability and latency,
 * version, auth method and node/pod counts, in the table engine. Enter switches to the
 * context (kept warm: its informers stay). */
#ifndef KD_PAGE_CLUSTERS_H
#define KD_PAGE_CLUSTERS_H

#include "app.h"

struct page *page_clusters_new(struct app *app);

#endif
