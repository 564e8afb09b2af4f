#include "model/health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum health
health_of(const char *status, const char *ready, const char *restarts)
{
	static const char *const bad[] = { "CrashLoopBackOff", "Error", "Failed", "ImagePullBackOff",
		"ErrImagePull", "OOMKilled", "NotReady", "Evicted", "CreateContainerConfigError",
		"InvalidImageName", "Lost", "Unknown", "BackOff", "FailedMount", "Unhealthy", NULL };
	static const char *const pending[] = { "Pending", "ContainerCreating", "PodInitializing",
		"Init:", "Waiting", "Progressing", NULL };
	static const char *const done[] = { "Completed", "Succeeded", "Terminating", "Terminated",
		"Released", "Complete", NULL };

	if (status != NULL && *status) {
		for (int i = 0; bad[i]; i++)
			if (strstr(status, bad[i]) != NULL)
				return HEALTH_FAILING;
		for (int i = 0; pending[i]; i++)
			if (strncmp(status, pending[i], strlen(pending[i])) == 0)
				return HEALTH_PENDING;
		for (int i = 0; done[i]; i++)
			if (strcmp(status, done[i]) == 0)
				return HEALTH_DONE;
		if (strcmp(status, "Warning") == 0)
			return HEALTH_WARNING;
	}
	if (ready != NULL && *ready) {
		/* "a/b" (sscanf's %d/%d, which costs more in every frame's row colours) */
		char *end;
		long a = strtol(ready, &end, 10);
		if (end != ready && *end == '/') {
			const char *bs = end + 1;
			long b = strtol(bs, &end, 10);
			if (end != bs && a < b)
				return HEALTH_WARNING;
		}
	}
	if (restarts != NULL && atoi(restarts) > 0 && status != NULL && strcmp(status, "Running") != 0)
		return HEALTH_WARNING;
	return HEALTH_OK;
}
