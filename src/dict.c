/* dict.c: concept dictionaries (native and LIWC) and a token trie to match them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "embed.h"
#include "err.h"
#include "tok.h"

/* A pattern as loaded: its concept and its tokens, NUL-separated in toks. */
struct dict_pattern {
	size_t concept;
	char *toks;
	size_t ntoks;
	unsigned char *prefix;	/* per token: 1 when it ended in '*' */
};

/* ---- an integer map for trie edges: (node, label) -> node ---- */

#define NONE UINT32_MAX

struct emap {
	uint64_t *keys;
	uint32_t *vals;
	size_t mask, n;
};

static size_t emap_slot(uint64_t key, size_t mask)
{
	key *= 0x9E3779B97F4A7C15ull;
	return (size_t)(key ^ (key >> 29)) & mask;
}

static void emap_put(struct emap *m, uint64_t key, uint32_t val);

static void emap_grow(struct emap *m)
{
	struct emap old = *m;
	size_t i, size = old.keys ? (old.mask + 1) * 2 : 64;

	m->keys = ecalloc(size, sizeof(*m->keys));
	m->vals = emalloc(size * sizeof(*m->vals));
	memset(m->vals, 0xFF, size * sizeof(*m->vals));
	m->mask = size - 1;
	m->n = 0;
	for (i = 0; old.keys && i <= old.mask; i++)
		if (old.vals[i] != NONE)
			emap_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

static void emap_put(struct emap *m, uint64_t key, uint32_t val)
{
	size_t j;

	if (!m->keys || (m->n + 1) * 2 > m->mask + 1)
		emap_grow(m);
	for (j = emap_slot(key, m->mask); m->vals[j] != NONE; j = (j + 1) & m->mask)
		if (m->keys[j] == key) {
			m->vals[j] = val;
			return;
		}
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
}

static uint32_t emap_get(const struct emap *m, uint64_t key)
{
	size_t j;

	if (!m->n)
		return NONE;
	for (j = emap_slot(key, m->mask); m->vals[j] != NONE; j = (j + 1) & m->mask)
		if (m->keys[j] == key)
			return m->vals[j];
	return NONE;
}

static void emap_release(struct emap *m)
{
	free(m->keys);
	free(m->vals);
}

/*
 * The compiled matcher. Token edges are labelled with the id of an exact
 * token (vocab) or, with PREFIX_BIT set, of a prefix; the prefixes form a
 * byte trie of their own, so one walk over a token's bytes finds every
 * prefix it begins with, however many patterns there are.
 */
#define PREFIX_BIT 0x80000000u

/*
 * The edges as the matcher reads them: a node's concepts (outs) and its
 * children (kids, sorted by label), found in one array with no hashing.
 */
struct trie_node {
	uint32_t out, nout;	/* outs[out .. out + nout) */
	uint32_t kid, nkid;	/* kids[kid .. kid + nkid) */
};

struct trie_kid {
	uint32_t label, node;
};

struct dict_trie {
	struct htab vocab;		/* exact tokens */
	struct htab prefixes;		/* prefix tokens */
	struct emap edges;		/* (node << 32 | label) -> node */
	uint32_t nnodes;
	struct trie_node *nodes;	/* per node: its concepts and children */
	uint32_t *outs;
	struct trie_kid *kids;
	uint64_t *kidbits;		/* a Bloom filter of the edges (kid_bits()) */
	unsigned kidshift;		/* 64 - log2 of its words */
	struct emap bytes;		/* byte trie of prefixes: (bnode << 8 | byte) -> bnode */
	uint32_t broot[256];
	uint32_t *bterm;		/* per bnode: prefix id + 1, or 0 */
	uint32_t nbnodes;
	size_t depth;			/* tokens in the longest pattern */
	uint32_t nconcepts;		/* the id past the last: NO_CONCEPT */
};

void dict_init(struct dict *d)
{
	memset(d, 0, sizeof(*d));
	htab_init(&d->names);
}

static void trie_release(struct dict_trie *t)
{
	if (!t)
		return;
	htab_release(&t->vocab);
	htab_release(&t->prefixes);
	emap_release(&t->edges);
	emap_release(&t->bytes);
	free(t->nodes);
	free(t->outs);
	free(t->kids);
	free(t->kidbits);
	free(t->bterm);
	free(t);
}

void dict_release(struct dict *d)
{
	size_t i;

	for (i = 0; i < d->nconcepts; i++) {
		free(d->concepts[i].name);
		free(d->concepts[i].desc);
	}
	for (i = 0; i < d->npats; i++) {
		free(d->pats[i].toks);
		free(d->pats[i].prefix);
	}
	free(d->concepts);
	free(d->pats);
	htab_release(&d->names);
	trie_release(d->trie);
	dict_init(d);
}

/* ---- tokens, the same for patterns and text ---- */

static const struct tok_opts match_opts = { .strip_accents = 1, .split_hyphens = 1 };

static int is_elision(const char *s, size_t n)
{
	static const char *const el[] = {
		"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
		"quoiqu", "dell", "nell", "all", "dall", "sull", "coll", "un", "quell", NULL
	};
	size_t i;

	for (i = 0; el[i]; i++)
		if (strlen(el[i]) == n && !memcmp(el[i], s, n))
			return 1;
	return 0;
}

/*
 * Takes French and Italian elisions ("l'", "dell'") off the front of a
 * folded token and an English "'s" off its end, so "l'héroïne" matches
 * "héroïne" and "user's" matches "user". *cut_front and *cut_back say how
 * many apostrophes were removed at each end, for the byte offsets.
 */
static void trim_token(const char **s, size_t *len, int *cut_front, int *cut_back)
{
	const char *a = memchr(*s, '\'', *len);

	*cut_front = *cut_back = 0;
	if (!a)
		return;
	if (is_elision(*s, (size_t)(a - *s)) && a + 1 < *s + *len) {
		*len -= (size_t)(a + 1 - *s);
		*s = a + 1;
		*cut_front = 1;
	}
	if (*len > 2 && !memcmp(*s + *len - 2, "'s", 2)) {
		*len -= 2;
		*cut_back = 1;
	}
}

/* The byte just after the first apostrophe of text[off..end), or off. */
static size_t after_apostrophe(const char *text, size_t off, size_t end)
{
	size_t i;

	for (i = off; i < end; i++) {
		if (text[i] == '\'')
			return i + 1;
		if (i + 2 < end && !memcmp(text + i, "\xE2\x80\x99", 3))
			return i + 3;
	}
	return off;
}

/* The byte of the last apostrophe of text[off..end), or end. */
static size_t last_apostrophe(const char *text, size_t off, size_t end)
{
	size_t i;

	for (i = end; i > off; i--) {
		if (text[i - 1] == '\'')
			return i - 1;
		if (i >= off + 3 && !memcmp(text + i - 3, "\xE2\x80\x99", 3))
			return i - 3;
	}
	return end;
}

/* ---- loading ---- */

static size_t concept_id(struct dict *d, const char *name, size_t len)
{
	int added;
	size_t id = htab_intern(&d->names, name, len, &added);

	if (added) {
		if (d->nconcepts == d->aconcepts) {
			d->aconcepts = d->aconcepts ? d->aconcepts * 2 : 32;
			d->concepts = ereallocarray(d->concepts, d->aconcepts, sizeof(*d->concepts));
		}
		memset(&d->concepts[id], 0, sizeof(d->concepts[id]));
		d->concepts[id].name = estrndup(name, len);
		d->concepts[id].parent = -1;
		d->nconcepts++;
	}
	return id;
}

static int bad_name(const char *s, size_t len)
{
	size_t i;

	if (!len || s[0] == '/' || s[len - 1] == '/')
		return 1;
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7F)
			return 1;
		if (s[i] == '/' && s[i + 1] == '/')
			return 1;
	}
	return 0;
}

struct pat_build {
	struct buf toks;
	struct buf prefix;
	size_t ntoks;
	size_t piece_len;	/* the piece being tokenised, without its '*' */
	size_t last_end;	/* end of its last token in the piece */
};

static int add_pat_token(void *ctx, const struct token *t)
{
	struct pat_build *pb = ctx;
	const char *s = t->s;
	size_t len = t->len;
	int front, back;

	trim_token(&s, &len, &front, &back);
	if (!len)	/* a lone combining mark folds to nothing: not a word */
		return 0;
	buf_add(&pb->toks, s, len);
	buf_addc(&pb->toks, '\0');
	buf_addc(&pb->prefix, 0);
	pb->ntoks++;
	pb->last_end = t->end;
	return 0;
}

/*
 * Tokenises one pattern. On error, a message without the file and line,
 * and -2 when the pattern has no letters or digits at all, else -1.
 */
static int parse_pattern(struct pat_build *pb, const char *pat, size_t len, struct buf *msg)
{
	const char *p = pat, *end = pat + len, *w;
	size_t stars, n0;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		for (w = p; p < end && *p != ' ' && *p != '\t'; p++)
			;
		for (stars = 0; p - stars > w && p[-1 - (long)stars] == '*'; stars++)
			;
		if (memchr(w, '*', (size_t)(p - w) - stars)) {
			buf_addf(msg, "'*' only ends a word in '%.*s'", (int)len, pat);
			return -1;
		}
		if (stars > 1) {
			buf_addf(msg, "one '*' ends a word in '%.*s'", (int)len, pat);
			return -1;
		}
		n0 = pb->ntoks;
		pb->piece_len = (size_t)(p - w) - stars;
		pb->last_end = 0;
		tok_each(&match_opts, w, pb->piece_len, add_pat_token, pb);
		if (pb->ntoks == n0) {
			if (stars) {
				buf_addf(msg, "'*' needs letters before it in '%.*s'", (int)len, pat);
				return -1;
			}
			continue;	/* punctuation between words, like " & " */
		}
		if (stars) {
			if (pb->last_end != pb->piece_len) {
				buf_addf(msg, "'*' must follow a letter or digit in '%.*s'", (int)len, pat);
				return -1;
			}
			pb->prefix.data[pb->ntoks - 1] = 1;
		}
	}
	if (!pb->ntoks) {
		buf_addf(msg, "no words in pattern '%.*s'", (int)len, pat);
		return -2;
	}
	return 0;
}

static int add_pattern(struct dict *d, size_t concept, const char *pat, size_t len, struct buf *msg)
{
	struct pat_build pb = { BUF_INIT, BUF_INIT, 0, 0, 0 };
	struct dict_pattern *dp;

	if (parse_pattern(&pb, pat, len, msg)) {
		buf_release(&pb.toks);
		buf_release(&pb.prefix);
		return -1;
	}
	if (d->npats == d->apats) {
		d->apats = d->apats ? d->apats * 2 : 256;
		d->pats = ereallocarray(d->pats, d->apats, sizeof(*d->pats));
	}
	dp = &d->pats[d->npats++];
	dp->concept = concept;
	dp->ntoks = pb.ntoks;
	dp->toks = buf_detach(&pb.toks, NULL);
	dp->prefix = (unsigned char *)buf_detach(&pb.prefix, NULL);
	d->concepts[concept].npatterns++;
	return 0;
}

int dict_add(struct dict *d, const char *concept, const char *pattern, struct buf *err)
{
	size_t n = strlen(concept);

	if (bad_name(concept, n)) {
		buf_addf(err, "bad concept name '%s'", concept);
		return -1;
	}
	return add_pattern(d, concept_id(d, concept, n), pattern, strlen(pattern), err);
}

/* One line of text without its end of line and trailing blanks. */
struct line {
	const char *s;
	size_t len;
	size_t no;
};

static int next_line(const char **p, const char *end, struct line *l)
{
	const char *nl;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (!nl)
		nl = end;
	l->s = *p;
	l->len = (size_t)(nl - *p);
	l->no++;
	*p = nl < end ? nl + 1 : end;
	while (l->len && (l->s[l->len - 1] == '\r' || l->s[l->len - 1] == ' ' ||
			  l->s[l->len - 1] == '\t'))
		l->len--;
	return 1;
}

static int is_blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->s[i] != ' ' && l->s[i] != '\t')
			return 0;
	return 1;
}

static int line_error(struct buf *err, const char *name, const struct line *l, const struct buf *msg)
{
	buf_addf(err, "%s:%zu: %s", name, l->no, msg->data);
	return -1;
}

static int native_line(struct dict *d, const struct line *l, struct buf *msg)
{
	const char *tab = memchr(l->s, '\t', l->len), *rest, *end = l->s + l->len;
	size_t c;

	if (!tab) {
		buf_adds(msg, "expected CONCEPT<TAB>PATTERN");
		return -1;
	}
	if (bad_name(l->s, (size_t)(tab - l->s))) {
		buf_addf(msg, "bad concept name '%.*s'", (int)(tab - l->s), l->s);
		return -1;
	}
	for (rest = tab; rest < end && (*rest == '\t' || *rest == ' '); rest++)
		;
	if (rest == end) {
		buf_addf(msg, "no pattern for concept '%.*s'", (int)(tab - l->s), l->s);
		return -1;
	}
	c = concept_id(d, l->s, (size_t)(tab - l->s));
	if (*rest != '=')
		return add_pattern(d, c, rest, (size_t)(end - rest), msg);
	if (d->concepts[c].desc) {
		buf_addf(msg, "concept '%s' is described twice", d->concepts[c].name);
		return -1;
	}
	for (rest++; rest < end && (*rest == ' ' || *rest == '\t'); rest++)
		;
	d->concepts[c].desc = estrndup(rest, (size_t)(end - rest));
	return 0;
}

static int load_native(struct dict *d, const char *name, const char *p, const char *end, struct buf *err)
{
	struct line l = { 0 };
	struct buf msg = BUF_INIT;
	size_t i;
	int rc = 0;

	while (!rc && next_line(&p, end, &l)) {
		for (i = 0; i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
			;
		if (is_blank(&l) || l.s[i] == '#')
			continue;
		buf_reset(&msg);
		if (native_line(d, &l, &msg) < 0)
			rc = line_error(err, name, &l, &msg);
	}
	buf_release(&msg);
	return rc;
}

/* True for the fields LIWC 2007 uses for conditional categories: "(02 134)125/464", "<of>131". */
static int liwc_conditional(const char *s, size_t n)
{
	return n && (s[0] == '(' || s[0] == '<' || memchr(s, '/', n) || s[n - 1] == ')');
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0 && n < 10;
}

/* One "word cat cat ..." line of a LIWC file. cats maps category numbers to concept ids + 1. */
static int liwc_word(struct dict *d, const struct line *l, const size_t *cats, size_t ncats, struct buf *msg)
{
	const char *p = l->s, *end = l->s + l->len, *f, *wend = NULL;
	size_t ids[64], nids = 0, i, k;
	struct pat_build pb = { BUF_INIT, BUF_INIT, 0, 0, 0 };
	int rc = 0, skip;

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		for (f = p; p < end && *p != ' ' && *p != '\t'; p++)
			;
		if (p == f)
			break;
		if (!all_digits(f, (size_t)(p - f))) {
			if (liwc_conditional(f, (size_t)(p - f)) && wend)
				continue;
			if (nids) {
				buf_addf(msg, "category '%.*s' is not a number", (int)(p - f), f);
				return -1;
			}
			wend = p;	/* words may have spaces: "kind of" */
			continue;
		}
		if (!wend) {
			buf_adds(msg, "expected WORD<TAB>CATEGORY...");
			return -1;
		}
		k = (size_t)strtoul(f, NULL, 10);
		if (k >= ncats || !cats[k]) {
			buf_addf(msg, "category %.*s is not in the header", (int)(p - f), f);
			return -1;
		}
		if (nids < sizeof(ids) / sizeof(ids[0]))
			ids[nids++] = cats[k] - 1;
	}
	if (!wend) {
		buf_adds(msg, "expected WORD<TAB>CATEGORY...");
		return -1;
	}
	/* Emoticons and other words without letters can never match a token: skipped. */
	skip = parse_pattern(&pb, l->s, (size_t)(wend - l->s), msg);
	buf_release(&pb.toks);
	buf_release(&pb.prefix);
	if (skip == -1)
		return -1;
	if (skip == -2) {
		buf_reset(msg);
		return 0;
	}
	for (i = 0; i < nids && !rc; i++)
		rc = add_pattern(d, ids[i], l->s, (size_t)(wend - l->s), msg);
	return rc;
}

static int load_liwc(struct dict *d, const char *name, const char *p, const char *end, struct buf *err)
{
	struct line l = { 0 };
	struct buf msg = BUF_INIT;
	size_t *cats = NULL, ncats = 0, k, n, i;
	const char *q, *e;
	int state = 0, rc = 0;	/* 0: before the first '%', 1: header, 2: words */

	while (!rc && next_line(&p, end, &l)) {
		if (is_blank(&l))
			continue;
		buf_reset(&msg);
		for (i = 0; i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
			;
		if (l.s[i] == '%' && i + 1 == l.len && state < 2) {
			state++;
			continue;
		}
		if (state == 2) {
			if (liwc_word(d, &l, cats, ncats, &msg) < 0)
				rc = line_error(err, name, &l, &msg);
			continue;
		}
		/* "NUMBER<TAB>NAME" in the header */
		for (q = l.s + i, e = q; e < l.s + l.len && *e >= '0' && *e <= '9'; e++)
			;
		if (!all_digits(q, (size_t)(e - q)) || e == l.s + l.len || (*e != '\t' && *e != ' ')) {
			buf_adds(&msg, "expected NUMBER<TAB>CATEGORY in the header");
			rc = line_error(err, name, &l, &msg);
			continue;
		}
		k = (size_t)strtoul(q, NULL, 10);
		while (e < l.s + l.len && (*e == ' ' || *e == '\t'))
			e++;
		for (q = e; q < l.s + l.len && *q != ' ' && *q != '\t'; q++)
			;
		if (bad_name(e, (size_t)(q - e))) {
			buf_addf(&msg, "bad category name '%.*s'", (int)(l.s + l.len - e), e);
			rc = line_error(err, name, &l, &msg);
			continue;
		}
		if (k >= ncats) {
			n = k + 1;
			cats = ereallocarray(cats, n, sizeof(*cats));
			memset(cats + ncats, 0, (n - ncats) * sizeof(*cats));
			ncats = n;
		}
		if (cats[k]) {
			buf_addf(&msg, "category %zu defined twice", k);
			rc = line_error(err, name, &l, &msg);
			continue;
		}
		cats[k] = concept_id(d, e, (size_t)(q - e)) + 1;
	}
	if (!rc && state < 2) {
		buf_addf(err, "%s: the LIWC header does not end with a '%%' line", name);
		rc = -1;
	}
	free(cats);
	buf_release(&msg);
	return rc;
}

int dict_load_mem(struct dict *d, const char *name, const char *data, size_t len, struct buf *err)
{
	const char *p = data, *end;
	struct line l = { 0 };

	if (memchr(data, '\0', len)) {
		buf_addf(err, "%s: a NUL byte: not a text file", name);
		return -1;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;	/* a byte order mark, as Windows editors write */
		len -= 3;
		p = data;
	}
	end = data + len;
	while (next_line(&p, end, &l)) {
		if (is_blank(&l))
			continue;
		if (l.len == 1 && l.s[0] == '%')
			return load_liwc(d, name, data, end, err);
		break;
	}
	return load_native(d, name, data, end, err);
}

int dict_load_file(struct dict *d, const char *path, struct buf *err)
{
	struct buf b = BUF_INIT;
	FILE *fp = fopen(path, "rb");
	int rc;

	if (!fp) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (buf_read_file(&b, fp) < 0) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		fclose(fp);
		buf_release(&b);
		return -1;
	}
	fclose(fp);
	rc = dict_load_mem(d, path, b.data ? b.data : "", b.len, err);
	buf_release(&b);
	return rc;
}

int dict_open(struct dict *d, const char *const *paths, size_t n, struct buf *err)
{
	const struct embedded *e;
	size_t i;

	for (i = 0; i < n; i++)
		if (dict_load_file(d, paths[i], err) < 0)
			return -1;
	if (!n) {
		e = embedded_find("concepts/harm-reduction.txt");
		if (!e) {
			buf_adds(err, "no default dictionary in this build");
			return -1;
		}
		if (dict_load_mem(d, e->name, e->data, e->len, err) < 0)
			return -1;
	}
	return dict_compile(d, err);
}

/* ---- compiling ---- */

static int cmp_names(const void *a, const void *b, void *ctx)
{
	const struct dict *d = ctx;

	return strcmp(d->concepts[*(const size_t *)a].name, d->concepts[*(const size_t *)b].name);
}

/* Sorts ids by concept name (a merge sort: qsort has no context argument). */
static void sort_ids(size_t *ids, size_t n, const struct dict *d, size_t *tmp)
{
	size_t i, j, k, mid = n / 2;

	if (n < 2)
		return;
	sort_ids(ids, mid, d, tmp);
	sort_ids(ids + mid, n - mid, d, tmp);
	for (i = 0, j = mid, k = 0; i < mid || j < n; )
		tmp[k++] = j == n || (i < mid && cmp_names(&ids[i], &ids[j], (void *)d) <= 0) ?
			ids[i++] : ids[j++];
	memcpy(ids, tmp, n * sizeof(*ids));
}

/* Creates the parents that only their children name, then renumbers concepts by name. */
static void order_concepts(struct dict *d)
{
	size_t i, n, *ids, *tmp, *newid;
	struct dict_concept *sorted;
	const char *slash;

	for (i = 0; i < d->nconcepts; i++) {
		slash = strrchr(d->concepts[i].name, '/');
		if (slash)
			concept_id(d, d->concepts[i].name, (size_t)(slash - d->concepts[i].name));
	}
	n = d->nconcepts;
	ids = emalloc((n + 1) * sizeof(*ids));
	tmp = emalloc((n + 1) * sizeof(*tmp));
	newid = emalloc((n + 1) * sizeof(*newid));
	for (i = 0; i < n; i++)
		ids[i] = i;
	sort_ids(ids, n, d, tmp);
	sorted = emalloc((n + 1) * sizeof(*sorted));
	for (i = 0; i < n; i++) {
		sorted[i] = d->concepts[ids[i]];
		newid[ids[i]] = i;
	}
	free(d->concepts);
	d->concepts = sorted;
	d->aconcepts = n + 1;
	for (i = 0; i < d->npats; i++)
		d->pats[i].concept = newid[d->pats[i].concept];
	htab_release(&d->names);
	htab_init(&d->names);
	for (i = 0; i < n; i++)
		htab_intern(&d->names, d->concepts[i].name, strlen(d->concepts[i].name), NULL);
	for (i = 0; i < n; i++) {
		slash = strrchr(d->concepts[i].name, '/');
		d->concepts[i].parent = slash ? htab_find(&d->names, d->concepts[i].name,
			(size_t)(slash - d->concepts[i].name)) : -1;
	}
	free(ids);
	free(tmp);
	free(newid);
}

static uint32_t new_node(struct dict_trie *t)
{
	return t->nnodes++;
}

/* The label of a pattern token, adding the prefix to the byte trie when new. */
static uint32_t token_label(struct dict_trie *t, const char *s, int prefix)
{
	size_t len = strlen(s), i;
	int added;
	uint32_t id, b, next;

	if (!prefix)
		return (uint32_t)htab_intern(&t->vocab, s, len, NULL);
	id = (uint32_t)htab_intern(&t->prefixes, s, len, &added);
	if (added) {
		b = NONE;
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];

			next = b == NONE ? t->broot[c] : emap_get(&t->bytes, (uint64_t)b << 8 | c);
			if (next == NONE) {
				next = t->nbnodes++;
				t->bterm = ereallocarray(t->bterm, t->nbnodes, sizeof(*t->bterm));
				t->bterm[next] = 0;
				if (b == NONE)
					t->broot[c] = next;
				else
					emap_put(&t->bytes, (uint64_t)b << 8 | c, next);
			}
			b = next;
		}
		t->bterm[b] = id + 1;
	}
	return id | PREFIX_BIT;
}

struct node_out {
	uint32_t node, concept;
};

static int cmp_out(const void *a, const void *b)
{
	const struct node_out *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (x->concept > y->concept) - (x->concept < y->concept);
}

struct edge {
	uint32_t parent, label, node;
};

static int cmp_edge(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return (x->label > y->label) - (x->label < y->label);
}

/*
 * The edge (node, label) as two bits of one word of the trie's Bloom filter:
 * most starts have a root node with children, but few go on along the next
 * token, and the filter says so from 16 bits an edge, in the cache.
 */
static inline size_t kid_bits(const struct dict_trie *t, uint32_t node, uint32_t label, uint64_t *bits)
{
	uint64_t h = ((uint64_t)node << 32 | label) * 0x9E3779B97F4A7C15ull;

	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ull;
	*bits = 1ull << (h & 63) | 1ull << (h >> 6 & 63);
	return (size_t)(h >> t->kidshift);
}

static void set_kidbits(struct dict_trie *t, size_t nedges)
{
	size_t words = 64, i, n;
	unsigned lg = 6;
	uint64_t bits;

	while (words * 64 < nedges * 16) {
		words *= 2;
		lg++;
	}
	t->kidbits = ecalloc(words, sizeof(*t->kidbits));
	t->kidshift = 64 - lg;
	for (n = 0; n < t->nnodes; n++)
		for (i = t->nodes[n].kid; i < t->nodes[n].kid + t->nodes[n].nkid; i++) {
			size_t w = kid_bits(t, (uint32_t)n, t->kids[i].label, &bits);

			t->kidbits[w] |= bits;
		}
}

/* The edges of the hash map as arrays: each node's children, sorted by label. */
static void set_kids(struct dict_trie *t)
{
	struct edge *e = emalloc((t->edges.n + 1) * sizeof(*e));
	size_t i, n = 0;

	for (i = 0; t->edges.keys && i <= t->edges.mask; i++)
		if (t->edges.vals[i] != NONE) {
			e[n].parent = (uint32_t)(t->edges.keys[i] >> 32);
			e[n].label = (uint32_t)t->edges.keys[i];
			e[n++].node = t->edges.vals[i];
		}
	sort_array(e, n, sizeof(*e), cmp_edge);
	t->kids = emalloc((n + 1) * sizeof(*t->kids));
	for (i = 0; i < n; i++) {
		if (!t->nodes[e[i].parent].nkid)
			t->nodes[e[i].parent].kid = (uint32_t)i;
		t->nodes[e[i].parent].nkid++;
		t->kids[i].label = e[i].label;
		t->kids[i].node = e[i].node;
	}
	free(e);
	set_kidbits(t, n);
}

int dict_compile(struct dict *d, struct buf *err)
{
	struct dict_trie *t;
	struct node_out *outs = NULL;
	size_t nouts = 0, aouts = 0, i, k, n;
	const char *s;
	uint32_t node, next, lab;
	long c;

	if (!d->npats) {
		buf_adds(err, "the dictionary has no patterns");
		return -1;
	}
	order_concepts(d);
	t = ecalloc(1, sizeof(*t));
	htab_init(&t->vocab);
	htab_init(&t->prefixes);
	memset(t->broot, 0xFF, sizeof(t->broot));
	new_node(t);
	for (i = 0; i < d->npats; i++) {
		node = 0;
		for (k = 0, s = d->pats[i].toks; k < d->pats[i].ntoks; k++, s += strlen(s) + 1) {
			lab = token_label(t, s, d->pats[i].prefix[k]);
			next = emap_get(&t->edges, (uint64_t)node << 32 | lab);
			if (next == NONE) {
				next = new_node(t);
				emap_put(&t->edges, (uint64_t)node << 32 | lab, next);
			}
			node = next;
		}
		if (d->pats[i].ntoks > t->depth)
			t->depth = d->pats[i].ntoks;
		for (c = (long)d->pats[i].concept; c >= 0; c = d->concepts[c].parent) {
			if (nouts == aouts) {
				aouts = aouts ? aouts * 2 : 256;
				outs = ereallocarray(outs, aouts, sizeof(*outs));
			}
			outs[nouts].node = node;
			outs[nouts++].concept = (uint32_t)c;
		}
	}
	sort_array(outs, nouts, sizeof(*outs), cmp_out);
	t->nodes = ecalloc(t->nnodes, sizeof(*t->nodes));
	t->outs = emalloc((nouts + 1) * sizeof(*t->outs));
	for (i = 0, n = 0; i < nouts; i++) {
		if (i && outs[i].node == outs[i - 1].node && outs[i].concept == outs[i - 1].concept)
			continue;
		if (!t->nodes[outs[i].node].nout)
			t->nodes[outs[i].node].out = (uint32_t)n;
		t->nodes[outs[i].node].nout++;
		t->outs[n++] = outs[i].concept;
	}
	set_kids(t);
	free(outs);
	t->nconcepts = (uint32_t)d->nconcepts;
	d->trie = t;
	return 0;
}

long dict_find(const struct dict *d, const char *name)
{
	return htab_find(&d->names, name, strlen(name));
}

/* ---- matching ---- */

/*
 * The distinct tokens a run has seen, each looked up in the matcher once:
 * its labels (its exact token's id and the prefixes it begins with) and the
 * trie nodes they lead to from the root are kept, so a token seen before
 * costs one hash probe, and one that begins no pattern is passed over at
 * once. Kept across the documents of a run (a corpus repeats its words) and
 * emptied when it reaches VOCAB_MAX tokens, so that it stays in the cache:
 * a text of many rare words (names, typos) would otherwise make every
 * lookup a cache miss; the common words come back at once.
 */
struct vocab_ent {
	uint32_t key, len;	/* its bytes in keys */
	uint32_t lab, nlab;	/* its labels: labs[lab .. lab + nlab) */
	uint32_t root, nroot;	/* the nodes its labels lead to from the root, in labs */
	unsigned char cut;	/* CUT_FRONT: an elision came off; CUT_BACK: an "'s" */
};

/*
 * A hash slot: half a cache line, holding the token's first 16 bytes (all
 * of nearly every token) and a copy of its entry's labels, so that a lookup
 * reads its slot and nothing else.
 */
struct vocab_slot {
	uint64_t w0, w1;	/* as struct vkey has them */
	uint32_t len;
	uint32_t ent;		/* index in ents, NO_LABELS or'ed in; NONE: empty */
	uint32_t lab;		/* ents[ent]'s lab, nlab, nroot and cut; nlab */
	uint16_t nlab;		/* SLOT_NLAB_MAX: too many to copy, read ents */
	unsigned char nroot, cut;
};

/*
 * A token as the vocab looks it up: s[0..len) with fold OR-ed into each
 * byte (0x20 for a plain word taken as it stands in the text, 0 for one
 * the tokeniser folded), its first 16 bytes folded as two words (folded_word()
 * of bytes 0..8 and 8..16; 0 past its end) and its hash.
 */
struct vkey {
	const char *s;
	size_t len;
	uint64_t fold, w0, w1, hash;
};

enum { CUT_FRONT = 1, CUT_BACK = 2, VOCAB_MAX = 1 << 15, WINDOW = 1024 };
#define KEYS_MAX ((size_t)1 << 30)	/* key offsets are 32-bit: very long tokens */
#define NO_LABELS 0x80000000u
#define SLOT_NLAB_MAX 0xFFFFu

struct dict_vocab {
	struct vocab_slot *slots;
	size_t mask;
	struct vocab_ent *ents;
	size_t n, aents;
	struct buf keys;
	uint32_t *labs;
	size_t nlabs, alabs;
};

/* A token with labels: the only ones the matcher looks at. */
struct dict_tok {
	size_t off, end;	/* its bytes, without a cut elision or "'s" */
	uint32_t lab, nlab;	/* its labels in the vocab */
	uint32_t root, nroot;
	int linked;		/* the token before is the previous dict_tok, across a soft gap */
};

static void vocab_clear(struct dict_vocab *v)
{
	size_t size = v->slots ? v->mask + 1 : 1 << 12;

	if (!v->slots)
		v->slots = emalloc(size * sizeof(*v->slots));
	memset(v->slots, 0xFF, size * sizeof(*v->slots));
	v->mask = size - 1;
	v->n = 0;
	v->nlabs = 0;
	buf_reset(&v->keys);
}

static inline __attribute__((always_inline)) void
vkey_init(struct vkey *k, const char *s, size_t len, uint64_t fold, const char *end);

static void vocab_grow(struct dict_vocab *v)
{
	struct vocab_slot *old = v->slots;
	struct vkey k;
	const char *key;
	size_t i, j, size = (v->mask + 1) * 2;

	v->slots = emalloc(size * sizeof(*v->slots));
	memset(v->slots, 0xFF, size * sizeof(*v->slots));
	for (i = 0; i <= v->mask; i++) {
		if (old[i].ent == NONE)
			continue;
		key = v->keys.data + v->ents[old[i].ent & ~NO_LABELS].key;
		vkey_init(&k, key, old[i].len, 0, key + old[i].len);
		for (j = k.hash & (size - 1); v->slots[j].ent != NONE; j = (j + 1) & (size - 1))
			;
		v->slots[j] = old[i];
	}
	v->mask = size - 1;
	free(old);
}

static void vocab_add_label(struct dict_vocab *v, uint32_t lab)
{
	if (v->nlabs == v->alabs) {
		v->alabs = v->alabs ? v->alabs * 2 : 1024;
		v->labs = ereallocarray(v->labs, v->alabs, sizeof(*v->labs));
	}
	v->labs[v->nlabs++] = lab;
}

/*
 * After a labelled token's root nodes in labs, what it matches by itself:
 * its number of concepts (ALONE_MIN at least); two masks of labels (kid_mask()), of those its
 * root nodes' children have and of its own, two words each; then the
 * concepts (sorted, once each) of its root nodes. A start whose kid mask
 * and the next token's own have no bit in common needs these alone, and no
 * trie node: most starts (tok_alone()).
 */
enum { ALONE_KIDS = 1, ALONE_OWN = 3, ALONE_HEAD = 5 };
/*
 * The concepts are padded to at least ALONE_MIN with the id past the last
 * concept (no concept; its count never becomes 0), so that counting takes
 * the first two with no loop, whose end would be a mispredicted branch.
 */
enum { ALONE_MIN = 2 };

/* A label's bit in a mask of labels: 64 bits in the cache with the token's other words. */
static inline uint64_t kid_mask(uint32_t label)
{
	return 1ull << ((label * 0x9E3779B97F4A7C15ull) >> 58);
}

static inline uint64_t alone_mask(const uint32_t *alone, int which)
{
	return (uint64_t)alone[which + 1] << 32 | alone[which];
}

static void vocab_alone(struct dict_vocab *v, const struct dict_trie *t, const struct vocab_ent *e)
{
	const struct trie_node *n;
	size_t head = v->nlabs, first, i, k, o;
	uint64_t kids = 0, own = 0;
	uint32_t c;

	for (i = 0; i < ALONE_HEAD; i++)
		vocab_add_label(v, 0);
	first = v->nlabs;
	for (k = e->lab; k < e->lab + e->nlab; k++)
		own |= kid_mask(v->labs[k]);
	for (k = e->root; k < e->root + e->nroot; k++) {
		n = &t->nodes[v->labs[k]];
		for (i = n->kid; i < n->kid + n->nkid; i++)
			kids |= kid_mask(t->kids[i].label);
		for (o = n->out; o < n->out + n->nout; o++) {
			c = t->outs[o];
			for (i = first; i < v->nlabs && v->labs[i] < c; i++)
				;
			if (i < v->nlabs && v->labs[i] == c)
				continue;
			vocab_add_label(v, c);	/* then moved into its place */
			memmove(v->labs + i + 1, v->labs + i, (v->nlabs - 1 - i) * sizeof(*v->labs));
			v->labs[i] = c;
		}
	}
	while (v->nlabs < first + ALONE_MIN)
		vocab_add_label(v, t->nconcepts);	/* after the concepts, which are lower */
	v->labs[head] = (uint32_t)(v->nlabs - first);
	v->labs[head + ALONE_KIDS] = (uint32_t)kids;
	v->labs[head + ALONE_KIDS + 1] = (uint32_t)(kids >> 32);
	v->labs[head + ALONE_OWN] = (uint32_t)own;
	v->labs[head + ALONE_OWN + 1] = (uint32_t)(own >> 32);
}

/* Fills e's labels from the matcher: the token without its elision or "'s". */
static void vocab_labels(struct dict_vocab *v, const struct dict_trie *t, struct vocab_ent *e,
			 const char *s, size_t len)
{
	int front, back;
	long id;
	size_t i;
	uint32_t b, k, next;

	trim_token(&s, &len, &front, &back);
	e->cut = (unsigned char)((front ? CUT_FRONT : 0) | (back ? CUT_BACK : 0));
	e->lab = (uint32_t)v->nlabs;
	if ((id = htab_find(&t->vocab, s, len)) >= 0)
		vocab_add_label(v, (uint32_t)id);
	if (len) {
		b = t->broot[(unsigned char)s[0]];
		for (i = 1; b != NONE; i++) {
			if (t->bterm[b])
				vocab_add_label(v, (t->bterm[b] - 1) | PREFIX_BIT);
			if (i == len)
				break;
			b = emap_get(&t->bytes, (uint64_t)b << 8 | (unsigned char)s[i]);
		}
	}
	e->nlab = (uint32_t)(v->nlabs - e->lab);
	e->root = (uint32_t)v->nlabs;
	for (k = e->lab; k < e->lab + e->nlab; k++)
		if ((next = emap_get(&t->edges, v->labs[k])) != NONE)	/* node 0, the root */
			vocab_add_label(v, next);
	e->nroot = (uint32_t)(v->nlabs - e->root);
	if (e->nlab)
		vocab_alone(v, t, e);
}

/* The low n bytes of a word, n <= 8. */
static const uint64_t byte_mask[9] = {
	0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFull, 0xFFFFFFFFFFFFull,
	0xFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull
};

/* The masks of the first 16 bytes' two words for a token of n bytes, n <= 16. */
#define M(n) { byte_mask[(n) < 8 ? (n) : 8], byte_mask[(n) > 8 ? (n) - 8 : 0] }
static const uint64_t word_mask[17][2] = {
	M(0), M(1), M(2), M(3), M(4), M(5), M(6), M(7), M(8),
	M(9), M(10), M(11), M(12), M(13), M(14), M(15), M(16)
};
#undef M

/*
 * s[0..n), n <= 8, folded (fold OR-ed into each byte: 0x20 for a word of
 * ASCII letters and digits as it stands in the text, 0 for a token the
 * tokeniser folded), as one word for hashing and comparing short tokens at
 * once: byte i at bits 8i, zeros past n. Where 8 bytes may be read (s + 8
 * <= end) that is one load and a mask, with no branch on the length, which
 * is random in a text; elsewhere byte by byte.
 */
static inline uint64_t folded_word(const char *s, size_t n, uint64_t fold, const char *end)
{
	uint64_t w = 0;
	size_t i;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (end - s >= 8) {
		memcpy(&w, s, 8);
		return (w | fold) & byte_mask[n];
	}
#endif
	for (i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return (w | fold) & byte_mask[n];
}

/* The vkey of s[0..len); bytes up to end may be read (end == s + len when unknown). */
static inline __attribute__((always_inline)) void
vkey_init(struct vkey *k, const char *s, size_t len, uint64_t fold, const char *end)
{
	uint64_t h;
	size_t i, n;

	k->s = s;
	k->len = len;
	k->fold = fold;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (end - s >= 16) {
		/* both words loaded and masked, with no branch on the length */
		uint64_t a, b;
		size_t m = len < 16 ? len : 16;

		memcpy(&a, s, 8);
		memcpy(&b, s + 8, 8);
		k->w0 = (a | fold) & word_mask[m][0];
		k->w1 = (b | fold) & word_mask[m][1];
	} else
#endif
	{
		k->w0 = folded_word(s, len < 8 ? len : 8, fold, end);
		k->w1 = len > 8 ? folded_word(s + 8, len > 16 ? 8 : len - 8, fold, end) : 0;
	}
	/* Two independent products: the short tokens' hash is a few cycles. */
	h = (k->w0 ^ len) * 0x9E3779B97F4A7C15ull + k->w1 * 0xBF58476D1CE4E5B9ull;
	for (i = 16; i < len; i += 8) {
		n = len - i < 8 ? len - i : 8;
		h = (h ^ (h >> 29) ^ folded_word(s + i, n, fold, end)) * 0xFF51AFD7ED558CCDull;
	}
	k->hash = h ^ (h >> 32);	/* the slot is taken from the low bits */
}

/* Is the folded key[0..n) s[0..n) with fold OR-ed into each byte? */
static inline int tail_eq(const char *key, const char *s, size_t n, uint64_t fold)
{
	uint64_t a, b;

	for (; n >= 8; key += 8, s += 8, n -= 8) {
		memcpy(&a, key, 8);
		memcpy(&b, s, 8);
		if (a != (b | fold))
			return 0;
	}
	for (; n; key++, s++, n--)
		if (*key != (char)(*s | (char)(fold & 0xFF)))
			return 0;
	return 1;
}

/* The slot of k, or NULL when the vocab does not have it. */
static inline const struct vocab_slot *vocab_find(const struct dict_vocab *v, const struct vkey *k)
{
	const struct vocab_slot *sl;
	size_t j;

	for (j = k->hash & v->mask; (sl = &v->slots[j])->ent != NONE; j = (j + 1) & v->mask)
		if (sl->w0 == k->w0 && sl->w1 == k->w1 && sl->len == k->len &&
		    (k->len <= 16 || tail_eq(v->keys.data + v->ents[sl->ent & ~NO_LABELS].key + 16,
					     k->s + 16, k->len - 16, k->fold)))
			return sl;
	return NULL;
}

/*
 * Adds a token seen for the first time: the rare path of vocab_get(). Its
 * key is kept folded, so that the table holds one spelling of each token.
 */
static __attribute__((noinline)) const struct vocab_slot *
vocab_add(struct dict_vocab *v, const struct dict_trie *t, const struct vkey *k)
{
	struct vocab_slot *sl;
	struct vocab_ent *e;
	size_t i, j;

	if (v->n == v->aents) {
		v->aents = v->aents ? v->aents * 2 : 1024;
		v->ents = ereallocarray(v->ents, v->aents, sizeof(*v->ents));
	}
	e = &v->ents[v->n];
	e->key = (uint32_t)v->keys.len;
	e->len = (uint32_t)k->len;
	buf_add(&v->keys, k->s, k->len);
	for (i = 0; k->fold && i < k->len; i++)
		v->keys.data[e->key + i] |= (char)(k->fold & 0xFF);
	vocab_labels(v, t, e, v->keys.data + e->key, k->len);
	if ((v->n + 1) * 4 > (v->mask + 1) * 3)	/* three quarters full: probes stay in a line or two */
		vocab_grow(v);
	for (j = k->hash & v->mask; v->slots[j].ent != NONE; j = (j + 1) & v->mask)
		;
	sl = &v->slots[j];
	sl->w0 = k->w0;
	sl->w1 = k->w1;
	sl->len = (uint32_t)k->len;
	sl->ent = (uint32_t)v->n++ | (e->nlab ? 0 : NO_LABELS);
	sl->lab = e->lab;
	sl->nlab = e->nlab < SLOT_NLAB_MAX && e->nroot <= 0xFF ? (uint16_t)e->nlab : SLOT_NLAB_MAX;
	sl->nroot = (unsigned char)e->nroot;
	sl->cut = e->cut;
	return sl;
}

/*
 * The labels of a token (looked up in the matcher when new) in *e, and 1,
 * or 0 for a token with none (*e then has none either). Both are known
 * from its slot alone for nearly every token, with no branch on which.
 */
static void vocab_reset(struct dict_run *r, const struct dict_trie *t);

static inline __attribute__((always_inline)) int
vocab_get(struct dict_run *r, const struct dict_trie *t, const struct vkey *k, struct vocab_ent *e)
{
	struct dict_vocab *v = r->vocab;
	const struct vocab_slot *sl = vocab_find(v, k);

	if (!sl) {
		/* only a new token can fill the vocab: emptied here, before it is added */
		if (v->n == VOCAB_MAX || v->keys.len > KEYS_MAX)
			vocab_reset(r, t);
		sl = vocab_add(v, t, k);
	}
	if (sl->nlab == SLOT_NLAB_MAX) {
		*e = v->ents[sl->ent];
		return 1;
	}
	e->lab = sl->lab;
	e->nlab = sl->nlab;
	e->root = sl->lab + sl->nlab;	/* vocab_labels() puts the root nodes next */
	e->nroot = sl->nroot;
	e->cut = sl->cut;
	return !(sl->ent & NO_LABELS);
}

void dict_run_init(struct dict_run *r, const struct dict *d)
{
	memset(r, 0, sizeof(*r));
	r->cs = ecalloc(d->nconcepts + 1, sizeof(*r->cs));
	r->touched = ecalloc(d->nconcepts + 1, sizeof(*r->touched));
	r->free_at = ecalloc(d->nconcepts + 1, sizeof(*r->free_at));
	r->counts = ecalloc(d->nconcepts + 1, sizeof(*r->counts));
	r->seen = ecalloc(d->nconcepts + 2, sizeof(*r->seen));
	r->counts[d->nconcepts] = 1;	/* the padding of vocab_alone(): never seen */
	r->vocab = ecalloc(1, sizeof(*r->vocab));
	vocab_clear(r->vocab);
}

void dict_run_release(struct dict_run *r)
{
	free(r->m);
	free(r->tok);
	free(r->cs);
	free(r->touched);
	free(r->free_at);
	free(r->counts);
	free(r->seen);
	free(r->stack);
	if (r->vocab) {
		free(r->vocab->slots);
		free(r->vocab->ents);
		free(r->vocab->labs);
		buf_release(&r->vocab->keys);
		free(r->vocab);
	}
	memset(r, 0, sizeof(*r));
}

/* Is text[a..b) a single hyphen, the one tok_each() split a word at? */
static inline int is_hyphen_gap(const char *text, size_t a, size_t b)
{
	return (b == a + 1 && text[a] == '-') ||
	       (b == a + 3 && !memcmp(text + a, "\xE2\x80", 2) &&
		((unsigned char)text[a + 2] == 0x90 || (unsigned char)text[a + 2] == 0x91));
}

/* May the words around text[a..b) be words of one pattern? Spaces, hyphens and slashes only. */
static int is_soft_gap(const char *text, size_t a, size_t b)
{
	const unsigned char *p = (const unsigned char *)text + a, *end = (const unsigned char *)text + b;

	while (p < end) {
		if (*p == ' ' || *p == '-' || *p == '/' || (*p >= '\t' && *p <= '\r')) {
			p++;
		} else if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
			   (p[2] == 0x90 || p[2] == 0x91 || (p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xAF)) {
			p += 3;	/* U+2010, U+2011 hyphens; U+2000..U+200A, U+202F spaces */
		} else if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0) {
			p += 2;	/* no-break space */
		} else {
			return 0;
		}
	}
	return 1;
}

static inline void push(struct dict_run *r, size_t *n, size_t node, size_t j)
{
	if (*n + 2 > r->astack) {
		r->astack = r->astack ? r->astack * 2 : 64;
		r->stack = ereallocarray(r->stack, r->astack, sizeof(*r->stack));
	}
	r->stack[(*n)++] = node;
	r->stack[(*n)++] = j;
}

/* One more match of concept c in the document's counts. */
static inline void count_concept(struct dict_run *r, uint32_t c)
{
	r->seen[r->nseen] = c;	/* kept if first: no branch (seen has a spare place) */
	r->nseen += !r->counts[c]++;
}

static inline void add_match(struct dict_run *r, uint32_t c, size_t off, size_t end)
{
	struct dict_match *m;

	if (r->on_match) {
		struct dict_match one = { c, off, end };

		r->on_match(r->match_ctx, &one);
		return;
	}
	if (r->counting) {
		count_concept(r, c);
		return;
	}
	if (r->nm == r->am) {
		r->am = r->am ? r->am * 2 : 64;
		r->m = ereallocarray(r->m, r->am, sizeof(*r->m));
	}
	m = &r->m[r->nm++];
	m->concept = c;
	m->off = off;
	m->end = end;
}

/* The child of node along label, or NONE. */
static inline uint32_t kid_find(const struct dict_trie *t, const struct trie_node *n, uint32_t label)
{
	const struct trie_kid *k = t->kids + n->kid;
	size_t lo = 0, hi = n->nkid, mid;

	while (hi - lo > 8) {
		mid = lo + (hi - lo) / 2;
		if (k[mid].label <= label)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
		if (k[lo].label == label)
			return k[lo].node;
	return NONE;
}

/*
 * Every concept's longest match starting at token i: r->cs[c].best, listed
 * in r->touched. A pattern runs over consecutive tokens with labels, each
 * linked to the one before. Stamps are token numbers since dict_run_init(),
 * so nothing needs clearing between documents.
 */
static size_t longest_at(struct dict_run *r, const struct dict_trie *t, size_t i)
{
	const uint32_t *labs = r->vocab->labs;
	const struct dict_tok *tk = &r->tok[i];
	const struct trie_node *n;
	struct dict_cstate *cs;
	size_t ns = 0, ntouched = 0, stamp = r->base + i + 1, j, l, o;
	uint32_t next, c;

	for (l = tk->root; l < tk->root + tk->nroot; l++)
		push(r, &ns, labs[l], i + 1);
	while (ns) {
		j = r->stack[--ns];
		n = &t->nodes[r->stack[--ns]];
		for (o = n->out; o < n->out + n->nout; o++) {
			c = t->outs[o];
			cs = &r->cs[c];
			if (cs->stamp != stamp) {
				cs->stamp = stamp;
				cs->best = j;
				r->touched[ntouched++] = c;
			} else if (j > cs->best) {
				cs->best = j;
			}
		}
		if (!n->nkid || j == r->ntok || !r->tok[j].linked)
			continue;
		tk = &r->tok[j];
		for (l = tk->lab; l < tk->lab + tk->nlab; l++)
			if ((next = kid_find(t, n, labs[l])) != NONE)
				push(r, &ns, next, j + 1);
	}
	return ntouched;
}

/* What a labelled token matches by itself: its vocab_alone() word, then the concepts. */
static inline const uint32_t *tok_alone(const struct dict_vocab *v, const struct dict_tok *tk)
{
	return v->labs + tk->root + tk->nroot;
}

/* The labels, root nodes and vocab_alone() words of a token, from tk->lab on. */
static size_t tok_span(const struct dict_vocab *v, const struct dict_tok *tk)
{
	return tk->nlab + tk->nroot + ALONE_HEAD + *tok_alone(v, tk);
}

/*
 * Does a match starting at token i go on to token i + 1? Its mask of
 * labels says no for most, then the trie's filter, and only then the trie.
 */
static int goes_on(const struct dict_run *r, const struct dict_trie *t, size_t i, uint64_t mask)
{
	const uint32_t *labs = r->vocab->labs;
	const struct dict_tok *tk = &r->tok[i], *next = &r->tok[i + 1];
	uint64_t bits;
	size_t k, l;

	for (l = next->lab; l < next->lab + next->nlab; l++) {
		if (!(mask & kid_mask(labs[l])))
			continue;
		for (k = tk->root; k < tk->root + tk->nroot; k++)
			if ((t->kidbits[kid_bits(t, labs[k], labs[l], &bits)] & bits) == bits &&
			    kid_find(t, &t->nodes[labs[k]], labs[l]) != NONE)
				return 1;
	}
	return 0;
}

/* The matches starting at token i, of a pattern of several tokens or not. */
static void match_at(struct dict_run *r, const struct dict_trie *t, size_t i)
{
	struct dict_cstate *cs;
	size_t k, n, m;
	uint32_t c;

	n = longest_at(r, t, i);
	/* concept order within one start: a small insertion sort */
	for (k = 1; k < n; k++)
		for (m = k; m > 0 && r->touched[m - 1] > r->touched[m]; m--) {
			c = r->touched[m];
			r->touched[m] = r->touched[m - 1];
			r->touched[m - 1] = c;
		}
	for (k = 0; k < n; k++) {
		c = r->touched[k];
		cs = &r->cs[c];
		if (r->free_at[c] > r->base + i || cs->best == i)
			continue;
		add_match(r, c, r->tok[i].off, r->tok[cs->best - 1].end);
		r->free_at[c] = r->base + cs->best;
	}
}

/* Counts a match of concept c at token i alone, unless one before covers token i. */
static inline void count_alone(struct dict_run *r, uint32_t c, size_t i)
{
	if (r->free_at[c] <= r->base + i)
		count_concept(r, c);
}

/*
 * The matches starting at tokens [0, upto), which must not need a token
 * past ntok. Most starts match one token, and what it matches is next to
 * its labels (vocab_alone()): the trie is read only when a root node has
 * children and the filter lets the next token through. The labels, which
 * are spread over the vocab, are fetched AHEAD tokens before they are read.
 */
enum { AHEAD = 16 };

/* The labels of a token and its concepts, which may be on the next cache line. */
static inline void prefetch_tok(const struct dict_vocab *v, const struct dict_tok *tk)
{
	__builtin_prefetch(&v->labs[tk->lab]);
	__builtin_prefetch(&v->labs[tk->root + tk->nroot + ALONE_HEAD]);
}

static void match_starts(struct dict_run *r, const struct dict_trie *t, size_t upto)
{
	const struct dict_vocab *v = r->vocab;
	const struct dict_tok *tk, *next;
	const uint32_t *alone;
	uint64_t mask;
	size_t i, k, n;

	for (i = 0; i < upto && i < AHEAD; i++)
		prefetch_tok(v, &r->tok[i]);
	for (i = 0; i < upto; i++) {
		if (i + AHEAD < upto)
			prefetch_tok(v, &r->tok[i + AHEAD]);
		tk = &r->tok[i];
		if (!tk->nroot)
			continue;	/* it begins no pattern */
		alone = tok_alone(v, tk);
		mask = 0;
		if (i + 1 < r->ntok) {
			next = &r->tok[i + 1];
			mask = alone_mask(alone, ALONE_KIDS) & alone_mask(tok_alone(v, next), ALONE_OWN) &
			       -(uint64_t)next->linked;
		}
		if (r->slow_path || (mask && goes_on(r, t, i, mask))) {
			match_at(r, t, i);
			continue;
		}
		/*
		 * A match of one token blocks no later start of its concept:
		 * free_at is not moved. Counting, the padding counts for nothing.
		 */
		n = ALONE_HEAD + *alone;
		if (r->counting && !r->on_match) {
			count_alone(r, alone[ALONE_HEAD], i);
			count_alone(r, alone[ALONE_HEAD + 1], i);
			for (k = ALONE_HEAD + ALONE_MIN; k < n; k++)
				count_alone(r, alone[k], i);
			continue;
		}
		for (k = ALONE_HEAD; k < n && alone[k] != t->nconcepts; k++)
			if (r->free_at[alone[k]] <= r->base + i)
				add_match(r, alone[k], tk->off, tk->end);
	}
}

/*
 * Matches what the window holds but for its last depth tokens, which a
 * later token may still extend, and moves those to the front: memory stays
 * small however long the document.
 */
static void slide(struct dict_run *r, const struct dict_trie *t)
{
	size_t keep = t->depth, upto = r->ntok - keep;

	match_starts(r, t, upto);
	memmove(r->tok, r->tok + upto, keep * sizeof(*r->tok));
	r->ntok = keep;
	r->base += upto;
}

/*
 * Empties the vocab when full. The tokens still in the window point into
 * its labels: the window is matched down to its last depth tokens first,
 * and their labels copied back.
 */
static void vocab_reset(struct dict_run *r, const struct dict_trie *t)
{
	struct dict_vocab *v = r->vocab;
	uint32_t *keep, *span;
	size_t i, n = 0;

	if (r->ntok > t->depth)
		slide(r, t);
	span = emalloc((r->ntok + 1) * sizeof(*span));
	for (i = 0; i < r->ntok; i++)
		n += span[i] = tok_span(v, &r->tok[i]);
	keep = emalloc((n + 1) * sizeof(*keep));
	for (i = 0, n = 0; i < r->ntok; i++) {
		memcpy(keep + n, v->labs + r->tok[i].lab, span[i] * sizeof(*keep));
		n += span[i];
	}
	vocab_clear(v);
	for (i = 0, n = 0; i < r->ntok; i++) {
		r->tok[i].lab = (uint32_t)v->nlabs;
		r->tok[i].root = r->tok[i].lab + r->tok[i].nlab;
		for (; v->nlabs < r->tok[i].lab + span[i]; n++)
			vocab_add_label(v, keep[n]);
	}
	free(keep);
	free(span);
}

/*
 * Tokens waiting for their vocab lookup while their slots are prefetched:
 * the table is larger than the cache, and PENDING misses at once overlap.
 * They are taken in text order. A plain word (ASCII letters and digits,
 * from tok_each_plain()) is read where it stands in the text; another token
 * is folded by the tokeniser into a buffer it reuses, so its bytes are
 * copied into held (up to HELD bytes at once).
 */
enum { PENDING = 16, HELD = 1024 };
#define FOLD 0x2020202020202020ull	/* OR-ed into a plain word: A-Z to a-z, digits as they are */

struct run_ctx {
	struct dict_run *r;
	const struct dict_trie *t;
	struct vkey pend[PENDING];	/* a plain word in the text, folded with FOLD; or in held */
	size_t off[PENDING], end[PENDING];	/* its bytes in the text */
	const char *end_text;
	int npend;
	size_t nheld;
	char held[HELD];
};

/* One token in text order: key, the normalised text[off..end). */
static inline __attribute__((always_inline)) void
take_token(struct run_ctx *rc, const struct vkey *key, size_t off, size_t end)
{
	struct dict_run *r = rc->r;
	struct vocab_ent e;
	struct dict_tok *k;
	size_t gap = off - r->prev_end;
	unsigned char before = (unsigned char)r->text[r->prev_end];	/* in the text: prev_end <= off */
	int linked, has, space, hyphen;

	/*
	 * The gap to the token before, with no branch on what it is: a space
	 * or a hyphen of one byte are the common ones, and random in a text.
	 */
	hyphen = (gap == 1) & (before == '-');
	if (gap == 3)
		hyphen = is_hyphen_gap(r->text, r->prev_end, off);
	r->words += !(r->seen_tok & hyphen);
	r->seen_tok = 1;
	has = vocab_get(r, rc->t, key, &e);
	/*
	 * Where a third of the tokens or more have labels, at random (r->dense,
	 * from the text before), they are written either way and kept by moving
	 * on, which mispredicts no branch; where few have, the others leave here.
	 */
	if (!(has | r->dense)) {	/* one branch, taken or not all along in a dense text */
		r->prev_end = end;
		r->prev_lab = 0;
		return;
	}
	space = (gap == 1) & (before == ' ');
	linked = r->prev_lab & has & space;
	if ((space ^ 1) & r->prev_lab & has)
		linked = is_soft_gap(r->text, r->prev_end, off);
	r->prev_end = end;
	r->prev_lab = has;
	if (r->ntok == r->atok) {
		if (r->ntok >= WINDOW + rc->t->depth) {
			slide(r, rc->t);
		} else {
			r->atok = WINDOW + rc->t->depth;
			r->tok = ereallocarray(r->tok, r->atok, sizeof(*r->tok));
		}
	}
	k = &r->tok[r->ntok];
	k->off = off;
	k->end = end;
	if (e.cut && has) {
		if (e.cut & CUT_FRONT)
			k->off = after_apostrophe(r->text, k->off, k->end);
		if (e.cut & CUT_BACK)
			k->end = last_apostrophe(r->text, k->off, k->end);
	}
	k->lab = e.lab;
	k->nlab = e.nlab;
	k->root = e.root;
	k->nroot = e.nroot;
	k->linked = linked;
	r->ntok += (size_t)has;
}

/* Takes the queued tokens, in order: their slots are in the cache by now. */
static void flush_pending(struct run_ctx *rc)
{
	int i;

	for (i = 0; i < rc->npend; i++)
		take_token(rc, &rc->pend[i], rc->off[i], rc->end[i]);
	rc->npend = 0;
	rc->nheld = 0;
}

/* Queues the token of key k (in rc->pend), its slot prefetched. */
static inline void pend(struct run_ctx *rc, size_t off, size_t end)
{
	const struct dict_vocab *v = rc->r->vocab;
	const struct vkey *k = &rc->pend[rc->npend];

	__builtin_prefetch(&v->slots[k->hash & v->mask]);
	rc->off[rc->npend] = off;
	rc->end[rc->npend] = end;
	if (++rc->npend == PENDING)
		flush_pending(rc);
}

/* A word of ASCII letters and digits as it stands in the text. */
static int run_plain(void *ctx, const char *s, size_t len)
{
	struct run_ctx *rc = ctx;
	size_t off = (size_t)(s - rc->r->text);

	vkey_init(&rc->pend[rc->npend], s, len, FOLD, rc->end_text);
	pend(rc, off, off + len);
	return 0;
}

/* Any other token, already folded by the tokeniser into tk->s, which it reuses. */
static int run_token(void *ctx, const struct token *tk)
{
	struct run_ctx *rc = ctx;
	struct vkey k;

	if (tk->len > HELD - rc->nheld)
		flush_pending(rc);
	if (tk->len > HELD) {	/* a very long one: taken at once */
		vkey_init(&k, tk->s, tk->len, 0, tk->s + tk->len);
		take_token(rc, &k, tk->off, tk->end);
		return 0;
	}
	memcpy(rc->held + rc->nheld, tk->s, tk->len);
	vkey_init(&rc->pend[rc->npend], rc->held + rc->nheld, tk->len, 0, rc->held + rc->nheld + tk->len);
	rc->nheld += tk->len;
	pend(rc, tk->off, tk->end);
	return 0;
}

void dict_run(struct dict_run *r, const struct dict *d, const char *text, size_t len)
{
	struct run_ctx rc;
	size_t i, base = r->base;

	rc.r = r;
	rc.t = d->trie;
	rc.npend = 0;
	rc.nheld = 0;
	rc.end_text = text + len;
	for (i = 0; i < r->nseen; i++)
		r->counts[r->seen[i]] = 0;
	r->nm = r->ntok = r->words = r->prev_end = r->nseen = 0;
	r->seen_tok = r->prev_lab = 0;
	r->text = text;
	if (r->slow_path)
		tok_each(&match_opts, text, len, run_token, &rc);
	else
		tok_each_plain(&match_opts, text, len, run_plain, &rc, run_token, &rc);
	flush_pending(&rc);
	match_starts(r, d->trie, r->ntok);
	r->base += r->ntok;
	r->dense = (r->base - base) * 3 > r->words;
}
