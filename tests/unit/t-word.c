/* t-word.c: unit tests of word.h (the eight-byte word scanner and hash) and the wide lists' fast table. */
#include <string.h>

#include "check.h"
#include "stop.h"
#include "unicode.h"
#include "utf8.h"
#include "word.h"

static int is_alnum(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Every byte value, in each of the eight places, classes as a byte-wise test does. */
static int classes_agree(void)
{
	unsigned c, k;
	uint64_t x, al, dg;

	for (c = 0; c < 256; c++)
		for (k = 0; k < 8; k++) {
			x = (0x41 * WORD_ONES & ~(0xFFull << (8 * k))) | (uint64_t)c << (8 * k);
			al = word_alnum8(x, &dg);
			if (!!(al & (0x80ull << (8 * k))) != is_alnum(c) ||
			    !!(dg & (0x80ull << (8 * k))) != (c >= '0' && c <= '9'))
				return 0;
		}
	return 1;
}

/* word_run()'s hash, pieces and digits agree with word_hash() and a byte loop on random words. */
static int runs_agree(void)
{
	static const char abc[] = "aBcDxyZ09 .-\xC3\xA9";
	unsigned char text[64];
	uint64_t seed = 7, h, pc[2];
	size_t i, n, len, run, digits, want;
	int t;

	for (t = 0; t < 20000; t++) {
		len = 1 + check_next(&seed) % 40;
		for (i = 0; i < len; i++)
			text[i] = (unsigned char)abc[check_next(&seed) % (sizeof(abc) - 1)];
		i = check_next(&seed) % len;
		for (n = i, want = 0; n < len && is_alnum(text[n]); n++)
			want += text[n] >= '0' && text[n] <= '9';
		h = WORD_SEED, digits = 0;
		run = word_run(text, text + i, text + len, &h, pc, &digits);
		if (run != n - i || digits != want)
			return 0;
		if (run && word_end(h, run) != word_hash(text + i, run))
			return 0;
		if (run && (pc[0] != (word_fold8(word_load(text + i, run < 8 ? run : 8)) &
				      word_keep(run < 8 ? run : 8))))
			return 0;
	}
	return 1;
}

/* The wide lists' fast table answers as stop_wide_mask() does for every short ASCII word of a list. */
static int fast_agrees(const struct stoplist *sl)
{
	static const char *const more[] = { "The", "THE", "naloxone", "of1", "x", "0", "Und", NULL };
	const struct stop_fast *fast = stop_wide_fast();
	size_t k, n, i, hits = 0;
	const char *w;
	char low[32];

	for (k = 0; k <= htab_count(&sl->words); k++) {
		w = k < htab_count(&sl->words) ? htab_key(&sl->words, k, &n) : NULL;
		for (i = 0; w ? i < 1 : more[i] != NULL; i++) {
			const char *v = w ? w : more[i];
			const unsigned char *u = (const unsigned char *)v;
			size_t m = strlen(v), j;
			uint64_t h = WORD_SEED, pc[2], dg = 0;

			if (m > STOP_FAST_MAX || word_run(u, u, u + m, &h, pc, &dg) != m)
				continue;
			for (j = 0; j < m; j++)
				low[j] = (char)(v[j] >= 'A' && v[j] <= 'Z' ? v[j] + 32 : v[j]);
			if (stop_fast_find(fast, word_end(h, m), pc[0], pc[1]) != stop_wide_mask(low, m) ||
			    stop_wide_fold(v, m) != stop_wide_mask(low, m))
				return 0;
			hits += stop_wide_mask(low, m) != 0;
		}
	}
	return hits > 100;
}

/*
 * 0 when uni_fold_quick() folds text otherwise than uni_normalize() does;
 * counts in *yes the texts it does not decline.
 */
static int fold_same(const unsigned char *text, size_t n, size_t *yes)
{
	struct buf b = BUF_INIT, q = BUF_INIT;
	int ok = 1;

	if (uni_fold_quick(&q, (const char *)text, n)) {
		++*yes;
		ok = uni_normalize(&b, (const char *)text, n, UNI_NFC | UNI_CASEFOLD) == 0 &&
		     b.len == q.len && !memcmp(b.data, q.data, q.len);
	}
	buf_release(&b);
	buf_release(&q);
	return ok;
}

/*
 * uni_fold_quick() folds as uni_normalize() does, or declines: random strings
 * of code points (below U+0800, of three bytes, and some that fold or
 * compose), then every code point of the Basic Multilingual Plane alone
 * and after 'a'.
 */
static int quick_agrees(void)
{
	static const int32_t odd[] = { 'A', 'Z', 'a', 'z', '0', 0x0BBE, 0x1161, 0x11A8, 0x3042, 0x0301,
					0x304C, 0x3099, 0x4E2D, 0xF900, 0xAC00, 0x2126, 0x212A, 0x0958, 0xFB01 };
	unsigned char text[32];
	uint64_t seed = 11;
	size_t i, n, k, yes = 0;
	int32_t cp;
	int t, ok = 1;

	for (t = 0; t < 50000 && ok; t++) {
		k = 1 + check_next(&seed) % 4;
		for (i = n = 0; i < k; i++) {
			uint64_t r = check_next(&seed);

			cp = r % 4 == 0 ? odd[(r >> 8) % (sizeof(odd) / sizeof(odd[0]))] :
			     r % 4 == 1 ? 0x800 + (int32_t)(r >> 8) % 0xF800 : 0x80 + (int32_t)(r >> 8) % 0x780;
			if (cp >= 0xD800 && cp < 0xE000)
				cp = 0x4E00;
			n += utf8_encode(cp, text + n);
		}
		ok = fold_same(text, n, &yes);
	}
	for (cp = 1; cp < 0x10000 && ok; cp++) {
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		text[0] = 'a';
		ok = fold_same(text + 1, utf8_encode(cp, text + 1), &yes) &&
		     fold_same(text, 1 + utf8_encode(cp, text + 1), &yes);
	}
	return ok && yes > 50000;
}

/* uni_fold_quick() of s gives want (NULL: declines), as uni_normalize() would. */
static int quick_fold(const char *s, const char *want)
{
	struct buf b = BUF_INIT;
	int ok = uni_fold_quick(&b, s, strlen(s));

	ok = want ? ok && !strcmp(b.data, want) : !ok && b.len == 0;
	buf_release(&b);
	return ok;
}

int main(void)
{
	struct stoplist sl;
	const unsigned char *s = (const unsigned char *)"The  Users12 of hrtk, xx";
	uint64_t h = WORD_SEED, pc[2];
	size_t dg = 0;

	check("letters and digits eight at a time", classes_agree());
	check("a run ends at a space", word_run(s, s, s + 24, &h, pc, &dg) == 3 && dg == 0);
	dg = 0;
	check("digits counted", word_run(s, s + 5, s + 24, &h, pc, &dg) == 7 && dg == 2);
	check("case folded", word_hash(s, 3) == word_hash((const unsigned char *)"tHE", 3) &&
	      word_hash(s, 3) != word_hash((const unsigned char *)"thee", 4));
	check("runs agree with whole-word hashes", runs_agree());
	check("short ASCII lookups agree with stop_wide_mask()", fast_agrees(stop_wide("en")));
	check("snowball list loads", stop_load_lang(&sl, "de", 0) == 0);
	check("the same for German words", fast_agrees(&sl));
	stop_release(&sl);
	check("quick folds agree with utf8proc", quick_agrees());
	check("quick folds", quick_fold("\xD0\x98The", "\xD0\xB8the") && quick_fold("\xCF\x82", "\xCF\x83") &&
	      quick_fold("Stra\xC3\x9F" "e", NULL) && quick_fold("\xE3\x81\x82", "\xE3\x81\x82") &&
	      quick_fold("\xEF\xA4\x80", NULL) && quick_fold("\xE2\x84\xAA", NULL));
	return check_report("t-word");
}
