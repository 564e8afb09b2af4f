#ifndef KDECK_UTIL_SBUF_H
#define KDECK_UTIL_SBUF_H

#include <stddef.h>

/* A growing byte string, always NUL-terminated after its len bytes once anything was added.
 * The owner frees s. Start with { 0 }. */
struct sbuf {
	char *s;
	size_t len, cap;
};

/* Appends n bytes of s (which may hold NULs). */
void sbuf_add(struct sbuf *b, const char *s, size_t n);
/* Appends the string s. */
void sbuf_str(struct sbuf *b, const char *s);

#endif
