/* clean.c: blocks of a flattened document kept or dropped, and why. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"
#include "err.h"
#include "explain.h"
#include "layout.h"
#include "prose.h"
#include "stop.h"

/* A hard-wrapped text has 95% of its lines at most this long (lynx: 76 to 79). */
#define MAX_WRAP_WIDTH 120
/* Spam: enough term points, in a block that is short or mostly terms. */
#define SPAM_SCORE 3
#define SPAM_MAX_WORDS 25
#define SPAM_MAX_SCAN 200
/* Only a block of at least this many words can be a repeat inside another. */
#define REPEAT_MIN_WORDS 6
/* How many shingles ahead contained_repeats() fetches the table line of. */
#define SH_AHEAD 16
/* A block of this many words or more that says its first half twice is a link with its title. */
#define DOUBLED_MIN_WORDS 4
/* A rest rule ends the article only after a block this long was kept. */
#define REST_AFTER_CHARS 200
#define CORPUS_LINE_WORDS 3

enum mech { M_PROSE, M_RULE, M_SPAM, M_CORPUS, M_REPEAT, M_LAYOUT };

static const char *const mech_names[] = {
	[M_PROSE] = "prose", [M_RULE] = "rule", [M_SPAM] = "spam",
	[M_CORPUS] = "corpus", [M_REPEAT] = "repeat", [M_LAYOUT] = "layout",
};

static const char *const class_names[] = {
	[PROSE_BAD] = "bad", [PROSE_SHORT] = "short", [PROSE_NEARGOOD] = "neargood",
	[PROSE_GOOD] = "good", [PROSE_SKIP] = "skip",
};

struct line {
	size_t off, len;	/* the line's bytes, without its newline */
	size_t toff, tlen;	/* the same, trimmed of spaces */
	size_t cols;		/* its columns up to its end (layout_columns()) */
	size_t mark;		/* bytes of its list marker ("* ", "1. "), 0 when none */
	long rule;		/* the line rule matching it, or -1 */
	unsigned corpus;	/* documents holding it when common, else 0 */
	unsigned blank : 1, item : 1, split : 1;
};

struct unit {
	size_t first, last;	/* line indexes */
	size_t block;		/* input block number: units of one block print together */
	size_t w0, nw;		/* its word hashes in scratch->words */
	uint64_t hash;
	struct prose_feat f;
	enum prose_class cf;
	enum mech mech;
	int keep, dropped;	/* dropped: by a mechanism before prose */
	long rest;		/* the rest or section rule matching it, or -1 */
	char detail[128];
};

/*
 * The repeat tables: a probe table of keys, empty unless gen is the table's
 * current one, pointing at their entries in a dense array, filled in the
 * order keys come. Probing touches 16 bytes an entry, and a block's entries
 * sit side by side for the second pass (the table is larger than the cache
 * on a long document: its misses were most of what repeats cost).
 */
struct sh_key {
	uint64_t key;
	uint32_t gen;
	uint32_t at;		/* its entry in sh */
};

struct shingle {
	uint32_t ids[4];
	uint32_t n;
};

struct clean_scratch {
	struct rules_md *md;
	struct line *lines;
	size_t nlines, alines;
	struct unit *units;
	size_t nunits, aunits;
	uint64_t *words;
	size_t nwords, awords;
	uint32_t *masks;	/* per word: its wide lists (stop_wide_fold()); awords of them */
	enum prose_class *cls;
	size_t acls;
	struct sh_key *tab;
	size_t atab;
	uint32_t gen;		/* the keys of tab in use are those of this generation */
	struct shingle *sh;	/* the entries */
	size_t ash;
	uint32_t *slot;		/* each word's shingle entry (contained_repeats()) */
	size_t aslot;
	uint64_t *keys;		/* each shingle's key, in the order they are looked up */
	size_t akeys;
	int explain;		/* write unit details (only --explain reads them) */
	struct buf joined;
};

struct clean_scratch *clean_scratch_new(void)
{
	struct clean_scratch *s = ecalloc(1, sizeof(*s));

	s->md = rules_md_new();
	return s;
}

void clean_scratch_free(struct clean_scratch *s)
{
	if (!s)
		return;
	rules_md_free(s->md);
	free(s->lines);
	free(s->units);
	free(s->words);
	free(s->masks);
	free(s->cls);
	free(s->tab);
	free(s->sh);
	free(s->slot);
	free(s->keys);
	buf_release(&s->joined);
	free(s);
}

void clean_result_init(struct clean_result *r)
{
	memset(r, 0, sizeof(*r));
}

void clean_result_release(struct clean_result *r)
{
	buf_release(&r->text);
	buf_release(&r->explain);
}

static void *grow_array(void *p, size_t *alloc, size_t need, size_t size)
{
	if (need <= *alloc)
		return p;
	*alloc = need < 64 ? 64 : 2 * need;
	return ereallocarray(p, *alloc, size);
}

/* Spaces, tabs, CRs and no-break spaces at either end do not count. */
static void trim(const char *t, size_t off, size_t len, size_t *toff, size_t *tlen)
{
	static const unsigned char space[256] = {
		[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\f'] = 1, ['\v'] = 1,
	};
	const unsigned char *p = (const unsigned char *)t + off, *e = p + len;

	for (;;) {
		if (p < e && space[*p])
			p++;
		else if (e - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
			p += 2;
		else
			break;
	}
	for (;;) {
		if (e > p && space[e[-1]])
			e--;
		else if (e - p >= 2 && e[-2] == 0xC2 && e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*toff = (size_t)(p - (const unsigned char *)t);
	*tlen = (size_t)(e - p);
}

/*
 * A list item starts with a bullet ("* ", "+ ", "- ", "• ") or a number
 * ("1. ", "2) "): the marker's length with its spaces, or 0.
 */
static size_t item_mark(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '*' || s[0] == '+' || s[0] == '-') && s[1] == ' ')
		i = 2;
	else if (n >= 4 && !memcmp(s, "\xe2\x80\xa2 ", 4))
		i = 4;
	else {
		while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (!i || i + 1 >= n || (s[i] != '.' && s[i] != ')') || s[i + 1] != ' ')
			return 0;
		i += 2;
	}
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static void split_lines(struct clean_scratch *s, const char *t, size_t len)
{
	size_t off = 0;
	const char *nl;
	struct line *l;

	s->nlines = 0;
	while (off < len) {
		nl = memchr(t + off, '\n', len - off);
		s->lines = grow_array(s->lines, &s->alines, s->nlines + 1, sizeof(*s->lines));
		l = &s->lines[s->nlines++];
		*l = (struct line){ .off = off, .len = nl ? (size_t)(nl - (t + off)) : len - off,
				    .rule = -1 };
		trim(t, l->off, l->len, &l->toff, &l->tlen);
		l->blank = l->tlen == 0;
		l->mark = item_mark(t + l->toff, l->tlen);
		l->item = l->mark > 0;
		off += l->len + 1;
	}
}

/*
 * The width a hard-wrapped text was wrapped at, or 0 when it is not
 * hard-wrapped: the 95th percentile of its line lengths, found by counting
 * (a width over MAX_WRAP_WIDTH means not wrapped, whatever it is).
 */
static size_t wrap_width(struct clean_scratch *s, const char *t)
{
	size_t count[MAX_WRAP_WIDTH + 1] = { 0 };
	size_t i, n = 0, k, below = 0;
	struct line *l;

	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		if (l->blank)
			continue;
		/* In characters, not bytes: lines in other scripts than Latin wrap at the same width. */
		l->cols = layout_columns(t + l->off, l->toff - l->off + l->tlen, 0);
		if (l->cols <= MAX_WRAP_WIDTH)
			count[l->cols]++;
		n++;
	}
	if (n < 5)
		return 0;
	/* The length at index k of the lengths sorted. */
	k = n * 95 / 100;
	for (i = 0; i <= MAX_WRAP_WIDTH; i++) {
		below += count[i];
		if (below > k)
			return i;
	}
	return 0;
}

/* Groups lines into units: blank lines, list items and unwrapped lines separate them. */
static void segment(struct clean_scratch *s, const char *t)
{
	size_t i, block = 0, width = wrap_width(s, t);
	struct unit *u = NULL;
	const struct line *l, *prev = NULL;

	s->nunits = 0;
	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		if (l->blank) {
			if (prev)
				block++;
			prev = NULL;
			u = NULL;
			continue;
		}
		if (!u || l->split || prev->split || l->item || !width ||
		    prev->cols + 1 + layout_columns(t + l->toff, l->tlen, 1) <= width * 85 / 100) {
			s->units = grow_array(s->units, &s->aunits, s->nunits + 1, sizeof(*s->units));
			u = &s->units[s->nunits++];
			/* the detail is a string: its first byte is enough */
			memset(u, 0, offsetof(struct unit, detail) + 1);
			u->first = i;
			u->block = block;
			u->rest = -1;
		}
		u->last = i;
		prev = l;
	}
}

/* Room in s->words and s->masks for n more words. */
static void words_room(struct clean_scratch *s, size_t n)
{
	if (s->nwords + n <= s->awords)
		return;
	s->words = grow_array(s->words, &s->awords, s->nwords + n, sizeof(*s->words));
	s->masks = ereallocarray(s->masks, s->awords, sizeof(*s->masks));
}

static inline uint64_t fold_hashes(const uint64_t *w, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= w[i];
		h *= 1099511628211ULL;
		h ^= h >> 31;
	}
	return h;
}

/*
 * Features (stop words aside) and word hashes of every unit; with wide,
 * the words' masks of wide lists too, for detect_lang() and count_stops().
 */
static void measure(struct clean_scratch *s, const char *t, int wide)
{
	size_t i, k;
	struct unit *u;
	const struct line *l;

	s->nwords = 0;
	for (k = 0; k < s->nunits; k++) {
		u = &s->units[k];
		u->w0 = s->nwords;
		for (i = u->first; i <= u->last; i++) {
			l = &s->lines[i];
			words_room(s, PROSE_WORDS_MAX(l->tlen));
			s->nwords += prose_words(&u->f, t + l->toff, l->tlen, wide,
						 s->words + s->nwords, s->masks + s->nwords);
		}
		u->nw = s->nwords - u->w0;
		/* s->words is NULL while no document had a word. */
		u->hash = fold_hashes(u->nw ? s->words + u->w0 : NULL, u->nw);
	}
}

/*
 * Each unit's stop words, its words on the wide list of index bit (none
 * when bit < 0; measure() with wide), and the shape that depends on them.
 */
static void count_stops(struct clean_scratch *s, const char *t, int bit)
{
	size_t k, i;
	struct unit *u;
	const struct line *l;

	for (k = 0; k < s->nunits; k++) {
		u = &s->units[k];
		u->f.stops = 0;
		for (i = 0; bit >= 0 && i < u->nw; i++)
			u->f.stops += s->masks[u->w0 + i] >> bit & 1;
		l = &s->lines[u->last];
		prose_finish(&u->f, t + l->toff, l->tlen);
	}
}

/* The unit's lines, trimmed, joined by single spaces, in s->joined. */
static void join_unit(struct clean_scratch *s, const struct unit *u, const char *t)
{
	size_t i;

	buf_grow(&s->joined, 1);
	buf_reset(&s->joined);
	for (i = u->first; i <= u->last; i++) {
		const struct line *l = &s->lines[i];
		size_t mark = i == u->first ? l->mark : 0;

		if (i > u->first)
			buf_addc(&s->joined, ' ');
		buf_add(&s->joined, t + l->toff + mark, l->tlen - mark);
		rules_piece(s->md, i == u->first, t + l->toff + mark, l->tlen - mark);
	}
}

struct hash_acc {
	uint64_t w[64];
	size_t n;
};

static void acc_word(void *ctx, uint64_t h)
{
	struct hash_acc *a = ctx;

	if (a->n < 64)
		a->w[a->n] = h;
	a->n++;
}

/* A line's hash, as a one-line unit would get it, when it has enough words. */
static int line_hash(const char *t, const struct line *l, uint64_t *h)
{
	struct prose_feat f = { 0 };
	struct hash_acc a;

	a.n = 0;
	prose_feed(&f, t + l->toff, l->tlen, acc_word, &a);
	if (a.n < CORPUS_LINE_WORDS || a.n > 64)
		return 0;
	*h = fold_hashes(a.w, a.n);
	return 1;
}

/* Line rules, and lines common across the corpus, stand alone as blocks. */
static void mark_lines(const struct clean_opts *o, struct clean_scratch *s, const char *t,
		       const char *group)
{
	size_t i;
	uint64_t h;
	struct line *l;

	for (i = 0; i < s->nlines; i++) {
		l = &s->lines[i];
		if (l->blank)
			continue;
		/* Rules see a list item's text without its marker. */
		l->rule = rules_match(o->rules, RULE_LINE, s->md, t + l->toff + l->mark,
				      l->tlen - l->mark);
		/*
		 * A line that goes on with the sentence of a wrapped line above is
		 * not one to drop alone (script residue aside, which is never prose).
		 */
		if (l->rule >= 0 && i > 0 && !l->item && strcmp(o->rules->v[l->rule].family, "script") &&
		    ((t[l->toff] >= 'a' && t[l->toff] <= 'z') || (t[l->toff] >= '0' && t[l->toff] <= '9')) &&
		    layout_wrapped(t + s->lines[i - 1].toff, s->lines[i - 1].tlen))
			l->rule = -1;
		if (o->corpus && !o->only_rules && l->rule < 0 && line_hash(t, l, &h))
			l->corpus = corpus_common(o->corpus, group, h);
		l->split = l->rule >= 0 || l->corpus > 0;
	}
}

static void drop(struct unit *u, enum mech m)
{
	u->mech = m;
	u->dropped = 1;
}

static void rule_name(const struct rules *r, long id, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", r->v[id].family, r->v[id].name);
}

/* Rules, spam and corpus: the mechanisms that look at one unit alone. */
static void judge_alone(const struct clean_opts *o, struct clean_scratch *s, const char *t,
			const char *group, struct unit *u)
{
	const struct line *l = &s->lines[u->first];
	size_t covered;
	long id;
	int score;
	unsigned docs;

	if (u->first == u->last && l->rule >= 0) {
		drop(u, M_RULE);
		if (s->explain)
			rule_name(o->rules, l->rule, u->detail, sizeof(u->detail));
		return;
	}
	if (u->first == u->last && l->corpus) {
		drop(u, M_CORPUS);
		if (s->explain)
			snprintf(u->detail, sizeof(u->detail), "line in %u docs", l->corpus);
		return;
	}
	join_unit(s, u, t);
	if ((id = rules_match(o->rules, RULE_BLOCK, s->md, s->joined.data, s->joined.len)) >= 0) {
		drop(u, M_RULE);
		if (s->explain)
			rule_name(o->rules, id, u->detail, sizeof(u->detail));
		return;
	}
	u->rest = rules_match(o->rules, RULE_REST, s->md, s->joined.data, s->joined.len);
	if (u->rest < 0)
		u->rest = rules_match(o->rules, RULE_SECTION, s->md, s->joined.data, s->joined.len);
	if (o->only_rules)
		return;
	/* Spam comes in short blocks or link lists; long prose is not searched for terms. */
	score = u->f.words > SPAM_MAX_SCAN ? 0 :
		rules_score(o->rules, s->md, s->joined.data, s->joined.len, &id, &covered);
	if (score >= SPAM_SCORE && (u->f.words <= SPAM_MAX_WORDS || covered * 4 >= u->f.words)) {
		drop(u, M_SPAM);
		if (!s->explain)
			return;
		snprintf(u->detail, sizeof(u->detail), "score=%d ", score);
		rule_name(o->rules, id, u->detail + strlen(u->detail),
			  sizeof(u->detail) - strlen(u->detail));
		return;
	}
	if (o->corpus && u->nw && (docs = corpus_common(o->corpus, group, u->hash))) {
		drop(u, M_CORPUS);
		if (s->explain)
			snprintf(u->detail, sizeof(u->detail), "block in %u docs", docs);
	}
}

static int class_rank(enum prose_class c)
{
	return c == PROSE_GOOD ? 3 : c == PROSE_NEARGOOD ? 2 : c == PROSE_SHORT ? 1 : 0;
}

/*
 * A lookup's view of the tables, kept in a local: through s, every store
 * to an entry or a key could change s's fields (the same types), and the
 * compiler loaded them again for each shingle.
 */
struct sh_probe {
	struct sh_key *tab;
	struct shingle *sh;
	size_t mask, nsh;
	uint32_t gen;
};

/*
 * An empty table of at least twice need keys: a new generation, so that
 * the keys of the last document read as empty without clearing them.
 */
static struct sh_probe sh_clear(struct clean_scratch *s, size_t need)
{
	struct sh_probe p;
	size_t n = 64;

	while (n < 2 * need)
		n *= 2;
	if (n > s->atab) {
		free(s->tab);
		s->tab = ecalloc(n, sizeof(*s->tab));
		s->atab = n;
	}
	s->sh = grow_array(s->sh, &s->ash, need, sizeof(*s->sh));
	if (!++s->gen) {
		memset(s->tab, 0, s->atab * sizeof(*s->tab));
		s->gen = 1;
	}
	p.tab = s->tab, p.sh = s->sh, p.mask = n - 1, p.nsh = 0, p.gen = s->gen;
	return p;
}

static inline size_t sh_home(const struct sh_probe *p, uint64_t key)
{
	return (size_t)(key ^ (key >> 32)) & p->mask;
}

/* The entry of key, a new one (with no ids) when key was not in the table. */
__attribute__((always_inline)) static inline struct shingle *sh_find(struct sh_probe *p, uint64_t key)
{
	size_t i = sh_home(p, key);
	struct sh_key *t = p->tab;

	while (t[i].gen == p->gen && t[i].key != key)
		i = (i + 1) & p->mask;
	if (t[i].gen != p->gen) {
		t[i].gen = p->gen;
		t[i].key = key;
		t[i].at = (uint32_t)p->nsh;
		p->sh[p->nsh++].n = 0;
	}
	return &p->sh[t[i].at];
}

/*
 * Exact repeats: of equal blocks, the best placed one stays (the better
 * class, then the first); a table by hash holds each group's best.
 */
static void exact_repeats(struct clean_scratch *s)
{
	size_t i, n = 0;
	struct shingle *e;
	struct sh_probe p;

	for (i = 0; i < s->nunits; i++)
		n += !s->units[i].dropped && s->units[i].nw;
	if (n < 2)
		return;
	p = sh_clear(s, n);
	for (i = 0; i < s->nunits; i++) {
		const struct unit *u = &s->units[i];

		if (u->dropped || !u->nw)
			continue;
		e = sh_find(&p, u->hash);
		if (!e->n || class_rank(u->cf) > class_rank(s->units[e->ids[0]].cf))
			e->ids[0] = (uint32_t)i, e->n = 1;
	}
	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];

		if (u->dropped || !u->nw || (e = sh_find(&p, u->hash))->ids[0] == i)
			continue;
		drop(u, M_REPEAT);
		if (s->explain)
			snprintf(u->detail, sizeof(u->detail), "same as line %zu",
				 s->units[e->ids[0]].first + 1);
	}
}

/* fold_hashes(w, 4), inlined and unrolled: hashing every 4 words of a document is most of what repeats cost. */
static uint64_t shingle_key(const uint64_t *w)
{
	return fold_hashes(w, 4);
}

/*
 * Pull quotes: a block whose 4-word shingles mostly sit in one longer block
 * goes. Only a block shorter than the longest can go: with none, nothing
 * is hashed.
 */
static void contained_repeats(struct clean_scratch *s)
{
	size_t i, j, k, n, total = 0, maxnw = 0;
	int any = 0;
	struct shingle *e;
	struct sh_probe p;

	for (i = 0; i < s->nunits; i++)
		if (!s->units[i].dropped && s->units[i].nw >= 4) {
			total += s->units[i].nw - 3;
			if (s->units[i].nw > maxnw)
				maxnw = s->units[i].nw;
		}
	for (i = 0; i < s->nunits && !any; i++)
		any = !s->units[i].dropped && s->units[i].nw >= REPEAT_MIN_WORDS &&
		      s->units[i].nw < maxnw;
	if (!any)
		return;
	p = sh_clear(s, total);
	s->slot = grow_array(s->slot, &s->aslot, s->nwords + 1, sizeof(*s->slot));
	s->keys = grow_array(s->keys, &s->akeys, total + SH_AHEAD, sizeof(*s->keys));
	/* The keys first, so that each lookup's table line can be fetched well ahead. */
	for (i = 0, n = 0; i < s->nunits; i++) {
		const struct unit *u = &s->units[i];

		if (u->dropped || u->nw < 4)
			continue;
		for (j = 0; j + 4 <= u->nw; j++)
			s->keys[n++] = shingle_key(s->words + u->w0 + j);
	}
	for (k = 0; k < SH_AHEAD; k++)
		s->keys[n + k] = s->keys[0];
	for (i = 0, n = 0; i < s->nunits; i++) {
		const struct unit *u = &s->units[i];

		if (u->dropped || u->nw < 4)
			continue;
		for (j = 0; j + 4 <= u->nw; j++, n++) {
			__builtin_prefetch(&p.tab[sh_home(&p, s->keys[n + SH_AHEAD])]);
			e = sh_find(&p, s->keys[n]);
			s->slot[u->w0 + j] = (uint32_t)(e - p.sh);
			if (e->n < 4 && (!e->n || e->ids[e->n - 1] != i))
				e->ids[e->n++] = (uint32_t)i;
		}
	}
	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];
		uint32_t cand[8], count[8];
		size_t nc = 0, best = 0, nsh;

		if (u->dropped || u->nw < REPEAT_MIN_WORDS || u->nw >= maxnw)
			continue;
		nsh = u->nw - 3;
		for (j = 0; j < nsh; j++) {
			e = &s->sh[s->slot[u->w0 + j]];
			/* one id is the block's own: it put itself in when there were fewer than four */
			for (k = 0; e->n > 1 && k < e->n; k++) {
				uint32_t v = e->ids[k];
				size_t c;

				if (v == i || s->units[v].nw <= u->nw || s->units[v].dropped)
					continue;
				for (c = 0; c < nc && cand[c] != v; c++)
					;
				if (c == nc) {
					if (nc == 8)
						continue;
					cand[nc] = v, count[nc++] = 0;
				}
				count[c]++;
			}
		}
		for (k = 1; k < nc; k++)
			if (count[k] > count[best])
				best = k;
		if (nc && count[best] * 2 >= nsh) {
			const struct unit *v = &s->units[cand[best]];

			drop(u, M_REPEAT);
			if (s->explain)
				snprintf(u->detail, sizeof(u->detail),
					 "inside lines %zu-%zu (%u of %zu shingles)", v->first + 1,
					 v->last + 1, count[best], nsh);
		}
	}
}

/*
 * A block that says the same words twice in a row is a link and its title
 * flattened together (a teaser's card, a gallery's thumbnail): a repeat.
 */
static void doubled_titles(struct clean_scratch *s)
{
	size_t i, h;

	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];

		h = u->nw / 2;
		if (u->dropped || u->nw < DOUBLED_MIN_WORDS || u->nw % 2 ||
		    memcmp(s->words + u->w0, s->words + u->w0 + h, h * sizeof(*s->words)))
			continue;
		drop(u, M_REPEAT);
		if (s->explain)
			snprintf(u->detail, sizeof(u->detail), "doubled: its %zu words twice", h);
	}
}

static void judge_prose(struct clean_scratch *s, int have_stops)
{
	size_t i;
	char why[96];
	struct unit *u;

	s->cls = grow_array(s->cls, &s->acls, s->nunits + 1, sizeof(*s->cls));
	for (i = 0; i < s->nunits; i++) {
		u = &s->units[i];
		if (u->mech == M_REPEAT)
			s->cls[i] = PROSE_SKIP;
		else
			s->cls[i] = u->dropped ? PROSE_BAD : u->cf;
	}
	/* The features were measured in measure(); smoothing needs them in an array. */
	{
		struct prose_feat *f = emalloc((s->nunits + 1) * sizeof(*f));
		unsigned char *item = emalloc(s->nunits + 1);

		for (i = 0; i < s->nunits; i++) {
			f[i] = s->units[i].f;
			item[i] = s->lines[s->units[i].first].item && s->cls[i] != PROSE_BAD;
		}
		prose_lists(s->cls, f, item, s->nunits, have_stops);
		prose_smooth(s->cls, f, s->nunits);
		free(item);
		free(f);
	}
	for (i = 0; i < s->nunits; i++) {
		u = &s->units[i];
		if (u->dropped)
			continue;
		u->keep = s->cls[i] == PROSE_GOOD;
		if (!s->explain)
			continue;	/* the detail is only ever read by --explain */
		prose_classify(&u->f, have_stops, why, sizeof(why));
		snprintf(u->detail, sizeof(u->detail), "%s>%s %s", class_names[u->cf],
			 class_names[s->cls[i]], why);
	}
}

/*
 * True when the block after j is prose too: an article goes on in
 * paragraphs, where the teasers after a "related stories" heading
 * alternate a summary with a title or a date.
 */
static int prose_follows(const struct clean_scratch *s, size_t j)
{
	while (++j < s->nunits && s->units[j].mech == M_REPEAT)
		;
	return j < s->nunits && !s->units[j].dropped &&
	       (s->units[j].cf == PROSE_GOOD || s->units[j].cf == PROSE_NEARGOOD);
}

/*
 * A rest rule drops its block and all after it, a section rule those up to
 * the next long prose block that more prose follows; either only once enough prose was kept before.
 */
static void apply_rest(const struct clean_opts *o, struct clean_scratch *s)
{
	size_t i, j, kept = 0;
	int seen = 0;

	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];
		const struct rule *ru;
		char name[96];

		/* News sites write short paragraphs: what was kept counts together. */
		if (u->keep)
			kept += u->f.chars;
		if (kept >= REST_AFTER_CHARS)
			seen = 1;
		if (u->rest < 0 || u->dropped || !seen)
			continue;
		ru = &o->rules->v[u->rest];
		if (s->explain)
			rule_name(o->rules, u->rest, name, sizeof(name));
		for (j = i; j < s->nunits; j++) {
			struct unit *v = &s->units[j];

			if (j > i && ru->action == RULE_SECTION && v->cf == PROSE_GOOD && !v->dropped &&
			    prose_follows(s, j))
				break;
			if (v->dropped)
				continue;
			drop(v, M_RULE);
			v->keep = 0;
			if (!s->explain)
				continue;
			if (j == i)
				snprintf(v->detail, sizeof(v->detail), "%s", name);
			else
				snprintf(v->detail, sizeof(v->detail), "after %s (line %zu)", name,
					 u->first + 1);
		}
		if (ru->action == RULE_REST)
			return;
		i = j - 1;
	}
}

/* The page as a whole: menus, and the article's stretch of blocks (layout.h). */
static void apply_layout(const struct clean_opts *o, struct clean_scratch *s, const char *t)
{
	struct layout_unit *l = ecalloc(s->nunits + 1, sizeof(*l));
	size_t i, first, last;

	for (i = 0; i < s->nunits; i++) {
		const struct unit *u = &s->units[i];

		const struct line *b = &s->lines[u->first], *e = &s->lines[u->last];

		l[i].chars = u->f.chars, l[i].words = u->f.words, l[i].stops = u->f.stops;
		l[i].caps = u->f.caps;
		l[i].rest = u->rest >= 0 && u->mech != M_REPEAT &&
			    o->rules->v[u->rest].action == RULE_REST;
		l[i].colon = e->tlen && t[e->toff + e->tlen - 1] == ':';
		l[i].period = e->tlen && t[e->toff + e->tlen - 1] == '.';
		l[i].cf = (unsigned char)u->cf;
		l[i].item = s->lines[u->first].item;
		l[i].bullet = l[i].item && !(t[b->toff] >= '0' && t[b->toff] <= '9');
		l[i].bracket = b->tlen > b->mark && t[b->toff + b->mark] == '[';
		l[i].sentence_end = u->f.sentence_end != 0;
		l[i].heading = u->f.heading != 0;
		l[i].newblock = i && u->block != s->units[i - 1].block;
		l[i].state = u->keep ? LAYOUT_KEPT : u->mech == M_REPEAT || !u->nw ? LAYOUT_SKIP :
			     u->mech == M_PROSE ? LAYOUT_PROSE_DROP : LAYOUT_FIXED_DROP;
	}
	layout_judge(l, s->nunits, o->layout_off, &first, &last);
	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];

		if (l[i].verdict == LAYOUT_NONE)
			continue;
		u->mech = M_LAYOUT;
		u->keep = l[i].verdict == LAYOUT_KEEP_INSIDE;
		if (!s->explain)
			continue;
		if (first < s->nunits)
			snprintf(u->detail, sizeof(u->detail), "%s article=%zu-%zu",
				 layout_name(l[i].verdict), s->units[first].first + 1,
				 s->units[last].last + 1);
		else
			snprintf(u->detail, sizeof(u->detail), "%s", layout_name(l[i].verdict));
	}
	free(l);
}

static void write_out(const struct clean_opts *o, struct clean_scratch *s, const char *id,
		      const char *t, struct clean_result *r)
{
	size_t k, first, last;
	const struct unit *u, *prev = NULL;

	for (k = 0; k < s->nunits; k++) {
		u = &s->units[k];
		r->words_in += u->f.words;
		if (o->explain) {
			first = k ? u->first : 0;
			last = k + 1 < s->nunits ? s->units[k + 1].first - 1 : s->nlines - 1;
			explain_row(&r->explain, id, first + 1, last + 1, u->keep ? "keep" : "drop",
				    mech_names[u->mech], u->detail);
		}
		if (!u->keep)
			continue;
		r->words_out += u->f.words;
		if (prev && prev->block != u->block)
			buf_addc(&r->text, '\n');
		/* its lines are the text's bytes from the first to the end of the last, newlines and all */
		buf_add(&r->text, t + s->lines[u->first].off,
			s->lines[u->last].off + s->lines[u->last].len - s->lines[u->first].off);
		buf_addc(&r->text, '\n');
		prev = u;
	}
	if (o->explain && !s->nunits && s->nlines)
		explain_row(&r->explain, id, 1, s->nlines, "drop", "blank", "-");
}

/* True when some block has the stop word density of prose. */
static int some_prose(const struct clean_scratch *s)
{
	size_t i;

	for (i = 0; i < s->nunits; i++)
		if (prose_classify(&s->units[i].f, 1, NULL, 0) >= PROSE_NEARGOOD)
			return 1;
	return 0;
}

/*
 * The document's language, guessed from its longer blocks: menus and
 * footers are often in another language than the article (or in none).
 * The words' masks come from measure() with wide.
 */
static const char *detect_lang(struct clean_scratch *s, const char *t, size_t len)
{
	struct stop_votes v;
	size_t k, i, joined = 0;

	memset(&v, 0, sizeof(v));
	for (k = 0; k < s->nunits && joined < 6000; k++) {
		const struct unit *u = &s->units[k];
		size_t bytes = 0;

		const struct line *l = &s->lines[u->last];
		unsigned char end = l->tlen ? (unsigned char)t[l->toff + l->tlen - 1] : 0;

		for (i = u->first; i <= u->last; i++)
			bytes += s->lines[i].tlen;
		/* Prose: long enough, and ending as sentences do (or in another script). */
		if (bytes < 70 || !(end >= 0x80 || strchr(".!?\"')", end)))
			continue;
		/* Its lines as stop_detect() would read them joined, one a line. */
		joined += bytes + (u->last - u->first + 1);
		stop_vote_many(&v, s->masks + u->w0, u->nw);
	}
	return joined ? stop_decide(&v) : stop_detect(t, len);
}

void clean_doc(const struct clean_opts *o, struct clean_scratch *s, const char *id,
	       const char *group, const char *text, size_t len, struct clean_result *r)
{
	const char *lang;
	const struct stoplist *stops = NULL;
	size_t i;

	s->explain = o->explain;
	split_lines(s, text, len);
	rules_doc(o->rules, s->md, text, len);
	mark_lines(o, s, text, group);
	segment(s, text);
	measure(s, text, !o->only_rules);
	if (!o->only_rules) {
		lang = o->lang ? o->lang : detect_lang(s, text, len);
		stops = lang ? stop_wide(lang) : NULL;
	}
	count_stops(s, text, stops ? stop_wide_index(lang) : -1);
	/* A language guessed wrong leaves no block near good: judge by sentences instead. */
	if (stops && !some_prose(s)) {
		stops = NULL;
		count_stops(s, text, -1);
	}
	for (i = 0; i < s->nunits; i++) {
		struct unit *u = &s->units[i];

		judge_alone(o, s, text, group, u);
		if (o->only_rules && !u->dropped) {
			u->keep = 1;
			u->mech = M_RULE;
			if (s->explain)
				snprintf(u->detail, sizeof(u->detail), "no rule");
		} else if (!u->dropped) {
			u->cf = prose_classify(&u->f, stops != NULL, NULL, 0);	/* judge_prose() explains */
		}
	}
	if (!o->only_rules) {
		exact_repeats(s);
		contained_repeats(s);
		doubled_titles(s);
		judge_prose(s, stops != NULL);
	}
	apply_rest(o, s);
	if (!o->only_rules && (o->layout_off & LAYOUT_ALL) != LAYOUT_ALL)
		apply_layout(o, s, text);
	write_out(o, s, id, text, r);
	rules_doc(o->rules, s->md, NULL, 0);
}

void clean_corpus_add(const struct clean_opts *o, struct clean_scratch *s, struct corpus *c,
		      const char *group, const char *text, size_t len)
{
	size_t i;
	uint64_t h;
	struct clean_opts first = *o;

	first.corpus = NULL;
	split_lines(s, text, len);
	mark_lines(&first, s, text, group);
	segment(s, text);
	measure(s, text, 0);
	corpus_begin_doc(c, group);
	for (i = 0; i < s->nunits; i++)
		if (s->units[i].nw)
			corpus_add(c, s->units[i].hash);
	for (i = 0; i < s->nlines; i++)
		if (!s->lines[i].blank && line_hash(text, &s->lines[i], &h))
			corpus_add(c, h);
}
