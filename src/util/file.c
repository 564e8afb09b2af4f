#define _POSIX_C_SOURCE 200809L
#include "util/file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

char *
file_xdg_dir(const char *env, const char *dflt)
{
	const char *x = getenv(env), *home = getenv("HOME");
	if (x != NULL && x[0] == '/')
		return xasprintf("%s/kdeck", x);
	if (home == NULL || home[0] == '\0')
		return NULL;
	return xasprintf("%s/%s/kdeck", home, dflt);
}

int
file_mkdirs(const char *dir, struct kd_err *err)
{
	size_t n = strlen(dir);
	char *p = xstrdup(dir);
	int e = 0;
	/* each folder on the way down, then dir itself; p ends where one could not be made */
	for (size_t i = 1; i <= n && e == 0; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			e = errno;
		else if (i < n)
			p[i] = '/';
	}
	if (e != 0)
		kd_err_set(err, KD_ERR_IO, "cannot create %s: %s", p, strerror(e));
	free(p);
	if (e == 0)
		return 0;
	errno = e;
	return -1;
}

int
file_mkdirs_for(const char *path, struct kd_err *err)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL || slash == path)
		return 0;
	char *dir = xstrndup(path, (size_t)(slash - path));
	int rc = file_mkdirs(dir, err), e = errno;
	free(dir);
	errno = e;
	return rc;
}
