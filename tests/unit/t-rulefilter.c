/*
 * t-rulefilter.c: the built-in rules give the same answers with their
 * prefilters (literal scan, literal starts, length guards) as without:
 * every code run on every subject, guards checked by counting characters.
 * Subjects are made of words taken from the rule files themselves, so that
 * literals and whole rules match often.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "embed.h"
#include "rules.h"

static uint64_t seed = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
	return (unsigned)(check_next(&seed) % n);
}

static char words[4096][24];
static size_t nwords;

/* Runs of letters, digits and a few marks from every rule file. */
static void collect(void)
{
	static const char *const extra[] = {
		"\xC2\xA9", "2024", "(photo", "| foto:", "//", "-->", "var x =", "\xE2\x84\xAA",
		"\xC5\xBF", "pr\xC3\xAAt", "\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB8\xD0\xBD\xD0\xBE", "Sponsored",
		"Getty Images", "_______", "@", "x@y.org", "www.x.org", "\xC3\xA9t\xC3\xA9", "54%", "Tel.",
		/* digits, ASCII and not, for the codes that need one (rulelit.h) */
		"7", "12 hours ago", "Page 3", "- 4 -", "\xD9\xA3", "p\xC5\x99" "ed 5 dny", "h\xC3\xA1 2 dias",
	};
	const struct embedded *e;
	size_t i, n;

	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		snprintf(words[nwords++], sizeof(words[0]), "%s", extra[i]);
	for (e = embedded_files; e->name; e++) {
		const char *p = e->data, *end = e->data + e->len;

		if (strncmp(e->name, "rules/", 6))
			continue;
		while (p < end && nwords < sizeof(words) / sizeof(words[0])) {
			for (n = 0; p + n < end && n < sizeof(words[0]) - 1 &&
				    (((p[n] | 32) >= 'a' && (p[n] | 32) <= 'z') || (unsigned char)p[n] >= 0x80);
			     n++)
				;
			if (n >= 2) {
				memcpy(words[nwords], p, n);
				words[nwords++][n] = '\0';
			}
			p += n ? n : 1;
		}
	}
}

/* A subject of a few to many words, some capitalised, now and then a newline. */
static size_t subject(char *s, size_t max)
{
	size_t len = 0, i, nw = 1 + rnd(rnd(4) ? 8 : 120);

	for (i = 0; i < nw; i++) {
		const char *w = words[rnd((unsigned)nwords)];
		size_t n = strlen(w);

		if (len + n + 2 >= max)
			break;
		if (i)
			s[len++] = rnd(40) ? ' ' : (rnd(2) ? '\n' : ',');
		memcpy(s + len, w, n);
		if (!rnd(4) && s[len] >= 'a' && s[len] <= 'z')
			s[len] = (char)(s[len] - 32);
		len += n;
	}
	s[len] = '\0';
	return len;
}

static int fits(const char *s, size_t len, size_t max)
{
	size_t i, chars = 0;

	if (max == SIZE_MAX)
		return 1;
	if (memchr(s, '\n', len))
		return 0;
	for (i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars <= max;
}

/* rules_match() without any prefilter: every code of the action in order. */
static long plain_match(const struct rules *r, enum rule_action a, pcre2_match_data *md,
			const char *s, size_t len)
{
	size_t k;

	for (k = r->beg[a]; k < r->beg[a + 1]; k++)
		if (fits(s, len, r->codes[k].max) &&
		    pcre2_match(r->codes[k].re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0)
			return (long)r->codes[k].rule;
	return -1;
}

/* Whether some term code matches s, which a prefilter must then let through. */
static int plain_term(const struct rules *r, pcre2_match_data *md, const char *s, size_t len)
{
	size_t k;

	for (k = r->beg[RULE_TERM]; k < r->beg[RULE_TERM + 1]; k++)
		if (pcre2_match(r->codes[k].re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0)
			return 1;
	return 0;
}

/*
 * Line rules whose gates (the bytes a subject may hold, the need of a
 * digit or of a byte outside ASCII) are read off classes with ranges,
 * escapes and characters that fold onto ASCII: each answers as pcre2 alone.
 */
static void tricky(struct rules_md *md, pcre2_match_data *pmd)
{
	static const char rules[] =
		"a x line ^[!-/]+$\n"
		"b x line ^[\\.-0]+x$\n"
		"c x line ^\u017f+$\n"
		"d x line ^(?:\u212a|q)\\d$\n"
		"e x line ^[a-c\\d-]+$\n"
		"f x line ^\\w+\\s\\p{L}+$\n"
		"g x line ^(?=.{0,5}$)y+$\n"
		"h x line ^z(?:1|2)?$\n"
		"i x line \\b\u0432\u0441\u0435\\b|\u0437\u0430\u0439\u043c\n"
		"j x line ^(?:n|p\u0159ed)\\s+\\d+$\n";
	static const char *const subjects[] = {
		"#$%", "!/", "./0x", "-x", "SsS", "\u017f\u017f", "K7", "k7", "\u212a7", "q\u0663",
		"ab-9", "abd", "\u00e9t\u00e9 Caf\u00e9", "word \u0436", "yy", "yyyyyy", "z1", "z",
		"z3", "\u0412\u0421\u0415", "\u1c80\u0441\u0435", "\u0417\u0410\u0419\u041c",
		"P\u0158ED 5", "n 12", "n x", "", "a", "\u0432\u0441\u0435 rights",
	};
	struct rules r;
	struct buf err = BUF_INIT;
	size_t i, same = 0, hits = 0;

	/* The compiler writes the \\u characters in UTF-8. */
	rules_init(&r);
	check("tricky rules compile", rules_add(&r, "tricky", rules, strlen(rules), &err) == 0 &&
					   rules_compile(&r, &err) == 0);
	for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++) {
		const char *sub = subjects[i];
		long want = plain_match(&r, RULE_LINE, pmd, sub, strlen(sub));

		rules_doc(&r, md, NULL, 0);
		same += rules_match(&r, RULE_LINE, md, sub, strlen(sub)) == want;
		hits += want >= 0;
	}
	check("tricky gates answer as pcre2 alone", same == sizeof(subjects) / sizeof(subjects[0]));
	check("tricky subjects match often", hits >= 15);
	rules_release(&r);
	buf_release(&err);
}

/*
 * Subjects that are parts of a document (its lines), or its lines joined
 * by single spaces (rules_piece()): the gates then read what the document
 * holds (rules_doc()), and must still answer as pcre2 alone.
 */
static void in_doc(const struct rules *r, struct rules_md *md, pcre2_match_data *pmd)
{
	static const enum rule_action acts[] = { RULE_BLOCK, RULE_REST, RULE_SECTION };
	static char doc[65536], joined[8192];
	size_t off[64], len[64], nl, d, i, k, a, n, j, same = 0, total = 0;

	for (d = 0; d < 300; d++) {
		/* Lines of a few words, some indented, some 70 bytes or more. */
		for (n = 0, nl = 0; nl < 64 && n + 2100 < sizeof(doc); nl++) {
			if (!rnd(3))
				doc[n++] = ' ';
			off[nl] = n;
			len[nl] = subject(doc + n, rnd(3) ? 200 : 2000);
			n += len[nl];
			doc[n++] = '\n';
		}
		rules_doc(r, md, doc, n);
		for (i = 0; i < nl; i++) {
			total++;
			same += rules_match(r, RULE_LINE, md, doc + off[i], len[i]) ==
				plain_match(r, RULE_LINE, pmd, doc + off[i], len[i]);
			/* A block of one to four lines, its first one cut short now and then. */
			k = i + rnd(4);
			k = k < nl ? k : i;
			j = 0;
			for (a = i; a <= k; a++) {
				size_t cut = a == i && len[a] > 3 && !rnd(4) ? rnd(3) : 0;

				if (j + len[a] + 1 >= sizeof(joined))
					break;
				if (a > i)
					joined[j++] = ' ';
				memcpy(joined + j, doc + off[a] + cut, len[a] - cut);
				j += len[a] - cut;
				rules_piece(md, a == i, doc + off[a] + cut, len[a] - cut);
			}
			for (a = 0; a < sizeof(acts) / sizeof(acts[0]); a++) {
				total++;
				same += rules_match(r, acts[a], md, joined, j) ==
					plain_match(r, acts[a], pmd, joined, j);
			}
		}
	}
	rules_doc(r, md, NULL, 0);
	check("subjects inside a document answer as unfiltered ones", same == total && total > 10000);
}

int main(void)
{
	static const enum rule_action acts[] = { RULE_LINE, RULE_BLOCK, RULE_REST, RULE_SECTION };
	struct rules r;
	struct rules_md *md = rules_md_new();
	pcre2_match_data *pmd = pcre2_match_data_create(1, NULL);
	struct buf err = BUF_INIT;
	char s[2048];
	size_t len, i, a, same = 0, hits = 0, terms = 0, term_ok = 0;
	long first;

	collect();
	rules_init(&r);
	check("built-in rules compile", rules_add_defaults(&r, &err) == 0 && rules_compile(&r, &err) == 0);
	check("words to build subjects from", nwords > 500);
	for (i = 0; i < 20000; i++) {
		len = subject(s, sizeof(s));
		for (a = 0; a < sizeof(acts) / sizeof(acts[0]); a++) {
			long want = plain_match(&r, acts[a], pmd, s, len);

			same += rules_match(&r, acts[a], md, s, len) == want;
			hits += want >= 0;
		}
		if (plain_term(&r, pmd, s, len)) {
			size_t w;

			terms++;
			term_ok += rules_score(&r, md, s, len, &first, &w) > 0;
		}
	}
	check("prefiltered rules answer as unfiltered ones", same == 20000 * 4);
	check("the subjects match rules often", hits > 1000 && terms > 1000);
	check("a matching term rule always scores", term_ok == terms);
	in_doc(&r, md, pmd);
	rules_release(&r);
	tricky(md, pmd);
	rules_md_free(md);
	pcre2_match_data_free(pmd);
	buf_release(&err);
	return check_report("t-rulefilter");
}
