/* rulelit.c: the literals a rule cannot match without, and one scan for all of them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "rulelit.h"

/* At most this many literals a pattern, each kept to at most LIT_LEN - 1 bytes. */
#define LIT_MAX 64
#define LIT_LEN 24

struct lit {
	char s[LIT_LEN];
	size_t n, code;
};

struct rule_lits {
	struct lit *v;
	size_t n, alloc;
	uint8_t pairs[65536 / 8];	/* first two bytes of some literal */
};

/* Prefixes every match of the sequence read so far must start with. */
struct litset {
	char s[LIT_MAX][LIT_LEN];
	size_t n[LIT_MAX];
	size_t count;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
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

/* Adds character c to every prefix; 0 when one is full (the set stays as it was). */
static int append(struct litset *set, int c)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (set->n[i] + 1 >= LIT_LEN)
			return 0;
	for (i = 0; i < set->count; i++)
		set->s[i][set->n[i]++] = (char)c;
	return 1;
}

/* Every prefix followed by every string of u; 0 when too many (the set stays). */
static int cross(struct litset *set, const struct litset *u)
{
	static _Thread_local struct litset out;
	size_t i, j;

	if (set->count * u->count > LIT_MAX)
		return 0;
	out.count = 0;
	for (i = 0; i < set->count; i++)
		for (j = 0; j < u->count; j++) {
			if (set->n[i] + u->n[j] >= LIT_LEN)
				return 0;
			memcpy(out.s[out.count], set->s[i], set->n[i]);
			memcpy(out.s[out.count] + set->n[i], u->s[j], u->n[j]);
			out.n[out.count++] = set->n[i] + u->n[j];
		}
	*set = out;
	return 1;
}

static int is_quant(int c)
{
	return c == '?' || c == '*' || c == '+' || c == '{';
}

static int seq(const char **pp, struct litset *set, int depth);

/*
 * A group "(?:A|B)" at *pp: the union of its alternatives' literal sets in
 * u; returns whether every alternative was read whole, -1 when not a group
 * this reader follows.
 */
static int group(const char **pp, struct litset *u, int depth)
{
	static _Thread_local struct litset alt[8];
	const char *p = *pp + 3;
	struct litset *a = &alt[depth];
	int whole = 1;
	size_t i;

	u->count = 0;
	for (;;) {
		a->count = 1;
		a->n[0] = 0;
		whole &= seq(&p, a, depth + 1);
		p = skip_seq(p);
		if (u->count + a->count > LIT_MAX)
			return -1;
		for (i = 0; i < a->count; i++) {
			memcpy(u->s[u->count], a->s[i], a->n[i]);
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

/*
 * Extends set with what the sequence at *pp must start with; returns 1
 * when the whole sequence was literal (read to its '|', ')' or end), 0 when
 * it stopped early at something it does not follow (*pp is then left
 * anywhere inside the sequence).
 */
static int seq(const char **pp, struct litset *set, int depth)
{
	static _Thread_local struct litset u[8];
	const char *p = *pp;
	int c, whole;

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
		if (p[0] == '(' && p[1] == '?' && p[2] == ':') {
			whole = group(&p, &u[depth], depth);
			*pp = p;
			if (whole < 0 || (is_quant(*p) && *p != '+'))
				return 0;
			if (!cross(set, &u[depth]))
				return 0;
			if (!whole || *p == '+')
				return 0;
			continue;
		}
		if (p[0] == '\\' && p[1] && !((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z') &&
		    !(p[1] >= '0' && p[1] <= '9') && (unsigned char)p[1] < 0x80) {
			c = p[1];
			p += 2;
		} else if ((unsigned char)*p < 0x80 && !strchr("\\[.()?*+{", *p)) {
			c = lower(*p);
			p++;
		} else {
			return 0;
		}
		if (*p == '?' || *p == '*' || *p == '{')
			return 0;
		if (!append(set, c))
			return 0;
		if (*p == '+')
			return 0;
	}
}

int rulelit_add(struct rule_lits **lp, const char *p, size_t code)
{
	static _Thread_local struct litset all, set;
	struct rule_lits *l;
	size_t i;

	all.count = 0;
	for (;;) {
		set.count = 1;
		set.n[0] = 0;
		seq(&p, &set, 0);
		p = skip_seq(p);
		if (all.count + set.count > LIT_MAX)
			return 0;
		for (i = 0; i < set.count; i++) {
			/* A literal of fewer than two bytes filters nothing. */
			if (set.n[i] < 2)
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
	if (!(l = *lp))
		l = *lp = ecalloc(1, sizeof(*l));
	for (i = 0; i < all.count; i++) {
		struct lit *t;

		if (l->n == l->alloc) {
			l->alloc = l->alloc ? 2 * l->alloc : 64;
			l->v = ereallocarray(l->v, l->alloc, sizeof(*l->v));
		}
		t = &l->v[l->n++];
		memcpy(t->s, all.s[i], all.n[i]);
		t->n = all.n[i];
		t->code = code;
	}
	return 1;
}

static unsigned pair(const char *s)
{
	return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

static int cmp_lit(const void *a, const void *b)
{
	unsigned x = pair(((const struct lit *)a)->s), y = pair(((const struct lit *)b)->s);

	return x < y ? -1 : x > y;
}

void rulelit_done(struct rule_lits *l)
{
	size_t i;

	if (!l)
		return;
	qsort(l->v, l->n, sizeof(*l->v), cmp_lit);
	memset(l->pairs, 0, sizeof(l->pairs));
	for (i = 0; i < l->n; i++)
		l->pairs[pair(l->v[i].s) >> 3] |= (uint8_t)(1u << (pair(l->v[i].s) & 7));
}

void rulelit_free(struct rule_lits *l)
{
	if (!l)
		return;
	free(l->v);
	free(l);
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

int rulelit_scan(const struct rule_lits *l, const char *s, size_t len, unsigned char *need)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, j, k, lo, hi, mid;
	unsigned key;

	for (i = 0; i + 1 < len; i++) {
		if ((p[i] == 0xC5 || p[i] == 0xC4 || p[i] == 0xE2) && ascii_partner(p + i, len - i))
			return -1;
		key = (unsigned)lower(p[i]) << 8 | (unsigned)lower(p[i + 1]);
		if (!(l->pairs[key >> 3] & (1u << (key & 7))))
			continue;
		lo = 0, hi = l->n;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (pair(l->v[mid].s) < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (j = lo; j < l->n && pair(l->v[j].s) == key; j++) {
			const struct lit *t = &l->v[j];

			if (need[t->code] || t->n > len - i)
				continue;
			for (k = 2; k < t->n && lower(p[i + k]) == (unsigned char)t->s[k]; k++)
				;
			if (k == t->n)
				need[t->code] = 1;
		}
	}
	return 0;
}
