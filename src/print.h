/* kdeck --print VIEW [-n NS | -A] [-l SEL] [--context C] [-o wide]: the screens' own
 * pipeline (kubeconfig, discovery, informer, store, view) run until the list is complete,
 * the table written to stdout like kubectl's, then exit. Scripts and benchmarks use it.
 *
 * Hidden, for tests and benchmarks (environment):
 *   KDECK_PRINT_FOLLOW=FILE   keep watching; rewrite FILE with the table after each change
 *                             and FILE.state with the informer's state line
 *   KDECK_PRINT_STATS=1       timings, requests, bytes and memory to stderr
 *   KDECK_PRINT_FILTER=TEXT   after the list, time each keystroke of typing TEXT as a
 *                             filter over the store (stderr) */
#ifndef KD_PRINT_H
#define KD_PRINT_H

#include <stdio.h>

struct kd_opts;
struct store;

/* Returns the exit status: 0, or 1 with one sentence on stderr. */
int print_run(const struct kd_opts *opts);

/* Writes the visible rows of s as kubectl does: upper-case headers, columns padded to
 * their widest cell and three spaces apart; a NAMESPACE column first when ns_column. */
void print_table(FILE *out, struct store *s, int ns_column, int wide);

#endif
