/* Staleness as informers tell it: whether listed rows are no longer the server's, which of
 * a cluster's informers has been stale the longest, and the part of a status line that
 * says which cluster is stale since when and why. Every table that shows a cluster's rows
 * (a resource list, the merged table of several clusters, a project's workloads) says it
 * with these. */
#define _POSIX_C_SOURCE 200809L
#include "kube/informer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int
informer_rows_stale(const struct informer *inf)
{
	return inf != NULL && informer_synced(inf) && informer_state(inf) != INFORMER_SYNCED;
}

const struct informer *
informer_stalest(struct informer *const *infs, int n)
{
	const struct informer *best = NULL;
	for (int k = 0; k < n; k++) {
		if (!informer_rows_stale(infs[k]))
			continue;
		time_t since = informer_stale_since(infs[k]);
		if (best == NULL || (since != 0 && (informer_stale_since(best) == 0 || since < informer_stale_since(best))))
			best = infs[k];
	}
	return best;
}

void
informer_status_on(const struct informer *inf, const char *context, char *out, size_t outlen)
{
	char st[400];

	out[0] = '\0';
	if (inf == NULL)
		return;
	informer_status(inf, st, sizeof st);
	if (context == NULL || !st[0]) {
		snprintf(out, outlen, "%s", st);
		return;
	}
	time_t since = informer_stale_since(inf);
	if (since == 0) {
		snprintf(out, outlen, "@%s %s", context, st);
		return;
	}
	const char *why = strncmp(st, "stale: ", 7) == 0 ? st + 7 : st;
	char at[16];
	struct tm tm;
	long ago = (long)(time(NULL) - since);
	strftime(at, sizeof at, "%H:%M:%S", localtime_r(&since, &tm));
	snprintf(out, outlen, "@%s stale since %s (%lds): %s", context, at, ago < 0 ? 0 : ago, why);
}
