/*
 * stem.h: Snowball stemmers (libstemmer) behind hrtk's own names.
 *
 * A stemmer object is not thread-safe: each thread (or caller) opens its
 * own with stem_open() and closes it when done.
 */
#ifndef HRTK_STEM_H
#define HRTK_STEM_H

#include <stddef.h>

#include "buf.h"

struct stemmer;

/*
 * The Snowball algorithm name for a language code or name ("en", "english",
 * "porter"), or NULL when libstemmer has none.
 */
const char *stem_algorithm(const char *lang);
/* Opens a UTF-8 stemmer for lang; NULL with a message in err when there is none. */
struct stemmer *stem_open(const char *lang, struct buf *err);
void stem_close(struct stemmer *st);
/*
 * The stem of w (case folded UTF-8, len bytes), valid until the next call
 * on st; its length in *outlen. Returns w itself when stemming fails.
 */
const char *stem_word(struct stemmer *st, const char *w, size_t len, size_t *outlen);

#endif
