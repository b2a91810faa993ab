/* ctab.c: open addressing with linear probing, entries in the slots. */
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
	free(t->keys);
	ctab_init(t);
}

void ctab_clear(struct ctab *t)
{
	/* After one large document, do not wipe its big table for every small one. */
	if (t->nslots > 4096 && t->n * 16 < t->nslots) {
		ctab_release(t);
		return;
	}
	if (t->slots)
		memset(t->slots, 0, t->nslots * sizeof(*t->slots));
	t->n = 0;
	t->keys_len = 0;
}

static void grow_to(struct ctab *t, size_t nslots)
{
	size_t mask = nslots - 1, i, j;
	struct ctab_ent *old = t->slots;

	t->slots = ecalloc(nslots, sizeof(*t->slots));
	for (i = 0; i < t->nslots; i++) {
		if (!old[i].used)
			continue;
		j = hash_bytes(ctab_key(t, &old[i]), old[i].len) & mask;
		while (t->slots[j].used)
			j = (j + 1) & mask;
		t->slots[j] = old[i];
	}
	free(old);
	t->nslots = nslots;
}

static void grow(struct ctab *t)
{
	grow_to(t, t->nslots ? t->nslots * 2 : 1024);
}

void ctab_reserve(struct ctab *t, size_t n)
{
	size_t nslots = t->nslots ? t->nslots : 1024;

	while (n * 8 > nslots * 5)
		nslots *= 2;
	if (nslots > t->nslots)
		grow_to(t, nslots);
}

static struct ctab_ent *add(struct ctab *t, struct ctab_ent *e, uint32_t tag,
			    const char *key, size_t len)
{
	memset(e, 0, sizeof(*e));
	e->tag = tag;
	e->len = (uint32_t)len;
	e->used = 1;
	if (len <= CTAB_INLINE) {
		memcpy(e->key.in, key, len);
	} else {
		if (t->keys_len + len > t->keys_alloc) {
			t->keys_alloc = (t->keys_len + len) * 2 + 4096;
			t->keys = erealloc(t->keys, t->keys_alloc);
		}
		e->key.off = t->keys_len;
		memcpy(t->keys + t->keys_len, key, len);
		t->keys_len += len;
	}
	t->n++;
	return e;
}

uint64_t ctab_hash(const char *key, size_t len)
{
	return hash_bytes(key, len);
}

struct ctab_ent *ctab_get_hashed(struct ctab *t, const char *key, size_t len, uint64_t hash)
{
	uint32_t tag = (uint32_t)(hash >> 32);
	char pad[CTAB_INLINE] = { 0 };
	struct ctab_ent *e;
	size_t mask, j;

	/* A load of at most 5/8 keeps linear probe runs short. */
	if ((t->n + 1) * 8 > t->nslots * 5)
		grow(t);
	mask = t->nslots - 1;
	if (len <= CTAB_INLINE) {
		/* Inline keys are zero-padded: one fixed-size compare, no call. */
		memcpy(pad, key, len);
		for (j = hash & mask; (e = &t->slots[j])->used; j = (j + 1) & mask)
			if (e->tag == tag && e->len == len && !memcmp(e->key.in, pad, CTAB_INLINE))
				return e;
	} else {
		for (j = hash & mask; (e = &t->slots[j])->used; j = (j + 1) & mask)
			if (e->tag == tag && e->len == len && !memcmp(t->keys + e->key.off, key, len))
				return e;
	}
	return add(t, e, tag, key, len);
}

struct ctab_ent *ctab_get(struct ctab *t, const char *key, size_t len)
{
	return ctab_get_hashed(t, key, len, hash_bytes(key, len));
}
