/*
 * prose.h: telling running prose from boilerplate, block by block (the
 * jusText idea, without the HTML): a block's length, the density of stop
 * words of the document's language, the shares of digits, punctuation and
 * capitalised words, and whether it ends a sentence give it a class; short
 * and near-good blocks are then decided by their neighbours.
 */
#ifndef HRTK_PROSE_H
#define HRTK_PROSE_H

#include <stddef.h>
#include <stdint.h>

#include "stop.h"

enum prose_class { PROSE_BAD, PROSE_SHORT, PROSE_NEARGOOD, PROSE_GOOD, PROSE_SKIP };

struct prose_feat {
	size_t chars;		/* code points that are not spaces (CJK ones count 3) */
	size_t words, stops, caps, digits, letters, puncts;
	int sentence_end;	/* ends with . ! ? : or … (closing quotes skipped) */
	int heading;		/* short, shaped like a heading */
};

/*
 * Adds the features of s (one line of a block) to f, stop words aside;
 * call once per line and then prose_finish(). When add is not NULL, each
 * word's hash (case folded, word.h) is passed to add(ctx, hash) for the
 * repetition checks.
 */
void prose_feed(struct prose_feat *f, const char *s, size_t len,
		void (*add)(void *ctx, uint64_t h), void *ctx);
/*
 * prose_feed() that puts the words' hashes in h and, with wide, their
 * stop_wide_fold() masks in masks (0 without): a block's stop words
 * (f->stops, set by the caller before prose_finish()) are its words with
 * the language's bit, and the masks guess the language (stop_vote()).
 * Returns how many words there were: at most PROSE_WORDS_MAX(len), the
 * room h and masks must have.
 */
size_t prose_words(struct prose_feat *f, const char *s, size_t len, int wide, uint64_t *h,
		   uint32_t *masks);
/* Words are a byte at least and apart. */
#define PROSE_WORDS_MAX(len) ((len) / 2 + 1)
void prose_finish(struct prose_feat *f, const char *last_line, size_t len);

/* The context-free class; a short reason with the figures in why (when not NULL). */
enum prose_class prose_classify(const struct prose_feat *f, int have_stops, char *why, size_t n);

/*
 * Lists: a run of at least three list items (item[i] set) averaging five
 * words or more, with the stop words of prose, turns its short items near
 * good, as a run of menu links does not.
 */
void prose_lists(enum prose_class *cls, const struct prose_feat *f, const unsigned char *item,
		 size_t n, int have_stops);

/*
 * Context smoothing over n blocks. cls[] holds the context-free classes
 * (PROSE_SKIP for blocks to look through, such as dropped repeats) and is
 * rewritten with GOOD or BAD (SKIP stays); f[] gives each block's length
 * and shape.
 */
void prose_smooth(enum prose_class *cls, const struct prose_feat *f, size_t n);

#endif
