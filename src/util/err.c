#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
kd_err_set(struct kd_err *e, enum kd_errcode code, const char *fmt, ...)
{
	if (e == NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	e->code = code;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
kd_err_clear(struct kd_err *e)
{
	if (e == NULL)
		return;
	memset(e, 0, sizeof *e);
}
