/* Exec and attach over the Kubernetes channel protocol (client-go remotecommand, v5 with
 * a fallback to v4): every WebSocket message is one channel byte then data. Channels:
 * 0 stdin, 1 stdout, 2 stderr, 3 error (a Status: the exit code), 4 resize
 * ({"Width":W,"Height":H}); v5 also half-closes stdin with the message [255, 0].
 * The connection rides on kube/ws.c; callbacks run on the loop's thread. */
#ifndef KD_EXEC_H
#define KD_EXEC_H

#include <stddef.h>

#include "util/err.h"

struct loop;
struct kconn;
struct exec;

enum { EXEC_STDIN = 0, EXEC_STDOUT = 1, EXEC_STDERR = 2, EXEC_ERROR = 3, EXEC_RESIZE = 4,
	EXEC_CLOSE = 255 };

#define EXEC_PROTOCOLS "v5.channel.k8s.io,v4.channel.k8s.io"

/* How a session ended. */
enum exec_how {
	EXEC_EXITED,     /* the command ended: exit_code (0 on Success) */
	EXEC_FAILED,     /* never ran or the server reported an error: err */
	EXEC_DROPPED,    /* the connection went away without an exit status: err */
	EXEC_CLOSED,     /* closed by us (exec_free is the usual way; not reported) */
};

struct exec_end {
	enum exec_how how;
	int exit_code;       /* EXEC_EXITED */
	struct kd_err err;   /* EXEC_FAILED, EXEC_DROPPED */
};

struct exec_opts {
	const char *ns, *pod;
	const char *container;       /* NULL: the server's choice (the only or default one) */
	const char *const *argv;     /* exec: the command (NULL-terminated); NULL for attach */
	int attach;                  /* attach to the container's process instead of exec */
	int tty, in;                 /* a terminal (no stderr stream then); stdin */
	const char *protocols;       /* NULL: EXEC_PROTOCOLS (tests offer v4 alone) */
};

struct exec_cbs {
	void (*on_open)(struct exec *x, const char *protocol, void *arg);
	/* stdout or stderr bytes */
	void (*on_output)(struct exec *x, int channel, const unsigned char *buf, size_t len, void *arg);
	/* The last callback. The handle stays valid until exec_free. */
	void (*on_end)(struct exec *x, const struct exec_end *end, void *arg);
};

/* Starts the session. conn is borrowed and must outlive it (a 401 on the upgrade
 * refreshes the credentials once and tries again). Returns NULL with err set when it
 * cannot even start (credentials). */
struct exec *exec_new(struct loop *l, struct kconn *conn, const struct exec_opts *o,
    const struct exec_cbs *cbs, void *arg, struct kd_err *err);
/* Closes and frees; no callback follows. Accepts NULL. */
void exec_free(struct exec **x);

int exec_write(struct exec *x, const void *buf, size_t len);    /* stdin; 0 or -1 */
/* The terminal's size: sent now when open, else as soon as it opens. */
void exec_resize(struct exec *x, int cols, int rows);
/* Ends stdin (v5 only; on v4 returns -1 and nothing is sent). */
int exec_close_stdin(struct exec *x);
int exec_is_open(const struct exec *x);
const char *exec_protocol(const struct exec *x);   /* "" until open */
size_t exec_pending(struct exec *x);               /* stdin bytes not yet sent */

/* ---- the codec, pure functions (tested alone) ---- */

/* The request path with its query (argv and container URL-encoded). Caller frees. */
char *exec_path(const struct exec_opts *o);
/* One message: channel byte + data, into a new buffer of *outlen bytes. Caller frees. */
unsigned char *exec_frame(int channel, const void *data, size_t len, size_t *outlen);
/* The resize message's JSON ("{\"Width\":80,\"Height\":24}") into buf. */
int exec_resize_json(char *buf, size_t len, int cols, int rows);
/* Reads the error channel's Status into end: Success -> EXITED 0; NonZeroExitCode with an
 * ExitCode cause -> EXITED N; anything else -> FAILED with the message (a non-JSON text,
 * as v1 servers send, becomes the message). */
void exec_status_parse(const char *buf, size_t len, struct exec_end *end);
/* Seams for tests and fuzzing: a session with no connection, fed the server's messages
 * (the channel byte, then its bytes) as the WebSocket would; the Status the error channel
 * gave (NULL: none yet). Freed with exec_free. */
struct exec *exec_new_detached(const struct exec_cbs *cbs, void *arg);
void exec_feed(struct exec *x, const unsigned char *buf, size_t len);
const struct exec_end *exec_status_seen(const struct exec *x);
/* The container a shell goes to when none was named, from a pod's JSON as kubectl picks
 * it: the kubectl.kubernetes.io/default-container annotation when it names a container,
 * else the first container. A new string, or NULL when the JSON is not a pod. */
char *exec_default_container(const char *pod_json, size_t len);

#endif
