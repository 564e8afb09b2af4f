#define _GNU_SOURCE
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

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
file_user_dir(const char *xdg_var, const char *home_sub)
{
	const char *xdg = getenv(xdg_var), *home = getenv("HOME");
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kdeck", xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/%s/kdeck", home, home_sub);
	/* /tmp is everyone's: a folder of our own in it, checked by file_private_dir */
	return xasprintf("/tmp/kdeck-%u", (unsigned)geteuid());
}

/* dir itself: ours, a real folder, closed to others. */
static int
file_check_dir(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		errno = ELOOP;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		errno = EPERM;
		return -1;
	}
	if ((st.st_mode & 077) != 0 && chmod(dir, 0700) != 0)
		return -1;
	return 0;
}

int
file_private_dir(const char *dir)
{
	char *p = xstrdup(dir);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	int rc = file_check_dir(p);
	int e = errno;
	free(p);
	errno = e;
	return rc;
}

int
file_open_private(const char *path, int flags)
{
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) && st.st_uid != geteuid())) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

int
file_write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len; ) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

int
file_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd), e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* The temporary file is hidden (.NAME.XXXXXX) so that a reader of the folder never takes
 * it for one of the files it keeps; sync: flushed before the rename, the folder after. */
static int
file_replace(const char *path, const char *data, size_t len, int sync)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash != NULL ? (int)(slash - path) : 0;
	const char *base = slash != NULL ? slash + 1 : path;
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)dirlen);
	char *tmp = xasprintf("%.*s%s.%s.XXXXXX", dirlen, path, slash != NULL ? "/" : "", base);
	int fd = mkostemp(tmp, O_CLOEXEC);   /* 0600, O_EXCL: a new file, never a link */
	int rc = fd < 0 ? -1 : file_write_all(fd, data, len);
	if (rc == 0 && sync && fsync(fd) != 0)
		rc = -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc == 0 && sync && file_sync_dir(dir) != 0)
		rc = -1;
	int e = errno;
	if (rc != 0 && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	errno = e;
	return rc;
}

int
file_write_private(const char *path, const char *data, size_t len)
{
	return file_replace(path, data, len, 0);
}

int
file_write_synced(const char *path, const char *data, size_t len)
{
	return file_replace(path, data, len, 1);
}

int
file_mkdirs(const char *dir, struct kd_err *err)
{
	if (dir[0] == '\0' || file_private_dir(dir) == 0)
		return 0;
	int e = errno;
	kd_err_set(err, KD_ERR_IO, "cannot create %s: %s", dir, strerror(e));
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
