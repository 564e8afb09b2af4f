/* JSON text read into a cJSON tree that shares what it has in common with another
 * (model/jsonshare.h): the server's newer version of an object, read against the version
 * the editor loaded, costs only what changed between the two. The tree is what
 * cJSON_ParseWithLength gives for the text, its keys shared (model/jsonkey.h). */
#ifndef KD_JSONREAD_H
#define KD_JSONREAD_H

#include <stddef.h>

#include <cjson/cJSON.h>

/* The tree of the len bytes at json, sharing with like (may be NULL) what equals it: it
 * must not outlive like, nor be changed where it is a reference (its top is its own).
 * NULL when the text is not JSON as cJSON reads it, or is what this reader leaves to cJSON
 * (model/jsonlex.h; nesting deeper than 512, anything after the value): the caller parses
 * it with cJSON then. */
cJSON *jsonread_like(const char *json, size_t len, const cJSON *like);

#endif
