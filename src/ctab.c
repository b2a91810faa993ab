/* ctab.c: open addressing with linear probing, entries in the slots. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ctab.h"
#include "err.h"
#include "htab.h"

enum { CTAB_MIN_SLOTS = 1024 };

/*
 * Large slot arrays are mapped on their own, on 2 MiB boundaries and marked
 * for transparent huge pages: every slot of a big table gets touched, and
 * faulting tens of megabytes in 4 KiB pages cost a tenth of a count.
 */
#define HUGE_PAGE ((size_t)2 << 20)

static size_t slots_bytes(size_t nslots)
{
	return nslots * sizeof(struct ctab_ent);
}

/* Zeroed slots; *mapped says how to free them. */
static struct ctab_ent *alloc_slots(size_t nslots, int *mapped)
{
	size_t bytes = slots_bytes(nslots), head;
	char *p = MAP_FAILED;

	if (bytes >= HUGE_PAGE)
		p = mmap(NULL, bytes + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);
	*mapped = p != MAP_FAILED;
	if (!*mapped)
		return ecalloc(nslots, sizeof(struct ctab_ent));
	head = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
	if (head)
		munmap(p, head);
	munmap(p + head + bytes, HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
	madvise(p + head, bytes, MADV_HUGEPAGE);
#endif
	return (struct ctab_ent *)(void *)(p + head);
}

static void free_slots(struct ctab_ent *slots, size_t nslots, int mapped)
{
	if (mapped)
		munmap(slots, slots_bytes(nslots));
	else
		free(slots);
}

void ctab_init(struct ctab *t)
{
	memset(t, 0, sizeof(*t));
}

void ctab_release(struct ctab *t)
{
	unsigned hbits = t->hbits;

	free_slots(t->slots, t->nslots, t->mapped);
	free(t->keys);
	ctab_init(t);
	t->hbits = hbits;
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

static unsigned log2_of(size_t n)
{
	unsigned b = 0;

	while (((size_t)1 << b) < n)
		b++;
	return b;
}

/* The hash e was added with (no entry stores it: 32-byte entries). */
static uint64_t ent_hash(const struct ctab *t, const struct ctab_ent *e)
{
	if (e->len <= CTAB_INLINE)
		return ctab_hash16(e->key.w[0], e->key.w[1], e->len) << t->hbits;
	return (uint64_t)e->key.lng.tag << 32;
}

/*
 * Slots follow the hash's high bits, so the old slots map to the new in
 * order: the copy streams through both tables. Short keys are hashed
 * again (a few multiplications); long ones keep the hash's high bits.
 */
static void grow_to(struct ctab *t, size_t nslots)
{
	unsigned shift = 64 - log2_of(nslots);
	size_t mask = nslots - 1, i, j;
	struct ctab_ent *old = t->slots;
	int old_mapped = t->mapped;

	t->slots = alloc_slots(nslots, &t->mapped);
	for (i = 0; i < t->nslots; i++) {
		if (!old[i].used)
			continue;
		j = (size_t)(ent_hash(t, &old[i]) >> shift);
		while (t->slots[j].used)
			j = (j + 1) & mask;
		t->slots[j] = old[i];
	}
	free_slots(old, t->nslots, old_mapped);
	t->nslots = nslots;
	t->shift = shift;
}

static void grow(struct ctab *t)
{
	grow_to(t, t->nslots ? t->nslots * 2 : CTAB_MIN_SLOTS);
}

void ctab_reserve(struct ctab *t, size_t n)
{
	size_t nslots = t->nslots ? t->nslots : CTAB_MIN_SLOTS;

	while (n * 8 > nslots * 5)
		nslots *= 2;
	if (nslots > t->nslots)
		grow_to(t, nslots);
}

/* The empty slot for a new entry of hash, growing the table first when it is full. */
static struct ctab_ent *new_slot(struct ctab *t, uint64_t hash, size_t len)
{
	size_t mask, j;
	struct ctab_ent *e;

	/* A load of at most 5/8 keeps linear probe runs short. */
	if ((t->n + 1) * 8 > t->nslots * 5)
		grow(t);
	mask = t->nslots - 1;
	for (j = hash >> t->shift; (e = &t->slots[j])->used; j = (j + 1) & mask)
		;
	e->len = len <= CTAB_INLINE ? (unsigned)len : CTAB_LONG;
	e->used = 1;
	t->n++;
	return e;
}

struct ctab_ent *ctab_add16(struct ctab *t, uint64_t w0, uint64_t w1, size_t len, uint64_t hash)
{
	struct ctab_ent *e = new_slot(t, hash, len);

	e->key.w[0] = w0;
	e->key.w[1] = w1;
	return e;
}

/* A key of up to CTAB_INLINE bytes as two zero-padded words. */
static void key_words(const char *key, size_t len, uint64_t w[2])
{
	char pad[CTAB_INLINE] = { 0 };

	memcpy(pad, key, len);
	memcpy(w, pad, sizeof(pad));
}

uint64_t ctab_hash(const char *key, size_t len)
{
	uint64_t w[2];

	if (len > CTAB_INLINE)
		return hash_bytes(key, len);
	key_words(key, len, w);
	return ctab_hash16(w[0], w[1], len);
}

struct ctab_ent *ctab_get_hashed(struct ctab *t, const char *key, size_t len, uint64_t hash)
{
	uint32_t tag = (uint32_t)(hash >> 32);
	struct ctab_ent *e;
	size_t mask, j;
	uint64_t off;
	uint64_t w[2];

	if (len <= CTAB_INLINE) {
		key_words(key, len, w);
		return ctab_get16(t, w[0], w[1], len, hash);
	}
	if (t->nslots) {
		mask = t->nslots - 1;
		for (j = hash >> t->shift; (e = &t->slots[j])->used; j = (j + 1) & mask)
			if (e->len == CTAB_LONG && e->key.lng.tag == tag && e->key.lng.len == len &&
			    !memcmp(t->keys + e->key.lng.off, key, len))
				return e;
	}
	if (t->keys_len + len > t->keys_alloc) {
		t->keys_alloc = (t->keys_len + len) * 2 + 4096;
		t->keys = erealloc(t->keys, t->keys_alloc);
	}
	memcpy(t->keys + t->keys_len, key, len);
	off = t->keys_len;
	t->keys_len += len;
	e = new_slot(t, hash, len);
	e->key.lng.off = off;
	e->key.lng.len = (uint32_t)len;
	e->key.lng.tag = tag;
	return e;
}

struct ctab_ent *ctab_get(struct ctab *t, const char *key, size_t len)
{
	return ctab_get_hashed(t, key, len, ctab_hash(key, len));
}

enum { STAMPS = 65535 };

unsigned ctab_stamp(struct ctab *t, unsigned long long doc)
{
	size_t i;

	if (doc / STAMPS != t->epoch) {
		/* The stamps of the last epoch's documents would come round again. */
		for (i = 0; i < t->nslots; i++)
			t->slots[i].stamp = 0;
		t->epoch = doc / STAMPS;
	}
	return (unsigned)(doc % STAMPS) + 1;
}

/* ---- sorting the entries, once counting is over ---- */

static void compact(struct ctab *t)
{
	size_t i, j;

	for (i = j = 0; i < t->nslots; i++)
		if (t->slots[i].used)
			t->slots[j++] = t->slots[i];
}

/* A key word as a number in byte order: comparing two compares their bytes. */
static uint64_t byte_order(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64(w);
#else
	return w;
#endif
}

/*
 * True when a sorts before b: count descending, then key bytewise. Inline
 * keys are zero-padded words: comparing them, then the lengths, is the
 * bytewise order, with no pointer to follow.
 */
static int before2(const struct ctab *ta, const struct ctab_ent *a, const struct ctab *tb,
		   const struct ctab_ent *b)
{
	size_t n, alen, blen;
	int c;

	if (a->count != b->count)
		return a->count > b->count;
	if (a->len <= CTAB_INLINE && b->len <= CTAB_INLINE) {
		if (a->key.w[0] != b->key.w[0])
			return byte_order(a->key.w[0]) < byte_order(b->key.w[0]);
		if (a->key.w[1] != b->key.w[1])
			return byte_order(a->key.w[1]) < byte_order(b->key.w[1]);
		return a->len < b->len;
	}
	alen = ctab_len(a);
	blen = ctab_len(b);
	n = alen < blen ? alen : blen;
	c = memcmp(ctab_key(ta, a), ctab_key(tb, b), n);
	return c ? c < 0 : alen < blen;
}

static int before(const struct ctab *t, const struct ctab_ent *a, const struct ctab_ent *b)
{
	return before2(t, a, t, b);
}

int ctab_before(const struct ctab *ta, const struct ctab_ent *a, const struct ctab *tb,
		const struct ctab_ent *b)
{
	return before2(ta, a, tb, b);
}

/* Merges the sorted e[0..mid) and e[mid..n) with tmp of mid entries. */
static void merge_ents(const struct ctab *t, struct ctab_ent *e, size_t mid, size_t n,
		       struct ctab_ent *tmp)
{
	size_t i = 0, j = mid, o = 0;

	if (!mid || mid == n || !before(t, &e[mid], &e[mid - 1]))
		return;
	memcpy(tmp, e, mid * sizeof(*e));
	while (i < mid && j < n)
		e[o++] = before(t, &e[j], &tmp[i]) ? e[j++] : tmp[i++];
	while (i < mid)
		e[o++] = tmp[i++];
}

/* Sorts e[0..n) with tmp of n / 2 + 1 entries. */
static void sort_ents(const struct ctab *t, struct ctab_ent *e, size_t n, struct ctab_ent *tmp)
{
	struct ctab_ent x;
	size_t i, j;

	if (n <= 16) {
		for (i = 1; i < n; i++) {
			x = e[i];
			for (j = i; j > 0 && before(t, &x, &e[j - 1]); j--)
				e[j] = e[j - 1];
			e[j] = x;
		}
		return;
	}
	sort_ents(t, e, n / 2, tmp);
	sort_ents(t, e + n / 2, n - n / 2, tmp);
	merge_ents(t, e, n / 2, n, tmp);
}

void ctab_sort(struct ctab *t)
{
	if (!t->n)
		return;
	compact(t);
	/* At most 5/8 of the slots are used: the rest holds the merge's half. */
	sort_ents(t, t->slots, t->n, t->slots + t->n);
}

/* The entry of src's e in t (of the same hbits), created when new. */
static struct ctab_ent *get_like(struct ctab *t, const struct ctab *src, const struct ctab_ent *e,
				 uint64_t hash)
{
	if (e->len <= CTAB_INLINE)
		return ctab_get16(t, e->key.w[0], e->key.w[1], e->len, hash);
	return ctab_get_hashed(t, ctab_key(src, e), e->key.lng.len, hash);
}

void ctab_sum(struct ctab *dst, const struct ctab *src)
{
	enum { BATCH = 16 };
	const struct ctab_ent *batch[BATCH];
	uint64_t hash[BATCH];
	struct ctab_ent *d;
	size_t i = 0, n, k;

	while (i < src->nslots) {
		/* Prefetch a batch of slots, then add: the misses overlap. */
		for (n = 0; i < src->nslots && n < BATCH; i++) {
			if (!src->slots[i].used)
				continue;
			batch[n] = &src->slots[i];
			hash[n] = ent_hash(src, batch[n]);
			ctab_prefetch(dst, hash[n++]);
		}
		for (k = 0; k < n; k++) {
			d = get_like(dst, src, batch[k], hash[k]);
			d->count += batch[k]->count;
			d->docs += batch[k]->docs;
		}
	}
}

void ctab_shards_init(struct ctab_shards *s, unsigned bits)
{
	int i;

	for (i = 0; i < CTAB_SHARDS; i++) {
		ctab_init(&s->part[i]);
		s->part[i].hbits = bits;
	}
	s->bits = bits;
}

void ctab_shards_release(struct ctab_shards *s)
{
	int i;

	for (i = 0; i < CTAB_SHARDS; i++)
		ctab_release(&s->part[i]);
}
