/*
 * markdown.c: the markdown of PDF-to-markdown converters back into plain
 * paragraphs. Markup goes (headings' '#', emphasis, links, list markers,
 * rules), page-number lines and repeated title blocks are dropped, and a
 * paragraph cut in two by a page break is joined again.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "explain.h"
#include "extract.h"
#include "pdftext.h"
#include "unicode.h"
#include "utf8.h"

enum { MD_REPEAT_MAX = 30 };	/* words: longer paragraphs are never a repeated title */

struct mdpara {
	struct buf text;
	size_t first, last;	/* input lines */
	int heading, item;
	int dropped;
};

struct mdparas {
	struct mdpara *v;
	size_t n, alloc;
};

/* A thematic break: three or more of one of - * _, spaces allowed. */
static int is_rule(const char *s, size_t len)
{
	size_t i, k = 0;
	char c = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (!strchr("-*_", s[i]) || (c && s[i] != c))
			return 0;
		c = s[i];
		k++;
	}
	return k >= 3;
}

static int word_byte(const char *s, size_t len, size_t i)
{
	return i < len && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80);
}

/* The length of a link's "](url)" tail at s[i] == ']', or 0. */
static size_t link_tail(const char *s, size_t len, size_t i)
{
	size_t j, depth = 0;

	if (i + 1 >= len || s[i + 1] != '(')
		return 0;
	for (j = i + 1; j < len; j++) {
		if (s[j] == '(')
			depth++;
		else if (s[j] == ')' && !--depth)
			return j - i + 1;
	}
	return 0;
}

/* Appends s without inline markup: emphasis, code ticks, links, autolinks, escapes. */
/* Whether s[0..len) begins with pre; s is not NUL-terminated here. */
static int has_prefix(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);

	return len >= n && !memcmp(s, pre, n);
}

static void strip_inline(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, j, t;

	while (i < len) {
		char c = s[i];

		if (c == '\\' && i + 1 < len && ispunct((unsigned char)s[i + 1])) {
			buf_addc(out, s[i + 1]);
			i += 2;
		} else if (c == '!' && i + 1 < len && s[i + 1] == '[') {
			/* an image: its alt text is not the article's */
			const char *close = memchr(s + i, ']', len - i);

			if (close && (t = link_tail(s, len, (size_t)(close - s)))) {
				i = (size_t)(close - s) + t;
			} else {
				buf_addc(out, c);
				i++;
			}
		} else if (c == '[') {
			const char *close = memchr(s + i, ']', len - i);

			if (close && (t = link_tail(s, len, (size_t)(close - s)))) {
				strip_inline(out, s + i + 1, (size_t)(close - s) - i - 1);
				i = (size_t)(close - s) + t;
			} else {
				buf_addc(out, c);
				i++;
			}
		} else if (c == '<' && (j = i + 1) < len &&
			   (has_prefix(s + j, len - j, "http") || has_prefix(s + j, len - j, "www.") ||
			    has_prefix(s + j, len - j, "mailto:") || memchr(s + j, '@', len - j))) {
			const char *close = memchr(s + i, '>', len - i);

			if (close && !memchr(s + i, ' ', (size_t)(close - s) - i)) {
				buf_add(out, s + j, (size_t)(close - s) - j);
				i = (size_t)(close - s) + 1;
			} else {
				buf_addc(out, c);
				i++;
			}
		} else if (c == '*' || c == '`' || (c == '~' && i + 1 < len && s[i + 1] == '~')) {
			i++;
		} else if (c == '_' && !(word_byte(s, len, i + 1) && i > 0 && word_byte(s, len, i - 1))) {
			/* '_' inside snake_case stays */
			i++;
		} else {
			buf_addc(out, c);
			i++;
		}
	}
}

/* Removes a heading's '#'s or a list marker; sets *heading or *item. */
static size_t block_prefix(const char *s, size_t len, int *heading, int *item)
{
	size_t i = 0, j;

	*heading = *item = 0;
	while (i < len && i < 3 && s[i] == ' ')
		i++;
	while (i < len && s[i] == '>') {
		i++;
		while (i < len && s[i] == ' ')
			i++;
	}
	for (j = i; j < len && s[j] == '#'; j++)
		;
	if (j > i && j - i <= 6 && (j == len || s[j] == ' ')) {
		*heading = 1;
		return j;
	}
	if (i + 1 < len && strchr("-*+", s[i]) && s[i + 1] == ' ') {
		*item = 1;
		return i + 2;
	}
	for (j = i; j < len && isdigit((unsigned char)s[j]); j++)
		;
	if (j > i && j - i <= 3 && j + 1 < len && (s[j] == '.' || s[j] == ')') && s[j + 1] == ' ') {
		*item = 1;
		return j + 2;
	}
	return i;
}

static void trim(struct buf *b)
{
	size_t start = 0;

	while (b->len && strchr(" \t\r#", b->data[b->len - 1]))
		buf_truncate(b, b->len - 1);
	while (start < b->len && (b->data[start] == ' ' || b->data[start] == '\t'))
		start++;
	if (start) {
		memmove(b->data, b->data + start, b->len - start);
		buf_truncate(b, b->len - start);
	}
}

static struct mdpara *para_new(struct mdparas *ps, size_t lineno)
{
	struct mdpara *p;

	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 64;
		ps->v = ereallocarray(ps->v, ps->alloc, sizeof(*ps->v));
	}
	p = &ps->v[ps->n++];
	memset(p, 0, sizeof(*p));
	p->first = p->last = lineno;
	return p;
}

static void drop_row(const struct extract_opts *o, struct extract_result *r, size_t first,
		     size_t last, const char *mech, const char *detail)
{
	if (o->explain)
		explain_row(&r->explain, o->doc_id, first, last, "drop", mech, detail);
}

/* Cuts the input into paragraphs of plain text, dropping rules and page numbers. */
static void parse_blocks(const char *in, size_t len, const struct extract_opts *o,
			 struct extract_result *r, struct mdparas *ps)
{
	const char *p = in, *end = in + len, *nl;
	struct buf line = BUF_INIT;
	struct mdpara *cur = NULL;
	size_t lineno = 0, blank_from = 0;
	int heading, item;

	for (; p < end; p = nl + 1) {
		size_t n, skip;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		n = (size_t)(nl - p);
		buf_reset(&line);
		skip = block_prefix(p, n, &heading, &item);
		strip_inline(&line, p + skip, n - skip);
		trim(&line);
		if (line.len && blank_from) {
			drop_row(o, r, blank_from, lineno - 1, "blank", "empty line");
			blank_from = 0;
		}
		if (is_rule(p, n)) {
			drop_row(o, r, lineno, lineno, "markup", "rule");
			cur = NULL;
			continue;
		}
		if (!line.len) {
			if (!blank_from)
				blank_from = lineno;
			cur = NULL;
			continue;
		}
		if (!heading && !item && furniture_is_pagenum(line.data, line.len)) {
			drop_row(o, r, lineno, lineno, "pagenum", "page number");
			cur = NULL;
			continue;
		}
		if (!cur || heading || item || cur->heading) {
			cur = para_new(ps, lineno);
			cur->heading = heading;
			cur->item = item;
		} else {
			buf_addc(&cur->text, ' ');
		}
		buf_add(&cur->text, line.data, line.len);
		cur->last = lineno;
	}
	if (blank_from)
		drop_row(o, r, blank_from, lineno, "blank", "empty line");
	buf_release(&line);
}

/* The paragraph's words, case folded, one space apart; their count in *words. */
static void para_key(struct buf *key, const struct buf *text, size_t *words)
{
	const unsigned char *p = (const unsigned char *)text->data, *end = p + text->len, *w;
	struct buf fold = BUF_INIT;
	int32_t cp;
	size_t n;

	buf_reset(key);
	*words = 0;
	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (!uni_is_alnum(cp)) {
			p += n;
			continue;
		}
		for (w = p; p < end; p += n) {
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (!uni_is_alnum(cp))
				break;
		}
		buf_reset(&fold);
		if (uni_normalize(&fold, (const char *)w, (size_t)(p - w), UNI_NFC | UNI_CASEFOLD) < 0)
			buf_add(&fold, w, (size_t)(p - w));
		buf_add(key, fold.data, fold.len);
		buf_addc(key, ' ');
		(*words)++;
	}
	buf_release(&fold);
}

/*
 * A title block, byline or running head printed again: of short paragraphs
 * with the same words, a heading stays (else the first), the others go.
 */
static void drop_repeats(struct mdparas *ps, const struct extract_opts *o,
			 struct extract_result *r)
{
	struct htab keys;
	long *keep;
	struct buf key = BUF_INIT;
	size_t i, words, id;

	htab_init(&keys);
	keep = emalloc((ps->n + 1) * sizeof(*keep));
	for (i = 0; i < ps->n; i++) {
		para_key(&key, &ps->v[i].text, &words);
		if (!words || words > MD_REPEAT_MAX) {
			keep[i] = -2;
			continue;
		}
		id = htab_intern(&keys, key.data, key.len, NULL);
		keep[i] = (long)id;
	}
	for (i = 0; i < ps->n; i++) {
		size_t j, best = i;

		if (keep[i] < 0)
			continue;
		for (j = 0; j < ps->n; j++)
			if (keep[j] == keep[i] && ((ps->v[j].heading && !ps->v[best].heading) ||
						   (ps->v[j].heading == ps->v[best].heading && j < best)))
				best = j;
		if (best != i) {
			ps->v[i].dropped = 1;
			drop_row(o, r, ps->v[i].first, ps->v[i].last, "repeat",
				 "the same words as another block");
		}
	}
	free(keep);
	htab_release(&keys);
	buf_release(&key);
}

static int starts_lower(const struct buf *t)
{
	int32_t cp = pl_first_cp(t->data, t->len);

	return uni_is_letter(cp) && !uni_is_upper(cp);
}

static size_t count_words(const struct buf *t)
{
	size_t i, n = 1;

	for (i = 0; i < t->len; i++)
		n += t->data[i] == ' ';
	return n;
}

static int is_address(const struct buf *t)
{
	size_t n = strcspn(t->data, " ");

	return !strncmp(t->data, "http", 4) || !strncmp(t->data, "www.", 4) ||
	       memchr(t->data, '@', n) || memchr(t->data, '/', n);
}

/*
 * A sentence cut by a page break: a paragraph of some length without
 * closing punctuation, and the rest starting in lower case.
 */
static int runs_on(const struct mdpara *a, const struct mdpara *b)
{
	int32_t cp = pl_last_cp(a->text.data, a->text.len);

	return !a->heading && !b->heading && !b->item && starts_lower(&b->text) &&
	       !is_address(&b->text) && count_words(&a->text) >= 8 &&
	       !pl_ends_sentence(a->text.data, a->text.len) && cp != ':' && cp != ';';
}

int markdown_extract(const char *in, size_t len, const struct extract_opts *o,
		     struct extract_result *r, struct buf *err)
{
	struct mdparas ps = { NULL, 0, 0 };
	struct mdpara *prev = NULL;
	struct buf detail = BUF_INIT;
	size_t i, first = 0;
	int count = 0;

	parse_blocks(in, len, o, r, &ps);
	drop_repeats(&ps, o, r);
	for (i = 0; i < ps.n; i++) {
		struct mdpara *p = &ps.v[i];

		if (p->dropped)
			continue;
		if (prev && runs_on(prev, p)) {
			buf_addc(&r->text, ' ');
			if (o->explain)
				explain_row(&r->explain, o->doc_id, prev->last, p->first, "join", "page",
					    "the paragraph runs on after a break");
		} else {
			if (prev && o->explain) {
				buf_reset(&detail);
				buf_addf(&detail, "%s %d", prev->heading ? "heading" : "paragraph", count);
				explain_row(&r->explain, o->doc_id, first, prev->last, "keep", "para",
					    detail.data);
			}
			if (count++)
				buf_adds(&r->text, "\n\n");
			else if (o->want_meta && p->text.len < 300)
				buf_add(&r->title, p->text.data, p->text.len);
			first = p->first;
		}
		buf_add(&r->text, p->text.data, p->text.len);
		prev = p;
	}
	if (prev && o->explain) {
		buf_reset(&detail);
		buf_addf(&detail, "%s %d", prev->heading ? "heading" : "paragraph", count);
		explain_row(&r->explain, o->doc_id, first, prev->last, "keep", "para", detail.data);
	}
	if (r->text.len)
		buf_addc(&r->text, '\n');
	for (i = 0; i < ps.n; i++)
		buf_release(&ps.v[i].text);
	free(ps.v);
	buf_release(&detail);
	return 0;
}
