/* UTF-8 without the locale: decoding a character, its boundaries and the columns it takes
 * on a terminal. An invalid byte counts as one character of one column, so any bytes can
 * be walked and shown. */
#ifndef KD_UTF8_H
#define KD_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at s (n > 0 bytes readable) into *cp and returns its length in
 * bytes; an invalid or cut sequence is one byte, *cp then 0xFFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The offset of the character boundary after off (n at most) and before it (0 at least). */
size_t utf8_next(const char *s, size_t n, size_t off);
size_t utf8_prev(const char *s, size_t n, size_t off);
/* The start of the character that holds byte off (off itself at a boundary; n past n). */
size_t utf8_start(const char *s, size_t n, size_t off);
/* Terminal columns of a code point: 2 for wide (CJK, emoji), 0 for combining marks, 2
 * for a control character (shown as ^X), 1 otherwise. Tabs are the caller's. */
int utf8_cp_width(uint32_t cp);

#endif
