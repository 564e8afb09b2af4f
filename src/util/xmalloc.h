/* Allocation that cannot fail: running out of memory ends the program in one place,
 * so callers never check. Everything else that can fail returns an error value. */
#ifndef KD_XMALLOC_H
#define KD_XMALLOC_H
#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t count, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* kdeck's settings of the allocator, set once at the start (main; a bench measuring
 * kdeck's memory sets them too). */
void xmalloc_tune(void);

/* Overwrites then frees a secret (token, key, password); accepts NULL, sets *p = NULL. */
void xfree_secret(char **p);

#endif
