/* Patches computed from two versions of an object, as kubectl edit computes them:
 * a strategic merge patch for the built-in kinds (apimachinery's
 * CreateTwoWayMergePatch: lists with a patch merge key merged by key, with "$patch:
 * delete" and "$setElementOrder/FIELD" directives; lists without one replaced whole;
 * finalizers as a set with "$deleteFromPrimitiveList/finalizers"), and a JSON merge patch
 * (RFC 7386) for custom resources. The merge keys are a table of the built-in types'
 * fields (containers and env by name, ports by containerPort or port, volumeMounts by
 * mountPath, ...), the same table kubesim's patch.py applies. */
#ifndef KD_SMPATCH_H
#define KD_SMPATCH_H

#include <cjson/cJSON.h>

/* The strategic merge patch that turns from into to, as a new tree: an empty object when
 * they are equal. NULL only when memory ran out. Its string values are from's and to's
 * own (references, not copies): it must be deleted before them, and cJSON_Duplicate
 * makes a patch of its own. A "$setElementOrder" list of more than SMPATCH_ORDER_TEXT
 * items is a raw node, its JSON text as cJSON writes the list (a list of 12k env entries
 * costs its text, not 24k nodes): the patch is for writing out. */
cJSON *smpatch_strategic(const cJSON *from, const cJSON *to);
#define SMPATCH_ORDER_TEXT 256
/* The JSON merge patch that turns from into to (removed keys as null; arrays whole), as
 * a new tree: an empty object when they are equal. Its strings are borrowed as
 * smpatch_strategic's are. */
cJSON *smpatch_merge(const cJSON *from, const cJSON *to);
/* Applies a JSON merge patch to target, returning a new tree (neither is changed). */
cJSON *smpatch_merge_apply(const cJSON *target, const cJSON *patch);

/* The merge key of the list field (its versions are lists[0..n), NULL ones skipped), as
 * both patches and the three-way merge pair its items: NULL when the list is a value whole
 * (no key for the field, or an item that is not an object holding it). For "ports" the
 * key is containerPort or port, from the last list that has one. */
const char *smpatch_list_key(const char *field, const cJSON *const *lists, int n);

#endif
