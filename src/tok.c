/* tok.c: Unicode word tokenisation for counting and matching. */
#include <string.h>

#include "buf.h"
#include "tok.h"
#include "unicode.h"
#include "utf8.h"

struct scan {
	const unsigned char *s, *end;
};

static int32_t peek(const struct scan *sc, const unsigned char *p, size_t *n)
{
	int32_t cp;

	if (p >= sc->end) {
		*n = 0;
		return -1;
	}
	*n = utf8_decode(p, (size_t)(sc->end - p), &cp);
	return cp;
}

static int is_joiner(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int has_prefix(const unsigned char *p, const unsigned char *end, const char *pre)
{
	size_t n = strlen(pre), i;

	if ((size_t)(end - p) < n)
		return 0;
	for (i = 0; i < n; i++)
		if ((p[i] | (pre[i] >= 'a' ? 0x20 : 0)) != (unsigned char)pre[i])
			return 0;
	return 1;
}

/* URLs run to the next space or bracket; trailing punctuation is not theirs. */
static const unsigned char *url_end(const unsigned char *p, const unsigned char *end)
{
	while (p < end && *p > ' ' && !strchr("<>\"()[]{}", *p))
		p++;
	while (p[-1] == '.' || p[-1] == ',' || p[-1] == ';' || p[-1] == ':' ||
	       p[-1] == '!' || p[-1] == '?' || p[-1] == '\'')
		p--;
	return p;
}

static int is_email_char(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? 1 : (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == '+';
}

/* An e-mail address starting at p, or NULL: local@domain.tld, ASCII only. */
static const unsigned char *email_end(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *at, *q, *dot = NULL;

	for (at = p; at < end && is_email_char(*at); at++)
		;
	if (at == p || at >= end || *at != '@')
		return NULL;
	for (q = at + 1; q < end && is_email_char(*q); q++)
		;
	while (q > at + 1 && (q[-1] == '.' || q[-1] == '-'))
		q--;
	dot = memchr(at + 1, '.', (size_t)(q - at - 1));
	return dot && dot > at + 1 && dot < q - 1 ? q : NULL;
}

static size_t count_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static int emit(const struct tok_opts *o, struct buf *norm, const unsigned char *base,
		const unsigned char *a, const unsigned char *b, enum tok_kind kind,
		tok_fn fn, void *ctx)
{
	struct token t;
	const unsigned char *p;
	int flags = UNI_NFC, high = 0;

	if (o->no_urls && (kind == TOK_URL || kind == TOK_EMAIL))
		return 0;
	buf_reset(norm);
	/* U+2019 inside a word is an apostrophe: make both spellings one token. */
	for (p = a; p < b; ) {
		const unsigned char *q = p;

		while (q < b && !(q[0] == 0xE2 && q + 2 < b && q[1] == 0x80 && q[2] == 0x99))
			high |= *q++;
		buf_add(norm, p, (size_t)(q - p));
		if (q < b) {
			buf_addc(norm, '\'');
			q += 3;
		}
		p = q;
	}
	if (!o->keep_case)
		flags |= UNI_CASEFOLD;
	if (o->strip_accents)
		flags |= UNI_STRIP_MARKS;
	if (!(high & 0x80)) {
		/* Most tokens: fold in place, no allocation, no utf8proc. */
		char *c;

		if (!o->keep_case)
			for (c = norm->data; c < norm->data + norm->len; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c += 32;
	} else {
		struct buf out = BUF_INIT;

		/* uni_normalize() appends; normalise into a scratch copy. */
		if (uni_normalize(&out, norm->data, norm->len, flags) == 0) {
			buf_reset(norm);
			buf_add(norm, out.data ? out.data : "", out.len);
		}
		buf_release(&out);
	}
	if (o->min_len && count_cps(norm->data, norm->len) < o->min_len)
		return 0;
	t.s = norm->data;
	t.len = norm->len;
	t.off = (size_t)(a - base);
	t.end = (size_t)(b - base);
	t.kind = kind;
	return fn(ctx, &t);
}

/* Emits the parts of a hyphenated word one by one (--split-hyphens). */
static int emit_split(const struct tok_opts *o, struct buf *norm, const unsigned char *base,
		      const unsigned char *a, const unsigned char *b, tok_fn fn, void *ctx)
{
	const unsigned char *p = a, *start = a;
	int32_t cp;
	size_t n;
	int rc;

	while (p < b) {
		n = utf8_decode(p, (size_t)(b - p), &cp);
		if (cp == '-' || cp == 0x2010 || cp == 0x2011) {
			if (p > start && (rc = emit(o, norm, base, start, p, TOK_WORD, fn, ctx)))
				return rc;
			start = p + n;
		}
		p += n;
	}
	return p > start ? emit(o, norm, base, start, p, TOK_WORD, fn, ctx) : 0;
}

int tok_each(const struct tok_opts *o, const char *text, size_t len, tok_fn fn, void *ctx)
{
	struct scan sc = { (const unsigned char *)text, (const unsigned char *)text + len };
	const unsigned char *p = sc.s, *start, *e;
	struct buf norm = BUF_INIT;
	int32_t cp, next;
	size_t n, m;
	int rc = 0, digits, hyphen;

	while (p < sc.end && !rc) {
		cp = peek(&sc, p, &n);
		if (!uni_is_alnum(cp)) {
			p += n;
			continue;
		}
		start = p;
		if (has_prefix(p, sc.end, "http://") || has_prefix(p, sc.end, "https://") ||
		    has_prefix(p, sc.end, "www.")) {
			p = url_end(p, sc.end);
			rc = emit(o, &norm, sc.s, start, p, TOK_URL, fn, ctx);
			continue;
		}
		if ((e = email_end(p, sc.end))) {
			p = e;
			rc = emit(o, &norm, sc.s, start, p, TOK_EMAIL, fn, ctx);
			continue;
		}
		digits = 1;
		hyphen = 0;
		for (;;) {
			cp = peek(&sc, p, &n);
			if (cp >= 0 && uni_is_alnum(cp)) {
				if (!uni_is_digit(cp))
					digits = 0;
				p += n;
				continue;
			}
			next = peek(&sc, p + n, &m);
			if (cp < 0 || next < 0 || !uni_is_alnum(next))
				break;
			if (is_joiner(cp)) {
				hyphen |= cp != '\'' && cp != 0x2019;
				digits = 0;
				p += n;
				continue;
			}
			if ((cp == '.' || cp == ',') && digits && uni_is_digit(next)) {
				p += n;
				continue;
			}
			break;
		}
		if (hyphen && o->split_hyphens)
			rc = emit_split(o, &norm, sc.s, start, p, fn, ctx);
		else
			rc = emit(o, &norm, sc.s, start, p, digits ? TOK_NUMBER : TOK_WORD, fn, ctx);
	}
	buf_release(&norm);
	return rc;
}
