/*
 * ctab.h: the counting table behind hrtk count: byte string -> count,
 * documents and a per-entry stamp, tuned for the hot loop. Entries live in
 * the slots themselves, keys of up to 16 bytes inside the entry, so that a
 * lookup of a typical word touches one cache line (profiling showed the
 * three misses of an index + entry + key layout dominating the count).
 * One table per thread; no locking. Memory grows with the vocabulary only.
 *
 *	struct ctab t;
 *	ctab_init(&t);
 *	e = ctab_get(&t, "naloxone", 8);	// created at zero when new
 *	e->count++;
 *	for (i = 0; i < t.nslots; i++) if (t.slots[i].used) ...
 *
 * A slot is chosen by the hash's high bits, so that doubling the table
 * moves entries in order and never hashes a key again.
 */
#ifndef HRTK_CTAB_H
#define HRTK_CTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { CTAB_INLINE = 16 };

/*
 * 32 bytes, two to a cache line, never across one: the table of a large
 * corpus is larger than the cache, and its slots are zeroed by the kernel
 * page by page, so that each byte of an entry costs (48-byte entries, with a
 * 64-bit stamp and a stored hash, made the count a sixth slower).
 */
struct ctab_ent {
	union {
		char in[CTAB_INLINE];	/* keys of up to CTAB_INLINE bytes, zero-padded */
		uint64_t w[2];		/* the same, as two words */
		struct {
			uint64_t off;	/* in keys */
			uint32_t len;	/* keys are shorter than 4 GiB */
			uint32_t tag;	/* the hash's high bits: most mismatches need no memcmp() */
		} lng;			/* longer keys */
	} key;
	unsigned long long count;
	/* len: the key's, or CTAB_LONG; stamp: free for the caller, see ctab_stamp(). */
	unsigned long long docs : 40, stamp : 16, len : 6, used : 1;
};

enum { CTAB_LONG = CTAB_INLINE + 1 };
_Static_assert(sizeof(struct ctab_ent) == 32, "two entries to a cache line");

struct ctab {
	struct ctab_ent *slots;
	size_t nslots;		/* a power of two */
	unsigned shift;		/* 64 - log2(nslots): a hash's slot is hash >> shift */
	unsigned hbits;		/* hashes are ctab_hash() << hbits (see ctab_shards) */
	int mapped;		/* slots are mmap()ed (large tables, huge pages) */
	size_t n;		/* entries used */
	char *keys;		/* long keys, back to back */
	size_t keys_len, keys_alloc;
	unsigned long long epoch;	/* of the stamps: see ctab_stamp() */
};

void ctab_init(struct ctab *t);
void ctab_release(struct ctab *t);
/* Makes room for n entries at once: no rehash, nor page faults of the smaller tables. */
void ctab_reserve(struct ctab *t, size_t n);
/* Empties the table, keeping its memory unless it was mostly unused. */
void ctab_clear(struct ctab *t);
/* The entry of key, created zeroed when new. Valid until the next ctab_get(). */
struct ctab_ent *ctab_get(struct ctab *t, const char *key, size_t len);

/*
 * The hash of a key of up to CTAB_INLINE bytes given as two zero-padded
 * words (w0 holds its first 8 bytes in memory order): callers that build
 * keys a word at a time hash them without a byte loop.
 */
static inline uint64_t ctab_hash16(uint64_t w0, uint64_t w1, size_t len)
{
	uint64_t h = (w0 ^ (len * 0x9E3779B97F4A7C15ull)) * 0x87C37B91114253D5ull;

	h ^= (w1 ^ (h >> 31)) * 0x4CF5AD432745937Full;
	h ^= h >> 29;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

/*
 * The same in two steps, for callers that batch lookups: hash a few keys and
 * prefetch their slots, then get them, so that the cache misses overlap.
 */
uint64_t ctab_hash(const char *key, size_t len);
/*
 * Always inlined: a prefetch has no effect the compiler can see, so a call
 * it did not inline at once (two callers in a file are enough) is taken for
 * a pure function's and deleted with the prefetch.
 */
__attribute__((always_inline)) static inline void ctab_prefetch(const struct ctab *t, uint64_t hash)
{
	if (t->nslots)
		__builtin_prefetch(&t->slots[hash >> t->shift]);
}
/* hash must be ctab_hash(key, len) << t->hbits: the table hashes its keys again when it grows. */
struct ctab_ent *ctab_get_hashed(struct ctab *t, const char *key, size_t len, uint64_t hash);
struct ctab_ent *ctab_add16(struct ctab *t, uint64_t w0, uint64_t w1, size_t len, uint64_t hash);
/*
 * ctab_get_hashed() of a key of up to CTAB_INLINE bytes as two zero-padded
 * words, inline: the lookup of a word that is there is the hot loop of count.
 */
static inline struct ctab_ent *ctab_get16(struct ctab *t, uint64_t w0, uint64_t w1, size_t len,
					  uint64_t hash)
{
	size_t mask = t->nslots - 1, j;
	struct ctab_ent *e;

	if (t->nslots)
		for (j = hash >> t->shift; (e = &t->slots[j])->used; j = (j + 1) & mask)
			if (e->key.w[0] == w0 && e->key.w[1] == w1 && e->len == len)
				return e;
	return ctab_add16(t, w0, w1, len, hash);
}
/*
 * The stamp of document doc (1 to 65535), for callers that count a key
 * once per document: "e->stamp != s" is "not seen in doc yet". Documents
 * must come in order; every 65535 documents the stamps are wiped.
 */
unsigned ctab_stamp(struct ctab *t, unsigned long long doc);
/* Adds the counts and documents of src's entries into dst (the per-thread tables of a count). */
void ctab_sum(struct ctab *dst, const struct ctab *src);
/*
 * Once counting is over: ctab_sort() puts the entries in slots[0..n),
 * sorted by count descending, then key bytewise (the order of every table),
 * in the table's own memory: no allocation, no page to fault in. The table
 * is then an array, to be read and released, no longer looked up.
 */
void ctab_sort(struct ctab *t);
static inline const char *ctab_key(const struct ctab *t, const struct ctab_ent *e)
{
	return e->len <= CTAB_INLINE ? e->key.in : t->keys + e->key.lng.off;
}
static inline size_t ctab_len(const struct ctab_ent *e)
{
	return e->len <= CTAB_INLINE ? e->len : e->key.lng.len;
}
/* True when a (an entry of ta) sorts before b (of tb): the order of ctab_sort(). */
int ctab_before(const struct ctab *ta, const struct ctab_ent *a, const struct ctab *tb,
		const struct ctab_ent *b);

/*
 * A table in shards by the hash's top bit, so that threads can sum and sort
 * the shards of several such tables at once, each thread its own shard.
 * A key's shard takes its hash shifted left by the shard bits (its slot and
 * tag are then drawn from the bits below the top one).
 *
 *	ctab_shards_init(&s, 1);
 *	h = ctab_hash(key, len);
 *	e = ctab_get_hashed(ctab_shard(&s, h), key, len, ctab_shard_hash(&s, h));
 */
enum { CTAB_SHARDS = 2 };

struct ctab_shards {
	struct ctab part[CTAB_SHARDS];
	unsigned bits;		/* 0: all in part[0]; 1: two shards */
};

void ctab_shards_init(struct ctab_shards *s, unsigned bits);
void ctab_shards_release(struct ctab_shards *s);
static inline struct ctab *ctab_shard(struct ctab_shards *s, uint64_t hash)
{
	return &s->part[(hash >> 1) >> (63 - s->bits)];
}
static inline uint64_t ctab_shard_hash(const struct ctab_shards *s, uint64_t hash)
{
	return hash << s->bits;
}

#endif
