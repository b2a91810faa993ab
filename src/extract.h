/*
 * extract.h: turning one input document into article text. Each input kind
 * has its module: html.c (libxml2), pdftext.c (pdftotext output), markdown.c
 * (PDF-to-markdown output). cmd-extract.c picks one and writes the result.
 */
#ifndef HRTK_EXTRACT_H
#define HRTK_EXTRACT_H

#include <stddef.h>

#include "buf.h"

struct corpus;

enum extract_from { FROM_AUTO, FROM_HTML, FROM_TEXT, FROM_PDFTEXT, FROM_MARKDOWN };

struct extract_opts {
	enum extract_from from;
	int all;		/* html: every visible block, no content detection */
	int want_meta;		/* html: fill extract_result's metadata */
	int title;		/* html: the title as the first paragraph of the text */
	int explain;		/* pdftext/markdown: fill extract_result.explain */
	const char *doc_id;	/* for explain rows */
	const struct corpus *hyphens;	/* pdftext --corpus: pdftext_learn() of every input */
};

struct extract_result {
	struct buf text;	/* title, then paragraphs separated by blank lines */
	struct buf explain;	/* explain.h rows, when asked for */
	/* metadata, NUL-terminated, empty when unknown (html only) */
	struct buf title, author, date, lang, site, url;
};

void extract_result_init(struct extract_result *r);
void extract_result_release(struct extract_result *r);

/* Guesses the input kind from its bytes: html, pdftext (form feeds), markdown, text. */
enum extract_from extract_sniff(const char *in, size_t len);

/*
 * Each returns 0, or -1 with a message in err (the input is unusable).
 * A page with no article gives empty text and 0.
 */
int html_extract(const char *in, size_t len, const struct extract_opts *o,
		 struct extract_result *r, struct buf *err);
int pdftext_extract(const char *in, size_t len, const struct extract_opts *o,
		    struct extract_result *r, struct buf *err);
/* pdftext --corpus, the first pass: adds the document's word forms to c. */
void pdftext_learn(const char *in, size_t len, struct corpus *c);
int markdown_extract(const char *in, size_t len, const struct extract_opts *o,
		     struct extract_result *r, struct buf *err);

#endif
