/*
 * ctab.h: the counting table behind hrtk count: byte string -> count,
 * documents and a per-entry stamp, tuned for the hot loop (one probe per
 * token, a hash tag in the slot so that misses rarely touch the entry).
 * One table per thread; no locking. Memory grows with the vocabulary only.
 *
 *	struct ctab t;
 *	ctab_init(&t);
 *	e = ctab_get(&t, "naloxone", 8);	// created at zero when new
 *	e->count++;
 */
#ifndef HRTK_CTAB_H
#define HRTK_CTAB_H

#include <stddef.h>
#include <stdint.h>

struct ctab_ent {
	uint64_t hash;
	size_t off;			/* key offset in keys */
	uint32_t len;
	uint32_t flag;			/* free for the caller */
	unsigned long long count, docs;
	unsigned long long stamp;	/* free for the caller: e.g. the last document seen */
};

struct ctab {
	uint64_t *slots;	/* (hash >> 32) << 32 | (id + 1), or 0 for empty */
	size_t nslots;		/* a power of two */
	struct ctab_ent *e;	/* by id, in order of first insertion */
	size_t n, alloc;
	char *keys;		/* every key, back to back, not NUL-terminated */
	size_t keys_len, keys_alloc;
};

void ctab_init(struct ctab *t);
void ctab_release(struct ctab *t);
/* Empties the table, keeping its memory. */
void ctab_clear(struct ctab *t);
/* The entry of key, created zeroed when new. Valid until the next ctab_get(). */
struct ctab_ent *ctab_get(struct ctab *t, const char *key, size_t len);
static inline const char *ctab_key(const struct ctab *t, const struct ctab_ent *e)
{
	return t->keys + e->off;
}

#endif
