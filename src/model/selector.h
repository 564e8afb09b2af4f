/* Kubernetes label selectors: "app=web,tier!=db,env in (a,b),!legacy,track". Parsed once,
 * matched against rows' labels in memory (the `-l` filter) and sent to the server as the
 * labelSelector of a list. */
#ifndef KD_SELECTOR_H
#define KD_SELECTOR_H

#include "util/err.h"

struct selector;

/* Parses text. Returns a new selector (an empty text matches everything), or NULL with
 * err naming the column where the text stops making sense. */
struct selector *selector_parse(const char *text, struct kd_err *err);
void selector_free(struct selector **s);

/* Label lookup for matching: the value of key, or NULL when the label is absent. */
typedef const char *(*selector_get_fn)(const void *labels, const char *key);
int selector_match(const struct selector *s, selector_get_fn get, const void *labels);
/* Matches labels packed as "key\0value\0key\0value\0\0" (the store's form). NULL: none. */
int selector_match_packed(const struct selector *s, const char *packed);
/* The value of key in packed labels, or NULL. */
const char *selector_packed_get(const void *packed, const char *key);
/* Number of requirements (0 for the empty selector). */
int selector_count(const struct selector *s);

#endif
