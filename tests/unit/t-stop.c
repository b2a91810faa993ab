/* t-stop.c: unit tests of htab.c, stop.c and unicode.c. */
#include <string.h>

#include "check.h"
#include "htab.h"
#include "stop.h"
#include "unicode.h"

/* The language bitmask of every word agrees with a lookup in each wide list. */
static int masks_agree(void)
{
	size_t i, j, k, n, words = 0;
	const char *w;

	for (i = 0; stop_wide_langs[i]; i++) {
		const struct stoplist *sl = stop_wide(stop_wide_langs[i]);

		for (k = 0; sl && k < htab_count(&sl->words); k++) {
			uint32_t m;

			w = htab_key(&sl->words, k, &n);
			m = stop_wide_mask(w, n);
			words++;
			for (j = 0; stop_wide_langs[j]; j++) {
				const struct stoplist *o = stop_wide(stop_wide_langs[j]);
				int has = o && stop_has(o, w, n);

				if (has != !!(m & (uint32_t)1 << j))
					return 0;
			}
		}
	}
	return words > 1000 && stop_wide_mask("naloxone", 8) == 0 && stop_wide_mask("", 0) == 0;
}

/*
 * stop_vote_many() counts as stop_vote() one by one: past 255 votes a
 * byte, with unfoldable words, and stopping at STOP_DETECT_WORDS.
 */
static int votes_agree(void)
{
	static uint32_t masks[3000];
	struct stop_votes one, many;
	uint64_t state = 42;
	size_t i, cut;

	for (i = 0; i < 3000; i++) {
		masks[i] = (uint32_t)check_next(&state) & (i % 3 ? 0x7FFFFFFF : 0x40);
		if (i % 97 == 0)
			masks[i] |= STOP_WIDE_NONE;
	}
	memset(&one, 0, sizeof(one));
	memset(&many, 0, sizeof(many));
	for (i = 0; i < 3000 && one.words < STOP_DETECT_WORDS; i++)
		stop_vote(&one, masks[i]);
	/* In pieces, as clean votes unit by unit. */
	for (i = 0; i < 3000; i += cut) {
		cut = 1 + i % 700;
		stop_vote_many(&many, masks + i, i + cut > 3000 ? 3000 - i : cut);
	}
	return !memcmp(&one, &many, sizeof(one)) && one.words == STOP_DETECT_WORDS &&
	       one.hits[6] > 255;
}

int main(void)
{
	struct htab h;
	struct stoplist sl;
	struct buf b = BUF_INIT;
	char key[32];
	int added, i, ok = 1;

	htab_init(&h);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "w%d", i);
		if (htab_intern(&h, key, strlen(key), &added) != (size_t)i || !added)
			ok = 0;
	}
	check("htab gives dense ids", ok && htab_count(&h) == 5000);
	check("htab finds", htab_find(&h, "w4999", 5) == 4999 && htab_find(&h, "w5000", 5) == -1);
	check("htab keeps keys", !strcmp(htab_key(&h, 17, NULL), "w17"));
	htab_release(&h);

	check("language names", !strcmp(stop_lang_code("English"), "en") && !stop_lang_code("klingon"));
	check("snowball list loads", stop_load_lang(&sl, "en", 0) == 0 && stop_has(&sl, "the", 3) &&
	      !stop_has(&sl, "naloxone", 8));
	stop_release(&sl);
	check("detects English", !strcmp(stop_detect("The users of the service and the staff are in it", 49), "en"));
	check("detects French", !strcmp(stop_detect("Les usagers de drogues et la réduction des risques dans le", 59), "fr"));
	check("detects German", !strcmp(stop_detect("Die Drogenhilfe ist nicht mit der Polizei und den", 49), "de"));
	check("no language in numbers", stop_detect("12 34 56", 8) == NULL);
	check("stop word language masks agree with each list", masks_agree());
	check("votes counted a byte a language agree with one by one", votes_agree());
	check("a shared stop word has several bits",
	      __builtin_popcount(stop_wide_mask("de", 2)) >= 2 && (stop_wide_mask("the", 3) & 1u << 6));

	uni_normalize(&b, "Stra\xC3\x9F" "e", 7, UNI_NFC | UNI_CASEFOLD);
	check("casefold sharp s", !strcmp(b.data, "strasse"));
	buf_reset(&b);
	uni_normalize(&b, "e\xCC\x81", 3, UNI_NFC);
	check("NFC composes", !strcmp(b.data, "\xC3\xA9"));
	buf_reset(&b);
	uni_normalize(&b, "\xEF\xAC\x81", 3, UNI_NFKC);
	check("NFKC expands ligatures", !strcmp(b.data, "fi"));
	buf_reset(&b);
	uni_normalize(&b, "caf\xC3\xA9", 5, UNI_NFC | UNI_STRIP_MARKS);
	check("strip accents", !strcmp(b.data, "cafe"));
	buf_release(&b);
	return check_report("t-stop");
}
