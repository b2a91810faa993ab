/*
 * html-meta.h: a page's metadata (title, author, date, language, site,
 * canonical URL) from its head, its JSON-LD and its markup.
 */
#ifndef HRTK_HTML_META_H
#define HRTK_HTML_META_H

#include <libxml/tree.h>

#include "buf.h"
#include "extract.h"

/*
 * Fills r's title, author, date, lang, site and url from doc when found,
 * and body with the JSON-LD articleBody (empty when none).
 */
void html_meta(xmlDoc *doc, struct extract_result *r, struct buf *body);
/* Guesses r->lang from r->text by stop words when the page declared none. */
void html_meta_lang(struct extract_result *r);
/* Appends s with white space runs made one space, ends trimmed. */
void html_collapse(struct buf *out, const char *s, size_t len);

#endif
