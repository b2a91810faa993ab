/*
 * tok.h: the tokeniser shared by tok, count, concepts, kwic and clean.
 *
 * A word is a maximal run of letters, combining marks and digits (any
 * script); an apostrophe (' or U+2019) or a hyphen between two of those keeps
 * it together ("self-support", "don't"); a number keeps its decimal point or
 * comma ("2.6"); URLs and e-mail addresses are single tokens.
 * Tokens are case folded and NFC-normalised unless keep_case is set, and
 * U+2019 inside a word becomes '.
 * With lang "fr" or "it", an elided article or pronoun is dropped ("l'usage"
 * gives "usage"). With sentences set, token.sent marks the first token after
 * a sentence end (., !, ? or a blank line; "Dr.", "e.g.", "No." and initials
 * do not end sentences).
 *
 *	static int print(void *ctx, const struct token *t)
 *	{ fwrite(t->s, 1, t->len, stdout); putchar('\n'); return 0; }
 *	tok_each(&opts, text, len, print, NULL);
 */
#ifndef HRTK_TOK_H
#define HRTK_TOK_H

#include <stddef.h>

struct tok_opts {
	int keep_case;		/* no case folding */
	int strip_accents;	/* fold accents too (concept matching) */
	int no_urls;		/* drop URLs and e-mail addresses */
	int split_hyphens;	/* "self-support" gives "self" and "support" */
	size_t min_len;		/* drop tokens shorter than this many code points */
	const char *lang;	/* ISO code, for elisions (fr, it); NULL for none */
	int sentences;		/* set token.sent at sentence starts */
};

enum tok_kind { TOK_WORD, TOK_NUMBER, TOK_URL, TOK_EMAIL };

struct token {
	const char *s;		/* the normalised token; valid during the callback only */
	size_t len;
	size_t off, end;	/* its bytes in the input: text[off..end) */
	enum tok_kind kind;
	int sent;		/* with tok_opts.sentences: the first token of a new sentence */
};

/* Called for each token in order; a non-zero return stops tok_each() with that value. */
typedef int (*tok_fn)(void *ctx, const struct token *t);

/* Runs fn over the tokens of text. Returns 0, or what fn returned to stop. */
int tok_each(const struct tok_opts *o, const char *text, size_t len, tok_fn fn, void *ctx);

/* A word of ASCII letters and digits alone, as it stands in the input (not case folded). */
typedef int (*tok_plain_fn)(void *ctx, const char *s, size_t len);

/*
 * tok_each() for hot loops (count): a word or number of ASCII letters and
 * digits alone, the bulk of most text, goes to plain(pctx, ...) as it stands in the
 * input, without the copy and case folding of other tokens (folding it is
 * setting bit 0x20 of each byte); every other token goes to fn as
 * tok_each() gives it. The tokens are those of tok_each(), in the same
 * order; min_len applies to both. With o->sentences this is tok_each()
 * (plain words need the sentence state).
 */
int tok_each_plain(const struct tok_opts *o, const char *text, size_t len, tok_plain_fn plain,
		   void *pctx, tok_fn fn, void *ctx);

#endif
