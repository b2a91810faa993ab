/*
 * corpus.h: in how many documents of a group (a site, a collection) each
 * block or line recurs, kept as 64-bit hashes only, so that memory grows
 * with the distinct blocks (16 bytes each) and not with the text.
 */
#ifndef HRTK_CORPUS_H
#define HRTK_CORPUS_H

#include <stddef.h>
#include <stdint.h>

struct corpus;

/* A block recurring in at least min_docs documents and min_share of its group is common. */
struct corpus *corpus_new(unsigned min_docs, double min_share);
void corpus_free(struct corpus *c);
/* Starts the next document of group (NULL or "" for the default group). */
void corpus_begin_doc(struct corpus *c, const char *group);
/* Counts hash h once for the current document. */
void corpus_add(struct corpus *c, uint64_t h);
/* The documents of group holding h when that makes h common, else 0. */
unsigned corpus_common(const struct corpus *c, const char *group, uint64_t h);

#endif
