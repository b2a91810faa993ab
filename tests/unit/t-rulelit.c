/* t-rulelit.c: unit tests of rulelit.c, the literal prefilter, alone and inside rules.c. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "rulelit.h"
#include "rules.h"

/* Whether pattern p gets literals, and which codes a scan of s then needs (bit i: code i). */
static int added(const char *p)
{
	struct rule_lits *l = NULL;
	int rc = rulelit_add(&l, p, 0, 2);

	rulelit_free(l);
	return rc;
}

static unsigned scan(const char *const *pats, size_t n, const char *s)
{
	struct rule_lits *l = NULL;
	uint64_t found[1] = { 0 };
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		rulelit_add(&l, pats[i], i, 2);
	rulelit_done(l);
	rulelit_scan(l, s, strlen(s), found);
	bits = (unsigned)found[0];
	if (rulelit_partner(s, strlen(s)))
		bits = 0x100;
	rulelit_free(l);
	return bits;
}

/*
 * rulelit_hits() on random subjects finds every occurrence of every
 * literal (three bytes or more at odd and even places, near the ends, two
 * bytes, a code's literal that another starts), and no other.
 */
static int hits_exact(void)
{
	static const char *const lits[] = { "ago", "bet", "fax", "cookie", "slot", "pay", "payday",
					    "aga", "ok", "x@", "ga", "cookies pol" };
	static const char abc[] = "agobetfxcokislpydAGOBK @";
	uint64_t seed = 7;
	struct rule_lits *l = NULL;
	struct rulelit_hits h = { 0 };
	char s[48];
	size_t n = sizeof(lits) / sizeof(lits[0]), i, k, len, round, want, got;
	int ok = 1;

	for (i = 0; i < n; i++)
		rulelit_add(&l, lits[i], i, 1);
	rulelit_add(&l, "payday loan", 5, 1);	/* code 5 has "pay" already */
	rulelit_done(l);
	for (round = 0; round < 20000 && ok; round++) {
		len = (size_t)(check_next(&seed) % sizeof(s));
		for (k = 0; k < len; k++)
			s[k] = abc[check_next(&seed) % (sizeof(abc) - 1)];
		rulelit_hits(l, s, len, &h);
		for (want = 0, k = 0; k < len; k++)
			for (i = 0; i < n; i++) {
				size_t m = strlen(lits[i]), j;

				if (m > len - k || strncasecmp(s + k, lits[i], m))
					continue;
				want++;
				for (j = 0; j < h.n; j++)
					if (h.v[j].off == k && h.v[j].end == k + m && h.v[j].code == i)
						break;
				ok &= j < h.n;
			}
		/* In order, each a true one (the same one twice does no harm). */
		for (got = 0; got < h.n; got++) {
			const struct rulelit_hit *t = &h.v[got];

			ok &= got == 0 || t->off >= h.v[got - 1].off;
			ok &= t->code < n && t->end - t->off == strlen(lits[t->code]) &&
			      t->end <= len && !strncasecmp(s + t->off, lits[t->code], t->end - t->off);
		}
		ok &= h.n >= want;
	}
	free(h.v);
	rulelit_free(l);
	return ok;
}

static long term(const struct rules *r, struct rules_md *md, const char *s, long *first)
{
	size_t words;

	return rules_score(r, md, s, strlen(s), first, &words);
}

int main(void)
{
	static const char *const pats[] = {
		"\\bpayday (?:loans?|advances?)\\b",
		"\\b(?:cash|quick) (?:loans?|cash advances?)\\b",
		"\\bslots?\\b|\\bonline-?casino\\b",
		"\\bkasyno\\b",
		"\\b(?:казино|casino)\\b",
	};
	static const char text[] =
		"payday spam term:3 \\bpayday (?:loans?|advances?)\\b\n"
		"quick  spam term:2 \\b(?:cash|quick) (?:loans?|cash advances?)\\b\n"
		"slots  spam term:1 \\bslots?\\b|\\bonline-?casino\\b\n"
		"kasyno spam term:1 \\bkasyno\\b\n"
		"words  spam term:1 \\w+ing\\b\n"
		"js     x    line   \\bdocument\\.write\\s*\\(\n"
		"sign   x    line   \\b(?:sign|log) ?in to\\b\n"
		"anch   x    line   ^kasyno\\b\n";
	struct rules r;
	struct rules_md *md = rules_md_new();
	struct buf err = BUF_INIT;
	long first;

	check("literal patterns get literals", added("\\bpayday loans?\\b") && added("a(?:bc|de)+f") &&
	      added("(?:ab|cd)xy|zz"));
	check("no literals: a class first", !added("\\w+ing"));
	check("optional parts: with and without", added("(?:ab)?cd|xy") && added("colou?r") &&
	      added("_{6,}"));
	check("no literals: an optional start too short", !added("(?:ab)?c|xy"));
	check("no literals: one alternative without", !added("payday|\\d+"));
	check("no literals: case-sensitive or inline options", !added("(?-i)Payday") && !added("(?i)x"));
	check("no literals: a start shorter than two bytes", !added("a\\d"));
	check("no literals: non-ASCII first, optional", !added("к?азино"));

	check("scan finds a literal, case folded", scan(pats, 5, "Cheap PAYDAY Loans now") == 1);
	check("scan: every code whose literal occurs", scan(pats, 5, "quick cash, slot, kasyno") == 0xC);
	check("scan: a literal inside a word still counts", scan(pats, 5, "slotted") == 4);
	check("scan: none", scan(pats, 5, "an article about nothing") == 0);
	check("scan: a literal outside ASCII needs some such byte", scan(pats, 5, "Казино") == 0x10 &&
	      scan(pats, 5, "a Casino") == 0x10);
	check("scan: the Kelvin sign asks for every code", scan(pats, 5, "\xE2\x84\xAA" "asyno") == 0x100);
	check("scan: the long s too", scan(pats, 5, "\xC5\xBFlots") == 0x100);
	{
		/* Literals reach past a short alternative; a long one is cut at LIT_LEN - 1 bytes. */
		static const char *const cut[] = {
			"\\b(?:is|cannot be held not held) (?:liable|responsible) for\\b",
			"(?:a|b|c|d|e|f|g|h|i|j)(?:k|l|m|n|o|p|q|r|s|t)x",
		};

		check("scan: a short alternative reads on past a long one",
		      scan(cut, 1, "It is liable for") == 1 && scan(cut, 1, "this is a test") == 0);
		check("scan: a literal cut at its length bound still counts",
		      scan(cut, 1, "they cannot be held not held to it") == 1);
		check("a case-sensitive group's literal, case folded",
		      added("(?-i:Sponsored|Promoted)(?: by .{0,40})?$") && !added("(?-i)Sponsored"));
		check("over 64 literals a pattern", added(cut[1]) && scan(cut, 2, "dox") == 2 &&
		      scan(cut, 2, "dux") == 0);
	}

	rules_init(&r);
	check("document hits: every occurrence, in order, and no other", hits_exact());
	check("rules parse", rules_add(&r, "t.rules", text, strlen(text), &err) == 0);
	check("rules compile", rules_compile(&r, &err) == 0);
	check("terms: no literal, no score", term(&r, md, "a plain sentence", &first) == 0 && first == -1);
	check("terms: prefiltered rules still score", term(&r, md, "Payday loans and quick loans", &first) == 5 &&
	      first == 0);
	check("terms: a rule without literals always runs", term(&r, md, "nothing going", &first) == 2 &&
	      first == 4);
	check("terms: pcre2's caseless Kelvin sign still matches",
	      term(&r, md, "\xE2\x84\xAA" "asyno", &first) == 1 && first == 3);
	check("line rule behind a literal", rules_match(&r, RULE_LINE, md, "x document.write (1)", 20) == 5);
	check("line rule: literal alternatives", rules_match(&r, RULE_LINE, md, "Log in to reply", 15) == 6 &&
	      rules_match(&r, RULE_LINE, md, "a login form", 12) == -1);
	check("anchored literal start", rules_match(&r, RULE_LINE, md, "Kasyno!", 7) == 7 &&
	      rules_match(&r, RULE_LINE, md, "casino", 6) == -1);
	check("anchored: pcre2's caseless Kelvin sign and long s still match",
	      rules_match(&r, RULE_LINE, md, "\xE2\x84\xAA" "asyno", 8) == 7 &&
	      rules_match(&r, RULE_LINE, md, "ka\xC5\xBFyno", 7) == 7);
	rules_release(&r);
	rules_md_free(md);
	buf_release(&err);
	return check_report("t-rulelit");
}
