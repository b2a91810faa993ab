/* ctab.c: open addressing with linear probing and hash tags in the slots. */
#include <stdlib.h>
#include <string.h>

#include "ctab.h"
#include "err.h"
#include "htab.h"

void ctab_init(struct ctab *t)
{
	memset(t, 0, sizeof(*t));
}

void ctab_release(struct ctab *t)
{
	free(t->slots);
	free(t->e);
	free(t->keys);
	ctab_init(t);
}

void ctab_clear(struct ctab *t)
{
	if (t->slots)
		memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	t->n = 0;
	t->keys_len = 0;
}

static void grow(struct ctab *t)
{
	size_t nslots = t->nslots ? t->nslots * 2 : 1024, mask = nslots - 1, i, j;

	free(t->slots);
	t->slots = ecalloc(nslots, sizeof(*t->slots));
	t->nslots = nslots;
	for (i = 0; i < t->n; i++) {
		for (j = t->e[i].hash & mask; t->slots[j]; j = (j + 1) & mask)
			;
		t->slots[j] = (t->e[i].hash >> 32 << 32) | (uint64_t)(i + 1);
	}
}

static struct ctab_ent *add(struct ctab *t, size_t j, uint64_t hash, const char *key, size_t len)
{
	struct ctab_ent *e;

	if (t->n == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 1024;
		t->e = ereallocarray(t->e, t->alloc, sizeof(*t->e));
	}
	if (t->keys_len + len > t->keys_alloc) {
		t->keys_alloc = (t->keys_len + len) * 2 + 4096;
		t->keys = erealloc(t->keys, t->keys_alloc);
	}
	e = &t->e[t->n];
	memset(e, 0, sizeof(*e));
	e->hash = hash;
	e->off = t->keys_len;
	e->len = (uint32_t)len;
	memcpy(t->keys + t->keys_len, key, len);
	t->keys_len += len;
	t->slots[j] = (hash >> 32 << 32) | (uint64_t)(++t->n);
	return e;
}

struct ctab_ent *ctab_get(struct ctab *t, const char *key, size_t len)
{
	uint64_t hash = hash_bytes(key, len), tag = hash >> 32 << 32, s;
	size_t mask, j;
	struct ctab_ent *e;

	if ((t->n + 1) * 2 > t->nslots)
		grow(t);
	mask = t->nslots - 1;
	for (j = hash & mask; (s = t->slots[j]); j = (j + 1) & mask) {
		if ((s & 0xFFFFFFFF00000000ull) != tag)
			continue;
		e = &t->e[(s & 0xFFFFFFFFu) - 1];
		if (e->len == len && !memcmp(t->keys + e->off, key, len))
			return e;
	}
	return add(t, j, hash, key, len);
}
