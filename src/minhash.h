/*
 * minhash.h: near-duplicate detection. A document's signature is the
 * MinHash of its word shingles (Broder 1997); an LSH index over bands of
 * the signature finds candidate pairs without comparing every pair
 * (Leskovec, Rajaraman & Ullman, Mining of Massive Datasets, ch. 3).
 * Memory is the signatures of the documents kept, never their texts.
 */
#ifndef HRTK_MINHASH_H
#define HRTK_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "htab.h"

enum { MINHASH_N = 128, MINHASH_BANDS = 16 };	/* 16 bands of 8 rows: the S-curve rises near 0.7 */

struct minhash_sig {
	uint32_t h[MINHASH_N];
	uint64_t exact;		/* hash of the whole token sequence, for exact duplicates */
	size_t shingles;	/* 0: too short to sign (fewer tokens than a shingle) */
};

/*
 * Signs a document from its token hashes (in order): shingles of k tokens.
 * A text with fewer than k tokens is signed by its exact hash only.
 */
void minhash_sign(struct minhash_sig *sig, const uint64_t *tokens, size_t ntokens, size_t k);
/* The share of equal minima: an estimate of the Jaccard similarity of the shingle sets. */
double minhash_similarity(const struct minhash_sig *a, const struct minhash_sig *b);

struct minhash_index {
	struct minhash_sig *sigs;	/* of the documents added, by their index */
	size_t n, alloc;
	struct htab exact;		/* exact hash → first document */
	size_t *exact_doc;
	struct htab bands;		/* (band, band hash) → bucket id */
	size_t **buckets;		/* bucket id → document indexes */
	size_t *bucket_len;
	size_t nbuckets_alloc;
};

void minhash_index_init(struct minhash_index *ix);
void minhash_index_release(struct minhash_index *ix);
/*
 * The earliest indexed document that sig duplicates (exactly, or with an
 * estimated similarity of at least threshold, the most similar winning),
 * or -1. *similarity gets the estimate (1 for an exact duplicate).
 */
long minhash_index_find(const struct minhash_index *ix, const struct minhash_sig *sig,
			double threshold, double *similarity);
/* Adds sig as the next document; returns its index. */
size_t minhash_index_add(struct minhash_index *ix, const struct minhash_sig *sig);

#endif
