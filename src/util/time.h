/* Times as the Kubernetes API writes them: RFC 3339 (metav1.Time "2024-01-02T03:04:05Z",
 * MicroTime with a fraction, an exec plugin's expirationTimestamp with an offset). */
#ifndef KD_TIME_H
#define KD_TIME_H

#include <time.h>

/* Parses "YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)" (T may be t or a space, Z may
 * be z) and nothing after it: 0 and *t in seconds since the epoch (the fraction dropped),
 * or -1 and *t untouched. */
int time_parse_rfc3339(const char *s, time_t *t);

#endif
