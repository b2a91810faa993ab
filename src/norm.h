/*
 * norm.h: streaming Unicode normalisation: any bytes in, valid UTF-8 out,
 * in constant memory.
 *
 *	struct norm n;
 *	norm_init(&n, &opts);
 *	while (read a chunk)
 *		norm_feed(&n, chunk, len, &out);	// out gets what is final so far
 *	norm_finish(&n, &out);
 *	norm_release(&n);
 *
 * Always: a leading BOM removed; CRLF and CR to LF; NUL, C0 and C1 controls
 * other than tab, newline and form feed removed; soft hyphens and zero-width
 * spaces removed (ZWJ and ZWNJ kept); invalid UTF-8 to U+FFFD (counted; one
 * for each maximal invalid subpart, as Python and browsers do), or
 * with cp1252_fallback each invalid byte read as Windows-1252. Then, in
 * order: mojibake repair, NFC (or NFKC, case folding, accent stripping),
 * punctuation folding, squeezing.
 *
 * Input is held back only up to a safe cut: after a newline, or before an
 * ASCII character, a space or punctuation, so that UTF-8 sequences, CRLF
 * and combining sequences are never split.
 */
#ifndef HRTK_NORM_H
#define HRTK_NORM_H

#include <stddef.h>

#include "buf.h"

struct norm_opts {
	int form;		/* UNI_NFC, or UNI_NFKC, | UNI_CASEFOLD | UNI_STRIP_MARKS */
	int fold_punct;		/* quotes, dashes, ellipsis, spaces to ASCII */
	int squeeze;		/* spaces and tabs to one space, trailing ones and blank-line runs cut */
	int fix_mojibake;
	int cp1252_fallback;	/* invalid UTF-8 bytes are Windows-1252 (--from-encoding auto) */
	int strict;		/* stop at the first invalid byte */
	size_t hold;		/* bytes held without a newline before a forced cut; 0: 1 MiB */
};

struct norm {
	struct norm_opts o;
	struct buf carry;		/* input not processed yet */
	struct buf a, b;		/* scratch for the stages */
	unsigned long long consumed;	/* input bytes before carry */
	unsigned long long invalid;	/* invalid sequences replaced */
	unsigned long long first_invalid;	/* offset of the first one */
	size_t mojibake;		/* repairs */
	int started;			/* a first character was seen (BOM only at the start) */
	int pending_space, newlines;	/* squeeze state */
};

void norm_init(struct norm *n, const struct norm_opts *o);
void norm_release(struct norm *n);
/*
 * Takes len more input bytes and appends the output that is final to out.
 * Returns 0, or -1 in strict mode at the first invalid byte (its offset in
 * n->first_invalid); nothing of the failing piece is written.
 */
int norm_feed(struct norm *n, const char *p, size_t len, struct buf *out);
/* Processes what is left at the end of the input. Returns 0 or -1 as norm_feed(). */
int norm_finish(struct norm *n, struct buf *out);
/* One whole string (a JSON member): init, feed, finish. Returns 0 or -1. */
int norm_string(const struct norm_opts *o, const char *s, size_t len, struct buf *out,
		unsigned long long *invalid);

#endif
