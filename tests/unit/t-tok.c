/* t-tok.c: unit tests of the tokeniser. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "tok.h"
#include "unicode.h"

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

/* tok_each_plain()'s plain words, folded as count folds them, joined like join(). */
static int join_plain(void *ctx, const char *s, size_t len)
{
	struct buf *b = ctx;
	size_t i;

	if (b->len)
		buf_addc(b, '|');
	for (i = 0; i < len; i++)
		buf_addc(b, s[i] | 0x20);
	return 0;
}

/* True when tok_each_plain() gives the tokens of tok_each() for text[0..len). */
static int plain_same(const struct tok_opts *o, const char *text, size_t len)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	int same;

	buf_adds(&a, "");
	buf_adds(&b, "");
	tok_each(o, text, len, join, &a);
	tok_each_plain(o, text, len, join_plain, &b, join, &b);
	same = a.len == b.len && !memcmp(a.data, b.data, a.len);
	if (!same)
		fprintf(stderr, "plain path: %.*s\n  tok_each: %s\n  plain:    %s\n", (int)len, text, a.data,
			b.data);
	buf_release(&a);
	buf_release(&b);
	return same;
}

/* The fast path of count against the tokeniser: edge cases, then random soup of them. */
static void test_plain(void)
{
	static const char *const cases[] = {
		"Peer Support, NOW. end.", "a.b a,b 2.6 1,000 x. y, z' q- r-", "don't self-support drug- users",
		"foo.-bar@baz.com mail info@correlation-net.org. a_b a+b@x.io c@d", "who whom http://x.org www.y.z wwwx",
		"Straße planet\xE2\x80\x99s word\xE2\x80\x9D \xE2\x80\x9Cquote\xE2\x80\x9D caf\xC3\xA9 na\xC3\xAFve",
		"abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJKLMNOP12345678 x", "tail", "\xFF\xFE" "ab\xC3 cd\x80",
		"l'usage d'un 12.5.6 3,x e-mail x@y", "",
	};
	static const char *const parts[] = {
		"a", "Zz", "9", " ", ".", ",", "'", "-", "@", "_", "+", "\n", "\xC3\xA9", "\xE2\x80\x99", "\xE2\x80\x90",
		"http://", "www.", "x.org", "\xFF", "longerwordhere", "\xD0\x96", ":", "!",
	};
	struct tok_opts o = { 0 }, fr = { .lang = "fr" }, min = { .min_len = 3 }, split = { .split_hyphens = 1 };
	struct tok_opts match = { .strip_accents = 1, .split_hyphens = 1 };	/* concepts' */
	const struct tok_opts *opts[] = { &o, &fr, &min, &split, &match };
	unsigned long long x = 88172645463325252ull;
	struct buf soup = BUF_INIT;
	size_t i, j, k;
	int ok = 1;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (k = 0; k < 5; k++)
			ok &= plain_same(opts[k], cases[i], strlen(cases[i]));
	for (i = 0; i < 3000 && ok; i++) {
		buf_reset(&soup);
		for (j = 0; j < 40; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf_adds(&soup, parts[x % (sizeof(parts) / sizeof(parts[0]))]);
		}
		ok &= plain_same(opts[i % 5], soup.data, soup.len);
	}
	check("tok_each_plain() gives tok_each()'s tokens", ok);
	buf_release(&soup);
}

/* Words of ASCII and Latin-1 letters, normalised without utf8proc, are those utf8proc gives. */
static void test_latin1(void)
{
	struct tok_opts o = { 0 }, keep = { .keep_case = 1 };
	struct buf word = BUF_INIT, want = BUF_INIT;
	unsigned cp;
	int ok = 1;

	for (cp = 0xC0; cp <= 0xFF && ok; cp++) {
		buf_reset(&word);
		buf_adds(&word, "Ab");
		buf_addc(&word, 0xC3);
		buf_addc(&word, (int)(0x80 | (cp & 0x3F)));
		buf_adds(&word, "Cd\xC3\x89");
		buf_reset(&want);
		uni_normalize(&want, word.data, word.len, UNI_NFC | UNI_CASEFOLD);
		ok = !strcmp(toks(&o, word.data), want.data) || cp == 0xD7 || cp == 0xF7;
		buf_reset(&want);
		uni_normalize(&want, word.data, word.len, UNI_NFC);
		ok &= !strcmp(toks(&keep, word.data), want.data) || cp == 0xD7 || cp == 0xF7;
		if (!ok)
			fprintf(stderr, "U+%04X: %s\n", cp, toks(&o, word.data));
	}
	check("Latin-1 words fold like utf8proc", ok);
	check("sharp s", !strcmp(toks(&o, "STRA\xC3\x9F" "E"), "strasse"));
	check("a combining mark after a Latin-1 letter", !strcmp(toks(&o, "\xC3\x89" "e\xCC\x81"), "\xC3\xA9\xC3\xA9"));
	buf_release(&word);
	buf_release(&want);
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
	test_plain();
	test_latin1();
	return check_report("t-tok");
}
