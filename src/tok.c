/* tok.c: Unicode word tokenisation for counting and matching. */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "tok.h"
#include "unicode.h"
#include "utf8.h"

/* What one tok_each() call carries between tokens. */
struct tokst {
	const struct tok_opts *o;
	const unsigned char *base, *end;
	struct buf norm, tmp;	/* reused for every token: no allocation per token */
	tok_fn fn;
	void *ctx;
	const unsigned char *prev_a, *prev_b;	/* the previous word, for sentence ends */
	int pending_sent;	/* a sentence ended before a dropped token */
	int elide;		/* 1 French, 2 Italian */
};

/* Flags gathered while scanning a word. */
enum { W_NONASCII = 1, W_RSQUO = 2, W_HYPHEN = 4, W_APOS = 8 };

/* ASCII classes, by table: the scanning loops run once per input byte. */
enum { C_ALNUM = 1, C_DIGIT = 2, C_INNER = 4, C_UPPER = 8 };

static const unsigned char ascii_class[128] = {
	['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3,
	['5'] = 3, ['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3,
	['A'] = 9, ['B'] = 9, ['C'] = 9, ['D'] = 9, ['E'] = 9, ['F'] = 9, ['G'] = 9,
	['H'] = 9, ['I'] = 9, ['J'] = 9, ['K'] = 9, ['L'] = 9, ['M'] = 9, ['N'] = 9,
	['O'] = 9, ['P'] = 9, ['Q'] = 9, ['R'] = 9, ['S'] = 9, ['T'] = 9, ['U'] = 9,
	['V'] = 9, ['W'] = 9, ['X'] = 9, ['Y'] = 9, ['Z'] = 9,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
	['\''] = C_INNER, ['-'] = C_INNER, ['.'] = C_INNER, [','] = C_INNER,
	['@'] = C_INNER, ['_'] = C_INNER, ['+'] = C_INNER,
};

static inline int ascii_alnum(unsigned c)
{
	return c < 0x80 && (ascii_class[c] & C_ALNUM);
}

static int32_t peek(const struct tokst *st, const unsigned char *p, size_t *n)
{
	int32_t cp;

	if (p >= st->end) {
		*n = 0;
		return -1;
	}
	if (*p < 0x80) {
		*n = 1;
		return *p;
	}
	*n = utf8_decode(p, (size_t)(st->end - p), &cp);
	return cp;
}

static int is_alnum(int32_t cp)
{
	return cp < 0x80 ? cp >= 0 && ascii_alnum((unsigned)cp) : uni_is_alnum(cp);
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
	while (p < end && *p > ' ' && *p < 0x7F && !strchr("<>\"()[]{}", *p))
		p++;
	while (p[-1] == '.' || p[-1] == ',' || p[-1] == ';' || p[-1] == ':' ||
	       p[-1] == '!' || p[-1] == '?' || p[-1] == '\'')
		p--;
	return p;
}

static int is_email_char(unsigned char c)
{
	return ascii_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+';
}

/*
 * An e-mail address starting at p, or NULL: local@domain.tld, ASCII only.
 * The caller knows [p, from) to be e-mail characters.
 */
static const unsigned char *email_end_from(const unsigned char *p, const unsigned char *from,
					   const unsigned char *end)
{
	const unsigned char *at, *q, *dot = NULL;

	for (at = from; at < end && is_email_char(*at); at++)
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

static const unsigned char *email_end(const unsigned char *p, const unsigned char *end)
{
	return email_end_from(p, p, end);
}

/* Words after which a full stop does not end the sentence (lower case, no dot). */
static const char *const abbrevs[] = {
	"al", "approx", "apr", "art", "aug", "ca", "cf", "ch", "co", "corp", "dec", "dept",
	"dr", "ed", "eds", "eg", "esp", "est", "etc", "feb", "fig", "figs", "gen", "gov",
	"hon", "ie", "inc", "incl", "jan", "jr", "jul", "jun", "lt", "ltd", "mar", "mr",
	"mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "p", "para", "pp", "prof",
	"pt", "ref", "rev", "sec", "sep", "sept", "sr", "st", "tel", "vol", "vols", "vs", "viz",
	"bzw", "bspw", "ggf", "usw", "vgl", "mme", "mlle", "sig", "sra", "dra", "núm",
	NULL
};

static int is_abbrev(const unsigned char *a, const unsigned char *b)
{
	size_t n = (size_t)(b - a), i;

	if (utf8_count(a, n) == 1)
		return 1;	/* an initial: "J. Smith" */
	for (i = 0; abbrevs[i]; i++)
		if (strlen(abbrevs[i]) == n && !strncasecmp(abbrevs[i], (const char *)a, n))
			return 1;
	return 0;
}

/* True when a sentence ends between the previous word and the one at a. */
static int sentence_end(const struct tokst *st, const unsigned char *a)
{
	const unsigned char *p = st->prev_b;
	int32_t cp, next;
	size_t n;
	int term = 0, nl = 0, space_after = 0, only_dot = 1;

	for (; p < a; p += n) {
		cp = peek(st, p, &n);
		if (cp == '\n') {
			if (++nl >= 2)
				return 1;	/* a blank line ends a paragraph */
		} else if (cp != ' ' && cp != '\t' && cp != '\r' && cp != 0xA0) {
			nl = nl && !uni_is_space(cp) ? 0 : nl;
		}
		if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 ||
		    cp == 0xFF01 || cp == 0xFF1F || cp == 0x0964) {
			term = 1;
			space_after = 0;
			if (cp != '.')
				only_dot = 0;
		} else if (term && uni_is_space(cp)) {
			space_after = 1;
		}
	}
	if (!term || !(space_after || a == st->prev_b + 1))
		return 0;
	if (!space_after && *st->prev_b == '.')
		return 0;	/* "3.x", "e.g": no space, no end */
	if (!only_dot)
		return 1;
	next = peek(st, a, &n);
	if (uni_is_letter(next) && !uni_is_upper(next) && next < 0x3000)
		return 0;	/* "approx. five": a lower-case word goes on */
	if (*st->prev_b == '.' && is_abbrev(st->prev_a, st->prev_b))
		return (st->prev_b - st->prev_a == 3 &&
			!strncasecmp((const char *)st->prev_a, "etc", 3)) && uni_is_upper(next);
	return 1;
}

/*
 * The normalised form of a word of ASCII and Latin-1 letters (U+00C0 to
 * U+00FF) alone, the accented words of western European languages, without
 * utf8proc: such a word is already NFC (no combining mark to compose), and
 * its case folding is one code point to one: A-Z and U+00C0-U+00DE (but
 * U+00D7) gain 0x20. Returns -1, out unfinished, for anything else (ß folds
 * to "ss"): then uni_normalize() decides. t-tok checks it against utf8proc.
 */
static int latin1_fold(struct buf *out, const unsigned char *a, size_t n, int keep_case)
{
	size_t i;
	unsigned c;

	buf_reset(out);
	buf_grow(out, n);
	for (i = 0; i < n; i++) {
		c = a[i];
		if (c < 0x80) {
			out->data[i] = (char)(keep_case ? c : c | (ascii_class[c] & C_UPPER) << 2);
			continue;
		}
		if (c != 0xC3 || i + 1 >= n || a[i + 1] < 0x80 || a[i + 1] > 0xBF)
			return -1;
		c = 0xC0 + (a[i + 1] & 0x3F);
		if (c == 0xD7 || c == 0xDF || c == 0xF7)
			return -1;
		out->data[i++] = (char)0xC3;
		out->data[i] = (char)(a[i] + (!keep_case && c <= 0xDE ? 0x20 : 0));
	}
	out->len = n;
	out->data[n] = '\0';
	return 0;
}

static int emit(struct tokst *st, const unsigned char *a, const unsigned char *b,
		enum tok_kind kind, int flags)
{
	const struct tok_opts *o = st->o;
	struct buf *norm = &st->norm;
	struct token t;
	const unsigned char *p, *q;
	size_t i, n = (size_t)(b - a);
	int nf = UNI_NFC;

	t.sent = 0;
	if (o->sentences && st->prev_b)
		t.sent = st->pending_sent || sentence_end(st, a);
	st->pending_sent = t.sent;
	st->prev_a = a;
	st->prev_b = b;
	if (o->no_urls && (kind == TOK_URL || kind == TOK_EMAIL))
		return 0;
	/* ASCII has no marks to strip: the fast path serves strip_accents too. */
	if (!(flags & W_NONASCII)) {
		if (o->keep_case) {
			t.s = (const char *)a;
		} else {
			if (norm->alloc < n + 1)
				buf_grow(norm, n);
			for (i = 0; i < n; i++)
				norm->data[i] = (char)(a[i] | (ascii_class[a[i]] & C_UPPER) << 2);
			norm->len = n;
			norm->data[n] = '\0';
			t.s = norm->data;
		}
		t.len = n;
		if (o->min_len && n < o->min_len)
			return 0;
	} else {
		if (flags & W_RSQUO) {
			/* U+2019 inside a word is an apostrophe: make both spellings one token. */
			buf_reset(&st->tmp);
			for (p = a; p < b; p = q) {
				for (q = p; q < b && !(q[0] == 0xE2 && q + 2 < b && q[1] == 0x80 &&
						       q[2] == 0x99); q++)
					;
				buf_add(&st->tmp, p, (size_t)(q - p));
				if (q < b) {
					buf_addc(&st->tmp, '\'');
					q += 3;
				}
			}
			a = (const unsigned char *)st->tmp.data;
			n = st->tmp.len;
		}
		if (!o->keep_case)
			nf |= UNI_CASEFOLD;
		if (o->strip_accents)
			nf |= UNI_STRIP_MARKS;
		if (o->strip_accents || latin1_fold(norm, a, n, o->keep_case) < 0) {
			buf_reset(norm);
			if (uni_normalize(norm, (const char *)a, n, nf) < 0) {
				buf_reset(norm);
				buf_add(norm, a, n);
			}
		}
		if (o->min_len && utf8_count((const unsigned char *)norm->data, norm->len) < o->min_len)
			return 0;
		t.s = norm->data;
		t.len = norm->len;
	}
	t.off = (size_t)(st->prev_a - st->base);
	t.end = (size_t)(st->prev_b - st->base);
	t.kind = kind;
	st->pending_sent = 0;
	return st->fn(st->ctx, &t);
}

/* Emits the parts of a hyphenated word one by one (--split-hyphens). */
static int emit_split(struct tokst *st, const unsigned char *a, const unsigned char *b, int flags)
{
	const unsigned char *p = a, *start = a;
	int32_t cp;
	size_t n;
	int rc;

	while (p < b) {
		cp = peek(st, p, &n);
		if (cp == '-' || cp == 0x2010 || cp == 0x2011) {
			if (p > start && (rc = emit(st, start, p, TOK_WORD, flags)))
				return rc;
			start = p + n;
		}
		p += n;
	}
	return p > start ? emit(st, start, p, TOK_WORD, flags) : 0;
}

static const char *const elisions_fr[] = {
	"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
	"presqu", NULL
};
static const char *const elisions_it[] = {
	"l", "d", "c", "m", "t", "s", "v", "n", "un", "dell", "all", "dall", "nell", "sull",
	"coll", "pell", "quest", "quell", "bell", "sant", "tutt", "gl", NULL
};

/* Where the word [a, b) starts once an elided article is dropped ("l'usage"). */
static const unsigned char *elide(const struct tokst *st, const unsigned char *a,
				  const unsigned char *b)
{
	const char *const *list = st->elide == 1 ? elisions_fr : elisions_it;
	const unsigned char *q;
	size_t n, i;

	for (q = a; q < b && *q != '\'' && !(q[0] == 0xE2 && q + 2 < b && q[1] == 0x80 &&
					     q[2] == 0x99); q++)
		if (*q >= 0x80)
			return a;
	if (q >= b)
		return a;
	n = (size_t)(q - a);
	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncasecmp(list[i], (const char *)a, n))
			return q + (*q == '\'' ? 1 : 3);
	return a;
}

/* Scans the word at p; returns its end, with its flags and kind. */
static const unsigned char *scan_word(const struct tokst *st, const unsigned char *p,
				      int *flags, int *digits)
{
	int32_t cp, next;
	size_t n, m;

	*flags = 0;
	*digits = 1;
	for (;;) {
		unsigned cls = 0;

		while (p < st->end && *p < 0x80 && ((cls = ascii_class[*p]) & C_ALNUM)) {
			*digits &= cls >> 1;
			p++;
		}
		if (p >= st->end || (*p < 0x80 && !(cls & C_INNER)))
			break;	/* the common end of a word: a space or punctuation */
		if (*p < 0x80 && (*p == '@' || *p == '_' || *p == '+'))
			break;
		cp = peek(st, p, &n);
		if (cp >= 0x80 && uni_is_alnum(cp)) {
			*flags |= W_NONASCII;
			if (!uni_is_digit(cp))
				*digits = 0;
			p += n;
			continue;
		}
		if (cp < 0)
			break;
		next = peek(st, p + n, &m);
		if (next < 0 || !is_alnum(next))
			break;
		if (is_joiner(cp)) {
			if (cp == '-' || cp == 0x2010 || cp == 0x2011)
				*flags |= W_HYPHEN;
			else
				*flags |= W_APOS;
			if (cp >= 0x80)
				*flags |= W_NONASCII | (cp == 0x2019 ? W_RSQUO : 0);
			*digits = 0;
			p += n;
			continue;
		}
		if ((cp == '.' || cp == ',') && *digits && uni_is_digit(next)) {
			p += n;
			continue;
		}
		break;
	}
	return p;
}

/*
 * The end of the run of ASCII letters and digits at p. Eight bytes at a time
 * where they can be read: a word is usually over within the first eight.
 */
static const unsigned char *alnum_run_end(const unsigned char *p, const unsigned char *end)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t x, x7, y, letter, digit, stop;

	while (end - p >= 8) {
		memcpy(&x, p, 8);
		/* Per byte, high bits cleared so that no sum carries into the next. */
		x7 = x & ~high;
		y = x7 | ones * 0x20;	/* A-Z to a-z */
		letter = (y + ones * (0x80 - 'a')) & ~(y + ones * (0x80 - 'z' - 1));
		digit = (x7 + ones * (0x80 - '0')) & ~(x7 + ones * (0x80 - '9' - 1));
		stop = ~(letter | digit) & high;
		stop |= x & high;	/* not ASCII */
		if (stop)
			return p + __builtin_ctzll(stop) / 8;
		p += 8;
	}
#endif
	while (p < end && *p < 0x80 && (ascii_class[*p] & C_ALNUM))
		p++;
	return p;
}

/*
 * What a plain word ends at: true when the word of ASCII letters and digits
 * [start, q) is a whole token of tok_each() as it stands (scan_word() would
 * stop at q, and no e-mail address starts at start).
 */
static int plain_end(const unsigned char *start, const unsigned char *q, const unsigned char *end)
{
	unsigned c;

	if (q >= end)
		return 1;
	c = *q;
	if (c >= 0x80)
		return 0;	/* a letter, mark or joiner of another script may go on */
	if (!(ascii_class[c] & C_INNER))
		return 1;
	/* A joiner or a decimal point goes on before a letter or digit. */
	if ((c == '\'' || c == '-' || c == '.' || c == ',') &&
	    q + 1 < end && (q[1] >= 0x80 || (ascii_class[q[1]] & C_ALNUM)))
		return 0;
	return c == '\'' || c == ',' || !email_end_from(start, q, end);
}

static int url_start(const unsigned char *p, const unsigned char *end)
{
	return ((*p | 0x20) == 'h' || (*p | 0x20) == 'w') &&
	       (has_prefix(p, end, "http://") || has_prefix(p, end, "https://") ||
		has_prefix(p, end, "www."));
}

/* Sets up st for one tok_each() call. */
static void tokst_init(struct tokst *st, const struct tok_opts *o, const char *text, size_t len,
		       tok_fn fn, void *ctx)
{
	memset(st, 0, sizeof(*st));
	st->o = o;
	st->base = (const unsigned char *)text;
	st->end = st->base + len;
	st->fn = fn;
	st->ctx = ctx;
	if (o->lang && (!strcmp(o->lang, "fr") || !strcmp(o->lang, "it")))
		st->elide = o->lang[0] == 'f' ? 1 : 2;
}

/* The token at start (not a plain word); returns where scanning goes on, and fn's value in *rc. */
static const unsigned char *token_at(struct tokst *st, const unsigned char *start, int *rc)
{
	const unsigned char *p = start, *e;
	int flags, digits;

	if (url_start(p, st->end)) {
		p = url_end(p, st->end);
		*rc = emit(st, start, p, TOK_URL, 0);
		return p;
	}
	p = scan_word(st, p, &flags, &digits);
	if (p < st->end && (*p == '@' || *p == '.' || *p == '_' || *p == '+' || *p == '-') &&
	    (e = email_end(start, st->end))) {
		*rc = emit(st, start, e, TOK_EMAIL, 0);
		return e;
	}
	if ((flags & W_APOS) && st->elide)
		start = elide(st, start, p);
	if ((flags & W_HYPHEN) && st->o->split_hyphens)
		*rc = emit_split(st, start, p, flags);
	else
		*rc = emit(st, start, p, digits ? TOK_NUMBER : TOK_WORD, flags);
	return p;
}

/*
 * The tokeniser's loop: skips what is not a word and hands each token to
 * token_at(); with plain set, words of ASCII letters and digits alone go to
 * plain(pctx, ...) as they stand instead, checked by plain_end().
 */
static int each_token(struct tokst *st, tok_plain_fn plain, void *pctx)
{
	const unsigned char *p = st->base, *q;
	int32_t cp;
	size_t n, min_len = st->o->min_len;
	int rc = 0;

	while (p < st->end && !rc) {
		if (*p < 0x80) {
			if (!(ascii_class[*p] & C_ALNUM)) {
				p++;
				continue;
			}
		} else {
			cp = peek(st, p, &n);
			if (!uni_is_alnum(cp)) {
				p += n;
				continue;
			}
			p = token_at(st, p, &rc);
			continue;
		}
		if (plain && !url_start(p, st->end)) {
			q = alnum_run_end(p + 1, st->end);
			if (plain_end(p, q, st->end)) {
				if (!min_len || (size_t)(q - p) >= min_len)
					rc = plain(pctx, (const char *)p, (size_t)(q - p));
				p = q;
				continue;
			}
		}
		p = token_at(st, p, &rc);
	}
	buf_release(&st->norm);
	buf_release(&st->tmp);
	return rc;
}

int tok_each(const struct tok_opts *o, const char *text, size_t len, tok_fn fn, void *ctx)
{
	struct tokst st;

	tokst_init(&st, o, text, len, fn, ctx);
	return each_token(&st, NULL, NULL);
}

int tok_each_plain(const struct tok_opts *o, const char *text, size_t len, tok_plain_fn plain,
		   void *pctx, tok_fn fn, void *ctx)
{
	struct tokst st;

	tokst_init(&st, o, text, len, fn, ctx);
	return each_token(&st, o->sentences ? NULL : plain, pctx);
}
