/*
 * rulelit.h: required literals of rule patterns, a prefilter for rules.c.
 *
 * Most rules cannot match without some literal word ("casino", "cookie"):
 * one pass over a subject finds which of those literals it holds, and a
 * rule none of whose literals occurs is never run. The literals are read
 * off the pattern conservatively (a pattern the reader does not follow has
 * none, and is always run), so the prefilter never changes an answer.
 */
#ifndef HRTK_RULELIT_H
#define HRTK_RULELIT_H

#include <stddef.h>
#include <stdint.h>

struct rule_lits;

/* No literal is longer than this many bytes. */
#define RULELIT_KEEP 12

/* Occurrences of literals in a subject: bytes off to end hold one of code's. */
struct rulelit_hit {
	size_t off, end, code;
};

struct rulelit_hits {
	struct rulelit_hit *v;	/* by offset */
	size_t n, alloc;
};

/*
 * The literals one of which every match of pattern p starts with (ASCII
 * case folded, and characters outside ASCII that have no case; '^', '\b'
 * and lookarounds looked through), added for code number code. Returns 1
 * when added, 0 when p has no set of literals of at least min bytes (the
 * code is then always run).
 */
int rulelit_add(struct rule_lits **l, const char *p, size_t code, size_t min);
/*
 * The literals one of which every match of p holds somewhere (read at each
 * item of p and inside the groups that must occur, the longest kept): 1
 * when added, 0 when there are none of two bytes or more (or of one byte
 * that is no letter, digit or space). Where nothing better is found, a
 * "\\d" that must occur stands as the need of a digit (rulelit_scan_class()).
 */
int rulelit_add_any(struct rule_lits **l, const char *p, size_t code);
/* Sorts and indexes the literals; call once after the last rulelit_add(). */
void rulelit_done(struct rule_lits *l);
void rulelit_free(struct rule_lits *l);
/*
 * Whether s holds a character that pcre2 folds onto an ASCII letter (the
 * Kelvin sign, the long s, dotted and dotless i): the literals, ASCII
 * folded, cannot tell then, and every code must be run.
 */
int rulelit_partner(const char *s, size_t len);
/*
 * Sets bit code of found (a set of 64-bit words) for every code one of
 * whose literals occurs in s (ASCII case folded), and for those needing
 * only some byte outside ASCII when s has one.
 */
void rulelit_scan(const struct rule_lits *l, const char *s, size_t len, uint64_t *found);
/*
 * rulelit_scan() in two: the literals of two bytes or more, and the rest
 * (single bytes, and the needs of a byte outside ASCII or of a digit).
 */
void rulelit_scan_long(const struct rule_lits *l, const char *s, size_t len, uint64_t *found);
void rulelit_scan_short(const struct rule_lits *l, const char *s, size_t len, uint64_t *found);
/*
 * rulelit_scan_long() of the literals that hold byte at of s, a space (the
 * joint of two pieces), only (and perhaps some others starting at most
 * RULELIT_KEEP - 1 bytes before it).
 */
void rulelit_scan_joint(const struct rule_lits *l, const char *s, size_t len, size_t at,
			uint64_t *found);
/*
 * Of rulelit_scan_short(), only the codes that need a byte outside ASCII or
 * a digit, but for those in out (NULL: none). Returns what s has: 1 | 2 a
 * byte outside ASCII (which stands for a digit too), 2 an ASCII digit, 0
 * neither (or no such codes).
 */
int rulelit_scan_class(const struct rule_lits *l, const char *s, size_t len, uint64_t *found,
		       const uint64_t *out);
/* Of each byte of a document, whether it is outside ASCII, and whether an ASCII digit. */
struct rulelit_bits {
	uint64_t *high, *digit;	/* bit i of word i / 64 for byte i */
	size_t alloc;
};

/* Sets b for the document s (len bytes). */
void rulelit_doc_bits(const char *s, size_t len, struct rulelit_bits *b);
/* What bytes off to end - 1 of the document have, as rulelit_scan_class() returns it. */
unsigned rulelit_bits_class(const struct rulelit_bits *b, size_t off, size_t end);
/* rulelit_scan_class() of a subject that has hd (what it returns). */
int rulelit_set_class(const struct rule_lits *l, unsigned hd, uint64_t *found, const uint64_t *out);
/*
 * The code needs not any byte outside ASCII but one of leads (bit b - 128
 * of the two words for byte b): the first bytes of its characters outside
 * ASCII in either case, known to pcre2.
 */
void rulelit_high_leads(struct rule_lits *l, size_t code, const uint64_t leads[2]);
/*
 * The characters outside ASCII (UTF-8, *s) one of which, in either case,
 * the code needs when it needs such a byte: their length, 0 when not known.
 */
size_t rulelit_high_chars(const struct rule_lits *l, size_t code, const char **s);
/* Sets in out the codes that need a byte outside ASCII that s has none of. */
void rulelit_doc_class(const struct rule_lits *l, const char *s, size_t len, uint64_t *out);
/* Sets the bits of the codes that need a byte outside ASCII in high, a digit in digit. */
void rulelit_class_codes(const struct rule_lits *l, uint64_t *high, uint64_t *digit);
/*
 * Every occurrence in s of a literal (of one byte too), by offset, in h
 * (emptied first): what rulelit_scan_long() and the single bytes of
 * rulelit_scan_short() find in any part of s is that of the occurrences
 * lying wholly inside it.
 */
void rulelit_hits(const struct rule_lits *l, const char *s, size_t len, struct rulelit_hits *h);
/* The same for the codes one of whose literals s starts with (for anchored patterns). */
void rulelit_prefix(const struct rule_lits *l, const char *s, size_t len, uint64_t *found);

#endif
