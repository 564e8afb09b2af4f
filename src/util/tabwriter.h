/* Column alignment as Go's text/tabwriter does it with kubectl describe's settings
 * (minwidth 0, padding 2, padchar ' ', no flags): each '\t' ends a cell, what follows a
 * line's last '\t' is no cell. A column is a run of consecutive lines that have a cell
 * there (inside one run of the column to its left); it is as wide as its widest cell, in
 * characters, plus the padding. A line without a '\t' ends every run. */
#ifndef KD_TABWRITER_H
#define KD_TABWRITER_H

#include <stddef.h>

/* The n lines with their cells padded; a new array of n new strings, the caller frees
 * each and the array. */
char **tabwriter_align(const char *const *lines, size_t n, int padding);

#endif
