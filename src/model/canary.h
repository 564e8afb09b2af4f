/* Canaries on plain Deployments (a gray release): a stable Deployment and its partner,
 * named NAME-canary or labelled with the same `app` and `track: canary`, behind one
 * Service. The traffic share is the canary's share of the ready pods; a shift moves it in
 * steps keeping the total of both replica counts (10 % of 10 replicas is 1 canary and 9
 * stable), promote gives the stable Deployment the canary's pod template, abort puts the
 * canary at 0 and the stable back at the total. The arithmetic, the pairing and the
 * template of a promote; no network, no curses. */
#ifndef KD_CANARY_H
#define KD_CANARY_H

#include <stddef.h>

struct cJSON;

/* A Deployment as the pairing sees it: where it is, its name and its labels packed as
 * the store packs them ("key\0value\0...\0", NULL: none). */
struct canary_cand {
	int scope;              /* the caller's tag: which cluster */
	const char *ns, *name, *labels;
};

enum canary_role { CANARY_NONE, CANARY_STABLE, CANARY_CANARY };

/* For each of the n candidates, its partner's index (-1: none) and its role. A canary is
 * NAME-canary beside NAME, or labelled track=canary beside a Deployment of the same app
 * label that is not (its NAME-canary first, else the first by name). A stable with two
 * canaries is paired with the first by name. */
void canary_pairs(const struct canary_cand *v, size_t n, long *partner, enum canary_role *role);

/* The share in percent (rounded) of canary among canary + stable; -1 when both are 0. */
int canary_share(long canary, long stable);

/* A step of the share: from the canary's and the stable's counts, the counts of a shift
 * of step percent (dir +1 toward the canary, -1 away), keeping the total: the share of
 * the total rounded to the step's grid, moving at least one replica. 0, or -1 with why
 * ("web-canary already has every replica"). */
int canary_shift(long canary, long stable, int step, int dir, long *canary_to, long *stable_to,
    char *why, size_t len);

/* The template a promote gives the stable Deployment: the canary's pod template with the
 * stable's own template labels (its selector must go on matching them) and without the
 * canary's pod-template-hash. NULL with why when either has no template. A new object. */
struct cJSON *canary_promote_template(const struct cJSON *stable, const struct cJSON *canary, char *why,
    size_t len);
/* The JSON patch that replaces a Deployment's pod template by tmpl, as kubectl rollout
 * undo sends it. A new string. */
char *canary_template_patch(const struct cJSON *tmpl);

/* A Deployment's images ("web=registry/web:2, side=..."; one container: the image only)
 * into buf. */
void canary_images(const struct cJSON *deploy, char *buf, size_t len);

#endif
