/* The editor's recovery journal; see recovery.h. */
#define _GNU_SOURCE
#include "util/recovery.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/recovery_priv.h"
#include "util/sbuf.h"
#include "util/sha256.h"
#include "util/sort.h"
#include "util/time.h"
#include "util/xmalloc.h"

#define RECOVERY_MAGIC "kdeck-recovery: 1"
#define RECOVERY_SUFFIX ".recovery"
/* A header is a few short lines; more than this is not one of ours. */
#define RECOVERY_HEADER_MAX 16384
/* The readable part of a file name, so that it stays far below NAME_MAX. */
#define RECOVERY_READABLE_MAX 120

void
recovery_meta_clear(struct recovery_meta *m)
{
	if (m == NULL)
		return;
	free(m->context);
	free(m->group);
	free(m->version);
	free(m->resource);
	free(m->namespace_);
	free(m->name);
	free(m->resource_version);
	memset(m, 0, sizeof *m);
}

char *
recovery_dir(const char *dir)
{
	if (dir != NULL)
		return xstrdup(dir);
	char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
	char *d = xasprintf("%s/recovery", state);
	free(state);
	return d;
}

void
recovery_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;
	while (n-- > 0)
		*v++ = 0;
}

static const char *
str_or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* ---- the file name ---- */

static void
name_add_safe(struct sbuf *b, const char *s, size_t room)
{
	for (; *s != '\0' && b->len < room; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || (c == '.' && b->len > 0);
		sbuf_add(b, ok ? &c : "_", 1);
	}
}

char *
recovery_file_name(const struct recovery_meta *m)
{
	struct sbuf b = { 0 };
	name_add_safe(&b, str_or_empty(m->resource), RECOVERY_READABLE_MAX);
	if (m->namespace_ != NULL && m->namespace_[0] != '\0') {
		sbuf_str(&b, ".");
		name_add_safe(&b, m->namespace_, RECOVERY_READABLE_MAX);
	}
	sbuf_str(&b, ".");
	name_add_safe(&b, str_or_empty(m->name), RECOVERY_READABLE_MAX);
	/* the identity in full, each part ended by a NUL so that no two identities meet */
	const char *parts[] = { m->context, m->group, m->resource, m->namespace_, m->name };
	struct sha256 h;
	sha256_init(&h);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		sha256_update(&h, str_or_empty(parts[i]), strlen(str_or_empty(parts[i])) + 1);
	unsigned char d[32];
	sha256_final(&h, d);
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	char *name = xasprintf("%s-%s%s", b.s, hex, RECOVERY_SUFFIX);
	free(b.s);
	return name;
}

/* ---- the header ---- */

static void
header_value(struct sbuf *b, const char *key, const char *value)
{
	sbuf_str(b, key);
	sbuf_str(b, ": ");
	for (const unsigned char *s = (const unsigned char *)str_or_empty(value); *s; s++) {
		char esc[5];
		switch (*s) {
		case '\\': sbuf_str(b, "\\\\"); break;
		case '\n': sbuf_str(b, "\\n"); break;
		case '\r': sbuf_str(b, "\\r"); break;
		case '\t': sbuf_str(b, "\\t"); break;
		default:
			if (*s < 0x20 || *s == 0x7f) {
				snprintf(esc, sizeof esc, "\\x%02x", *s);
				sbuf_str(b, esc);
			} else {
				sbuf_add(b, (const char *)s, 1);
			}
		}
	}
	sbuf_str(b, "\n");
}

void
recovery_bytes(struct sbuf *b, const struct recovery_meta *m, const char *text, size_t len)
{
	char when[32] = "";
	struct tm tm;
	time_t t = m->saved;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char length[32];
	snprintf(length, sizeof length, "%zu", len);
	sbuf_str(b, RECOVERY_MAGIC "\n");
	header_value(b, "context", m->context);
	header_value(b, "group", m->group);
	header_value(b, "version", m->version);
	header_value(b, "resource", m->resource);
	header_value(b, "namespace", m->namespace_);
	header_value(b, "name", m->name);
	header_value(b, "resourceVersion", m->resource_version);
	header_value(b, "secret", m->secret ? "yes" : "no");
	header_value(b, "saved", when);
	header_value(b, "length", length);
	sbuf_str(b, "\n");
	sbuf_add(b, text, len);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value s[0..n) unescaped, or NULL when an escape is bad. */
static char *
header_unescape(const char *s, size_t n)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c != '\\') {
			sbuf_add(&b, &c, 1);
			continue;
		}
		if (++i >= n)
			goto bad;
		switch (s[i]) {
		case '\\': c = '\\'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'x':
			if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0 ||
			    (hexval(s[i + 1]) == 0 && hexval(s[i + 2]) == 0))
				goto bad;
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
			break;
		default:
			goto bad;
		}
		sbuf_add(&b, &c, 1);
	}
	return b.s;
bad:
	free(b.s);
	return NULL;
}

struct header {
	struct recovery_meta meta;
	size_t text_off;   /* where the text starts */
	size_t text_len;   /* what the header says it is */
};

/* Parses the header at the start of buf[0..n): 0, or -1 with why. */
static int
header_parse(const char *buf, size_t n, struct header *h, char *why, size_t whysz)
{
	static const char *const keys[] = { "context", "group", "version", "resource",
		"namespace", "name", "resourceVersion", "secret", "saved", "length" };
	enum { NKEYS = sizeof keys / sizeof keys[0] };
	char *val[NKEYS] = { 0 };
	int rc = -1;
	memset(h, 0, sizeof *h);
	size_t magic = strlen(RECOVERY_MAGIC);
	if (n < magic + 1 || memcmp(buf, RECOVERY_MAGIC "\n", magic + 1) != 0) {
		snprintf(why, whysz, "it does not start with \"%s\"", RECOVERY_MAGIC);
		return -1;
	}
	size_t pos = magic + 1;
	for (int line = 2; ; line++) {
		const char *nl = memchr(buf + pos, '\n', n - pos);
		if (nl == NULL) {
			snprintf(why, whysz, "its header does not end (no empty line)");
			goto done;
		}
		size_t ll = (size_t)(nl - (buf + pos));
		const char *l = buf + pos;
		pos += ll + 1;
		if (ll == 0)
			break;
		const char *colon = memchr(l, ':', ll);
		if (colon == NULL) {
			snprintf(why, whysz, "line %d of its header is not \"key: value\"", line);
			goto done;
		}
		size_t kl = (size_t)(colon - l), vo = kl + 1;
		if (vo < ll && l[vo] == ' ')
			vo++;
		for (int k = 0; k < NKEYS; k++) {
			if (strlen(keys[k]) != kl || memcmp(keys[k], l, kl) != 0)
				continue;
			free(val[k]);
			if ((val[k] = header_unescape(l + vo, ll - vo)) == NULL) {
				snprintf(why, whysz, "line %d of its header has a bad escape", line);
				goto done;
			}
		}
	}
	for (int k = 0; k < NKEYS; k++) {
		if (val[k] == NULL) {
			snprintf(why, whysz, "its header has no %s", keys[k]);
			goto done;
		}
	}
	const char *secret = val[7], *saved = val[8], *length = val[9];
	if (strcmp(secret, "yes") != 0 && strcmp(secret, "no") != 0) {
		snprintf(why, whysz, "its header's secret is neither yes nor no");
		goto done;
	}
	if (time_parse_rfc3339(saved, &h->meta.saved) != 0) {
		snprintf(why, whysz, "its header's saved is not a time");
		goto done;
	}
	char *end;
	errno = 0;
	unsigned long long len = strtoull(length, &end, 10);
	if (length[0] < '0' || length[0] > '9' || *end != '\0' || errno != 0 || len > SIZE_MAX) {
		snprintf(why, whysz, "its header's length is not a number");
		goto done;
	}
	h->meta.secret = strcmp(secret, "yes") == 0;
	h->meta.context = val[0];
	h->meta.group = val[1];
	h->meta.version = val[2];
	h->meta.resource = val[3];
	h->meta.namespace_ = val[4];
	h->meta.name = val[5];
	h->meta.resource_version = val[6];
	for (int k = 0; k < 7; k++)
		val[k] = NULL;
	h->text_off = pos;
	h->text_len = (size_t)len;
	rc = 0;
done:
	for (int k = 0; k < NKEYS; k++)
		free(val[k]);
	return rc;
}

/* ---- the checks ---- */

/* "deployments web/front" */
static char *
object_words(const struct recovery_meta *m)
{
	const char *ns = str_or_empty(m->namespace_);
	return xasprintf("%s %s%s%s", str_or_empty(m->resource), ns, ns[0] ? "/" : "",
	    str_or_empty(m->name));
}

/* Why path cannot be used, from errno e: a clause. */
static const char *
refusal(int e)
{
	switch (e) {
	case ELOOP: return "it is a symbolic link, which kdeck does not follow; remove it";
	case EPERM: return "it belongs to another user; remove it or set XDG_STATE_HOME";
	case ENOTDIR: return "it is not a folder; remove it";
	case EISDIR: return "it is not a regular file; remove it";
	default: return strerror(e);
	}
}

static int
refuse(struct kd_err *err, const struct recovery_meta *m, const char *path, int e)
{
	char *what = object_words(m), *shown = file_tilde(path);
	kd_err_set(err, KD_ERR_IO, "cannot keep the edit of %s in %s: %s", what, shown, refusal(e));
	free(what);
	free(shown);
	errno = e;
	return -1;
}

int
recovery_check_dir(const char *d, const struct recovery_meta *m, struct kd_err *err)
{
	return file_private_dir(d) == 0 ? 0 : refuse(err, m, d, errno);
}

int
recovery_check_file(const char *path, const struct recovery_meta *m, struct kd_err *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : refuse(err, m, path, errno);
	if (S_ISLNK(st.st_mode))
		return refuse(err, m, path, ELOOP);
	if (!S_ISREG(st.st_mode))
		return refuse(err, m, path, EISDIR);
	if (st.st_uid != geteuid())
		return refuse(err, m, path, EPERM);
	return 0;
}

/* ---- save, list, load, remove ---- */

int
recovery_save(const char *dir, const struct recovery_meta *m, const char *text, size_t len,
    struct kd_err *err)
{
	char *d = recovery_dir(dir), *file = recovery_file_name(m);
	char *path = xasprintf("%s/%s", d, file);
	int rc = -1;
	if (recovery_check_dir(d, m, err) != 0 || recovery_check_file(path, m, err) != 0)
		goto done;
	struct sbuf b = { 0 };
	recovery_bytes(&b, m, text, len);
	rc = file_write_synced(path, b.s, b.len);
	int e = errno;
	if (m->secret)
		recovery_wipe(b.s, b.len);
	free(b.s);
	if (rc != 0) {
		char *what = object_words(m), *shown = file_tilde(path);
		kd_err_set(err, KD_ERR_IO, "cannot keep the edit of %s in %s: %s", what, shown,
		    strerror(e));
		free(what);
		free(shown);
	}
done:
	free(d);
	free(file);
	free(path);
	return rc;
}

/* Opens d/file to read it, as a regular file of ours (a FIFO does not block): the
 * descriptor and *st, or -1 with why. */
static int
open_for_reading(const char *path, struct stat *st, char *why, size_t whysz)
{
	int fd = file_open_private(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(why, whysz, "%s", errno == ELOOP ? "it is a symbolic link" :
		    errno == EPERM ? "it belongs to another user" : strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(why, whysz, "it is not a regular file");
		close(fd);
		return -1;
	}
	return fd;
}

/* The header of the file at path into *h (and its file's size and time), checked against
 * the file's length and name: 0, or -1 with why. */
static int
entry_read(const char *path, const char *file, struct header *h, struct stat *st, char *why,
    size_t whysz)
{
	int fd = open_for_reading(path, st, why, whysz);
	if (fd < 0)
		return -1;
	char *buf = xmalloc(RECOVERY_HEADER_MAX), *want = NULL;
	ssize_t n = pread(fd, buf, RECOVERY_HEADER_MAX, 0);
	int e = errno, rc = -1;
	close(fd);
	if (n < 0) {
		snprintf(why, whysz, "%s", strerror(e));
		goto done;
	}
	if (header_parse(buf, (size_t)n, h, why, whysz) != 0)
		goto done;
	if ((uintmax_t)st->st_size != (uintmax_t)h->text_off + h->text_len) {
		snprintf(why, whysz, "its text is %jd bytes, its header says %zu",
		    (intmax_t)st->st_size - (intmax_t)h->text_off, h->text_len);
		goto done;
	}
	want = recovery_file_name(&h->meta);
	if (strcmp(want, file) != 0) {
		snprintf(why, whysz, "its name is not the one of the object it holds (%s)", want);
		goto done;
	}
	rc = 0;
done:
	if (rc != 0)
		recovery_meta_clear(&h->meta);
	free(want);
	free(buf);
	return rc;
}

static int
entry_newer_first(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	const struct recovery_entry *x = a, *y = b;
	if (x->meta.saved != y->meta.saved)
		return x->meta.saved > y->meta.saved ? -1 : 1;
	if (x->mtime != y->mtime)
		return x->mtime > y->mtime ? -1 : 1;
	return strcmp(x->file, y->file);
}

static void
list_warn(struct recovery_list *list, const char *path, const char *why)
{
	char *shown = file_tilde(path);
	list->warnings = xreallocarray(list->warnings, list->nwarnings + 1, sizeof *list->warnings);
	list->warnings[list->nwarnings++] = xasprintf("%s is not offered for recovery: %s", shown,
	    why);
	free(shown);
}

int
recovery_list(const char *dir, struct recovery_list *list, struct kd_err *err)
{
	memset(list, 0, sizeof *list);
	char *d = recovery_dir(dir);
	struct stat st;
	int rc = -1;
	if (lstat(d, &st) != 0 && errno == ENOENT) {
		rc = 0;
		goto done;
	}
	DIR *dp = NULL;
	if (file_private_dir(d) != 0 || (dp = opendir(d)) == NULL) {
		char *shown = file_tilde(d);
		kd_err_set(err, KD_ERR_IO, "cannot read the edits kept in %s: %s", shown,
		    refusal(errno));
		free(shown);
		goto done;
	}
	for (struct dirent *de; (de = readdir(dp)) != NULL; ) {
		if (de->d_name[0] == '.')   /* ., .. and the temporary files of a write */
			continue;
		char *path = xasprintf("%s/%s", d, de->d_name), why[256];
		struct header h;
		if (entry_read(path, de->d_name, &h, &st, why, sizeof why) != 0) {
			list_warn(list, path, why);
			free(path);
			continue;
		}
		list->entries = xreallocarray(list->entries, list->n + 1, sizeof *list->entries);
		list->entries[list->n++] = (struct recovery_entry){ .meta = h.meta,
			.file = xstrdup(de->d_name), .size = h.text_len, .mtime = st.st_mtime };
		free(path);
	}
	closedir(dp);
	util_sort(list->entries, list->n, sizeof *list->entries, entry_newer_first, NULL);
	rc = 0;
done:
	free(d);
	return rc;
}

void
recovery_list_free(struct recovery_list *list)
{
	if (list == NULL)
		return;
	for (size_t i = 0; i < list->n; i++) {
		recovery_meta_clear(&list->entries[i].meta);
		free(list->entries[i].file);
	}
	for (size_t i = 0; i < list->nwarnings; i++)
		free(list->warnings[i]);
	free(list->entries);
	free(list->warnings);
	memset(list, 0, sizeof *list);
}

int
recovery_load(const char *dir, const char *file, struct recovery_meta *m, char **text,
    size_t *len, struct kd_err *err)
{
	memset(m, 0, sizeof *m);
	*text = NULL;
	*len = 0;
	char *d = recovery_dir(dir), *path = xasprintf("%s/%s", d, file), why[256] = "";
	struct stat st;
	struct sbuf b = { 0 };
	struct header h = { 0 };
	int rc = -1, fd = -1;
	FILE *f = NULL;
	if (file[0] == '.' || strchr(file, '/') != NULL) {
		snprintf(why, sizeof why, "it is not a file name kdeck gives");
		goto done;
	}
	if ((fd = open_for_reading(path, &st, why, sizeof why)) < 0)
		goto done;
	if ((f = fdopen(fd, "rb")) == NULL || sbuf_fread(&b, f, SIZE_MAX) != 0) {
		snprintf(why, sizeof why, "%s", strerror(errno));
		goto done;
	}
	if (header_parse(b.s, b.len, &h, why, sizeof why) != 0)
		goto done;
	if (b.len != h.text_off + h.text_len) {
		snprintf(why, sizeof why, "its text is %zu bytes, its header says %zu",
		    b.len - h.text_off, h.text_len);
		recovery_meta_clear(&h.meta);
		goto done;
	}
	memmove(b.s, b.s + h.text_off, h.text_len);
	b.s[h.text_len] = '\0';
	*m = h.meta;
	*text = b.s;
	*len = h.text_len;
	b.s = NULL;
	rc = 0;
done:
	if (f != NULL)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	if (b.s != NULL) {
		recovery_wipe(b.s, b.len);   /* it may have held a Secret's values */
		free(b.s);
	}
	if (rc != 0) {
		char *shown = file_tilde(path);
		kd_err_set(err, KD_ERR_IO, "cannot restore the edit kept in %s: %s", shown, why);
		free(shown);
	}
	free(d);
	free(path);
	return rc;
}

/* Overwrites the whole file open at fd with zeros and flushes it: 0 or -1. */
static int
zero_file(int fd, off_t size)
{
	static const char zeros[4096];
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	for (off_t left = size; left > 0; ) {
		size_t n = left < (off_t)sizeof zeros ? (size_t)left : sizeof zeros;
		if (file_write_all(fd, zeros, n) != 0)
			return -1;
		left -= (off_t)n;
	}
	return fsync(fd);
}

/* Whether the file open at fd may hold a Secret: its header says so, or it has no header
 * that says otherwise. */
static int
may_hold_a_secret(int fd)
{
	char *buf = xmalloc(RECOVERY_HEADER_MAX), why[128];
	ssize_t n = pread(fd, buf, RECOVERY_HEADER_MAX, 0);
	struct header h;
	int secret = n < 0 || header_parse(buf, (size_t)n, &h, why, sizeof why) != 0 ||
	    h.meta.secret;
	if (n >= 0)
		recovery_meta_clear(&h.meta);
	free(buf);
	return secret;
}

int
recovery_remove(const char *dir, const struct recovery_meta *m, struct kd_err *err)
{
	char *d = recovery_dir(dir), *file = recovery_file_name(m);
	char *path = xasprintf("%s/%s", d, file);
	int rc = -1, fd = -1;
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		rc = 0;
		goto done;
	}
	if (recovery_check_file(path, m, err) != 0)
		goto done;
	fd = file_open_private(path, O_RDWR | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) != 0) {
		refuse(err, m, path, errno);
		goto done;
	}
	if ((m->secret || may_hold_a_secret(fd)) && zero_file(fd, st.st_size) != 0) {
		refuse(err, m, path, errno);
		goto done;
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		refuse(err, m, path, errno);
		goto done;
	}
	(void)file_sync_dir(d);
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	free(d);
	free(file);
	free(path);
	return rc;
}
