/* How healthy a row looks from its STATUS, READY and RESTARTS cells: the one judgement
 * behind a row's colour (ui/widget/table_store.h) and the failing pods a workload or a project
 * counts (model/workload.h). */
#ifndef KD_HEALTH_H
#define KD_HEALTH_H

enum health { HEALTH_OK, HEALTH_PENDING, HEALTH_WARNING, HEALTH_FAILING, HEALTH_DONE };

/* Any argument may be NULL or "". */
enum health health_of(const char *status, const char *ready, const char *restarts);

#endif
