/* htab.c: open-addressing string interning with linear probing. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "htab.h"

/* A 64-bit multiply-mix hash; quality enough for linear probing on words. */
uint64_t hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (len * 0xFF51AFD7ED558CCDull), w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ (w * 0x87C37B91114253D5ull)) * 0x4CF5AD432745937Full;
		h ^= h >> 29;
		s += 8;
		len -= 8;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ (w * 0x87C37B91114253D5ull)) * 0x4CF5AD432745937Full;
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

void htab_init(struct htab *h)
{
	memset(h, 0, sizeof(*h));
}

void htab_release(struct htab *h)
{
	free(h->slots);
	free(h->hashes);
	free(h->offs);
	free(h->lens);
	free(h->keys);
	htab_init(h);
}

static void rehash(struct htab *h, size_t nslots)
{
	size_t i, j, mask = nslots - 1;

	free(h->slots);
	h->slots = ecalloc(nslots, sizeof(*h->slots));
	h->nslots = nslots;
	for (i = 0; i < h->n; i++) {
		for (j = h->hashes[i] & mask; h->slots[j]; j = (j + 1) & mask)
			;
		h->slots[j] = (uint32_t)(i + 1);
	}
}

static size_t probe(const struct htab *h, uint64_t hash, const char *key, size_t len, int *found)
{
	size_t mask = h->nslots - 1, j, id;

	for (j = hash & mask; h->slots[j]; j = (j + 1) & mask) {
		id = h->slots[j] - 1;
		if (h->hashes[id] == hash && h->lens[id] == len &&
		    !memcmp(h->keys + h->offs[id], key, len)) {
			*found = 1;
			return j;
		}
	}
	*found = 0;
	return j;
}

long htab_find(const struct htab *h, const char *key, size_t len)
{
	int found;
	size_t j;

	if (!h->n)
		return -1;
	if (!key)	/* an empty buffer's NULL data: the empty key */
		key = "";
	j = probe(h, hash_bytes(key, len), key, len, &found);
	return found ? (long)(h->slots[j] - 1) : -1;
}

size_t htab_intern(struct htab *h, const char *key, size_t len, int *added)
{
	uint64_t hash;
	int found;
	size_t j, id;

	if (!key)	/* an empty buffer's NULL data: the empty key */
		key = "";
	hash = hash_bytes(key, len);
	if ((h->n + 1) * 4 > h->nslots * 3)
		rehash(h, h->nslots ? h->nslots * 2 : 64);
	j = probe(h, hash, key, len, &found);
	if (added)
		*added = !found;
	if (found)
		return h->slots[j] - 1;
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? h->alloc * 2 : 64;
		h->hashes = ereallocarray(h->hashes, h->alloc, sizeof(*h->hashes));
		h->offs = ereallocarray(h->offs, h->alloc, sizeof(*h->offs));
		h->lens = ereallocarray(h->lens, h->alloc, sizeof(*h->lens));
	}
	if (h->keys_len + len + 1 > h->keys_alloc) {
		h->keys_alloc = (h->keys_len + len + 1) * 2;
		h->keys = erealloc(h->keys, h->keys_alloc);
	}
	id = h->n++;
	h->hashes[id] = hash;
	h->offs[id] = h->keys_len;
	h->lens[id] = (uint32_t)len;
	memcpy(h->keys + h->keys_len, key, len);
	h->keys[h->keys_len + len] = '\0';
	h->keys_len += len + 1;
	h->slots[j] = (uint32_t)(id + 1);
	return id;
}
