/* layout.c: menus, the article's stretch of blocks, and what lies outside it. */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "err.h"
#include "layout.h"
#include "prose.h"
#include "utf8.h"

/* A link: a list item of at most this many words. */
#define LINK_WORDS 10
/* A menu: at least this many links in a row, this share capitalised or this share stop words. */
#define MENU_LINKS 3
#define MENU_CAPS 0.6
#define MENU_STOPS 0.15
/* What a dropped block costs the article's stretch, in characters of prose. */
#define DROP_COST 40
/* A link in a menu costs more: menus are where articles end. */
#define MENU_COST 80
/* A run of menu items costs the article's stretch at most three of its links. */
#define MENU_RUN_COST (3 * MENU_COST)
/* A comments heading ends an article of at least this many characters (clean.c's rest rules too). */
#define REST_AFTER_CHARS 200
/* A line this long that does not end a sentence was wrapped (lynx wraps at 76 to 79). */
#define WRAPPED_CHARS 60
/* At most this many kept blocks right before the article are its head. */
#define HEAD_BLOCKS 3
/*
 * A teaser: a bulleted list item that is a title (this many words or more,
 * no full stop, not prose), up to TEASER_HEAD blocks more that are not
 * prose, then at most one prose block of at most TEASER_CHARS; a stream:
 * teasers in a row, TEASER_RUN of them with that prose.
 */
#define TEASER_HEAD 4
#define TEASER_TITLE_WORDS 3
#define TEASER_CHARS 400
#define TEASER_RUN 3
/* A block the prose classes dropped this long is kept inside the article whatever its words. */
#define INSIDE_LONG 200
/* A short block kept inside the article is a sentence with this share of stop words. */
#define INSIDE_STOPS 0.3

size_t layout_columns(const char *s, size_t n, int first)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	size_t cols = 0;

	/* Every byte but UTF-8 continuation bytes starts a column. */
	if (!first)
		return utf8_count(p, n);
#ifdef __SSE2__
	/* ASCII but the space, 16 bytes at a time: a column each */
	while (e - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(v,
			_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));

		if (stop) {
			cols += (size_t)__builtin_ctz(stop);
			p += __builtin_ctz(stop);
			break;
		}
		cols += 16;
		p += 16;
	}
#endif
	for (; p < e && *p != ' '; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		/* Lead bytes of U+3000 to U+DFFF: CJK, kana, Hangul, which break anywhere. */
		if (*p >= 0xE3 && *p <= 0xED)
			return cols + 1;
		cols++;
	}
	return cols;
}

int layout_wrapped(const char *s, size_t n)
{
	unsigned char c;

	if (layout_columns(s, n, 0) < WRAPPED_CHARS)
		return 0;
	c = (unsigned char)s[n - 1];
	return c >= 0x80 || !strchr(".!?:;\"')]|", c);
}

int layout_disable(unsigned *mask, const char *name)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{ "layout", LAYOUT_ALL }, { "layout-menu", LAYOUT_MENU },
		{ "layout-edge", LAYOUT_EDGE }, { "layout-inside", LAYOUT_INSIDE },
		{ "layout-teaser", LAYOUT_TEASER },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name)) {
			*mask |= names[i].bits;
			return 1;
		}
	return 0;
}

const char *layout_name(enum layout_verdict v)
{
	switch (v) {
	case LAYOUT_DROP_MENU:
		return "layout-menu";
	case LAYOUT_DROP_EDGE:
		return "layout-edge";
	case LAYOUT_KEEP_INSIDE:
		return "layout-inside";
	case LAYOUT_DROP_TEASER:
		return "layout-teaser";
	default:
		return "-";
	}
}

/* A link: a list item of a few words that does not end with a full stop. */
static int is_link(const struct layout_unit *u)
{
	return u->item && u->words <= LINK_WORDS && !u->period;
}

enum { L_NONE, L_MENU, L_LIST };

/*
 * Classes the list items: L_MENU for runs of MENU_LINKS links or more
 * shaped as menus are (capitalised words, or next to no stop words: the
 * points of an article have their sentences' shape), L_LIST for the items
 * of a list announced by a colon. Repeats and blocks without words do not
 * break a run.
 */
static void find_lists(const struct layout_unit *u, size_t n, unsigned char *kind)
{
	size_t i = 0, j, k, links, words, caps, stops;
	int announced;

	memset(kind, L_NONE, n);
	while (i < n) {
		if (!u[i].item) {
			i++;
			continue;
		}
		links = words = caps = stops = 0;
		for (j = i; j < n; j++) {
			if (is_link(&u[j]))
				links++, words += u[j].words, caps += u[j].caps, stops += u[j].stops;
			else if (!u[j].item && u[j].state != LAYOUT_SKIP)
				break;
		}
		for (k = i; k > 0 && u[k - 1].state == LAYOUT_SKIP; k--)
			;
		announced = k > 0 && u[k - 1].colon;
		if (announced)
			for (k = i; k < j; k++)
				kind[k] = u[k].item ? L_LIST : L_NONE;
		else if (links >= MENU_LINKS &&
			 (caps >= MENU_CAPS * words || stops <= MENU_STOPS * words))
			for (k = i; k < j; k++)
				kind[k] = is_link(&u[k]) ? L_MENU : L_NONE;
		i = j;
	}
}

static int is_prose(const struct layout_unit *u)
{
	return u->state != LAYOUT_SKIP && (u->cf == PROSE_GOOD || u->cf == PROSE_NEARGOOD);
}

static int is_title_item(const struct layout_unit *u)
{
	return u->bullet && u->words >= TEASER_TITLE_WORDS && !u->period && !is_prose(u);
}

/*
 * One teaser starting at block i: a bulleted title, up to TEASER_HEAD
 * blocks more that are not prose (a byline, a date), then at most one
 * short prose block, not followed by more prose (what is not prose after it,
 * up to the next title, is its too). Returns the index after
 * it, or i when there is none there; *summary tells whether it had prose.
 */
static size_t teaser_at(const struct layout_unit *u, size_t n, size_t i, int *summary)
{
	size_t j, head = 0, p;

	*summary = 0;
	if (i >= n || !is_title_item(&u[i]))
		return i;
	for (j = i + 1; j < n && !is_prose(&u[j]) && !is_title_item(&u[j]); j++)
		if (u[j].state != LAYOUT_SKIP && ++head > TEASER_HEAD)
			return i;
	if (j >= n || !is_prose(&u[j]))
		return j;
	if (u[j].chars > TEASER_CHARS)
		return i;
	/* After it, what is not prose (a credit, a date) up to the next title. */
	for (head = 0, p = j + 1; p < n && !is_prose(&u[p]) && !is_title_item(&u[p]); p++)
		if (u[p].state != LAYOUT_SKIP && ++head > TEASER_HEAD)
			break;
	if (p < n && is_prose(&u[p]))
		return i;
	*summary = 1;
	return p;
}

/*
 * Marks the blocks of teaser streams: runs of teasers with TEASER_RUN
 * summaries or more. Linear: a run's end is where the next one starts.
 */
static void find_teasers(const struct layout_unit *u, size_t n, unsigned char *teaser)
{
	size_t i = 0, j, k, end;
	int run, summary;

	memset(teaser, 0, n);
	while (i < n) {
		for (run = 0, j = i; (end = teaser_at(u, n, j, &summary)) != j; j = end)
			run += summary;
		if (run >= TEASER_RUN)
			for (k = i; k < j; k++)
				teaser[k] = 1;
		i = j > i ? j : i + 1;
	}
}

/* A dropped short block that reads as a sentence: kept inside the article. */
static int sentence_like(const struct layout_unit *u)
{
	if (u->cf == PROSE_NEARGOOD || u->cf == PROSE_GOOD)
		return 1;
	return u->cf == PROSE_SHORT && u->words >= 3 && (u->sentence_end || u->heading) &&
	       (double)u->stops >= INSIDE_STOPS * (double)u->words;
}

/* True when a block dropped by the prose classes belongs to the article it is in. */
static int rescuable(const struct layout_unit *u, int kind)
{
	return u->state == LAYOUT_PROSE_DROP && kind != L_MENU && (sentence_like(u) || kind == L_LIST);
}

/*
 * A long block the prose classes dropped between the article's first and
 * last prose is its code, a table or a dense paragraph: kept (images and
 * form fields aside).
 */
static int long_inside(const struct layout_unit *u, int kind)
{
	return u->state == LAYOUT_PROSE_DROP && kind != L_MENU && !u->bracket &&
	       (u->chars >= INSIDE_LONG || (u->item && u->words > LINK_WORDS));
}

/* How much a block says the article is here (> 0) or not (< 0). */
static long unit_score(const struct layout_unit *u, int kind, int teaser)
{
	/* Lines dropped inside a block (code, formulas, a credit) cost less than blocks and items. */
	long cost = u->newblock || u->item ? DROP_COST : DROP_COST / 8;

	if (kind == L_MENU && u->state != LAYOUT_FIXED_DROP)
		return -MENU_COST;
	if (teaser && u->state != LAYOUT_SKIP)
		return -DROP_COST;
	switch (u->state) {
	case LAYOUT_KEPT:
		return u->cf == PROSE_GOOD || u->cf == PROSE_NEARGOOD ? (long)u->chars : 0;
	case LAYOUT_PROSE_DROP:
		if (u->cf == PROSE_NEARGOOD || u->cf == PROSE_GOOD)
			return (long)u->chars / 2;
		return rescuable(u, kind) ? 0 : -cost;
	case LAYOUT_SKIP:
		return 0;
	default:
		/* What rules drop (share lines, bylines, dates) sits at an article's edges and inside it. */
		return -cost / 2;
	}
}

void layout_judge(struct layout_unit *u, size_t n, unsigned disabled, size_t *first,
		  size_t *last)
{
	unsigned char *kind = emalloc(n + 1), *teaser = emalloc(n + 1);
	long sum = 0, best = 0, score, menu_cost = 0;
	size_t i, k, start = 0, lo, hi;

	*first = *last = n;
	find_lists(u, n, kind);
	if (disabled & LAYOUT_MENU)
		for (i = 0; i < n; i++)
			if (kind[i] == L_MENU)
				kind[i] = L_NONE;
	if (disabled & LAYOUT_TEASER)
		memset(teaser, 0, n);
	else
		find_teasers(u, n, teaser);
	/* The maximum-sum stretch of blocks (Kadane): the article. */
	for (i = 0; i < n; i++)
		u[i].verdict = LAYOUT_NONE;
	for (i = 0; i < n; i++) {
		/* A comments heading ends the article, or starts the search anew. */
		if (u[i].rest) {
			if (best >= REST_AFTER_CHARS)
				break;
			sum = 0, start = i + 1;
			continue;
		}
		if (sum <= 0)
			sum = 0, start = i;
		score = unit_score(&u[i], kind[i], teaser[i]);
		/* A menu inside the article (its table of contents) costs at most MENU_RUN_COST. */
		if (kind[i] == L_MENU && score < 0) {
			score = menu_cost + score < -MENU_RUN_COST ? -MENU_RUN_COST - menu_cost : score;
			menu_cost += score;
		} else if (u[i].state != LAYOUT_SKIP) {
			menu_cost = 0;
		}
		sum += score;
		if (sum > best)
			best = sum, *first = start, *last = i;
	}
	/* What the prose classes kept right before it is its head: title, standfirst, byline. */
	for (i = *first, k = 0; *first < n && i > 0 && k < HEAD_BLOCKS; i--) {
		if (u[i - 1].state == LAYOUT_SKIP)
			continue;
		if (u[i - 1].state != LAYOUT_KEPT || kind[i - 1] == L_MENU)
			break;
		*first = i - 1;
		k++;
	}
	/* Blocks are kept back between its first and last prose, and in the lists it announces. */
	lo = *last + 1, hi = 0;
	for (i = *first; *first < n && i <= *last; i++)
		if (unit_score(&u[i], kind[i], teaser[i]) > 0) {
			lo = lo > i ? i : lo;
			hi = i;
		}
	while (lo <= hi && hi + 1 < n && (kind[hi + 1] == L_LIST || u[hi + 1].state == LAYOUT_SKIP))
		hi++;
	for (i = 0; i < n; i++) {
		int inside = *first < n && i >= *first && i <= *last;

		if (kind[i] == L_MENU && u[i].state == LAYOUT_KEPT)
			u[i].verdict = LAYOUT_DROP_MENU;
		else if (!(disabled & LAYOUT_EDGE) && *first < n && !inside &&
			 u[i].state == LAYOUT_KEPT)
			u[i].verdict = teaser[i] ? LAYOUT_DROP_TEASER : LAYOUT_DROP_EDGE;
		else if (!(disabled & LAYOUT_INSIDE) && i >= lo && i <= hi &&
			 (rescuable(&u[i], kind[i]) || long_inside(&u[i], kind[i])))
			u[i].verdict = LAYOUT_KEEP_INSIDE;
	}
	free(teaser);
	free(kind);
}
