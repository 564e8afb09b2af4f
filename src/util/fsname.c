/* A name made safe as one file name; see fsname.h. */
#include "util/fsname.h"

#include <stdio.h>

#include "util/sbuf.h"

void
fsname_add(struct sbuf *b, const char *s)
{
	char hex[4];
	if (s == NULL)
		s = "";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || (*p == '.' && p != (const unsigned char *)s)) {
			hex[0] = (char)*p;
			hex[1] = '\0';
		} else
			snprintf(hex, sizeof hex, "%%%02X", *p);
		sbuf_str(b, hex);
	}
}
