/* gzip (RFC 1952) over deflate (RFC 1951), as Helm stores a release: gzip_inflate reads any
 * member (stored, fixed and dynamic Huffman blocks, the CRC-32 and length checked);
 * gzip_deflate writes one that gzip, Go's compress/gzip and helm read. */
#ifndef KD_GZIP_H
#define KD_GZIP_H

#include <stddef.h>

#include "util/err.h"

/* Whether data starts as a gzip member does (1f 8b 08). */
int gzip_is(const void *data, size_t len);
/* The member's content: a new buffer of *out_len bytes (NUL-terminated past them), or
 * NULL with err saying what is wrong ("the gzip data is cut short", "... CRC mismatch").
 * max: refuse content longer than this (a bomb), 0 for 256 MiB. */
char *gzip_inflate(const void *data, size_t len, size_t max, size_t *out_len, struct kd_err *err);
/* data as one gzip member (mtime 0, OS unknown): a new buffer of *out_len bytes. */
char *gzip_deflate(const void *data, size_t len, size_t *out_len);
/* CRC-32 (ISO 3309, as gzip) of len bytes, continuing from crc (0 to start). */
unsigned long gzip_crc32(unsigned long crc, const void *data, size_t len);

#endif
