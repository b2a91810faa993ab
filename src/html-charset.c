/*
 * html-charset.c: which character set a page is in. A byte order mark wins;
 * then bytes that are valid UTF-8 with some multi-byte sequence are UTF-8
 * whatever the page declares (pages often declare Latin-1 and are sent in
 * UTF-8); then the declaration (<meta charset>, http-equiv); then, for bytes
 * that are not UTF-8, Windows-1252 (which browsers use for Latin-1 too).
 */
#include <ctype.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

#include "html-charset.h"
#include "utf8.h"


/*
 * Counts the valid multi-byte sequences and the invalid bytes of s. A
 * sequence cut by the end of the input is not held against it.
 */
static void utf8_counts(const char *s, size_t len, size_t *multi, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t n;

	*multi = *bad = 0;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		n = utf8_valid_len(p, (size_t)(end - p));
		if (n >= 2) {
			(*multi)++;
			p += n;
		} else {
			if (!(end - p < 4 && *p >= 0xC2))
				(*bad)++;
			p++;
		}
	}
}

/* Windows-1252's 0x80..0x9F; the other bytes are their own code points. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178
};

/*
 * Appends in as UTF-8: valid UTF-8 sequences are copied when utf8 is set,
 * every other byte is read as Windows-1252.
 */
static void to_utf8(const char *in, size_t len, int utf8, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + len, *run;
	size_t n;

	buf_grow(out, len + len / 8);
	while (p < end) {
		/* Runs of ASCII and valid sequences are copied whole. */
		for (run = p; p < end; p += n) {
			n = *p < 0x80 ? 1 : utf8 ? utf8_valid_len(p, (size_t)(end - p)) : 0;
			if (!n)
				break;
		}
		buf_add(out, run, (size_t)(p - run));
		if (p < end) {
			utf8_add(out, (int32_t)*p < 0xA0 ? cp1252[*p - 0x80] : *p);
			p++;
		}
	}
}

/* Copies a charset name from s (up to a quote, ';', space or '>') into name. */
static void copy_name(const char *s, const char *end, char *name, size_t size)
{
	size_t i = 0;

	while (s < end && (*s == ' ' || *s == '"' || *s == '\'' || *s == '='))
		s++;
	while (s < end && i + 1 < size && (isalnum((unsigned char)*s) || *s == '-' || *s == '_'
					   || *s == ':' || *s == '.'))
		name[i++] = (char)tolower((unsigned char)*s++);
	name[i] = '\0';
}

/* The charset a <meta> tag in the first bytes declares, lowercased, or "". */
static void declared(const char *in, size_t len, char *name, size_t size)
{
	const char *p = in, *end = in + (len < 16384 ? len : 16384), *tag_end, *cs;

	name[0] = '\0';
	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		if (end - p < 6 || strncasecmp(p, "<meta", 5)) {
			p++;
			continue;
		}
		tag_end = memchr(p, '>', (size_t)(end - p));
		if (!tag_end)
			return;
		for (cs = p; cs + 7 < tag_end; cs++)
			if (!strncasecmp(cs, "charset", 7)) {
				copy_name(cs + 7, tag_end, name, size);
				if (name[0])
					return;
			}
		p = tag_end;
	}
}

const char *html_charset(const char *in, size_t len, struct buf *out, char *name, size_t size)
{
	static const char *const latin1[] = {
		"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
		"windows-1252", "cp1252", "x-cp1252", "iso_8859-1", "cp819", "ibm819", NULL
	};
	size_t multi, bad, i;

	if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
		to_utf8(in + 3, len - 3, 1, out);
		return NULL;
	}
	if (len >= 2 && !memcmp(in, "\xFF\xFE", 2))
		return "UTF-16LE";
	if (len >= 2 && !memcmp(in, "\xFE\xFF", 2))
		return "UTF-16BE";
	utf8_counts(in, len, &multi, &bad);
	/* Mostly valid UTF-8: stray bytes are read as Windows-1252. */
	if (multi && multi >= bad * 4) {
		to_utf8(in, len, 1, out);
		return NULL;
	}
	declared(in, len, name, size);
	for (i = 0; latin1[i]; i++)
		if (!strcmp(name, latin1[i]))
			break;
	if (latin1[i] || !name[0] || !strncmp(name, "utf", 3) || !strcmp(name, "unicode")) {
		to_utf8(in, len, !bad, out);
		return NULL;
	}
	return name;
}

void html_charset_guess(const char *in, size_t len, struct buf *out)
{
	to_utf8(in, len, 1, out);
}
