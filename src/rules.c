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

#define RULE_OPTIONS (PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF)

struct rules_md {
	pcre2_match_data *md;
	unsigned char *need;	/* one code each: may match, by its literals */
	size_t aneed;
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
	int a;

	size_t i;

	for (a = 0; a < RULE_NACTIONS; a++) {
		pcre2_code_free(r->re[a]);
		free(r->ids[a]);
		for (i = 0; i < r->none[a]; i++)
			pcre2_code_free(r->one[a][i]);
		free(r->one[a]);
		free(r->one_ids[a]);
		free(r->one_max[a]);
		free(r->one_lit[a]);
		rulelit_free(r->lits[a]);
		rulelit_free(r->alits[a]);
		pcre2_code_free(r->re_free[a]);
		r->alits[a] = NULL;
		r->re_free[a] = NULL;
		r->one_max[a] = NULL;
		r->one_lit[a] = NULL;
		r->lits[a] = NULL;
		r->re[a] = NULL;
		r->ids[a] = NULL;
		r->one[a] = NULL;
		r->one_ids[a] = NULL;
		r->none[a] = 0;
	}
}

void rules_release(struct rules *r)
{
	size_t i;

	free_compiled(r);
	for (i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].family);
		free(r->v[i].pattern);
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

/* Checks that pattern p compiles alone; on error, its message and byte offset. */
static int check_pattern(const char *p, size_t n, struct buf *msg, size_t *off)
{
	PCRE2_UCHAR ebuf[256];
	PCRE2_SIZE eoff;
	int ecode;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, n, RULE_OPTIONS, &ecode, &eoff, NULL);

	if (re) {
		pcre2_code_free(re);
		return 0;
	}
	pcre2_get_error_message(ecode, ebuf, sizeof(ebuf));
	buf_addf(msg, "bad pattern: %s", (const char *)ebuf);
	*off = eoff;
	return -1;
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
	if (check_pattern(pat, (size_t)(end - pat), msg, &off) < 0) {
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
 * True when the pattern can only match at the start: pcre2 says so when every
 * top-level alternative begins with '^' ("^a|b" is not anchored).
 */
static int anchored(const char *p)
{
	PCRE2_SIZE eoff;
	uint32_t opts = 0;
	int ecode;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, strlen(p), RULE_OPTIONS, &ecode, &eoff, NULL);

	if (!re)
		return 0;
	pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts);
	pcre2_code_free(re);
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

static pcre2_code *compile_jit(const char *p, size_t n, uint32_t opts, enum rule_action a,
			       struct buf *err)
{
	PCRE2_UCHAR ebuf[256];
	PCRE2_SIZE eoff;
	int ecode;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)p, n, RULE_OPTIONS | opts, &ecode, &eoff, NULL);

	if (!re) {
		pcre2_get_error_message(ecode, ebuf, sizeof(ebuf));
		buf_addf(err, "%s rules do not combine (a backreference by number?): %s",
			 action_names[a], (const char *)ebuf);
		return NULL;
	}
	/* Without JIT support pcre2 interprets the pattern: slower, same answers. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* An action's anchored rules as "(?:P1)(*MARK:0)|(?:P2)(*MARK:1)|...", the others alone. */
static int compile_action(struct rules *r, enum rule_action a, struct buf *err)
{
	struct buf pat = BUF_INIT, free_pat = BUF_INIT;
	size_t i, k = 0;

	for (i = 0; i < r->n; i++) {
		const struct rule *ru = &r->v[i];
		const char *p = ru->pattern;
		size_t max = SIZE_MAX;

		if (ru->disabled || ru->action != a)
			continue;

		/* Term rules keep their shape: their matches are counted and measured. */
		if (!anchored(p) || (a != RULE_TERM && (p = length_guard(p, &max)))) {
			if (!p)
				p = ru->pattern;
			r->one[a] = ereallocarray(r->one[a], r->none[a] + 1, sizeof(void *));
			r->one_ids[a] = ereallocarray(r->one_ids[a], r->none[a] + 1, sizeof(size_t));
			r->one_max[a] = ereallocarray(r->one_max[a], r->none[a] + 1, sizeof(size_t));
			r->one_lit[a] = ereallocarray(r->one_lit[a], r->none[a] + 1, 1);
			if (!(r->one[a][r->none[a]] = compile_jit(p, strlen(p), 0, a, err))) {
				buf_release(&pat);
				buf_release(&free_pat);
				return -1;
			}
			r->one_lit[a][r->none[a]] = (unsigned char)rulelit_add(&r->lits[a], p, r->none[a], 2);
			r->one_max[a][r->none[a]] = max;
			r->one_ids[a][r->none[a]++] = i;
			continue;
		}
		r->ids[a] = ereallocarray(r->ids[a], k + 1, sizeof(size_t));
		r->ids[a][k] = i;
		buf_addf(&pat, "%s(?:%s)(*MARK:%zu)", k ? "|" : "", ru->pattern, k);
		/* Rules that must start with a literal are left out of re_free. */
		if (!rulelit_add(&r->alits[a], ru->pattern, k, 1))
			buf_addf(&free_pat, "%s(?:%s)(*MARK:%zu)", free_pat.len ? "|" : "", ru->pattern, k);
		k++;
	}
	rulelit_done(r->lits[a]);
	rulelit_done(r->alits[a]);
	if ((k && !(r->re[a] = compile_jit(pat.data, pat.len, PCRE2_ANCHORED, a, err))) ||
	    (free_pat.len && r->alits[a] &&
	     !(r->re_free[a] = compile_jit(free_pat.data, free_pat.len, PCRE2_ANCHORED, a, err)))) {
		buf_release(&pat);
		buf_release(&free_pat);
		return -1;
	}
	buf_release(&pat);
	buf_release(&free_pat);
	return 0;
}

int rules_compile(struct rules *r, struct buf *err)
{
	int a;

	free_compiled(r);
	for (a = 0; a < RULE_NACTIONS; a++)
		if (compile_action(r, (enum rule_action)a, err) < 0)
			return -1;
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
	free(m->need);
	free(m);
}

/*
 * Matches code re at or after off; returns the rule index (from ids by the
 * mark, or id when ids is NULL) and the match bounds, or -1.
 */
static long match_at(const void *re, const size_t *ids, size_t id, struct rules_md *m,
		     const char *s, size_t len, size_t off, size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	PCRE2_SPTR mark;

	if (!re || pcre2_match(re, (PCRE2_SPTR)s, len, off, 0, m->md, NULL) < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(m->md);
	*mstart = ov[0];
	*mend = ov[1];
	if (!ids)
		return (long)id;
	if (!(mark = pcre2_get_mark(m->md)))
		return -1;
	return (long)ids[strtoul((const char *)mark, NULL, 10)];
}

/*
 * The characters of s for length guards: SIZE_MAX when it holds a newline
 * (no guard fits), limit + 1 when it has too many bytes to fit limit.
 */
static size_t guard_chars(const char *s, size_t len, size_t limit)
{
	const uint64_t ones = 0x0101010101010101ull;
	size_t i = 0, cont = 0;
	uint64_t w;

	if (len > 4 * limit + 4)
		return limit + 1;
	if (memchr(s, '\n', len))
		return SIZE_MAX;
	/* Characters are the bytes but UTF-8 continuation bytes (10xxxxxx): eight at a time. */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		cont += (((w >> 7) & ~(w >> 6) & ones) * ones) >> 56;
	}
	for (; i < len; i++)
		cont += ((unsigned char)s[i] & 0xc0) == 0x80;
	return len - cont;
}

/* Whether a subject of chars (from guard_chars()) fits a length guard of max characters. */
static int fits(size_t max, size_t chars)
{
	return max == SIZE_MAX || (chars != SIZE_MAX && chars <= max);
}

/*
 * Which of action a's one codes can match s: those whose length guard s
 * fits and that have no literals, or whose literal s holds (all, when s has
 * a character the literal scan cannot fold). The literal scan is skipped
 * when no code with literals fits.
 */
static const unsigned char *may_match(const struct rules *r, enum rule_action a, struct rules_md *m,
				      const char *s, size_t len)
{
	size_t i, n = r->none[a], limit = 0, chars = 0;
	int guarded = 0, scan = 0;

	if (n > m->aneed) {
		m->need = erealloc(m->need, n);
		m->aneed = n;
	}
	for (i = 0; i < n; i++)
		if (r->one_max[a][i] != SIZE_MAX) {
			guarded = 1;
			if (r->one_max[a][i] > limit)
				limit = r->one_max[a][i];
		}
	if (guarded)
		chars = guard_chars(s, len, limit);
	for (i = 0; i < n; i++) {
		m->need[i] = !r->one_lit[a][i];
		scan |= r->one_lit[a][i] && fits(r->one_max[a][i], chars);
	}
	if (scan && rulelit_scan(r->lits[a], s, len, m->need) < 0)
		memset(m->need, 1, n);
	for (i = 0; i < n; i++)
		m->need[i] = m->need[i] && fits(r->one_max[a][i], chars);
	return m->need;
}

long rules_match(const struct rules *r, enum rule_action a, struct rules_md *m,
		 const char *s, size_t len)
{
	size_t b, e, i;
	const void *re = r->re[a];
	const unsigned char *run;
	long id;

	/* No rule with a literal start can match: the others alone decide, in the same order. */
	if (r->alits[a] && !rulelit_prefix(r->alits[a], s, len))
		re = r->re_free[a];
	id = match_at(re, r->ids[a], 0, m, s, len, 0, &b, &e);

	if (id >= 0 || !r->none[a])
		return id;
	run = may_match(r, a, m, s, len);
	for (i = 0; id < 0 && i < r->none[a]; i++)
		if (run[i])
			id = match_at(r->one[a][i], NULL, r->one_ids[a][i], m, s, len, 0, &b, &e);
	return id;
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
static int score_code(const struct rules *r, const void *re, const size_t *ids, size_t one,
		      struct rules_md *m, const char *s, size_t len, long *first, size_t *words)
{
	size_t off = 0, b, e;
	long id;
	int score = 0;

	while (off <= len && (id = match_at(re, ids, one, m, s, len, off, &b, &e)) >= 0) {
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
	const unsigned char *run;
	size_t i;
	int score;

	*first = -1;
	*words = 0;
	score = score_code(r, r->re[RULE_TERM], r->ids[RULE_TERM], 0, m, s, len, first, words);
	run = may_match(r, RULE_TERM, m, s, len);
	for (i = 0; i < r->none[RULE_TERM]; i++)
		if (run[i])
			score += score_code(r, r->one[RULE_TERM][i], NULL, r->one_ids[RULE_TERM][i], m, s,
				    len, first, words);
	return score;
}
