/* A tree read from a text that shares with another tree what the two have in common: an
 * edit of one env entry of a Deployment with 12k of them, read into its own tree, costs a
 * tree of 12k entries again (seven times its text); read against the object as loaded,
 * it costs one node for each map or list equal to the loaded one's, and its own nodes
 * only where it differs.
 *
 * A reader builds each map and list as usual, asking here for its counterpart in the
 * other tree (a map's member by key, a list's item by place) and saying, as each member
 * is built, whether it came out equal to that counterpart. A map or a list whose members
 * all did, in the same order and as many, is given back as a reference to the other
 * tree's (cJSON_IsReference: it shares that one's children, and cJSON_Delete leaves them
 * alone); a long string equal to its counterpart becomes a reference to its text. The
 * tree made this way must not outlive the other tree, and must not be changed where it
 * is a reference (cJSON_Duplicate makes a copy of its own). */
#ifndef KD_JSONSHARE_H
#define KD_JSONSHARE_H

#include <cjson/cJSON.h>

/* One map or list being read. */
struct jsonshare {
	const cJSON *like;   /* its counterpart in the other tree, NULL: none */
	const cJSON *next;   /* like's member expected next, in like's order */
	int same;            /* every member so far equal to like's, in its order */
};

/* Starts a map (object 1) or a list against like (NULL, or not the same type: nothing is
 * shared). */
void jsonshare_open(struct jsonshare *s, const cJSON *like, int object);
/* The counterpart of the member about to be read: a map's member named key, a list's next
 * item (key NULL). NULL when there is none. */
const cJSON *jsonshare_member(struct jsonshare *s, const char *key);
/* The member just read (counterpart as jsonshare_member gave it) came out equal to it
 * (same 1) or not. */
void jsonshare_took(struct jsonshare *s, int same);
/* A member that can never be shared was read (a repeated key, a merge). */
void jsonshare_spoil(struct jsonshare *s);
/* The map or list read (node, the reader's): node itself, or, when it is equal to its
 * counterpart, a new reference to that one in its place (node deleted; NULL when out of
 * memory, with node kept). *same: whether it is equal. */
cJSON *jsonshare_close(struct jsonshare *s, cJSON *node, int *same);
/* The scalar v read against like: whether equal (*same); a long string equal to like is
 * given back as a reference to like's text (v deleted). */
cJSON *jsonshare_scalar(cJSON *v, const cJSON *like, int *same);

/* A reference to node (another tree's) under node's key: a map's or a list's children and
 * a string's text stay node's, a number, a bool or null is copied. NULL: out of memory. */
cJSON *jsonshare_ref(const cJSON *node);
/* node, a reference to another tree's map or list, made its own before it is changed:
 * its members references in their turn. Anything else is left as it is. 0, or -1 when
 * out of memory (node unchanged). */
int jsonshare_own(cJSON *node);

/* What of old (a tree others were read against) the n trees at now still share kept, the
 * rest of old deleted: a map's or list's children they share stay whole, a string they
 * share stays, what holds neither goes. 1 when nothing of old is left (the caller deletes
 * it then), 0 when something is, -1 when out of memory (old unchanged). */
int jsonshare_prune(cJSON *old, const cJSON *const *now, size_t n);

#endif
