/*
 * score.h: the extraction score of ../shared/README.md, so that hrtk's
 * figures compare with published extraction benchmarks.
 *
 * Texts are split into \w+ tokens (Unicode letters, marks, numbers and '_');
 * 4-token shingles are counted as multisets; per document the shared count
 * is tp, the predicted-only count fp, the gold-only count fn. Precision and
 * recall are averaged over documents (a side with no shingles leaves the
 * document out of that average) and F1 is the harmonic mean of the averages.
 * One known difference from Python's re \w (tests/score.py): combining marks
 * (Mn, Mc, Me) are word characters here, as the score's definition says, and
 * separators there.
 *
 *	struct score_sum s = { 0 };
 *	score_pair(gold, glen, pred, plen, &d);
 *	score_sum_add(&s, &d);
 *	score_sum_result(&s, &f1, &p, &r, &docs);
 */
#ifndef HRTK_SCORE_H
#define HRTK_SCORE_H

#include <stddef.h>

#include "buf.h"

#define SCORE_N 4	/* tokens per shingle */

struct score_doc {
	size_t gold, pred;	/* shingles on each side */
	size_t tp;		/* shingles both share, as multisets */
};

struct score_sum {
	double psum, rsum;	/* sums of per-document precision and recall */
	size_t np, nr;		/* documents in each average */
};

/* Counts the shingles of one gold/prediction pair. */
void score_pair(const char *gold, size_t glen, const char *pred, size_t plen,
		struct score_doc *d);
/*
 * One document's precision, recall and F1 for display: 0 for a side with no
 * shingles, and 1 for all three when neither side has any.
 */
void score_doc_prf(const struct score_doc *d, double *p, double *r, double *f1);
/* Adds a document to the averages, by the normalised tp/fp/fn of the README. */
void score_sum_add(struct score_sum *s, const struct score_doc *d);
/* The averages, their F1, and the number of documents scored. */
void score_sum_result(const struct score_sum *s, double *f1, double *p, double *r,
		      size_t *docs);

/*
 * Appends the paragraphs (blocks between blank lines) of gold that pred
 * lacks, as "- TEXT\n", then those of pred that gold lacks, as "+ TEXT\n";
 * paragraphs compare by their \w+ token sequence, as multisets, and are
 * written on one line with runs of white space collapsed.
 */
void score_diff(const char *gold, size_t glen, const char *pred, size_t plen,
		struct buf *out);

#endif
