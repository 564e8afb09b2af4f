#ifndef KDECK_UTIL_SBUF_H
#define KDECK_UTIL_SBUF_H

#include <stddef.h>
#include <stdio.h>

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
/* Appends what is left to read of f, stopping at its end or once len has reached limit
 * (SIZE_MAX: no limit); s is set even when nothing was read. Returns 0, or -1 when
 * reading failed (errno says why; what was read is kept). */
int sbuf_fread(struct sbuf *b, FILE *f, size_t limit);

#endif
