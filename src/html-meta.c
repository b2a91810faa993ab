/*
 * html-meta.c: metadata from the parsed page. Each field has sources in order
 * of trust; the first one found wins: Open Graph and article meta tags, then
 * JSON-LD, then the markup (<title>, <h1>, <time>).
 */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "html-meta.h"
#include "jsonl.h"
#include "stop.h"
#include "utf8.h"

enum field { F_TITLE, F_AUTHOR, F_DATE, F_SITE, F_URL, F_LANG, F_NFIELDS };

/* Meta names (name=, property= or itemprop=) per field, best first. */
static const char *const meta_names[F_NFIELDS][12] = {
	[F_TITLE] = { "og:title", "twitter:title", "dc.title", "headline", NULL },
	[F_AUTHOR] = { "author", "article:author", "byl", "dc.creator", "parsely-author",
		       "sailthru.author", "citation_author", "book:author", NULL },
	[F_DATE] = { "article:published_time", "datepublished", "date", "pubdate",
		     "publishdate", "dc.date.issued", "dc.date", "dcterms.date", "parsely-pub-date",
		     "sailthru.date", "citation_publication_date", "og:published_time" },
	[F_SITE] = { "og:site_name", "application-name", NULL },
	[F_URL] = { "og:url", NULL },
	[F_LANG] = { "content-language", "dc.language", "og:locale", NULL },
};

struct meta {
	struct buf found[F_NFIELDS];
	int rank[F_NFIELDS];		/* index in meta_names of what found holds */
	struct buf title_tag, h1, time, canonical, jsonld, lang;
	int h1s;
};

void html_collapse(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	int space = 0;

	for (; p < end; p++) {
		if (isspace(*p) || (*p == 0xC2 && p + 1 < end && p[1] == 0xA0 && p++)) {
			space = 1;
			continue;
		}
		if (space && out->len && out->data[out->len - 1] != ' ')
			buf_addc(out, ' ');
		space = 0;
		buf_addc(out, *p);
	}
}

static const char *prop(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (!strcasecmp((const char *)a->name, name))
			return a->children && a->children->content ? (const char *)a->children->content : "";
	return NULL;
}

/* Text content of n (all descendants), collapsed, into out. */
static void node_text(const xmlNode *n, struct buf *out)
{
	xmlChar *s = xmlNodeGetContent(n);

	if (s) {
		html_collapse(out, (const char *)s, strlen((const char *)s));
		xmlFree(s);
	}
}

static void take_meta(struct meta *m, const char *name, const char *content)
{
	size_t f, k;

	if (!name || !content || !*content)
		return;
	for (f = 0; f < F_NFIELDS; f++)
		for (k = 0; k < 12 && meta_names[f][k]; k++) {
			if (strcasecmp(name, meta_names[f][k]) || (m->found[f].len && m->rank[f] <= (int)k))
				continue;
			/* article:author is often a profile URL: not a name. */
			if (f == F_AUTHOR && !strncmp(content, "http", 4))
				continue;
			buf_reset(&m->found[f]);
			html_collapse(&m->found[f], content, strlen(content));
			m->rank[f] = (int)k;
		}
}

/* property="dc:title og:title": each name in turn; "dc:x" is "dc.x". */
static void take_names(struct meta *m, const char *names, const char *content)
{
	char name[64];
	size_t n;

	while (names && *names) {
		names += strspn(names, " \t\n");
		n = strcspn(names, " \t\n");
		if (n && n < sizeof(name)) {
			memcpy(name, names, n);
			name[n] = '\0';
			if (!strncasecmp(name, "dc:", 3))
				name[2] = '.';
			take_meta(m, name, content);
		}
		names += n;
	}
}

static void visit_meta(struct meta *m, const xmlNode *n)
{
	const char *content = prop(n, "content"), *eq = prop(n, "http-equiv");

	if (!content)
		return;
	take_names(m, prop(n, "property"), content);
	take_meta(m, prop(n, "name"), content);
	take_meta(m, prop(n, "itemprop"), content);
	if (eq)
		take_meta(m, eq, content);
}

static void visit(struct meta *m, const xmlNode *n)
{
	const char *name = (const char *)n->name, *v;

	if (!strcmp(name, "meta")) {
		visit_meta(m, n);
	} else if (!strcmp(name, "title") && !m->title_tag.len) {
		node_text(n, &m->title_tag);
	} else if (!strcmp(name, "h1")) {
		if (!m->h1s++)
			node_text(n, &m->h1);
	} else if (!strcmp(name, "time") && !m->time.len && (v = prop(n, "datetime"))) {
		html_collapse(&m->time, v, strlen(v));
	} else if (!strcmp(name, "link") && !m->canonical.len && (v = prop(n, "rel")) &&
		   !strcasecmp(v, "canonical") && (v = prop(n, "href"))) {
		html_collapse(&m->canonical, v, strlen(v));
	} else if (!strcmp(name, "script") && (v = prop(n, "type")) &&
		   !strcasecmp(v, "application/ld+json")) {
		xmlChar *s = xmlNodeGetContent(n);

		if (s) {
			buf_adds(&m->jsonld, (const char *)s);
			buf_addc(&m->jsonld, '\n');
			xmlFree(s);
		}
	} else if ((v = prop(n, "itemprop")) && (!strcasecmp(v, "datePublished")) &&
		   (v = prop(n, "datetime"))) {
		take_meta(m, "datepublished", v);
	}
}

/* A \uXXXX escape's code point; U+FFFD where the digits are not four hex digits. */
static unsigned long hex4(const char *p, const char *end)
{
	long v = json_hex4(p, end);

	return v < 0 ? 0xFFFD : (unsigned long)v;
}

/* Decodes the JSON string whose opening quote is at p; returns the byte after it. */
static const char *jsonld_string(const char *p, const char *end, struct buf *out)
{
	unsigned long cp, lo;

	for (p++; p < end && *p != '"'; p++) {
		if (*p != '\\' || p + 1 >= end) {
			buf_addc(out, *p);
			continue;
		}
		switch (*++p) {
		case 'n': buf_addc(out, '\n'); break;
		case 't': buf_addc(out, '\t'); break;
		case 'r': case 'b': case 'f': buf_addc(out, ' '); break;
		case 'u':
			cp = hex4(p + 1, end);
			p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && end - p > 6 && p[1] == '\\' && p[2] == 'u') {
				lo = hex4(p + 3, end);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					p += 6;
				}
			}
			if (cp >= 0xD800 && cp < 0xE000)
				cp = 0xFFFD;
			utf8_add(out, (int32_t)cp);
			break;
		default: buf_addc(out, *p);
		}
	}
	return p < end ? p + 1 : end;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/*
 * The string value of the first "key" in the JSON-LD text. With sub, the
 * value may be an object or array holding "sub" (author: {"name": ...}).
 */
static void jsonld_get(const struct buf *j, const char *key, const char *sub, struct buf *out)
{
	const char *p = j->data, *end, *hit;
	size_t klen = strlen(key);

	if (!j->len)
		return;		/* no JSON-LD: data may be NULL */
	end = j->data + j->len;
	while (p && (hit = memmem(p, (size_t)(end - p), key, klen))) {
		p = hit + klen;
		if (hit == j->data || hit[-1] != '"' || p >= end || *p != '"')
			continue;
		p = skip_space(p + 1, end);
		if (p >= end || *p != ':')
			continue;
		p = skip_space(p + 1, end);
		if (p < end && *p == '"') {
			jsonld_string(p, end, out);
			return;
		}
		if (sub && p < end && (*p == '{' || *p == '[')) {
			const char *lim = end - p > 600 ? p + 600 : end;
			const char *s = memmem(p, (size_t)(lim - p), sub, strlen(sub));

			if (s && s > p && s[-1] == '"' && s[strlen(sub)] == '"') {
				s = skip_space(s + strlen(sub) + 1, end);
				if (s < end && *s == ':' && (s = skip_space(s + 1, end)) < end && *s == '"') {
					jsonld_string(s, end, out);
					return;
				}
			}
		}
	}
}

/*
 * Strips a site name from a <title>: "Article - Site" gives "Article" when
 * what is left keeps at least three words (else the title is kept whole).
 */
static void clean_title(const struct buf *t, struct buf *out)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", NULL };
	const char *best = NULL;
	size_t i, words = 0;
	const char *p;

	if (!t->len)
		return;
	for (i = 0; seps[i]; i++) {
		const char *s = t->data, *hit, *last = NULL;

		while ((hit = strstr(s, seps[i]))) {
			last = hit;
			s = hit + 1;
		}
		if (last && (!best || last > best))
			best = last;
	}
	if (best) {
		for (p = t->data, words = 1; p < best; p++)
			words += *p == ' ';
		if (words >= 3) {
			buf_add(out, t->data, (size_t)(best - t->data));
			return;
		}
	}
	buf_add(out, t->data, t->len);
}

/* Cuts " | Site" off a title when Site and the site's name share their first word. */
static void strip_site(struct buf *title, const struct buf *site)
{
	static const char *const seps[] = { " | ", " - ", " – ", " — ", " :: ", " » ", " · ", NULL };
	const char *hit, *last = NULL, *s;
	size_t i, n;

	if (!title->len || !site->len)
		return;
	for (i = 0; seps[i]; i++)
		for (s = title->data; (hit = strstr(s, seps[i])); s = hit + 1)
			if (!last || hit > last)
				last = hit;
	if (!last)
		return;
	s = last + 1 + strcspn(last + 1, " ") + 1;
	n = strcspn(s, " ");
	if (n && !strncasecmp(s, site->data, n) && (site->len == n || site->data[n] == ' ' ||
						       site->data[n] == '.' || site->data[n] == ','))
		buf_truncate(title, (size_t)(last - title->data));
}

static void set(struct buf *dst, const struct buf *src)
{
	if (!dst->len && src->len) {
		buf_reset(dst);
		html_collapse(dst, src->data, src->len);
	}
}

void html_meta(xmlDoc *doc, struct extract_result *r, struct buf *body)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n = root;
	struct buf tmp = BUF_INIT;
	struct meta m;
	const char *v;
	size_t f;

	memset(&m, 0, sizeof(m));
	while (n) {
		if (n->type == XML_ELEMENT_NODE)
			visit(&m, n);
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		n = n == root ? NULL : n->next;
	}
	if (root && ((v = prop(root, "lang")) || (v = prop(root, "xml:lang"))))
		html_collapse(&m.lang, v, strlen(v));

	strip_site(&m.found[F_TITLE], &m.found[F_SITE]);
	set(&r->title, &m.found[F_TITLE]);
	jsonld_get(&m.jsonld, "headline", NULL, &tmp);
	set(&r->title, &tmp);
	buf_reset(&tmp);
	clean_title(&m.title_tag, &tmp);
	set(&r->title, &tmp);
	set(&r->title, &m.h1);

	set(&r->author, &m.found[F_AUTHOR]);
	buf_reset(&tmp);
	jsonld_get(&m.jsonld, "author", "name", &tmp);
	set(&r->author, &tmp);

	set(&r->date, &m.found[F_DATE]);
	buf_reset(&tmp);
	jsonld_get(&m.jsonld, "datePublished", NULL, &tmp);
	set(&r->date, &tmp);
	set(&r->date, &m.time);

	set(&r->site, &m.found[F_SITE]);
	buf_reset(&tmp);
	jsonld_get(&m.jsonld, "publisher", "name", &tmp);
	set(&r->site, &tmp);

	set(&r->url, &m.canonical);
	set(&r->url, &m.found[F_URL]);

	set(&r->lang, &m.lang);
	set(&r->lang, &m.found[F_LANG]);

	jsonld_get(&m.jsonld, "articleBody", NULL, body);

	for (f = 0; f < F_NFIELDS; f++)
		buf_release(&m.found[f]);
	buf_release(&m.title_tag);
	buf_release(&m.h1);
	buf_release(&m.time);
	buf_release(&m.canonical);
	buf_release(&m.jsonld);
	buf_release(&m.lang);
	buf_release(&tmp);
}

void html_meta_lang(struct extract_result *r)
{
	const char *code = r->text.len ? stop_detect(r->text.data, r->text.len) : NULL;

	if (code)
		buf_adds(&r->lang, code);
}
