/* The pure parts of scale (ops/scale.c), for tests. */
#ifndef KD_SCALE_H
#define KD_SCALE_H

#include <stddef.h>

/* The count arg asks for from the current count from: "5", "+2", "-1" (spaces around are
 * fine). Returns 0 with *to, or -1 with why (not a count, below 0). */
int scale_parse(const char *arg, long from, long *to, char *why, size_t len);
/* The merge patch kubectl scale sends to the scale subresource. A new string. */
char *scale_patch(long replicas);
/* Of the counts one change scales together (a canary's shift, the undo of one), whether
 * the one from from to to goes first: those that grow are sent first and the others only
 * once they are done, so that the total never dips below what was asked. */
int scale_goes_first(long from, long to);

#endif
