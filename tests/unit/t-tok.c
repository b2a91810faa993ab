/* t-tok.c: unit tests of the tokeniser. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "tok.h"

static int join(void *ctx, const struct token *t)
{
	struct buf *b = ctx;

	if (b->len)
		buf_addc(b, '|');
	buf_add(b, t->s, t->len);
	return 0;
}

static const char *toks(const struct tok_opts *o, const char *text)
{
	static struct buf b;

	buf_reset(&b);
	buf_adds(&b, "");
	tok_each(o, text, strlen(text), join, &b);
	return b.data;
}

int main(void)
{
	struct tok_opts o = { 0 }, split = { .split_hyphens = 1 }, keep = { .keep_case = 1 };

	check("words and case", !strcmp(toks(&o, "Peer Support, NOW."), "peer|support|now"));
	check("hyphens join", !strcmp(toks(&o, "self-support and co-management"), "self-support|and|co-management"));
	check("split hyphens", !strcmp(toks(&split, "self-support"), "self|support"));
	check("apostrophes", !strcmp(toks(&o, "don\xE2\x80\x99t don't"), "don't|don't"));
	check("numbers", !strcmp(toks(&o, "2.6 per cent, 1,000 users"), "2.6|per|cent|1,000|users"));
	check("urls", !strcmp(toks(&o, "see http://example.org/a?b=c. now"), "see|http://example.org/a?b=c|now"));
	check("emails", !strcmp(toks(&o, "mail info@correlation-net.org."), "mail|info@correlation-net.org"));
	check("unicode casefold", !strcmp(toks(&o, "STRASSE Straße"), "strasse|strasse"));
	check("keep case", !strcmp(toks(&keep, "Peer"), "Peer"));
	check("cyrillic", !strcmp(toks(&o, "Снижение вреда"), "снижение|вреда"));
	check("trailing hyphen", !strcmp(toks(&o, "drug- users"), "drug|users"));
	return check_report("t-tok");
}
