/*
 * unicode.h: the one door to utf8proc. Character classes for tokenisers and
 * normalisation (NFC, NFKC, case folding, accent stripping) of UTF-8 text.
 */
#ifndef HRTK_UNICODE_H
#define HRTK_UNICODE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum {
	UNI_NFC = 1 << 0,	/* canonical composition (the default form) */
	UNI_NFKC = 1 << 1,	/* compatibility composition: ligatures, full-width forms */
	UNI_CASEFOLD = 1 << 2,	/* full case folding: "Straße" and "STRASSE" meet */
	UNI_STRIP_MARKS = 1 << 3	/* drop combining marks after decomposition */
};

/* Letters (L*), combining marks (M*), decimal digits (Nd), other numbers. */
int uni_is_letter(int32_t cp);
int uni_is_mark(int32_t cp);
int uni_is_digit(int32_t cp);
/* Letter, mark or number: what a word is made of. */
int uni_is_alnum(int32_t cp);
/* Any Unicode space separator (Zs), or tab/newline/CR/FF/VT. */
int uni_is_space(int32_t cp);
/* Upper- or title-case letter. */
int uni_is_upper(int32_t cp);
/* True for a character that no caseless match can take for another (a symbol such as U+00A9). */
int uni_is_caseless(int32_t cp);

/*
 * True when no normalisation joins cp with what comes before it: combining
 * class 0, never the second of a canonical composition, not a Hangul vowel
 * or trailing consonant jamo. Text may be cut before such a code point.
 */
int uni_is_boundary(int32_t cp);

/*
 * Appends s (UTF-8, len bytes) normalised by flags to out. Invalid UTF-8
 * bytes become U+FFFD. ASCII-only input takes a fast path. Returns 0, or -1
 * when utf8proc fails (out of memory), with out unchanged.
 */
int uni_normalize(struct buf *out, const char *s, size_t len, int flags);

/*
 * uni_normalize(out, s, len, UNI_NFC | UNI_CASEFOLD) without its work, for
 * text of code points that compose with nothing before them
 * (uni_is_boundary()), none NUL: below U+0800 each folding to one such
 * code point (a table made once with utf8proc), or of three UTF-8 bytes
 * with neither a decomposition nor a case fold (Han, kana): the fold is
 * then its code points' folds. Returns 1, or 0 with out unchanged when s
 * is not such text; the normalisation costs some thousand instructions a
 * word.
 */
int uni_fold_quick(struct buf *out, const char *s, size_t len);

/* The utf8proc version string, for hrtk --version and bug reports. */
const char *uni_version(void);

#endif
