/*
 * html-tree.h: the page as a compact tree of visible nodes, built by html.c
 * from libxml2's tree (libxml2 stays behind html.c and html-meta.c). Content
 * detection (html-score.c) and text rendering (html-text.c) work on it.
 *
 * Nodes are stored in document order (pre-order), so every node's index is
 * greater than its parent's: bottom-up sums are one backward loop, and no
 * walk needs recursion, however deep the page.
 */
#ifndef HRTK_HTML_TREE_H
#define HRTK_HTML_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

enum htag {
	H_OTHER, H_TEXT,
	H_A, H_ADDRESS, H_ARTICLE, H_ASIDE, H_BLOCKQUOTE, H_BODY, H_BR, H_CAPTION,
	H_CENTER, H_DD, H_DETAILS, H_DIV, H_DL, H_DT, H_FIELDSET, H_FIGCAPTION,
	H_FIGURE, H_FOOTER, H_FORM, H_H1, H_H2, H_H3, H_H4, H_H5, H_H6, H_HEADER,
	H_HR, H_HTML, H_IMG, H_LI, H_MAIN, H_MENU, H_NAV, H_OL, H_P, H_PRE,
	H_SECTION, H_SUMMARY, H_TABLE, H_TBODY, H_TD, H_TFOOT, H_TH, H_THEAD, H_TR,
	H_UL, H_EMBED, H_HGROUP, H_LEGEND, H_DIALOG, H_NTAGS
};

/* Node flags. */
enum {
	N_INLINK = 1 << 0,	/* text inside an <a> */
	N_LOCALLINK = 1 << 1,	/* text inside an <a href="#..."> */
	N_PRE = 1 << 2,		/* text inside <pre>: white space kept */
	N_LSPACE = 1 << 3,	/* text: white space was trimmed before it */
	N_RSPACE = 1 << 4,	/* text: white space was trimmed after it */
	N_DROP = 1 << 5,	/* element: left out of the output */
	N_KEEP = 1 << 6,	/* element: chosen as (part of) the article */
	N_ARTBODY = 1 << 7,	/* itemprop=articleBody */
	N_ROLE_MAIN = 1 << 8,	/* role=main or role=article */
	N_ROLE_BAD = 1 << 9,	/* role=navigation, menu, complementary, dialog... */
	N_AUTHOR = 1 << 10,	/* rel=author, itemprop=author, a byline class */
	N_DATATABLE = 1 << 11,	/* a table that holds data, not layout */
	N_PRESENT = 1 << 12	/* role=presentation */
};

struct hnode {
	int32_t parent, first, last, next;	/* -1: none */
	uint16_t tag;
	uint16_t flags;
	/* text: its collapsed bytes in tree.text; element: "class\nid" lowercased */
	uint32_t off, len;
	/* Sums over the subtree (html_tree_sum). */
	uint32_t size;		/* nodes in the subtree, itself included */
	uint32_t chars;		/* visible characters, white space runs counting one */
	uint32_t link_chars;	/* of which inside links (local links weigh 0.3) */
	uint32_t commas;
	uint32_t inline_chars;	/* own text not under a block descendant */
	uint32_t n_p, n_img, n_li, n_input, n_embed, n_input_own;
	uint32_t heading_chars;	/* inside h1..h6 */
	uint32_t li_chars;	/* inside li */
	uint8_t has_block;	/* some child is a paragraph-level element */
	uint8_t scored;		/* a candidate container (html-score.c) */
	int32_t depth;
	float score;
};

struct htree {
	struct hnode *n;
	size_t nr, alloc;
	struct buf text;	/* text of text nodes, attribute strings of elements */
	int32_t body;		/* the body (or the root) */
};

/* Per tag: what it is for layout and scoring. */
enum {
	TK_BLOCK = 1 << 0,	/* starts a paragraph */
	TK_LINE = 1 << 1,	/* starts a line: li, tr, td, dt, dd, caption */
	TK_HEADING = 1 << 2
};
extern const unsigned char htag_kind[H_NTAGS];

static inline const char *hnode_attrs(const struct htree *t, const struct hnode *n)
{
	return n->tag == H_TEXT ? "" : t->text.data + n->off;
}

/* Fills the subtree sums of every node, leaving out subtrees flagged N_DROP. */
void html_tree_sum(struct htree *t);
/* Link characters over characters. */
double html_link_density(const struct hnode *n);

/*
 * Writes the visible text of node i and its descendants, skipping nodes
 * flagged N_DROP, laid out as paragraphs, lines and blank lines.
 */
void html_render(const struct htree *t, int32_t i, struct buf *out);
/* Tidies rendered text: trims lines, at most one blank line, no trailing blank. */
void html_text_finish(struct buf *text);

/* Leaves out forms (but one that wraps the page's paragraphs). */
void html_drop_forms(struct htree *t);

/*
 * Chooses the article: flags the nodes to print with N_KEEP (and what to leave
 * out inside them with N_DROP). Writes the article text into out (empty when
 * the page has no article). title is the page's title for dropping a heading
 * that repeats it; fallback is text (JSON-LD articleBody) to use when the
 * page's own structure gives too little.
 */
void html_find_article(struct htree *t, const char *title, const char *fallback,
		       struct buf *out, struct buf *author);

#endif
