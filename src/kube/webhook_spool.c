/* The audit webhook's spool; see webhook_spool.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kube/webhook_spool.h"
#include "util/file.h"
#include "util/xmalloc.h"

struct wspool {
	char *path, *state_path, *lock_path;
	int fd;            /* the spool, O_APPEND */
	int lock_fd;       /* held while this process delivers; -1 until claimed */
	long max;
	off_t offset;      /* from the state file, as of the last locked call */
	long dropped;
	/* the pending count as of (size, offset) */
	off_t counted_size, counted_offset;
	long counted;
};

static int
wspool_io(struct wspool *sp, const char *what, struct kd_err *err)
{
	char *pretty = file_tilde(sp->path);
	kd_err_set(err, KD_ERR_IO, "the audit webhook spool %s cannot be %s (%s)", pretty, what, strerror(errno));
	free(pretty);
	return -1;
}

static void
wspool_lock(struct wspool *sp)
{
	while (flock(sp->fd, LOCK_EX) != 0 && errno == EINTR)
		;
}

static void
wspool_unlock(struct wspool *sp)
{
	flock(sp->fd, LOCK_UN);
}

static off_t
wspool_size(struct wspool *sp)
{
	struct stat st;
	return fstat(sp->fd, &st) == 0 ? st.st_size : 0;
}

/* Reads the state file (under the lock). */
static void
wspool_load(struct wspool *sp)
{
	size_t len;
	char *text = file_read(sp->state_path, 4096, &len);
	long long off = 0;
	long dropped = 0;
	if (text != NULL) {
		const char *o = strstr(text, "offset ");
		const char *d = strstr(text, "dropped ");
		if (o != NULL)
			off = strtoll(o + 7, NULL, 10);
		if (d != NULL)
			dropped = strtol(d + 8, NULL, 10);
		free(text);
	}
	/* a spool replaced or cut by hand: from its start (a repeat, never a loss) */
	if (off < 0 || off > (long long)wspool_size(sp))
		off = 0;
	sp->offset = (off_t)off;
	sp->dropped = dropped < 0 ? 0 : dropped;
}

static int
wspool_save(struct wspool *sp, struct kd_err *err)
{
	char text[96];
	int n = snprintf(text, sizeof text, "offset %lld\ndropped %ld\n", (long long)sp->offset, sp->dropped);
	if (file_write_synced(sp->state_path, text, (size_t)n) != 0) {
		char *pretty = file_tilde(sp->state_path);
		kd_err_set(err, KD_ERR_IO, "the audit webhook state %s cannot be written (%s)", pretty, strerror(errno));
		free(pretty);
		return -1;
	}
	return 0;
}

/* Lines from the offset to the end (under the lock); counted again only when either moved. */
static long
wspool_count(struct wspool *sp)
{
	off_t size = wspool_size(sp);
	if (size == sp->counted_size && sp->offset == sp->counted_offset)
		return sp->counted;
	long n = 0;
	char buf[65536];
	off_t at = sp->offset;
	ssize_t r;
	while (at < size && (r = pread(sp->fd, buf, sizeof buf, at)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			n += buf[i] == '\n';
		at += r;
	}
	sp->counted_size = size;
	sp->counted_offset = sp->offset;
	sp->counted = n;
	return n;
}

struct wspool *
wspool_open(const char *dir, long max, struct kd_err *err)
{
	if (file_private_dir(dir) != 0) {
		char *pretty = file_tilde(dir);
		kd_err_set(err, KD_ERR_IO, "the audit webhook spool's folder %s cannot be made (%s)", pretty,
		    strerror(errno));
		free(pretty);
		return NULL;
	}
	struct wspool *sp = xcalloc(1, sizeof *sp);
	sp->path = xasprintf("%s/webhook-spool.jsonl", dir);
	sp->state_path = xasprintf("%s/webhook-spool.state", dir);
	sp->lock_path = xasprintf("%s/webhook-spool.lock", dir);
	sp->max = max > 0 ? max : 10000;
	sp->lock_fd = -1;
	sp->counted_size = sp->counted_offset = -1;
	sp->fd = file_open_private(sp->path, O_RDWR | O_APPEND | O_CREAT);
	if (sp->fd < 0) {
		wspool_io(sp, "opened", err);
		wspool_close(&sp);
		return NULL;
	}
	wspool_lock(sp);
	wspool_load(sp);
	wspool_unlock(sp);
	return sp;
}

void
wspool_close(struct wspool **spp)
{
	struct wspool *sp = spp ? *spp : NULL;
	if (sp == NULL)
		return;
	if (sp->fd >= 0)
		close(sp->fd);
	if (sp->lock_fd >= 0)
		close(sp->lock_fd);   /* and its lock with it */
	free(sp->path);
	free(sp->state_path);
	free(sp->lock_path);
	free(sp);
	*spp = NULL;
}

int
wspool_append(struct wspool *sp, const char *line, size_t len, struct kd_err *err)
{
	int rc = 0;
	while (len > 0 && line[len - 1] == '\n')
		len--;
	wspool_lock(sp);
	wspool_load(sp);
	if (wspool_count(sp) >= sp->max) {
		sp->dropped++;
		rc = wspool_save(sp, err) != 0 ? -1 : 1;
		wspool_unlock(sp);
		return rc;
	}
	/* a line torn by a crash is ended first, so this one stays whole */
	char last = '\n';
	off_t size = wspool_size(sp);
	if (size > 0 && pread(sp->fd, &last, 1, size - 1) != 1)
		last = '\n';
	char *buf = xmalloc(len + 2), *p = buf;
	if (last != '\n')
		*p++ = '\n';
	memcpy(p, line, len);
	p += len;
	*p++ = '\n';
	if (file_write_all(sp->fd, buf, (size_t)(p - buf)) != 0)
		rc = wspool_io(sp, "written", err);
	free(buf);
	wspool_unlock(sp);
	return rc;
}

int
wspool_peek(struct wspool *sp, char **line, size_t *len, off_t *next, struct kd_err *err)
{
	(void)err;
	*line = NULL;
	*len = 0;
	wspool_lock(sp);
	wspool_load(sp);
	off_t size = wspool_size(sp), at = sp->offset;
	char *out = NULL;
	size_t n = 0, cap = 0;
	int found = 0;
	char buf[8192];
	ssize_t r;
	while (!found && at < size && (r = pread(sp->fd, buf, sizeof buf, at)) > 0) {
		char *nl = memchr(buf, '\n', (size_t)r);
		size_t take = nl ? (size_t)(nl - buf) : (size_t)r;
		if (n + take + 1 > cap) {
			cap = (n + take + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, buf, take);
		n += take;
		at += (off_t)take;
		if (nl != NULL) {
			at++;
			found = 1;
		}
	}
	wspool_unlock(sp);
	if (!found) {   /* nothing, or a line still being written */
		free(out);
		return 0;
	}
	out[n] = '\0';
	*line = out;
	*len = n;
	*next = at;
	return 1;
}

int
wspool_ack(struct wspool *sp, off_t next, struct kd_err *err)
{
	int rc;
	wspool_lock(sp);
	wspool_load(sp);
	sp->counted_size = -1;
	if (next > sp->offset)
		sp->offset = next;
	if (sp->offset >= wspool_size(sp)) {
		/* every line went: empty the spool. The offset goes to 0 first, so a crash
		 * between the two sends the lines again rather than skipping new ones. */
		sp->offset = 0;
		rc = wspool_save(sp, err);
		if (rc == 0 && ftruncate(sp->fd, 0) != 0)
			rc = wspool_io(sp, "emptied", err);
	} else
		rc = wspool_save(sp, err);
	wspool_unlock(sp);
	return rc;
}

long
wspool_pending(struct wspool *sp)
{
	wspool_lock(sp);
	wspool_load(sp);
	long n = wspool_count(sp);
	wspool_unlock(sp);
	return n;
}

long
wspool_dropped(struct wspool *sp)
{
	return sp->dropped;
}

void
wspool_forget_dropped(struct wspool *sp)
{
	wspool_lock(sp);
	wspool_load(sp);
	sp->dropped = 0;
	wspool_save(sp, NULL);
	wspool_unlock(sp);
}

int
wspool_claim(struct wspool *sp)
{
	if (sp->lock_fd >= 0)
		return 1;
	int fd = file_open_private(sp->lock_path, O_RDWR | O_CREAT);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 0;
	}
	sp->lock_fd = fd;
	return 1;
}
