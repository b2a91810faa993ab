/* utf8.h: byte-level UTF-8 helpers that need no tables (utf8proc lives behind unicode.h). */
#ifndef HRTK_UTF8_H
#define HRTK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"

/*
 * Length of the valid UTF-8 sequence at p (1 to 4), or 0 when the bytes
 * there are not valid UTF-8 (overlong forms, surrogates and code points
 * above U+10FFFF are invalid). n is the bytes available.
 */
static inline size_t utf8_valid_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0;
		if (c == 0xED && p[1] >= 0xA0)
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Decodes one code point at p into *cp and returns its length; an invalid
 * byte decodes as U+FFFD with length 1.
 */
static inline size_t utf8_decode(const unsigned char *p, size_t n, int32_t *cp)
{
	size_t len = utf8_valid_len(p, n);

	switch (len) {
	case 1: *cp = p[0]; break;
	case 2: *cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); break;
	case 3: *cp = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F); break;
	case 4: *cp = ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
		     ((p[2] & 0x3F) << 6) | (p[3] & 0x3F); break;
	default: *cp = 0xFFFD; len = 1;
	}
	return len;
}

/* Encodes cp into out (4 bytes of room); returns the length. */
static inline size_t utf8_encode(int32_t cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Appends cp to out as UTF-8. */
static inline void utf8_add(struct buf *out, int32_t cp)
{
	unsigned char enc[4];

	buf_add(out, enc, utf8_encode(cp, enc));
}

/*
 * The characters of s: its bytes but UTF-8 continuation bytes (10xxxxxx),
 * sixteen at a time with SSE2 (a byte counter per lane, summed every 255
 * rounds, the last one the tail in the 16 bytes that end s), else
 * eight at a time.
 */
static inline size_t utf8_count(const unsigned char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull;
	size_t i = 0, cont = 0;
	uint64_t w;

#ifdef __SSE2__
	/* lanes past the first 16 - r of the last 16 bytes: the r bytes not yet counted */
	static const unsigned char last[32] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	};

	while (len - i >= 16) {
		__m128i acc = _mm_setzero_si128(), sum, v;
		size_t rounds = (len - i) / 16 < 254 ? (len - i) / 16 : 254;

		for (; rounds; rounds--, i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			/* signed, continuation bytes are -128 to -65: the mask is -1 there */
			acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
		}
		if (len - i < 16 && len != i) {
			v = _mm_loadu_si128((const __m128i *)(const void *)(s + len - 16));
			acc = _mm_sub_epi8(acc, _mm_and_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)),
				_mm_loadu_si128((const __m128i *)(const void *)(last + (len - i)))));
			i = len;
		}
		sum = _mm_sad_epu8(acc, _mm_setzero_si128());
		cont += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		cont += (((w >> 7) & ~(w >> 6) & ones) * ones) >> 56;
	}
	for (; i < len; i++)
		cont += (s[i] & 0xc0) == 0x80;
	return len - cont;
}

#endif
