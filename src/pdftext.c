/*
 * pdftext.c: pdftotext output (default, -raw or -layout mode) back into paragraphs.
 *
 * The text is cut into lines and pages (form feeds); two columns side by
 * side are put one after the other (columns.c); ligatures are expanded and
 * soft hyphens dropped; page furniture is marked (furniture.c); words
 * that pdftotext glued across a compound's line-end hyphen are split again
 * (dehyph.c); then lines are joined into paragraphs, deciding each line-end
 * hyphen on the way. Every removed line and every join goes to --explain.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "explain.h"
#include "extract.h"
#include "pdftext.h"
#include "unicode.h"
#include "utf8.h"

size_t pl_width(const char *s, size_t len)
{
	return utf8_count((const unsigned char *)s, len);
}

int32_t pl_first_cp(const char *s, size_t len)
{
	int32_t cp = 0;

	if (len)
		utf8_decode((const unsigned char *)s, len, &cp);
	return cp;
}

int32_t pl_last_cp(const char *s, size_t len)
{
	size_t i = len;
	int32_t cp = 0;

	if (!len)
		return 0;
	while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	utf8_decode((const unsigned char *)s + i, len - i, &cp);
	return cp;
}

/* Closing quotes and brackets that may follow a sentence's full stop. */
static int is_closer(int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D ||
	       cp == 0x2019 || cp == 0xBB || cp == 0x203A;
}

int pl_ends_sentence(const char *s, size_t len)
{
	int32_t cp;

	while (len && is_closer(cp = pl_last_cp(s, len))) {
		unsigned char b[4];

		len -= utf8_encode(cp, b);
	}
	cp = pl_last_cp(s, len);
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

/* The first letter or digit after opening quotes and brackets. */
static int32_t first_alnum(const struct buf *t)
{
	const unsigned char *p = (const unsigned char *)t->data, *end = p + t->len;
	int32_t cp;

	while (p < end) {
		p += utf8_decode(p, (size_t)(end - p), &cp);
		if (uni_is_alnum(cp))
			return cp;
		if (uni_is_space(cp) || !(cp == '"' || cp == '\'' || cp == '(' || cp == '[' ||
					    cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0xBF ||
					    cp == 0xA1 || cp == 0x201E))
			return cp;
	}
	return 0;
}

static int starts_lower(const struct pline *l)
{
	int32_t cp = first_alnum(&l->text);

	return uni_is_letter(cp) && !uni_is_upper(cp);
}

static int starts_upper(const struct pline *l)
{
	int32_t cp = first_alnum(&l->text);

	return uni_is_upper(cp) || uni_is_digit(cp);
}

/* Sets one line's text: ligatures expanded, soft hyphens removed, edge blanks trimmed. */
static void clean_line(struct pline *l, const char *s, size_t len)
{
	static const char *const lig[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct buf *t = &l->text;
	int32_t cp;
	size_t n, start = 0;

	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (cp >= 0xFB00 && cp <= 0xFB06)
			buf_adds(t, lig[cp - 0xFB00]);
		else if (cp == 0xA0)
			buf_addc(t, ' ');
		else if (cp == 0xAD) {
			/* a soft hyphen at the end marks a word cut by the line break */
			const unsigned char *q = p + n;

			while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
				q++;
			l->soft |= q == end;
		} else if (cp == '\f')
			;
		else
			buf_add(t, p, n);
		p += n;
	}
	while (start < t->len && (t->data[start] == ' ' || t->data[start] == '\t'))
		start++;
	if (start) {
		memmove(t->data, t->data + start, t->len - start);
		buf_truncate(t, t->len - start);
	}
	while (t->len && (t->data[t->len - 1] == ' ' || t->data[t->len - 1] == '\t' ||
			  t->data[t->len - 1] == '\r'))
		buf_truncate(t, t->len - 1);
	l->indent = start;
	l->kind = t->len ? PL_BODY : PL_BLANK;
}

/* The input's lines as they are, with their pages (form feeds before them). */
static struct rawline *raw_lines(const char *in, size_t len, size_t *n, int *npages)
{
	const char *p = in, *end = in + len, *nl;
	struct rawline *v = NULL;
	size_t alloc = 0, i;
	int page = 0;

	*n = 0;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			v = ereallocarray(v, alloc, sizeof(*v));
		}
		for (i = 0; p + i < nl && p[i] == '\f'; i++)
			page++;
		v[*n].s = p + i;
		v[*n].len = (size_t)(nl - p - i);
		v[*n].lineno = *n + 1;
		v[*n].page = page;
		/* form feeds later in the line start the next page after it */
		for (; p + i < nl; i++)
			page += p[i] == '\f';
		(*n)++;
	}
	*npages = page + 1;
	return v;
}

/* Splits the input into lines; returns them, their count in *n and the pages in *npages. */
static struct pline *split_lines(const char *in, size_t len, size_t *n, int *npages)
{
	struct rawline *raw = raw_lines(in, len, n, npages);
	struct pline *v;
	size_t i;

	raw = columns_split(raw, n);
	v = ecalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		v[i].lineno = raw[i].lineno;
		v[i].page = raw[i].page;
		clean_line(&v[i], raw[i].s, raw[i].len);
	}
	free(raw);
	return v;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The median width of body lines: the page's measure. */
static size_t measure(const struct pline *v, size_t n)
{
	size_t *w = ecalloc(n + 1, sizeof(*w)), k = 0, i, m;

	for (i = 0; i < n; i++)
		if (v[i].kind == PL_BODY)
			w[k++] = pl_width(v[i].text.data, v[i].text.len);
	sort_array(w, k, sizeof(*w), cmp_size);
	m = k ? w[k / 2] : 0;
	free(w);
	return m;
}

static const char *mechanism(enum pline_kind k)
{
	return k == PL_HEADER ? "header" : k == PL_FOOTER ? "footer" :
	       k == PL_PAGENUM ? "pagenum" : "blank";
}

/* A row for lines x and y, which columns (columns.c) may have put out of order. */
static void explain_pair(struct buf *ex, const char *id, size_t x, size_t y, const char *action,
			 const char *mech, const char *detail)
{
	explain_row(ex, id, x < y ? x : y, x < y ? y : x, action, mech, detail);
}

static void explain_text(struct buf *out, const char *why, const struct buf *a, const char *arrow,
			 const struct buf *b)
{
	buf_reset(out);
	buf_adds(out, why);
	buf_adds(out, ": \"");
	buf_add(out, a->data, a->len < 80 ? a->len : 80);
	buf_adds(out, "\"");
	if (b) {
		buf_adds(out, arrow);
		buf_adds(out, "\"");
		buf_add(out, b->data, b->len < 80 ? b->len : 80);
		buf_adds(out, "\"");
	}
}

/*
 * pdftotext's default mode drops a line-end hyphen and glues the halves, so
 * "long-" + "running" comes out as "longrunning" on a line made longer than
 * the measure by the next line's words. Such words near where the original
 * line ended are split again when the document shows them as compounds.
 */
/* True when column col may be where an original line of the given width ended. */
static int near_line_end(size_t col, size_t width)
{
	size_t m;

	if (!width)
		return 0;
	/* within half a measure before, or a fifth after, a multiple of the measure */
	m = col % width;
	return m * 2 >= width || (col >= width && m * 5 <= width);
}

static void resplit_line(struct pline *l, const struct dehyph *h, size_t width,
			 const struct extract_opts *o, struct buf *explain)
{
	const unsigned char *s = (const unsigned char *)l->text.data, *p = s, *w;
	const unsigned char *end = s + l->text.len;
	struct buf out = BUF_INIT, word = BUF_INIT, split = BUF_INIT, detail = BUF_INIT;
	size_t col = 0, wcol, off, done = 0;
	const char *why;
	int32_t cp;
	size_t n;

	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (!uni_is_letter(cp)) {
			p += n;
			col++;
			continue;
		}
		for (w = p, wcol = col; p < end; p += n, col++) {
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (!uni_is_letter(cp))
				break;
		}
		if ((w > s && w[-1] == '-') || (p < end && *p == '-') || !near_line_end(wcol, width))
			continue;
		off = dehyph_resplit(h, (const char *)w, (size_t)(p - w), &why);
		if (!off)
			continue;
		buf_add(&out, s + done, (size_t)(w - s) + off - done);
		buf_addc(&out, '-');
		done = (size_t)(w - s) + off;
		if (o->explain) {
			buf_reset(&word);
			buf_add(&word, w, (size_t)(p - w));
			buf_reset(&split);
			buf_add(&split, w, off);
			buf_addc(&split, '-');
			buf_add(&split, w + off, (size_t)(p - w) - off);
			explain_text(&detail, why, &word, " -> ", &split);
			explain_row(explain, o->doc_id, l->lineno, l->lineno, "edit", "hyphen", detail.data);
		}
	}
	if (done) {
		buf_add(&out, s + done, l->text.len - done);
		buf_release(&l->text);
		l->text = out;
	} else {
		buf_release(&out);
	}
	buf_release(&word);
	buf_release(&split);
	buf_release(&detail);
}

/* Paragraph assembly: the state of the paragraph being built. */
struct para {
	struct buf text;
	size_t first, last;	/* input lines */
	size_t lines;
	int count;		/* paragraphs written */
};

static int is_short(const struct pline *l, size_t width)
{
	return pl_width(l->text.data, l->text.len) * 5 < width * 4;
}

/* Ends in something that runs on: a comma, a dash, an ampersand. */
static int runs_on(const struct pline *l)
{
	int32_t cp = pl_last_cp(l->text.data, l->text.len);

	return cp == ',' || cp == ';' || cp == '-' || cp == '&' || cp == '/' || cp == '(' ||
	       cp == 0x2013 || cp == 0x2014;
}

/* A heading: a short line with no closing punctuation, followed by a new sentence. */
static int is_heading(const struct pline *l, const struct pline *next, size_t width)
{
	int32_t cp = pl_last_cp(l->text.data, l->text.len);

	return is_short(l, width) && starts_upper(l) && !runs_on(l) &&
	       cp != '.' && cp != ':' && cp != '!' && cp != '?' &&
	       (!next || !starts_lower(next));
}

/*
 * A first line indented (pdftotext -layout keeps indents) after a line that
 * ends a sentence or a lead-in: a new paragraph.
 */
static int indented(const struct pline *a, const struct pline *b, int ends)
{
	return b->indent >= a->indent + 2 && !starts_lower(b) &&
	       (ends || pl_last_cp(a->text.data, a->text.len) == ':');
}

/* A list item's marker starts the line: "a) ", "(2) ", "• ", "– ". */
static int is_item(const struct pline *l)
{
	const unsigned char *s = (const unsigned char *)l->text.data;
	size_t len = l->text.len, i = 0, n;
	int32_t cp;

	if (!len)
		return 0;
	n = utf8_decode(s, len, &cp);
	if ((cp == 0x2022 || cp == 0x25E6 || cp == 0x25AA || cp == 0x2023 || cp == 0xB7 ||
	     cp == '*' || cp == '-' || cp == 0x2013) && n < len && s[n] == ' ')
		return 1;
	i = s[0] == '(';
	n = i;
	while (i < len && i - n < 2 && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	/* one letter, or one or two digits */
	if (i == n || (i - n == 2 && !(s[n] >= '0' && s[n] <= '9' && s[n + 1] >= '0' && s[n + 1] <= '9')))
		return 0;
	return i + 1 < len && s[i] == ')' && s[i + 1] == ' ';
}

/* Whether a new paragraph starts at b after a. */
static int breaks(const struct pline *a, const struct pline *b, const struct pline *c,
		  int blank, int newpage, size_t width)
{
	int ends = pl_ends_sentence(a->text.data, a->text.len);

	if (newpage)
		return (ends && is_short(a, width)) || (ends && is_heading(b, c, width)) ||
		       indented(a, b, ends);
	if (blank)
		return ends || !starts_lower(b);
	if ((is_short(a, width) && !starts_lower(b) && !runs_on(a)) || indented(a, b, ends))
		return 1;
	if (is_item(b) && pl_last_cp(a->text.data, a->text.len) != '-')
		return 1;
	/* a sentence's end a little short of the measure ends a paragraph too */
	if (ends && !starts_lower(b) && pl_width(a->text.data, a->text.len) * 10 < width * 9)
		return 1;
	/*
	 * pdftotext's default mode prints a paragraph's lines run together when
	 * it joined a cut word: a sentence's end there is where the run ended
	 */
	if (ends && !starts_lower(b) && pl_width(a->text.data, a->text.len) * 10 > width * 11)
		return 1;
	return (ends || is_short(a, width)) && is_heading(b, c, width);
}

static void para_flush(struct para *pa, const struct extract_opts *o, struct extract_result *r)
{
	struct buf detail = BUF_INIT;

	if (!pa->lines)
		return;
	if (pa->count++)
		buf_adds(&r->text, "\n\n");
	else if (o->want_meta && pa->text.len < 300)
		buf_add(&r->title, pa->text.data, pa->text.len);
	buf_add(&r->text, pa->text.data, pa->text.len);
	if (o->explain) {
		buf_addf(&detail, "paragraph %d, %zu line%s", pa->count, pa->lines,
			 pa->lines == 1 ? "" : "s");
		explain_row(&r->explain, o->doc_id, pa->first, pa->last, "keep", "para", detail.data);
	}
	buf_reset(&pa->text);
	pa->lines = 0;
	pa->last = 0;
	buf_release(&detail);
}

/* The last word of a (before its final hyphen) and the first word of b. */
static void edge_words(const struct pline *a, const struct pline *b, size_t *xs, size_t *yl)
{
	const char *s = a->text.data;
	size_t end = a->soft ? a->text.len : a->text.len - 1, i = end;
	const unsigned char *p = (const unsigned char *)b->text.data, *q = p;
	const unsigned char *bend = p + b->text.len;
	int32_t cp;
	size_t n;

	while (i > 0) {
		size_t k = i - 1;

		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		utf8_decode((const unsigned char *)s + k, end - k, &cp);
		if (!uni_is_alnum(cp))
			break;
		i = k;
	}
	*xs = i;
	while (q < bend) {
		n = utf8_decode(q, (size_t)(bend - q), &cp);
		if (!uni_is_alnum(cp))
			break;
		q += n;
	}
	*yl = (size_t)(q - p);
}

/* Joins b to the paragraph after a's line-end hyphen; 1 when it was one. */
static int join_hyphen(struct para *pa, const struct pline *a, const struct pline *b,
		       const struct dehyph *h, int newpage, const struct extract_opts *o,
		       struct extract_result *r)
{
	struct buf x = BUF_INIT, y = BUF_INIT, res = BUF_INIT, detail = BUF_INIT;
	size_t xs, yl, xe;
	const char *why = "soft hyphen";
	int keep = 0;

	if (!a->soft && !(a->text.len >= 2 && a->text.data[a->text.len - 1] == '-' &&
			  uni_is_letter(pl_last_cp(a->text.data, a->text.len - 1))))
		return 0;
	if (!uni_is_letter(first_alnum(&b->text)) || !uni_is_alnum(pl_first_cp(b->text.data, b->text.len)))
		return 0;
	edge_words(a, b, &xs, &yl);
	xe = a->soft ? a->text.len : a->text.len - 1;
	buf_add(&x, a->text.data + xs, xe - xs);
	buf_add(&y, b->text.data, yl);
	if (!a->soft)
		keep = dehyph_keep(h, x.data, x.len, y.data, y.len, &why);
	if (!keep && !a->soft)
		buf_truncate(&pa->text, pa->text.len - 1);
	buf_add(&pa->text, b->text.data, b->text.len);
	if (o->explain) {
		buf_add(&res, x.data, x.len);
		if (keep)
			buf_addc(&res, '-');
		buf_add(&res, y.data, y.len);
		buf_add(&x, "-", !a->soft);
		explain_text(&detail, why, &x, " + ", &y);
		buf_addf(&detail, " -> \"%s\"%s", res.data, newpage ? " across a page break" : "");
		explain_pair(&r->explain, o->doc_id, a->lineno, b->lineno, keep ? "keep" : "join",
			    "hyphen", detail.data);
	}
	buf_release(&x);
	buf_release(&y);
	buf_release(&res);
	buf_release(&detail);
	return 1;
}

static const struct pline *next_body(const struct pline *v, size_t n, size_t i)
{
	for (i++; i < n; i++)
		if (v[i].kind == PL_BODY)
			return &v[i];
	return NULL;
}

static void assemble(struct pline *v, size_t n, const struct dehyph *h, size_t width,
		     const struct extract_opts *o, struct extract_result *r)
{
	struct para pa = { BUF_INIT, 0, 0, 0, 0 };
	struct buf detail = BUF_INIT;
	const struct pline *a = NULL;
	size_t i, blank_from = 0;
	int blank = 0, newpage = 0;

	for (i = 0; i < n; i++) {
		struct pline *b = &v[i];

		if (b->kind != PL_BODY) {
			if (o->explain && b->kind == PL_BLANK && !blank_from)
				blank_from = b->lineno;
			if (o->explain && b->kind != PL_BLANK) {
				explain_text(&detail, b->why, &b->text, NULL, NULL);
				explain_row(&r->explain, o->doc_id, b->lineno, b->lineno, "drop",
					    mechanism(b->kind), detail.data);
			}
			blank |= b->kind == PL_BLANK;
			if (o->explain && b->kind == PL_BLANK &&
			    (i + 1 == n || v[i + 1].kind != PL_BLANK || v[i + 1].lineno != b->lineno + 1)) {
				explain_row(&r->explain, o->doc_id, blank_from, b->lineno, "drop", "blank",
					    "empty line");
				blank_from = 0;
			}
			continue;
		}
		newpage = a && a->page != b->page;
		if (a && join_hyphen(&pa, a, b, h, newpage, o, r)) {
			;
		} else if (!a || breaks(a, b, next_body(v, n, i), blank && !newpage, newpage, width)) {
			para_flush(&pa, o, r);
			pa.first = b->lineno;
			buf_add(&pa.text, b->text.data, b->text.len);
		} else {
			buf_addc(&pa.text, ' ');
			buf_add(&pa.text, b->text.data, b->text.len);
			if (o->explain && (newpage || blank))
				explain_pair(&r->explain, o->doc_id, a->lineno, b->lineno, "join",
					    newpage ? "page" : "block",
					    newpage ? "the paragraph runs on across the page break" :
						      "the sentence runs on after a blank line");
		}
		/* columns put lines out of input order: the paragraph spans them all */
		pa.first = b->lineno < pa.first ? b->lineno : pa.first;
		pa.last = b->lineno > pa.last ? b->lineno : pa.last;
		pa.lines++;
		a = b;
		blank = 0;
	}
	para_flush(&pa, o, r);
	if (r->text.len)
		buf_addc(&r->text, '\n');
	buf_release(&pa.text);
	buf_release(&detail);
}

/* Lines and pages of the input, furniture marked; the vocabulary learnt into h. */
static struct pline *prepare(const char *in, size_t len, struct dehyph *h, size_t *n)
{
	struct pline *v;
	int npages;

	v = split_lines(in, len, n, &npages);
	furniture_mark(v, *n, npages);
	dehyph_init(h, v, *n);
	return v;
}

static void release_lines(struct pline *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_release(&v[i].text);
	free(v);
}

void pdftext_learn(const char *in, size_t len, struct corpus *c)
{
	struct dehyph h;
	struct pline *v;
	size_t n;

	v = prepare(in, len, &h, &n);
	dehyph_add_to_corpus(&h, c);
	dehyph_release(&h);
	release_lines(v, n);
}

int pdftext_extract(const char *in, size_t len, const struct extract_opts *o,
		    struct extract_result *r, struct buf *err)
{
	struct dehyph h;
	struct pline *v;
	size_t n, i, width;

	v = prepare(in, len, &h, &n);
	h.corpus = o->hyphens;
	width = measure(v, n);
	for (i = 0; i < n; i++)
		if (v[i].kind == PL_BODY && pl_width(v[i].text.data, v[i].text.len) * 4 > width * 5)
			resplit_line(&v[i], &h, width, o, &r->explain);
	assemble(v, n, &h, width, o, r);
	dehyph_release(&h);
	release_lines(v, n);
	return 0;
}
