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

/* kdeck's folder of one XDG kind: $env/kdeck when env names an absolute folder (a relative
 * one is ignored, as the XDG base directory rules say), else $HOME/dflt/kdeck
 * (file_xdg_dir("XDG_STATE_HOME", ".local/state")). NULL when HOME is unset or empty;
 * else the caller frees it. */
char *file_xdg_dir(const char *env, const char *dflt);

/* Creates the folder dir and the folders above it that are missing, private (0700) as
 * everything kdeck keeps. 0, or -1 with err (which may be NULL: "cannot create F: why")
 * and errno set. */
int file_mkdirs(const char *dir, struct kd_err *err);
/* The same for the folder the file path goes in. */
int file_mkdirs_for(const char *path, struct kd_err *err);

#endif
