/*
 * jsonl.c: JSON Lines objects with byte-exact passthrough of their members.
 *
 * Why a scanner of our own beside jansson: every command reads the document
 * stream, and jansson reading each line (a byte at a time through a
 * callback, a tree and a malloc per value), then once more for each key to
 * pair it with its raw bytes, was most of what `hrtk cat --jsonl` cost (60
 * MB/s). The scanner reads the top-level object in one pass: it finds each
 * member's raw bytes and decodes keys and string values (escapes, surrogate
 * pairs, strict UTF-8, \u0000) into one buffer that is reused line after
 * line. It is narrow on purpose and jansson stays the reference:
 *   - a value that is not a string (number, literal, array, object) is
 *     handed to jansson as its own small text, which checks and decodes it;
 *   - a line the scanner does not accept as it is (any error, a NUL in a
 *     key, a duplicate key, a value nested deeper than DEEP) is read whole
 *     by jansson, which rejects it with its own message, or, valid after
 *     all (deep nesting), lends its tree for the values.
 * So the lines accepted, the values and the messages are jansson's:
 * tests/unit/t-jsonl.c and tests/fuzz/fuzz-jsonl.c compare the two.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "err.h"
#include "jsonl.h"
#include "utf8.h"

enum {
	LOAD_FLAGS = JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	DEEP = 1000,		/* below jansson's JSON_PARSER_MAX_DEPTH, with room */
	PAIRWISE = 16,		/* members checked for duplicates one by one; then sorted */
	KEEP_MAX = 1 << 16	/* buffers kept for the next line up to this size */
};

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Bytes standing for themselves in a JSON string: printable ASCII but '"' and '\\'. */
static int plain(unsigned c)
{
	return c - 0x20 < 0x60 && c != '"' && c != '\\';
}

/* True when none of the 8 bytes in w is a control, '"', '\\' or above 0x7F. */
static int plain8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');

	/* (x - ones) & ~x has a high bit set where x has a zero byte (and no false alarm when none) */
	return !((w | ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
		  ((bslash - ones) & ~bslash)) & high);
}

#ifdef __SSE2__
/* Bits of the bytes in v that a JSON string does not hold as they are: controls, '"', '\\', 0x80-0xFF. */
static unsigned stops16(__m128i v)
{
	/* signed bytes: below 0x20 are the controls and all of 0x80-0xFF */
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))));
}
#endif

#ifdef __SSE2__
/*
 * Copies the plain ASCII bytes at s to w, 16 at a time while at least 16
 * are left, and returns how many: w needs 15 bytes of room past them.
 */
__attribute__((always_inline)) static inline size_t copy_plain16(const unsigned char *s, const unsigned char *end, char *w)
{
	const unsigned char *start = s;

	while (end - s >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		unsigned stop = stops16(v);

		_mm_storeu_si128((__m128i *)(void *)(w + (s - start)), v);
		if (stop)
			return (size_t)(s - start) + (size_t)__builtin_ctz(stop);
		s += 16;
	}
	return (size_t)(s - start);
}
#endif

/*
 * The end of the run at s of bytes a JSON string holds as they are: plain
 * ASCII (16 or 8 bytes at a time: most of any text) and valid UTF-8.
 */
static const unsigned char *plain_run(const unsigned char *s, const unsigned char *end)
{
	uint64_t w;
	size_t n;

	for (;;) {
#ifdef __SSE2__
		while (end - s >= 16) {
			unsigned stop = stops16(_mm_loadu_si128((const __m128i *)(const void *)s));

			if (stop) {
				s += __builtin_ctz(stop);
				break;
			}
			s += 16;
		}
#endif
		while (end - s >= 8) {
			memcpy(&w, s, 8);
			if (!plain8(w))
				break;
			s += 8;
		}
		while (s < end && plain(*s))
			s++;
		if (s < end && *s >= 0x80 && (n = utf8_valid_len(s, (size_t)(end - s))) != 0)
			s += n;
		else
			return s;
	}
}

/*
 * Copies from s to w the bytes a JSON string holds as they are (plain ASCII
 * and valid UTF-8) up to the first that needs handling: a quote, a
 * backslash, a control byte, invalid UTF-8 or the end. Returns how many;
 * w needs room for them and 15 bytes more. Shared by the reader and the
 * writer so that both take the 16-byte path the same way.
 */
__attribute__((always_inline)) static inline size_t copy_plain(const unsigned char *s, const unsigned char *end, char *w)
{
	const unsigned char *start = s, *run;
	size_t n;

#ifdef __SSE2__
	for (;;) {
		s += copy_plain16(s, end, w + (s - start));
		if (end - s < 16)
			break;
		if (*s < 0x80 || !(n = utf8_valid_len(s, (size_t)(end - s))))
			return (size_t)(s - start);
		memcpy(w + (s - start), s, n);
		s += n;
	}
#endif
	run = s;
	s = plain_run(s, end);
	memcpy(w + (run - start), run, (size_t)(s - run));
	return (size_t)(s - start);
}

long json_hex4(const char *p, const char *end)
{
	const unsigned char *s = (const unsigned char *)p;
	long v = 0;
	int i, c;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | c;
	}
	return v;
}

/* Decodes the \uXXXX escape (a pair for a surrogate) at s, past the backslash; NULL when invalid. */
static const unsigned char *unicode_escape(const unsigned char *s, const unsigned char *end, char **w)
{
	long cp = json_hex4((const char *)s + 1, (const char *)end), lo;

	if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
		return NULL;
	s += 5;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (end - s < 2 || s[0] != '\\' || s[1] != 'u')
			return NULL;
		lo = json_hex4((const char *)s + 2, (const char *)end);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return NULL;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		s += 6;
	}
	*w += utf8_encode((int32_t)cp, (unsigned char *)*w);
	return s;
}

/*
 * Decodes the string at p (its opening quote) to *w, which has room for it
 * (a decoded string is never longer than its source), and returns the byte
 * after the closing quote; NULL for anything jansson would reject.
 */
static const char *scan_string(const char *p, const char *end, char **w)
{
	const unsigned char *s = (const unsigned char *)p + 1, *e = (const unsigned char *)end;
	size_t n;

	/* *w never runs ahead of s: the 16-byte stores stay inside a buffer as long as the line */
	for (;;) {
		n = copy_plain(s, e, *w);
		s += n;
		*w += n;
		if (s >= e)
			return NULL;
		if (*s == '"')
			return (const char *)s + 1;
		if (*s != '\\' || s + 1 >= e)
			return NULL;	/* a control character, invalid UTF-8, a cut escape */
		switch (s[1]) {
		case '"': case '\\': case '/': *(*w)++ = (char)s[1]; break;
		case 'b': *(*w)++ = '\b'; break;
		case 'f': *(*w)++ = '\f'; break;
		case 'n': *(*w)++ = '\n'; break;
		case 'r': *(*w)++ = '\r'; break;
		case 't': *(*w)++ = '\t'; break;
		case 'u':
			if (!(s = unicode_escape(s + 1, e, w)))
				return NULL;
			continue;
		default:
			return NULL;
		}
		s += 2;
	}
}

/* Skips a string without decoding it; returns the byte after it. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				break;
		} else if (*p == '"') {
			return p + 1;
		}
	}
	return end;
}

/*
 * Finds the end of a value that is not a string, for jansson to check:
 * only its extent (strings skipped, brackets counted), so *deep is set when
 * it nests deeper than DEEP.
 */
static const char *skip_value(const char *p, const char *end, int *deep)
{
	long depth = 0;

	for (; p < end; p++) {
		switch (*p) {
		case '"':
			p = skip_string(p, end) - 1;
			break;
		case '{': case '[':
			if (++depth > DEEP)
				*deep = 1;
			break;
		case '}': case ']':
			if (!depth)
				return p;
			if (!--depth)
				return p + 1;
			break;
		case ',': case ' ': case '\t': case '\n': case '\r':
			if (!depth)
				return p;
			break;
		}
	}
	return end;
}

static void clear_members(struct jsonl_obj *o)
{
	size_t i;

	for (i = 0; i < o->nm; i++)
		json_decref(o->m[i].val);
	o->nm = 0;
}

static struct jsonl_member *new_member(struct jsonl_obj *o)
{
	if (o->nm == o->am) {
		o->am = o->am ? o->am * 2 : 8;
		o->m = ereallocarray(o->m, o->am, sizeof(*o->m));
	}
	memset(&o->m[o->nm], 0, sizeof(*o->m));
	return &o->m[o->nm++];
}

/* True when the last member's key is an earlier one's (the first PAIRWISE members). */
static int duplicate_last(const struct jsonl_obj *o)
{
	const struct jsonl_member *last = &o->m[o->nm - 1];
	size_t i;

	if (o->nm > PAIRWISE)
		return 0;
	for (i = 0; i + 1 < o->nm; i++)
		if (o->m[i].keylen == last->keylen && !memcmp(o->m[i].key, last->key, last->keylen))
			return 1;
	return 0;
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True when two keys are the same, for objects of more than PAIRWISE members. */
static int duplicate_sorted(const struct jsonl_obj *o)
{
	const char **keys;
	size_t i;
	int dup = 0;

	if (o->nm <= PAIRWISE)
		return 0;
	keys = ereallocarray(NULL, o->nm, sizeof(*keys));
	for (i = 0; i < o->nm; i++)
		keys[i] = o->m[i].key;
	sort_array(keys, o->nm, sizeof(*keys), cmp_keys);
	for (i = 1; i < o->nm && !dup; i++)
		dup = !strcmp(keys[i - 1], keys[i]);
	free(keys);
	return dup;
}

/* Reads a member's value at p; returns the byte after it, or NULL. */
static const char *scan_value(struct jsonl_member *m, const char *p, const char *end,
			      char **w, json_t *root)
{
	int deep = 0;

	m->raw = p;
	if (p < end && *p == '"') {
		m->str = *w;
		if (!(p = scan_string(p, end, w)))
			return NULL;
		m->len = (size_t)(*w - m->str);
		*(*w)++ = '\0';
	} else {
		p = skip_value(p, end, &deep);
		if (deep && !root)
			return NULL;
		if (root)
			m->val = json_incref(json_object_get(root, m->key));
		else
			m->val = json_loadb(m->raw, (size_t)(p - m->raw), JSON_DECODE_ANY | LOAD_FLAGS, NULL);
		if (!m->val)
			return NULL;
	}
	m->rawlen = (size_t)(p - m->raw);
	return p;
}

/*
 * Reads the object in o->line: 0, or -1 when jansson must judge the line.
 * With root (jansson's tree of this line, known valid), values that are
 * not strings are taken from it.
 */
static int scan(struct jsonl_obj *o, json_t *root)
{
	const char *p = o->line.data, *end = p + o->line.len;
	struct jsonl_member *m;
	char *w;

	buf_reset(&o->dec);
	buf_grow(&o->dec, o->line.len + 1);
	w = o->dec.data;
	p = skip_space(p, end);
	if (p >= end || *p != '{')
		return -1;
	p = skip_space(p + 1, end);
	if (p < end && *p == '}')
		goto close;
	for (;;) {
		if (p >= end || *p != '"')
			return -1;
		m = new_member(o);
		m->key = w;
		if (!(p = scan_string(p, end, &w)))
			return -1;
		m->keylen = (size_t)(w - m->key);
		*w++ = '\0';
		if (memchr(m->key, '\0', m->keylen) || duplicate_last(o))
			return -1;
		p = skip_space(p, end);
		if (p >= end || *p != ':')
			return -1;
		p = skip_space(p + 1, end);
		if (!(p = scan_value(m, p, end, &w, root)))
			return -1;
		p = skip_space(p, end);
		if (p < end && *p == ',') {
			p = skip_space(p + 1, end);
			continue;
		}
		if (p < end && *p == '}')
			break;
		return -1;
	}
close:
	if (skip_space(p + 1, end) != end || duplicate_sorted(o))
		return -1;
	o->dec.len = (size_t)(w - o->dec.data);
	return 0;
}

int jsonl_parse_line(struct jsonl_obj *o, struct buf *err)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	clear_members(o);
	o->parsed = 0;
	if (!o->line.data)
		buf_grow(&o->line, 0);
	if (scan(o, NULL) == 0) {
		o->parsed = 1;
		return 0;
	}
	clear_members(o);
	root = json_loadb(o->line.data, o->line.len, LOAD_FLAGS, &jerr);
	if (!root) {
		buf_addf(err, "column %d: %s", jerr.column, jerr.text);
		return -1;
	}
	rc = json_is_object(root) ? scan(o, root) : -2;
	json_decref(root);
	if (rc < 0) {
		/* -1 would be the scanner refusing what jansson reads: the tests rule it out. */
		clear_members(o);
		buf_adds(err, rc == -2 ? "not a JSON object" : "column 0: unreadable object");
		return -1;
	}
	o->parsed = 1;
	return 0;
}

int jsonl_parse(struct jsonl_obj *o, const char *line, size_t len, struct buf *err)
{
	memset(o, 0, sizeof(*o));
	buf_add(&o->line, line, len);
	if (jsonl_parse_line(o, err) == 0)
		return 0;
	jsonl_release(o);
	return -1;
}

void jsonl_clear(struct jsonl_obj *o)
{
	clear_members(o);
	o->parsed = 0;
	if (o->line.alloc > KEEP_MAX)
		buf_release(&o->line);
	if (o->dec.alloc > KEEP_MAX)
		buf_release(&o->dec);
	buf_reset(&o->line);
	buf_reset(&o->dec);
}

void jsonl_release(struct jsonl_obj *o)
{
	clear_members(o);
	free(o->m);
	buf_release(&o->line);
	buf_release(&o->dec);
	memset(o, 0, sizeof(*o));
}

static const struct jsonl_member *member(const struct jsonl_obj *o, const char *key)
{
	long i = jsonl_find(o, key);

	return i < 0 ? NULL : &o->m[i];
}

int jsonl_get_str(const struct jsonl_obj *o, const char *key, const char **s, size_t *len)
{
	const struct jsonl_member *m = member(o, key);

	if (!m)
		return 0;
	if (!m->str)
		return -1;
	*s = m->str;
	if (len)
		*len = m->len;
	return 1;
}

int jsonl_get_int(const struct jsonl_obj *o, const char *key, long long *v)
{
	const struct jsonl_member *m = member(o, key);

	if (!m || !json_is_integer(m->val))
		return 0;
	*v = (long long)json_integer_value(m->val);
	return 1;
}

int jsonl_get_num(const struct jsonl_obj *o, const char *key, double *v)
{
	const struct jsonl_member *m = member(o, key);

	if (!m || !json_is_number(m->val))
		return 0;
	*v = json_number_value(m->val);
	return 1;
}

long jsonl_find(const struct jsonl_obj *o, const char *key)
{
	size_t i;

	for (i = 0; i < o->nm; i++)
		if (!strcmp(o->m[i].key, key))
			return (long)i;
	return -1;
}

void json_add_string(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n;

	/* room for a newline escaped every 8 bytes: no copy as it grows, for most texts */
	buf_grow(out, len + len / 8 + 18);
	buf_addc(out, '"');
	while (p < end) {
		if (out->alloc - out->len <= (size_t)(end - p) + 16)
			buf_grow(out, (size_t)(end - p) + 16);
		n = copy_plain(p, end, out->data + out->len);
		p += n;
		out->len += n;
		out->data[out->len] = '\0';
		if (p >= end)
			break;
		if (*p >= 0x80) {
			buf_adds(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		buf_addc(out, '\\');
		switch (*p) {
		case '"': buf_addc(out, '"'); break;
		case '\\': buf_addc(out, '\\'); break;
		case '\n': buf_addc(out, 'n'); break;
		case '\t': buf_addc(out, 't'); break;
		case '\r': buf_addc(out, 'r'); break;
		case '\b': buf_addc(out, 'b'); break;
		case '\f': buf_addc(out, 'f'); break;
		default:
			buf_adds(out, "u00");
			buf_addc(out, hex[*p >> 4]);
			buf_addc(out, hex[*p & 15]);
		}
		p++;
	}
	buf_addc(out, '"');
}
