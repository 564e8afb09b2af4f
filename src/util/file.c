#include "util/file.h"

#include <stdint.h>
#include <stdio.h>

#include "util/sbuf.h"

char *
file_read(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	if (f == NULL)
		return NULL;
	struct sbuf b = { 0 };
	/* past limit, so that the caller can tell a file that is too long */
	(void)sbuf_fread(&b, f, limit == SIZE_MAX ? SIZE_MAX : limit + 1);
	fclose(f);
	*len = b.len;
	return b.s;
}
