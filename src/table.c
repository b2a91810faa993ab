/* table.c: frequency tables: sum, sort, write as TSV/CSV/JSONL, read TSV back. */
#include <errno.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "err.h"
#include "jsonl.h"
#include "table.h"

void table_init(struct table *t, enum table_kind kind)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	htab_init(&t->keys);
}

void table_release(struct table *t)
{
	htab_release(&t->keys);
	free(t->count);
	free(t->ndocs);
	table_init(t, TABLE_ANY);
}

size_t table_add(struct table *t, const char *key, size_t len,
		 unsigned long long count, unsigned long long docs)
{
	int added;
	size_t id = htab_intern(&t->keys, key, len, &added);

	if (id >= t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 1024;
		t->count = ereallocarray(t->count, t->alloc, sizeof(*t->count));
		t->ndocs = ereallocarray(t->ndocs, t->alloc, sizeof(*t->ndocs));
	}
	if (added)
		t->count[id] = t->ndocs[id] = 0;
	t->count[id] += count;
	t->ndocs[id] += docs;
	return id;
}

void table_sum(struct table *t, const struct table *src)
{
	size_t i, len;
	const char *k;

	for (i = 0; i < table_rows(src); i++) {
		k = htab_key(&src->keys, i, &len);
		table_add(t, k, len, src->count[i], src->ndocs[i]);
	}
	t->tokens += src->tokens;
	t->docs += src->docs;
	t->partial |= src->partial;
}

const char *table_kind_name(enum table_kind kind)
{
	return kind == TABLE_CONCEPTS ? "concepts" : "count";
}

const char *table_key_col(enum table_kind kind)
{
	return kind == TABLE_CONCEPTS ? "concept" : "term";
}

const char *table_norm_col(enum table_kind kind)
{
	return kind == TABLE_CONCEPTS ? "per_10k" : "per_million";
}

double table_norm_scale(enum table_kind kind)
{
	return kind == TABLE_CONCEPTS ? 1e4 : 1e6;
}

double table_norm(const struct table *t, unsigned long long count)
{
	return t->tokens ? (double)count * table_norm_scale(t->kind) / (double)t->tokens : 0.0;
}

/* ---- sorting ---- */

/*
 * What the sort compares: the count, then the key's first 8 bytes as one
 * big-endian number (zero-padded: the same order as the bytes), so that most
 * comparisons touch neither the keys nor a comparison function.
 */
struct sort_key {
	unsigned long long count;
	uint64_t prefix;
	const struct table_rec *r;
};

static uint64_t key_prefix(const char *key, size_t len)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v = v << 8 | (i < len ? (unsigned char)key[i] : 0);
	return v;
}

/* True when a sorts before b: count descending, then key bytewise. */
static int before(const struct sort_key *a, const struct sort_key *b)
{
	size_t n;
	int c;

	if (a->count != b->count)
		return a->count > b->count;
	if (a->prefix != b->prefix)
		return a->prefix < b->prefix;
	n = a->r->len < b->r->len ? a->r->len : b->r->len;
	c = n > 8 ? memcmp(a->r->key + 8, b->r->key + 8, n - 8) : 0;
	return c ? c < 0 : a->r->len < b->r->len;
}

/* Merge sort of k[0..n) with tmp of n: stable, and the comparison inlined. */
static void merge_sort(struct sort_key *k, struct sort_key *tmp, size_t n)
{
	size_t i, j, o, h = n / 2;
	struct sort_key x;

	if (n <= 16) {
		for (i = 1; i < n; i++) {
			x = k[i];
			for (j = i; j > 0 && before(&x, &k[j - 1]); j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
		return;
	}
	merge_sort(k, tmp, h);
	merge_sort(k + h, tmp, n - h);
	if (!before(&k[h], &k[h - 1]))
		return;
	memcpy(tmp, k, h * sizeof(*k));
	for (i = 0, j = h, o = 0; i < h && j < n;)
		k[o++] = before(&k[j], &tmp[i]) ? k[j++] : tmp[i++];
	while (i < h)
		k[o++] = tmp[i++];
}

void table_sort_recs(struct table_rec *r, size_t n)
{
	struct sort_key *k, *tmp;
	struct table_rec *out;
	size_t i;

	if (n < 2)
		return;
	k = emalloc(n * sizeof(*k));
	tmp = emalloc((n / 2 + 1) * sizeof(*tmp));
	for (i = 0; i < n; i++) {
		k[i].count = r[i].count;
		k[i].prefix = key_prefix(r[i].key, r[i].len);
		k[i].r = &r[i];
	}
	merge_sort(k, tmp, n);
	out = emalloc(n * sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = *k[i].r;
	memcpy(r, out, n * sizeof(*r));
	free(out);
	free(tmp);
	free(k);
}

/* t's rows as records, sorted. */
static struct table_rec *sorted_recs(const struct table *t, size_t *n)
{
	struct table_rec *r;
	size_t i;

	*n = table_rows(t);
	r = emalloc((*n ? *n : 1) * sizeof(*r));
	for (i = 0; i < *n; i++) {
		r[i].count = t->count[i];
		r[i].docs = t->ndocs[i];
		r[i].key = htab_key(&t->keys, i, &r[i].len);
		r[i].id = i;
	}
	table_sort_recs(r, *n);
	return r;
}

size_t *table_sorted(const struct table *t, size_t *n)
{
	struct table_rec *r = sorted_recs(t, n);
	size_t i, *ids;

	ids = emalloc((*n ? *n : 1) * sizeof(*ids));
	for (i = 0; i < *n; i++)
		ids[i] = r[i].id;
	free(r);
	return ids;
}

/* ---- writing ---- */

int table_format_parse(const char *s)
{
	if (!strcmp(s, "tsv"))
		return TABLE_TSV;
	if (!strcmp(s, "csv"))
		return TABLE_CSV;
	if (!strcmp(s, "jsonl"))
		return TABLE_JSONL;
	return -1;
}

void csv_add_field(struct buf *out, const char *s, size_t len)
{
	size_t i;

	if (!memchr(s, ',', len) && !memchr(s, '"', len) && !memchr(s, '\n', len) &&
	    !memchr(s, '\r', len)) {
		buf_add(out, s, len);
		return;
	}
	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addc(out, '"');
		buf_addc(out, s[i]);
	}
	buf_addc(out, '"');
}

/* Writes v in decimal at p; returns its length (at most 20). */
static size_t put_ull(char *p, unsigned long long v)
{
	char d[20];
	size_t n = 0;

	do
		d[sizeof(d) - ++n] = (char)('0' + v % 10);
	while ((v /= 10));
	memcpy(p, d + sizeof(d) - n, n);
	return n;
}

/*
 * Appends v >= 0 as printf's "%.2f" would, without printf: it was most of
 * the time of writing a large table. v * 100 is exact in a long double of
 * 60 bits or more (53 + 7), so its fraction decides the rounding exactly,
 * ties to even like glibc's; elsewhere, and for huge or odd values, snprintf.
 */
void table_add_fixed2(struct buf *out, double v)
{
#if LDBL_MANT_DIG >= 60
	long double y = (long double)v * 100.0L, frac;
	unsigned long long c;
	char *p;

	if (v >= 0 && v < 1e15) {
		c = (unsigned long long)y;
		frac = y - (long double)c;
		if (frac > 0.5L || (frac == 0.5L && (c & 1)))
			c++;
		buf_grow(out, 24);
		p = out->data + out->len;
		p += put_ull(p, c / 100);
		*p++ = '.';
		*p++ = (char)('0' + c / 10 % 10);
		*p++ = (char)('0' + c % 10);
		*p = '\0';
		out->len = (size_t)(p - out->data);
		return;
	}
#endif
	buf_addf(out, "%.2f", v);
}

static int keep_row(const struct table_rec *r, const struct table_limits *lim)
{
	return !lim || (r->count >= lim->min_count && r->docs >= lim->min_docs);
}

static void write_row(struct buf *out, const struct table *t, const struct table_rec *r,
		      enum table_format fmt)
{
	char sep = fmt == TABLE_CSV ? ',' : '\t';

	switch (fmt) {
	case TABLE_TSV:
	case TABLE_CSV:
		if (fmt == TABLE_TSV)
			buf_add(out, r->key, r->len);
		else
			csv_add_field(out, r->key, r->len);
		buf_grow(out, 48);
		out->data[out->len++] = sep;
		out->len += put_ull(out->data + out->len, r->count);
		out->data[out->len++] = sep;
		out->len += put_ull(out->data + out->len, r->docs);
		out->data[out->len++] = sep;
		table_add_fixed2(out, table_norm(t, r->count));
		buf_addc(out, '\n');
		break;
	case TABLE_JSONL:
		buf_addf(out, "{\"%s\":", table_key_col(t->kind));
		json_add_string(out, r->key, r->len);
		buf_addf(out, ",\"count\":%llu,\"docs\":%llu,\"%s\":%.2f}\n", r->count, r->docs,
			 table_norm_col(t->kind), table_norm(t, r->count));
		break;
	}
}

void table_write_head(struct buf *out, const struct table *t, enum table_format fmt, int partial)
{
	if (fmt == TABLE_TSV)
		buf_addf(out, "#hrtk\ttable=%s\ttokens=%llu\tdocs=%llu%s\n", table_kind_name(t->kind),
			 t->tokens, t->docs, partial ? "\tpartial=1" : "");
	if (fmt != TABLE_JSONL)
		buf_addf(out, "%s%ccount%cdocs%c%s\n", table_key_col(t->kind), fmt == TABLE_CSV ? ',' : '\t',
			 fmt == TABLE_CSV ? ',' : '\t', fmt == TABLE_CSV ? ',' : '\t', table_norm_col(t->kind));
}

void table_write_range(struct buf *out, const struct table *t, size_t i0, size_t i1,
		       table_row_fn row, void *ctx, enum table_format fmt)
{
	struct table_rec r;
	size_t i;

	buf_grow(out, (i1 - i0) * 32);	/* rows of short words: no copies growing */
	for (i = i0; i < i1; i++) {
		row(ctx, i, &r);
		write_row(out, t, &r, fmt);
	}
}

void table_write_rows(struct buf *out, const struct table *t, size_t n, table_row_fn row, void *ctx,
		      enum table_format fmt, const struct table_limits *lim)
{
	size_t i, kept = 0, shown;
	size_t top = lim && lim->top ? lim->top : (size_t)-1;
	struct table_rec r;

	for (i = 0; i < n; i++) {
		row(ctx, i, &r);
		kept += keep_row(&r, lim);
	}
	table_write_head(out, t, fmt, t->partial || kept < n || kept > top);
	if (kept == n && top >= n) {
		table_write_range(out, t, 0, n, row, ctx, fmt);
		return;
	}
	for (i = 0, shown = 0; i < n && shown < top; i++) {
		row(ctx, i, &r);
		if (!keep_row(&r, lim))
			continue;
		write_row(out, t, &r, fmt);
		shown++;
	}
}

static void rec_row(void *ctx, size_t i, struct table_rec *r)
{
	*r = ((const struct table_rec *)ctx)[i];
}

void table_write(struct buf *out, const struct table *t, enum table_format fmt,
		 const struct table_limits *lim)
{
	size_t n;
	struct table_rec *r = sorted_recs(t, &n);

	table_write_rows(out, t, n, rec_row, r, fmt, lim);
	free(r);
}

/* ---- reading ---- */

/* A whole number of digits only; 0, or -1 when s is not one or overflows. */
static int parse_ull(const char *s, size_t len, unsigned long long *v)
{
	size_t i;

	*v = 0;
	if (!len || len > 19)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned long long)(s[i] - '0');
	}
	return 0;
}

/* Splits line at tabs into at most max fields; returns how many there are. */
static size_t split_tabs(char *line, size_t len, char **f, size_t *flen, size_t max)
{
	size_t n = 0;
	char *p = line, *end = line + len, *tab;

	for (;;) {
		tab = memchr(p, '\t', (size_t)(end - p));
		if (n < max) {
			f[n] = p;
			flen[n] = (size_t)((tab ? tab : end) - p);
		}
		n++;
		if (!tab)
			return n;
		p = tab + 1;
	}
}

struct totals {
	enum table_kind kind;
	unsigned long long tokens, docs;
	int partial, have_kind, have_tokens, have_docs;
};

/* The "#hrtk" line: key=value fields; unknown keys are ignored for later versions. */
static int parse_totals(char *line, size_t len, struct totals *tt, struct buf *msg)
{
	char *f[16];
	size_t fl[16], n, i, klen;
	char *eq;

	n = split_tabs(line, len, f, fl, 16);
	if (n < 1 || fl[0] != 5 || memcmp(f[0], "#hrtk", 5)) {
		buf_adds(msg, "not an hrtk table: the first line must start with \"#hrtk\"");
		return -1;
	}
	for (i = 1; i < n && i < 16; i++) {
		eq = memchr(f[i], '=', fl[i]);
		if (!eq)
			continue;
		klen = (size_t)(eq - f[i]);
#define KEY_IS(s) (klen == sizeof(s) - 1 && !memcmp(f[i], s, klen))
		if (KEY_IS("table")) {
			size_t vl = fl[i] - klen - 1;

			if (vl == 5 && !memcmp(eq + 1, "count", 5))
				tt->kind = TABLE_COUNT;
			else if (vl == 8 && !memcmp(eq + 1, "concepts", 8))
				tt->kind = TABLE_CONCEPTS;
			else {
				buf_addf(msg, "unknown table kind '%.*s'", (int)vl, eq + 1);
				return -1;
			}
			tt->have_kind = 1;
		} else if (KEY_IS("tokens") || KEY_IS("docs")) {
			unsigned long long v;

			if (parse_ull(eq + 1, fl[i] - klen - 1, &v) < 0) {
				buf_addf(msg, "'%.*s' is not a whole number", (int)fl[i], f[i]);
				return -1;
			}
			if (KEY_IS("tokens"))
				tt->tokens = v, tt->have_tokens = 1;
			else
				tt->docs = v, tt->have_docs = 1;
		} else if (KEY_IS("partial")) {
			tt->partial = fl[i] - klen - 1 != 1 || eq[1] != '0';
		}
#undef KEY_IS
	}
	if (!tt->have_kind || !tt->have_tokens || !tt->have_docs) {
		buf_addf(msg, "the \"#hrtk\" line lacks %s", !tt->have_kind ? "table=" :
			 !tt->have_tokens ? "tokens=" : "docs=");
		return -1;
	}
	return 0;
}

static int check_header(const struct table *t, const char *line, size_t len, struct buf *msg)
{
	struct buf want = BUF_INIT;
	int rc = 0;

	buf_addf(&want, "%s\tcount\tdocs\t%s", table_key_col(t->kind), table_norm_col(t->kind));
	if (len != want.len || memcmp(line, want.data, len)) {
		buf_addf(msg, "the header row must be \"%s count docs %s\", tab-separated",
			 table_key_col(t->kind), table_norm_col(t->kind));
		rc = -1;
	}
	buf_release(&want);
	return rc;
}

/* True for the header row of t's kind (a row whose count is "count"). */
static int is_header(const struct table *t, const char *line, size_t len)
{
	const char *tab = memchr(line, '\t', len);

	return t->kind != TABLE_ANY && tab && (size_t)(line + len - tab) > 6 &&
	       !memcmp(tab + 1, "count\t", 6);
}

static int parse_row(struct table *t, char *line, size_t len, unsigned char **seen, size_t *nseen, struct buf *msg)
{
	char *f[4];
	size_t fl[4], n, id;
	unsigned long long count, docs;

	n = split_tabs(line, len, f, fl, 4);
	if (n != 4) {
		buf_addf(msg, "%zu fields, expected 4 (%s, count, docs, %s)", n,
			 table_key_col(t->kind), table_norm_col(t->kind));
		return -1;
	}
	if (!fl[0]) {
		buf_addf(msg, "empty %s", table_key_col(t->kind));
		return -1;
	}
	if (parse_ull(f[1], fl[1], &count) < 0) {
		buf_addf(msg, "count '%.*s' is not a whole number", (int)fl[1], f[1]);
		return -1;
	}
	if (parse_ull(f[2], fl[2], &docs) < 0) {
		buf_addf(msg, "docs '%.*s' is not a whole number", (int)fl[2], f[2]);
		return -1;
	}
	id = table_add(t, f[0], fl[0], count, docs);
	/* A key twice in one table is a broken table, not something to sum. */
	if (!seen)
		return 0;
	if (id >= *nseen) {
		size_t m = (id + 1) * 2;

		*seen = erealloc(*seen, m);
		memset(*seen + *nseen, 0, m - *nseen);
		*nseen = m;
	}
	if ((*seen)[id]) {
		buf_addf(msg, "%s '%.*s' appears twice", table_key_col(t->kind), (int)fl[0], f[0]);
		return -1;
	}
	(*seen)[id] = 1;
	return 0;
}

int table_read(struct table *t, const char *path, struct buf *err)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	struct totals tt = { 0 };
	struct reader r;
	struct buf line = BUF_INIT, msg = BUF_INIT;
	unsigned char *seen = NULL;
	size_t lineno = 0, nseen = 0, ntables = 0, headers = 0;
	int rc, failed;

	if (reader_open(&r, path) < 0) {
		buf_addf(err, "%s: %s", name, strerror(errno));
		return -1;
	}
	/*
	 * One table, or several concatenated in any line order (what a
	 * map-reduce shuffle hands a reducer): every "#hrtk" line adds its
	 * totals, header rows are skipped, and a key may then recur.
	 */
	while (buf_reset(&line), (rc = reader_line(&r, &line)) > 0) {
		lineno++;
		if (line.len && line.data[line.len - 1] == '\n')
			line.data[--line.len] = '\0';
		if (line.len && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (lineno == 1 || (line.len >= 5 && !memcmp(line.data, "#hrtk", 5))) {
			memset(&tt, 0, sizeof(tt));
			if (parse_totals(line.data, line.len, &tt, &msg) < 0)
				break;
			if (t->kind != TABLE_ANY && t->kind != tt.kind) {
				buf_addf(&msg, "a %s table cannot be combined with a %s table",
					 table_kind_name(tt.kind), table_kind_name(t->kind));
				break;
			}
			t->kind = tt.kind;
			t->tokens += tt.tokens;
			t->docs += tt.docs;
			t->partial |= tt.partial;
			ntables++;
		} else if (lineno == 2 || is_header(t, line.data, line.len)) {
			if (check_header(t, line.data, line.len, &msg) < 0)
				break;
			headers++;
		} else if (parse_row(t, line.data, line.len, ntables > 1 ? NULL : &seen, &nseen, &msg) < 0) {
			break;
		}
	}
	if (rc < 0 && !msg.len)
		buf_addf(&msg, "%s", reader_strerror(&r));
	else if (!msg.len && (lineno < 2 || !headers))
		buf_adds(&msg, lineno ? "no header row" : "empty file, not an hrtk table");
	failed = msg.len > 0;
	if (failed)
		buf_addf(err, "%s:%zu: %s", name, lineno ? lineno : 1, msg.data);
	reader_close(&r);
	buf_release(&line);
	buf_release(&msg);
	free(seen);
	return failed ? -1 : 0;
}
