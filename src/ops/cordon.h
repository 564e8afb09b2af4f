/* The pure parts of cordon and uncordon (ops/cordon.c), for tests and the drain. */
#ifndef KD_CORDON_H
#define KD_CORDON_H

#include <stddef.h>

struct cJSON;
struct cluster;
struct kres;

/* The strategic merge patch kubectl cordon (1) or uncordon (0) sends: kubectl diffs the
 * node before and after, and a false unschedulable is left out of the node, so uncordon
 * sends null. A constant. */
const char *cordon_patch(int cordon);
/* Whether the node already is as asked: 1 with kubectl's words ("node/node-1 already
 * cordoned", "node/node-1 already uncordoned"), and kubectl then sends nothing. */
int cordon_already(const struct cJSON *node, int cordon, char *why, size_t len);
/* Notes on c's context that node was cordoned (what: the sentence of what was done, NULL
 * for "cordoned node NAME on CTX"), so that an undo uncordons it. */
void cordon_note(struct cluster *c, const struct kres *nodes, const char *node, const char *what);

#endif
