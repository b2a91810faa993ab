/*
 * furniture.c: running headers, footers and page numbers of pdftotext output.
 *
 * A page's furniture sits in its first and last few lines. A line there is
 * furniture when it has a page number's shape, or recurs at the same edge of
 * other pages (digits masked, so "Page 2 of 9" meets "Page 3 of 9"; counted
 * by page, so odd/even alternation and a first page without a header still
 * recur), or looks like a running head on a page of its own: the
 * document's title cut short with an ellipsis, a volume line, the title of a
 * "7 | Title" footer, a line doubled by the title below it, or a line wedged
 * into a sentence that runs on from the page before.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "pdftext.h"
#include "unicode.h"
#include "utf8.h"

enum { ZONE = 3 };	/* lines at each edge of a page that may be furniture */

struct page {
	size_t top[ZONE], bot[ZONE];	/* line indices, outermost first */
	int ntop, nbot;
};

/* Lower case, digit runs as '#', white space runs as one space: what recurs. */
static void mask_key(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_reset(out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c)) {
			if (!out->len || out->data[out->len - 1] != '#')
				buf_addc(out, '#');
		} else if (isspace(c)) {
			if (out->len && out->data[out->len - 1] != ' ')
				buf_addc(out, ' ');
		} else {
			buf_addc(out, tolower(c));
		}
	}
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

static int is_roman(const char *s, size_t len)
{
	size_t i;

	if (!len || len > 7)
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("ivxlcdmIVXLCDM", s[i]))
			return 0;
	/* one case throughout: "Mix" or "Dim" are words */
	for (i = 1; i < len; i++)
		if (!islower((unsigned char)s[i]) != !islower((unsigned char)s[0]))
			return 0;
	return 1;
}

/* A page number: digits (at most four) or a roman numeral. */
static int is_number(const char *s, size_t len)
{
	size_t i;

	if (is_roman(s, len))
		return 1;
	if (!len || len > 4)
		return 0;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int word_is(const char *s, size_t len, const char *const *list)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == len && !strncasecmp(s, list[i], len))
			return 1;
	return 0;
}

/* Bytes of decoration (dashes, bars, brackets, bullets, spaces) at s. */
static size_t decoration(const char *s, size_t len)
{
	static const char *const marks[] = { "\xe2\x80\x93", "\xe2\x80\x94", "\xc2\xb7",
					     "\xe2\x80\xa2", NULL };
	size_t i = 0, j;

	while (i < len) {
		if (s[i] && strchr(" \t-|[]()<>~*", s[i])) {
			i++;
			continue;
		}
		for (j = 0; marks[j]; j++)
			if (len - i >= strlen(marks[j]) && !memcmp(s + i, marks[j], strlen(marks[j])))
				break;
		if (!marks[j])
			break;
		i += strlen(marks[j]);
	}
	return i;
}

/* The next run of non-space bytes from *i, as s + *start, length returned. */
static size_t next_word(const char *s, size_t len, size_t *i, size_t *start)
{
	while (*i < len && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	*start = *i;
	while (*i < len && s[*i] != ' ' && s[*i] != '\t')
		(*i)++;
	return *i - *start;
}

/*
 * "7", "- 7 -", "[7]", "Page 7", "Page 7 of 12", "7 of 12", "7/12",
 * "Seite 7 von 12", "p. vii": the whole of s, decorations aside.
 */
static int pagenum_core(const char *s, size_t len)
{
	static const char *const page_words[] = {
		"page", "p.", "pg.", "pag.", "pág.", "pagina", "página", "seite", "s.", "strana",
		"str.", "side", "sida", "sivu", "oldal", "blz.", NULL
	};
	static const char *const of_words[] = {
		"of", "von", "de", "sur", "z", "di", "van", "av", "/", "из", NULL
	};
	size_t i, w, n, end = len;
	char *slash;

	i = decoration(s, len);
	while (end > i) {
		if (s[end - 1] && strchr(" \t-|[]()<>~*", s[end - 1]))
			end--;
		else if (end - i >= 3 && decoration(s + end - 3, 3) == 3)
			end -= 3;
		else if (end - i >= 2 && decoration(s + end - 2, 2) == 2)
			end -= 2;
		else
			break;
	}
	n = next_word(s, end, &i, &w);
	if (n && word_is(s + w, n, page_words))
		n = next_word(s, end, &i, &w);
	if (!n)
		return 0;
	/* "7/12" in one word */
	if ((slash = memchr(s + w, '/', n)) && slash > s + w)
		return is_number(s + w, (size_t)(slash - s - w)) &&
		       is_number(slash + 1, n - (size_t)(slash - s - w) - 1) && i == end;
	if (!is_number(s + w, n))
		return 0;
	n = next_word(s, end, &i, &w);
	if (!n)
		return 1;
	if (!word_is(s + w, n, of_words))
		return 0;
	n = next_word(s, end, &i, &w);
	return n && is_number(s + w, n) && !next_word(s, end, &i, &w);
}

/* The separators of "7 | Title" and "Title | 7". */
static const char *find_sep(const char *s, size_t len, size_t *seplen)
{
	static const char *const seps[] = { " | ", " \xc2\xb7 ", " \xe2\x80\xa2 ", " \xe2\x80\x94 ",
					    " \xe2\x80\x93 ", " - ", NULL };
	const char *best = NULL;
	size_t i, j;

	for (i = 0; seps[i]; i++) {
		for (j = 0; j + strlen(seps[i]) <= len; j++) {
			if (memcmp(s + j, seps[i], strlen(seps[i])))
				continue;
			/* the number side is short: take the separator nearest an end */
			if (!best || j < (size_t)(best - s) || j > len - strlen(seps[i]) - 6) {
				best = s + j;
				*seplen = strlen(seps[i]);
			}
		}
	}
	return best;
}

/*
 * A page number line; when it is "7 | Title" or "Title | 7", the title part
 * goes to title (empty otherwise).
 */
static int is_pagenum(const char *s, size_t len, struct buf *title)
{
	const char *sep;
	size_t seplen = 0;

	buf_reset(title);
	if (pagenum_core(s, len))
		return 1;
	if (!(sep = find_sep(s, len, &seplen)))
		return 0;
	if (pagenum_core(s, (size_t)(sep - s)) && len - (size_t)(sep - s) - seplen < 100) {
		buf_add(title, sep + seplen, len - (size_t)(sep - s) - seplen);
		return 1;
	}
	if (pagenum_core(sep + seplen, len - (size_t)(sep - s) - seplen) && sep - s < 100) {
		buf_add(title, s, (size_t)(sep - s));
		return 1;
	}
	return 0;
}

int furniture_is_pagenum(const char *s, size_t len)
{
	struct buf title = BUF_INIT;
	int r = is_pagenum(s, len, &title);

	buf_release(&title);
	return r;
}

/* "Journal of Applied Social Research": each word of four letters or more capitalised. */
static int title_case(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *w;
	size_t long_words = 0;
	int32_t cp, first;

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		w = p;
		p += utf8_decode(p, (size_t)(end - p), &first);
		while (p < end && *p != ' ')
			p += utf8_decode(p, (size_t)(end - p), &cp);
		if (pl_width((const char *)w, (size_t)(p - w)) < 4)
			continue;
		if (!uni_is_upper(first))
			return 0;
		long_words++;
	}
	return long_words >= 2;
}

/* No letters, or a name: what may come before a journal's volume and number. */
static int journal_prefix(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
			return title_case(s, len);
	return 1;
}

/*
 * "Vol. 8, No. 1 (2008)", "2020, 25(3)", "Review of X 2020, 25(3)": a
 * journal's volume line; before the volume, nothing or a name, so that a
 * line of text citing "No. 5" or ending "(2008)" is not one.
 */
static int is_volume(const char *s, size_t len)
{
	size_t i, digits = 0, letters = 0;

	if (len > 120)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		digits += isdigit(c) != 0;
		letters += isalpha(c) != 0 || c >= 0x80;
		if (i + 4 < len && (!strncasecmp(s + i, "vol.", 4) || !strncasecmp(s + i, "no. ", 4)) &&
		    (i == 0 || s[i - 1] == ' ') &&
		    (isdigit((unsigned char)s[i + 4]) || (i + 5 < len && isdigit((unsigned char)s[i + 5]))))
			return journal_prefix(s, i);
	}
	if (digits && digits >= letters && len < 40)
		return 1;
	/* ends "25(3)" or "(2008)" */
	if (len >= 4 && s[len - 1] == ')') {
		i = len - 1;
		while (i > 0 && isdigit((unsigned char)s[i - 1]))
			i--;
		if (!(i > 0 && i < len - 1 && s[i - 1] == '(' && i >= 2 &&
		      (isdigit((unsigned char)s[i - 2]) || len - 1 - i == 4)))
			return 0;
		for (i--; i > 0 && (isdigit((unsigned char)s[i - 1]) || s[i - 1] == ',' ||
				    s[i - 1] == ' '); i--)
			;
		return journal_prefix(s, i);
	}
	return 0;
}

/* "November 2009", "Spring 2021", "2019": a few words ending in a year. */
static int is_date(const char *s, size_t len)
{
	size_t i, words = 1;

	if (len < 4 || len > 40)
		return 0;
	for (i = 0; i < len; i++)
		words += s[i] == ' ';
	for (i = len - 4; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return words <= 4 && (len == 4 || s[len - 5] == ' ') &&
	       (!strncmp(s + len - 4, "19", 2) || !strncmp(s + len - 4, "20", 2));
}

static int ends_with_ellipsis(const char *s, size_t len)
{
	return (len >= 3 && !memcmp(s + len - 3, "\xe2\x80\xa6", 3)) ||
	       (len >= 3 && !memcmp(s + len - 3, "...", 3));
}

/* True when s starts with p, the lines from j on read as one text. */
static int lines_start_with(const struct pline *v, size_t n, size_t j, const char *p, size_t plen)
{
	size_t k, len;

	for (k = j; k < n && k < j + 3 && plen; k++) {
		const char *t = v[k].text.data;

		len = v[k].text.len;
		if (v[k].kind != PL_BODY || !len)
			return 0;
		/* a title cut by its own line-end hyphen goes on without it */
		if (plen > len && t[len - 1] == '-') {
			if (memcmp(t, p, len - 1))
				return 0;
			p += len - 1;
			plen -= len - 1;
			continue;
		}
		if (plen <= len)
			return !memcmp(t, p, plen);
		if (memcmp(t, p, len) || p[len] != ' ')
			return 0;
		p += len + 1;
		plen -= len + 1;
	}
	return 0;
}

/*
 * A running title cut short with an ellipsis: what comes before it (from
 * some word on: a header may put a name first) begins a line of the
 * document, its title, at least three words long. A line of the text that
 * ends in an ellipsis begins no other line. Titles are looked for in the
 * document's first lines and on the header's page (time stays linear).
 */
static int cut_title(const struct pline *v, size_t n, size_t i)
{
	const char *s = v[i].text.data;
	size_t len = v[i].text.len, w, j, words, first = i;

	if (len > 300 || !ends_with_ellipsis(s, len))
		return 0;
	while (first > 0 && v[first - 1].page == v[i].page)
		first--;
	len -= 3;
	while (len && s[len - 1] == ' ')
		len--;
	for (w = 0; w < len; w++) {
		if (w && s[w - 1] != ' ')
			continue;
		if (s[w] == ' ')
			continue;
		for (j = w, words = 1; j < len; j++)
			words += s[j] == ' ' && s[j + 1] != ' ';
		if (words < 3)
			break;
		for (j = 0; j < n && j < 200; j++)
			if (j != i && lines_start_with(v, n, j, s + w, len - w))
				return 1;
		for (j = first; j < n && v[j].page == v[i].page; j++)
			if (j != i && lines_start_with(v, n, j, s + w, len - w))
				return 1;
	}
	return 0;
}

static void mark(struct pline *l, enum pline_kind kind, const char *why)
{
	if (l->kind == PL_BODY) {
		l->kind = kind;
		l->why = why;
	}
}

/* Pages' edge lines: up to ZONE non-blank lines from each end. */
static struct page *find_zones(struct pline *v, size_t n, int npages)
{
	struct page *pg = ecalloc((size_t)npages + 1, sizeof(*pg));
	size_t i;

	for (i = 0; i < n; i++) {
		struct page *p = &pg[v[i].page];

		if (v[i].kind == PL_BLANK)
			continue;
		if (p->ntop < ZONE)
			p->top[p->ntop++] = i;
		memmove(p->bot + 1, p->bot, (ZONE - 1) * sizeof(p->bot[0]));
		p->bot[0] = i;
		if (p->nbot < ZONE)
			p->nbot++;
	}
	return pg;
}

/* Counts, per masked key, the pages that have it among their top (or bottom) lines. */
static void count_edges(struct pline *v, struct page *pg, int npages, int bottom,
			struct htab *keys, size_t **count, unsigned **parity)
{
	struct buf key = BUF_INIT;
	int p, k, j;

	htab_init(keys);
	*count = ecalloc(1, sizeof(**count));
	*parity = ecalloc(1, sizeof(**parity));
	for (p = 0; p < npages; p++) {
		size_t *zone = bottom ? pg[p].bot : pg[p].top;
		int nz = bottom ? pg[p].nbot : pg[p].ntop;
		size_t ids[ZONE];

		for (k = 0; k < nz; k++) {
			int added, dup = 0;

			mask_key(&key, v[zone[k]].text.data, v[zone[k]].text.len);
			ids[k] = htab_intern(keys, key.data, key.len, &added);
			if (added) {
				*count = ereallocarray(*count, htab_count(keys) + 1, sizeof(**count));
				*parity = ereallocarray(*parity, htab_count(keys) + 1, sizeof(**parity));
				(*count)[ids[k]] = 0;
				(*parity)[ids[k]] = 0;
			}
			(*parity)[ids[k]] |= 1u << (p % 2);
			for (j = 0; j < k; j++)
				dup |= ids[j] == ids[k];
			if (!dup)
				(*count)[ids[k]]++;
		}
	}
	buf_release(&key);
}

static size_t key_count(const struct htab *keys, const size_t *count, const struct pline *l)
{
	struct buf key = BUF_INIT;
	long id;

	mask_key(&key, l->text.data, l->text.len);
	id = htab_find(keys, key.data, key.len);
	buf_release(&key);
	return id >= 0 ? count[id] : 0;
}

/* The last body line before line i (on an earlier page), or NULL. */
static const struct pline *body_before(const struct pline *v, size_t i)
{
	while (i-- > 0)
		if (v[i].kind == PL_BODY)
			return &v[i];
	return NULL;
}

static const struct pline *body_after(const struct pline *v, size_t n, size_t i)
{
	for (i++; i < n; i++)
		if (v[i].kind == PL_BODY)
			return &v[i];
	return NULL;
}

static int starts_lower(const struct pline *l)
{
	int32_t cp = pl_first_cp(l->text.data, l->text.len);

	return uni_is_letter(cp) && !uni_is_upper(cp);
}

/*
 * A top line wedged between the halves of a sentence cut by the page break,
 * shaped like a name (title case) or part of a longer top line of the
 * document (a running header that pdftotext printed alone on one page and
 * beside the title on others): a line of the text may be wedged the same
 * way, but it rarely has either shape.
 */
static int wedged(const struct pline *v, size_t n, size_t i, const struct htab *parts,
		  const struct buf *key)
{
	const struct pline *before = body_before(v, i), *after = body_after(v, n, i);
	const struct pline *l = &v[i];

	return l->page > 0 && before && after && before->page < l->page &&
	       (htab_find(parts, key->data, key->len) >= 0 || title_case(l->text.data, l->text.len)) &&
	       after->page == l->page && starts_lower(after) &&
	       !pl_ends_sentence(before->text.data, before->text.len) &&
	       !pl_ends_sentence(l->text.data, l->text.len) && pl_width(l->text.data, l->text.len) < 70 &&
	       uni_is_upper(pl_first_cp(l->text.data, l->text.len));
}

/*
 * The beginnings and ends (at word boundaries, masked) of the pages' top
 * lines, for wedged(): "Journal of X" is part of "Journal of X Title of the
 * paper…".
 */
static void top_parts(struct pline *v, struct page *pg, int npages, struct htab *parts)
{
	struct buf key = BUF_INIT;
	size_t i;
	int p, k;

	htab_init(parts);
	for (p = 0; p < npages; p++)
		for (k = 0; k < pg[p].ntop; k++) {
			mask_key(&key, v[pg[p].top[k]].text.data, v[pg[p].top[k]].text.len);
			for (i = 0; key.len <= 300 && i < key.len; i++)
				if (key.data[i] == ' ') {
					htab_intern(parts, key.data, i, NULL);
					htab_intern(parts, key.data + i + 1, key.len - i - 1, NULL);
				}
		}
	buf_release(&key);
}

/* Titles of "7 | Title" footers, masked, to spot the same title at the top. */
static void footer_titles(struct pline *v, struct page *pg, int npages, struct htab *titles)
{
	struct buf title = BUF_INIT, key = BUF_INIT;
	int p, k;

	htab_init(titles);
	for (p = 0; p < npages; p++)
		for (k = 0; k < pg[p].nbot; k++) {
			struct pline *l = &v[pg[p].bot[k]];

			if (is_pagenum(l->text.data, l->text.len, &title) && title.len) {
				mask_key(&key, title.data, title.len);
				htab_intern(titles, key.data, key.len, NULL);
			}
		}
	buf_release(&title);
	buf_release(&key);
}

/*
 * On the first page a line that recurs on one other page only may be the
 * title of a document whose first page has no header, and whose odd pages
 * repeat the title: it goes when the same line follows (the title under its
 * running head) or when the document has only two pages.
 */
static int first_page_header(const struct pline *v, const struct page *p, int npages, int k,
			     size_t count)
{
	const struct pline *l = &v[p->top[k]];
	int j;

	if (l->page > 0 || count > 2 || npages <= 2)
		return 1;
	for (j = k + 1; j < p->ntop; j++)
		if (v[p->top[j]].text.len == l->text.len &&
		    !memcmp(v[p->top[j]].text.data, l->text.data, l->text.len))
			return 1;
	return 0;
}

static void mark_top(struct pline *v, size_t n, struct page *p, int npages,
		     const struct htab *keys, const size_t *count, const struct htab *titles,
		     const struct htab *parts)
{
	struct buf title = BUF_INIT, key = BUF_INIT;
	struct htab seen;
	int k, last = -1;

	htab_init(&seen);

	for (k = 0; k < p->ntop; k++) {
		struct pline *l = &v[p->top[k]];
		const char *s = l->text.data;
		size_t len = l->text.len;

		mask_key(&key, s, len);
		/* one removal per key and page: the title under a header that repeats it stays */
		if (htab_find(&seen, key.data, key.len) >= 0)
			continue;
		if (is_pagenum(s, len, &title)) {
			mark(l, PL_PAGENUM, "page number");
		} else if (npages > 1 && key_count(keys, count, l) >= 2 &&
			   first_page_header(v, p, npages, k, key_count(keys, count, l))) {
			mark(l, PL_HEADER, "recurs at the top of pages");
			last = k;
		} else if (cut_title(v, n, p->top[k])) {
			mark(l, PL_HEADER, "running title cut short");
			last = k;
		} else if (is_volume(s, len)) {
			mark(l, PL_HEADER, "volume line");
			last = k;
		} else if (htab_find(titles, key.data, key.len) >= 0) {
			mark(l, PL_HEADER, "the title of the page-number footer");
			last = k;
		} else if (k + 1 < p->ntop && l->text.len == v[p->top[k + 1]].text.len &&
			   !memcmp(s, v[p->top[k + 1]].text.data, len)) {
			mark(l, PL_HEADER, "running title above the same title");
			last = k;
		} else if (k > 0 && v[p->top[k - 1]].kind == PL_HEADER && is_date(s, len)) {
			mark(l, PL_HEADER, "date line under the running header");
			last = k;
		} else if (wedged(v, n, p->top[k], parts, &key)) {
			mark(l, PL_HEADER, "breaks a sentence running on from the page before");
		} else {
			continue;
		}
		htab_intern(&seen, key.data, key.len, NULL);
	}
	for (k = 0; k < last; k++)
		mark(&v[p->top[k]], PL_HEADER, "above a running header");
	buf_release(&title);
	buf_release(&key);
	htab_release(&seen);
}

static void mark_bottom(struct pline *v, struct page *p, int npages,
			const struct htab *keys, const size_t *count,
			const struct htab *tkeys, const size_t *tcount)
{
	struct buf title = BUF_INIT;
	int k;

	for (k = 0; k < p->nbot; k++) {
		struct pline *l = &v[p->bot[k]];

		if (l->kind != PL_BODY)
			continue;
		if (is_pagenum(l->text.data, l->text.len, &title))
			mark(l, PL_PAGENUM, "page number");
		else if (npages > 1 && key_count(keys, count, l) >= 2)
			mark(l, PL_FOOTER, "recurs at the bottom of pages");
		else if (npages > 1 && key_count(tkeys, tcount, l) >= 2)
			mark(l, PL_FOOTER, "a running header at the bottom");
		else
			break;
	}
	buf_release(&title);
}

/*
 * Odd/even headers in a short document: one parity's header recurs, the
 * other's is on one page only. Its first line, when shaped like a header
 * and nothing else on the page was taken for one, is the other header.
 */
static void mark_parity(struct pline *v, struct page *pg, int npages,
			const struct htab *keys, const size_t *count, const unsigned *parity)
{
	unsigned has[2] = { 0, 0 };
	size_t id;
	int p, k, marked;

	for (id = 0; id < htab_count(keys); id++)
		if (count[id] >= 2 && (parity[id] == 1 || parity[id] == 2))
			has[parity[id] - 1] = 1;
	for (p = 1; p < npages; p++) {
		struct pline *l;

		if (!has[(p + 1) % 2] || has[p % 2] || !pg[p].ntop)
			continue;
		for (k = marked = 0; k < pg[p].ntop; k++)
			marked |= v[pg[p].top[k]].kind == PL_HEADER;
		l = &v[pg[p].top[0]];
		if (!marked && pl_width(l->text.data, l->text.len) < 70 &&
		    !pl_ends_sentence(l->text.data, l->text.len) && !starts_lower(l))
			mark(l, PL_HEADER, "running header of the other page parity");
	}
}

/*
 * pdftotext's default mode may print a header's right-hand part (a date, a
 * volume) among the page's blocks: a line on its own between blank lines
 * that is the same as a header removed elsewhere goes too.
 */
static void mark_stray(struct pline *v, size_t n)
{
	static const char *const strong[] = {
		"recurs at the top of pages", "date line under the running header", "volume line", NULL
	};
	struct buf key = BUF_INIT;
	struct htab removed;
	size_t i, j;

	htab_init(&removed);
	for (i = 0; i < n; i++)
		for (j = 0; v[i].kind == PL_HEADER && strong[j]; j++)
			if (v[i].why == strong[j]) {
				mask_key(&key, v[i].text.data, v[i].text.len);
				htab_intern(&removed, key.data, key.len, NULL);
			}
	for (i = 1; i + 1 < n && htab_count(&removed); i++) {
		if (v[i].kind != PL_BODY || v[i - 1].kind != PL_BLANK || v[i + 1].kind != PL_BLANK ||
		    pl_width(v[i].text.data, v[i].text.len) > 60)
			continue;
		/* at the head of its page it is the title under a header that repeats it */
		for (j = i; j > 0 && v[j - 1].page == v[i].page && v[j - 1].kind != PL_BODY; j--)
			;
		if (j == 0 || v[j - 1].page != v[i].page)
			continue;
		mask_key(&key, v[i].text.data, v[i].text.len);
		if (htab_find(&removed, key.data, key.len) >= 0)
			mark(&v[i], PL_HEADER, "part of a running header, printed out of place");
	}
	htab_release(&removed);
	buf_release(&key);
}

void furniture_mark(struct pline *v, size_t n, int npages)
{
	struct page *pg = find_zones(v, n, npages);
	struct htab tkeys, bkeys, titles, parts;
	size_t *tcount, *bcount;
	unsigned *tpar, *bpar;
	int p, full = 0;

	count_edges(v, pg, npages, 0, &tkeys, &tcount, &tpar);
	count_edges(v, pg, npages, 1, &bkeys, &bcount, &bpar);
	footer_titles(v, pg, npages, &titles);
	top_parts(v, pg, npages, &parts);
	for (p = 0; p < npages; p++)
		full += pg[p].ntop > 0;
	for (p = 0; p < npages; p++) {
		mark_bottom(v, &pg[p], npages, &bkeys, bcount, &tkeys, tcount);
		mark_top(v, n, &pg[p], full, &tkeys, tcount, &titles, &parts);
	}
	mark_parity(v, pg, npages, &tkeys, tcount, tpar);
	mark_stray(v, n);
	free(tpar);
	free(bpar);
	htab_release(&tkeys);
	htab_release(&bkeys);
	htab_release(&titles);
	htab_release(&parts);
	free(tcount);
	free(bcount);
	free(pg);
}
