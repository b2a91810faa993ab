/* t-html-charset.c: unit tests of html-charset.c, the page's character set. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "html-charset.h"

/* The decision for s: NULL when converted (the UTF-8 is in out), else the name. */
static const char *decide(const char *s, struct buf *out)
{
	static char name[64];

	buf_reset(out);
	return html_charset(s, strlen(s), out, name, sizeof(name));
}

int main(void)
{
	struct buf out = BUF_INIT;
	const char *enc;

	enc = decide("<p>caf\xC3\xA9</p>", &out);
	check("valid UTF-8 stays", !enc && !strcmp(out.data, "<p>caf\xC3\xA9</p>"));
	enc = decide("<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9</p>", &out);
	check("UTF-8 declared Latin-1 is UTF-8", !enc && strstr(out.data, "caf\xC3\xA9"));
	enc = decide("<p>caf\xE9 \x93q\x94 \x80</p>", &out);
	check("undeclared bytes are Windows-1252",
	      !enc && !strcmp(out.data, "<p>caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC</p>"));
	enc = decide("<meta charset=utf-8><p>caf\xE9</p>", &out);
	check("declared UTF-8 sent in Latin-1", !enc && strstr(out.data, "caf\xC3\xA9"));
	enc = decide("<p>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 and one stray \xE9</p>", &out);
	check("mostly UTF-8 keeps its UTF-8",
	      !enc && !strcmp(out.data, "<p>\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 and one stray \xC3\xA9</p>"));
	enc = decide("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\"><p>\xF0\xD2</p>", &out);
	check("http-equiv names the charset", enc && !strcmp(enc, "koi8-r"));
	enc = decide("\xEF\xBB\xBF<p>x</p>", &out);
	check("UTF-8 BOM dropped", !enc && !strcmp(out.data, "<p>x</p>"));
	enc = decide("\xFF\xFE<\0p\0>\0", &out);
	check("UTF-16 BOM", enc && !strcmp(enc, "UTF-16LE"));
	enc = decide("<p>cut at the end \xC3", &out);
	check("a sequence cut by the end is no reason for Latin-1", !enc);
	buf_release(&out);
	return check_report("t-html-charset");
}
