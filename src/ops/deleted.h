/* deleted: the last YAML of each object kdeck deletes, kept in the state folder
 * ($XDG_STATE_HOME/kdeck/deleted/CONTEXT/GROUP/RESOURCE/NAMESPACE/NAME.yaml, folders
 * 0700, files 0600) before the delete is sent, so that :audit can offer to re-create it.
 * A Secret's values are never kept in plain text: a Secret is not saved, and cannot be
 * re-created from here. A re-created object is new: its uid, status and owner references
 * are the server's again (deleted_strip). */
#ifndef KD_DELETED_H
#define KD_DELETED_H

#include "util/err.h"

struct cJSON;

/* Whether an object of the resource is kept: 0 for Secrets. */
int deleted_keeps(const char *group, const char *resource);
/* Where the object is kept under dir (the segments escaped). A new string. */
char *deleted_path(const char *dir, const char *context, const char *group, const char *resource,
    const char *ns, const char *name);
/* The state folder's deleted/ (a new string). */
char *deleted_dir(void);
/* Whether an object deleted on context could be kept now, without writing anything: the
 * folder of its copies is there and writable, or can be made. 0, or -1 with err ("cannot
 * create DIR: Not a directory"). */
int deleted_can_keep(const char *context, struct kd_err *err);
/* Keeps obj (an object as the server sent it) as YAML. 0, or -1 with err. */
int deleted_save(const char *context, const char *group, const char *resource, const struct cJSON *obj,
    struct kd_err *err);
/* What is kept of the object, made ready to be created again (deleted_strip); NULL with
 * err when nothing is kept (a Secret, or never deleted by kdeck here). */
struct cJSON *deleted_load(const char *context, const char *group, const char *resource,
    const char *ns, const char *name, struct kd_err *err);
/* Takes from obj what the server gives a new object: metadata's uid, resourceVersion,
 * creationTimestamp, managedFields, ownerReferences, deletionTimestamp,
 * deletionGracePeriodSeconds, generation and selfLink, and status. */
void deleted_strip(struct cJSON *obj);

#endif
