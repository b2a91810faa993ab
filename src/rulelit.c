/* rulelit.c: the literals a rule cannot match without, and one scan for all of them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "err.h"
#include "rulelit.h"
#include "unicode.h"
#include "utf8.h"

/* At most this many literals a pattern, each kept to at most LIT_LEN - 1 bytes. */
#define LIT_MAX 256
#define LIT_LEN 24
/* A set of 2^QUAD_BITS bits, a subject's four bytes hashed to one of them. */
#define QUAD_BITS 18
/* A set of 2^TRI_BITS bits, three bytes hashed: small, to stay in the cache with quad. */
#define TRI_BITS 16
/* A set of 2^JOINT_BITS bits: four bytes and where a space is in them, hashed. */
#define JOINT_BITS 16
/* The first three bytes of four as memcpy() loads them. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TRI_MASK 0xFFFFFF00u
#else
#define TRI_MASK 0x00FFFFFFu
#endif

/*
 * best_seq() stands a "\\d" that must occur for this one-byte literal
 * (no pattern holds a NUL): any digit, an ASCII one or one outside ASCII,
 * whose bytes are all outside it (\\d sees every script).
 */
#define DIGIT_MARK '\0'

/* The characters outside ASCII that end prefixes, kept for a code that needs one. */
#define HCHARS 64

/*
 * Those met by seq() since rulelit_add() began (some perhaps of prefixes
 * dropped later: a superset): n is HCHARS + 1 when they did not fit.
 */
static _Thread_local struct {
	char s[HCHARS];
	size_t n;
} met;

/* Literals are kept to this many bytes: enough to be rare, and fewer to compare. */
#define LIT_KEEP RULELIT_KEEP

struct lit {
	char s[LIT_LEN];
	size_t n, code;
};

/* The literals (v[first] on, count of them) of three bytes, or starting with four, key. */
struct bucket {
	uint32_t key;
	uint16_t first, count;	/* count 0: an empty slot */
};

struct rule_lits {
	struct lit *v;
	size_t n, alloc;
	uint8_t pairs[65536 / 8];	/* first two bytes of some literal */
	uint8_t short2[65536 / 8];	/* a literal of two bytes */
	uint8_t quad[(1u << QUAD_BITS) / 8];	/* first four bytes of a literal, word_key() */
	uint8_t tri[(1u << TRI_BITS) / 8];	/* bytes 0 to 2 and 1 to 3 of a literal, tri_key() */
	uint8_t joint[(1u << JOINT_BITS) / 8];	/* of one with a space k bytes in, joint_key() */
	unsigned char lead2[4];	/* the first bytes of the literals of two bytes, searched with memchr() */
	size_t nlead2;
	unsigned char fold[256];	/* lower() of each byte */
	size_t first[257];	/* v[first[c]] to v[first[c + 1]]: literals starting with c */
	uint16_t *head;		/* by byte pair: the first literal starting with it */
	struct bucket *tab4, *tab3;	/* by their first four bytes, and those of three (open addressing) */
	unsigned tbits;		/* 2^tbits slots in each */
	size_t *high;		/* codes that need only some byte outside ASCII */
	uint64_t (*leads)[2];	/* by high: the bytes 0x80 to 0xFF that byte may be */
	struct hchars {
		char s[HCHARS];
		size_t n;	/* 0: not known */
	} *hchars;		/* by high: the characters whose need it is */
	size_t nhigh;
	size_t *digit;		/* codes that need only a digit (ASCII, or some byte outside ASCII) */
	size_t ndigit;
	unsigned char ones[256];	/* the bytes that are literals alone, searched with memchr() */
	size_t nones;
};

/* Prefixes every match of the sequence read so far must start with. */
struct litset {
	char s[LIT_MAX][LIT_LEN];
	size_t n[LIT_MAX];
	unsigned char high[LIT_MAX];	/* a character outside ASCII follows (the prefix ends) */
	unsigned char full[LIT_MAX];	/* cut at LIT_LEN - 1 bytes: nothing more is added */
	size_t count;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Characters outside ASCII that pcre2's caseless matching takes for ASCII letters. */
static int ascii_partner(const unsigned char *p, size_t left)
{
	if (left < 2)
		return 0;
	if (p[0] == 0xC5 && p[1] == 0xBF)
		return 1;	/* U+017F long s */
	if (p[0] == 0xC4 && (p[1] == 0xB0 || p[1] == 0xB1))
		return 1;	/* U+0130, U+0131 dotted and dotless i */
	return left >= 3 && p[0] == 0xE2 && p[1] == 0x84 && (p[2] == 0xAA || p[2] == 0xAB);
}

/* Skips to the '|' or ')' that ends the sequence at p (or to the end). */
static const char *skip_seq(const char *p)
{
	int depth = 0, cls = 0;

	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (cls && p[0] == '[' && p[1] == ':' && strstr(p + 2, ":]"))
			p = strstr(p + 2, ":]") + 1;	/* [:alpha:] inside a class */
		else if (cls)
			cls = *p != ']';
		else if (*p == '[') {
			/* A ']' first in a class is a literal. */
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
			cls = 1;
		}
		else if (*p == '(')
			depth++;
		else if (*p == ')' && depth-- == 0)
			return p;
		else if (*p == '|' && depth == 0)
			return p;
	}
	return p;
}

/* Adds character c (n bytes) to every prefix not full; 0 when all are full. */
static int append(struct litset *set, const char *c, size_t n)
{
	size_t i;
	int open = 0;

	for (i = 0; i < set->count; i++) {
		if (set->full[i])
			continue;
		if (set->n[i] + n >= LIT_LEN) {
			set->full[i] = 1;
			set->high[i] = 0;
			continue;
		}
		memcpy(set->s[i] + set->n[i], c, n);
		set->n[i] += n;
		open = 1;
	}
	return open;
}

/* *d = *s, copying only the prefixes in use (a whole set is some 9 KB). */
static void copy_set(struct litset *d, const struct litset *s)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		memcpy(d->s[i], s->s[i], s->n[i]);
		d->n[i] = s->n[i];
		d->high[i] = s->high[i];
		d->full[i] = s->full[i];
	}
	d->count = s->count;
}

/*
 * Every prefix followed by every string of u (a full prefix stays as it
 * is); 0 when too many (the set stays). A prefix that gets too long is cut
 * to LIT_LEN - 1 bytes and is full: a prefix of what a match starts with
 * still is one.
 */
static int cross(struct litset *set, const struct litset *u)
{
	static _Thread_local struct litset out;
	size_t i, j, n, total = 0;

	for (i = 0; i < set->count; i++)
		total += set->full[i] ? 1 : u->count;
	if (total > LIT_MAX)
		return 0;
	out.count = 0;
	for (i = 0; i < set->count; i++) {
		if (set->full[i]) {
			memcpy(out.s[out.count], set->s[i], set->n[i]);
			out.n[out.count] = set->n[i];
			out.high[out.count] = 0;
			out.full[out.count++] = 1;
			continue;
		}
		for (j = 0; j < u->count; j++) {
			n = set->n[i] + u->n[j];
			out.full[out.count] = u->full[j];
			if (n >= LIT_LEN) {
				n = LIT_LEN - 1;
				out.full[out.count] = 1;
			}
			memcpy(out.s[out.count], set->s[i], set->n[i]);
			memcpy(out.s[out.count] + set->n[i], u->s[j], n - set->n[i]);
			out.high[out.count] = !out.full[out.count] && u->high[j];
			out.n[out.count++] = n;
		}
	}
	copy_set(set, &out);
	return 1;
}

static int is_quant(int c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

static int seq(const char **pp, struct litset *set, int depth);

static void add_empty(struct litset *u)
{
	u->n[u->count] = 0;
	u->full[u->count] = 0;
	u->high[u->count++] = 0;
}

/*
 * A character repeated "{n}", "{n,}" or "{n,m}" at *pp: n of them added;
 * returns 1 when the count was exact (read on after it), 0 otherwise.
 */
static int repeat(const char **pp, struct litset *set, const char *c, size_t cn)
{
	const char *p = *pp + 1;
	unsigned long n = 0;

	while (*p >= '0' && *p <= '9' && n < 1000)
		n = n * 10 + (unsigned long)(*p++ - '0');
	if (p == *pp + 1)
		return 0;
	for (; n > 0; n--)
		if (!append(set, c, cn))
			return 0;
	if (*p != '}' || p[1] == '?' || p[1] == '+' || p[1] == '*' || p[1] == '{')
		return 0;
	*pp = p + 1;
	return 1;
}

/*
 * The length of a group's opening at p: "(?:", or "(?-i:" (a case-sensitive
 * match holds its literal case folded too); 0 for any other.
 */
static size_t group_open(const char *p)
{
	if (!strncmp(p, "(?:", 3))
		return 3;
	return strncmp(p, "(?-i:", 5) ? 0 : 5;
}

/*
 * A group "(?:A|B)" at *pp: the union of its alternatives' literal sets in
 * u; returns whether every alternative was read whole, -1 when not a group
 * this reader follows.
 */
static int group(const char **pp, struct litset *u, int depth)
{
	static _Thread_local struct litset alt[8];
	const char *p = *pp + group_open(*pp);
	struct litset *a = &alt[depth];
	int whole = 1;
	size_t i;

	u->count = 0;
	for (;;) {
		a->count = 1;
		a->n[0] = 0;
		a->high[0] = 0;
		a->full[0] = 0;
		whole &= seq(&p, a, depth + 1);
		p = skip_seq(p);
		if (u->count + a->count > LIT_MAX)
			return -1;
		for (i = 0; i < a->count; i++) {
			memcpy(u->s[u->count], a->s[i], a->n[i]);
			u->high[u->count] = a->high[i];
			u->full[u->count] = a->full[i];
			u->n[u->count++] = a->n[i];
		}
		if (*p == '|') {
			p++;
			continue;
		}
		if (*p != ')')
			return -1;
		*pp = p + 1;
		return whole;
	}
}

/* The end of the group opened at p, just past its ')'; NULL when unbalanced. */
static const char *group_end(const char *p)
{
	for (p = skip_seq(p + 1); *p == '|'; p = skip_seq(p + 1))
		;
	return *p == ')' ? p + 1 : NULL;
}

/* A lookahead or lookbehind opens at p: it only narrows a match, like \b. */
static int lookaround(const char *p)
{
	return !strncmp(p, "(?=", 3) || !strncmp(p, "(?!", 3) || !strncmp(p, "(?<=", 4) ||
	       !strncmp(p, "(?<!", 4);
}

/*
 * The character at p as the bytes a literal holds (ASCII case folded) in
 * c; returns its length in p, 0 when it is no literal (a class, an escape
 * of a letter or digit, a character outside ASCII that has a case: pcre2
 * matches its other case, which has other bytes). *high is set for that
 * last one.
 */
static size_t literal_char(const char *p, char *c, size_t *cn, int *high)
{
	const unsigned char *u = (const unsigned char *)p;
	int32_t cp;
	size_t n;

	*high = 0;
	if (u[0] >= 0x80) {
		n = utf8_valid_len(u, strnlen(p, 4));
		if (!n || ascii_partner(u, n))
			return 0;
		utf8_decode(u, n, &cp);
		if (!uni_is_caseless(cp)) {
			*high = 1;
			return 0;
		}
		memcpy(c, p, n);
		*cn = n;
		return n;
	}
	if (p[0] == '\\' && p[1] && !((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z') &&
	    !(p[1] >= '0' && p[1] <= '9') && u[1] < 0x80) {
		c[0] = p[1];
		*cn = 1;
		return 2;
	}
	if (u[0] < 0x80 && u[0] && !strchr("\\[.()?*+{|^$", *p)) {
		c[0] = (char)lower(*p);
		*cn = 1;
		return 1;
	}
	return 0;
}

/*
 * Extends set with what the sequence at *pp must start with; returns 1
 * when the whole sequence was literal (read to its '|', ')' or end), 0 when
 * it stopped early at something it does not follow (*pp is then left
 * anywhere inside the sequence).
 */
static int seq(const char **pp, struct litset *set, int depth)
{
	static _Thread_local struct litset u[8];
	const char *p = *pp, *e;
	char c[4];
	size_t cn = 0, n, i;
	int whole, high;

	if (depth >= 8)
		return 0;
	for (;;) {
		*pp = p;
		if (!*p || *p == '|' || *p == ')')
			return 1;
		if (p[0] == '\\' && (p[1] == 'b' || p[1] == 'B')) {
			p += 2;	/* assertions only narrow a match: skipping them is safe */
			continue;
		}
		if (*p == '^' || *p == '$') {
			p++;
			continue;
		}
		if (lookaround(p)) {
			if (!(e = group_end(p)) || is_quant(*e))
				return 0;
			p = e;
			continue;
		}
		if (group_open(p)) {
			whole = group(&p, &u[depth], depth);
			*pp = p;
			/* An optional group read whole: with it or without it. */
			if (whole == 1 && *p == '?' && u[depth].count < LIT_MAX) {
				add_empty(&u[depth]);
				p += 1 + (p[1] == '?' || p[1] == '+');
			} else if (whole < 0 || (is_quant(*p) && *p != '+')) {
				return 0;
			}
			if (!cross(set, &u[depth]))
				return 0;
			if (!whole || *p == '+')
				return 0;
			continue;
		}
		if (!(n = literal_char(p, c, &cn, &high))) {
			/* Not folded here: the prefixes end, but the character is needed. */
			n = utf8_valid_len((const unsigned char *)p, strnlen(p, 4));
			if (high && p[n] != '?' && !strchr("*{", p[n])) {
				memset(set->high, 1, set->count);
				/* Prefixes only get longer: one of two bytes or more never needs it. */
				for (e = NULL, i = 0; i < set->count && !e; i++)
					if (set->n[i] < 2)
						e = p;
				if (!e)
					;
				else if (met.n + n <= HCHARS) {
					memcpy(met.s + met.n, p, n);
					met.n += n;
				} else {
					met.n = HCHARS + 1;
				}
			}
			return 0;
		}
		p += n;
		if (*p == '?' && set->count * 2 <= LIT_MAX) {
			/* An optional character: with it or without it. */
			u[depth].count = 1;
			memcpy(u[depth].s[0], c, cn);
			u[depth].n[0] = cn;
			u[depth].high[0] = 0;
			u[depth].full[0] = 0;
			add_empty(&u[depth]);
			if (!cross(set, &u[depth]))
				return 0;
			p += 1 + (p[1] == '?' || p[1] == '+');
			continue;
		}
		if (*p == '{')
			return repeat(&p, set, c, cn) ? (*pp = p, seq(pp, set, depth)) : 0;
		if (*p == '?' || *p == '*')
			return 0;
		if (!append(set, c, cn))
			return 0;
		if (*p == '+')
			return 0;
	}
}

/* Adds the literals of set for code (and, with high, the need of a byte outside ASCII). */
static void store(struct rule_lits **lp, const struct litset *all, int high, size_t code)
{
	struct rule_lits *l;
	size_t i;

	if (!(l = *lp))
		l = *lp = ecalloc(1, sizeof(*l));
	if (high) {
		l->high = ereallocarray(l->high, l->nhigh + 1, sizeof(*l->high));
		l->leads = ereallocarray(l->leads, l->nhigh + 1, sizeof(*l->leads));
		l->leads[l->nhigh][0] = l->leads[l->nhigh][1] = ~0ull;
		l->hchars = ereallocarray(l->hchars, l->nhigh + 1, sizeof(*l->hchars));
		l->hchars[l->nhigh].n = met.n <= HCHARS ? met.n : 0;
		memcpy(l->hchars[l->nhigh].s, met.s, l->hchars[l->nhigh].n);
		l->high[l->nhigh++] = code;
	}
	for (i = 0; i < all->count; i++) {
		struct lit *t;

		if (all->n[i] == 1 && all->s[i][0] == DIGIT_MARK) {
			if (!l->ndigit || l->digit[l->ndigit - 1] != code) {
				l->digit = ereallocarray(l->digit, l->ndigit + 1, sizeof(*l->digit));
				l->digit[l->ndigit++] = code;
			}
			continue;
		}
		if (l->n == l->alloc) {
			l->alloc = l->alloc ? 2 * l->alloc : 64;
			l->v = ereallocarray(l->v, l->alloc, sizeof(*l->v));
		}
		t = &l->v[l->n++];
		/* A prefix of a literal is one too: variants of a phrase meet in a few. */
		t->n = all->n[i] < LIT_KEEP ? all->n[i] : LIT_KEEP;
		memcpy(t->s, all->s[i], t->n);
		t->code = code;
	}
}

/* Appends u to all; 0 when too many. */
static int add_all(struct litset *all, const struct litset *u)
{
	size_t i;

	if (all->count + u->count > LIT_MAX)
		return 0;
	for (i = 0; i < u->count; i++) {
		memcpy(all->s[all->count], u->s[i], u->n[i]);
		all->high[all->count] = u->high[i];
		all->full[all->count] = u->full[i];
		all->n[all->count++] = u->n[i];
	}
	return 1;
}

int rulelit_add(struct rule_lits **lp, const char *p, size_t code, size_t min)
{
	static _Thread_local struct litset all, set;
	size_t i;
	int high = 0;

	all.count = 0;
	met.n = 0;
	for (;;) {
		set.count = 1;
		set.n[0] = 0;
		set.high[0] = 0;
		set.full[0] = 0;
		seq(&p, &set, 0);
		p = skip_seq(p);
		if (all.count + set.count > LIT_MAX)
			return 0;
		for (i = 0; i < set.count; i++) {
			/* Too short, but a character outside ASCII must follow: needs such a byte. */
			if (set.n[i] < 2 && min >= 2 && set.high[i]) {
				high = 1;
				continue;
			}
			if (set.n[i] < min || !set.n[i])
				return 0;
			memcpy(all.s[all.count], set.s[i], set.n[i]);
			all.n[all.count++] = set.n[i];
		}
		if (*p != '|')
			break;
		p++;
	}
	if (*p)
		return 0;	/* an unbalanced ')': not a pattern this reader follows */
	store(lp, &all, high, code);
	return 1;
}

/*
 * Past the item at p (a character, escape, class or group), without its
 * quantifier; NULL for one this reader does not skip safely.
 */
static const char *item_end(const char *p)
{
	const char *q;

	if (*p == '\\') {
		if (!p[1] || (p[1] >= '0' && p[1] <= '9'))
			return NULL;	/* backreferences, octal */
		if (p[1] == 'p' || p[1] == 'P')
			return p[2] == '{' ? ((q = strchr(p, '}')) ? q + 1 : NULL) : p[2] ? p + 3 : NULL;
		if ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z')
			return strchr("bBdDsSwWhHvVRXAzZGntrfe", p[1]) ? p + 2 : NULL;
		p += 2;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		return p;
	}
	if (*p == '[') {
		q = p + 1 + (p[1] == '^');
		q += *q == ']';
		for (; *q && *q != ']'; q++) {
			if (*q == '\\' && q[1])
				q++;
			else if (q[0] == '[' && q[1] == ':' && strstr(q + 2, ":]"))
				q = strstr(q + 2, ":]") + 1;
		}
		return *q ? q + 1 : NULL;
	}
	if (*p == '(')
		return p[1] == '*' ? NULL : group_end(p);
	if (!*p || *p == '|' || *p == ')')
		return NULL;
	for (p++; ((unsigned char)*p & 0xC0) == 0x80; p++)
		;
	return p;
}

/* Past the quantifier at p, if any; *opt: it allows no repeat at all. */
static const char *quantifier(const char *p, int *opt)
{
	const char *q = p + 1;
	unsigned long lo = 0;

	*opt = 0;
	if (*p == '?' || *p == '*')
		*opt = 1;
	else if (*p == '{') {
		if (*q == ',')
			*opt = 1;	/* "{,m}": no lower bound in newer pcre2, a literal in older */
		while (*q >= '0' && *q <= '9' && lo < 1000)
			lo = lo * 10 + (unsigned long)(*q++ - '0');
		while (*q == ',' || (*q >= '0' && *q <= '9'))
			q++;
		if (*q != '}')
			return p;	/* not a quantifier: a literal '{' */
		*opt |= lo == 0;
		q++;
	} else if (*p != '+')
		return p;
	return *q == '?' || *q == '+' ? q + 1 : q;
}

/* How good set is as literals one of which a match holds: 0 unusable, else its shortest. */
static size_t lit_score(const struct litset *set)
{
	size_t i;
	long min = LIT_LEN;

	for (i = 0; i < set->count; i++) {
		unsigned char c = (unsigned char)set->s[i][0];

		if (set->n[i] == 1 && c == DIGIT_MARK) {
			min = 1;	/* the weakest: any other literal is rarer */
			continue;
		}
		if (!set->n[i] || (set->n[i] == 1 && (c >= 0x80 || c <= ' ' || (c | 32) >= 'a' ||
						      (c >= '0' && c <= '9'))))
			return 0;	/* a single byte only when memchr() can look for it */
		/* A leading space starts a pair of bytes that half the words of a text start with. */
		if ((long)set->n[i] - 2 * (c == ' ') < min)
			min = (long)set->n[i] - 2 * (c == ' ');
	}
	return !set->count ? 0 : min > 0 ? (size_t)min : 1;
}

/*
 * The best set of literals one of which every match of the sequence at p
 * holds somewhere: read at each of its items, or inside a group that must
 * occur (the union of its alternatives' best). Returns its score.
 */
static size_t best_seq(const char *p, struct litset *best, int depth)
{
	static _Thread_local struct litset cand[4], alt[4];
	const char *e, *q;
	size_t score = 0, sc;
	int opt, ok, digit = 0;

	if (depth >= 4)
		return 0;
	while (*p && *p != '|' && *p != ')') {
		cand[depth].count = 1;
		cand[depth].n[0] = 0;
		cand[depth].high[0] = 0;
		cand[depth].full[0] = 0;
		q = p;
		seq(&q, &cand[depth], 0);
		if ((sc = lit_score(&cand[depth])) > score) {
			copy_set(best, &cand[depth]);
			score = sc;
		}
		if (!(e = item_end(p)))
			break;
		q = quantifier(e, &opt);
		digit |= p[0] == '\\' && p[1] == 'd' && !opt;
		if (group_open(p) && !opt) {
			/* Every alternative of a group that must occur holds one of its literals. */
			const char *a = p + group_open(p);

			cand[depth].count = 0;
			for (ok = 1; ok;) {
				if (!best_seq(a, &alt[depth], depth + 1) || !add_all(&cand[depth], &alt[depth]))
					ok = 0;
				a = skip_seq(a);
				if (*a != '|')
					break;
				a++;
			}
			if (ok && (sc = lit_score(&cand[depth])) > score) {
				copy_set(best, &cand[depth]);
				score = sc;
			}
		}
		p = q;
	}
	if (!score && digit) {
		/* Nothing better: the need of a digit. */
		best->count = 1;
		best->s[0][0] = DIGIT_MARK;
		best->n[0] = 1;
		best->high[0] = best->full[0] = 0;
		score = 1;
	}
	return score;
}

int rulelit_add_any(struct rule_lits **lp, const char *p, size_t code)
{
	static _Thread_local struct litset all, set;

	/* Extended mode (spaces are no literals), quoting, verbs (*ACCEPT), comments: not read. */
	if (strstr(p, "(*") || strstr(p, "\\Q") || strstr(p, "(?#") || strstr(p, "(?x") ||
	    strstr(p, "(?-x") || strstr(p, "(?^"))
		return 0;
	for (const char *q = p; (q = strstr(q, "(?")); q += 2) {
		const char *r = q + 2;

		while ((*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z') || *r == '-')
			if (*r++ == 'x')
				return 0;
	}
	all.count = 0;
	for (;;) {
		if (!best_seq(p, &set, 0) || !add_all(&all, &set))
			return 0;
		p = skip_seq(p);
		if (*p != '|')
			break;
		p++;
	}
	if (*p)
		return 0;
	store(lp, &all, 0, code);
	return 1;
}

/* A one-byte literal sorts as its byte followed by NUL (never a folded subject's pair). */
static unsigned pair(const struct lit *t)
{
	return (unsigned)(unsigned char)t->s[0] << 8 | (t->n > 1 ? (unsigned char)t->s[1] : 0);
}

/*
 * Four bytes (as memcpy() loads them) as a key of QUAD_BITS bits: with bit
 * 0x20 set, which folds ASCII letters and leaves other bytes as they are
 * or on another, so that folded equal bytes have one key.
 */
static unsigned word_key(uint32_t w)
{
	return (unsigned)(((w | 0x20202020u) * 0x9E3779B1u) >> (32 - QUAD_BITS));
}

/* The first three of four bytes, as word_key() takes them, as a key of TRI_BITS bits. */
static unsigned tri_key(uint32_t w)
{
	return (unsigned)((((w & TRI_MASK) | 0x20202020u) * 0x9E3779B1u) >> (32 - TRI_BITS));
}

static void set_bit(uint8_t *bits, unsigned key)
{
	bits[key >> 3] |= (uint8_t)(1u << (key & 7));
}

/* Four bytes (as word_key() takes them) starting a literal with a space k bytes in. */
static unsigned joint_key(uint32_t w, size_t k)
{
	return (unsigned)((((w | 0x20202020u) ^ (uint32_t)k * 0x85EBCA6Bu) * 0x9E3779B1u) >>
			  (32 - JOINT_BITS));
}

/* Sets literal t's joint_key() (four bytes w) for its space k bytes in; any fourth byte for three. */
static void set_joint(struct rule_lits *l, const struct lit *t, uint32_t w, size_t k)
{
	unsigned c;

	if (t->n >= 4) {
		set_bit(l->joint, joint_key(w, k));
		return;
	}
	for (c = 0; c < 256; c++) {
		((unsigned char *)&w)[3] = (unsigned char)c;
		set_bit(l->joint, joint_key(w, k));
	}
}

static int has_bit(const uint8_t *bits, unsigned key)
{
	return (bits[key >> 3] >> (key & 7)) & 1;
}

static uint32_t bucket_hash(uint32_t key, unsigned bits)
{
	return (key * 0x9E3779B1u) >> (32 - bits);
}

/* The slot of key in t: its own, or the empty one where it would go. */
static struct bucket *bucket_find(struct bucket *t, unsigned bits, uint32_t key)
{
	uint32_t h = bucket_hash(key, bits), m = (1u << bits) - 1;

	while (t[h].count && t[h].key != key)
		h = (h + 1) & m;
	return &t[h];
}

/* Adds literal i (sorted: those of one key come together) to t under key. */
static void bucket_add(struct bucket *t, unsigned bits, uint32_t key, size_t i)
{
	struct bucket *b = bucket_find(t, bits, key);

	if (!b->count) {
		b->key = key;
		b->first = (uint16_t)i;
	}
	b->count++;
}

/* The buckets of the literals of three bytes or more (under 65536 of them, sorted). */
static void index_buckets(struct rule_lits *l)
{
	size_t i;
	uint32_t key;

	for (l->tbits = 4; (1u << l->tbits) < 4 * l->n; l->tbits++)
		;
	free(l->tab4);
	free(l->tab3);
	l->tab4 = ecalloc((size_t)1 << l->tbits, sizeof(*l->tab4));
	l->tab3 = ecalloc((size_t)1 << l->tbits, sizeof(*l->tab3));
	for (i = 0; i < l->n; i++) {
		const struct lit *t = &l->v[i];

		if (t->n < 3)
			continue;
		key = 0;
		memcpy(&key, t->s, t->n == 3 ? 3 : 4);
		bucket_add(t->n == 3 ? l->tab3 : l->tab4, l->tbits, key, i);
	}
}

/* Bytewise, a prefix first: the order of pair() too. */
static int cmp_lit(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);

	if (c || x->n != y->n)
		return c ? c : x->n < y->n ? -1 : 1;
	return x->code < y->code ? -1 : x->code > y->code;
}

/*
 * Drops a literal that another of its code starts (prefixes sort first):
 * wherever it occurs, the shorter one does, at the same place and inside
 * any part of the subject that holds it.
 */
static void drop_extensions(struct rule_lits *l)
{
	size_t i, j, k;
	unsigned char *drop = ecalloc(l->n ? l->n : 1, 1);

	for (i = 1; i < l->n; i++)
		for (j = i; j-- > 0 && l->v[j].s[0] == l->v[i].s[0];)
			if (l->v[j].code == l->v[i].code && l->v[j].n < l->v[i].n &&
			    !memcmp(l->v[j].s, l->v[i].s, l->v[j].n)) {
				drop[i] = 1;
				break;
			}
	for (i = k = 0; i < l->n; i++)
		if (!drop[i])
			l->v[k++] = l->v[i];
	l->n = k;
	free(drop);
}

void rulelit_done(struct rule_lits *l)
{
	size_t i, j, k;
	unsigned c;

	if (!l)
		return;
	if (l->n)	/* no literal at all: v is NULL, which qsort must not get */
		qsort(l->v, l->n, sizeof(*l->v), cmp_lit);
	/* The same literal for the same code once. */
	for (i = j = 0; i < l->n; i++)
		if (!j || cmp_lit(&l->v[j - 1], &l->v[i]))
			l->v[j++] = l->v[i];
	l->n = j;
	drop_extensions(l);
	for (c = 0; c < 256; c++)
		l->fold[c] = (unsigned char)lower((int)c);
	memset(l->pairs, 0, sizeof(l->pairs));
	memset(l->short2, 0, sizeof(l->short2));
	memset(l->quad, 0, sizeof(l->quad));
	memset(l->tri, 0, sizeof(l->tri));
	memset(l->joint, 0, sizeof(l->joint));
	l->nlead2 = 0;
	for (i = 0; i < l->n; i++) {
		const struct lit *t = &l->v[i];
		uint32_t w = 0;

		set_bit(l->pairs, pair(t));
		if (t->n == 2) {
			set_bit(l->short2, pair(t));
			if (!memchr(l->lead2, t->s[0], l->nlead2) && l->nlead2 < sizeof(l->lead2))
				l->lead2[l->nlead2++] = (unsigned char)t->s[0];
			else if (!memchr(l->lead2, t->s[0], l->nlead2))
				l->nlead2 = sizeof(l->lead2) + 1;	/* too many: the slow way */
		}
		if (t->n < 3)
			continue;
		memcpy(&w, t->s, 4);
		for (k = 0; k < t->n; k++)
			if (t->s[k] == ' ')
				set_joint(l, t, w, k);
		set_bit(l->tri, tri_key(w));
		if (t->n >= 4) {
			set_bit(l->quad, word_key(w));
			memcpy(&w, t->s + 1, 4);
			set_bit(l->tri, tri_key(w));
			continue;
		}
		/* A literal of three: any fourth byte (and bytes 1 and 2 then any third one). */
		for (c = 0; c < 256; c++) {
			uint32_t v = 0;

			((unsigned char *)&w)[3] = (unsigned char)c;
			set_bit(l->quad, word_key(w));
			memcpy(&v, t->s + 1, 2);
			((unsigned char *)&v)[2] = (unsigned char)c;
			set_bit(l->tri, tri_key(v));
		}
	}
	/* Literals are few (under 65536): their index fits. */
	l->head = ereallocarray(l->head, 65536, sizeof(*l->head));
	for (i = 0, c = 0; c < 65536; c++) {
		while (i < l->n && pair(&l->v[i]) < c)
			i++;
		l->head[c] = (uint16_t)(i < 65535 ? i : 65535);
	}
	for (i = 0, c = 0; c <= 256; c++) {
		while (i < l->n && (unsigned char)l->v[i].s[0] < c)
			i++;
		l->first[c] = i;
	}
	index_buckets(l);
	l->nones = 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].n == 1 && (!l->nones || l->ones[l->nones - 1] != (unsigned char)l->v[i].s[0]))
			l->ones[l->nones++] = (unsigned char)l->v[i].s[0];
}

void rulelit_free(struct rule_lits *l)
{
	if (!l)
		return;
	free(l->v);
	free(l->high);
	free(l->leads);
	free(l->hchars);
	free(l->digit);
	free(l->head);
	free(l->tab4);
	free(l->tab3);
	free(l);
}


int rulelit_partner(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w, any = 0;
	size_t i;

	/* Mostly ASCII: eight bytes at a time tell. */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		any |= w;
	}
	for (; i < len; i++)
		any |= p[i];
	if (!(any & 0x8080808080808080ull))
		return 0;
	/* Their lead bytes C4, C5 and E2 are searched for one at a time (memchr() is fast). */
	for (i = 0; i < 3; i++) {
		const unsigned char *q = p, *e = p + len;

		for (; q < e && (q = memchr(q, "\xC4\xC5\xE2"[i], (size_t)(e - q))); q++)
			if (ascii_partner(q, (size_t)(e - q)))
				return 1;
	}
	return 0;
}

/* Where mark() puts what it finds: bits of found, or occurrences in hits. */
struct sink {
	uint64_t *found;
	struct rulelit_hits *hits;
};

static void put(struct sink *k, const struct lit *t, size_t i)
{
	struct rulelit_hits *h = k->hits;

	if (k->found) {
		k->found[t->code >> 6] |= 1ull << (t->code & 63);
		return;
	}
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 256;
		h->v = ereallocarray(h->v, h->alloc, sizeof(*h->v));
	}
	h->v[h->n].off = i;
	h->v[h->n].end = i + t->n;
	h->v[h->n++].code = t->code;
}

/* Whether code is known found already (for bits: nothing more to learn of it). */
static int known(const struct sink *k, size_t code)
{
	return k->found && ((k->found[code >> 6] >> (code & 63)) & 1);
}

/* Puts the literals of key (a byte pair, pair()) that s holds at i. */
static void mark(const struct rule_lits *l, unsigned key, const unsigned char *p, size_t len,
		 size_t i, struct sink *out)
{
	const unsigned char *fold = l->fold;
	size_t j = l->head[key], end = key < 0xFFFF ? l->head[key + 1] : l->n, lo, hi, k;
	unsigned c3;

	/* Sorted bytewise: those of one or two bytes first, then by third byte. */
	for (; j < end && l->v[j].n <= 2; j++)
		put(out, &l->v[j], i);
	if (j == end || i + 2 >= len)
		return;
	c3 = fold[p[i + 2]];
	for (lo = j, hi = end; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if ((unsigned char)l->v[mid].s[2] < c3)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (j = lo; j < end && (unsigned char)l->v[j].s[2] == c3; j++) {
		const struct lit *t = &l->v[j];

		if (known(out, t->code) || t->n > len - i)
			continue;
		for (k = 3; k < t->n && fold[p[i + k]] == (unsigned char)t->s[k]; k++)
			;
		if (k >= t->n)
			put(out, t, i);
		else if (fold[p[i + k]] < (unsigned char)t->s[k])
			break;	/* every later literal is greater than s here too */
	}
}

/* Puts the literals at i whose first two bytes are there, the slow way. */
static void at_pair(const struct rule_lits *l, const unsigned char *p, size_t len, size_t i,
		    struct sink *out)
{
	unsigned fkey = (unsigned)l->fold[p[i]] << 8 | l->fold[p[i + 1]];

	if (has_bit(l->pairs, fkey))
		mark(l, fkey, p, len, i, out);
}

/* Four bytes with their ASCII capitals lowered (fold[] eight bytes wide). */
static uint32_t fold4(uint32_t w)
{
	uint32_t x = w & 0x7F7F7F7Fu;
	uint32_t upper = (x + 0x3F3F3F3Fu) & ~(x + 0x25252525u) & ~w & 0x80808080u;

	return w | upper >> 2;
}

/* Puts the literals of bucket b (NULL or empty: none) that s holds at i, past their first k bytes. */
static void at_bucket(const struct rule_lits *l, const struct bucket *b, const unsigned char *p,
		      size_t len, size_t i, size_t k0, struct sink *out)
{
	size_t j, k;

	for (j = b->first; j < (size_t)b->first + b->count; j++) {
		const struct lit *t = &l->v[j];

		if (known(out, t->code) || t->n > len - i)
			continue;
		for (k = k0; k < t->n && l->fold[p[i + k]] == (unsigned char)t->s[k]; k++)
			;
		if (k >= t->n)
			put(out, t, i);
	}
}

/*
 * Puts the literals of three bytes or more that s holds at i (four bytes
 * w there); those of two are lead_pass()'s.
 */
static void at_quad(const struct rule_lits *l, uint32_t w, const unsigned char *p, size_t len,
		    size_t i, struct sink *out)
{
	uint32_t f = fold4(w);
	const struct bucket *b = bucket_find(l->tab4, l->tbits, f);

	if (b->count)
		at_bucket(l, b, p, len, i, 4, out);
	b = bucket_find(l->tab3, l->tbits, f & TRI_MASK);
	if (b->count)
		at_bucket(l, b, p, len, i, 3, out);
}

/* The literals of two bytes that start with byte c (as it is in s) where it is. */
static void lead_pass(const struct rule_lits *l, const unsigned char *p, size_t len, unsigned c,
		      struct sink *out)
{
	const unsigned char *q, *e = p + len;
	unsigned key;

	for (q = p; q + 1 < e && (q = memchr(q, (int)c, (size_t)(e - 1 - q))); q++) {
		key = (unsigned)l->fold[c] << 8 | l->fold[q[1]];
		if (has_bit(l->short2, key))
			mark(l, key, p, len, (size_t)(q - p), out);
	}
}

static uint32_t load4(const unsigned char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

/* The literals of two bytes or more that s holds, put in out. */
static void scan_pairs(const struct rule_lits *l, const unsigned char *p, size_t len, struct sink *out)
{
	uint32_t w, v;
	size_t i, k;

	if (l->nlead2 > sizeof(l->lead2)) {
		for (i = 0; i + 1 < len; i++)
			at_pair(l, p, len, i, out);
		return;
	}
	/*
	 * Most places start no literal: every other one, three bytes tell,
	 * hashed (tri_key()), whether a literal starts there or one before
	 * (every literal here has three bytes or more); then four bytes at
	 * each, hashed (word_key()).
	 */
	for (i = 0; i + 4 < len; i += 2) {
		memcpy(&w, p + i, 4);
		if (!has_bit(l->tri, tri_key(w)))
			continue;
		if (i && has_bit(l->quad, word_key(v = load4(p + i - 1))))
			at_quad(l, v, p, len, i - 1, out);
		if (has_bit(l->quad, word_key(w)))
			at_quad(l, w, p, len, i, out);
	}
	/* From the place after the last one looked at. */
	for (i = i ? i - 1 : 0; i + 3 < len; i++) {
		memcpy(&w, p + i, 4);
		if (has_bit(l->quad, word_key(w)))
			at_quad(l, w, p, len, i, out);
	}
	for (; i + 1 < len; i++)
		at_pair(l, p, len, i, out);
	/* Literals of two bytes: where their first byte is, in either case. */
	for (k = 0; k < l->nlead2; k++) {
		lead_pass(l, p, len, l->lead2[k], out);
		if (l->lead2[k] >= 'a' && l->lead2[k] <= 'z')
			lead_pass(l, p, len, l->lead2[k] - 32, out);
	}
}

/*
 * Whether s has a byte outside ASCII (1 | 2: that answers both) or else an
 * ASCII digit (2).
 */
static unsigned high_digit(const unsigned char *p, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
	uint64_t w, x, any = 0, dig = 0;
	size_t i;

	/* Eight bytes at a time: a digit XOR '0' is a byte under 10. */
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		if (w & tops)
			return 3;
		x = w ^ 0x3030303030303030ull;
		dig |= (x - 10 * ones) & ~x & tops;
	}
	for (; i < len; i++) {
		any |= p[i];
		dig |= p[i] >= '0' && p[i] <= '9';
	}
	return any & 0x80 ? 3 : dig ? 2 : 0;
}

size_t rulelit_high_chars(const struct rule_lits *l, size_t code, const char **s)
{
	size_t i;

	for (i = 0; l && i < l->nhigh; i++)
		if (l->high[i] == code) {
			*s = l->hchars[i].s;
			return l->hchars[i].n;
		}
	return 0;
}

void rulelit_high_leads(struct rule_lits *l, size_t code, const uint64_t leads[2])
{
	size_t i;

	for (i = 0; l && i < l->nhigh; i++)
		if (l->high[i] == code) {
			l->leads[i][0] = leads[0];
			l->leads[i][1] = leads[1];
		}
}

/* Whether seen (high_seen()) has a lead of every high code. */
static int leads_met(const struct rule_lits *l, const uint64_t seen[2])
{
	size_t i;

	for (i = 0; i < l->nhigh; i++)
		if (!(seen[0] & l->leads[i][0]) && !(seen[1] & l->leads[i][1]))
			return 0;
	return 1;
}

/*
 * The bytes outside ASCII that p has (byte b is bit b - 128 of seen), or
 * enough of them to meet the leads of every high code.
 */
static void high_seen(const struct rule_lits *l, const unsigned char *p, size_t len,
		      uint64_t seen[2])
{
	uint64_t w;
	size_t i, k;

	seen[0] = seen[1] = 0;
	/* Mostly ASCII: eight bytes at a time pass, the others byte by byte. */
	for (i = 0; i < len; i += 8) {
		if (i + 8 <= len) {
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ull))
				continue;
		}
		for (k = i; k < i + 8 && k < len; k++)
			if (p[k] >= 0x80)
				seen[(p[k] >> 6) & 1] |= 1ull << (p[k] & 63);
		if (leads_met(l, seen))
			return;
	}
}

void rulelit_doc_class(const struct rule_lits *l, const char *s, size_t len, uint64_t *out)
{
	uint64_t seen[2] = { 0, 0 }, any[2] = { 0, 0 };
	size_t i, n = 0;
	unsigned b;

	if (!l->nhigh)
		return;
	for (i = 0; i < l->nhigh; i++) {
		any[0] |= l->leads[i][0];
		any[1] |= l->leads[i][1];
	}
	n = (size_t)__builtin_popcountll(any[0]) + (size_t)__builtin_popcountll(any[1]);
	if (n <= 8) {
		/* A few leads (Cyrillic: D0, D1, E1): memchr() for each is faster. */
		for (b = 0x80; b < 0x100; b++)
			if (((any[(b >> 6) & 1] >> (b & 63)) & 1) && memchr(s, (int)b, len))
				seen[(b >> 6) & 1] |= 1ull << (b & 63);
	} else {
		high_seen(l, (const unsigned char *)s, len, seen);
	}
	for (i = 0; i < l->nhigh; i++)
		if (!(seen[0] & l->leads[i][0]) && !(seen[1] & l->leads[i][1]))
			out[l->high[i] >> 6] |= 1ull << (l->high[i] & 63);
}

int rulelit_scan_class(const struct rule_lits *l, const char *s, size_t len, uint64_t *found,
		       const uint64_t *out)
{
	if (!l->nhigh && !l->ndigit)
		return 0;
	return rulelit_set_class(l, high_digit((const unsigned char *)s, len), found, out);
}

/* The bits of the bytes of p: bit i of bits[i / 64] for byte i. */
static void class_words(const unsigned char *p, size_t len, uint64_t *high, uint64_t *digit)
{
	size_t i = 0, k;

#ifdef __SSE2__
	const __m128i below = _mm_set1_epi8('0' - 1), above = _mm_set1_epi8('9' + 1);

	for (; i + 64 <= len; i += 64) {
		uint64_t h = 0, d = 0;

		for (k = 0; k < 64; k += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i + k));
			/* Signed: bytes outside ASCII are below '0' and fail. */
			__m128i dg = _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmpgt_epi8(above, v));

			h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << k;
			d |= (uint64_t)(unsigned)_mm_movemask_epi8(dg) << k;
		}
		high[i / 64] = h;
		digit[i / 64] = d;
	}
#endif
	for (; i < len; i += 64) {
		uint64_t h = 0, d = 0;

		for (k = 0; k < 64 && i + k < len; k++) {
			h |= (uint64_t)(p[i + k] >> 7) << k;
			d |= (uint64_t)(p[i + k] >= '0' && p[i + k] <= '9') << k;
		}
		high[i / 64] = h;
		digit[i / 64] = d;
	}
}

void rulelit_doc_bits(const char *s, size_t len, struct rulelit_bits *b)
{
	size_t w = (len + 63) / 64;

	if (w > b->alloc) {
		b->alloc = w;
		b->high = ereallocarray(b->high, w, sizeof(*b->high));
		b->digit = ereallocarray(b->digit, w, sizeof(*b->digit));
	}
	class_words((const unsigned char *)s, len, b->high, b->digit);
}

/* Whether bits holds a bit from off to end - 1. */
static int any_bit(const uint64_t *bits, size_t off, size_t end)
{
	size_t a = off / 64, z = (end - 1) / 64, i;
	uint64_t lo = ~0ull << (off & 63), hi = ~0ull >> (63 - ((end - 1) & 63));

	if (a == z)
		return (bits[a] & lo & hi) != 0;
	if (bits[a] & lo || bits[z] & hi)
		return 1;
	for (i = a + 1; i < z; i++)
		if (bits[i])
			return 1;
	return 0;
}

unsigned rulelit_bits_class(const struct rulelit_bits *b, size_t off, size_t end)
{
	if (off >= end)
		return 0;
	return any_bit(b->high, off, end) ? 3 : any_bit(b->digit, off, end) ? 2 : 0;
}

int rulelit_set_class(const struct rule_lits *l, unsigned hd, uint64_t *found, const uint64_t *out)
{
	size_t i;

	if (!l->nhigh && !l->ndigit)
		return 0;
	if (hd & 1)
		for (i = 0; i < l->nhigh; i++)
			if (!out || !((out[l->high[i] >> 6] >> (l->high[i] & 63)) & 1))
				found[l->high[i] >> 6] |= 1ull << (l->high[i] & 63);
	if (hd)
		for (i = 0; i < l->ndigit; i++)
			found[l->digit[i] >> 6] |= 1ull << (l->digit[i] & 63);
	return (int)hd;
}

void rulelit_class_codes(const struct rule_lits *l, uint64_t *high, uint64_t *digit)
{
	size_t i;

	for (i = 0; l && i < l->nhigh; i++)
		high[l->high[i] >> 6] |= 1ull << (l->high[i] & 63);
	for (i = 0; l && i < l->ndigit; i++)
		digit[l->digit[i] >> 6] |= 1ull << (l->digit[i] & 63);
}

/* The literals of one byte (either case) that s holds, put in out. */
static void scan_ones(const struct rule_lits *l, const unsigned char *p, size_t len, struct sink *out)
{
	const unsigned char *q, *e = p + len;
	size_t i, k;

	for (i = 0; i < l->nones; i++) {
		unsigned c = l->ones[i];

		for (k = 0; k < 1 + (c >= 'a' && c <= 'z'); k++)
			for (q = p; q < e && (q = memchr(q, (int)(c - 32 * k), (size_t)(e - q))); q++) {
				mark(l, c << 8, p, len, (size_t)(q - p), out);
				if (out->found)
					break;	/* one tells */
			}
	}
}

void rulelit_scan_short(const struct rule_lits *l, const char *s, size_t len, uint64_t *found)
{
	struct sink out = { found, NULL };

	rulelit_scan_class(l, s, len, found, NULL);
	scan_ones(l, (const unsigned char *)s, len, &out);
}

void rulelit_scan_long(const struct rule_lits *l, const char *s, size_t len, uint64_t *found)
{
	struct sink out = { found, NULL };

	scan_pairs(l, (const unsigned char *)s, len, &out);
}

void rulelit_scan_joint(const struct rule_lits *l, const char *s, size_t len, size_t at,
			uint64_t *found)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sink out = { found, NULL };
	size_t i = at >= LIT_KEEP - 1 ? at - (LIT_KEEP - 1) : 0, k;
	unsigned key;
	uint32_t w;

	/*
	 * Of three bytes or more, those with a space where s has the joint:
	 * four bytes and the joint's place in them hashed first, as in
	 * scan_pairs(); those of two start on the joint or the byte before.
	 */
	for (; i <= at && i + 3 < len; i++) {
		memcpy(&w, p + i, 4);
		if (has_bit(l->joint, joint_key(w, at - i)) && has_bit(l->quad, word_key(w)))
			at_quad(l, w, p, len, i, &out);
	}
	for (k = at ? at - 1 : 0; k < i && k + 1 < len; k++) {
		key = (unsigned)l->fold[p[k]] << 8 | l->fold[p[k + 1]];
		if (has_bit(l->short2, key))
			mark(l, key, p, len, k, &out);
	}
	for (; i <= at && i + 1 < len; i++)
		at_pair(l, p, len, i, &out);
}

void rulelit_scan(const struct rule_lits *l, const char *s, size_t len, uint64_t *found)
{
	rulelit_scan_long(l, s, len, found);
	rulelit_scan_short(l, s, len, found);
}

static int cmp_hit(const void *a, const void *b)
{
	const struct rulelit_hit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->code < y->code ? -1 : x->code > y->code;
}

void rulelit_hits(const struct rule_lits *l, const char *s, size_t len, struct rulelit_hits *h)
{
	struct sink out = { NULL, h };
	size_t i;

	h->n = 0;
	scan_pairs(l, (const unsigned char *)s, len, &out);
	scan_ones(l, (const unsigned char *)s, len, &out);
	/*
	 * Those of one and two bytes come last, from their own passes: they
	 * are sorted alone (few), then merged from the back with the others.
	 */
	for (i = 1; i < h->n && h->v[i].off >= h->v[i - 1].off; i++)
		;
	if (i < h->n) {
		size_t nt = h->n - i, a = i, b = nt, k = h->n;
		struct rulelit_hit *t = ereallocarray(NULL, nt, sizeof(*t));

		memcpy(t, h->v + i, nt * sizeof(*t));
		qsort(t, nt, sizeof(*t), cmp_hit);
		while (b > 0)
			h->v[--k] = a > 0 && h->v[a - 1].off > t[b - 1].off ? h->v[--a] : t[--b];
		free(t);
	}
}

void rulelit_prefix(const struct rule_lits *l, const char *s, size_t len, uint64_t *found)
{
	const unsigned char *p = (const unsigned char *)s;

	struct sink out = { found, NULL };
	unsigned key;
	uint32_t w;
	size_t j;

	if (!len)
		return;
	/* pairs has the pair of every literal (a byte and NUL for one of one byte). */
	key = (unsigned)l->fold[p[0]] << 8;
	if (has_bit(l->pairs, key))
		mark(l, key, p, len, 0, &out);
	if (len < 4) {
		if (len > 1 && has_bit(l->pairs, key |= l->fold[p[1]]))
			mark(l, key, p, len, 0, &out);
		return;
	}
	/* Those of two bytes by their pair; longer ones by four bytes hashed, as scan_pairs() does. */
	key |= l->fold[p[1]];
	if (has_bit(l->short2, key))
		for (j = l->head[key]; j < l->n && l->v[j].n == 2 && pair(&l->v[j]) == key; j++)
			put(&out, &l->v[j], 0);
	memcpy(&w, p, 4);
	if (has_bit(l->quad, word_key(w)))
		at_quad(l, w, p, len, 0, &out);
}
