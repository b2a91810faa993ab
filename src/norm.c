/* norm.c: streaming normalisation (see norm.h). */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "mojibake.h"
#include "norm.h"
#include "unicode.h"
#include "utf8.h"

/* Input held back without a newline before a cut is forced elsewhere. */
enum { MAX_HOLD = 1 << 20 };

void norm_release(struct norm *n)
{
	buf_release(&n->carry);
	buf_release(&n->a);
	buf_release(&n->b);
}

/* Bytes that the clean stage copies as they are: printable ASCII, tab, newline, form feed. */
static unsigned char plain_table[256];

static void init_plain_table(void)
{
	int c;

	for (c = 0x20; c < 0x7F; c++)
		plain_table[c] = 1;
	plain_table['\n'] = plain_table['\t'] = plain_table['\f'] = 1;
}

static inline int plain_byte(unsigned char c)
{
	return plain_table[c];
}

/* The length of the ASCII run at s, eight bytes at a time. */
static size_t ascii_run(const unsigned char *s, size_t len)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

void norm_init(struct norm *n, const struct norm_opts *o)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_plain_table);
	memset(n, 0, sizeof(*n));
	n->o = *o;
	if (!(n->o.form & (UNI_NFC | UNI_NFKC)))
		n->o.form |= UNI_NFC;
}

/*
 * The bytes one U+FFFD replaces at an invalid sequence: the longest start
 * of a valid sequence, else one byte (Unicode's "maximal subpart" practice,
 * as in Python and the WHATWG decoder).
 */
static size_t bad_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0xC2 || c > 0xF4)
		return 1;
	need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < need && i < n && p[i] >= lo && p[i] <= hi; i++) {
		lo = 0x80;
		hi = 0xBF;
	}
	return i;
}

/* Code points removed always: C1 controls, soft hyphen, zero-width space. */
static inline int drop_cp(int32_t cp, int keep_c1)
{
	return (cp < 0xA0 && !keep_c1) || cp == 0xAD || cp == 0x200B;
}

/*
 * The first stage: valid UTF-8 with LF line ends and no controls. With
 * keep_c1, C1 controls stay (they may be mojibake of Windows-1252 bytes).
 * Returns -1 in strict mode at an invalid byte.
 */
static int clean(struct norm *n, const unsigned char *s, size_t len, struct buf *out,
		 int keep_c1)
{
	const unsigned char *p = s, *end = s + len, *run;
	unsigned char enc[4];
	size_t k;
	int32_t cp;

	buf_grow(out, len);
	while (p < end) {
		for (run = p; p < end && plain_byte(*p); p++)
			;
		if (p > run) {
			buf_add(out, run, (size_t)(p - run));
			n->started = 1;
		}
		if (p >= end)
			break;
		if (*p < 0x80) {
			if (*p == '\r') {
				buf_addc(out, '\n');
				if (p + 1 < end && p[1] == '\n')
					p++;
			}
			p++;	/* other controls (and DEL) go */
			n->started = 1;
			continue;
		}
		k = utf8_valid_len(p, (size_t)(end - p));
		if (!k) {
			if (n->o.cp1252_fallback) {
				cp = cp1252_decode(*p);
			} else {
				if (!n->invalid++)
					n->first_invalid = n->consumed + (size_t)(p - s);
				if (n->o.strict)
					return -1;
				cp = 0xFFFD;
			}
			if (!drop_cp(cp, keep_c1))
				buf_add(out, enc, utf8_encode(cp, enc));
			p += n->o.cp1252_fallback ? 1 : bad_len(p, (size_t)(end - p));
			n->started = 1;
			continue;
		}
		utf8_decode(p, k, &cp);
		if (!(cp == 0xFEFF && !n->started) && !drop_cp(cp, keep_c1))
			buf_add(out, p, k);
		n->started = 1;
		p += k;
	}
	return 0;
}

/* Removes the C1 controls kept for the mojibake stage. */
static void drop_c1(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run;

	while (p < end) {
		for (run = p; p < end && !(p[0] == 0xC2 && p + 1 < end && p[1] < 0xA0); p++)
			;
		buf_add(out, run, (size_t)(p - run));
		if (p < end)
			p += 2;
	}
}

static inline void add_ascii(struct buf *out, const unsigned char *s, size_t len, int fold)
{
	size_t i;

	if (!fold) {
		buf_add(out, s, len);
		return;
	}
	buf_grow(out, len);
	for (i = 0; i < len; i++)
		out->data[out->len + i] = (char)((unsigned)s[i] - 'A' < 26u ? s[i] + 32 : s[i]);
	out->len += len;
	out->data[out->len] = '\0';
}

/*
 * Normalisation form: ASCII runs are copied (or lower-cased); each non-ASCII
 * run goes to utf8proc with the ASCII character before it, which a
 * combining mark may attach to. No canonical composition has an ASCII
 * second character, so a run may end before any ASCII byte.
 */
static void form(const struct norm *n, const unsigned char *s, size_t len, struct buf *out)
{
	const unsigned char *p = s, *end = s + len, *run, *a;
	int fold = n->o.form & UNI_CASEFOLD;

	buf_grow(out, len);
	while (p < end) {
		run = p;
		p += ascii_run(p, (size_t)(end - p));
		if (p >= end) {
			add_ascii(out, run, (size_t)(p - run), fold);
			break;
		}
		a = p > run ? p - 1 : p;
		add_ascii(out, run, (size_t)(a - run), fold);
		while (p < end && *p >= 0x80)
			p++;
		if (uni_normalize(out, (const char *)a, (size_t)(p - a), n->o.form) < 0)
			buf_add(out, a, (size_t)(p - a));
	}
}

/* The ASCII stand-in for a punctuation or space code point, or NULL. */
static const char *fold_punct_cp(int32_t cp)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2035:
	case 0x02BC: case 0xFF07:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x2036:
	case 0xFF02:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
	case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
		return "-";
	case 0x2026:
		return "...";
	default:
		return uni_is_space(cp) && cp >= 0x80 ? " " : NULL;
	}
}

/* Punctuation folding and squeezing, one pass; squeeze state lives in n. */
static void finish_stage(struct norm *n, const unsigned char *s, size_t len, struct buf *out)
{
	const unsigned char *p = s, *end = s + len;
	const char *rep;
	size_t k;
	int32_t cp;

	buf_grow(out, len);
	while (p < end) {
		const unsigned char *run = p;

		/* A run of ASCII other than spaces, tabs and newlines needs nothing. */
		while (p < end && *p < 0x80 &&
		       !(n->o.squeeze && (*p == ' ' || *p == '\t' || *p == '\n')))
			p++;
		if (p > run) {
			if (n->pending_space)
				buf_addc(out, ' ');
			n->pending_space = 0;
			n->newlines = 0;
			buf_add(out, run, (size_t)(p - run));
			continue;
		}
		if (*p < 0x80) {
			cp = *p;
			k = 1;
		} else {
			k = utf8_decode(p, (size_t)(end - p), &cp);
		}
		rep = NULL;
		if (n->o.fold_punct && cp >= 0x80)
			rep = fold_punct_cp(cp);
		if (rep && rep[0] == ' ' && !rep[1])
			cp = ' ';
		if (n->o.squeeze) {
			if (cp == ' ' || cp == '\t') {
				n->pending_space = 1;
				p += k;
				continue;
			}
			if (cp == '\n') {
				n->pending_space = 0;
				if (++n->newlines <= 2)
					buf_addc(out, '\n');
				p += k;
				continue;
			}
			if (n->pending_space)
				buf_addc(out, ' ');
			n->pending_space = 0;
			n->newlines = 0;
		}
		if (rep)
			buf_adds(out, rep);
		else if (cp == ' ')
			buf_addc(out, ' ');
		else
			buf_add(out, p, k);
		p += k;
	}
}

/* Runs every stage over carry[0, cut) and drops it from carry. */
static int process(struct norm *n, size_t cut, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)n->carry.data;
	struct buf *cur;
	int rc;

	buf_reset(&n->a);
	rc = clean(n, s, cut, &n->a, n->o.fix_mojibake);
	if (rc == 0) {
		cur = &n->a;
		if (n->o.fix_mojibake) {
			buf_reset(&n->b);
			n->mojibake += mojibake_fix(&n->b, n->a.data, n->a.len);
			buf_reset(&n->a);
			drop_c1(n->b.data, n->b.len, &n->a);
		}
		if (n->o.fold_punct || n->o.squeeze) {
			buf_reset(&n->b);
			form(n, (const unsigned char *)cur->data, cur->len, &n->b);
			finish_stage(n, (const unsigned char *)n->b.data, n->b.len, out);
		} else {
			form(n, (const unsigned char *)cur->data, cur->len, out);
		}
	}
	n->consumed += cut;
	memmove(n->carry.data, n->carry.data + cut, n->carry.len - cut);
	buf_truncate(&n->carry, n->carry.len - cut);
	return rc;
}

/* A place to cut carry where nothing can join across: 0 when there is none yet. */
static size_t safe_cut(const struct norm *n)
{
	const unsigned char *s = (const unsigned char *)n->carry.data, *p;
	size_t len = n->carry.len, hold = n->o.hold ? n->o.hold : MAX_HOLD, i;
	int32_t cp;

	for (i = len; i > 0; i--)
		if (s[i - 1] == '\n')
			return i;
	if (len < hold)
		return 0;
	/* A long line: cut before an ASCII byte other than LF after CR ... */
	for (i = len - 1; i > 0; i--)
		if (s[i] < 0x80 && s[i - 1] != '\r')
			return i;
	/* ... or before a code point that nothing joins to what precedes it ... */
	for (i = len - 1; i > 0; i--) {
		if ((s[i] & 0xC0) == 0x80)
			continue;
		p = s + i;
		if (!utf8_valid_len(p, len - i))
			continue;
		utf8_decode(p, len - i, &cp);
		/* Mojibake repair joins characters that stand for continuation bytes. */
		if (n->o.fix_mojibake && cp1252_encode(cp) >= 0x80 && cp1252_encode(cp) < 0xC0)
			continue;
		if (uni_is_boundary(cp))
			return i;
	}
	/* ... or, after 64 times the hold of marks alone, anywhere between characters. */
	if (len < 64 * hold)
		return 0;
	for (i = len - 1; i > 0 && (s[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

int norm_feed(struct norm *n, const char *p, size_t len, struct buf *out)
{
	size_t cut;

	buf_add(&n->carry, p, len);
	cut = safe_cut(n);
	return cut ? process(n, cut, out) : 0;
}

int norm_finish(struct norm *n, struct buf *out)
{
	int rc = 0;

	if (n->carry.len)
		rc = process(n, n->carry.len, out);
	n->pending_space = 0;
	return rc;
}

int norm_string(const struct norm_opts *o, const char *s, size_t len, struct buf *out,
		unsigned long long *invalid)
{
	struct norm n;
	int rc;

	norm_init(&n, o);
	rc = norm_feed(&n, s, len, out);
	if (rc == 0)
		rc = norm_finish(&n, out);
	if (invalid)
		*invalid = n.invalid;
	norm_release(&n);
	return rc;
}
