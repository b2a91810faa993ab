/*
 * htab.h: interning byte strings to dense ids (0, 1, 2, ... in order of
 * first insertion), so that callers keep their counts in plain arrays and
 * iteration order never depends on hashing.
 *
 *	struct htab h;
 *	htab_init(&h);
 *	id = htab_intern(&h, "naloxone", 8, &added);	// 0, added = 1
 *	id = htab_intern(&h, "naloxone", 8, &added);	// 0, added = 0
 */
#ifndef HRTK_HTAB_H
#define HRTK_HTAB_H

#include <stddef.h>
#include <stdint.h>

struct htab {
	uint32_t *slots;	/* id + 1, or 0 for empty */
	size_t nslots;		/* a power of two */
	uint64_t *hashes;	/* per id */
	size_t *offs;		/* per id: key offset in keys */
	uint32_t *lens;		/* per id: key length */
	size_t n, alloc;	/* ids used, allocated */
	char *keys;		/* every key, NUL-terminated, back to back */
	size_t keys_len, keys_alloc;
};

uint64_t hash_bytes(const void *p, size_t len);

void htab_init(struct htab *h);
void htab_release(struct htab *h);
/* The key's id, adding it if new (then *added = 1 when added is not NULL). */
size_t htab_intern(struct htab *h, const char *key, size_t len, int *added);
/* The key's id, or -1. */
long htab_find(const struct htab *h, const char *key, size_t len);
/* The key of id, NUL-terminated; its length in *len when len is not NULL. */
static inline const char *htab_key(const struct htab *h, size_t id, size_t *len)
{
	if (len)
		*len = h->lens[id];
	return h->keys + h->offs[id];
}
static inline size_t htab_count(const struct htab *h) { return h->n; }

#endif
