/* Runs a credential plugin (or any helper) to completion: argv, extra environment,
 * stdin from the terminal only when interactive (else /dev/null), stdout and stderr
 * captured, killed after a timeout. Blocking: the caller decides when that is fine. */
#ifndef KD_EXECPLUGIN_H
#define KD_EXECPLUGIN_H

#include <stddef.h>

enum execplugin_status {
	EXECPLUGIN_OK,         /* exited 0 */
	EXECPLUGIN_NOTFOUND,   /* no such executable (or not executable) */
	EXECPLUGIN_EXIT,       /* exited non-zero (code) or by a signal (sig) */
	EXECPLUGIN_TIMEOUT,    /* killed after timeout_ms */
	EXECPLUGIN_ERROR,      /* could not start it (errno in sys_errno) */
};

struct execplugin_result {
	enum execplugin_status status;
	int code, sig, sys_errno;
	char *out;      /* stdout, NUL-terminated (may hold secrets: free with xfree_secret) */
	size_t outlen;
	char *err;      /* stderr, NUL-terminated */
};

/* argv[0] is the command: with a '/' it is a path, otherwise looked up in PATH. env:
 * "NAME=value" strings added to (and overriding) this process's environment, NULL-ended. */
void execplugin_run(char *const *argv, char *const *env, int interactive, int timeout_ms,
    struct execplugin_result *r);
void execplugin_result_free(struct execplugin_result *r);

#endif
