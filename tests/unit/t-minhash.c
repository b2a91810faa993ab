/* t-minhash.c: MinHash estimates and the LSH index. */
#include <stdlib.h>

#include "check.h"
#include "htab.h"
#include "minhash.h"

static void tokens(uint64_t *t, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = hash_bytes(&seed, sizeof(seed)) ^ (i * 0x9E3779B97F4A7C15ull), seed++;
}

int main(void)
{
	static uint64_t a[1000], b[1000], c[1000];
	struct minhash_sig sa, sb, sc;
	struct minhash_index ix;
	double s = 0;
	size_t i;

	tokens(a, 1000, 1);
	for (i = 0; i < 1000; i++)
		b[i] = a[i];
	for (i = 500; i < 600; i++)	/* a tenth changed: Jaccard about 0.82 */
		b[i] = ~a[i];
	tokens(c, 1000, 99999);
	minhash_sign(&sa, a, 1000, 5);
	minhash_sign(&sb, b, 1000, 5);
	minhash_sign(&sc, c, 1000, 5);
	s = minhash_similarity(&sa, &sb);
	check("estimate near 0.82", s > 0.7 && s < 0.95);
	check("unrelated near 0", minhash_similarity(&sa, &sc) < 0.1);
	minhash_index_init(&ix);
	minhash_index_add(&ix, &sa);
	minhash_index_add(&ix, &sc);
	check("finds the near duplicate", minhash_index_find(&ix, &sb, 0.7, &s) == 0);
	check("misses under the threshold", minhash_index_find(&ix, &sb, 0.99, &s) == -1);
	minhash_sign(&sb, a, 1000, 5);
	check("exact duplicate", minhash_index_find(&ix, &sb, 0.99, &s) == 0 && s == 1.0);
	minhash_sign(&sb, a, 3, 5);
	check("short texts only match exactly", sb.shingles == 0 && minhash_index_find(&ix, &sb, 0.5, &s) == -1);
	minhash_index_release(&ix);
	return check_report("t-minhash");
}
