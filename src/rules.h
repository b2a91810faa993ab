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
 * Each pattern is JIT-compiled alone. The patterns of an action anchored
 * with '^' are tried first, in file order, at the start only; then the
 * others, in file order. Most are never run on a given subject: one that
 * cannot match without some literal (a word, a start, a first byte, a
 * digit, a byte outside ASCII that its characters start with) runs only
 * on subjects that have it (rulelit.h), and an anchored one ending in '$'
 * only on subjects made of the bytes it takes.
 */
#ifndef HRTK_RULES_H
#define HRTK_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rulelit.h"

enum rule_action { RULE_LINE, RULE_BLOCK, RULE_REST, RULE_SECTION, RULE_TERM, RULE_NACTIONS };

struct rule {
	char *name, *family, *pattern;
	enum rule_action action;
	int weight;		/* term rules: points for each match */
	int disabled;
	void *re;		/* pcre2 code of pattern, compiled when read */
};

/* How a code is kept from running on subjects it cannot match (rulelit.h). */
enum { RULE_GATE_PREFIX = 1, RULE_GATE_FIRST = 2, RULE_GATE_LITS = 4, RULE_GATE_ALPHA = 8 };

struct rule_code {
	void *re;		/* pcre2 code, JIT-compiled */
	size_t rule;		/* index in v */
	size_t max;		/* length guard: longest subject in characters, or SIZE_MAX */
	unsigned char anchored;	/* tried at the start only, before the action's others */
	unsigned char gate;	/* RULE_GATE_*: what the subject must have for it to run */
	unsigned char jit;	/* JIT-compiled (else interpreted) */
	unsigned char first[32];	/* RULE_GATE_FIRST: the bytes a match can start with */
	unsigned char alpha[32];	/* RULE_GATE_ALPHA: the only bytes a matching subject has */
};

struct rules {
	struct rule *v;
	size_t n, alloc;
	struct rule_code *codes;	/* by action, then anchored first, then file order */
	size_t ncodes;
	size_t beg[RULE_NACTIONS + 1];	/* action a's codes: beg[a] to beg[a + 1] */
	size_t guard;		/* the longest length guard */
	struct rule_lits *prefix[2];	/* literal starts of anchored codes: line rules, the others */
	struct rule_lits *lits;	/* literals the other codes need somewhere (both families) */
	size_t words;		/* 64-bit words in a set of codes (a bit a code) */
	uint64_t *pass;		/* by a subject's first byte (256: empty), words each: the codes it may run */
	uint64_t *gprefix, *glits;	/* the codes with these gates */
	uint64_t *gclass;	/* of glits, those that may need only a high byte or a digit */
	uint64_t *gdigit;	/* of those, the ones a digit lets through */
	uint64_t *ghigh;	/* of gclass, the ones a byte outside ASCII lets through */
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
/*
 * The rule of action a that matches s first, or -1. What is learnt of s
 * (its literals) serves the next calls for the other block actions on the
 * same bytes.
 */
long rules_match(const struct rules *r, enum rule_action a, struct rules_md *md,
		 const char *s, size_t len);
/*
 * The document that the next subjects are parts of (NULL, 0: none): its
 * literals are found once, and a subject inside it, or made of parts of it
 * joined by single spaces (rules_piece()), is not scanned again. t must
 * stay as it is until the next call.
 */
void rules_doc(const struct rules *r, struct rules_md *md, const char *t, size_t len);
/*
 * The next block subject is pieces of the document joined by single
 * spaces: this starts them (first) or adds one. Only a help: a subject
 * that is not that is scanned whole.
 */
void rules_piece(struct rules_md *md, int first, const char *s, size_t len);
/*
 * Term rules: the sum of the weights of every match in s, and the words
 * those matches cover in *words; the weightiest rule matched (the first of
 * equals) in *first (-1: none).
 */
int rules_score(const struct rules *r, struct rules_md *md, const char *s, size_t len,
		long *first, size_t *words);

#endif
