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

struct dict_trie {
	struct htab vocab;		/* exact tokens */
	struct htab prefixes;		/* prefix tokens */
	struct emap edges;		/* (node << 32 | label) -> node */
	uint32_t nnodes;
	uint32_t *out_off, *out_n;	/* per node: its concepts in outs */
	uint32_t *outs;
	struct emap bytes;		/* byte trie of prefixes: (bnode << 8 | byte) -> bnode */
	uint32_t broot[256];
	uint32_t *bterm;		/* per bnode: prefix id + 1, or 0 */
	uint32_t nbnodes;
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
	free(t->out_off);
	free(t->out_n);
	free(t->outs);
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
	t->out_off = ecalloc(t->nnodes, sizeof(*t->out_off));
	t->out_n = ecalloc(t->nnodes, sizeof(*t->out_n));
	t->outs = emalloc((nouts + 1) * sizeof(*t->outs));
	for (i = 0, n = 0; i < nouts; i++) {
		if (i && outs[i].node == outs[i - 1].node && outs[i].concept == outs[i - 1].concept)
			continue;
		if (!t->out_n[outs[i].node])
			t->out_off[outs[i].node] = (uint32_t)n;
		t->out_n[outs[i].node]++;
		t->outs[n++] = outs[i].concept;
	}
	free(outs);
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
 * its labels (its exact token's id and the prefixes it begins with) are
 * kept, so a token seen before costs one hash probe, and one that begins no
 * pattern is dropped at once. Kept across the documents of a run (a corpus
 * repeats its words) and cleared when it grows past VOCAB_MAX tokens.
 */
struct vocab_slot {
	uint64_t hash;
	uint32_t key;		/* offset in keys, or NONE for an empty slot */
	uint32_t len;
	uint32_t lab, nlab;	/* its labels: labs[lab .. lab + nlab) */
	unsigned char cut;	/* CUT_FRONT: an elision came off; CUT_BACK: an "'s" */
	unsigned char starts;	/* one of its labels begins a pattern */
};

enum { CUT_FRONT = 1, CUT_BACK = 2, VOCAB_MAX = 1 << 20 };

struct dict_vocab {
	struct vocab_slot *slots;
	size_t mask, n;
	struct buf keys;
	uint32_t *labs;
	size_t nlabs, alabs;
};

/* A token with labels: the only ones the matcher looks at. */
struct dict_tok {
	size_t off, end;	/* its bytes, without a cut elision or "'s" */
	uint32_t lab, nlab;	/* its labels in the vocab */
	unsigned char linked;	/* the token before is the previous dict_tok, across a soft gap */
	unsigned char starts;
};

static void vocab_clear(struct dict_vocab *v)
{
	size_t size = 1 << 12;

	free(v->slots);
	v->slots = emalloc(size * sizeof(*v->slots));
	memset(v->slots, 0xFF, size * sizeof(*v->slots));
	v->mask = size - 1;
	v->n = 0;
	v->nlabs = 0;
	buf_reset(&v->keys);
}

static void vocab_grow(struct dict_vocab *v)
{
	struct vocab_slot *old = v->slots;
	size_t i, j, size = (v->mask + 1) * 2;

	v->slots = emalloc(size * sizeof(*v->slots));
	memset(v->slots, 0xFF, size * sizeof(*v->slots));
	for (i = 0; i <= v->mask; i++) {
		if (old[i].key == NONE)
			continue;
		for (j = old[i].hash & (size - 1); v->slots[j].key != NONE; j = (j + 1) & (size - 1))
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

/* Fills e's labels from the matcher: the token without its elision or "'s". */
static void vocab_labels(struct dict_vocab *v, const struct dict_trie *t, struct vocab_slot *e,
			 const char *s, size_t len)
{
	int front, back;
	long id;
	size_t i;
	uint32_t b, k;

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
	e->starts = 0;
	for (k = e->lab; k < v->nlabs && !e->starts; k++)
		e->starts = emap_get(&t->edges, v->labs[k]) != NONE;	/* an edge from the root */
}

/* The slot of a token, looked up in the matcher when new. */
static const struct vocab_slot *vocab_get(struct dict_vocab *v, const struct dict_trie *t,
					  const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	struct vocab_slot *e;
	size_t j;

	for (j = h & v->mask; (e = &v->slots[j])->key != NONE; j = (j + 1) & v->mask)
		if (e->hash == h && e->len == len && !memcmp(v->keys.data + e->key, s, len))
			return e;
	if ((v->n + 1) * 2 > v->mask + 1) {
		vocab_grow(v);
		for (j = h & v->mask; v->slots[j].key != NONE; j = (j + 1) & v->mask)
			;
		e = &v->slots[j];
	}
	e->hash = h;
	e->key = (uint32_t)v->keys.len;
	e->len = (uint32_t)len;
	buf_add(&v->keys, s, len);
	v->n++;
	vocab_labels(v, t, e, s, len);
	return e;
}

void dict_run_init(struct dict_run *r, const struct dict *d)
{
	memset(r, 0, sizeof(*r));
	r->best = ecalloc(d->nconcepts + 1, sizeof(*r->best));
	r->stamp = ecalloc(d->nconcepts + 1, sizeof(*r->stamp));
	r->free_at = ecalloc(d->nconcepts + 1, sizeof(*r->free_at));
	r->touched = ecalloc(d->nconcepts + 1, sizeof(*r->touched));
	r->vocab = ecalloc(1, sizeof(*r->vocab));
	vocab_clear(r->vocab);
}

void dict_run_release(struct dict_run *r)
{
	free(r->m);
	free(r->tok);
	free(r->best);
	free(r->stamp);
	free(r->free_at);
	free(r->touched);
	free(r->stack);
	if (r->vocab) {
		free(r->vocab->slots);
		free(r->vocab->labs);
		buf_release(&r->vocab->keys);
		free(r->vocab);
	}
	memset(r, 0, sizeof(*r));
}

/* Is text[a..b) a single hyphen, the one tok_each() split a word at? */
static int is_hyphen_gap(const char *text, size_t a, size_t b)
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

struct run_ctx {
	struct dict_run *r;
	const struct dict_trie *t;
};

static int run_token(void *ctx, const struct token *tk)
{
	struct run_ctx *rc = ctx;
	struct dict_run *r = rc->r;
	const struct vocab_slot *e;
	struct dict_tok *k;
	int linked;

	if (!r->seen_tok || !is_hyphen_gap(r->text, r->prev_end, tk->off))
		r->words++;
	r->seen_tok = 1;
	e = vocab_get(r->vocab, rc->t, tk->s, tk->len);
	linked = r->prev_lab && e->nlab && is_soft_gap(r->text, r->prev_end, tk->off);
	r->prev_end = tk->end;
	r->prev_lab = e->nlab != 0;
	if (!e->nlab)
		return 0;	/* most tokens: in no pattern */
	if (r->ntok == r->atok) {
		r->atok = r->atok ? r->atok * 2 : 256;
		r->tok = ereallocarray(r->tok, r->atok, sizeof(*r->tok));
	}
	k = &r->tok[r->ntok++];
	k->off = tk->off;
	k->end = tk->end;
	if (e->cut & CUT_FRONT)
		k->off = after_apostrophe(r->text, k->off, k->end);
	if (e->cut & CUT_BACK)
		k->end = last_apostrophe(r->text, k->off, k->end);
	k->lab = e->lab;
	k->nlab = e->nlab;
	k->linked = (unsigned char)linked;
	k->starts = e->starts;
	return 0;
}

static void push(struct dict_run *r, size_t *n, size_t node, size_t j)
{
	if (*n + 2 > r->astack) {
		r->astack = r->astack ? r->astack * 2 : 64;
		r->stack = ereallocarray(r->stack, r->astack, sizeof(*r->stack));
	}
	r->stack[(*n)++] = node;
	r->stack[(*n)++] = j;
}

static void add_match(struct dict_run *r, uint32_t c, size_t off, size_t end)
{
	if (r->nm == r->am) {
		r->am = r->am ? r->am * 2 : 64;
		r->m = ereallocarray(r->m, r->am, sizeof(*r->m));
	}
	r->m[r->nm].concept = c;
	r->m[r->nm].off = off;
	r->m[r->nm++].end = end;
}

/*
 * Every concept's longest match starting at token i: r->best, listed in
 * r->touched. A pattern runs over consecutive tokens with labels, each
 * linked to the one before.
 */
static size_t longest_at(struct dict_run *r, const struct dict_trie *t, size_t i)
{
	const uint32_t *labs = r->vocab->labs;
	size_t ns = 0, ntouched = 0, node, j, l, o;
	uint32_t next, c;

	push(r, &ns, 0, i);
	while (ns) {
		j = r->stack[--ns];
		node = r->stack[--ns];
		for (o = t->out_off[node]; o < t->out_off[node] + t->out_n[node]; o++) {
			c = t->outs[o];
			if (r->stamp[c] != i + 1) {
				r->stamp[c] = i + 1;
				r->best[c] = j;
				r->touched[ntouched++] = c;
			} else if (j > r->best[c]) {
				r->best[c] = j;
			}
		}
		if (j == r->ntok || (j > i && !r->tok[j].linked))
			continue;
		for (l = r->tok[j].lab; l < r->tok[j].lab + r->tok[j].nlab; l++)
			if ((next = emap_get(&t->edges, (uint64_t)node << 32 | labs[l])) != NONE)
				push(r, &ns, next, j + 1);
	}
	return ntouched;
}

void dict_run(struct dict_run *r, const struct dict *d, const char *text, size_t len)
{
	const struct dict_trie *t = d->trie;
	struct run_ctx rc = { r, t };
	size_t i, k, n, m;
	uint32_t c;

	r->nm = r->ntok = r->words = r->prev_end = 0;
	r->seen_tok = r->prev_lab = 0;
	r->text = text;
	if (r->vocab->n > VOCAB_MAX || r->vocab->keys.len > (size_t)VOCAB_MAX * 64)
		vocab_clear(r->vocab);
	tok_each(&match_opts, text, len, run_token, &rc);
	memset(r->free_at, 0, d->nconcepts * sizeof(*r->free_at));
	memset(r->stamp, 0, d->nconcepts * sizeof(*r->stamp));
	for (i = 0; i < r->ntok; i++) {
		if (!r->tok[i].starts)
			continue;	/* most tokens begin no pattern */
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
			if (r->free_at[c] > i || r->best[c] == i)
				continue;
			add_match(r, c, r->tok[i].off, r->tok[r->best[c] - 1].end);
			r->free_at[c] = r->best[c];
		}
	}
}
