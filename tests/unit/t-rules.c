/* t-rules.c: unit tests of rules.c (parsing, errors, combining, matching) and corpus.c. */
#include <string.h>

#include "check.h"
#include "corpus.h"
#include "rules.h"

static long match(const struct rules *r, enum rule_action a, struct rules_md *md, const char *s)
{
	return rules_match(r, a, md, s, strlen(s));
}

/*
 * Subjects inside a document given to rules_doc(), and its lines joined
 * (rules_piece()), get the answers a subject alone gets: a literal across
 * a joint, inside a line, or that only a part of the document holds.
 */
static void doc_subjects(void)
{
	static const char text[] =
		"rights  legal   block    all rights reserved\\.?\n"
		"cookie  consent line     we use cookies\n"
		"short   legal   block    (?:foo|bar) ba\n";
	static const char doc[] = "  Intro: all\nrights reserved\nWe use cookies here\nfoo\nba z\n";
	static const char joined[] = "Intro: all rights reserved";
	struct rules r;
	struct rules_md *md = rules_md_new();
	struct buf err = BUF_INIT;

	rules_init(&r);
	check("doc rules", rules_add(&r, "d", text, strlen(text), &err) == 0 &&
	      rules_compile(&r, &err) == 0);
	rules_doc(&r, md, doc, strlen(doc));
	check("doc: line inside", rules_match(&r, RULE_LINE, md, doc + 29, 19) == 1);
	check("doc: literal outside the line", rules_match(&r, RULE_LINE, md, doc + 2, 10) == -1);
	rules_piece(md, 1, doc + 2, 10);
	rules_piece(md, 0, doc + 13, 15);
	check("doc: literal across a joint", rules_match(&r, RULE_BLOCK, md, joined, strlen(joined)) == 0);
	rules_piece(md, 1, doc + 49, 3);
	rules_piece(md, 0, doc + 53, 2);
	check("doc: short pieces", rules_match(&r, RULE_BLOCK, md, "foo ba", 6) == 2);
	rules_piece(md, 1, doc + 49, 3);
	check("doc: not the pieces joined", rules_match(&r, RULE_BLOCK, md, "bar ba", 6) == 2 &&
	      rules_match(&r, RULE_BLOCK, md, "all rights reserved", 19) == 0);
	rules_doc(&r, md, NULL, 0);
	check("doc: none", rules_match(&r, RULE_BLOCK, md, joined, strlen(joined)) == 0);
	rules_md_free(md);
	rules_release(&r);
	buf_release(&err);
}

int main(void)
{
	static const char text[] =
		"# comment\n"
		"\n"
		"hits     widget  line     ^hits:\\s*\\d+$\n"
		"spambots script  line     protected from spambots\n"
		"exact    case    line     (?-i)^EXACT$\n"
		"related  rel     section  ^related stories$\n"
		"payday   spam    term:3   \\bpayday loans?\\b\n"
		"loan     spam    term:1   \\bloans?\\b\n";
	struct rules r;
	struct rules_md *md = rules_md_new();
	struct buf err = BUF_INIT;
	struct corpus *c;
	size_t words;
	long first;
	int score;

	doc_subjects();
	rules_init(&r);
	check("rules parse", rules_add(&r, "t.rules", text, strlen(text), &err) == 0 && r.n == 6);
	check("rules compile", rules_compile(&r, &err) == 0);
	check("anchored line rule, caseless", match(&r, RULE_LINE, md, "Hits: 123") == 0);
	check("anchored rule needs the start", match(&r, RULE_LINE, md, "x Hits: 123") == -1);
	check("unanchored rule", match(&r, RULE_LINE, md, "mail is protected from Spambots. ok") == 1);
	check("(?-i) is case-sensitive", match(&r, RULE_LINE, md, "EXACT") == 2 &&
	      match(&r, RULE_LINE, md, "exact") == -1);
	check("actions apart", match(&r, RULE_SECTION, md, "Related Stories") == 3 &&
	      match(&r, RULE_LINE, md, "Related Stories") == -1);
	score = rules_score(&r, md, "Payday loans, payday loan!", 26, &first, &words);
	check("terms add up", score == 8 && first == 4 && words == 6);

	check("disable by family", rules_disable(&r, "script") == 1 && rules_compile(&r, &err) == 0 &&
	      match(&r, RULE_LINE, md, "protected from spambots") == -1);
	check("disable unknown", rules_disable(&r, "nothing") == 0);
	check("a later rule replaces", rules_add(&r, "u", "hits x block ^hits$\n", 20, &err) == 0 &&
	      rules_compile(&r, &err) == 0 && match(&r, RULE_LINE, md, "hits: 1") == -1 &&
	      match(&r, RULE_BLOCK, md, "hits") == 6);

	buf_reset(&err);
	check("bad regex names line and column",
	      rules_add(&r, "bad.rules", "ok fam line ^x\nbad fam line ab(c\n", 35, &err) < 0 &&
	      !strncmp(err.data, "bad.rules:2:18: bad pattern", 27) && r.n == 7);
	buf_reset(&err);
	check("bad action", rules_add(&r, "b", "x fam drop ^x\n", 14, &err) < 0 &&
	      !strncmp(err.data, "b:1:7: bad action 'drop'", 24));
	buf_reset(&err);
	check("missing pattern", rules_add(&r, "b", "x fam line   \n", 14, &err) < 0 &&
	      strstr(err.data, "missing pattern"));
	buf_reset(&err);
	check("embedded rules load", rules_add_defaults(&r, &err) == 0 && rules_compile(&r, &err) == 0);
	rules_release(&r);

	/* Length guards count characters, not bytes, and no subject with a newline fits. */
	rules_init(&r);
	check("guarded rules compile",
	      rules_add(&r, "g", "short x line ^(?=.{0,10}$).*xy\nnews x block ^(?=.{0,20}$).*\\bnews\n",
			66, &err) == 0 && rules_compile(&r, &err) == 0);
	check("a guard counts characters",
	      match(&r, RULE_LINE, md, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9xy") == 0 &&
	      match(&r, RULE_LINE, md, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9xy") == -1 &&
	      match(&r, RULE_LINE, md, "abcdefghijklmnopqrstuvwxy") == -1);
	check("a guard fits no newline", match(&r, RULE_BLOCK, md, "ab news") == 1 &&
	      match(&r, RULE_BLOCK, md, "a\nnews") == -1);
	rules_release(&r);
	rules_md_free(md);
	buf_release(&err);

	c = corpus_new(3, 0.5);
	for (int d = 0; d < 4; d++) {
		corpus_begin_doc(c, "site");
		corpus_add(c, 42);
		corpus_add(c, 42);
		if (d < 2)
			corpus_add(c, 7);
	}
	corpus_begin_doc(c, "other");
	corpus_add(c, 7);
	check("corpus counts documents once", corpus_common(c, "site", 42) == 4);
	check("corpus needs min docs", corpus_common(c, "site", 7) == 0);
	check("corpus groups apart", corpus_common(c, "other", 42) == 0);
	corpus_free(c);
	return check_report("t-rules");
}
