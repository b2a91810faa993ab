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
 */
#ifndef HRTK_CTAB_H
#define HRTK_CTAB_H

#include <stddef.h>
#include <stdint.h>

enum { CTAB_INLINE = 16 };

struct ctab_ent {
	uint32_t tag;			/* high hash bits */
	uint32_t len : 31, used : 1;
	unsigned long long count, docs;
	unsigned long long stamp;	/* free for the caller: e.g. the last document seen */
	union {
		char in[CTAB_INLINE];	/* keys of up to CTAB_INLINE bytes */
		size_t off;		/* longer keys: offset in keys */
	} key;
};

struct ctab {
	struct ctab_ent *slots;
	size_t nslots;		/* a power of two */
	size_t n;		/* entries used */
	char *keys;		/* long keys, back to back */
	size_t keys_len, keys_alloc;
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
 * The same in two steps, for callers that batch lookups: hash a few keys and
 * prefetch their slots, then get them, so that the cache misses overlap.
 */
uint64_t ctab_hash(const char *key, size_t len);
static inline void ctab_prefetch(const struct ctab *t, uint64_t hash)
{
	if (t->nslots)
		__builtin_prefetch(&t->slots[hash & (t->nslots - 1)]);
}
struct ctab_ent *ctab_get_hashed(struct ctab *t, const char *key, size_t len, uint64_t hash);
static inline const char *ctab_key(const struct ctab *t, const struct ctab_ent *e)
{
	return e->len <= CTAB_INLINE ? e->key.in : t->keys + e->key.off;
}

#endif
