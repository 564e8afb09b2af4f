/* Session recordings as asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/):
 * a JSON header line, then one [seconds, "o"|"i"|"r", "data"] line per event. Files go to
 * $XDG_STATE_HOME/kdeck/recordings (default ~/.local/state/kdeck/recordings), the folder
 * mode 0700 and each file 0600: a shell's output may hold secrets. */
#ifndef KD_RECORD_H
#define KD_RECORD_H

#include <stddef.h>

#include "util/err.h"

struct record;

/* The folder recordings go to (created 0700). Returns a new string, or NULL with err. */
char *record_dir(struct kd_err *err);
/* Starts a recording at path (NULL: a new file in record_dir named after title and the
 * time). Returns NULL with err set. */
struct record *record_new(const char *path, int cols, int rows, const char *title, struct kd_err *err);
/* Closes the file. Accepts NULL. */
void record_free(struct record **r);
const char *record_path(const struct record *r);

/* Output bytes; UTF-8 split across calls is kept until complete. */
void record_output(struct record *r, const char *buf, size_t len);
void record_resize(struct record *r, int cols, int rows);

/* Plays path to fd as it was recorded; pauses longer than idle_ms are cut to idle_ms and
 * every delay is divided by speed (<= 0: 1). Returns 0, or -1 with err (not a v2 file). */
int record_play(const char *path, int fd, double speed, int idle_ms, struct kd_err *err);
/* The output of a recording, concatenated, into a new buffer (tests). */
char *record_read_output(const char *path, size_t *len, struct kd_err *err);

#endif
