/* Kubernetes resource quantities as the API takes them ("250m", "0.5", "128Mi", "1G",
 * "1e3"): <signed number><suffix>, the suffix binary SI (Ki Mi Gi Ti Pi Ei), decimal SI
 * (n u m "" k M G T P E) or a decimal exponent (e3, E-2). */
#ifndef KD_QUANTITY_H
#define KD_QUANTITY_H

#include <stddef.h>

/* The value of q in base units (cores, bytes) into *v: 0, or -1 when q is not a
 * quantity. Surrounding spaces are not part of a quantity. */
int quantity_parse(const char *q, long double *v);

/* q in units of 10^exp10 into *v, worked out exactly and rounded half away from 0:
 * exp10 -3 is thousandths ("250m" -> 250, "12345678n" -> 12, "2" -> 2000), 0 is units
 * ("1Ki" -> 1024, "1.5Gi" -> 1610612736, "1e3" -> 1000, "1500m" -> 2). 0, or -1 when q
 * is not a quantity, has more than 36 digits, or *v would not fit. */
int quantity_scaled(const char *q, int exp10, long long *v);

/* Whether q is a resource amount: 0, or -1 with a sentence naming what (the field's name,
 * "cpu request") in why: not a quantity, or below 0. */
int quantity_check(const char *q, const char *what, char *why, size_t len);

/* q written as the API server writes it (apimachinery's CanonicalizeBytes, the form
 * kubectl sends): "0.25" -> "250m", "1.5Gi" -> "1536Mi", "1000m" -> "1", "0.5Ki" ->
 * "512"; the suffix's kind (decimal, binary, exponent) kept where it can be. 0, or -1
 * when q is not a quantity or is beyond what is written exactly here (more than 18
 * digits, finer than 1n): the caller keeps q as it is. */
int quantity_canonical(const char *q, char *out, size_t len);

/* a < b: -1, equal: 0, a > b: 1, for two quantities that parse. */
int quantity_cmp(const char *a, const char *b);

#endif
