/* minhash.c: MinHash signatures and a banded LSH index. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "minhash.h"

/* A strong 64-bit mixer (splitmix64's finaliser): one per permutation seed. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	return x;
}

void minhash_sign(struct minhash_sig *sig, const uint64_t *tokens, size_t ntokens, size_t k)
{
	uint64_t exact = 0x243F6A8885A308D3ull, sh, v;
	size_t i, j;

	for (i = 0; i < ntokens; i++)
		exact = mix(exact ^ tokens[i]);
	sig->exact = exact;
	for (j = 0; j < MINHASH_N; j++)
		sig->h[j] = UINT32_MAX;
	sig->shingles = ntokens >= k ? ntokens - k + 1 : 0;
	for (i = 0; i + k <= ntokens; i++) {
		sh = 0x13198A2E03707344ull;
		for (j = 0; j < k; j++)
			sh = mix(sh ^ tokens[i + j]);
		/* Permutation j: a seeded remix of the shingle hash. */
		for (j = 0; j < MINHASH_N; j++) {
			v = mix(sh ^ (0x9E3779B97F4A7C15ull * (j + 1))) >> 32;
			if (v < sig->h[j])
				sig->h[j] = (uint32_t)v;
		}
	}
}

double minhash_similarity(const struct minhash_sig *a, const struct minhash_sig *b)
{
	size_t j, same = 0;

	if (!a->shingles || !b->shingles)
		return a->exact == b->exact ? 1.0 : 0.0;
	for (j = 0; j < MINHASH_N; j++)
		same += a->h[j] == b->h[j];
	return (double)same / MINHASH_N;
}

void minhash_index_init(struct minhash_index *ix)
{
	memset(ix, 0, sizeof(*ix));
	htab_init(&ix->exact);
	htab_init(&ix->bands);
}

void minhash_index_release(struct minhash_index *ix)
{
	size_t i;

	for (i = 0; i < htab_count(&ix->bands); i++)
		free(ix->buckets[i]);
	free(ix->buckets);
	free(ix->bucket_len);
	free(ix->sigs);
	free(ix->exact_doc);
	htab_release(&ix->exact);
	htab_release(&ix->bands);
	memset(ix, 0, sizeof(*ix));
}

/* The key of band b of sig: the band number and its rows. */
static void band_key(const struct minhash_sig *sig, size_t b, uint32_t key[1 + MINHASH_N / MINHASH_BANDS])
{
	key[0] = (uint32_t)b;
	memcpy(key + 1, sig->h + b * (MINHASH_N / MINHASH_BANDS), sizeof(uint32_t) * (MINHASH_N / MINHASH_BANDS));
}

long minhash_index_find(const struct minhash_index *ix, const struct minhash_sig *sig,
			double threshold, double *similarity)
{
	uint32_t key[1 + MINHASH_N / MINHASH_BANDS];
	long id, best = -1;
	double s, best_s = -1;
	size_t b, i, doc;

	id = htab_find(&ix->exact, (const char *)&sig->exact, sizeof(sig->exact));
	if (id >= 0) {
		*similarity = 1.0;
		return (long)ix->exact_doc[id];
	}
	if (!sig->shingles)
		return -1;
	for (b = 0; b < MINHASH_BANDS; b++) {
		band_key(sig, b, key);
		id = htab_find(&ix->bands, (const char *)key, sizeof(key));
		if (id < 0)
			continue;
		for (i = 0; i < ix->bucket_len[id]; i++) {
			doc = ix->buckets[id][i];
			s = minhash_similarity(sig, &ix->sigs[doc]);
			if (s >= threshold && (s > best_s || (s == best_s && (long)doc < best))) {
				best = (long)doc;
				best_s = s;
			}
		}
	}
	if (best >= 0)
		*similarity = best_s;
	return best;
}

size_t minhash_index_add(struct minhash_index *ix, const struct minhash_sig *sig)
{
	uint32_t key[1 + MINHASH_N / MINHASH_BANDS];
	size_t doc = ix->n, b, id, nb;
	int added;

	if (ix->n == ix->alloc) {
		ix->alloc = ix->alloc ? ix->alloc * 2 : 64;
		ix->sigs = ereallocarray(ix->sigs, ix->alloc, sizeof(*ix->sigs));
	}
	ix->sigs[ix->n++] = *sig;
	id = htab_intern(&ix->exact, (const char *)&sig->exact, sizeof(sig->exact), &added);
	if (added) {
		ix->exact_doc = ereallocarray(ix->exact_doc, htab_count(&ix->exact), sizeof(*ix->exact_doc));
		ix->exact_doc[id] = doc;
	}
	if (!sig->shingles)
		return doc;
	for (b = 0; b < MINHASH_BANDS; b++) {
		band_key(sig, b, key);
		id = htab_intern(&ix->bands, (const char *)key, sizeof(key), &added);
		nb = htab_count(&ix->bands);
		if (nb > ix->nbuckets_alloc) {
			ix->nbuckets_alloc = nb * 2;
			ix->buckets = ereallocarray(ix->buckets, ix->nbuckets_alloc, sizeof(*ix->buckets));
			ix->bucket_len = ereallocarray(ix->bucket_len, ix->nbuckets_alloc, sizeof(*ix->bucket_len));
		}
		if (added) {
			ix->buckets[id] = NULL;
			ix->bucket_len[id] = 0;
		}
		/* Bucket lists grow by powers of two. */
		if (!(ix->bucket_len[id] & (ix->bucket_len[id] - 1)))
			ix->buckets[id] = ereallocarray(ix->buckets[id], ix->bucket_len[id] ? ix->bucket_len[id] * 2 : 1,
							sizeof(**ix->buckets));
		ix->buckets[id][ix->bucket_len[id]++] = doc;
	}
	return doc;
}
