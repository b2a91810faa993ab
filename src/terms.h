/*
 * terms.h: text to terms, the layer shared by tok and count: the tokeniser,
 * then stop words dropped, Snowball stems, and n-grams.
 *
 *	struct terms tm;			// once, read-only, shared by threads
 *	terms_init(&tm, &opts, &err);
 *	struct terms_ctx *c = terms_ctx_new(&tm);	// one per thread: stemmers are not thread-safe
 *	terms_each(c, text, len, fn, ctx);	// per document
 *	terms_ctx_free(c);
 *	terms_release(&tm);
 *
 * Order: tokens (case folded unless keep_case, min_len applied), stop words
 * dropped (looked up case folded), stems, then n-grams of the remaining
 * terms, joined by one space. N-grams never cross a sentence end or a
 * document.
 */
#ifndef HRTK_TERMS_H
#define HRTK_TERMS_H

#include <stddef.h>

#include "buf.h"
#include "stop.h"
#include "tok.h"

enum { TERMS_MAX_N = 8 };

struct terms_opts {
	struct tok_opts tok;	/* keep_case, split_hyphens, min_len, no_urls, sentences */
	const char *lang;	/* ISO code or name, "auto" (per document), or NULL */
	const char *stop;	/* a language, "auto", a file of words, or NULL */
	const char *stem;	/* a language, "auto", or NULL */
	int ngram_min, ngram_max;	/* 1 to TERMS_MAX_N; 0 means 1 */
};

struct term {
	const char *s;		/* valid during the callback only */
	size_t len;
	size_t off, end;	/* input bytes from the first token's start to the last's end */
	int n;			/* tokens in it: 1 for a word, 2 for a bigram ... */
	int sent;		/* the first term of a new sentence (1-grams only) */
	const struct token *tok;	/* the last token (its kind) */
};

typedef int (*term_fn)(void *ctx, const struct term *t);

struct terms {
	struct terms_opts o;
	char lang[16];			/* the fixed language code, or "" */
	int lang_auto, stop_auto, stem_auto;
	struct stoplist stop;		/* the fixed list (stop set, not auto) */
	int has_stop;
	struct stoplist *auto_stop;	/* per stop_wide_langs[] entry, when stop_auto */
};

/*
 * Checks the options and loads the lists. Returns 0, or -1 with a message
 * in err ("no stop word list or file 'xx'", "no Snowball stemmer for 'xx'").
 */
int terms_init(struct terms *t, const struct terms_opts *o, struct buf *err);
void terms_release(struct terms *t);

struct terms_ctx;
struct terms_ctx *terms_ctx_new(const struct terms *t);
void terms_ctx_free(struct terms_ctx *c);
/* Runs fn over the terms of one document. Returns 0, or what fn returned to stop. */
int terms_each(struct terms_ctx *c, const char *text, size_t len, term_fn fn, void *ctx);
/*
 * Goes on with the same document (a streamed input read in pieces): the
 * language chosen by terms_each() stays. Cut pieces at blank lines, where
 * sentences end anyway, so that n-grams are the same.
 */
int terms_each_more(struct terms_ctx *c, const char *text, size_t len, term_fn fn, void *ctx);
/*
 * True when every term is a token as it stands (unigrams, no stop list, no
 * stemmer): then terms_each_plain() gives plain words to its plain().
 */
int terms_plain(const struct terms *t);
/*
 * terms_each() with tok_each_plain()'s fast path: when terms_plain(), words
 * of ASCII letters and digits alone go to plain() as they stand in the
 * input (the caller folds their case unless keep_case: OR 0x20 per byte),
 * every other term to fn. Otherwise it is terms_each().
 */
int terms_each_plain(struct terms_ctx *c, const char *text, size_t len, tok_plain_fn plain,
		     term_fn fn, void *ctx);
/* The language code used for the last document ("" when none was needed or found). */
const char *terms_doc_lang(const struct terms_ctx *c);

#endif
