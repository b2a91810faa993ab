/*
 * html-score.c: finding the article in a page's tree. The core is
 * Readability's: paragraphs give points to their parent, grandparent and
 * further ancestors; containers start from their tag and class/id hints and
 * lose what links make up of their text; the best container is widened to
 * an ancestor that several near-best candidates share, and its siblings that
 * look like content join it; then inside it, boilerplate blocks (link lists,
 * forms, share bars, short fragments) are left out. When the result is
 * short, the pass is repeated with fewer removals, and the longest result
 * wins. (Bonuses for <article>, <main> and itemprop=articleBody were tried
 * and lost accuracy: class names already carry them.) JSON-LD articleBody
 * replaces a result less than half its length.
 */
#define _GNU_SOURCE	/* memmem */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "html-meta.h"
#include "html-tree.h"
#include "utf8.h"

/* Attempt flags: dropped one by one while the article is too short. */
enum { A_STRIP_UNLIKELY = 1, A_WEIGHT_CLASSES = 2, A_CLEAN = 4 };

/* Context inherited from ancestors (per node, fixed for the page). */
enum { C_TABLE = 1, C_CODE = 2, C_FIGURE = 4, C_DATATABLE = 8 };

enum { MIN_ARTICLE = 500, N_TOP = 5, MAX_CLIMB = 256, MAX_TITLE_HEADINGS = 16 };
#define MAX_LINK_DENSITY 0.5

struct scorer {
	struct htree *t;
	unsigned char *ctx;
	int flags;
	int32_t top[N_TOP];
	const char *title;
};

static const char *const unlikely[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
	"cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
	"related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social",
	"sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
	"yom-remote", NULL
};
static const char *const maybe[] = {
	"and", "article", "body", "column", "content", "main", "shadow", NULL
};
static const char *const negative[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
	"masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
	"shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", NULL
};
static const char *const positive[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
	"pagination", "post", "text", "blog", "story", NULL
};

/* True when s (len bytes) contains one of words. */
static int matches(const char *s, size_t len, const char *const *words)
{
	size_t i, n;
	const char *p;

	for (i = 0; words[i]; i++) {
		n = strlen(words[i]);
		for (p = s; p + n <= s + len; p++)
			if (*p == words[i][0] && !memcmp(p, words[i], n))
				return 1;
	}
	return 0;
}

static int class_weight(const struct scorer *s, int32_t i)
{
	const struct hnode *n = &s->t->n[i];
	const char *a = hnode_attrs(s->t, n), *nl;
	size_t clen;
	int w = 0;

	if (!(s->flags & A_WEIGHT_CLASSES))
		return 0;
	nl = memchr(a, '\n', n->len);
	clen = nl ? (size_t)(nl - a) : n->len;
	if (clen) {
		w -= matches(a, clen, negative) ? 25 : 0;
		w += matches(a, clen, positive) ? 25 : 0;
	}
	if (nl && n->len > clen + 1) {
		w -= matches(nl + 1, n->len - clen - 1, negative) ? 25 : 0;
		w += matches(nl + 1, n->len - clen - 1, positive) ? 25 : 0;
	}
	return w;
}

/* Readability's starting score of a container, plus semantic hints. */
static void init_candidate(struct scorer *s, int32_t i)
{
	struct hnode *n = &s->t->n[i];
	float score = 0;

	switch (n->tag) {
	case H_DIV: score = 5; break;
	case H_PRE: case H_TD: case H_BLOCKQUOTE: score = 3; break;
	case H_ADDRESS: case H_OL: case H_UL: case H_DL: case H_DD: case H_DT: case H_LI:
	case H_FORM: score = -3; break;
	case H_H1: case H_H2: case H_H3: case H_H4: case H_H5: case H_H6: case H_TH:
		score = -5; break;
	default: break;
	}
	n->score = score + (float)class_weight(s, i);
	n->scored = 1;
}

/* Elements scored as paragraphs: their own text, given to their ancestors. */
static int para_like(const struct hnode *n)
{
	switch (n->tag) {
	case H_P: case H_PRE: case H_TD: case H_SECTION: case H_H2: case H_H3: case H_H4:
	case H_H5: case H_H6:
		return 1;
	case H_DIV:
		return !n->has_block;
	default:
		return 0;
	}
}

static void give(struct scorer *s, int32_t from, uint32_t chars, uint32_t commas)
{
	struct htree *t = s->t;
	float score = 1.0f + (float)(commas + 1) + (float)(chars / 100 > 3 ? 3 : chars / 100);
	int32_t a = from;
	int level;

	for (level = 0; level < 5 && a >= 0 && t->n[a].parent >= 0; level++, a = t->n[a].parent) {
		if (!t->n[a].scored)
			init_candidate(s, a);
		t->n[a].score += score / (level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f);
	}
}

/* Keeps the N_TOP best candidates, best first. */
static void rank(struct scorer *s, int32_t i)
{
	struct hnode *n = s->t->n;
	int k, j;

	for (k = 0; k < N_TOP; k++)
		if (s->top[k] < 0 || n[i].score > n[s->top[k]].score)
			break;
	if (k == N_TOP)
		return;
	for (j = N_TOP - 1; j > k; j--)
		s->top[j] = s->top[j - 1];
	s->top[k] = i;
}

static void score_paragraphs(struct scorer *s)
{
	struct htree *t = s->t;
	struct hnode *n;
	size_t k;
	uint32_t commas;

	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		n->score = 0;
		n->scored = 0;
	}
	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		if (n->flags & N_DROP) {
			k += n->size - 1;
			continue;
		}
		if (n->tag == H_TEXT)
			continue;
		if (para_like(n)) {
			if (n->chars >= 25 && n->parent >= 0)
				give(s, n->parent, n->chars, n->commas);
		} else if (n->tag == H_DIV && n->inline_chars >= 25) {
			/* Loose text beside blocks: a paragraph of its own in this div. */
			commas = n->chars ? (uint32_t)((uint64_t)n->commas * n->inline_chars / n->chars) : 0;
			give(s, (int32_t)k, n->inline_chars, commas);
		}
	}
	for (k = 0; k < N_TOP; k++)
		s->top[k] = -1;
	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		if (!n->scored)
			continue;
		n->score *= (float)(1.0 - html_link_density(n));
		if (n->tag != H_HTML)
			rank(s, (int32_t)k);
	}
}

static int element_children(const struct htree *t, int32_t i)
{
	int32_t c;
	int n = 0;

	for (c = t->n[i].first; c >= 0; c = t->n[c].next)
		if (t->n[c].tag != H_TEXT && !(t->n[c].flags & N_DROP))
			n++;
	return n;
}

/*
 * Whether a is an ancestor of i, looking at most MAX_CLIMB levels up: real
 * pages are far shallower, and a bound keeps absurd nesting linear.
 */
static int is_ancestor(const struct htree *t, int32_t a, int32_t i)
{
	if (t->n[i].depth - t->n[a].depth > MAX_CLIMB)
		return 0;
	for (i = t->n[i].parent; i >= 0 && t->n[i].depth >= t->n[a].depth; i = t->n[i].parent)
		if (i == a)
			return 1;
	return 0;
}

static int top_level(const struct htree *t, int32_t i)
{
	return i < 0 || t->n[i].parent < 0 || t->n[i].tag == H_BODY || t->n[i].tag == H_HTML;
}

/* Readability's choice of the top candidate, widened to shared ancestors. */
static int32_t choose_top(struct scorer *s)
{
	struct htree *t = s->t;
	int32_t top = s->top[0], p;
	float last, threshold;
	int k, shared;

	if (top < 0)
		return -1;
	for (p = t->n[top].parent, k = 0; !top_level(t, p) && k < MAX_CLIMB; p = t->n[p].parent, k++) {
		int j;

		shared = 0;
		for (j = 1; j < N_TOP && s->top[j] >= 0; j++)
			if (t->n[s->top[j]].score >= 0.75f * t->n[top].score && is_ancestor(t, p, s->top[j]))
				shared++;
		if (shared >= 3) {
			top = p;
			break;
		}
	}
	if (!t->n[top].scored)
		init_candidate(s, top);
	last = t->n[top].score;
	threshold = last / 3;
	for (p = t->n[top].parent; !top_level(t, p); p = t->n[p].parent) {
		if (!t->n[p].scored)
			continue;
		if (t->n[p].score < threshold)
			break;
		if (t->n[p].score > last) {
			top = p;
			break;
		}
		last = t->n[p].score;
	}
	for (p = t->n[top].parent; !top_level(t, p) && element_children(t, p) == 1; p = t->n[p].parent)
		top = p;
	if (!t->n[top].scored)
		init_candidate(s, top);
	return top;
}

static int same_class(const struct htree *t, int32_t a, int32_t b)
{
	const char *x = hnode_attrs(t, &t->n[a]), *y = hnode_attrs(t, &t->n[b]);
	size_t xl = strcspn(x, "\n"), yl = strcspn(y, "\n");

	return xl && xl == yl && !memcmp(x, y, xl);
}

/* A paragraph ends a sentence: ". " or a final ".". */
static int has_sentence_end(const struct htree *t, int32_t i)
{
	const struct hnode *n = &t->n[i];
	size_t k;
	const char *s;

	for (k = (size_t)i + 1; k < (size_t)i + n->size; k++) {
		if (t->n[k].tag != H_TEXT)
			continue;
		s = t->text.data + t->n[k].off;
		if (t->n[k].len && (memmem(s, t->n[k].len, ". ", 2) || s[t->n[k].len - 1] == '.'))
			return 1;
	}
	return 0;
}

/* Flags the top candidate and its siblings that look like content with N_KEEP. */
static void keep_siblings(struct scorer *s, int32_t top)
{
	struct htree *t = s->t;
	float top_score = t->n[top].score;
	float threshold = top_score * 0.2f > 10 ? top_score * 0.2f : 10;
	int32_t c, p = t->n[top].parent;
	struct hnode *n;
	double ld;

	if (top_level(t, top) || p < 0) {
		t->n[top].flags |= N_KEEP;
		return;
	}
	for (c = t->n[p].first; c >= 0; c = t->n[c].next) {
		n = &t->n[c];
		if (n->tag == H_TEXT || (n->flags & N_DROP))
			continue;
		if (c == top) {
			n->flags |= N_KEEP;
			continue;
		}
		if (n->scored && n->score + (same_class(t, c, top) ? top_score * 0.2f : 0) >= threshold) {
			n->flags |= N_KEEP;
			continue;
		}
		if (n->tag == H_P || (n->tag == H_DIV && !n->has_block)) {
			ld = html_link_density(n);
			if (n->chars > 80 && ld < 0.25)
				n->flags |= N_KEEP;
			else if (n->chars < 80 && n->chars > 0 && ld == 0 && has_sentence_end(t, c))
				n->flags |= N_KEEP;
		}
	}
}

/* Readability's _cleanConditionally: is this block boilerplate? */
static int boilerplate_test(const struct scorer *s, int32_t i)
{
	const struct htree *t = s->t;
	const struct hnode *n = &t->n[i];
	int weight = class_weight(s, i);
	int is_list = n->tag == H_UL || n->tag == H_OL;
	double ld, heading_density;
	long p, img, li, input;
	int in_figure = (s->ctx[i] & C_FIGURE) != 0;

	if ((s->ctx[i] & (C_DATATABLE | C_CODE)) || (n->flags & N_DATATABLE))
		return 0;
	if (!is_list && n->chars)
		is_list = (double)n->li_chars / n->chars > 0.9;
	if (weight < 0)
		return 1;
	if (n->commas >= 10)
		return 0;
	p = n->n_p;
	img = n->n_img;
	li = (long)n->n_li - 100;
	input = n->n_input;
	ld = html_link_density(n);
	heading_density = n->chars ? (double)n->heading_chars / n->chars : 0;
	if (img > 1 && (double)p / img < 0.5 && !in_figure)
		return 1;
	if (!is_list && li > p)
		return 1;
	if (input > p / 3)
		return 1;
	if (!is_list && heading_density < 0.9 && n->chars < 25 && (img == 0 || img > 2) && !in_figure)
		return 1;
	if (!is_list && weight < 25 && ld > 0.2)
		return 1;
	if (weight >= 25 && ld > 0.5)
		return 1;
	if ((n->n_embed == 1 && n->chars < 75) || n->n_embed > 1)
		return 1;
	return 0;
}

/*
 * A list whose items each hold one element, with as many images as items,
 * is a gallery: kept whatever the tests say.
 */
static int gallery(const struct htree *t, int32_t i)
{
	int32_t c;

	for (c = t->n[i].first; c >= 0; c = t->n[c].next)
		if (t->n[c].tag != H_TEXT && element_children(t, c) > 1)
			return 0;
	return t->n[i].n_img == t->n[i].n_li;
}

static int boilerplate(const struct scorer *s, int32_t i)
{
	const struct hnode *n = &s->t->n[i];
	int is_list = n->tag == H_UL || n->tag == H_OL ||
		(n->chars && (double)n->li_chars / n->chars > 0.9);

	if (class_weight(s, i) < 0)
		return 1;
	return boilerplate_test(s, i) && !(is_list && gallery(s->t, i));
}

static int share_like(const struct htree *t, int32_t i)
{
	static const char *const share[] = { "share", "sharedaddy", NULL };
	const struct hnode *n = &t->n[i];

	return n->chars < 500 && matches(hnode_attrs(t, n), n->len, share);
}

/* Leaves out the boilerplate inside the kept nodes. */
static void clean_article(struct scorer *s)
{
	struct htree *t = s->t;
	struct hnode *n;
	size_t k, end = 0;
	int in = 0;

	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		if (n->flags & N_KEEP) {
			in = 1;
			end = k + n->size;
		} else if (in && k >= end) {
			in = 0;
		}
		if (!in || n->tag == H_TEXT || (n->flags & N_DROP))
			continue;
		switch (n->tag) {
		case H_FOOTER: case H_ASIDE: case H_NAV:
			n->flags |= N_DROP;
			break;
		case H_H1: case H_H2:
			if (class_weight(s, (int32_t)k) < 0)
				n->flags |= N_DROP;
			break;
		case H_FORM: case H_FIELDSET: case H_TABLE: case H_UL: case H_DIV:
			if ((s->flags & A_CLEAN) && boilerplate(s, (int32_t)k))
				n->flags |= N_DROP;
			break;
		default:
			break;
		}
		if (!(n->flags & N_DROP) && !(n->flags & N_KEEP) && share_like(t, (int32_t)k))
			n->flags |= N_DROP;
		if ((n->flags & N_DROP) && (n->flags & N_KEEP))
			n->flags &= (uint16_t)~N_KEEP;
		if (n->flags & N_DROP)
			k += n->size - 1;
	}
}

/* Words of a and b in common over the words of the longer one, roughly. */
static int similar(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, same = 0, n;

	if (!alen || !blen)
		return 0;
	n = alen < blen ? alen : blen;
	for (i = 0; i < n && a[i] == b[i]; i++)
		same++;
	return alen == blen && same == n;
}

/* Drops the first h1/h2 that repeats the page title: the title is printed apart. */
static void drop_title_heading(struct scorer *s)
{
	struct htree *t = s->t;
	struct buf text = BUF_INIT, norm = BUF_INIT;
	size_t k, tl = strlen(s->title);
	int seen = 0;

	if (!tl)
		return;
	for (k = 0; k < t->nr && seen < MAX_TITLE_HEADINGS; k++) {
		if (t->n[k].tag != H_H1 && t->n[k].tag != H_H2)
			continue;
		seen++;
		if (t->n[k].flags & N_DROP)
			continue;
		buf_reset(&text);
		buf_reset(&norm);
		html_render(t, (int32_t)k, &text);
		html_collapse(&norm, text.data ? text.data : "", text.len);
		if (similar(norm.data, norm.len, s->title, tl)) {
			t->n[k].flags |= N_DROP;
			break;
		}
	}
	buf_release(&text);
	buf_release(&norm);
}

static int unlikely_node(const struct scorer *s, int32_t i)
{
	const struct hnode *n = &s->t->n[i];
	const char *a = hnode_attrs(s->t, n);

	if (n->tag == H_TEXT || n->tag == H_BODY || n->tag == H_HTML || n->tag == H_A)
		return 0;
	if (n->flags & N_ROLE_BAD)
		return 1;
	if (s->ctx[i] & (C_TABLE | C_CODE))
		return 0;
	return n->len && matches(a, n->len, unlikely) && !matches(a, n->len, maybe);
}

/* Leaves out forms unless one holds most of the page (ASP.NET pages wrap everything in one). */
static int small_form(const struct htree *t, int32_t i)
{
	return t->n[i].tag == H_FORM && t->n[i].n_p < 3;
}

void html_drop_forms(struct htree *t)
{
	size_t k;

	for (k = 0; k < t->nr; k++)
		if (small_form(t, (int32_t)k))
			t->n[k].flags |= N_DROP;
	html_tree_sum(t);
}

/* Link characters over characters of what attempt() printed. */
static double kept_link_density(const struct htree *t)
{
	uint64_t chars = 0, links = 0;
	size_t k, end = 0;

	for (k = 0; k < t->nr; k++) {
		if (t->n[k].flags & N_DROP) {
			k += t->n[k].size - 1;
			continue;
		}
		if (t->n[k].flags & N_KEEP && k >= end)
			end = k + t->n[k].size;
		if (k < end && t->n[k].tag == H_TEXT) {
			chars += t->n[k].chars;
			links += t->n[k].link_chars;
		}
	}
	return chars ? (double)links / (double)chars : 1;
}

/*
 * One pass of the search with the given flags; writes the article into out
 * and returns its link density.
 */
static double attempt(struct scorer *s, struct buf *out)
{
	struct htree *t = s->t;
	size_t k;
	int32_t top, c;
	int byline;

	for (k = 0; k < t->nr; k++)
		t->n[k].flags &= (uint16_t)~(N_DROP | N_KEEP);
	html_tree_sum(t);
	for (k = 0, byline = 0; k < t->nr; k++) {
		if (t->n[k].tag == H_TEXT)
			continue;
		/* The byline goes (once): it is metadata, not article text. */
		if (!byline && (t->n[k].flags & N_AUTHOR) && t->n[k].chars && t->n[k].chars < 100) {
			byline = 1;
			t->n[k].flags |= N_DROP;
		}
		if (small_form(t, (int32_t)k) ||
		    ((s->flags & A_STRIP_UNLIKELY) && unlikely_node(s, (int32_t)k))) {
			t->n[k].flags |= N_DROP;
			k += t->n[k].size - 1;
		}
	}
	html_tree_sum(t);
	drop_title_heading(s);
	html_tree_sum(t);
	score_paragraphs(s);
	top = choose_top(s);
	if (top < 0)
		top = t->body;
	if (top < 0)
		return 1;
	keep_siblings(s, top);
	clean_article(s);
	for (c = top_level(t, top) ? top : t->n[t->n[top].parent].first; c >= 0; c = t->n[c].next) {
		if (t->n[c].flags & N_KEEP)
			html_render(t, c, out);
		if (top_level(t, top))
			break;
	}
	return kept_link_density(t);
}

/* Readability's test of a table holding data rather than laying out the page. */
static int data_table(const struct htree *t, int32_t i)
{
	size_t k, end = (size_t)i + t->n[i].size;
	long rows = 0, cols = 0, cells;
	int32_t c;

	if (t->n[i].flags & N_PRESENT)
		return 0;
	for (k = (size_t)i + 1; k < end; k++) {
		switch (t->n[k].tag) {
		case H_TABLE:
			return 0;
		case H_TH: case H_CAPTION: case H_THEAD: case H_TFOOT:
			return 1;
		case H_TR:
			rows++;
			cells = 0;
			for (c = t->n[k].first; c >= 0; c = t->n[c].next)
				cells += t->n[c].tag == H_TD;
			if (cells > cols)
				cols = cells;
			break;
		default:
			break;
		}
	}
	return rows >= 10 || cols > 4 || rows * cols > 10;
}

/* Inherited context: inside a table, code, a figure, a data table. */
static void set_context(struct scorer *s)
{
	struct htree *t = s->t;
	struct hnode *n;
	size_t k;

	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		s->ctx[k] = n->parent >= 0 ? s->ctx[n->parent] : 0;
		if (n->tag == H_TABLE) {
			s->ctx[k] |= C_TABLE;
			if (data_table(t, (int32_t)k))
				n->flags |= N_DATATABLE;
		}
		else if (n->tag == H_PRE)
			s->ctx[k] |= C_CODE;
		if (n->parent >= 0 && (t->n[n->parent].flags & N_DATATABLE))
			s->ctx[k] |= C_DATATABLE;
		else if (n->tag == H_FIGURE)
			s->ctx[k] |= C_FIGURE;
	}
}

static size_t text_chars(const struct buf *b)
{
	return utf8_count((const unsigned char *)b->data, b->len);
}

/* The text of the page's byline element, "By " left out, for the author field. */
static void find_byline(const struct htree *t, struct buf *author)
{
	struct buf text = BUF_INIT;
	size_t k;
	const char *p;

	for (k = 0; k < t->nr; k++)
		if ((t->n[k].flags & N_AUTHOR) && t->n[k].chars > 0 && t->n[k].chars < 100)
			break;
	if (k == t->nr)
		return;
	html_render(t, (int32_t)k, &text);
	p = text.data ? text.data : "";
	if (!strncasecmp(p, "by ", 3))
		p += 3;
	buf_reset(author);
	html_collapse(author, p, strlen(p));
	buf_release(&text);
}

void html_find_article(struct htree *t, const char *title, const char *fallback,
		       struct buf *out, struct buf *author)
{
	static const int passes[] = {
		A_STRIP_UNLIKELY | A_WEIGHT_CLASSES | A_CLEAN, A_WEIGHT_CLASSES | A_CLEAN, A_CLEAN, 0
	};
	struct scorer s;
	struct buf best = BUF_INIT, cur = BUF_INIT;
	size_t k, best_chars = 0, n;
	double ld, best_ld = 1;

	memset(&s, 0, sizeof(s));
	s.t = t;
	s.title = title;
	s.ctx = ecalloc(t->nr ? t->nr : 1, 1);
	set_context(&s);
	if (!author->len)
		find_byline(t, author);
	for (k = 0; k < sizeof(passes) / sizeof(passes[0]); k++) {
		s.flags = passes[k];
		buf_reset(&cur);
		ld = attempt(&s, &cur);
		html_text_finish(&cur);
		n = text_chars(&cur);
		if (n > best_chars || !best.len) {
			struct buf tmp = best;

			best = cur;
			cur = tmp;
			best_chars = n;
			best_ld = ld;
		}
		if (n >= MIN_ARTICLE)
			break;
	}
	/* Mostly links: a home page or an index, not an article. */
	if (best_ld > MAX_LINK_DENSITY)
		buf_reset(&best);
	/*
	 * The publisher's own articleBody, twice as long as what the markup
	 * gave: the article is split in ways the search missed (if it is text,
	 * not markup).
	 */
	if (fallback && strlen(fallback) > best.len * 2 && !strstr(fallback, "</")) {
		buf_reset(&best);
		buf_adds(&best, fallback);
	}
	buf_add(out, best.data, best.len);
	buf_release(&best);
	buf_release(&cur);
	free(s.ctx);
}
