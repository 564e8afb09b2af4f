/* Interned strings: one shared, reference-counted copy of each text that repeats across
 * rows (namespaces, label sets, owner references). Texts may hold NULs (packed lists), so
 * they are given with their length. */
#ifndef KD_INTERN_H
#define KD_INTERN_H

#include <stddef.h>

struct intern;

struct intern *intern_new(void);
/* Frees the pool and every string in it. */
void intern_free(struct intern **pool);
/* The shared copy of s[0..len) (NUL-terminated after len), with one more reference. */
const char *intern_get(struct intern *pool, const char *s, size_t len);
/* Drops a reference from intern_get; accepts NULL. */
void intern_put(struct intern *pool, const char *s);
size_t intern_bytes(const struct intern *pool);

#endif
