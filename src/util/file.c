#include "util/file.h"

#include <stdio.h>

#include "util/xmalloc.h"

char *
file_read(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0, r;
	char *buf = xmalloc(cap);
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n < 2)
			buf = xrealloc(buf, cap *= 2);
		if (n > limit)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}
