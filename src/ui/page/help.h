/* The help screen, generated from the active keymap so it is never wrong: every action
 * with its keys and what it does, disabled ones with the reason. */
#ifndef KD_HELP_H
#define KD_HELP_H

#include <stddef.h>

#include "ui/widget/keymap.h"

struct pager;

/* allowed(a, why, len): 1, or 0 with the reason an action is disabled here. */
typedef int (*help_allowed_fn)(enum action a, char *why, size_t len, void *arg);
void help_render(struct pager *p, const struct keymap *km, help_allowed_fn allowed, void *arg);

#endif
