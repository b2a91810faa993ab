/* prose.c: block features and the jusText-style classification. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "prose.h"
#include "unicode.h"
#include "utf8.h"
#include "word.h"

/* jusText's defaults: lengths in characters, densities as shares of words. */
#define LENGTH_LOW 70
#define LENGTH_HIGH 200
#define STOPS_LOW 0.30
#define STOPS_HIGH 0.32
#define HEADING_DISTANCE 200
#define MAX_DIGIT_SHARE 0.3
/* Shorter than LENGTH_HIGH but plainly prose: sentences thick with stop words. */
#define DENSE_CHARS 140
#define DENSE_STOPS 0.45
/* A list whose items average this many words, with prose's stop words, is content. */
#define LIST_WORDS 5
#define LIST_ITEMS 3

/*
 * A Chinese or Japanese character says about what three Latin letters do
 * (a word and its space): it counts that much toward a block's length, so
 * the length thresholds mean the same amount of text in every script.
 */
#define CJK_WEIGHT 3

/* Han ideographs, kana and their compatibility forms: scripts written without spaces. */
static int is_cjk(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0x20000 && cp <= 0x2FA1F);
}

static int is_punct_ascii(int c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* A word's stop_wide_fold() mask, remembered. */
struct fold_memo {
	uint64_t h;
	uint32_t n, mask;	/* n is 0 in an empty slot */
	char w[48];
};

/*
 * stop_wide_fold() of the word w of hash h (outside ASCII or long),
 * remembered: utf8proc costs some 2,000 instructions a word, and the words
 * of a text repeat.
 */
static uint32_t wide_fold(const char *w, size_t n, uint64_t h)
{
	static _Thread_local struct fold_memo memo[2048];
	struct fold_memo *e = &memo[h & 2047];

	if (n > sizeof(e->w))
		return stop_wide_fold(w, n);
	if (e->n == n && e->h == h && !memcmp(e->w, w, n))
		return e->mask;
	e->h = h;
	e->n = (uint32_t)n;
	memcpy(e->w, w, n);
	e->mask = stop_wide_fold(w, n);
	return e->mask;
}

/*
 * A word of hash H and masks M: into the arrays when there are some
 * (prose_words()), else to add().
 */
#define EMIT(H, M)                              \
	do {                                    \
		if (hs) {                       \
			hs[nw] = (H);           \
			ms[nw] = (M);           \
		} else if (add) {               \
			add(ctx, (H));          \
		}                               \
		nw++;                           \
	} while (0)

/*
 * prose_feed() (hs NULL), prose_words() (wide NULL or not, with hs and ms),
 * where wide is the wide lists' table of short ASCII words: the compiler
 * makes one of each. Returns how many words there were (in hs and ms).
 */
static inline size_t feed(struct prose_feat *out, const struct stop_fast *wide, const char *s,
			  size_t len, void (*add)(void *ctx, uint64_t h), void *ctx,
			  uint64_t *hs, uint32_t *ms)
{
	/* The words, and the bytes of ASCII words (their letters and chars): fewer sums a word. */
	size_t nw = 0, alnum = 0;
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *w;
	int32_t cp;
	size_t n;
	uint64_t h;
	/* Counted in a copy, which add() cannot touch: it stays in registers. */
	struct prose_feat copy = *out, *f = &copy;

	while (p < end) {
		if (*p < 0x80) {
			if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9'))) {
				if (*p > ' ') {
					f->chars++;
					f->puncts += is_punct_ascii(*p);
				}
				p++;
				continue;
			}
			/* Most words: ASCII, shorter than 16 bytes, one or two loads. */
			{
				const unsigned char *base = (const unsigned char *)s;
				size_t room = (size_t)(end - p), run, r1, dg = 0;
				uint64_t x = word_load_in(base, p, room), dmask = 0, d1, x1, p0, p1 = 0;
				uint64_t al = word_letters8(x);

				run = word_span(al);
				/* Letters then a digit: the digits' test too (most words have none). */
				if (run < room && (unsigned)(p[run] - '0') < 10)
					run = word_span(word_alnum8(x, &dmask));
				p0 = (x | 0x20 * WORD_ONES) & word_keep(run);
				dmask &= word_keep(run);
				h = word_mix(WORD_SEED, p0);
				if (run == 8 && room > 8) {
					/* The next eight bytes: word_run()'s second piece. */
					x1 = word_load_in(base, p + 8, room - 8);
					r1 = word_span(word_alnum8(x1, &d1));
					p1 = (x1 | 0x20 * WORD_ONES) & word_keep(r1);
					if (r1)
						h = word_mix(h, p1);
					if (d1 & word_keep(r1))
						dg = (size_t)__builtin_popcountll(d1 & word_keep(r1));
					run += r1;
				}
				if (run < 16 && (run == room || p[run] < 0x80)) {
					h = word_end(h, run);
					if (dmask)
						dg += (size_t)__builtin_popcountll(dmask);
					alnum += run;
					if (dg)
						f->digits += dg, f->letters -= dg;
					f->caps += *p >= 'A' && *p <= 'Z';
					p += run;
					/* The space after it, which counts for nothing. */
					if (p < end && *p == ' ')
						p++;
					EMIT(h, wide ? stop_fast_find(wide, h, p0, p1) : 0);
					continue;
				}
			}
		} else {
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (!uni_is_alnum(cp)) {
				if (!uni_is_space(cp) && cp != 0xA0) {
					f->chars++;
					f->puncts++;
				}
				p += n;
				continue;
			}
		}
		/* A word: letters, marks and digits, hashed case folded (word.h). */
		uint64_t pc[2];
		int ascii = 1, upper = *p >= 'A' && *p <= 'Z';
		size_t run, dg;

		w = p;
		h = WORD_SEED;
		for (;;) {
			dg = 0;
			run = word_run((const unsigned char *)s, p, end, &h, pc, &dg);
			p += run;
			f->chars += run;
			f->digits += dg;
			f->letters += run - dg;
			if (p == end || *p < 0x80)
				break;
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (!uni_is_alnum(cp))
				break;
			ascii = 0;
			if (uni_is_digit(cp)) {
				f->digits++;
			} else {
				f->letters++;
				if (p == w && uni_is_upper(cp))
					upper = 1;
			}
			f->chars += is_cjk(cp) ? CJK_WEIGHT : 1;
			p += n;
		}
		n = (size_t)(p - w);
		/* Pieces taken around a character outside ASCII are not the word's: hash it whole. */
		h = ascii ? word_end(h, n) : word_hash(w, n);
		f->caps += upper;
		EMIT(h, !wide ? 0 : ascii && n <= STOP_FAST_MAX ?
				stop_fast_find(wide, h, pc[0], pc[1]) : wide_fold((const char *)w, n, h));
	}
	f->words += nw;
	f->chars += alnum;
	f->letters += alnum;
	*out = copy;
	return nw;
}

void prose_feed(struct prose_feat *f, const char *s, size_t len,
		void (*add)(void *ctx, uint64_t h), void *ctx)
{
	feed(f, NULL, s, len, add, ctx, NULL, NULL);
}

size_t prose_words(struct prose_feat *f, const char *s, size_t len, int wide, uint64_t *h,
		   uint32_t *masks)
{
	if (wide)
		return feed(f, stop_wide_fast(), s, len, NULL, NULL, h, masks);
	return feed(f, NULL, s, len, NULL, NULL, h, masks);
}

/*
 * True when the text ends a sentence (or a colon, before a list or code),
 * closing quotes and brackets aside (CJK ones too); an ellipsis ends none.
 */
static int ends_sentence(const char *s, size_t len, int *period)
{
	const unsigned char *p = (const unsigned char *)s + len;

	*period = 0;
	while (p > (const unsigned char *)s) {
		const unsigned char *q = p - 1;

		while (q > (const unsigned char *)s && (*q & 0xC0) == 0x80)
			q--;
		int32_t cp;

		utf8_decode(q, (size_t)(p - q), &cp);
		if (cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == '"' || cp == '\'' ||
		    cp == ')' || cp == ']' || cp == '*' || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
		    cp == 0x300D || cp == 0x300F || cp == 0xFF09) {
			p = q;
			continue;
		}
		/* "..." or "…": a title cut short to fit a teaser or a menu, not a sentence's end. */
		if (cp == 0x2026 || (cp == '.' && q - (const unsigned char *)s >= 2 && q[-1] == '.' &&
				     q[-2] == '.'))
			return 0;
		*period = cp == '.';
		return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == 0x3002 ||
		       cp == 0xFF01 || cp == 0xFF1F;
	}
	return 0;
}

void prose_finish(struct prose_feat *f, const char *last_line, size_t len)
{
	int period;

	f->sentence_end = ends_sentence(last_line, len, &period);
	/*
	 * A heading: a few words, not a sentence ending in a full stop, and
	 * not a run of capitalised names (a byline, a menu): some word is
	 * lower case or a stop word.
	 */
	f->heading = f->chars < LENGTH_LOW && f->words >= 2 && f->words <= 20 && !period &&
		     (f->stops > 0 || f->caps < f->words) && f->digits * 4 < f->letters;
}

enum prose_class prose_classify(const struct prose_feat *f, int have_stops, char *why, size_t n)
{
	double stop = f->words ? (double)f->stops / (double)f->words : 0;
	double digit = f->letters + f->digits ? (double)f->digits / (double)(f->letters + f->digits) : 0;
	enum prose_class c;
	const char *reason;

	if (!f->letters) {
		c = PROSE_BAD, reason = "no letters";
	} else if (have_stops && f->chars >= DENSE_CHARS && stop >= DENSE_STOPS && f->sentence_end &&
		   digit <= MAX_DIGIT_SHARE) {
		c = PROSE_GOOD, reason = "dense sentences";
	} else if (0) {
		c = PROSE_BAD, reason = "no letters";
	} else if (digit > MAX_DIGIT_SHARE && f->chars < LENGTH_HIGH) {
		c = PROSE_BAD, reason = "digits";
	} else if (f->chars < LENGTH_LOW) {
		c = PROSE_SHORT, reason = f->heading ? "short heading" : "short";
	} else if (have_stops) {
		if (stop >= STOPS_HIGH)
			c = f->chars > LENGTH_HIGH ? PROSE_GOOD : PROSE_NEARGOOD;
		else
			c = stop >= STOPS_LOW ? PROSE_NEARGOOD : PROSE_BAD;
		reason = c == PROSE_BAD ? "few stop words" : "stop words";
	} else if (f->caps * 2 > f->words) {
		c = PROSE_BAD, reason = "capitalised";
	} else if (f->sentence_end) {
		c = f->chars > LENGTH_HIGH ? PROSE_GOOD : PROSE_NEARGOOD;
		reason = "sentences";
	} else {
		c = PROSE_BAD, reason = "no sentence";
	}
	if (why)
		snprintf(why, n, "%s len=%zu stop=%.2f digit=%.2f", reason, f->chars, stop, digit);
	return c;
}

void prose_lists(enum prose_class *cls, const struct prose_feat *f, const unsigned char *item,
		 size_t n, int have_stops)
{
	size_t i = 0, j, k, words, stops;

	while (i < n) {
		if (!item[i]) {
			i++;
			continue;
		}
		words = stops = 0;
		for (j = i; j < n && item[j]; j++)
			words += f[j].words, stops += f[j].stops;
		if (j - i >= LIST_ITEMS && words >= LIST_WORDS * (j - i) &&
		    (!have_stops || (double)stops >= STOPS_LOW * (double)words))
			for (k = i; k < j; k++)
				if (cls[k] == PROSE_SHORT)
					cls[k] = PROSE_NEARGOOD;
		i = j;
	}
}

/* The class of the nearest good or bad block (or near-good) before/after i; bad at the edges. */
static enum prose_class neighbour(const enum prose_class *cls, size_t n, size_t i, int step,
				  int ignore_neargood)
{
	size_t j = i;

	for (;;) {
		if (step < 0 ? j == 0 : j + 1 >= n)
			return PROSE_BAD;
		j += (size_t)(long)step;
		if (cls[j] == PROSE_GOOD || cls[j] == PROSE_BAD)
			return cls[j];
		if (cls[j] == PROSE_NEARGOOD && !ignore_neargood)
			return cls[j];
	}
}

/* True when a good block starts within HEADING_DISTANCE characters after i. */
static int good_follows(const enum prose_class *cls, const struct prose_feat *f, size_t n, size_t i)
{
	size_t j, dist = 0;

	for (j = i + 1; j < n && dist <= HEADING_DISTANCE; j++) {
		if (cls[j] == PROSE_GOOD)
			return 1;
		if (cls[j] != PROSE_SKIP)
			dist += f[j].chars;
	}
	return 0;
}

/*
 * News sites write paragraphs shorter than LENGTH_HIGH: a run of near-good
 * blocks, with at most MAX_RUN_GAP short ones between them, is as good as a
 * long block when it holds RUN_BLOCKS blocks and RUN_CHARS characters.
 */
#define MAX_RUN_GAP 2
#define RUN_BLOCKS 3
#define RUN_CHARS 400

static void promote_runs(enum prose_class *cls, const struct prose_feat *f, size_t n)
{
	size_t i = 0, j, last, gap, blocks, chars;

	while (i < n) {
		if (cls[i] != PROSE_NEARGOOD) {
			i++;
			continue;
		}
		blocks = chars = gap = 0;
		for (j = last = i; j < n; j++) {
			if (cls[j] == PROSE_NEARGOOD || cls[j] == PROSE_GOOD) {
				blocks++, chars += f[j].chars, gap = 0, last = j;
			} else if (cls[j] == PROSE_SHORT) {
				if (++gap > MAX_RUN_GAP)
					break;
			} else if (cls[j] != PROSE_SKIP) {
				break;
			}
		}
		if (blocks >= RUN_BLOCKS && chars >= RUN_CHARS)
			for (j = i; j <= last; j++)
				if (cls[j] == PROSE_NEARGOOD)
					cls[j] = PROSE_GOOD;
		i = last + 1;
	}
}

void prose_smooth(enum prose_class *cls, const struct prose_feat *f, size_t n)
{
	/* cf: the classes before the changes; before/after: neighbour(cf, n, i, -1/1, 1) for every i */
	enum prose_class *cf = emalloc(3 * n * sizeof(*cf) + 1), *before = cf + n, *after = before + n;
	enum prose_class last;
	size_t i;

	promote_runs(cls, f, n);
	memcpy(cf, cls, n * sizeof(*cls));
	for (i = 0; i < n; i++)
		if (cls[i] == PROSE_SHORT && f[i].heading && good_follows(cf, f, n, i))
			cls[i] = PROSE_NEARGOOD;
	/* Short blocks take their neighbours' class, read before any change. */
	memcpy(cf, cls, n * sizeof(*cls));
	/* One pass each way instead of a scan from every block: menus are long runs of short ones. */
	for (i = 0, last = PROSE_BAD; i < n; i++) {
		before[i] = last;
		if (cf[i] == PROSE_GOOD || cf[i] == PROSE_BAD)
			last = cf[i];
	}
	for (i = n, last = PROSE_BAD; i-- > 0;) {
		after[i] = last;
		if (cf[i] == PROSE_GOOD || cf[i] == PROSE_BAD)
			last = cf[i];
	}
	for (i = 0; i < n; i++) {
		if (cf[i] != PROSE_SHORT)
			continue;
		enum prose_class prev = before[i], next = after[i];

		if (prev == PROSE_GOOD && next == PROSE_GOOD)
			cls[i] = PROSE_GOOD;
		else if (prev == PROSE_BAD && next == PROSE_BAD)
			cls[i] = PROSE_BAD;
		else if ((prev == PROSE_BAD && neighbour(cf, n, i, -1, 0) == PROSE_NEARGOOD) ||
			 (next == PROSE_BAD && neighbour(cf, n, i, 1, 0) == PROSE_NEARGOOD))
			cls[i] = PROSE_GOOD;
		else
			cls[i] = PROSE_BAD;
	}
	for (i = 0; i < n; i++) {
		if (cf[i] != PROSE_NEARGOOD)
			continue;
		if (before[i] == PROSE_BAD && after[i] == PROSE_BAD)
			cls[i] = PROSE_BAD;
		else
			cls[i] = PROSE_GOOD;
	}
	free(cf);
}
