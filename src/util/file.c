#include "util/file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

char *
file_read(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct sbuf b = { 0 };
	/* past limit, so that the caller can tell a file that is too long */
	(void)sbuf_fread(&b, f, limit == SIZE_MAX ? SIZE_MAX : limit + 1);
	fclose(f);
	*len = b.len;
	return b.s;
}

char *
file_tilde(const char *path)
{
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	/* HOME "/" would turn every absolute path into ~/... */
	if (n > 1 && strncmp(path, home, n) == 0 && path[n] == '/')
		return xasprintf("~%s", path + n);
	return xstrdup(path);
}
