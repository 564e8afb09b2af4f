/* The steps of a canary (model/canary.h) on a cluster: a shift of the share, a promote and
 * an abort, each planned as one sentence naming the cluster, the namespace, both
 * Deployments and their counts before -> after; checked against read-only and RBAC before
 * anything is sent; sent through kube/api (so journalled) as kubectl would send them (a
 * merge patch of each scale subresource, a JSON patch of the stable's pod template); and
 * noted as the cluster's last change with the patches that take it back (ops/lastchange.h).
 * No curses. */
#ifndef KD_OPS_CANARY_H
#define KD_OPS_CANARY_H

#include <stddef.h>

#include "util/err.h"

struct cJSON;
struct cluster;
struct kres;

/* The pair a step acts on. */
struct canary_ref {
	struct cluster *c;           /* borrowed */
	const struct kres *res;      /* deployments, borrowed */
	const char *ns, *stable, *canary;
};

enum canary_step { CANARY_SHIFT, CANARY_PROMOTE, CANARY_ABORT, CANARY_FINISH };

struct canary_plan {
	enum canary_step step;
	long canary_from, canary_to, stable_from, stable_to;
	struct cJSON *tmpl;          /* promote: the stable's new pod template (owned) */
	struct cJSON *tmpl_was;      /* promote: the stable's template before (owned) */
	char images[256];            /* promote: the canary's images */
};

void canary_plan_clear(struct canary_plan *p);

/* The question: "Shift the canary of web in shop on prod from 10 % to 20 %: web-canary
 * 1 -> 2, web 9 -> 8?" A new string. */
char *canary_plan_say(const struct canary_ref *r, const struct canary_plan *p);

/* Whether the step may be sent: 1; 0 with why (read-only, RBAC says no); -1 with why
 * while the server is still being asked. */
int canary_check(const struct canary_ref *r, enum canary_step step, char *why, size_t len);

/* Asks the server now what canary_check will need (the RBAC answers in r's namespace). */
void canary_prefetch(const struct canary_ref *r);

/* Sends the step: a shift, an abort or a promote's finish as two scale patches (the one
 * that grows first, so the total never dips), a promote as the template patch. cb runs
 * once on the loop, err NULL when every request was done; the last change is noted then
 * (a finish notes the whole promote: the template and both counts back). When the server
 * refuses a request, err->msg is the sentence to show: "the shift not sent: ..." when
 * nothing went through, else what did and what did not ("canary web-canary scaled to 2,
 * but web stayed at 9: ..."), and the count that went through is noted as the last
 * change (with a finish's template), so an undo takes it back. r's strings and p are
 * copied. */
typedef void (*canary_done_cb)(const struct kd_err *err, void *arg);
void canary_send(const struct canary_ref *r, const struct canary_plan *p, canary_done_cb cb, void *arg);

/* What the step did, past tense, for the flash ("shifted web-canary of web in shop on
 * prod to 20 %: web-canary 2, web 8"). A new string. */
char *canary_done_say(const struct canary_ref *r, const struct canary_plan *p);

#endif
