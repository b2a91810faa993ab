/*
 * html.c: HTML in, article text out. The one place libxml2's parser is used
 * (with html-meta.c, which reads the parsed head): the page is decoded to
 * UTF-8 (html-charset.c), parsed with recovery and no network, and copied
 * into a compact tree of its visible nodes (html-tree.h) for content
 * detection (html-score.c) and rendering (html-text.c).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include "err.h"
#include "extract.h"
#include "html-charset.h"
#include "html-meta.h"
#include "html-tree.h"

/* Elements whose content is never shown, or only as a control. */
static const char *const invisible[] = {
	"applet", "area", "audio", "base", "button", "canvas", "datalist", "frame",
	"frameset", "head", "iframe", "input", "link", "map", "meta",
	"noembed", "noframes", "noscript", "object", "option", "optgroup", "param",
	"script", "select", "source", "style", "svg", "template", "textarea",
	"title", "track", "video"
};

struct tag_name {
	const char *name;
	enum htag tag;
};

static const struct tag_name tags[] = {
	{ "a", H_A }, { "address", H_ADDRESS }, { "article", H_ARTICLE }, { "aside", H_ASIDE },
	{ "blockquote", H_BLOCKQUOTE }, { "body", H_BODY }, { "br", H_BR },
	{ "caption", H_CAPTION }, { "center", H_CENTER }, { "dd", H_DD },
	{ "details", H_DETAILS }, { "dialog", H_DIALOG }, { "div", H_DIV }, { "dl", H_DL },
	{ "dt", H_DT }, { "embed", H_EMBED }, { "fieldset", H_FIELDSET },
	{ "figcaption", H_FIGCAPTION }, { "figure", H_FIGURE }, { "footer", H_FOOTER },
	{ "form", H_FORM }, { "h1", H_H1 }, { "h2", H_H2 }, { "h3", H_H3 }, { "h4", H_H4 },
	{ "h5", H_H5 }, { "h6", H_H6 }, { "header", H_HEADER }, { "hgroup", H_HGROUP },
	{ "hr", H_HR }, { "html", H_HTML }, { "img", H_IMG }, { "legend", H_LEGEND },
	{ "li", H_LI }, { "main", H_MAIN }, { "menu", H_MENU }, { "nav", H_NAV },
	{ "ol", H_OL }, { "p", H_P }, { "pre", H_PRE }, { "section", H_SECTION },
	{ "summary", H_SUMMARY }, { "table", H_TABLE }, { "tbody", H_TBODY }, { "td", H_TD },
	{ "tfoot", H_TFOOT }, { "th", H_TH }, { "thead", H_THEAD }, { "tr", H_TR },
	{ "ul", H_UL }
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int cmp_tag(const void *key, const void *elem)
{
	return strcmp(key, ((const char *const *)elem)[0]);
}

static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (!strcasecmp((const char *)a->name, name))
			return a->children && a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* True when s (an attribute value) contains word as a case-blind substring. */
static int has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (!strncasecmp(s, word, n))
			return 1;
	return 0;
}

/* An inline style that hides the element: display:none or visibility:hidden. */
static int style_hides(const char *style)
{
	char squeezed[256];
	size_t i = 0;

	for (; style && *style && i + 1 < sizeof(squeezed); style++)
		if (!isspace((unsigned char)*style))
			squeezed[i++] = (char)tolower((unsigned char)*style);
	squeezed[i] = '\0';
	return strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden");
}

static int hidden(const xmlNode *n)
{
	const char *v;

	if (attr(n, "hidden"))
		return 1;
	if ((v = attr(n, "aria-hidden")) && !strcasecmp(v, "true"))
		return 1;
	return style_hides(attr(n, "style"));
}

static const char *const bad_roles[] = {
	"alert", "alertdialog", "banner", "complementary", "contentinfo", "dialog", "menu",
	"menubar", "navigation", "search", NULL
};

/* Class and id words of a byline (Readability's). */
static const char *const bylines[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL
};

/* Flags an element gets from its attributes. */
static unsigned attr_flags(const xmlNode *n, enum htag tag)
{
	const char *role = attr(n, "role"), *v;
	unsigned f = 0;
	size_t i;

	if (role) {
		if (!strcasecmp(role, "main") || !strcasecmp(role, "article"))
			f |= N_ROLE_MAIN;
		if (!strcasecmp(role, "presentation") || !strcasecmp(role, "none"))
			f |= N_PRESENT;
		for (i = 0; bad_roles[i]; i++)
			if (!strcasecmp(role, bad_roles[i]))
				f |= N_ROLE_BAD;
	}
	if ((v = attr(n, "itemprop"))) {
		if (has_word(v, "articlebody") || has_word(v, "reviewbody") || has_word(v, "text"))
			f |= N_ARTBODY;
		if (has_word(v, "author"))
			f |= N_AUTHOR;
	}
	if ((v = attr(n, "rel")) && has_word(v, "author"))
		f |= N_AUTHOR;
	for (i = 0; bylines[i]; i++)
		if (has_word(attr(n, "class"), bylines[i]) || has_word(attr(n, "id"), bylines[i]))
			f |= N_AUTHOR;
	if (tag == H_A && (v = attr(n, "href"))) {
		f |= N_INLINK;
		if (v[0] == '#')
			f |= N_LOCALLINK;
	}
	if (tag == H_PRE)
		f |= N_PRE;
	return f;
}

static int32_t add_node(struct htree *t, int32_t parent, enum htag tag, unsigned flags)
{
	struct hnode *n;

	if (t->nr == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 1024;
		t->n = ereallocarray(t->n, t->alloc, sizeof(*t->n));
	}
	n = &t->n[t->nr];
	memset(n, 0, sizeof(*n));
	n->parent = parent;
	n->first = n->last = n->next = -1;
	n->tag = (uint16_t)tag;
	n->flags = (uint16_t)flags;
	n->off = (uint32_t)t->text.len;
	if (parent >= 0) {
		n->depth = t->n[parent].depth + 1;
		if (t->n[parent].last >= 0)
			t->n[t->n[parent].last].next = (int32_t)t->nr;
		else
			t->n[parent].first = (int32_t)t->nr;
		t->n[parent].last = (int32_t)t->nr;
	}
	return (int32_t)t->nr++;
}

/*
 * Stores "class\nid" lowercased as the element's attribute string, at most
 * 200 bytes of each: the hints come first, and huge values stay cheap.
 */
static void add_attrs(struct htree *t, int32_t i, const xmlNode *n)
{
	const char *names[2] = { "class", "id" }, *v;
	size_t k, j;

	t->n[i].off = (uint32_t)t->text.len;
	for (k = 0; k < 2; k++) {
		if (k)
			buf_addc(&t->text, '\n');
		if (!(v = attr(n, names[k])))
			continue;
		for (j = 0; v[j] && j < 200; j++)
			buf_addc(&t->text, v[j] == '\n' ? ' ' : tolower((unsigned char)v[j]));
	}
	t->n[i].len = (uint32_t)(t->text.len - t->n[i].off);
	buf_addc(&t->text, '\0');
}

/* White space for collapsing: ASCII space characters and U+00A0. */
static size_t space_len(const unsigned char *p, const unsigned char *end)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
		return 1;
	if (*p == 0xC2 && p + 1 < end && p[1] == 0xA0)
		return 2;
	return 0;
}

/* Adds a text node: white space collapsed (but in <pre>), ends trimmed and flagged. */
static void add_text(struct htree *t, int32_t parent, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	unsigned flags = t->n[parent].flags & (N_INLINK | N_LOCALLINK | N_PRE);
	int32_t i = add_node(t, parent, H_TEXT, flags);
	char *o, *start;
	int space = 0;
	size_t n;

	if (flags & N_PRE) {
		buf_add(&t->text, s, (size_t)(end - p));
	} else {
		/* Collapsing only shortens: write in place into room for all of it. */
		buf_grow(&t->text, (size_t)(end - p) + 1);
		start = o = t->text.data + t->text.len;
		for (; p < end; p += n) {
			if ((n = space_len(p, end))) {
				space = 1;
				continue;
			}
			n = 1;
			if (space) {
				if (o > start)
					*o++ = ' ';
				else
					t->n[i].flags |= N_LSPACE;
				space = 0;
			}
			*o++ = (char)*p;
		}
		if (space)
			t->n[i].flags |= o > start ? N_RSPACE : N_LSPACE;
		t->text.len += (size_t)(o - start);
		t->text.data[t->text.len] = '\0';
	}
	t->n[i].len = (uint32_t)(t->text.len - t->n[i].off);
}

static enum htag tag_of(const char *name)
{
	const void *hit = bsearch(name, tags, sizeof(tags) / sizeof(tags[0]), sizeof(tags[0]), cmp_tag);

	return hit ? ((const struct tag_name *)hit)->tag : H_OTHER;
}

/* Adds element n under parent, or nothing when it is invisible; returns its index or -1. */
static int32_t add_element(struct htree *t, int32_t parent, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	enum htag tag;
	int32_t i;

	if (bsearch(name, invisible, sizeof(invisible) / sizeof(invisible[0]), sizeof(invisible[0]), cmp_name)) {
		if (!strcmp(name, "input") && parent >= 0)
			t->n[parent].n_input_own++;
		return -1;
	}
	if (hidden(n))
		return -1;
	tag = tag_of(name);
	if (tag == H_DIALOG && !attr(n, "open"))
		return -1;
	i = add_node(t, parent, tag, attr_flags(n, tag));
	if (parent >= 0)
		t->n[i].flags |= t->n[parent].flags & (N_INLINK | N_LOCALLINK | N_PRE);
	add_attrs(t, i, n);
	if (tag == H_BODY)
		t->body = i;
	return i;
}

/* Copies the visible part of libxml2's tree, without recursion. */
static void build_tree(struct htree *t, xmlNode *root)
{
	xmlNode *n = root;
	int32_t parent = -1, i;

	t->body = -1;
	while (n) {
		i = -1;
		if (n->type == XML_ELEMENT_NODE)
			i = add_element(t, parent, n);
		else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
			 n->content && parent >= 0)
			add_text(t, parent, (const char *)n->content);
		if (i >= 0 && n->children) {
			parent = i;
			n = n->children;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			parent = t->n[parent].parent;
		}
		n = n == root ? NULL : n->next;
	}
	if (t->body < 0)
		t->body = t->nr ? 0 : -1;
}

static void tree_release(struct htree *t)
{
	free(t->n);
	buf_release(&t->text);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* libxml2 must be set up once before threads parse (-j). */
static void init_parser(void)
{
	xmlInitParser();
}

static xmlDoc *parse(const char *in, size_t len, struct buf *err)
{
	const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
	struct buf utf8 = BUF_INIT;
	const char *enc;
	char name[64];
	xmlDoc *doc;

	pthread_once(&init_once, init_parser);
	enc = html_charset(in, len, &utf8, name, sizeof(name));
	if (enc) {
		/* An iconv handler is opened just to see that the name is known. */
		xmlCharEncodingHandler *h = xmlFindCharEncodingHandler(enc);

		if (h)
			xmlCharEncCloseFunc(h);
		else {
			html_charset_guess(in, len, &utf8);
			enc = NULL;
		}
	}
	/*
	 * Our UTF-8 copy goes in as it is: the parser's own UTF-8 decoder is
	 * slower, and the page's <meta charset> must not switch it to another.
	 */
	if (!enc)
		doc = htmlReadMemory(utf8.data ? utf8.data : "", (int)utf8.len, NULL, NULL,
				     options | HTML_PARSE_IGNORE_ENC);
	else
		doc = htmlReadMemory(in, (int)len, NULL, enc, options);
	buf_release(&utf8);
	if (!doc)
		buf_adds(err, "cannot parse the HTML");
	return doc;
}

/*
 * The article, with the title first when asked for. The title is not
 * printed by default: scored against gold article texts (Readability's test
 * pages) it costs 1.5 points of F1, and --jsonl gives it as "title".
 */
static void article(struct htree *t, const struct extract_opts *o, const char *body,
		    struct extract_result *r)
{
	size_t start;

	if (o->title && r->title.len) {
		buf_add(&r->text, r->title.data, r->title.len);
		buf_adds(&r->text, "\n\n");
	}
	start = r->text.len;
	html_find_article(t, r->title.data ? r->title.data : "", body, &r->text, &r->author);
	if (r->text.len == start)
		buf_truncate(&r->text, 0);
}

/* in holds only white space; it need not be NUL-terminated. */
static int all_space(const char *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!strchr(" \t\r\n\f", in[i]) || !in[i])
			return 0;
	return 1;
}

int html_extract(const char *in, size_t len, const struct extract_opts *o,
		 struct extract_result *r, struct buf *err)
{
	struct buf body = BUF_INIT;
	struct htree t;
	xmlDoc *doc;

	if (len > 0x7fffffff) {
		buf_adds(err, "page larger than 2 GB");
		return -1;
	}
	if (!(doc = parse(in, len, err))) {
		/* Nothing but white space: an empty page, not a broken one. */
		if (all_space(in, len)) {
			buf_reset(err);
			return 0;
		}
		return -1;
	}
	memset(&t, 0, sizeof(t));
	html_meta(doc, r, &body);
	if (xmlDocGetRootElement(doc))
		build_tree(&t, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (t.nr) {
		html_tree_sum(&t);
		if (o->all) {
			html_drop_forms(&t);
			html_render(&t, t.body, &r->text);
		}
		else
			article(&t, o, body.data, r);
		html_text_finish(&r->text);
	}
	if (o->want_meta && !r->lang.len)
		html_meta_lang(r);
	buf_release(&body);
	tree_release(&t);
	return 0;
}
