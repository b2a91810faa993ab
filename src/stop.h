/*
 * stop.h: stop word lists (embedded from stopwords/, or a user's file) and
 * language detection by stop word overlap.
 *
 * Two families: "snowball" lists (stopwords/LANG.txt) for dropping words
 * when counting, and "wide" jusText lists (stopwords/wide/LANG.txt) for
 * telling prose from boilerplate by stop word density.
 */
#ifndef HRTK_STOP_H
#define HRTK_STOP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "htab.h"
#include "word.h"

/*
 * The wide lists' words that are ASCII letters and digits, at most
 * STOP_FAST_MAX bytes, by word_hash(): looked up without utf8proc or a
 * string compare, their bytes held as two zero-padded pieces (word.h).
 */
#define STOP_FAST_MAX 16

struct stop_fast {
	/*
	 * Open addressing by hash, a quarter full: 0 for an empty slot, else 1 +
	 * the word's place in keys and bits. The words are placed shortest first,
	 * so the short, frequent ones share a few cache lines; the whole stays
	 * well inside the second-level cache (4 + 16 + 4 bytes a word, not 96).
	 */
	uint32_t *index;
	struct stop_fast_key {
		uint64_t p0, p1;	/* the word's bytes: none is zero, so they give its length */
	} *keys;
	uint32_t *bits;			/* what each word maps to */
	uint32_t *tiny;			/* the words of one or two bytes, by stop_fast_tiny() */
	size_t mask;			/* index slots - 1 */
	/*
	 * A bit for each word by the high bits of its hash: small enough to stay
	 * in the first cache, it turns most words of a text (not on the lists)
	 * away before they touch the index.
	 */
	uint64_t *filter;
};
#define STOP_FAST_FILTER_BITS 18	/* 32 KB */

static inline size_t stop_fast_bit(uint64_t h)
{
	return (size_t)(h >> (64 - STOP_FAST_FILTER_BITS));
}

struct stoplist {
	struct htab words;	/* case-folded words */
	char lang[16];		/* ISO 639-1 code, or "" for a user's file */
};

/*
 * The place in stop_fast.tiny of a word of one or two bytes, from p0: six
 * bits a byte (a digit 16-25, a lower-case letter 33-58, none 0).
 */
#define STOP_FAST_TINY 4096
static inline size_t stop_fast_tiny(uint64_t p0)
{
	uint64_t t = (p0 & 0x1F1F) | (p0 & 0x4040) >> 1;

	return (size_t)((t & 0x3F) | (t >> 2 & 0xFC0));
}

/*
 * The bits of a word (ASCII letters and digits, folded, at most
 * STOP_FAST_MAX bytes) whose pieces are p0 and p1 (they give its length
 * too) and hash h; 0 when absent.
 */
static inline uint32_t stop_fast_find(const struct stop_fast *f, uint64_t h, uint64_t p0,
				      uint64_t p1)
{
	size_t i, k = stop_fast_bit(h);
	uint32_t id;

	if (!f->filter)
		return 0;
	/* Words of one or two bytes, among the most frequent: one load of a small table. */
	if (p0 < 0x10000)
		return f->tiny[stop_fast_tiny(p0)];
	if (!(f->filter[k >> 6] >> (k & 63) & 1))
		return 0;
	for (i = h & f->mask; (id = f->index[i]) != 0; i = (i + 1) & f->mask)
		if (f->keys[id - 1].p0 == p0 && f->keys[id - 1].p1 == p1)
			return f->bits[id - 1];
	return 0;
}

/*
 * The ISO 639-1 code for a language name or code ("en", "english",
 * "English"), or NULL when hrtk has no list for it.
 */
const char *stop_lang_code(const char *name);
/* Loads the embedded list of lang; wide picks the jusText family. 0, or -1 when there is none. */
int stop_load_lang(struct stoplist *sl, const char *lang, int wide);
/*
 * Loads a file: one word a line, text after '|' or '#' ignored, words case
 * folded. Returns 0, or -1 with a message in err ("PATH: ...").
 */
int stop_load_file(struct stoplist *sl, const char *path, struct buf *err);
void stop_release(struct stoplist *sl);
/* True when w (already case folded) is on the list. */
int stop_has(const struct stoplist *sl, const char *w, size_t len);

/*
 * The wide list for lang, loaded once and shared (thread-safe); NULL when
 * there is none. Do not release it.
 */
const struct stoplist *stop_wide(const char *lang);

/*
 * Guesses the language of text from the share of its words on each wide
 * list (the first STOP_DETECT_WORDS words are enough). Returns the ISO
 * code, or NULL when no list covers at least 10% of the words.
 */
const char *stop_detect(const char *text, size_t len);
#define STOP_DETECT_WORDS 2000
/* A word's mask when it cannot be folded: it does not count (stop_wide_fold()). */
#define STOP_WIDE_NONE ((uint32_t)1 << 31)

/*
 * stop_detect() from words whose masks a caller has (stop_wide_fold()):
 * stop_vote() each word in order while words < STOP_DETECT_WORDS, then
 * stop_decide().
 */
struct stop_votes {
	size_t words, hits[32];
};
static inline void stop_vote(struct stop_votes *v, uint32_t mask)
{
	if (mask & STOP_WIDE_NONE)
		return;
	v->words++;
	for (; mask; mask &= mask - 1)
		v->hits[__builtin_ctz(mask)]++;
}
/*
 * stop_vote() each of the n masks in order while v->words <
 * STOP_DETECT_WORDS, the same as one by one but with the counts summed a
 * byte a language in four words of 64 bits: no loop over a mask's bits.
 */
void stop_vote_many(struct stop_votes *v, const uint32_t *masks, size_t n);
const char *stop_decide(const struct stop_votes *v);

/*
 * The wide lists holding w (already case folded), as bits by index in
 * stop_wide_langs: bit i set when stop_has(stop_wide(stop_wide_langs[i]), w).
 */
uint32_t stop_wide_mask(const char *w, size_t len);
/*
 * stop_wide_mask() of the word w folded (NFC, case folded); STOP_WIDE_NONE
 * when it cannot be folded (such words do not count in detection).
 */
uint32_t stop_wide_fold(const char *w, size_t len);
/* The masks of the wide lists' short ASCII words (stop_fast_find()), loaded once. */
const struct stop_fast *stop_wide_fast(void);
/* The index in stop_wide_langs of lang's wide list, or -1 when stop_wide(lang) is NULL. */
int stop_wide_index(const char *lang);

/* Every language code with a wide list, NULL-terminated. */
extern const char *const stop_wide_langs[];

#endif
