/* A name made safe as one file name: a context ("arn:aws:eks:...:cluster/prod"), a
 * namespace or an object's name in a path kdeck keeps files under. */
#ifndef KD_FSNAME_H
#define KD_FSNAME_H

struct sbuf;

/* Appends s (NULL: "") to b with letters, digits, "-", "_" and "." as they are (not a
 * leading "."), every other byte as %XX (upper-case hex): never a "/", never "." or "..".
 * Files already written are named so: the encoding stays as it is. */
void fsname_add(struct sbuf *b, const char *s);

#endif
