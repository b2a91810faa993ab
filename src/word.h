/*
 * word.h: the ASCII letters and digits of a word, eight bytes at a time,
 * and the 64-bit hash of a case-folded word that clean's repeat checks and
 * the stop-word tables share.
 *
 * A word's hash: its bytes, ASCII ones with bit 0x20 set (lower case for
 * letters, digits kept), taken eight at a time from the word's start as a
 * little-endian number (the last piece zero padded), mixed in one after
 * another, then its length.
 */
#ifndef HRTK_WORD_H
#define HRTK_WORD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define WORD_ONES 0x0101010101010101ull
#define WORD_HIGH 0x8080808080808080ull
#define WORD_SEED 0x243F6A8885A308D3ull

/* The n bytes at p (n <= 8) as a little-endian number, zero padded. */
static inline uint64_t word_load(const unsigned char *p, size_t n)
{
	uint64_t x = 0;

	if (n >= 8) {
		memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		x = __builtin_bswap64(x);
#endif
		return x;
	}
	while (n--)
		x = x << 8 | p[n];
	return x;
}

/*
 * The bytes of x that are ASCII letters or digits, as their 0x80 bits; the
 * digits alone in *digit. Each byte's sum stays below 0x100: no carries.
 */
static inline uint64_t word_alnum8(uint64_t x, uint64_t *digit)
{
	uint64_t a = x & ~WORD_HIGH, l = a | 0x20 * WORD_ONES;
	uint64_t letter = (l + 0x1F * WORD_ONES) & ~(l + 0x05 * WORD_ONES);
	uint64_t dg = (a + 0x50 * WORD_ONES) & ~(a + 0x46 * WORD_ONES);

	*digit = dg & ~x & WORD_HIGH;
	return (letter | dg) & ~x & WORD_HIGH;
}

/* The bytes of x that are ASCII letters, as their 0x80 bits (word_alnum8() without digits). */
static inline uint64_t word_letters8(uint64_t x)
{
	uint64_t l = (x & ~WORD_HIGH) | 0x20 * WORD_ONES;

	return (l + 0x1F * WORD_ONES) & ~(l + 0x05 * WORD_ONES) & ~x & WORD_HIGH;
}

/* How many bytes of a mask from word_alnum8() or word_letters8() are set before the first clear one. */
static inline size_t word_span(uint64_t al)
{
	return al == WORD_HIGH ? 8 : (size_t)__builtin_ctzll(~al & WORD_HIGH) >> 3;
}

/* x with bit 0x20 set in its ASCII bytes: letters to lower case, digits kept. */
static inline uint64_t word_fold8(uint64_t x)
{
	return x | ((~x & WORD_HIGH) >> 2);
}

/* Mixes the next eight bytes (folded, zero padded) of a word into h. */
static inline uint64_t word_mix(uint64_t h, uint64_t piece)
{
	h = (h ^ piece) * 0x9E3779B97F4A7C15ull;
	return h ^ (h >> 32);
}

/* The hash of a word of n bytes whose pieces were mixed into h. */
static inline uint64_t word_end(uint64_t h, size_t n)
{
	h = (h ^ n) * 0xD6E8FEB86659FD93ull;
	return h ^ (h >> 29);
}

/* The low n bytes set (n <= 8): the part of a piece that is the word's. */
static inline uint64_t word_keep(size_t n)
{
	return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
}

/* The hash of the n bytes at w, folded (see above). */
static inline uint64_t word_hash(const unsigned char *w, size_t n)
{
	uint64_t h = WORD_SEED;
	size_t i, m;

	for (i = 0; i < n; i += 8) {
		m = n - i < 8 ? n - i : 8;
		h = word_mix(h, word_fold8(word_load(w + i, m)) & word_keep(m));
	}
	return word_end(h, n);
}

/*
 * The n bytes at p (n <= 8) as word_load() gives them, where base..p+n is
 * readable: lines end inside a text, so the last bytes load in one read.
 */
static inline uint64_t word_load_in(const unsigned char *base, const unsigned char *p, size_t n)
{
	if (n < 8 && p + n - base >= 8)
		return word_load(p + n - 8, 8) >> (8 * (8 - n));
	return word_load(p, n < 8 ? n : 8);
}

/*
 * The ASCII letters and digits from p on (before end; base..end readable):
 * returns how many there are, mixes them into *h piece by piece (the word's
 * hash when p starts the word) with the first two pieces in pc[0], pc[1],
 * and adds their digits to *digits.
 */
static inline size_t word_run(const unsigned char *base, const unsigned char *p,
			      const unsigned char *end, uint64_t *h, uint64_t pc[2],
			      size_t *digits)
{
	const unsigned char *q = p;
	size_t k = 0, run, room;
	uint64_t x, al, dg, keep;

	pc[0] = pc[1] = 0;
	while ((room = (size_t)(end - q)) > 0) {
		x = word_load_in(base, q, room);
		/* Zero padding is no letter: a short load needs no mask. */
		al = word_alnum8(x, &dg);
		run = word_span(al);
		if (!run)
			break;
		keep = word_keep(run);
		x = word_fold8(x) & keep;
		if (k < 2)
			pc[k] = x;
		k++;
		*h = word_mix(*h, x);
		if (dg & keep)
			*digits += (size_t)__builtin_popcountll(dg & keep);
		q += run;
		if (run < 8)
			break;
	}
	return (size_t)(q - p);
}

#endif
