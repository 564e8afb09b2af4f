/* The three-way strategic merge patch helm sends when it updates an object of a release
 * (apimachinery's CreateThreeWayMergePatch with overwrite, as pkg/kube/client.go calls
 * it): the changes and additions from the live object to the new manifest's object,
 * none of the live object's other fields removed, merged with the deletions from the old
 * manifest's object to the new one. So a field somebody else set on the live object and
 * that neither manifest names survives; a field both manifests name takes the new
 * manifest's value; a field the old manifest named and the new one does not is removed.
 * Lists are paired by the merge keys of model/smpatch.h. */
#ifndef KD_SMPATCH3_H
#define KD_SMPATCH3_H

#include <cjson/cJSON.h>

/* The patch, as a new tree: an empty object when nothing changes. NULL only when memory
 * ran out. original: the old manifest's object; modified: the new one's; current: the
 * live object. */
cJSON *smpatch3_make(const cJSON *original, const cJSON *modified, const cJSON *current);

#endif
