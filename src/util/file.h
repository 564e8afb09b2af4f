#ifndef KDECK_UTIL_FILE_H
#define KDECK_UTIL_FILE_H

#include <stddef.h>

/* Reads the file at path whole, or its first limit bytes and a little more at the most
 * (SIZE_MAX: no limit), NUL-terminated; *len is its length. NULL (errno set) when it cannot
 * be opened. The caller frees the result. */
char *file_read(const char *path, size_t limit, size_t *len);

/* The path as a user types it: ~/... when it is under HOME, else as it is. The caller
 * frees the result. */
char *file_tilde(const char *path);

#endif
