/*
 * dehyph.c: what a hyphen at a line end is. "organi-" + "sation" was cut by
 * the typesetter; "self-" + "support" is a compound that happened to break
 * at its own hyphen. The document's vocabulary decides first (the joined or
 * the hyphenated form written whole elsewhere), then the shape of the parts.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "err.h"
#include "pdftext.h"
#include "unicode.h"
#include "utf8.h"

/*
 * English parts that make compounds rather than hyphenation points: a word
 * that starts with one of the first, or ends with one of the second, and
 * whose other part is a word, keeps its hyphen.
 */
static const char *const first_parts[] = {
	"co", "all", "well", "long", "short", "high", "low", "full", "part", "half",
	"quarter", "anti", "semi", "multi", NULL
};
/* Prefixes that are never a hyphenation point before four letters or more. */
static const char *const strict_prefixes[] = { "non", "self", "quasi", "cross", NULL };
static const char *const second_parts[] = {
	"based", "shaped", "related", "intensive", "oriented", "driven", "friendly",
	"wide", "term", "century", "specific", "sized", "scale", "level", "running",
	"owned", "centred", "centered", "focused", "minded", "sourcing", NULL
};

static void fold(struct buf *out, const char *s, size_t len)
{
	buf_reset(out);
	if (uni_normalize(out, s, len, UNI_NFC | UNI_CASEFOLD) < 0)
		buf_add(out, s, len);
}

static int is_word_cp(int32_t cp)
{
	return uni_is_alnum(cp);
}

static void count_word(struct dehyph *h, struct buf *tmp, const char *s, size_t len)
{
	size_t id;

	fold(tmp, s, len);
	id = htab_intern(&h->words, tmp->data, tmp->len, NULL);
	if (id >= h->acount) {
		size_t old = h->acount;

		h->acount = 2 * id + 64;
		h->count = ereallocarray(h->count, h->acount, sizeof(*h->count));
		memset(h->count + old, 0, (h->acount - old) * sizeof(*h->count));
	}
	h->count[id]++;
}

static void add_pair(struct dehyph *h, struct buf *tmp, const char *x, size_t xl,
		     const char *y, size_t yl)
{
	struct buf pair = BUF_INIT;

	buf_add(&pair, x, xl);
	buf_addc(&pair, '-');
	buf_add(&pair, y, yl);
	fold(tmp, pair.data, pair.len);
	htab_intern(&h->compounds, tmp->data, tmp->len, NULL);
	buf_release(&pair);
}

/* True when the line ends in letter + '-', or in a soft hyphen: its last word is cut. */
static int cut_at_end(const struct pline *l)
{
	const char *s = l->text.data;
	size_t n = l->text.len;

	if (l->soft)
		return 1;
	return n >= 2 && s[n - 1] == '-' && uni_is_letter(pl_last_cp(s, n - 1));
}

/* Counts the words of one line; skip_first/skip_last leave out cut fragments. */
static void learn_line(struct dehyph *h, struct buf *tmp, const char *s, size_t len,
		       int skip_first, int skip_last)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *w;
	const char *prev = NULL;
	size_t prevlen = 0, n;
	int32_t cp;
	int first = 1;

	while (p < end) {
		n = utf8_decode(p, (size_t)(end - p), &cp);
		if (!is_word_cp(cp)) {
			if (cp != '-')
				prev = NULL;
			p += n;
			continue;
		}
		for (w = p; p < end; p += n) {
			n = utf8_decode(p, (size_t)(end - p), &cp);
			if (!is_word_cp(cp))
				break;
		}
		if ((first && skip_first) || (p == end - 1 && *p == '-' && skip_last) ||
		    (p == end && skip_last)) {
			first = 0;
			prev = NULL;
			continue;
		}
		first = 0;
		count_word(h, tmp, (const char *)w, (size_t)(p - w));
		if (prev && (const char *)w == prev + prevlen + 1 && prev[prevlen] == '-')
			add_pair(h, tmp, prev, prevlen, (const char *)w, (size_t)(p - w));
		prev = (const char *)w;
		prevlen = (size_t)(p - w);
	}
}

void dehyph_init(struct dehyph *h, const struct pline *v, size_t n)
{
	struct buf tmp = BUF_INIT, sample = BUF_INIT;
	const char *lang;
	int cut = 0;
	size_t i;

	memset(h, 0, sizeof(*h));
	htab_init(&h->words);
	htab_init(&h->compounds);
	for (i = 0; i < n; i++) {
		if (v[i].kind != PL_BODY)
			continue;
		learn_line(h, &tmp, v[i].text.data, v[i].text.len, cut, cut_at_end(&v[i]));
		cut = cut_at_end(&v[i]);
		if (sample.len < 20000) {
			buf_add(&sample, v[i].text.data, v[i].text.len);
			buf_addc(&sample, '\n');
		}
	}
	lang = stop_detect(sample.data ? sample.data : "", sample.len);
	h->stop = lang ? stop_wide(lang) : NULL;
	buf_release(&tmp);
	buf_release(&sample);
}

/* The hash a corpus keeps for a folded form. */
static uint64_t form_hash(const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;
	uint64_t hv;

	fold(&tmp, s, len);
	hv = hash_bytes(tmp.data ? tmp.data : "", tmp.len);
	buf_release(&tmp);
	return hv;
}

static void add_forms(const struct htab *forms, struct corpus *c)
{
	size_t id, len;
	const char *k;

	for (id = 0; id < htab_count(forms); id++) {
		k = htab_key(forms, id, &len);
		corpus_add(c, hash_bytes(k, len));
	}
}

void dehyph_add_to_corpus(const struct dehyph *h, struct corpus *c)
{
	corpus_begin_doc(c, NULL);
	add_forms(&h->words, c);
	add_forms(&h->compounds, c);
}

void dehyph_release(struct dehyph *h)
{
	htab_release(&h->words);
	htab_release(&h->compounds);
	free(h->count);
}

static size_t word_count(const struct dehyph *h, const char *w, size_t len)
{
	struct buf tmp = BUF_INIT;
	long id;

	fold(&tmp, w, len);
	id = htab_find(&h->words, tmp.data, tmp.len);
	buf_release(&tmp);
	return id >= 0 ? h->count[id] : 0;
}

static int is_stop(const struct dehyph *h, const char *w, size_t len)
{
	struct buf tmp = BUF_INIT;
	int r;

	if (!h->stop)
		return 0;
	fold(&tmp, w, len);
	r = stop_has(h->stop, tmp.data, tmp.len);
	buf_release(&tmp);
	return r;
}

/* A word on its own: in the document, on the stop list, or its plural is. */
static int is_word(const struct dehyph *h, const char *w, size_t len)
{
	struct buf tmp = BUF_INIT;
	int r;

	if (word_count(h, w, len) || is_stop(h, w, len))
		return 1;
	buf_add(&tmp, w, len);
	buf_addc(&tmp, 's');
	r = word_count(h, tmp.data, tmp.len) > 0;
	if (!r && len > 3 && w[len - 1] == 's')
		r = word_count(h, w, len - 1) > 0;
	buf_release(&tmp);
	return r;
}

static int compound_seen(const struct dehyph *h, const char *x, size_t xl, const char *y,
			 size_t yl)
{
	struct buf pair = BUF_INIT, tmp = BUF_INIT;
	int r;

	buf_add(&pair, x, xl);
	buf_addc(&pair, '-');
	buf_add(&pair, y, yl);
	fold(&tmp, pair.data, pair.len);
	r = htab_find(&h->compounds, tmp.data, tmp.len) >= 0;
	buf_release(&pair);
	buf_release(&tmp);
	return r;
}

static int on_list(const char *const *list, const char *w, size_t len)
{
	struct buf tmp = BUF_INIT;
	size_t i;
	int r = 0;

	fold(&tmp, w, len);
	for (i = 0; list[i] && !r; i++)
		r = strlen(list[i]) == tmp.len && !memcmp(list[i], tmp.data, tmp.len);
	buf_release(&tmp);
	return r;
}

static int has_digit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* The parts' shapes that point to a compound; NULL when none does. */
static const char *compound_shape(const struct dehyph *h, const char *x, size_t xl,
				  const char *y, size_t yl, int guess)
{
	/* guessing where no hyphen was seen, both parts must be words */
	if (on_list(strict_prefixes, x, xl) && pl_width(y, yl) >= 4 && (!guess || is_word(h, y, yl)))
		return "compound prefix";
	if (on_list(first_parts, x, xl) && pl_width(y, yl) >= 3 && is_word(h, y, yl))
		return "compound prefix before a word";
	if (on_list(second_parts, y, yl) && pl_width(x, xl) >= 3 &&
	    (!guess || pl_width(x, xl) >= 5 || is_word(h, x, xl)))
		return "compound suffix";
	return NULL;
}

static size_t joined_count(const struct dehyph *h, const char *x, size_t xl, const char *y,
			   size_t yl)
{
	struct buf joined = BUF_INIT;
	size_t n;

	buf_add(&joined, x, xl);
	buf_add(&joined, y, yl);
	n = word_count(h, joined.data, joined.len);
	buf_release(&joined);
	return n;
}

/* Both parts are words of the document, long and not function words. */
static int both_words(const struct dehyph *h, const char *x, size_t xl, const char *y,
		      size_t yl, size_t min)
{
	return pl_width(x, xl) >= min && pl_width(y, yl) >= min && word_count(h, x, xl) >= 2 &&
	       word_count(h, y, yl) >= 2 && !is_stop(h, x, xl) && !is_stop(h, y, yl);
}

/*
 * What the other documents of the corpus write: 1 the hyphenated form (in
 * more documents than the joined one), 0 the joined form, -1 neither or a
 * tie. self is how many documents to discount from the joined form's count
 * (the document's own glued word, when it is the one being split again).
 */
static int corpus_form(const struct dehyph *h, const char *x, size_t xl, const char *y,
		       size_t yl, unsigned self, const char **why)
{
	struct buf form = BUF_INIT;
	unsigned hyph, joined;

	if (!h->corpus)
		return -1;
	buf_add(&form, x, xl);
	buf_add(&form, y, yl);
	joined = corpus_common(h->corpus, NULL, form_hash(form.data, form.len));
	buf_reset(&form);
	buf_add(&form, x, xl);
	buf_addc(&form, '-');
	buf_add(&form, y, yl);
	hyph = corpus_common(h->corpus, NULL, form_hash(form.data, form.len));
	buf_release(&form);
	joined = joined > self ? joined - self : 0;
	if (hyph == joined)
		return -1;
	*why = hyph > joined ? "hyphenated form elsewhere in the corpus" :
			       "joined form elsewhere in the corpus";
	return hyph > joined;
}

int dehyph_keep(const struct dehyph *h, const char *x, size_t xl, const char *y, size_t yl,
		const char **why)
{
	int keep;

	if (compound_seen(h, x, xl, y, yl)) {
		*why = "hyphenated form elsewhere in the document";
		return 1;
	}
	if (joined_count(h, x, xl, y, yl)) {
		*why = "joined form elsewhere in the document";
		return 0;
	}
	if ((keep = corpus_form(h, x, xl, y, yl, 0, why)) >= 0)
		return keep;
	if ((*why = compound_shape(h, x, xl, y, yl, 0)))
		return 1;
	if (has_digit(x, xl) || has_digit(y, yl)) {
		*why = "a number in the compound";
		return 1;
	}
	if (uni_is_upper(pl_first_cp(y, yl)) && !uni_is_upper(pl_last_cp(x, xl))) {
		*why = "capital after the hyphen";
		return 1;
	}
	if (both_words(h, x, xl, y, yl, 4)) {
		*why = "both parts are words, the joined form is not";
		return 1;
	}
	*why = "hyphenation: the joined form";
	return 0;
}

size_t dehyph_resplit(const struct dehyph *h, const char *w, size_t wl, const char **why)
{
	const unsigned char *p = (const unsigned char *)w;
	size_t i, n;
	int32_t cp;

	if (pl_width(w, wl) < 6 || word_count(h, w, wl) > 1 || is_stop(h, w, wl) ||
	    has_digit(w, wl))
		return 0;
	for (i = 0; i < wl; i += n) {
		n = utf8_decode(p + i, wl - i, &cp);
		if (i == 0 || pl_width(w, i) < 2 || pl_width(w + i, wl - i) < 3)
			continue;
		if (compound_seen(h, w, i, w + i, wl - i)) {
			*why = "hyphenated form elsewhere in the document";
			return i;
		}
		if (corpus_form(h, w, i, w + i, wl - i, 1, why) == 1)
			return i;
		if ((*why = compound_shape(h, w, i, w + i, wl - i, 1)))
			return i;
		if (both_words(h, w, i, w + i, wl - i, 5)) {
			*why = "both parts are words, the joined form is not";
			return i;
		}
	}
	return 0;
}
