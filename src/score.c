/* score.c: shingle precision, recall and F1 of extracted text against gold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "htab.h"
#include "score.h"
#include "unicode.h"
#include "utf8.h"

/* Python's \w: what a token is made of (see score.h for the one known difference). */
static int is_word_cp(int32_t cp)
{
	return cp == '_' || uni_is_alnum(cp);
}

/*
 * Calls fn(ctx, s, len) for each \w+ token of text in order. Invalid UTF-8
 * bytes decode as U+FFFD, which ends a token, as in a Python reading with
 * errors="replace".
 */
static void each_token(const char *text, size_t len,
		       void (*fn)(void *ctx, const char *s, size_t n), void *ctx)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len, *start = NULL;
	int32_t cp;
	size_t n;

	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (is_word_cp(cp)) {
			if (!start)
				start = p;
		} else if (start) {
			fn(ctx, (const char *)start, (size_t)(p - start));
			start = NULL;
		}
		p += n;
	}
	if (start)
		fn(ctx, (const char *)start, (size_t)(p - start));
}

/* A text's tokens as ids of a vocabulary shared by both sides of a pair. */
struct ids {
	struct htab *vocab;
	uint32_t *v;
	size_t n, alloc;
};

static void add_id(void *ctx, const char *s, size_t n)
{
	struct ids *ids = ctx;

	if (ids->n == ids->alloc) {
		ids->alloc = ids->alloc ? 2 * ids->alloc : 256;
		ids->v = ereallocarray(ids->v, ids->alloc, sizeof(*ids->v));
	}
	ids->v[ids->n++] = (uint32_t)htab_intern(ids->vocab, s, n, NULL);
}

/* Counts text's shingles into cnt[side] (indexed by shingle id); returns how many. */
static size_t count_shingles(struct htab *vocab, struct htab *sh, const char *text, size_t len,
			     size_t **cnt, size_t *ncnt, int side)
{
	struct ids ids = { vocab, NULL, 0, 0 };
	size_t i, id, total = 0;

	each_token(text, len, add_id, &ids);
	for (i = 0; i + SCORE_N <= ids.n; i++) {
		id = htab_intern(sh, (const char *)(ids.v + i), SCORE_N * sizeof(*ids.v), NULL);
		if (id >= *ncnt) {
			size_t old = *ncnt;

			*ncnt = 2 * id + 64;
			cnt[0] = ereallocarray(cnt[0], *ncnt, sizeof(size_t));
			cnt[1] = ereallocarray(cnt[1], *ncnt, sizeof(size_t));
			memset(cnt[0] + old, 0, (*ncnt - old) * sizeof(size_t));
			memset(cnt[1] + old, 0, (*ncnt - old) * sizeof(size_t));
		}
		cnt[side][id]++;
		total++;
	}
	free(ids.v);
	return total;
}

void score_pair(const char *gold, size_t glen, const char *pred, size_t plen,
		struct score_doc *d)
{
	struct htab vocab, sh;
	size_t *cnt[2] = { NULL, NULL }, ncnt = 0, i;

	htab_init(&vocab);
	htab_init(&sh);
	d->gold = count_shingles(&vocab, &sh, gold, glen, cnt, &ncnt, 0);
	d->pred = count_shingles(&vocab, &sh, pred, plen, cnt, &ncnt, 1);
	d->tp = 0;
	for (i = 0; i < htab_count(&sh); i++)
		d->tp += cnt[0][i] < cnt[1][i] ? cnt[0][i] : cnt[1][i];
	free(cnt[0]);
	free(cnt[1]);
	htab_release(&vocab);
	htab_release(&sh);
}

void score_doc_prf(const struct score_doc *d, double *p, double *r, double *f1)
{
	if (!d->gold && !d->pred) {
		*p = *r = *f1 = 1.0;
		return;
	}
	*p = d->pred ? (double)d->tp / (double)d->pred : 0.0;
	*r = d->gold ? (double)d->tp / (double)d->gold : 0.0;
	*f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}

void score_sum_add(struct score_sum *s, const struct score_doc *d)
{
	double tp = (double)d->tp, fp = (double)(d->pred - d->tp), fn = (double)(d->gold - d->tp);
	double total = tp + fp + fn;

	if (total == 0)
		return;
	/* normalised as the README says; the ratios below do not change, the rounding might */
	tp /= total;
	fp /= total;
	fn /= total;
	if (tp + fp > 0) {
		s->psum += tp / (tp + fp);
		s->np++;
	}
	if (tp + fn > 0) {
		s->rsum += tp / (tp + fn);
		s->nr++;
	}
}

void score_sum_result(const struct score_sum *s, double *f1, double *p, double *r,
		      size_t *docs)
{
	*p = s->np ? s->psum / (double)s->np : 0.0;
	*r = s->nr ? s->rsum / (double)s->nr : 0.0;
	*f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
	*docs = s->np > s->nr ? s->np : s->nr;
}

/* One paragraph: its bytes, and its token sequence as the key to compare by. */
struct para {
	const char *s;
	size_t len;
	struct buf key;
};

struct paras {
	struct para *v;
	size_t n, alloc;
};

static void add_key_token(void *ctx, const char *s, size_t n)
{
	struct buf *key = ctx;

	buf_add(key, s, n);
	buf_addc(key, ' ');
}

static void add_para(struct paras *ps, const char *s, size_t len)
{
	struct para *pa;

	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 32;
		ps->v = ereallocarray(ps->v, ps->alloc, sizeof(*ps->v));
	}
	pa = &ps->v[ps->n];
	pa->s = s;
	pa->len = len;
	buf_init(&pa->key);
	each_token(s, len, add_key_token, &pa->key);
	if (!pa->key.len)
		buf_release(&pa->key);
	else
		ps->n++;
}

/* True when the line at p (up to end) holds only white space. */
static int blank_line(const char *p, const char *end)
{
	for (; p < end && *p != '\n'; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f')
			return 0;
	return 1;
}

/* Splits text at blank lines; paragraphs without tokens are left out. */
static void split_paras(const char *text, size_t len, struct paras *ps)
{
	const char *p = text, *end = text + len, *start = NULL, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (blank_line(p, nl)) {
			if (start)
				add_para(ps, start, (size_t)(p - start));
			start = NULL;
		} else if (!start) {
			start = p;
		}
	}
	if (start)
		add_para(ps, start, (size_t)(end - start));
}

/* Writes the paragraphs of a that b lacks (multiset difference), each prefixed by mark. */
static void write_missing(const struct paras *a, const struct paras *b, const char *mark,
			  struct buf *out)
{
	struct htab keys;
	size_t *left, i, j, id;
	int space;

	htab_init(&keys);
	for (i = 0; i < b->n; i++)
		htab_intern(&keys, b->v[i].key.data, b->v[i].key.len, NULL);
	left = ecalloc(htab_count(&keys) + 1, sizeof(*left));
	for (i = 0; i < b->n; i++)
		left[htab_find(&keys, b->v[i].key.data, b->v[i].key.len)]++;
	for (i = 0; i < a->n; i++) {
		long found = htab_find(&keys, a->v[i].key.data, a->v[i].key.len);

		if (found >= 0 && left[id = (size_t)found]) {
			left[id]--;
			continue;
		}
		buf_adds(out, mark);
		space = 0;
		for (j = 0; j < a->v[i].len; j++) {
			char c = a->v[i].s[j];

			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
				space = 1;
				continue;
			}
			if (space)
				buf_addc(out, ' ');
			space = 0;
			buf_addc(out, c);
		}
		buf_addc(out, '\n');
	}
	free(left);
	htab_release(&keys);
}

static void release_paras(struct paras *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		buf_release(&ps->v[i].key);
	free(ps->v);
}

void score_diff(const char *gold, size_t glen, const char *pred, size_t plen,
		struct buf *out)
{
	struct paras g = { 0 }, p = { 0 };

	split_paras(gold, glen, &g);
	split_paras(pred, plen, &p);
	write_missing(&g, &p, "- ", out);
	write_missing(&p, &g, "+ ", out);
	release_paras(&g);
	release_paras(&p);
}
