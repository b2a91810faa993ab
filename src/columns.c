/*
 * columns.c: two columns side by side, as pdftotext -layout prints them.
 *
 * Such a page's lines hold the left column's text, a gutter of spaces at the
 * same place on every line, then the right column's text starting at one
 * column (its left edge; a first-line indent starts a little after it).
 * The lines between the first and the last that have text on both sides
 * are cut at the right column's edge and given back as the left column,
 * then the right; a line across the gutter (a heading or a caption over
 * both columns) ends one such block and stays whole, and so do the lines
 * above and below the columns (running headers, titles, footers).
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pdftext.h"
#include "utf8.h"

enum seg { SEG_BLANK, SEG_LEFT, SEG_RIGHT, SEG_BOTH, SEG_SPAN };

/* A page is laid out in columns when this many lines have text on both sides. */
enum { MIN_BOTH = 5 };

static int is_blank_cp(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0xA0;
}

/* Columns of line l, counted as the other walks here count them (bad UTF-8 too). */
static size_t line_width(const struct rawline *l)
{
	const unsigned char *p = (const unsigned char *)l->s;
	size_t i = 0, c = 0;
	int32_t cp;

	while (i < l->len) {
		i += utf8_decode(p + i, l->len - i, &cp);
		c++;
	}
	return c;
}

/* The byte offset of column col in line l, or l->len when the line is shorter. */
static size_t col_offset(const struct rawline *l, size_t col)
{
	const unsigned char *p = (const unsigned char *)l->s;
	size_t i = 0, c = 0;
	int32_t cp;

	while (i < l->len && c < col) {
		i += utf8_decode(p + i, l->len - i, &cp);
		c++;
	}
	return i;
}

/* Where a line's text is, against the right column's edge r (columns; ends exclusive). */
struct cols {
	size_t first, last;	/* the text's first and last columns; both 0: blank */
	size_t lend;		/* the end of the text left of r, or 0 */
	int right;		/* there is text at r or after it */
};

static void line_cols(const struct rawline *l, size_t r, struct cols *k)
{
	const unsigned char *p = (const unsigned char *)l->s;
	size_t i = 0, c = 0;
	int32_t cp;
	int any = 0;

	memset(k, 0, sizeof(*k));
	for (; i < l->len; c++) {
		i += utf8_decode(p + i, l->len - i, &cp);
		if (is_blank_cp(cp))
			continue;
		if (!any)
			k->first = c;
		any = 1;
		k->last = c + 1;
		if (c < r)
			k->lend = c + 1;
		else
			k->right = 1;
	}
}

/*
 * The right column's edge candidate on page [a, b): the column where most
 * lines have text after two blanks or more and text before them; *count
 * gets their number, *nbody the page's non-blank lines.
 */
static size_t find_edge(const struct rawline *v, size_t a, size_t b, size_t *count, size_t *nbody)
{
	size_t *both, width = 0, i, c, best = 0;

	*count = *nbody = 0;
	for (i = a; i < b; i++) {
		size_t w = line_width(&v[i]);

		width = w > width ? w : width;
	}
	/* a page is a few hundred columns wide: anything else is not pdftotext's layout */
	if (width < 20 || width > 1000)
		return 0;
	both = ecalloc(width + 1, sizeof(*both));
	for (i = a; i < b; i++) {
		const unsigned char *p = (const unsigned char *)v[i].s;
		size_t k = 0, blanks = 0;
		int32_t cp;
		int text = 0;

		for (c = 0; k < v[i].len; c++) {
			k += utf8_decode(p + k, v[i].len - k, &cp);
			if (is_blank_cp(cp)) {
				blanks++;
				continue;
			}
			if (text && blanks >= 2)
				both[c]++;
			text = 1;
			blanks = 0;
		}
		*nbody += text;
	}
	for (c = width / 4; c <= width * 3 / 4; c++)
		if (both[c] > both[best])
			best = c;
	*count = both[best];
	free(both);
	return best;
}

/*
 * Classifies the lines of page [a, b) against the right column's edge r:
 * returns 0 when there is no gutter to speak of.
 */
static int classify(const struct rawline *v, size_t a, size_t b, size_t r, enum seg *kind)
{
	size_t i, nboth = 0, nspan = 0;
	struct cols k;

	for (i = a; i < b; i++) {
		line_cols(&v[i], r, &k);
		if (k.last == 0)
			kind[i - a] = SEG_BLANK;
		else if (k.first >= r)
			kind[i - a] = SEG_RIGHT;
		else if (k.lend + 2 > r)
			/* text runs up to the edge, or across it with a word's space */
			kind[i - a] = SEG_SPAN;
		else
			kind[i - a] = k.right ? SEG_BOTH : SEG_LEFT;
		nboth += kind[i - a] == SEG_BOTH;
		nspan += kind[i - a] == SEG_SPAN;
	}
	/* a page of one column has lines across any edge: most of them */
	return nboth >= 2 && nspan * 2 <= nboth;
}

static int in_column(enum seg k)
{
	return k == SEG_LEFT || k == SEG_RIGHT || k == SEG_BOTH;
}

static void push(struct rawline **out, size_t *n, size_t *alloc, const struct rawline *l,
		 size_t from, size_t to)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 256;
		*out = ereallocarray(*out, *alloc, sizeof(**out));
	}
	(*out)[*n] = *l;
	(*out)[*n].s = l->s + from;
	(*out)[*n].len = to - from;
	(*n)++;
}

/* Emits one block of column lines [a, b): the left parts, then the right parts. */
static void emit_block(struct rawline **out, size_t *n, size_t *alloc, const struct rawline *v,
		       size_t a, size_t b, size_t r)
{
	size_t i, cut;
	int side;

	for (side = 0; side < 2; side++)
		for (i = a; i < b; i++) {
			cut = col_offset(&v[i], r);
			if (side == 0)
				push(out, n, alloc, &v[i], 0, cut);
			else
				push(out, n, alloc, &v[i], cut, v[i].len);
		}
}

/* Reorders page [a, b) into out when it is laid out in two columns. */
static void split_page(struct rawline **out, size_t *n, size_t *alloc, const struct rawline *v,
		       size_t a, size_t b, size_t r)
{
	size_t i, s, e, k;
	enum seg *kind;

	kind = ecalloc(b - a + 1, sizeof(*kind));
	if (!r || !classify(v, a, b, r, kind)) {
		for (i = a; i < b; i++)
			push(out, n, alloc, &v[i], 0, v[i].len);
		free(kind);
		return;
	}
	/* the columns: from the first two-sided line that has a column line after it */
	for (s = a; s < b; s++)
		if (kind[s - a] == SEG_BOTH && s + 1 < b && in_column(kind[s + 1 - a]))
			break;
	if (s == b) {
		for (i = a; i < b; i++)
			push(out, n, alloc, &v[i], 0, v[i].len);
		free(kind);
		return;
	}
	for (e = b; e > s; e--)
		if (kind[e - 1 - a] == SEG_BOTH && e - 1 > a && in_column(kind[e - 2 - a]))
			break;
	/* a column may run on past the other: column lines, single blank lines */
	while (s > a && (in_column(kind[s - 1 - a]) ||
			 (kind[s - 1 - a] == SEG_BLANK && s - 1 > a && in_column(kind[s - 2 - a]))))
		s--;
	while (e < b && (in_column(kind[e - a]) ||
			 (kind[e - a] == SEG_BLANK && e + 1 < b && in_column(kind[e + 1 - a]))))
		e++;
	for (i = a; i < s; i++)
		push(out, n, alloc, &v[i], 0, v[i].len);
	for (i = k = s; i < e; i++) {
		if (kind[i - a] != SEG_SPAN)
			continue;
		emit_block(out, n, alloc, v, k, i, r);
		push(out, n, alloc, &v[i], 0, v[i].len);
		k = i + 1;
	}
	if (k < e)
		emit_block(out, n, alloc, v, k, e, r);
	for (i = e; i < b; i++)
		push(out, n, alloc, &v[i], 0, v[i].len);
	free(kind);
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

/* The edge most pages have (the smallest of equals): a page with a short column uses it. */
static size_t common_edge(const size_t *edge, size_t npages)
{
	size_t *e = ecalloc(npages + 1, sizeof(*e)), i, j, best = 0, nbest = 0;

	memcpy(e, edge, npages * sizeof(*e));
	sort_array(e, npages, sizeof(*e), cmp_size);
	for (i = 0; i < npages; i = j) {
		for (j = i; j < npages && e[j] == e[i]; j++)
			;
		if (e[i] && j - i > nbest) {
			best = e[i];
			nbest = j - i;
		}
	}
	free(e);
	return best;
}

struct rawline *columns_split(struct rawline *v, size_t *n)
{
	struct rawline *out = NULL;
	size_t m = 0, alloc = 0, a, b, p, npages = 0, *edge, *best, *count, nbody, doc, r;

	for (a = 0; a < *n; a = b, npages++)
		for (b = a; b < *n && v[b].page == v[a].page; b++)
			;
	edge = ecalloc(npages + 1, sizeof(*edge));
	best = ecalloc(npages + 1, sizeof(*best));
	count = ecalloc(npages + 1, sizeof(*count));
	for (a = p = 0; a < *n; a = b, p++) {
		for (b = a; b < *n && v[b].page == v[a].page; b++)
			;
		best[p] = find_edge(v, a, b, &count[p], &nbody);
		if (count[p] >= MIN_BOTH && count[p] * 8 >= nbody)
			edge[p] = best[p];
	}
	/*
	 * A page with a short column (the last) has few two-sided lines: its
	 * edge is taken when it is near the one most pages have.
	 */
	doc = common_edge(edge, npages);
	for (a = p = 0; a < *n; a = b, p++) {
		for (b = a; b < *n && v[b].page == v[a].page; b++)
			;
		r = edge[p];
		if (!r && doc && count[p] >= 2 && best[p] + 3 >= doc && best[p] <= doc + 3)
			r = best[p];
		split_page(&out, &m, &alloc, v, a, b, r);
	}
	free(edge);
	free(best);
	free(count);
	free(v);
	*n = m;
	return out;
}
