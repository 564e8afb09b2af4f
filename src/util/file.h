#ifndef KDECK_UTIL_FILE_H
#define KDECK_UTIL_FILE_H

#include <stddef.h>

#include "util/err.h"

/* Reads the file at path whole, or its first limit bytes and a little more at the most
 * (SIZE_MAX: no limit), NUL-terminated; *len is its length. NULL (errno set) when it cannot
 * be opened. The caller frees the result. */
char *file_read(const char *path, size_t limit, size_t *len);

/* The path as a user types it: ~/... when it is under HOME, else as it is. The caller
 * frees the result. */
char *file_tilde(const char *path);

/* Creates the folder dir and the folders above it that are missing, private (0700) as
 * everything kdeck keeps. 0, or -1 with err (which may be NULL: "cannot create F: why")
 * and errno set. */
int file_mkdirs(const char *dir, struct kd_err *err);
/* The same for the folder the file path goes in. */
int file_mkdirs_for(const char *path, struct kd_err *err);

/* kdeck's own folder of a kind of state: $XDG_VAR/kdeck, else $HOME/home_sub/kdeck, else
 * (no HOME) /tmp/kdeck-UID, never a shared folder itself. The caller frees it. For example
 * file_user_dir("XDG_CACHE_HOME", ".cache"). */
char *file_user_dir(const char *xdg_var, const char *home_sub);

/* Creates dir and its missing parents (0700) and checks that dir is a folder of ours, not a
 * symlink, that no one else may write to (a folder of ours open to others is made 0700).
 * 0, or -1 with errno set (ELOOP: a symlink, EPERM: someone else's). */
int file_private_dir(const char *dir);

/* Opens path with flags (O_WRONLY | O_APPEND, O_RDONLY, ...), created 0600 when O_CREAT is
 * in flags, never through a symlink, close-on-exec; a regular file of someone else's is
 * refused (EPERM). The descriptor, or -1 with errno set. */
int file_open_private(const char *path, int flags);

/* Replaces path with data at once (a private temporary file beside it, renamed over it):
 * a reader sees the old file or the new one, never half, and a planted symlink is
 * replaced, not followed. The folder must exist (file_private_dir). 0, or -1 with errno. */
int file_write_private(const char *path, const char *data, size_t len);
/* The same, durable: the new file is on the disk (fsync) before it is renamed over path,
 * and the rename is (the folder's fsync) before it returns, so a crash or a power cut
 * leaves the old file or the new one whole. */
int file_write_synced(const char *path, const char *data, size_t len);

/* Writes all len bytes of data to fd (again after EINTR or a short write). 0, or -1 with
 * errno set. Async-signal-safe. */
int file_write_all(int fd, const char *data, size_t len);

/* Flushes the entries of the folder dir (a rename or an unlink in it) to the disk. 0, or
 * -1 with errno set. */
int file_sync_dir(const char *dir);

#endif
