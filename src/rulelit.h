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

struct rule_lits;

/*
 * The literals one of which every match of pattern p starts with (ASCII,
 * case folded; '^' and '\b' looked through), added for code number code.
 * Returns 1 when added, 0 when p has no set of literals of at least min
 * bytes (the code is then always run).
 */
int rulelit_add(struct rule_lits **l, const char *p, size_t code, size_t min);
/* Sorts and indexes the literals; call once after the last rulelit_add(). */
void rulelit_done(struct rule_lits *l);
void rulelit_free(struct rule_lits *l);
/*
 * Sets need[code] for every code whose literal occurs in s (ASCII case
 * folded); need[] must be cleared by the caller. Returns 0, or -1 when s
 * holds a character that pcre2 folds onto an ASCII letter (the Kelvin
 * sign, the long s, dotted and dotless i): then every code must be run
 * (need[] is left partly set).
 */
int rulelit_scan(const struct rule_lits *l, const char *s, size_t len, unsigned char *need);
/*
 * Whether s starts with one of the literals (for anchored patterns), or
 * holds near its start a character the comparison cannot fold.
 */
int rulelit_prefix(const struct rule_lits *l, const char *s, size_t len);

#endif
