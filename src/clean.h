/*
 * clean.h: boilerplate out of flattened text (hrtk clean).
 *
 * A document is cut into blocks: runs of lines between blank lines, each
 * list item on its own, and, where the text is not hard-wrapped, each line.
 * Every block is kept or dropped by one of five mechanisms, tried in order:
 * rule (rules.h), spam (term rules and the block's shape), corpus (recurs
 * across documents, corpus.h), repeat (its text is inside another block of
 * the document, or it says its words twice) and prose (prose.h); then the
 * layout of the page (layout.h). The explanation gives one row per block,
 * covering every input line.
 */
#ifndef HRTK_CLEAN_H
#define HRTK_CLEAN_H

#include <stddef.h>

#include "buf.h"
#include "corpus.h"
#include "rules.h"

struct clean_opts {
	const struct rules *rules;
	int only_rules;			/* rules decide alone; the rest is kept */
	const struct corpus *corpus;	/* counts from a first pass, or NULL */
	const char *lang;		/* stop word language; NULL: detect per document */
	int explain;			/* fill clean_result.explain */
	unsigned layout_off;		/* layout.h checks turned off (LAYOUT_MENU, ...) */
};

struct clean_result {
	struct buf text;	/* the kept blocks, separated as in the input */
	struct buf explain;	/* --explain rows (explain.h) */
	size_t words_in, words_out;
};

/* Per-thread working memory, reused from document to document. */
struct clean_scratch;

struct clean_scratch *clean_scratch_new(void);
void clean_scratch_free(struct clean_scratch *s);

void clean_result_init(struct clean_result *r);
void clean_result_release(struct clean_result *r);

/* Cleans one document; id names it in explain rows, group keys the corpus. */
void clean_doc(const struct clean_opts *o, struct clean_scratch *s, const char *id,
	       const char *group, const char *text, size_t len, struct clean_result *r);

/* Corpus first pass: counts the document's block and line hashes. */
void clean_corpus_add(const struct clean_opts *o, struct clean_scratch *s, struct corpus *c,
		      const char *group, const char *text, size_t len);

#endif
