/*
 * html-text.c: the tree's text laid out as the output wants it: paragraphs
 * separated by blank lines; list items, table cells, definition terms and
 * <br> breaks on lines of their own; <pre> as it is.
 */
#include <string.h>

#include "html-tree.h"

const unsigned char htag_kind[H_NTAGS] = {
	[H_ADDRESS] = TK_BLOCK, [H_ARTICLE] = TK_BLOCK, [H_ASIDE] = TK_BLOCK,
	[H_BLOCKQUOTE] = TK_BLOCK, [H_BODY] = TK_BLOCK, [H_BR] = TK_LINE,
	[H_CAPTION] = TK_LINE, [H_CENTER] = TK_BLOCK, [H_DD] = TK_LINE,
	[H_DETAILS] = TK_BLOCK, [H_DIALOG] = TK_BLOCK, [H_DIV] = TK_BLOCK, [H_DL] = TK_BLOCK,
	[H_DT] = TK_LINE, [H_FIELDSET] = TK_BLOCK, [H_FIGCAPTION] = TK_BLOCK,
	[H_FIGURE] = TK_BLOCK, [H_FOOTER] = TK_BLOCK, [H_FORM] = TK_BLOCK,
	[H_H1] = TK_BLOCK | TK_HEADING, [H_H2] = TK_BLOCK | TK_HEADING,
	[H_H3] = TK_BLOCK | TK_HEADING, [H_H4] = TK_BLOCK | TK_HEADING,
	[H_H5] = TK_BLOCK | TK_HEADING, [H_H6] = TK_BLOCK | TK_HEADING,
	[H_HEADER] = TK_BLOCK, [H_HGROUP] = TK_BLOCK, [H_HR] = TK_BLOCK, [H_HTML] = TK_BLOCK,
	[H_LEGEND] = TK_BLOCK, [H_LI] = TK_LINE, [H_MAIN] = TK_BLOCK, [H_MENU] = TK_BLOCK,
	[H_NAV] = TK_BLOCK, [H_OL] = TK_BLOCK, [H_P] = TK_BLOCK, [H_PRE] = TK_BLOCK,
	[H_SECTION] = TK_BLOCK, [H_SUMMARY] = TK_BLOCK, [H_TABLE] = TK_BLOCK,
	[H_TBODY] = TK_LINE, [H_TD] = TK_LINE, [H_TFOOT] = TK_LINE, [H_TH] = TK_LINE,
	[H_THEAD] = TK_LINE, [H_TR] = TK_LINE, [H_UL] = TK_BLOCK,
};

/* Paragraph-level children make a div a container rather than a paragraph. */
static int para_level(enum htag tag)
{
	switch (tag) {
	case H_BLOCKQUOTE: case H_DL: case H_DIV: case H_OL: case H_P: case H_PRE:
	case H_TABLE: case H_UL: case H_SECTION: case H_ARTICLE: case H_H1: case H_H2:
	case H_H3: case H_H4: case H_H5: case H_H6: case H_HEADER: case H_FOOTER:
	case H_NAV: case H_ASIDE: case H_FORM: case H_FIGURE: case H_MAIN: case H_LI:
	case H_FIELDSET: case H_ADDRESS: case H_CENTER: case H_DETAILS: case H_HR:
		return 1;
	default:
		return 0;
	}
}

/* Characters of UTF-8 text (continuation bytes not counted) and its commas. */
static uint32_t count_chars(const char *s, uint32_t len, uint32_t *commas)
{
	uint32_t n = 0, i;

	*commas = 0;
	for (i = 0; i < len; i++) {
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (s[i] == ',')
			(*commas)++;
		else if (i + 2 < len && !memcmp(s + i, "\xEF\xBC\x8C", 3))	/* U+FF0C fullwidth comma */
			(*commas)++;
		else if (i + 1 < len && !memcmp(s + i, "\xD8\x8C", 2))	/* U+060C Arabic comma */
			(*commas)++;
	}
	return n;
}

void html_tree_sum(struct htree *t)
{
	struct hnode *n, *p;
	size_t k;

	for (k = 0; k < t->nr; k++) {
		n = &t->n[k];
		n->size = 1;
		n->chars = n->link_chars = n->commas = n->inline_chars = 0;
		n->n_p = n->n_img = n->n_li = n->n_embed = n->heading_chars = n->li_chars = 0;
		n->n_input = n->n_input_own;
		n->has_block = 0;
	}
	for (k = t->nr; k-- > 0;) {
		n = &t->n[k];
		if (n->parent >= 0)
			t->n[n->parent].size += n->size;
		if (n->flags & N_DROP)
			continue;
		if (n->tag == H_TEXT) {
			n->chars = count_chars(t->text.data + n->off, n->len, &n->commas);
			if (n->flags & N_INLINK)
				n->link_chars = n->flags & N_LOCALLINK ? n->chars * 3 / 10 : n->chars;
			n->inline_chars = n->chars;
		} else {
			n->n_p += n->tag == H_P;
			n->n_img += n->tag == H_IMG;
			n->n_li += n->tag == H_LI;
			n->n_embed += n->tag == H_EMBED;
			if (htag_kind[n->tag] & TK_HEADING)
				n->heading_chars = n->chars;
			if (n->tag == H_LI)
				n->li_chars = n->chars;
		}
		if (n->parent < 0)
			continue;
		p = &t->n[n->parent];
		p->chars += n->chars;
		p->link_chars += n->link_chars;
		p->commas += n->commas;
		p->n_p += n->n_p;
		p->n_img += n->n_img;
		p->n_li += n->n_li;
		p->n_input += n->n_input;
		p->n_embed += n->n_embed;
		p->heading_chars += n->heading_chars;
		p->li_chars += n->li_chars;
		if (para_level(n->tag))
			p->has_block = 1;
		else if (!(htag_kind[n->tag] & (TK_BLOCK | TK_LINE)))
			p->inline_chars += n->inline_chars;
	}
}

double html_link_density(const struct hnode *n)
{
	return n->chars ? (double)n->link_chars / n->chars : 0;
}

enum { P_NONE, P_SPACE, P_LINE, P_PARA };

struct render {
	struct buf *out;
	int pending;
};

static void want(struct render *r, int level)
{
	if (level > r->pending)
		r->pending = level;
}

static void emit(struct render *r, const char *s, size_t len)
{
	struct buf *o = r->out;
	char last = o->len ? o->data[o->len - 1] : '\n';

	if (!len)
		return;
	if (r->pending == P_SPACE && last != '\n' && last != ' ')
		buf_addc(o, ' ');
	else if (r->pending >= P_LINE && o->len) {
		if (last != '\n')
			buf_addc(o, '\n');
		if (r->pending == P_PARA && (o->len < 2 || o->data[o->len - 2] != '\n'))
			buf_addc(o, '\n');
	}
	r->pending = P_NONE;
	buf_add(o, s, len);
}

static int break_of(enum htag tag)
{
	return htag_kind[tag] & TK_BLOCK ? P_PARA : htag_kind[tag] & TK_LINE ? P_LINE : P_NONE;
}

void html_render(const struct htree *t, int32_t root, struct buf *out)
{
	struct render r = { out, P_PARA };
	const struct hnode *n;
	int32_t i = root;

	if (root < 0)
		return;
	while (i >= 0) {
		n = &t->n[i];
		if (n->tag == H_TEXT) {
			if (n->flags & N_LSPACE)
				want(&r, P_SPACE);
			emit(&r, t->text.data + n->off, n->len);
			if (n->flags & N_RSPACE)
				want(&r, P_SPACE);
		} else if (!(n->flags & N_DROP)) {
			want(&r, break_of(n->tag));
			if (n->first >= 0) {
				i = n->first;
				continue;
			}
		}
		/* Up until a node has a next sibling, closing the elements left. */
		while (i != root && n->next < 0) {
			i = n->parent;
			n = &t->n[i];
			want(&r, break_of(n->tag));
		}
		if (i == root)
			break;
		i = n->next;
	}
	want(&r, P_PARA);
	emit(&r, "", 0);
}

/* Trims each line's trailing blanks; keeps at most one blank line between lines. */
void html_text_finish(struct buf *text)
{
	struct buf out = BUF_INIT;
	const char *p = text->data, *end, *nl, *e;
	int blanks = 0;

	if (!text->len)
		return;
	end = p + text->len;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		for (e = nl; e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'); e--)
			;
		if (e == p) {
			blanks++;
			continue;
		}
		if (out.len)
			buf_add(&out, "\n\n", blanks ? 2 : 1);
		blanks = 0;
		buf_add(&out, p, (size_t)(e - p));
	}
	if (out.len)
		buf_addc(&out, '\n');
	buf_release(text);
	*text = out;
}
