/* A shell session: an exec (or attach) stream feeding a terminal pane, with its state
 * (connecting, running, exited with a code, failed, dropped), reconnect, and an optional
 * recording. Sessions live in one list for the whole program, so they keep streaming while
 * another screen is shown; the screens pick one to show and hand it keys. */
#ifndef KD_SESSION_H
#define KD_SESSION_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct kconn;
struct session;

enum session_state { SESSION_CONNECTING, SESSION_RUNNING, SESSION_EXITED, SESSION_FAILED,
	SESSION_DROPPED };

struct session_opts {
	struct kconn *conn;           /* borrowed: must outlive the session */
	const char *context;          /* for the title and the audit line */
	const char *ns, *pod, *container;
	const char *const *argv;      /* NULL with attach */
	int attach;
	int record;                   /* write an asciicast v2 file (record.h) */
	const char *record_path;      /* NULL: a new file in the state folder */
	const char *protocols;        /* NULL: v5 then v4 */
	int shell;                    /* argv is the probe for bash or sh: an image without sh
	                               * is said as having no shell (session_no_shell) */
};

/* Starts it at rows x cols; changed(s, arg) runs on the loop's thread whenever there is
 * something new to draw or the state changed. Never NULL: failures become its state. */
struct session *session_new(struct loop *l, const struct session_opts *o, int rows, int cols,
    void (*changed)(struct session *s, void *arg), void *arg);
void session_free(struct session **s);

void session_key(struct session *s, uint32_t ch, int fn);
void session_paste(struct session *s, int begin);
void session_resize(struct session *s, int rows, int cols);
/* Connects again after it ended (same command, same terminal, scrollback kept). */
void session_reconnect(struct session *s);
/* Starts or stops recording; returns 1 when now recording (the flash names the file). */
int session_toggle_record(struct session *s, char *msg, size_t msglen);

enum session_state session_state(const struct session *s);
int session_exit_code(const struct session *s);
const char *session_message(const struct session *s);   /* why it failed or dropped */
const char *session_title(const struct session *s);     /* "ns/pod/container" */
const char *session_ns(const struct session *s);
const char *session_pod(const struct session *s);
const char *session_container(const struct session *s);   /* NULL: the server's choice */
/* 1 when it was the shell probe and the image has no sh: the runtime said the executable
 * is not in $PATH (containerd, CRI-O), or the command exited 126 or 127 before a key was
 * typed (runtimes that report it as an exit code). Its message then says so. */
int session_no_shell(const struct session *s);
const char *session_context(const struct session *s);   /* the kubeconfig context it runs in */
const char *session_protocol(const struct session *s);
const char *session_record_path(const struct session *s);   /* NULL when not recording */
struct term *session_term(struct session *s);
/* One line for a status bar or the session list: "exited with code 3", "connection lost:
 * ... (r reconnects)", "running (v5.channel.k8s.io)". */
void session_status(const struct session *s, char *buf, size_t len);
/* Bytes received from the program (benchmarks). */
unsigned long long session_bytes(const struct session *s);

/* The list of every session of the program (the session list screen). */
size_t session_count(void);
struct session *session_at(size_t i);

#endif
