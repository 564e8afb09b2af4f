/* What doc_write.c and doc_stream.c share: the emitter as doc_to_yaml sets it up, and
 * its scalars, so that JSON text written as YAML without a tree reads exactly as the
 * tree's YAML does. Not for other files. */
#ifndef KD_DOC_PRIV_H
#define KD_DOC_PRIV_H

#include <stddef.h>

#include <yaml.h>

#include "util/sbuf.h"

/* The emitter set up to write block YAML into o (initialised, the stream started): 1, or
 * 0 when it cannot be. */
int doc_emitter_open(yaml_emitter_t *em, struct sbuf *o);
/* One document: its start (the first without "---"), and its end. */
int doc_emitter_doc_start(yaml_emitter_t *em, int first);
int doc_emitter_doc_end(yaml_emitter_t *em);
/* The stream ended (when ok), the emitter freed: o's text, without room left over, or a
 * readable trace when something could not be written. */
char *doc_emitter_close(yaml_emitter_t *em, struct sbuf *o, int ok);

/* A string as a key or a value, in the style it needs (invalid UTF-8 replaced). */
int doc_emit_string(yaml_emitter_t *em, const char *s, int is_key);
/* A plain scalar (a number, true, false, null). */
int doc_emit_plain(yaml_emitter_t *em, const char *s);
/* A number as YAML writes it: an integer without a point, else the shortest of 15 to
 * 17 digits that reads back the same. */
void doc_number(double d, char *buf, size_t len);
/* A mapping's or a sequence's start (flow style when empty) and end. */
int doc_emit_mapping(yaml_emitter_t *em, int empty);
int doc_emit_sequence(yaml_emitter_t *em, int empty);
int doc_emit_end_mapping(yaml_emitter_t *em);
int doc_emit_end_sequence(yaml_emitter_t *em);

#endif
