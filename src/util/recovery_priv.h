/* What recovery.c and recovery_signal.c share: the bytes of a file, and the checks of
 * the folder and of the file's place in it. */
#ifndef KD_RECOVERY_PRIV_H
#define KD_RECOVERY_PRIV_H

#include <stddef.h>

#include "util/err.h"
#include "util/recovery.h"
#include "util/sbuf.h"

/* Appends the file's bytes (the header, the empty line, the text) to b. */
void recovery_bytes(struct sbuf *b, const struct recovery_meta *m, const char *text, size_t len);

/* Creates the folder d (0700) and checks it is ours and not a symlink: 0, or -1 with err
 * "cannot keep the edit of OBJECT: why". */
int recovery_check_dir(const char *d, const struct recovery_meta *m, struct kd_err *err);

/* Checks that what is at path, if anything, is a regular file of ours (a planted symlink
 * or someone else's file is refused): 0, or -1 with err. */
int recovery_check_file(const char *path, const struct recovery_meta *m, struct kd_err *err);

/* Overwrites n bytes at p with zeros in a way the compiler keeps. */
void recovery_wipe(void *p, size_t n);

#endif
