/*
 * rules.h: named boilerplate patterns for hrtk clean; the one door to pcre2.
 *
 * A rule file holds one rule a line; blank lines and lines starting with '#'
 * are comments:
 *
 *	NAME  FAMILY  ACTION  PATTERN
 *
 * NAME and FAMILY are words of letters, digits, '_', '-' and '.'; ACTION is
 * line (drop the matching line), block (drop the block holding it), rest
 * (drop the block and everything after it), section (drop the block and
 * those after it up to the next block of long prose: an inline "related
 * stories" box) or term:N (a spam term worth N points, 1 to 9, summed over
 * a block); PATTERN is the rest of the line, a
 * pcre2 regular expression, UTF-8, Unicode classes (\w, \b, \d see every
 * script), caseless unless it starts with (?-i). Line rules see one line,
 * trimmed; the others see the block's lines joined by single spaces.
 * A later rule with the name of an earlier one replaces it.
 *
 * The patterns of each action anchored with '^' are combined into one
 * JIT-compiled alternation, tried at the start only; each other pattern is
 * compiled alone, so that pcre2 can skip ahead to where it could start
 * (combined, numbered backreferences are not available; name the group
 * instead and keep names unique), matched once per line or block.
 */
#ifndef HRTK_RULES_H
#define HRTK_RULES_H

#include <stddef.h>

#include "buf.h"
#include "rulelit.h"

enum rule_action { RULE_LINE, RULE_BLOCK, RULE_REST, RULE_SECTION, RULE_TERM, RULE_NACTIONS };

struct rule {
	char *name, *family, *pattern;
	enum rule_action action;
	int weight;		/* term rules: points for each match */
	int disabled;
};

struct rules {
	struct rule *v;
	size_t n, alloc;
	void *re[RULE_NACTIONS];	/* anchored patterns combined, NULL when none */
	size_t *ids[RULE_NACTIONS];	/* alternative number -> rule index */
	void **one[RULE_NACTIONS];	/* the other patterns, one code each */
	size_t *one_ids[RULE_NACTIONS];
	size_t none[RULE_NACTIONS];
	size_t *one_max[RULE_NACTIONS];	/* longest subject in characters, or SIZE_MAX */
	struct rule_lits *lits[RULE_NACTIONS];	/* the one codes' required literals (rulelit.h) */
	unsigned char *one_lit[RULE_NACTIONS];	/* 1: the code has literals, 0: always run */
	struct rule_lits *alits[RULE_NACTIONS];	/* literal starts of the anchored rules */
	void *re_free[RULE_NACTIONS];	/* the anchored rules without one, combined */
};

/* Per-thread match state: pcre2 match data is not shareable. */
struct rules_md;

void rules_init(struct rules *r);
void rules_release(struct rules *r);
/*
 * Adds the rules in text (len bytes) read from file name. Returns 0, or -1
 * with "NAME:LINE:COLUMN: message" in err (nothing added from that text).
 */
int rules_add(struct rules *r, const char *name, const char *text, size_t len, struct buf *err);
/* Adds a rule file from disk. */
int rules_add_file(struct rules *r, const char *path, struct buf *err);
/* Adds every embedded rules/ *.rules file, in path order. */
int rules_add_defaults(struct rules *r, struct buf *err);
/* Disables the rules named s or in family s; returns how many. */
size_t rules_disable(struct rules *r, const char *s);
/* Builds the combined patterns. Returns 0, or -1 with a message in err. */
int rules_compile(struct rules *r, struct buf *err);

struct rules_md *rules_md_new(void);
void rules_md_free(struct rules_md *md);
/* The rule of action a that matches s first (leftmost), or -1. */
long rules_match(const struct rules *r, enum rule_action a, struct rules_md *md,
		 const char *s, size_t len);
/*
 * Term rules: the sum of the weights of every match in s, and the words
 * those matches cover in *words; the weightiest rule matched (the first of
 * equals) in *first (-1: none).
 */
int rules_score(const struct rules *r, struct rules_md *md, const char *s, size_t len,
		long *first, size_t *words);

#endif
