/* Standard base64 (RFC 4648) as kubeconfig's *-data fields and ExecCredential use it. */
#ifndef KD_BASE64_H
#define KD_BASE64_H

#include <stddef.h>

/* Decodes s (whitespace ignored, padding optional). Returns a new NUL-terminated buffer
 * with *len bytes (len may be NULL), or NULL when s is not base64. */
char *base64_decode(const char *s, size_t *len);
/* Encodes n bytes into a new string. */
char *base64_encode(const void *data, size_t n);

#endif
