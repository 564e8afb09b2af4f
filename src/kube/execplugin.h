/* Runs a credential plugin (or any helper): argv, extra environment, stdout and stderr
 * captured, killed after a timeout. execplugin_start runs it as a child watched by the
 * loop (its pipes in poll, its pid reaped there); execplugin_run blocks and is for a
 * plugin that has the terminal (stdin from it, stderr shown on it as well). */
#ifndef KD_EXECPLUGIN_H
#define KD_EXECPLUGIN_H

#include <stddef.h>
#include <sys/types.h>

struct loop;

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
/* On the loop: done(r, arg) is called once, from a loop callback (never from inside
 * execplugin_start), with stdin /dev/null. The handle is freed before done runs. */
struct execplugin;
typedef void (*execplugin_done_cb)(struct execplugin_result *r, void *arg);
struct execplugin *execplugin_start(struct loop *l, char *const *argv, char *const *env, int timeout_ms,
    execplugin_done_cb done, void *arg);
/* Kills and reaps it; done is not called. Sets *p = NULL. */
void execplugin_cancel(struct execplugin **p);
pid_t execplugin_pid(const struct execplugin *p);
void execplugin_result_free(struct execplugin_result *r);

#endif
