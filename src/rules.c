/* rules.c: rule files parsed, checked and compiled with pcre2 (JIT). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <stdint.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "err.h"
#include "rules.h"
#include "utf8.h"

#define RULE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF)

/*
 * What one subject has, for the gates of the codes: stamps by code (equal
 * to stamp: the code's literal occurs, or its literal start), found as
 * they are needed. The block actions' subject is kept to tell when the
 * next call is on the same bytes.
 */
struct rules_md {
	pcre2_match_data *md;
	uint64_t *found, *start;	/* codes whose literal s holds, or starts with */
	uint64_t *ruledout;	/* codes needing a byte outside ASCII the document lacks */
	size_t words;
	struct buf subject;
	int family, valid, scanned, partner;
	int classed;		/* rulelit_scan_class() was run on the subject */
	const char *doc;	/* rules_doc(): its literals' occurrences in hits */
	size_t doclen;
	struct rulelit_hits hits;
	size_t hint;		/* hits_in(): where the last search began */
	int docpartner;
	int docclass;		/* what the document has of the needs of gclass (rulelit_scan_class()) */
	struct rulelit_bits bits;	/* the document's bytes outside ASCII and digits */
	size_t offset;		/* the subject's in the document, SIZE_MAX: not in it */
	int joined;		/* the subject is the pieces joined */
	struct piece {
		const char *s;
		size_t len;
	} *pieces;		/* rules_piece() */
	size_t npieces, apieces;
	size_t chars;		/* for length guards (guard_chars()), SIZE_MAX - 1: not yet */
};

static const char *const action_names[] = {
	[RULE_LINE] = "line", [RULE_BLOCK] = "block", [RULE_REST] = "rest",
	[RULE_SECTION] = "section", [RULE_TERM] = "term",
};

void rules_init(struct rules *r)
{
	memset(r, 0, sizeof(*r));
}

static void free_compiled(struct rules *r)
{
	size_t i;

	for (i = 0; i < r->ncodes; i++)
		pcre2_code_free(r->codes[i].re);
	free(r->codes);
	for (i = 0; i < 2; i++) {
		rulelit_free(r->prefix[i]);
		r->prefix[i] = NULL;
	}
	rulelit_free(r->lits);
	r->lits = NULL;
	free(r->pass);
	free(r->gprefix);
	free(r->glits);
	free(r->gclass);
	free(r->gdigit);
	free(r->ghigh);
	r->pass = r->gprefix = r->glits = r->gclass = r->gdigit = r->ghigh = NULL;
	r->codes = NULL;
	r->ncodes = 0;
	r->guard = 0;
	memset(r->beg, 0, sizeof(r->beg));
}

void rules_release(struct rules *r)
{
	size_t i;

	free_compiled(r);
	for (i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].family);
		free(r->v[i].pattern);
		pcre2_code_free(r->v[i].re);
	}
	free(r->v);
	rules_init(r);
}

static int is_word_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* The next whitespace-separated field of [*p, end): its bounds, or 0 when none. */
static int next_field(const char **p, const char *end, const char **f, size_t *flen)
{
	const char *s = *p;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*f = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*flen = (size_t)(s - *f);
	*p = s;
	return *flen > 0;
}

static int parse_action(const char *f, size_t n, enum rule_action *a, int *weight)
{
	int i;

	for (i = RULE_LINE; i <= RULE_SECTION; i++)
		if (strlen(action_names[i]) == n && !memcmp(f, action_names[i], n)) {
			*a = (enum rule_action)i;
			*weight = 0;
			return 0;
		}
	if (n == 6 && !memcmp(f, "term:", 5) && f[5] >= '1' && f[5] <= '9') {
		*a = RULE_TERM;
		*weight = f[5] - '0';
		return 0;
	}
	return -1;
}

/*
 * Pattern p compiled alone (kept: rules_compile() copies it rather than
 * compiling it again); on error, NULL, its message and byte offset.
 */
static pcre2_code *check_pattern(const char *p, size_t n, struct buf *msg, size_t *off)
{
	PCRE2_UCHAR ebuf[256];
	PCRE2_SIZE eoff;
	int ecode;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, n, RULE_OPTIONS, &ecode, &eoff, NULL);

	if (re)
		return re;
	pcre2_get_error_message(ecode, ebuf, sizeof(ebuf));
	buf_addf(msg, "bad pattern: %s", (const char *)ebuf);
	*off = eoff;
	return NULL;
}

static int valid_word(const char *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_word_byte((unsigned char)f[i]))
			return 0;
	return n > 0;
}

/* Parses one rule line; on error, a message and the column (1-based) in msg/col. */
static int parse_line(const char *s, const char *end, struct rule *ru, struct buf *msg, size_t *col)
{
	const char *p = s, *name, *fam, *act, *pat;
	size_t nname, nfam, nact, off;

	/* Names and patterns are kept as C strings: a NUL would cut them short. */
	if ((p = memchr(s, '\0', (size_t)(end - s)))) {
		*col = (size_t)(p - s) + 1;
		buf_adds(msg, "NUL byte in a rule line");
		return -1;
	}
	p = s;
	if (!next_field(&p, end, &name, &nname) || !valid_word(name, nname)) {
		*col = (size_t)(name - s) + 1;
		buf_adds(msg, "bad rule name (letters, digits, '_', '-', '.')");
		return -1;
	}
	if (!next_field(&p, end, &fam, &nfam) || !valid_word(fam, nfam)) {
		*col = (size_t)(fam - s) + 1;
		buf_adds(msg, "missing or bad family after the rule name");
		return -1;
	}
	if (!next_field(&p, end, &act, &nact) ||
	    parse_action(act, nact, &ru->action, &ru->weight) < 0) {
		*col = (size_t)(act - s) + 1;
		buf_addf(msg, "bad action '%.*s' (line, block, rest, section or term:1..9)", (int)nact, act);
		return -1;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	pat = p;
	while (end > pat && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (pat == end) {
		*col = (size_t)(pat - s) + 1;
		buf_adds(msg, "missing pattern");
		return -1;
	}
	if (!(ru->re = check_pattern(pat, (size_t)(end - pat), msg, &off))) {
		*col = (size_t)(pat - s) + off + 1;
		return -1;
	}
	ru->name = estrndup(name, nname);
	ru->family = estrndup(fam, nfam);
	ru->pattern = estrndup(pat, (size_t)(end - pat));
	ru->disabled = 0;
	return 0;
}

static void push_rule(struct rules *r, const struct rule *ru)
{
	size_t i;

	/* A later rule of the same name replaces the earlier one. */
	for (i = 0; i < r->n; i++)
		if (!r->v[i].disabled && !strcmp(r->v[i].name, ru->name))
			r->v[i].disabled = 1;
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 64;
		r->v = ereallocarray(r->v, r->alloc, sizeof(*r->v));
	}
	r->v[r->n++] = *ru;
}

int rules_add(struct rules *r, const char *name, const char *text, size_t len, struct buf *err)
{
	const char *p = text, *end = text + len, *nl, *s;
	struct rule *tmp = NULL;
	size_t ntmp = 0, lineno = 0, col = 0, i;
	struct buf msg = BUF_INIT;
	int rc = 0;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		for (s = p; s < nl && (*s == ' ' || *s == '\t' || *s == '\r'); s++)
			;
		if (s == nl || *s == '#')
			continue;
		tmp = ereallocarray(tmp, ntmp + 1, sizeof(*tmp));
		if (parse_line(p, nl, &tmp[ntmp], &msg, &col) < 0) {
			buf_addf(err, "%s:%zu:%zu: %s", name, lineno, col, msg.data);
			rc = -1;
			break;
		}
		ntmp++;
	}
	for (i = 0; i < ntmp; i++) {
		if (rc == 0) {
			push_rule(r, &tmp[i]);
			continue;
		}
		free(tmp[i].name);
		free(tmp[i].family);
		free(tmp[i].pattern);
		pcre2_code_free(tmp[i].re);
	}
	free(tmp);
	buf_release(&msg);
	return rc;
}

int rules_add_file(struct rules *r, const char *path, struct buf *err)
{
	struct buf text = BUF_INIT;
	int rc;

	if (buf_read_path(&text, path, err) < 0) {
		buf_release(&text);
		return -1;
	}
	rc = rules_add(r, path, text.data ? text.data : "", text.len, err);
	buf_release(&text);
	return rc;
}

int rules_add_defaults(struct rules *r, struct buf *err)
{
	const struct embedded *e;
	size_t n;

	for (e = embedded_files; e->name; e++) {
		n = strlen(e->name);
		if (strncmp(e->name, "rules/", 6) || n < 12 || strcmp(e->name + n - 6, ".rules"))
			continue;
		if (rules_add(r, e->name, e->data, e->len, err) < 0)
			return -1;
	}
	return 0;
}

size_t rules_disable(struct rules *r, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, s) || !strcmp(r->v[i].family, s)) {
			n += !r->v[i].disabled;
			r->v[i].disabled = 1;
		}
	return n;
}

/*
 * True when rule ru's pattern can only match at the start: pcre2 says so
 * when every top-level alternative begins with '^' ("^a|b" is not anchored).
 */
static int anchored(const struct rule *ru)
{
	uint32_t opts = 0;

	pcre2_pattern_info(ru->re, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

/* True when p has a '|' outside every group and character class. */
static int top_level_bar(const char *p)
{
	int depth = 0, cls = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (cls)
			cls = *p != ']';
		else if (*p == '[')
			cls = p[1] == ']' ? (p++, 1) : 1;
		else if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == '|' && depth == 0)
			return 1;
	}
	return 0;
}

/*
 * "^(?=.{0,N}$).*R" (a short subject holding R anywhere) as R alone and the
 * bound N: searched for unanchored, R lets pcre2 skip ahead to where it could
 * start, where ".*" makes it try R at every character of every subject.
 * Returns R, or NULL when the pattern is not of that shape.
 */
static const char *length_guard(const char *p, size_t *max)
{
	static const char head[] = "^(?=.{0,";
	char *end;
	unsigned long n;

	if (strncmp(p, head, sizeof(head) - 1))
		return NULL;
	p += sizeof(head) - 1;
	if (*p < '0' || *p > '9')
		return NULL;
	n = strtoul(p, &end, 10);
	if (strncmp(end, "}$).*", 5))
		return NULL;
	p = end + 5;
	if (!*p || strchr("*+?{", *p) || top_level_bar(p))
		return NULL;
	*max = n;
	return p;
}

/* p compiled and JIT-compiled; the rule's own code copied when p is its whole pattern. */
static pcre2_code *compile_jit(const struct rule *ru, const char *p, size_t n,
			       enum rule_action a, struct buf *err)
{
	PCRE2_UCHAR ebuf[256];
	PCRE2_SIZE eoff;
	int ecode, copy = p == ru->pattern && ru->re;
	pcre2_code *re = copy ? pcre2_code_copy(ru->re) :
		pcre2_compile((PCRE2_SPTR)p, n, RULE_OPTIONS, &ecode, &eoff, NULL);

	if (!re && copy) {
		buf_addf(err, "%s rule does not compile: out of memory", action_names[a]);
		return NULL;
	}
	if (!re) {
		pcre2_get_error_message(ecode, ebuf, sizeof(ebuf));
		buf_addf(err, "%s rule does not compile: %s", action_names[a], (const char *)ebuf);
		return NULL;
	}
	/* Without JIT support pcre2 interprets the pattern: slower, same answers. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/*
 * The bytes a match of anchored pattern p can start with, as pcre2 studies
 * p without its '^' (which only narrows the matches): 0 when it knows none.
 */
static int first_bytes_opts(const char *p, unsigned char map[32], uint32_t options)
{
	struct buf v = BUF_INIT;
	const uint8_t *bits = NULL;
	uint32_t opts = 0, type = 0, cu = 0;
	PCRE2_SIZE eoff;
	pcre2_code *re;
	int ecode, cls = 0, ok = 0;
	const char *q, *e;

	if (strstr(p, "\\Q"))
		return 0;
	for (q = p; *q; q++) {
		if (*q == '\\' && q[1]) {
			buf_add(&v, q++, 2);
		} else if (cls && q[0] == '[' && q[1] == ':' && (e = strstr(q + 2, ":]"))) {
			buf_add(&v, q, (size_t)(e + 2 - q));
			q = e + 1;
		} else if (cls) {
			cls = *q != ']';
			buf_addc(&v, *q);
		} else if (*q == '[') {
			cls = 1;
			buf_addc(&v, *q);
			if (q[1] == '^')
				buf_addc(&v, *++q);
			if (q[1] == ']')
				buf_addc(&v, *++q);
		} else if (*q == '^') {
			buf_adds(&v, "(?:)");
		} else {
			buf_addc(&v, *q);
		}
	}
	re = pcre2_compile((PCRE2_SPTR)(v.data ? v.data : ""), v.len, options, &ecode, &eoff, NULL);
	buf_release(&v);
	if (!re)
		return 0;
	pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts);
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bits);
	memset(map, 0, 32);
	if (opts & PCRE2_ANCHORED) {
		ok = 0;
	} else if (type == 1) {
		/* One code unit; caseless or not is not said: both cases, and any lead byte. */
		pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &cu);
		map[cu >> 3] |= (unsigned char)(1u << (cu & 7));
		/* And the characters that pcre2 folds onto ASCII letters (rulelit.h). */
		if ((cu | 32) >= 'a' && (cu | 32) <= 'z') {
			map[(cu ^ 32) >> 3] |= (unsigned char)(1u << ((cu ^ 32) & 7));
			map[0xC4 >> 3] |= 0x30;
			map[0xE2 >> 3] |= 0x04;
		}
		if (cu >= 0x80)
			memset(map + 16, 0xFF, 16);
		ok = 1;
	} else if (type == 0 && bits) {
		memcpy(map, bits, 32);
		ok = 1;
	}
	pcre2_code_free(re);
	return ok;
}

static int first_bytes(const char *p, unsigned char map[32])
{
	/*
	 * pcre2 gives up on Unicode properties (\\d under PCRE2_UCP): without
	 * it, \\d, \\w and \\s are ASCII, which any byte outside ASCII then
	 * stands for (the ASCII characters they match are the same).
	 */
	if (first_bytes_opts(p, map, RULE_OPTIONS))
		return 1;
	if (!first_bytes_opts(p, map, RULE_OPTIONS & ~(uint32_t)PCRE2_UCP))
		return 0;
	memset(map + 16, 0xFF, 16);
	return 1;
}

static void alpha_add(unsigned char set[32], unsigned lo, unsigned hi)
{
	unsigned c;

	for (c = lo; c <= hi; c++) {
		set[c >> 3] |= (unsigned char)(1u << (c & 7));
		/* Caseless: the other case of an ASCII letter too. */
		if ((c | 32) >= 'a' && (c | 32) <= 'z')
			set[(c ^ 32) >> 3] |= (unsigned char)(1u << ((c ^ 32) & 7));
	}
}

/*
 * The escape at p (a class \d, \s, \w, \p{L}, or an escaped mark) added
 * to set: its length, 0 for one not known here.
 */
static size_t alpha_escape(const char *p, unsigned char set[32])
{
	unsigned char c = (unsigned char)p[1];

	if (c == 'd') {
		alpha_add(set, '0', '9');
	} else if (c == 's') {
		alpha_add(set, '\t', '\r');
		alpha_add(set, ' ', ' ');
	} else if (c == 'w') {
		alpha_add(set, '0', '9');
		alpha_add(set, 'a', 'z');
		alpha_add(set, '_', '_');
	} else if (c == 'p' && !strncmp(p + 2, "{L}", 3)) {
		alpha_add(set, 'a', 'z');
		return 5;
	} else if (c && c < 0x80 && !((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9')) {
		alpha_add(set, c, c);
	} else if (c != 'b' && c != 'B') {
		return 0;
	}
	return 2;
}

/* Past the class at p ('['), its members added to set; NULL for one not known here. */
static const char *alpha_class(const char *p, unsigned char set[32])
{
	const char *first;
	unsigned char c;
	size_t n;

	if (*++p == '^')
		return NULL;
	first = p;
	if (*p == ']')
		alpha_add(set, ']', ']'), p++;
	for (; *p && *p != ']'; p += n) {
		c = (unsigned char)*p;
		n = 1;
		if (c == '[' && p[1] == ':')
			return NULL;
		/* A range of plain ASCII bytes only; a '-' only first or last. */
		if (c != '-' && p[1] == '-' && p[2] && p[2] != ']') {
			if (c == '\\' || c >= 0x80 || p[2] == '\\' || (unsigned char)p[2] >= 0x80 ||
			    (unsigned char)p[2] < c)
				return NULL;
			alpha_add(set, c, (unsigned char)p[2]);
			n = 3;
		} else if (c == '-' && p != first && p[1] != ']') {
			return NULL;
		} else if (c == '\\') {
			if (!(n = alpha_escape(p, set)))
				return NULL;
			if (p[n] == '-' && p[n + 1] != ']')
				return NULL;
		} else if (c < 0x80) {
			alpha_add(set, c, c);
		}
	}
	return *p ? p + 1 : NULL;
}

/* Past the group that opens at p, its ')' matched; NULL when unbalanced. */
static const char *skip_group(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '[') {
			p += 1 + (p[1] == '^');
			p += *p == ']';
			while (*p && *p != ']')
				p += *p == '\\' && p[1] ? 2 : 1;
			if (!*p)
				return NULL;
		} else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
	}
	return NULL;
}

/*
 * The bytes a subject that an anchored pattern ending in '$' matches can
 * hold, in set: every byte outside ASCII (caseless letters have partners
 * there), a final newline ('$' lets one through), and what the pattern's
 * characters, classes and escapes take (lookarounds take nothing). 0 when
 * the pattern has anything else ('.', a negated class, a verb...).
 */
static int alphabet(const char *p, unsigned char set[32])
{
	size_t n = strlen(p), k;
	int depth = 0;

	memset(set, 0, 32);
	memset(set + 16, 0xFF, 16);
	alpha_add(set, '\n', '\n');
	if (n < 2 || p[n - 1] != '$' || p[n - 2] == '\\' || strstr(p, "\\Q"))
		return 0;
	/* Characters outside ASCII that pcre2 folds onto ASCII letters (rulelit.h). */
	for (k = 0; k < n; k++)
		if ((unsigned char)p[k] >= 0x80) {
			alpha_add(set, 'i', 'i');
			alpha_add(set, 'k', 'k');
			alpha_add(set, 's', 's');
			break;
		}
	while (*p) {
		unsigned char c = (unsigned char)*p;

		if (c == '(') {
			if (!strncmp(p, "(?=", 3) || !strncmp(p, "(?!", 3) || !strncmp(p, "(?<=", 4) ||
			    !strncmp(p, "(?<!", 4)) {
				if (!(p = skip_group(p)))
					return 0;
				continue;
			}
			if ((k = !strncmp(p, "(?:", 3) ? 3 : !strncmp(p, "(?-i:", 5) ? 5 : p[1] == '?' || p[1] == '*' ? 0 : 1) == 0)
				return 0;
			depth++;
			p += k;
		} else if (c == ')') {
			depth--;
			p++;
		} else if (c == '|') {
			if (!depth)
				return 0;	/* an alternative might end before the end */
			p++;
		} else if (c == '[') {
			if (!(p = alpha_class(p, set)))
				return 0;
		} else if (c == '\\') {
			if (!(k = alpha_escape(p, set)))
				return 0;
			p += k;
		} else if (c == '.') {
			return 0;
		} else if (c == '^' || c == '$' || c == '?' || c == '*' || c == '+') {
			p++;
		} else {
			/* Quantifiers' digits too: more than needed, never less. */
			if (c < 0x80)
				alpha_add(set, c, c);
			p++;
		}
	}
	return depth == 0;
}

/* Whether every byte of s is in set (alphabet()); bytes outside ASCII all are. */
static int alpha_ok(const unsigned char set[32], const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	for (; p < e; p++)
		if (*p < 0x80 && !((set[*p >> 3] >> (*p & 7)) & 1))
			return 0;
	return 1;
}

/*
 * A code that needs some byte outside ASCII needs the first byte of one of
 * the characters outside ASCII of its pattern, in either case: pcre2 tells
 * which bytes those start with (the bytes it starts matches at).
 */
static void high_leads(struct rules *r, size_t k, const char *p)
{
	struct buf alt = BUF_INIT, chars = BUF_INIT;
	unsigned char map[32];
	uint64_t leads[2] = { 0, 0 };
	const unsigned char *u;
	const char *hc;
	size_t n, b;

	/* Those whose need it is, when known; else all of the pattern's. */
	if ((n = rulelit_high_chars(r->lits, k, &hc)))
		buf_add(&chars, hc, n);
	else
		buf_adds(&chars, p);
	for (u = (const unsigned char *)chars.data; u && *u; u += n) {
		n = *u < 0x80 ? 1 : utf8_valid_len(u, strnlen((const char *)u, 4));
		if (!n)
			goto out;	/* not UTF-8: no telling */
		if (*u < 0x80)
			continue;
		if (alt.len)
			buf_addc(&alt, '|');
		buf_add(&alt, u, n);
	}
	if (!alt.len || !first_bytes(alt.data, map))
		goto out;
	for (b = 0; b < 128; b++)
		if ((map[b >> 3] >> (b & 7)) & 1)
			goto out;	/* folds onto ASCII: any byte outside it may do */
	for (b = 128; b < 256; b++)
		if ((map[b >> 3] >> (b & 7)) & 1)
			leads[(b >> 6) & 1] |= 1ull << (b & 63);
	rulelit_high_leads(r->lits, k, leads);
out:
	buf_release(&alt);
	buf_release(&chars);
}

/* Adds a code for rule i of action a: pattern p (the rule's, or its guarded part). */
static int add_code(struct rules *r, enum rule_action a, size_t i, const char *p, size_t max,
		    int anch, struct buf *err)
{
	struct rule_code *c;
	size_t jitsize = 0;
	int fam = a != RULE_LINE;
	size_t k = r->ncodes;

	r->codes = ereallocarray(r->codes, k + 1, sizeof(*r->codes));
	c = &r->codes[k];
	memset(c, 0, sizeof(*c));
	if (!(c->re = compile_jit(&r->v[i], p, strlen(p), a, err)))
		return -1;
	c->jit = pcre2_pattern_info(c->re, PCRE2_INFO_JITSIZE, &jitsize) == 0 && jitsize > 0;
	r->ncodes++;
	c->rule = i;
	c->max = max;
	c->anchored = (unsigned char)anch;
	if (max != SIZE_MAX && max > r->guard)
		r->guard = max;
	if (anch && alphabet(p, c->alpha))
		c->gate |= RULE_GATE_ALPHA;
	if (anch && rulelit_add(&r->prefix[fam], p, k, 1)) {
		c->gate |= RULE_GATE_PREFIX;
		return 0;
	}
	if (anch && first_bytes(p, c->first))
		c->gate |= RULE_GATE_FIRST;
	/* Term rules that start with '^' are scored where they start, like the others. */
	if (rulelit_add_any(&r->lits, p, k) || rulelit_add(&r->lits, p, k, 2)) {
		c->gate |= RULE_GATE_LITS;
		high_leads(r, k, p);
	}
	return 0;
}

static void set_bit(uint64_t *set, size_t k)
{
	set[k >> 6] |= 1ull << (k & 63);
}

/* The sets of codes by gate, and by first byte the codes a subject may run. */
static void index_gates(struct rules *r)
{
	size_t k, b, w = r->words = (r->ncodes + 63) / 64 + 1;

	r->pass = ecalloc(257 * w, sizeof(*r->pass));
	r->gprefix = ecalloc(w, sizeof(*r->gprefix));
	r->glits = ecalloc(w, sizeof(*r->glits));
	r->gclass = ecalloc(w, sizeof(*r->gclass));
	r->gdigit = ecalloc(w, sizeof(*r->gdigit));
	r->ghigh = ecalloc(w, sizeof(*r->ghigh));
	rulelit_class_codes(r->lits, r->ghigh, r->gdigit);
	for (k = 0; k < w; k++)
		r->gclass[k] = r->ghigh[k] | r->gdigit[k];
	for (k = 0; k < r->ncodes; k++) {
		const struct rule_code *c = &r->codes[k];

		if (c->gate & RULE_GATE_PREFIX)
			set_bit(r->gprefix, k);
		if (c->gate & RULE_GATE_LITS)
			set_bit(r->glits, k);
		/* An empty subject: only what has no first byte to have. */
		for (b = 0; b < 257; b++)
			if (!(c->gate & RULE_GATE_FIRST) ||
			    (b < 256 && ((c->first[b >> 3] >> (b & 7)) & 1)))
				set_bit(r->pass + b * w, k);
	}
}

/* An action's codes: the anchored rules, then the others (guarded ones among them). */
static int compile_action(struct rules *r, enum rule_action a, struct buf *err)
{
	size_t i;
	int pass, rc = 0;
	/* Whether each rule is anchored, found once (pcre2 compiles the pattern to tell). */
	unsigned char *anchs = ecalloc(r->n ? r->n : 1, 1);

	r->beg[a] = r->ncodes;
	for (pass = 0; pass < 2 && !rc; pass++)
		for (i = 0; i < r->n; i++) {
			const struct rule *ru = &r->v[i];
			const char *p = ru->pattern;
			size_t max = SIZE_MAX;
			int anch;

			if (ru->disabled || ru->action != a)
				continue;
			/* Term rules keep their shape: their matches are counted and measured. */
			if (!pass)
				anchs[i] = !(a != RULE_TERM && length_guard(p, &max)) && anchored(ru);
			anch = anchs[i];
			if (anch != !pass)
				continue;
			if (!anch && a != RULE_TERM && !(p = length_guard(ru->pattern, &max)))
				p = ru->pattern;
			if ((rc = add_code(r, a, i, p, max, anch, err)) < 0)
				break;
		}
	free(anchs);
	r->beg[a + 1] = r->ncodes;
	return rc;
}

int rules_compile(struct rules *r, struct buf *err)
{
	int a;

	free_compiled(r);
	for (a = 0; a < RULE_NACTIONS; a++)
		if (compile_action(r, (enum rule_action)a, err) < 0)
			return -1;
	for (a = 0; a < 2; a++)
		rulelit_done(r->prefix[a]);
	rulelit_done(r->lits);
	index_gates(r);
	return 0;
}

struct rules_md *rules_md_new(void)
{
	struct rules_md *m = ecalloc(1, sizeof(*m));

	/* Room for the whole-match pair; no rule needs its groups reported. */
	m->md = pcre2_match_data_create(1, NULL);
	if (!m->md)
		die(EXIT_OUTPUT, "out of memory");
	return m;
}

void rules_md_free(struct rules_md *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	free(m->found);
	free(m->ruledout);
	free(m->start);
	free(m->hits.v);
	free(m->pieces);
	free(m->bits.high);
	free(m->bits.digit);
	buf_release(&m->subject);
	free(m);
}

/* Matches code c at or after off; returns whether it matched, and the match bounds. */
static int match_at(const struct rule_code *c, struct rules_md *m, const char *s, size_t len,
		    size_t off, size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc;

	/* JIT code straight: pcre2_match() checks what is known here, then calls it. */
	if (!s)
		s = "";	/* an empty subject may have no bytes at all */
	if (c->jit)
		rc = pcre2_jit_match(c->re, (PCRE2_SPTR)s, len, off, 0, m->md, NULL);
	else
		rc = pcre2_match(c->re, (PCRE2_SPTR)s, len, off, 0, m->md, NULL);
	if (rc < 0)
		return 0;
	ov = pcre2_get_ovector_pointer(m->md);
	*mstart = ov[0];
	*mend = ov[1];
	return 1;
}

/*
 * The characters of s for length guards: SIZE_MAX when it holds a newline
 * (no guard fits), limit + 1 when it has too many bytes to fit limit.
 */
static size_t guard_chars(const char *s, size_t len, size_t limit)
{
	if (len > 4 * limit + 4)
		return limit + 1;
	if (memchr(s, '\n', len))
		return SIZE_MAX;
	return utf8_count((const unsigned char *)s, len);
}

/* Whether a subject of chars (from guard_chars()) fits a length guard of max characters. */
static int fits(size_t max, size_t chars)
{
	return max == SIZE_MAX || (chars != SIZE_MAX && chars <= max);
}

static void grow_sets(const struct rules *r, struct rules_md *m)
{
	if (r->words > m->words) {
		m->found = ereallocarray(m->found, r->words, sizeof(*m->found));
		m->ruledout = ereallocarray(m->ruledout, r->words, sizeof(*m->ruledout));
		m->start = ereallocarray(m->start, r->words, sizeof(*m->start));
		m->words = r->words;
	}
}

void rules_doc(const struct rules *r, struct rules_md *m, const char *t, size_t len)
{
	m->doc = t;
	m->doclen = len;
	m->hits.n = 0;
	m->hint = 0;
	m->npieces = 0;
	if (t && r->lits) {
		rulelit_hits(r->lits, t, len, &m->hits);
		m->docpartner = rulelit_partner(t, len);
		grow_sets(r, m);
		rulelit_doc_bits(t, len, &m->bits);
		m->docclass = rulelit_set_class(r->lits, rulelit_bits_class(&m->bits, 0, len),
						m->found, NULL);
		memset(m->ruledout, 0, r->words * sizeof(*m->ruledout));
		if (m->docclass & 1)
			rulelit_doc_class(r->lits, t, len, m->ruledout);
		m->valid = 0;	/* found is no subject's now */
	}
	if (!r->lits)
		m->doc = NULL;
}

void rules_piece(struct rules_md *m, int first, const char *s, size_t len)
{
	if (first)
		m->npieces = 0;
	if (m->npieces == m->apieces) {
		m->apieces = m->apieces ? 2 * m->apieces : 16;
		m->pieces = ereallocarray(m->pieces, m->apieces, sizeof(*m->pieces));
	}
	m->pieces[m->npieces].s = s;
	m->pieces[m->npieces++].len = len;
}

/* Offset of s in the document, or SIZE_MAX when s is not wholly inside it. */
static size_t doc_offset(const struct rules_md *m, const char *s, size_t len)
{
	uintptr_t d = (uintptr_t)m->doc, p = (uintptr_t)s;

	if (!m->doc || p < d || p - d > m->doclen || len > m->doclen - (p - d))
		return SIZE_MAX;
	return (size_t)(p - d);
}

/* The codes of the document's occurrences lying wholly inside bytes off to end. */
static void hits_in(struct rules_md *m, size_t off, size_t end)
{
	const struct rulelit_hit *v = m->hits.v;
	size_t lo = 0, hi = m->hits.n, k;

	/* Lines come in order: the first at or after off is mostly a few past the last one's. */
	if (m->hint <= hi && (!m->hint || v[m->hint - 1].off < off)) {
		for (k = m->hint; k < hi && k < m->hint + 8 && v[k].off < off; k++)
			;
		if (k == hi || v[k].off >= off)
			lo = hi = k;
		else
			lo = k;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	m->hint = lo;
	for (; lo < m->hits.n && v[lo].off < end; lo++)
		if (v[lo].end <= end)
			m->found[v[lo].code >> 6] |= 1ull << (v[lo].code & 63);
}

/* Whether s is the pieces joined by single spaces, each inside the document. */
static int is_joined(const struct rules_md *m, const char *s, size_t len)
{
	size_t i, at = 0;

	for (i = 0; i < m->npieces; i++) {
		const struct piece *p = &m->pieces[i];

		if (i > 0 && (at >= len || s[at++] != ' '))
			return 0;
		if (doc_offset(m, p->s, p->len) == SIZE_MAX || p->len > len - at ||
		    (p->len && memcmp(s + at, p->s, p->len)))
			return 0;
		at += p->len;
	}
	return m->npieces && at == len;
}

/*
 * Starts on subject s for the actions of family fam (0: line, 1: the
 * others), unless it is the one the block actions' last call was on.
 */
static void subject(const struct rules *r, struct rules_md *m, int fam, const char *s, size_t len)
{
	if (fam && m->valid && m->family == fam && m->subject.len == len &&
	    (!len || !memcmp(m->subject.data, s, len)))
		return;
	grow_sets(r, m);
	memset(m->found, 0, r->words * sizeof(*m->found));
	memset(m->start, 0, r->words * sizeof(*m->start));
	m->family = fam;
	m->valid = fam;
	if (fam) {
		buf_reset(&m->subject);
		buf_add(&m->subject, s, len);
	}
	m->scanned = m->classed = 0;
	m->chars = SIZE_MAX - 1;
	m->offset = doc_offset(m, s, len);
	m->joined = m->offset == SIZE_MAX && is_joined(m, s, len);
	/* Joining adds only spaces: no partner in the document, none in its parts. */
	m->partner = (m->docpartner || (m->offset == SIZE_MAX && !m->joined)) &&
		     rulelit_partner(s, len);
	if (r->prefix[fam])
		rulelit_prefix(r->prefix[fam], s, len, m->start);
}

/*
 * The codes one of whose literals s holds, in m->found: from the
 * document's occurrences when s is a part of it or its pieces joined (and
 * then the literals that hold a joint, a space), else by a scan of s.
 */
static void find_lits(const struct rules *r, struct rules_md *m, const char *s, size_t len)
{
	size_t off = m->offset, i, at;

	if (off != SIZE_MAX) {
		hits_in(m, off, off + len);
	} else if (m->joined) {
		for (i = 0, at = 0; i < m->npieces; i++) {
			off = (size_t)(m->pieces[i].s - m->doc);
			hits_in(m, off, off + m->pieces[i].len);
			at += m->pieces[i].len;
			if (i + 1 == m->npieces)
				break;
			rulelit_scan_joint(r->lits, s, len, at, m->found);
			at++;
		}
	} else {
		rulelit_scan_long(r->lits, s, len, m->found);
	}
	/*
	 * What a part of the document, or parts joined by spaces, holds, the
	 * document does; single bytes are among its occurrences.
	 */
	if (m->offset == SIZE_MAX && !m->joined) {
		rulelit_scan_short(r->lits, s, len, m->found);
		m->classed = 1;
	}
}

/*
 * The codes that need a byte outside ASCII or a digit that s has, in
 * m->found: for a part of the document, or its parts joined by spaces
 * (which add neither), from the document's bits.
 */
static void find_class(const struct rules *r, struct rules_md *m, const char *s, size_t len)
{
	unsigned hd = 0, h;
	size_t i, off;

	if (m->offset != SIZE_MAX) {
		hd = rulelit_bits_class(&m->bits, m->offset, m->offset + len);
	} else if (m->joined) {
		for (i = 0; i < m->npieces && hd != 3; i++) {
			off = (size_t)(m->pieces[i].s - m->doc);
			h = rulelit_bits_class(&m->bits, off, off + m->pieces[i].len);
			hd = h > hd ? h : hd;
		}
	} else {
		rulelit_scan_class(r->lits, s, len, m->found, m->ruledout);
		return;
	}
	for (i = 0; i < r->words && hd; i++)
		m->found[i] |= (hd & 1 ? r->ghigh[i] & ~m->ruledout[i] : 0) | r->gdigit[i];
}

/*
 * Word w of the set of action a's codes that may match s: their first byte
 * allows it, s starts with their literal, and holds one of their literals
 * (scanned for only when some code still needs to know).
 */
static uint64_t may_run(const struct rules *r, struct rules_md *m, enum rule_action a, size_t w,
			const char *s, size_t len)
{
	size_t lo = r->beg[a], hi = r->beg[a + 1];
	const uint64_t *need;
	uint64_t set = r->pass[(len ? (unsigned char)s[0] : 256) * r->words + w];

	if (w == lo >> 6)
		set &= ~0ull << (lo & 63);
	if (w == hi >> 6)
		set &= (1ull << (hi & 63)) - 1;
	if (w > hi >> 6)
		set = 0;
	if (m->partner)
		return set;	/* literals cannot tell: what the first byte allows runs */
	set &= ~r->gprefix[w] | m->start[w];
	if ((set & r->glits[w]) && !m->scanned) {
		find_lits(r, m, s, len);
		m->scanned = 1;
	}
	/*
	 * A need of a high byte or a digit is looked for when no literal let
	 * the code through, and the document has what it needs.
	 */
	need = m->docclass & 1 ? r->gclass : m->docclass ? r->gdigit : NULL;
	if (need && !m->classed && (set & need[w] & ~m->found[w])) {
		find_class(r, m, s, len);
		m->classed = 1;
	}
	return set & (~r->glits[w] | m->found[w]);
}

/* Whether code k's length guard lets s through. */
static int guard_ok(const struct rules *r, struct rules_md *m, size_t k, const char *s, size_t len)
{
	size_t max = r->codes[k].max;

	if (max == SIZE_MAX)
		return 1;
	if (m->chars == SIZE_MAX - 1)
		m->chars = guard_chars(s, len, r->guard);
	return fits(max, m->chars);
}

long rules_match(const struct rules *r, enum rule_action a, struct rules_md *m,
		 const char *s, size_t len)
{
	size_t k, b, e, w;
	uint64_t set;

	subject(r, m, a != RULE_LINE, s, len);
	for (w = r->beg[a] >> 6; w <= r->beg[a + 1] >> 6 && w < r->words; w++)
		for (set = may_run(r, m, a, w, s, len); set; set &= set - 1) {
			k = w * 64 + (size_t)__builtin_ctzll(set);
			if (guard_ok(r, m, k, s, len) &&
			    (!(r->codes[k].gate & RULE_GATE_ALPHA) || alpha_ok(r->codes[k].alpha, s, len)) &&
			    match_at(&r->codes[k], m, s, len, 0, &b, &e))
				return (long)r->codes[k].rule;
		}
	return -1;
}

static size_t count_words(const char *s, size_t n)
{
	size_t i, w = 0;
	int in = 0;

	for (i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';

		w += !sp && !in;
		in = !sp;
	}
	return w;
}

/* Adds every match of one code to the score. */
static int score_code(const struct rules *r, const struct rule_code *c, struct rules_md *m,
		      const char *s, size_t len, long *first, size_t *words)
{
	size_t off = 0, b, e;
	long id = (long)c->rule;
	int score = 0;

	while (off <= len && match_at(c, m, s, len, off, &b, &e)) {
		if (*first < 0 || r->v[id].weight > r->v[*first].weight)
			*first = id;
		score += r->v[id].weight;
		*words += count_words(s + b, e - b);
		if (e == b)
			break;
		off = e;
	}
	return score;
}

int rules_score(const struct rules *r, struct rules_md *m, const char *s, size_t len,
		long *first, size_t *words)
{
	size_t w;
	uint64_t set;
	int score = 0, sc, anchored_hit = 0;

	*first = -1;
	*words = 0;
	subject(r, m, 1, s, len);
	for (w = r->beg[RULE_TERM] >> 6; w <= r->beg[RULE_TERM + 1] >> 6 && w < r->words; w++)
		for (set = may_run(r, m, RULE_TERM, w, s, len); set; set &= set - 1) {
			const struct rule_code *c = &r->codes[w * 64 + (size_t)__builtin_ctzll(set)];

			/* Of the rules anchored at the start, the first that matches is the one match there. */
			if ((c->anchored && anchored_hit) || !guard_ok(r, m, (size_t)(c - r->codes), s, len))
				continue;
			sc = score_code(r, c, m, s, len, first, words);
			anchored_hit |= c->anchored && sc > 0;
			score += sc;
		}
	return score;
}
