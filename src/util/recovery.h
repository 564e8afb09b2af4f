/* The editor's recovery journal: the text being edited, kept on the disk under
 * $XDG_STATE_HOME/kdeck/recovery/ (folder 0700, files 0600, ours, no symlink followed), one
 * file an object, so that no failure (a refused apply, a lost cluster, a signal, a crash,
 * the terminal closing) loses what was typed. A file is a few "key: value" lines (values
 * escaped), an empty line, then the text exactly as it was:
 *
 *   kdeck-recovery: 1
 *   context: prod
 *   group: apps
 *   version: v1
 *   resource: deployments
 *   namespace: web
 *   name: front
 *   resourceVersion: 4711
 *   secret: no
 *   saved: 2026-12-03T07:23:48Z
 *   length: 1234
 *
 *   apiVersion: apps/v1 ...
 *
 * dir is the folder to use, NULL for the default one (recovery_dir). */
#ifndef KD_RECOVERY_H
#define KD_RECOVERY_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "util/err.h"

/* What is being edited. recovery_save and recovery_prepare only read the strings (NULL is
 * written as ""); recovery_load and recovery_list fill them with copies that
 * recovery_meta_clear frees. */
struct recovery_meta {
	char *context;
	char *group;              /* "" for the core group */
	char *version;
	char *resource;           /* plural: "deployments" */
	char *namespace_;         /* "" for a cluster-scoped object */
	char *name;
	char *resource_version;   /* the one the editor loaded */
	int secret;               /* a Secret: its file is zeroed before it is removed */
	time_t saved;             /* when the text was taken, seconds since the epoch */
};

void recovery_meta_clear(struct recovery_meta *m);

/* The folder: dir when it is not NULL, else $XDG_STATE_HOME/kdeck/recovery (file.h's
 * file_user_dir). The caller frees it. */
char *recovery_dir(const char *dir);

/* The file name (no folder) the object of m is kept in: readable, then a hash of the
 * context, group, resource, namespace and name, so that each object has one file and two
 * objects never share one. The caller frees it. */
char *recovery_file_name(const struct recovery_meta *m);

/* Replaces the object's file with m and the len bytes of text, durably (a private
 * temporary file, fsync, rename, fsync of the folder). The folder is created (0700) and
 * checked; a symlink or someone else's file or folder is refused. 0, or -1 with err. */
int recovery_save(const char *dir, const struct recovery_meta *m, const char *text, size_t len,
    struct kd_err *err);

/* A save from a fatal signal's handler (SIGSEGV, SIGBUS, SIGTERM, SIGHUP), where nothing
 * may allocate or use stdio. recovery_prepare does everything that needs to, ahead of the
 * signal: it checks and opens the folder, names the files and builds the bytes
 * recovery_save would write; call it again after each change of text (after each save)
 * so that what the handler writes is the latest. recovery_write_now_signal_safe then only
 * calls unlinkat, openat, write, fsync, close and renameat on what was prepared, which
 * are async-signal-safe: a hidden temporary file in the folder, renamed over the object's
 * file. Start a struct recovery_signal zeroed; recovery_signal_free releases it (a
 * Secret's prepared bytes are zeroed first, here and when a newer preparation replaces them).
 *
 * The prepared state is one pointer, swapped atomically by recovery_prepare, so a signal
 * arriving while it runs writes the older text or the newer one, never a mix; call
 * recovery_prepare and recovery_signal_free from one thread. */
struct recovery_blob;
struct recovery_signal {
	_Atomic(struct recovery_blob *) blob;
};

/* 0, or -1 with err (the previous preparation, if any, is kept). */
int recovery_prepare(struct recovery_signal *s, const char *dir, const struct recovery_meta *m,
    const char *text, size_t len, struct kd_err *err);
/* 0, or -1 with errno (nothing prepared: EINVAL). Async-signal-safe. */
int recovery_write_now_signal_safe(struct recovery_signal *s);
void recovery_signal_free(struct recovery_signal *s);

/* One file that can be restored. */
struct recovery_entry {
	struct recovery_meta meta;
	char *file;       /* its name in the folder */
	size_t size;      /* of the text */
	time_t mtime;     /* when the file was last written */
};

struct recovery_list {
	struct recovery_entry *entries;   /* newest first (meta.saved, then mtime) */
	size_t n;
	char **warnings;                  /* a sentence a file that was skipped */
	size_t nwarnings;
};

/* What the folder holds, into *list (a folder not there yet: nothing). Files that are not
 * ours (a symlink, someone else's, not a regular file) or not a recovery file (a bad
 * header, a text shorter or longer than its header says, a name that is not its
 * object's) are skipped, a warning each. 0, or -1 with err when the folder itself cannot
 * be read (*list is then empty). */
int recovery_list(const char *dir, struct recovery_list *list, struct kd_err *err);
void recovery_list_free(struct recovery_list *list);

/* Reads the file named file (recovery_file_name, or an entry's file) into *m and *text
 * (NUL-terminated after its *len bytes; the caller frees it, and clears *m). 0, or -1
 * with err. */
int recovery_load(const char *dir, const char *file, struct recovery_meta *m, char **text,
    size_t *len, struct kd_err *err);

/* Removes the object's file (after a successful apply, or a discard). A Secret's file
 * (m->secret, or its header says so) is overwritten with zeros and flushed before it is
 * unlinked, so its values do not stay in the blocks it used (on a file system that
 * writes in place). A file already gone is not an error. 0, or -1 with err. */
int recovery_remove(const char *dir, const struct recovery_meta *m, struct kd_err *err);

#endif
