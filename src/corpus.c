/* corpus.c: document counts of block hashes, per group, in one open-addressing table. */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "err.h"
#include "htab.h"

struct slot {
	uint64_t key;		/* the block hash mixed with its group's; 0: empty */
	uint32_t docs;		/* documents holding it */
	uint32_t last;		/* the last document counted, so each counts once */
};

struct corpus {
	struct slot *slots;
	size_t nslots, used;
	struct htab groups;	/* group name -> id */
	uint32_t *group_docs;	/* per group id */
	size_t agroups;
	uint64_t group_key;	/* the current document's group mix */
	uint32_t doc;		/* the current document's serial, from 1 */
	unsigned min_docs;
	double min_share;
};

struct corpus *corpus_new(unsigned min_docs, double min_share)
{
	struct corpus *c = ecalloc(1, sizeof(*c));

	c->nslots = 1024;
	c->slots = ecalloc(c->nslots, sizeof(*c->slots));
	htab_init(&c->groups);
	c->min_docs = min_docs ? min_docs : 1;
	c->min_share = min_share;
	return c;
}

void corpus_free(struct corpus *c)
{
	if (!c)
		return;
	free(c->slots);
	free(c->group_docs);
	htab_release(&c->groups);
	free(c);
}

static uint64_t mix(uint64_t h, uint64_t g)
{
	h ^= g * 0x9E3779B97F4A7C15ULL;
	h ^= h >> 29;
	return h ? h : 1;
}

static uint64_t group_hash(const char *group)
{
	return group && *group ? hash_bytes(group, strlen(group)) : 0;
}

static struct slot *find(const struct slot *slots, size_t nslots, uint64_t key)
{
	size_t i = (size_t)key & (nslots - 1);

	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & (nslots - 1);
	return (struct slot *)&slots[i];
}

static void grow(struct corpus *c)
{
	size_t n = c->nslots * 2, i;
	struct slot *s = ecalloc(n, sizeof(*s));

	for (i = 0; i < c->nslots; i++)
		if (c->slots[i].key)
			*find(s, n, c->slots[i].key) = c->slots[i];
	free(c->slots);
	c->slots = s;
	c->nslots = n;
}

void corpus_begin_doc(struct corpus *c, const char *group)
{
	const char *g = group ? group : "";
	size_t id = htab_intern(&c->groups, g, strlen(g), NULL);

	if (id >= c->agroups) {
		c->agroups = 2 * id + 8;
		c->group_docs = ereallocarray(c->group_docs, c->agroups, sizeof(*c->group_docs));
		memset(c->group_docs + id, 0, (c->agroups - id) * sizeof(*c->group_docs));
	}
	c->group_docs[id]++;
	c->group_key = group_hash(group);
	c->doc++;
}

void corpus_add(struct corpus *c, uint64_t h)
{
	struct slot *s;

	if (2 * (c->used + 1) > c->nslots)
		grow(c);
	s = find(c->slots, c->nslots, mix(h, c->group_key));
	if (!s->key) {
		s->key = mix(h, c->group_key);
		c->used++;
	}
	if (s->last != c->doc) {
		s->last = c->doc;
		s->docs++;
	}
}

unsigned corpus_common(const struct corpus *c, const char *group, uint64_t h)
{
	const char *g = group ? group : "";
	long id = htab_find(&c->groups, g, strlen(g));
	const struct slot *s = find(c->slots, c->nslots, mix(h, group_hash(group)));

	if (id < 0 || !s->key || s->docs < c->min_docs ||
	    (double)s->docs < c->min_share * c->group_docs[id])
		return 0;
	return s->docs;
}
