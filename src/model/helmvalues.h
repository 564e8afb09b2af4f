/* A Helm release's values as `helm get values` shows them: the user-supplied ones (the
 * release's config), or all of them (--all): the chart's defaults (chart.values) with
 * the user's coalesced over them as helm does (chartutil.CoalesceValues: maps merge key
 * by key, anything else the user gave replaces the default, and a null the user gave
 * removes the key). */
#ifndef KD_HELMVALUES_H
#define KD_HELMVALUES_H

#include <cjson/cJSON.h>

/* Whether the release JSON carries the chart's default values (chart.values). */
int helmvalues_has_defaults(const cJSON *rel);
/* The user-supplied values (config) as YAML, keys sorted as helm prints them; "{}\n"
 * when there are none. A new string. */
char *helmvalues_user_yaml(const cJSON *rel);
/* Every value, the chart's defaults coalesced with the user's, as YAML. A new string. */
char *helmvalues_all_yaml(const cJSON *rel);
/* The coalesced values as a new object. */
cJSON *helmvalues_coalesce(const cJSON *defaults, const cJSON *user);

#endif
