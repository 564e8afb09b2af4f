/* JSON's tokens as cJSON's parser takes them, for the readers that go without it
 * (doc_stream.c writes a text as YAML, jsonread.c reads one into a tree that shares): white
 * space is any byte up to a space, strings have RFC 8259's escapes, a number is what
 * strtod reads of the bytes a number can hold. What cJSON would read differently, or what
 * is too rare to match, is refused, so that the caller can give the text to cJSON: a
 * \u0000 (cJSON's string would end there), an invalid \u, a number strtod stops inside,
 * a decimal comma locale. */
#ifndef KD_JSONLEX_H
#define KD_JSONLEX_H

#include "util/sbuf.h"

/* Past the white space at p (up to end). */
const unsigned char *jsonlex_ws(const unsigned char *p, const unsigned char *end);
/* The string at *p (its opening quote) decoded into b (emptied first, NUL-terminated), *p
 * after its closing quote. 0, or -1 when refused. */
int jsonlex_string(const unsigned char **p, const unsigned char *end, struct sbuf *b);
/* The number at *p into *v, *p past it. 0, or -1 when refused. */
int jsonlex_number(const unsigned char **p, const unsigned char *end, double *v);
/* Whether numbers read here are read as cJSON reads them: the locale's decimal point is
 * '.'. */
int jsonlex_locale_ok(void);

#endif
