/*
 * pdftext.h: the parts of the pdftext path (pdftext.c) that live in their
 * own files: page furniture (furniture.c) and line-end hyphens (dehyph.c);
 * markdown.c shares the page-number shapes and the sentence tests; two
 * columns side by side (pdftotext -layout) are read one after the other
 * (columns.c).
 */
#ifndef HRTK_PDFTEXT_H
#define HRTK_PDFTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "htab.h"
#include "stop.h"

struct corpus;

enum pline_kind { PL_BODY, PL_BLANK, PL_HEADER, PL_FOOTER, PL_PAGENUM };

/* One input line, ligatures expanded, soft hyphens and edge spaces removed. */
struct pline {
	struct buf text;
	size_t lineno;		/* 1-based, in the input */
	int page;		/* 0-based: form feeds before it */
	int soft;		/* ended in a soft hyphen: a break inside a word */
	size_t indent;		/* leading blanks (in a column: from its left edge) */
	enum pline_kind kind;
	const char *why;	/* for --explain, when not PL_BODY */
};

/* One input line as it is, its form feeds aside; s points into the input. */
struct rawline {
	const char *s;
	size_t len;
	size_t lineno;
	int page;
};

/*
 * Pages printed in two columns side by side (pdftotext -layout) given back
 * as the left column, then the right (columns.c). Frees v; returns the new
 * lines and their count in *n.
 */
struct rawline *columns_split(struct rawline *v, size_t *n);

/* Code points in s (bytes that are not UTF-8 count one each). */
size_t pl_width(const char *s, size_t len);
/* The first code point of s, or 0 for an empty string. */
int32_t pl_first_cp(const char *s, size_t len);
/* The last code point of s, or 0. */
int32_t pl_last_cp(const char *s, size_t len);
/* True when the line ends a sentence: . ! ? … maybe followed by quotes or brackets. */
int pl_ends_sentence(const char *s, size_t len);

/*
 * Marks running headers, footers and page numbers among v[0..n) (pages
 * 0..npages-1) by setting kind and why; body lines stay PL_BODY.
 */
void furniture_mark(struct pline *v, size_t n, int npages);
/* True for a page number line: "7", "- 7 -", "Page 7 of 12", "7 | Title", "xii". */
int furniture_is_pagenum(const char *s, size_t len);

/* The words of a document, for deciding what a line-end hyphen is. */
struct dehyph {
	struct htab words;	/* case-folded words, outside line-end fragments */
	uint32_t *count;	/* per word id */
	size_t acount;
	struct htab compounds;	/* case-folded "x-y" pairs seen inside lines */
	const struct stoplist *stop;	/* the document language's wide list, or NULL */
	const struct corpus *corpus;	/* --corpus: every document's forms, or NULL */
};

/*
 * Learns the vocabulary of the body lines of v; a word cut by a line-end
 * hyphen is not counted, the compounds written whole on a line are.
 */
void dehyph_init(struct dehyph *h, const struct pline *v, size_t n);
void dehyph_release(struct dehyph *h);
/* Adds h's words and compounds (folded, as hashes) to c as one more document. */
void dehyph_add_to_corpus(const struct dehyph *h, struct corpus *c);
/*
 * Decides "x-" at a line end followed by "y": returns 1 to keep the hyphen
 * (a compound), 0 to join the parts; *why names the rule.
 */
int dehyph_keep(const struct dehyph *h, const char *x, size_t xl, const char *y, size_t yl,
		const char **why);
/*
 * Whether word w (one line's word that pdftotext may have glued from a
 * compound cut at a line end) should be split again: returns the byte
 * offset of the split, or 0; *why names the rule.
 */
size_t dehyph_resplit(const struct dehyph *h, const char *w, size_t wl, const char **why);

#endif
