/* html-charset.h: a page's character set, and its bytes as UTF-8. */
#ifndef HRTK_HTML_CHARSET_H
#define HRTK_HTML_CHARSET_H

#include <stddef.h>

#include "buf.h"

/*
 * Decides the character set of a page. When it is UTF-8, Latin-1 or
 * Windows-1252 (or undeclared), appends the page as UTF-8 to out and returns
 * NULL. Otherwise returns the encoding name for the parser to convert from
 * (a BOM's UTF-16, or the declared name, lowercased into name).
 */
const char *html_charset(const char *in, size_t len, struct buf *out, char *name, size_t size);

/* For an unknown declared charset: valid UTF-8 kept, other bytes read as Windows-1252. */
void html_charset_guess(const char *in, size_t len, struct buf *out);

#endif
