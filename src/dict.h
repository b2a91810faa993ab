/*
 * dict.h: concept dictionaries and the matcher compiled from them.
 *
 * A dictionary maps concepts ("treatment/substitution") to patterns
 * ("heroin assisted treatment", "methadon*"). Two file formats:
 *
 *  - native (the files in concepts/): "CONCEPT<TAB>PATTERN" a line, "CONCEPT<TAB>= text"
 *    describes the concept, "#" at the start of a line is a comment;
 *  - LIWC (.dic): a "%" line, "NUMBER<TAB>NAME" category lines, a "%" line,
 *    then "WORD<TAB>NUMBER..." lines.
 *
 * Patterns and text are tokenised alike (tok.h, case and accents folded,
 * hyphenated words split, so "self help" and "self-help" meet; French and
 * Italian elisions such as "l'" and "dell'" and an English "'s" come off). A
 * pattern token ending in "*" matches any token it begins. A concept
 * "a/b" also counts for "a": a pattern belongs to its concept and every
 * ancestor.
 *
 * The words of a pattern match words separated by nothing but whitespace,
 * hyphens and slashes ("HIV/AIDS"): never across other punctuation
 * ("harm. Reduction"). Per concept, dict_run() finds non-overlapping
 * leftmost-longest matches; one stretch of text may match several concepts.
 *
 *	dict_init(&d);
 *	if (dict_load_file(&d, "my.dic", &err) < 0 || dict_compile(&d, &err) < 0) ...
 *	dict_run_init(&r, &d);
 *	dict_run(&r, &d, text, len);	// r.m[0..r.nm), r.words
 */
#ifndef HRTK_DICT_H
#define HRTK_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "htab.h"

struct dict_concept {
	char *name;		/* "treatment/substitution" */
	char *desc;		/* from the "= ..." line, or NULL */
	long parent;		/* the id of "treatment", or -1 */
	size_t npatterns;	/* patterns of its own (not its children's) */
};

struct dict_pattern;
struct dict_trie;

struct dict {
	struct dict_concept *concepts;	/* sorted by name after dict_compile() */
	size_t nconcepts, aconcepts;
	struct htab names;		/* name -> index into concepts */
	struct dict_pattern *pats;
	size_t npats, apats;
	struct dict_trie *trie;		/* NULL until dict_compile() */
};

void dict_init(struct dict *d);
void dict_release(struct dict *d);

/*
 * Loads a dictionary, native or LIWC: LIWC when the first line that is not
 * blank is "%". name is used in messages ("NAME:LINE: message" in err).
 * Returns 0 or -1. Load any number before dict_compile().
 */
int dict_load_mem(struct dict *d, const char *name, const char *data, size_t len, struct buf *err);
int dict_load_file(struct dict *d, const char *path, struct buf *err);
/*
 * Loads the files named in paths (n of them), or with n == 0 the default
 * dictionary (concepts/harm-reduction.txt, embedded), and compiles it.
 */
int dict_open(struct dict *d, const char *const *paths, size_t n, struct buf *err);
/* Adds one pattern to a concept (created if new). Returns 0 or -1 (err). */
int dict_add(struct dict *d, const char *concept, const char *pattern, struct buf *err);
/* Builds the matcher and sorts the concepts by name. 0, or -1 when there are no patterns. */
int dict_compile(struct dict *d, struct buf *err);
/* The id of a concept after dict_compile(), or -1. */
long dict_find(const struct dict *d, const char *name);

struct dict_match {
	uint32_t concept;
	size_t off, end;	/* the matched bytes of the text */
};

struct dict_vocab;
struct dict_tok;

/* Per concept, while matching. */
struct dict_cstate {
	size_t stamp;		/* the start token it was last reached from, + 1 */
	size_t best;		/* its longest match from there ends before this token */
};

/* Per-thread scratch for dict_run(); the matches of the last call. */
struct dict_run {
	struct dict_match *m;
	size_t nm, am;
	size_t words;		/* words in the text, as hrtk tok counts them */
	/* scratch */
	struct dict_vocab *vocab;	/* the tokens seen, with their labels */
	struct dict_tok *tok;		/* the tokens with labels, in order */
	size_t ntok, atok;
	size_t base;			/* tokens with labels before tok[0], since init */
	struct dict_cstate *cs;		/* per concept */
	size_t *free_at;		/* per concept: its last match ends before this token */
	uint32_t *touched;
	size_t *stack;
	size_t astack;
	size_t prev_end;
	int seen_tok, prev_lab;
	int dense;			/* a third of the last text's words had labels or more */
	const char *text;
	/*
	 * When set, each match goes to on_match (in the order of r->m) and r->m
	 * stays empty: counting needs no list as long as the document.
	 */
	void (*on_match)(void *ctx, const struct dict_match *m);
	void *match_ctx;
	/*
	 * When set (and on_match is not), matches are counted and not listed:
	 * counts[c] for concept c in the last text, seen[0..nseen) the concepts
	 * counted, in order of first match (the caller may reorder them).
	 */
	int counting;
	size_t *counts;
	uint32_t *seen;
	size_t nseen;
	int slow_path;		/* tokens from tok_each() alone, no plain-word path: for tests */
};

void dict_run_init(struct dict_run *r, const struct dict *d);
void dict_run_release(struct dict_run *r);
/* Finds the matches in text: r->m sorted by offset, then concept id. */
void dict_run(struct dict_run *r, const struct dict *d, const char *text, size_t len);

#endif
