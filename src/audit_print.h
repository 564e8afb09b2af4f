/* kdeck --audit: the audit journal (kube/audit.h) printed as a table, or its raw lines
 * with -o json, filtered by age (--since) and context (--context). */
#ifndef KD_AUDIT_PRINT_H
#define KD_AUDIT_PRINT_H

#include <stdio.h>

/* "90s", "15m", "1h30m", "2d" in seconds; -1 when s is not a duration. */
long audit_print_duration(const char *s);
/* Prints the journal to out; returns the exit status (0, or 1 with a sentence on err). */
int audit_print(FILE *out, FILE *err, const char *since, const char *context, int json);

#endif
