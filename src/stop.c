/* stop.c: stop word lists and stop-word language detection. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "embed.h"
#include "err.h"
#include "stop.h"
#include "unicode.h"
#include "utf8.h"

static const struct { const char *code, *name; } langs[] = {
	{ "bg", "bulgarian" }, { "ca", "catalan" }, { "cs", "czech" }, { "da", "danish" },
	{ "de", "german" }, { "el", "greek" }, { "en", "english" }, { "es", "spanish" },
	{ "fi", "finnish" }, { "fr", "french" }, { "ga", "irish" }, { "hr", "croatian" },
	{ "hu", "hungarian" }, { "id", "indonesian" }, { "it", "italian" }, { "nl", "dutch" },
	{ "no", "norwegian" }, { "pl", "polish" }, { "pt", "portuguese" }, { "ro", "romanian" },
	{ "ru", "russian" }, { "sk", "slovak" }, { "sl", "slovenian" }, { "st", "sesotho" },
	{ "sv", "swedish" }, { "tr", "turkish" }, { "uk", "ukrainian" },
};

const char *const stop_wide_langs[] = {
	"bg", "ca", "cs", "da", "de", "el", "en", "es", "fi", "fr", "ga", "hr", "hu",
	"id", "it", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "tr", "uk", NULL
};

#define NLANGS (sizeof(langs) / sizeof(langs[0]))

/* stop_wide_mask() has a bit for each wide list, and STOP_WIDE_NONE above them. */
_Static_assert(sizeof(stop_wide_langs) / sizeof(stop_wide_langs[0]) <= 32, "too many wide lists");

const char *stop_lang_code(const char *name)
{
	size_t i;

	for (i = 0; i < NLANGS; i++)
		if (!strcasecmp(name, langs[i].code) || !strcasecmp(name, langs[i].name))
			return langs[i].code;
	return NULL;
}

/*
 * Calls fn(ctx, word, length) for each word of a list's text, folded: one
 * a line, comments after '|' or '#'. One pass, a byte's class from a table.
 */
static void each_word(const char *text, size_t len, void (*fn)(void *ctx, const char *w, size_t n),
		      void *ctx)
{
	enum { WORD, SPACE, COMMENT };
	static const unsigned char cls[256] = {
		[' '] = SPACE, ['\t'] = SPACE, ['\r'] = SPACE, ['\n'] = SPACE,
		['|'] = COMMENT, ['#'] = COMMENT,
	};
	const char *p = text, *end = text + len, *w;
	struct buf folded = BUF_INIT;

	while (p < end) {
		switch (cls[(unsigned char)*p]) {
		case SPACE:
			p++;
			continue;
		case COMMENT:
			if (!(p = memchr(p, '\n', (size_t)(end - p))))
				p = end;
			continue;
		}
		for (w = p; p < end && cls[(unsigned char)*p] == WORD; p++)
			;
		buf_reset(&folded);
		if (uni_fold_quick(&folded, w, (size_t)(p - w)) ||
		    uni_normalize(&folded, w, (size_t)(p - w), UNI_NFC | UNI_CASEFOLD) == 0)
			fn(ctx, folded.data, folded.len);
	}
	buf_release(&folded);
}

static void intern_word(void *words, const char *w, size_t n)
{
	htab_intern(words, w, n, NULL);
}

static void add_words(struct stoplist *sl, const char *text, size_t len)
{
	each_word(text, len, intern_word, &sl->words);
}

/* The folded pieces of the word w of n bytes when it is ASCII letters and digits, at most STOP_FAST_MAX. */
static int fast_key(const unsigned char *w, size_t n, struct stop_fast_key *k)
{
	uint64_t digit;
	size_t m0 = n < 8 ? n : 8, m1 = n - m0;

	if (!n || n > STOP_FAST_MAX)
		return 0;
	k->p0 = word_load(w, m0);
	k->p1 = word_load(w + m0, m1);
	/* Letters and digits only, in lower case: a word of text folds to them. */
	return word_alnum8(k->p0, &digit) == (WORD_HIGH & word_keep(m0)) &&
	       (!m1 || word_alnum8(k->p1, &digit) == (WORD_HIGH & word_keep(m1))) &&
	       (word_fold8(k->p0) & word_keep(m0)) == k->p0 &&
	       (word_fold8(k->p1) & word_keep(m1)) == k->p1;
}

/*
 * Fills f with the keys of words that are ASCII letters and digits (folded
 * keys are lower case), at most STOP_FAST_MAX bytes, each with bits[id].
 */
static void fast_build(struct stop_fast *f, const struct htab *words, const uint32_t *bits)
{
	size_t id, i, n, len, nslots = 16, keys = 0, at[STOP_FAST_MAX + 2] = { 0 };
	const unsigned char *w;
	struct stop_fast_key k;
	uint64_t h;

	/* Counted by length first: each length's words go after the shorter ones. */
	for (id = 0; id < htab_count(words); id++) {
		w = (const unsigned char *)htab_key(words, id, &n);
		if (fast_key(w, n, &k))
			keys++, at[n + 1]++;
	}
	for (len = 1; len <= STOP_FAST_MAX + 1; len++)
		at[len] += at[len - 1];
	while (nslots < 4 * keys)
		nslots *= 2;
	f->index = ecalloc(nslots, sizeof(*f->index));
	f->keys = ecalloc(keys + 1, sizeof(*f->keys));
	f->bits = ecalloc(keys + 1, sizeof(*f->bits));
	f->mask = nslots - 1;
	f->filter = ecalloc((size_t)1 << (STOP_FAST_FILTER_BITS - 6), sizeof(*f->filter));
	f->tiny = ecalloc(STOP_FAST_TINY, sizeof(*f->tiny));
	for (id = 0; id < htab_count(words); id++) {
		w = (const unsigned char *)htab_key(words, id, &n);
		if (!fast_key(w, n, &k))
			continue;
		size_t place = at[n]++;

		f->keys[place] = k;
		f->bits[place] = bits[id];
		if (n <= 2)
			f->tiny[stop_fast_tiny(k.p0)] = bits[id];
		h = word_hash(w, n);
		f->filter[stop_fast_bit(h) >> 6] |= 1ull << (stop_fast_bit(h) & 63);
		for (i = h & f->mask; f->index[i]; i = (i + 1) & f->mask)
			;
		f->index[i] = (uint32_t)place + 1;
	}
}

int stop_load_lang(struct stoplist *sl, const char *lang, int wide)
{
	const struct embedded *e;
	const char *code = stop_lang_code(lang);
	char path[64];

	htab_init(&sl->words);
	sl->lang[0] = '\0';
	if (!code)
		return -1;
	snprintf(path, sizeof(path), wide ? "stopwords/wide/%s.txt" : "stopwords/%s.txt", code);
	if (!(e = embedded_find(path)))
		return -1;
	snprintf(sl->lang, sizeof(sl->lang), "%s", code);
	add_words(sl, e->data, e->len);
	return 0;
}

int stop_load_file(struct stoplist *sl, const char *path, struct buf *err)
{
	struct buf text = BUF_INIT;

	htab_init(&sl->words);
	sl->lang[0] = '\0';
	if (buf_read_path(&text, path, err) < 0) {
		buf_release(&text);
		return -1;
	}
	add_words(sl, text.data ? text.data : "", text.len);
	buf_release(&text);
	return 0;
}

void stop_release(struct stoplist *sl)
{
	htab_release(&sl->words);
}

int stop_has(const struct stoplist *sl, const char *w, size_t len)
{
	return htab_find(&sl->words, w, len) >= 0;
}

static struct stoplist wide_lists[sizeof(stop_wide_langs) / sizeof(stop_wide_langs[0])];
/* Which wide lists are embedded; wide_lists[i] is loaded on its first stop_wide(), under wide_lock. */
static unsigned char wide_present[sizeof(stop_wide_langs) / sizeof(stop_wide_langs[0])];
static pthread_mutex_t wide_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t wide_once = PTHREAD_ONCE_INIT;
/*
 * Every word of every wide list, with the languages holding it as bits (by
 * index in stop_wide_langs): detection looks each word up once, not once a
 * language.
 */
static struct htab wide_all;
static uint32_t *wide_masks;
static size_t wide_alloc;
static struct stop_fast wide_fast;

/* Adds a word of the wide list whose bit is *bit to wide_all. */
static void wide_word(void *bit, const char *w, size_t n)
{
	int added;
	size_t id = htab_intern(&wide_all, w, n, &added);

	if (id >= wide_alloc) {
		wide_alloc = wide_alloc ? 2 * wide_alloc : 4096;
		wide_masks = ereallocarray(wide_masks, wide_alloc, sizeof(*wide_masks));
	}
	if (added)
		wide_masks[id] = 0;
	wide_masks[id] |= (uint32_t)1 << *(size_t *)bit;
}

/* The masks of all lists at once: each list's own table waits for a stop_wide() that wants it. */
static void load_wide(void)
{
	const struct embedded *e;
	char path[64];
	size_t i;

	for (i = 0; stop_wide_langs[i]; i++) {
		snprintf(path, sizeof(path), "stopwords/wide/%s.txt", stop_wide_langs[i]);
		if (!(e = embedded_find(path)))
			continue;
		wide_present[i] = 1;
		each_word(e->data, e->len, wide_word, &i);
	}
	fast_build(&wide_fast, &wide_all, wide_masks);
}

/* stop_wide_mask() once the lists are loaded. */
static uint32_t mask_of(const char *w, size_t len)
{
	long id = htab_find(&wide_all, w, len);

	return id < 0 ? 0 : wide_masks[id];
}

uint32_t stop_wide_mask(const char *w, size_t len)
{
	pthread_once(&wide_once, load_wide);
	return mask_of(w, len);
}

int stop_wide_index(const char *lang)
{
	const char *code = stop_lang_code(lang);
	size_t i;

	if (!code)
		return -1;
	pthread_once(&wide_once, load_wide);
	for (i = 0; stop_wide_langs[i]; i++)
		if (!strcmp(stop_wide_langs[i], code))
			return wide_present[i] ? (int)i : -1;
	return -1;
}

const struct stoplist *stop_wide(const char *lang)
{
	int i = stop_wide_index(lang);

	if (i < 0)
		return NULL;
	pthread_mutex_lock(&wide_lock);
	if (!wide_lists[i].lang[0])
		stop_load_lang(&wide_lists[i], stop_wide_langs[i], 1);
	pthread_mutex_unlock(&wide_lock);
	return &wide_lists[i];
}

const struct stop_fast *stop_wide_fast(void)
{
	pthread_once(&wide_once, load_wide);
	return &wide_fast;
}

/* stop_wide_fold() once the lists are loaded; folded is scratch. */
static uint32_t fold_mask(struct buf *folded, const char *w, size_t len)
{
	buf_reset(folded);
	if (!uni_fold_quick(folded, w, len) &&
	    uni_normalize(folded, w, len, UNI_NFC | UNI_CASEFOLD) < 0)
		return STOP_WIDE_NONE;
	return mask_of(folded->data, folded->len);
}

uint32_t stop_wide_fold(const char *w, size_t len)
{
	struct buf folded = BUF_INIT;
	uint32_t mask;

	pthread_once(&wide_once, load_wide);
	mask = fold_mask(&folded, w, len);
	buf_release(&folded);
	return mask;
}

/* The length of the letter or digit at p, 0 when there is none there (ASCII without a lookup). */
static size_t alnum_at(const unsigned char *p, const unsigned char *end)
{
	int32_t cp;
	size_t n;

	if (*p < 0x80)
		return ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9');
	n = utf8_decode(p, (size_t)(end - p), &cp);
	return uni_is_alnum(cp) ? n : 0;
}

/* Byte i of spread[b] is bit i of b. */
static uint64_t spread[256];
static pthread_once_t spread_once = PTHREAD_ONCE_INIT;

static void spread_init(void)
{
	unsigned b, i;

	for (b = 0; b < 256; b++)
		for (i = 0; i < 8; i++)
			spread[b] |= (uint64_t)(b >> i & 1) << (8 * i);
}

/* Adds the byte counts of acc to v->hits. */
static void votes_add(struct stop_votes *v, const uint64_t acc[4])
{
	size_t j, i;

	for (j = 0; j < 4; j++)
		for (i = 0; i < 8; i++)
			v->hits[8 * j + i] += acc[j] >> (8 * i) & 0xFF;
}

void stop_vote_many(struct stop_votes *v, const uint32_t *masks, size_t n)
{
	uint64_t acc[4] = { 0 };
	size_t i, fill = 0;
	uint32_t m;

	pthread_once(&spread_once, spread_init);
	for (i = 0; i < n && v->words < STOP_DETECT_WORDS; i++) {
		if ((m = masks[i]) & STOP_WIDE_NONE)
			continue;
		v->words++;
		acc[0] += spread[m & 0xFF];
		acc[1] += spread[m >> 8 & 0xFF];
		acc[2] += spread[m >> 16 & 0xFF];
		acc[3] += spread[m >> 24];
		/* A byte holds 255 votes. */
		if (++fill == 255) {
			votes_add(v, acc);
			acc[0] = acc[1] = acc[2] = acc[3] = 0;
			fill = 0;
		}
	}
	votes_add(v, acc);
}

const char *stop_decide(const struct stop_votes *v)
{
	size_t i, best = 0;

	for (i = 1; stop_wide_langs[i]; i++)
		if (v->hits[i] > v->hits[best])
			best = i;
	/* One stop word in a handful of words proves nothing. */
	if (!v->words || v->hits[best] < 3 || v->hits[best] * 10 < v->words)
		return NULL;
	return stop_wide_langs[best];
}

const char *stop_detect(const char *text, size_t len)
{
	const unsigned char *base = (const unsigned char *)text, *p = base, *end = p + len, *w;
	struct stop_votes v;
	struct buf folded = BUF_INIT;
	uint64_t h, pc[2];
	size_t n, run, dg;
	int32_t cp;

	pthread_once(&wide_once, load_wide);
	memset(&v, 0, sizeof(v));
	while (p < end && v.words < STOP_DETECT_WORDS) {
		if (*p < 0x80) {
			h = WORD_SEED, dg = 0;
			if (!(run = word_run(base, p, end, &h, pc, &dg))) {
				p++;
				continue;
			}
			/* Short and ASCII throughout (a character outside ASCII may go on with the word). */
			if (run <= STOP_FAST_MAX && (p + run == end || p[run] < 0x80)) {
				stop_vote(&v, stop_fast_find(&wide_fast, word_end(h, run), pc[0], pc[1]));
				p += run;
				continue;
			}
		} else if (!alnum_at(p, end)) {
			p += utf8_decode(p, (size_t)(end - p), &cp);
			continue;
		}
		/* Letters outside ASCII, or a long word: utf8proc folds it. */
		for (w = p; p < end && (n = alnum_at(p, end)); p += n)
			;
		stop_vote(&v, fold_mask(&folded, (const char *)w, (size_t)(p - w)));
	}
	buf_release(&folded);
	return stop_decide(&v);
}
