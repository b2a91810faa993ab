/* unicode.c: utf8proc behind hrtk's own names. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "unicode.h"
#include "utf8.h"

static utf8proc_category_t category(int32_t cp)
{
	return utf8proc_category(cp);
}

int uni_is_letter(int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	switch (category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

int uni_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return 0;
	switch (category(cp)) {
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return 1;
	default:
		return 0;
	}
}

int uni_is_digit(int32_t cp)
{
	if (cp < 0x80)
		return cp >= '0' && cp <= '9';
	return category(cp) == UTF8PROC_CATEGORY_ND;
}

int uni_is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9');
	switch (category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int uni_is_space(int32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return cp == 0x85 || category(cp) == UTF8PROC_CATEGORY_ZS ||
	       cp == 0x2028 || cp == 0x2029;
}

int uni_is_upper(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return category(cp) == UTF8PROC_CATEGORY_LU || category(cp) == UTF8PROC_CATEGORY_LT;
}

int uni_is_caseless(int32_t cp)
{
	/* Letters aside, which can be another's case without a mapping back (sharp s). */
	return !uni_is_letter(cp) && utf8proc_tolower(cp) == cp && utf8proc_toupper(cp) == cp &&
	       utf8proc_totitle(cp) == cp;
}

int uni_is_boundary(int32_t cp)
{
	const utf8proc_property_t *pr;

	if (cp < 0x300)
		return 1;
	if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
		return 0;	/* jamo that compose with a preceding syllable */
	pr = utf8proc_get_property(cp);
	/* comb_index >= 0x8000 marks a possible second character of a composition. */
	return pr->combining_class == 0 && (pr->comb_index == UINT16_MAX || pr->comb_index < 0x8000);
}

static int is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Copies s to out with invalid UTF-8 bytes replaced by U+FFFD. */
static void add_valid(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n;

	while (p < end) {
		n = utf8_valid_len(p, (size_t)(end - p));
		if (n) {
			buf_add(out, p, n);
			p += n;
		} else {
			buf_adds(out, "\xEF\xBF\xBD");
			p++;
		}
	}
}

/* Decomposes s into cps (room for cap code points), or reports the count needed. */
static utf8proc_ssize_t decompose(const char *s, size_t len, int32_t *cps, size_t cap,
				  utf8proc_option_t opt)
{
	return utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
				  (utf8proc_int32_t *)cps, (utf8proc_ssize_t)cap, opt);
}

int uni_normalize(struct buf *out, const char *s, size_t len, int flags)
{
	/* Tokens fit on the stack: no allocation per call on the common path. */
	enum { STACK_CPS = 256 };
	int32_t stack[STACK_CPS], *cps = stack;
	utf8proc_option_t opt = UTF8PROC_STABLE;
	utf8proc_ssize_t n;
	struct buf valid = BUF_INIT;
	size_t i;

	if (is_ascii(s, len)) {
		/* NUL bytes pass through; utf8proc would stop at them. */
		buf_grow(out, len);
		if (flags & UNI_CASEFOLD) {
			for (i = 0; i < len; i++) {
				unsigned char c = (unsigned char)s[i];

				out->data[out->len + i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			}
			out->len += len;
			out->data[out->len] = '\0';
		} else {
			buf_add(out, s, len);
		}
		return 0;
	}
	opt |= (flags & UNI_NFKC) ? UTF8PROC_COMPOSE | UTF8PROC_COMPAT : UTF8PROC_COMPOSE;
	if (flags & UNI_CASEFOLD)
		opt |= UTF8PROC_CASEFOLD;
	if (flags & UNI_STRIP_MARKS)
		opt |= UTF8PROC_STRIPMARK;
	n = decompose(s, len, cps, STACK_CPS, opt);
	if (n == UTF8PROC_ERROR_INVALIDUTF8) {
		add_valid(&valid, s, len);
		s = valid.data;
		len = valid.len;
		n = decompose(s, len, cps, STACK_CPS, opt);
	}
	if (n > STACK_CPS) {
		cps = malloc((size_t)n * sizeof(*cps));
		if (!cps) {
			buf_release(&valid);
			return -1;
		}
		n = decompose(s, len, cps, (size_t)n, opt);
	}
	if (n >= 0)
		n = utf8proc_reencode((utf8proc_int32_t *)cps, n, opt);
	if (n >= 0)
		buf_add(out, cps, (size_t)n);
	if (cps != stack)
		free(cps);
	buf_release(&valid);
	return n < 0 ? -1 : 0;
}

/*
 * For uni_fold_quick(): the fold of each code point below U+0800 that
 * composes with nothing before it, when that fold is one such code point,
 * its own fold; 0 for the others.
 */
static uint16_t fold_to[0x800];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* Asks utf8proc once about each code point of one or two UTF-8 bytes. */
static void fold_init(void)
{
	static uint16_t one[0x800];
	struct buf b = BUF_INIT;
	unsigned char enc[4];
	int32_t cp, t;
	size_t n;

	for (cp = 1; cp < 0x800; cp++) {
		n = utf8_encode(cp, enc);
		buf_reset(&b);
		if (!uni_is_boundary(cp) ||
		    uni_normalize(&b, (const char *)enc, n, UNI_NFC | UNI_CASEFOLD) < 0 || !b.len)
			continue;
		n = utf8_decode((const unsigned char *)b.data, b.len, &t);
		if (n == b.len && t > 0 && t < 0x800)
			one[cp] = (uint16_t)t;
	}
	for (cp = 1; cp < 0x800; cp++)
		if (one[cp] && one[one[cp]] == one[cp])
			fold_to[cp] = one[cp];
	buf_release(&b);
}

/*
 * True for a code point of three UTF-8 bytes that NFC and case folding
 * leave alone wherever it stands: no decomposition, no case fold, and
 * composing with nothing before it. Hangul syllables (decomposed without
 * the tables) are left to utf8proc.
 */
static int self_folded(int32_t cp)
{
	const utf8proc_property_t *pr;

	/* CJK unified ideographs (and extension A): none decomposes, folds or composes. */
	if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
		return 1;
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return 0;
	pr = utf8proc_get_property(cp);
	return pr->decomp_seqindex == UINT16_MAX && pr->casefold_seqindex == UINT16_MAX &&
	       uni_is_boundary(cp);
}

int uni_fold_quick(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned char *q;
	int32_t cp;
	size_t n;

	pthread_once(&fold_once, fold_init);
	/* A fold is never longer here: ASCII folds to ASCII, the others to one or two bytes. */
	buf_grow(out, len);
	q = (unsigned char *)out->data + out->len;
	while (p < end) {
		if (*p < 0x80) {
			cp = *p++;
		} else if (*p >= 0xC2 && *p < 0xE0 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
			cp = (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if ((n = utf8_valid_len(p, (size_t)(end - p))) == 3) {
			/* Han, kana and the like: their own fold when nothing maps or composes them. */
			cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
			if (!self_folded(cp))
				return 0;
			memcpy(q, p, 3);
			q += 3;
			p += 3;
			continue;
		} else {
			return 0;
		}
		if (!fold_to[cp])
			return 0;
		q += utf8_encode(fold_to[cp], q);
	}
	out->len = (size_t)(q - (unsigned char *)out->data);
	out->data[out->len] = '\0';
	return 1;
}

const char *uni_version(void)
{
	return utf8proc_version();
}
