/*
 * layout.h: where the article sits on a flattened web page (hrtk clean's
 * layout mechanism).
 *
 * A page flattened by a text browser holds one article among menus (runs of
 * short bulleted links), teasers of other stories, sign-in boxes and
 * footers. After the per-block decisions (rules, spam, repeats, prose), the
 * layout looks at the page as a whole:
 *
 *  - menu: a run of list items shaped like links (short, no sentence, few
 *    stop words) is dropped, wherever it is;
 *  - edge: the article is the stretch of blocks where kept prose outweighs
 *    what was dropped (a maximum-sum segment); prose kept outside it, cut
 *    off by menus and other boilerplate, is dropped;
 *  - teaser: a stream of other stories' teasers (three or more times a
 *    title, maybe a byline or a date, then one short paragraph) counts
 *    against the article's stretch, so it is left outside;
 *  - inside: inside that stretch, a block the prose classes dropped only for
 *    its neighbours (near-good, or a short sentence) is kept.
 *
 * Each check can be turned off on its own (--disable layout-menu, ...).
 * Linear in the number of blocks.
 */
#ifndef HRTK_LAYOUT_H
#define HRTK_LAYOUT_H

#include <stddef.h>

/* The checks, as bits of layout_disable()'s mask. */
enum {
	LAYOUT_MENU = 1, LAYOUT_EDGE = 2, LAYOUT_INSIDE = 4, LAYOUT_TEASER = 8,
	LAYOUT_ALL = LAYOUT_MENU | LAYOUT_EDGE | LAYOUT_INSIDE | LAYOUT_TEASER
};

/* What the other mechanisms decided about a block. */
enum layout_state {
	LAYOUT_KEPT,		/* kept by the prose classes */
	LAYOUT_PROSE_DROP,	/* dropped by the prose classes: may be kept inside the article */
	LAYOUT_FIXED_DROP,	/* dropped by a rule, spam or the corpus */
	LAYOUT_SKIP,		/* a repeat of another block, or no words: looked through */
};

/* The verdict of the layout, LAYOUT_NONE when it leaves the block alone. */
enum layout_verdict {
	LAYOUT_NONE, LAYOUT_DROP_MENU, LAYOUT_DROP_EDGE, LAYOUT_KEEP_INSIDE, LAYOUT_DROP_TEASER
};

struct layout_unit {
	/* in */
	size_t chars, words, stops, caps;	/* prose_feat's counts */
	unsigned char cf;		/* context-free prose class (enum prose_class) */
	unsigned char state;		/* enum layout_state */
	unsigned item : 1;		/* a list item */
	unsigned bullet : 1;		/* a list item with a bullet, not a number */
	unsigned bracket : 1;		/* starts with "[": a text browser's image or form field */
	unsigned sentence_end : 1;	/* ends as a sentence does */
	unsigned period : 1;		/* ends with a full stop (a headline asks and exclaims) */
	unsigned heading : 1;		/* shaped like a heading */
	unsigned newblock : 1;		/* a blank line before it */
	unsigned colon : 1;		/* ends with a colon (announces a list) */
	unsigned rest : 1;		/* a heading matched by a rest rule (comments) */
	/* out */
	unsigned char verdict;		/* enum layout_verdict */
};

/*
 * The columns a text browser wraps s (n bytes of UTF-8) by: one per
 * character (lynx counts East Asian characters as one too). With first
 * set, only the first word of s counts: up to its first space, or to its
 * first East Asian character, as those scripts break lines between any
 * two characters.
 */
size_t layout_columns(const char *s, size_t n, int first);

/*
 * True when a line of n bytes is a hard-wrapped line of prose that the next
 * line continues: long, and not ending a sentence, a heading or a label.
 */
int layout_wrapped(const char *s, size_t n);

/*
 * The names --disable knows: "layout" and one per check. Sets the check's
 * bits in *mask and returns 1, or returns 0 for another name.
 */
int layout_disable(unsigned *mask, const char *name);

/* The name of a verdict's check for --explain ("layout-menu", ...). */
const char *layout_name(enum layout_verdict v);

/*
 * Judges n blocks in page order with the checks not in disabled; sets each
 * verdict, and the article's first and last block in *first and *last
 * (both n when no article was found).
 */
void layout_judge(struct layout_unit *u, size_t n, unsigned disabled, size_t *first,
		  size_t *last);

#endif
