#define _POSIX_C_SOURCE 200809L
#include "util/xmalloc.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
xmalloc_die(size_t n)
{
	fprintf(stderr, "kdeck: out of memory (asked for %zu bytes)\n", n);
	abort();
}

void
xmalloc_tune(void)
{
#ifdef __GLIBC__
	/* Each watch event is parsed into many small blocks and freed again; with glibc's fast
	 * bins, every larger allocation after that (TLS read buffers, 16 KiB each record)
	 * first sweeps them all back together, a third of kdeck's CPU while idle under churn.
	 * Without fast bins small blocks are merged as they are freed. */
	mallopt(M_MXFAST, 0);
	/* A large block (an object's text, a scalar's copy while it is parsed, an answer's
	 * body) is mapped on its own, grows without a copy and goes back to the system when
	 * freed. glibc would otherwise raise this threshold to the size of the first such
	 * block freed, and later ones would grow by copies in the heap and leave their pages
	 * there: a 1 MB object opened in the editor then cost 2 MB more than its blocks. */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		xmalloc_die(n);
	return p;
}

void *
xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (p == NULL)
		xmalloc_die(count * n);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		xmalloc_die(n);
	return q;
}

void *
xreallocarray(void *p, size_t count, size_t n)
{
	if (n != 0 && count > SIZE_MAX / n)
		xmalloc_die(SIZE_MAX);
	return xrealloc(p, count * n);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
xfree_secret(char **p)
{
	if (p == NULL || *p == NULL)
		return;
	volatile char *v = *p;
	while (*v)
		*v++ = '\0';
	free(*p);
	*p = NULL;
}
