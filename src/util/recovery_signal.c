/* The recovery journal written from a fatal signal's handler; see recovery.h. Everything
 * that allocates, formats or checks happens in recovery_prepare; what the handler runs
 * is system calls on what was prepared. */
#define _GNU_SOURCE
#include "util/recovery.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/recovery_priv.h"
#include "util/xmalloc.h"

/* An atomic pointer that is not lock-free could deadlock a handler. */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the prepared recovery is swapped atomically");

struct recovery_blob {
	int dirfd;          /* the folder, checked and opened when prepared */
	char name[256];     /* the object's file in it */
	char tmp[256];      /* the handler's temporary file, hidden: ".NAME.signal" */
	int secret;
	size_t len;
	char bytes[];       /* what recovery_save writes */
};

static void
blob_free(struct recovery_blob *b)
{
	if (b == NULL)
		return;
	close(b->dirfd);
	if (b->secret)
		recovery_wipe(b->bytes, b->len);
	free(b);
}

int
recovery_prepare(struct recovery_signal *s, const char *dir, const struct recovery_meta *m,
    const char *text, size_t len, struct kd_err *err)
{
	char *d = recovery_dir(dir), *file = recovery_file_name(m);
	char *path = xasprintf("%s/%s", d, file);
	struct recovery_blob *b = NULL;
	int rc = -1, fd = -1;
	if (recovery_check_dir(d, m, err) != 0 || recovery_check_file(path, m, err) != 0)
		goto done;
	/* the folder checked is the folder written: held open, the handler names files in it */
	struct stat st;
	fd = open(d, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != geteuid()) {
		kd_err_set(err, KD_ERR_IO, "cannot keep the edit in %s: %s", d,
		    fd < 0 ? strerror(errno) : "it belongs to another user");
		goto done;
	}
	/* recovery_file_name keeps names far below NAME_MAX */
	if (strlen(file) + sizeof ".signal" + 1 > sizeof b->tmp) {
		kd_err_set(err, KD_ERR_INTERNAL, "the recovery file name %s is too long", file);
		goto done;
	}
	struct sbuf bytes = { 0 };
	recovery_bytes(&bytes, m, text, len);
	b = xmalloc(sizeof *b + bytes.len);
	b->dirfd = fd;
	fd = -1;
	snprintf(b->name, sizeof b->name, "%s", file);
	snprintf(b->tmp, sizeof b->tmp, ".%s.signal", file);
	b->secret = m->secret;
	b->len = bytes.len;
	memcpy(b->bytes, bytes.s, bytes.len);
	if (m->secret)
		recovery_wipe(bytes.s, bytes.len);
	free(bytes.s);
	blob_free(atomic_exchange(&s->blob, b));
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	free(d);
	free(file);
	free(path);
	return rc;
}

int
recovery_write_now_signal_safe(struct recovery_signal *s)
{
	struct recovery_blob *b = atomic_load(&s->blob);
	if (b == NULL) {
		errno = EINVAL;
		return -1;
	}
	/* one left by an earlier signal that could not finish */
	(void)unlinkat(b->dirfd, b->tmp, 0);
	int fd = openat(b->dirfd, b->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return -1;
	int rc = file_write_all(fd, b->bytes, b->len);
	if (rc == 0)
		rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = renameat(b->dirfd, b->tmp, b->dirfd, b->name);
	if (rc == 0)
		rc = fsync(b->dirfd);
	if (rc != 0) {
		int e = errno;
		(void)unlinkat(b->dirfd, b->tmp, 0);
		errno = e;
	}
	return rc;
}

void
recovery_signal_free(struct recovery_signal *s)
{
	if (s == NULL)
		return;
	blob_free(atomic_exchange(&s->blob, NULL));
}
