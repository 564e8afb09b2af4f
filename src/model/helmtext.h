/* The texts of a Helm release revision a user reads and diffs, as helm get prints them:
 * manifest, values (user-supplied, or all: helm get values --all), notes, hooks. */
#ifndef KD_HELMTEXT_H
#define KD_HELMTEXT_H

struct helmrel;

enum helmtext { HELMTEXT_MANIFEST, HELMTEXT_VALUES, HELMTEXT_ALL, HELMTEXT_NOTES, HELMTEXT_HOOKS,
	HELMTEXT_COUNT };

/* "manifest", "values (user-supplied)", ... */
const char *helmtext_word(enum helmtext what);
/* What `helm get` heads it with: "MANIFEST:", "USER-SUPPLIED VALUES:", "COMPUTED VALUES:"... */
const char *helmtext_head(enum helmtext what);
/* The text of r (decoded): a new string, "" when there is none. Hooks as helm get hooks
 * prints them ("---\n# Source: PATH\nMANIFEST\n" each). */
char *helmtext_of(const struct helmrel *r, enum helmtext what);

#endif
