/* t-dict.c: unit tests of dict.c: loading, errors, and the matcher's rules. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "dict.h"

/* The matches of text as "concept:matched text" joined by '|'. */
static const char *matches(const char *dic, const char *text)
{
	static char out[4096];
	struct dict d;
	struct dict_run r;
	struct buf err = BUF_INIT;
	size_t i, n = 0;

	dict_init(&d);
	out[0] = '\0';
	if (dict_load_mem(&d, "t", dic, strlen(dic), &err) < 0 || dict_compile(&d, &err) < 0) {
		snprintf(out, sizeof(out), "error: %s", err.data);
	} else {
		dict_run_init(&r, &d);
		dict_run(&r, &d, text, strlen(text));
		for (i = 0; i < r.nm && n < sizeof(out) - 1; i++)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s:%.*s", i ? "|" : "",
					      d.concepts[r.m[i].concept].name,
					      (int)(r.m[i].end - r.m[i].off), text + r.m[i].off);
		dict_run_release(&r);
	}
	dict_release(&d);
	buf_release(&err);
	return out;
}

static size_t words(const char *text)
{
	struct dict d;
	struct dict_run r;
	struct buf err = BUF_INIT;
	size_t n;

	dict_init(&d);
	dict_add(&d, "x", "x", &err);
	dict_compile(&d, &err);
	dict_run_init(&r, &d);
	dict_run(&r, &d, text, strlen(text));
	n = r.words;
	dict_run_release(&r);
	dict_release(&d);
	buf_release(&err);
	return n;
}

static const char *load_error(const char *dic)
{
	static char out[512];
	struct dict d;
	struct buf err = BUF_INIT;

	dict_init(&d);
	out[0] = '\0';
	if (dict_load_mem(&d, "f.txt", dic, strlen(dic), &err) < 0)
		snprintf(out, sizeof(out), "%s", err.data);
	dict_release(&d);
	buf_release(&err);
	return out;
}

static void count_one(void *ctx, const struct dict_match *m)
{
	size_t *n = ctx;

	n[m->concept]++;
}

/*
 * Long texts: the matcher keeps a window of tokens, so a pattern must match
 * across the window's edge wherever it falls, in every document of a run,
 * and on_match must see what r.m would list.
 */
static int window_ok(void)
{
	static const char dic[] = "a\tx y z\nb\tx\nc\tx y\n";
	struct dict d;
	struct dict_run r, rc;
	struct buf err = BUF_INIT, text = BUF_INIT;
	size_t n, i, k, cnt[3], counted[4];
	int ok = 1, pass;

	dict_init(&d);
	if (dict_load_mem(&d, "t", dic, strlen(dic), &err) < 0 || dict_compile(&d, &err) < 0)
		return 0;
	dict_run_init(&r, &d);
	dict_run_init(&rc, &d);
	rc.on_match = count_one;
	rc.match_ctx = counted;
	for (n = 1000; n < 1100 && ok; n++) {
		buf_reset(&text);
		for (i = 0; i < n; i++)
			buf_adds(&text, "x ");
		buf_adds(&text, "x y z. x y");
		for (pass = 0; pass < 2; pass++) {
			dict_run(&r, &d, text.data, text.len);
			memset(cnt, 0, sizeof(cnt));
			for (k = 0; k < r.nm; k++) {
				cnt[r.m[k].concept]++;
				if (r.m[k].concept == 0)
					ok &= r.m[k].off == 2 * n && r.m[k].end == 2 * n + 5;
			}
			ok &= cnt[0] == 1 && cnt[1] == n + 2 && cnt[2] == 2 && r.words == n + 5;
			memset(counted, 0, sizeof(counted));
			dict_run(&rc, &d, text.data, text.len);
			ok &= rc.nm == 0 && !memcmp(cnt, counted, sizeof(cnt));
		}
	}
	dict_run_release(&r);
	dict_run_release(&rc);
	dict_release(&d);
	buf_release(&err);
	buf_release(&text);
	return ok;
}

/*
 * Many distinct words: the matcher's table of the words it has seen is
 * emptied when full, in the middle of patterns and of a document.
 */
static int many_words_ok(void)
{
	static const char dic[] = "a\tx y z\nb\tx\nc\tx y\nd\tw1*\n";
	struct dict d;
	struct dict_run r;
	struct buf err = BUF_INIT, text = BUF_INIT;
	size_t n = 40000, i, cnt[4] = { 0 }, d1 = 0;
	char w[32];
	int ok;

	dict_init(&d);
	if (dict_load_mem(&d, "t", dic, strlen(dic), &err) < 0 || dict_compile(&d, &err) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(w, sizeof(w), "w%zu", i);
		d1 += w[1] == '1';
		buf_addf(&text, i % 2 ? "x y %s z. " : "%s x y z. ", w);
	}
	dict_run_init(&r, &d);
	dict_run(&r, &d, text.data, text.len);
	for (i = 0; i < r.nm; i++)
		cnt[r.m[i].concept]++;
	ok = cnt[0] == n / 2 && cnt[1] == n && cnt[2] == n && cnt[3] == d1 && r.words == 4 * n;
	dict_run_release(&r);
	dict_release(&d);
	buf_release(&err);
	buf_release(&text);
	return ok;
}

/* Do dict_run() and its slow path (tok_each() alone) give the same matches and word count? */
static int same_runs(struct dict_run *fast, struct dict_run *slow, const struct dict *d,
		     const char *text, size_t len)
{
	size_t i;
	int ok;

	dict_run(fast, d, text, len);
	dict_run(slow, d, text, len);
	ok = fast->nm == slow->nm && fast->words == slow->words;
	for (i = 0; ok && i < fast->nm; i++)
		ok = fast->m[i].concept == slow->m[i].concept && fast->m[i].off == slow->m[i].off &&
		     fast->m[i].end == slow->m[i].end;
	if (!ok)
		fprintf(stderr, "fast path: %zu matches, %zu words; tok_each(): %zu, %zu in:\n%.*s\n",
			fast->nm, fast->words, slow->nm, slow->words, (int)len, text);
	return ok;
}

/*
 * The plain-word path (ASCII words looked up folded where they stand in
 * the text) against tok_each() alone: edge cases, then random soup of them
 * in one run (the vocab is kept across texts), then so many distinct words
 * that the vocab is emptied between a plain word's queueing and its lookup.
 */
static int fast_path_ok(void)
{
	static const char dic[] =
		"h\th\xC3\xA9ro\xC3\xAF" "ne\nh\theroin*\nu\tuser\nu\tdrug user*\ns\tself help\n"
		"s\tself-support\nr\tharm reduction\nst\tstigmati*\nv\thiv\nv\thiv aids\nw\twww\n"
		"w\thttp\nn\t2020\nn\tcovid 19\nn\t2.6\nl\tabcdefghijklmnopq\nl\tabcdefghij\n"
		"l\tabcdefghijklmnop\nl\tabcdefgh*\nd\tdon't\nd\tl'usage\ne\tstrasse\ne\tna\xC3\xAFve\n"
		"x\tx\nx\tx y\n";
	static const char *const cases[] = {
		"L'H\xC3\xA9ro\xC3\xAF" "ne, l'heroine and HEROIN users; the user's drug-users' DRUG USERS",
		"self-help Self Help self\xE2\x80\x90help SELF-SUPPORT self support", "harm. Reduction, harm\nreduction",
		"Stigmatised STIGMATIZATION stigma HIV/AIDS hiv-aids HIV aids", "http://www.hiv.org/x www.harm.org http www",
		"2020 covid-19 COVID 19 2.6 2,6 12.5.6 x2020", "mail: user@harm-reduction.org. user@x, user.",
		"abcdefghijklmnopq ABCDEFGHIJKLMNOPQ abcdefghijklmnop abcdefghijklmnopqrstuvwxyz0123 abcdefgh abcdefghi",
		"don't DON'T don\xE2\x80\x99t l'usage L\xE2\x80\x99usage d'usage", "Stra\xC3\x9F" "e strasse STRASSE na\xC3\xAFve naive",
		"\xCE\x91\xCE\x92\xCE\x93 \xD0\x96user user\xD0\x96 \xC3\xA9user x\xCC\x81 y", "x", "", "X Y x-y x/y x--y x - y",
	};
	static const char *const parts[] = {
		"x", "y", "X", "user", "Users", "'s", "'", "-", " ", "  ", ".", ",", "\n", "l'", "\xE2\x80\x99",
		"h\xC3\xA9ro\xC3\xAF" "ne", "HEROIN", "self", "help", "hiv", "aids", "/", "2020", "19", "covid",
		"http://", "www.", "@", "abcdefghijklmnopq", "ABCDEFGHIJ", "stigmatise", "\xCC\x81", "\xFF", "2.", "6",
		"don", "t", "\xC3\x89", "Harm", "reduction", "q", "7",
	};
	struct dict d;
	struct dict_run fast, slow;
	struct buf err = BUF_INIT, text = BUF_INIT;
	unsigned long long x = 88172645463325252ull;
	size_t i, j;
	int ok = 1;

	dict_init(&d);
	if (dict_load_mem(&d, "t", dic, strlen(dic), &err) < 0 || dict_compile(&d, &err) < 0) {
		fprintf(stderr, "%s\n", err.data);
		return 0;
	}
	dict_run_init(&fast, &d);
	dict_run_init(&slow, &d);
	slow.slow_path = 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok &= same_runs(&fast, &slow, &d, cases[i], strlen(cases[i]));
	ok &= fast.nm > 0;	/* the cases do match: not a vacuous comparison */
	for (i = 0; i < 3000 && ok; i++) {
		buf_reset(&text);
		for (j = 0; j < 40; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf_adds(&text, parts[x % (sizeof(parts) / sizeof(parts[0]))]);
		}
		ok &= same_runs(&fast, &slow, &d, text.data, text.len);
	}
	buf_reset(&text);
	for (i = 0; i < 50000; i++)
		buf_addf(&text, i % 3 ? "W%zu x " : "%zu-user Y ", i);
	ok &= same_runs(&fast, &slow, &d, text.data, text.len);
	dict_run_release(&fast);
	dict_run_release(&slow);
	dict_release(&d);
	buf_release(&err);
	buf_release(&text);
	return ok;
}

/* A word that begins 300 prefixes: more labels than a vocab slot copies (it reads its entry). */
static int many_labels_ok(void)
{
	struct dict d;
	struct dict_run fast, slow;
	struct buf err = BUF_INIT, pat = BUF_INIT, text = BUF_INIT;
	char name[16];
	size_t i;
	int ok = 1;

	dict_init(&d);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "p%03zu", i);
		buf_reset(&text);
		buf_addc(&pat, 'a');	/* pat: i + 1 a's */
		buf_add(&text, pat.data, pat.len);
		buf_addc(&text, '*');
		ok &= dict_add(&d, name, text.data, &err) == 0;
	}
	ok &= dict_add(&d, "z", "zz", &err) == 0;
	buf_reset(&text);
	for (i = 0; i < 300; i++)
		buf_addc(&text, 'A');
	buf_adds(&text, " zz ");
	for (i = 0; i < 300; i++)
		buf_addc(&text, 'a');
	if (!ok || dict_compile(&d, &err) < 0)
		return 0;
	dict_run_init(&fast, &d);
	dict_run_init(&slow, &d);
	slow.slow_path = 1;
	ok = same_runs(&fast, &slow, &d, text.data, text.len);
	ok &= fast.nm == 2 * 300 + 1;	/* every prefix, in both words; zz */
	dict_run_release(&fast);
	dict_run_release(&slow);
	dict_release(&d);
	buf_release(&err);
	buf_release(&pat);
	buf_release(&text);
	return ok;
}

/* Does a counting run count what list->m, just made from text, lists? Each concept seen once. */
static int same_counts(const struct dict_run *list, struct dict_run *counting, const struct dict *d,
		       const char *text, size_t len)
{
	size_t want[16] = { 0 }, i, nseen = 0;
	int ok = d->nconcepts <= 16;

	dict_run(counting, d, text, len);
	for (i = 0; ok && i < list->nm; i++)
		nseen += !want[list->m[i].concept]++;
	ok &= counting->nm == 0 && counting->nseen == nseen && counting->words == list->words;
	for (i = 0; ok && i < counting->nseen; i++)
		ok = want[counting->seen[i]] == counting->counts[counting->seen[i]];
	for (i = 0; ok && i < d->nconcepts; i++)
		ok = counting->counts[i] == want[i];
	return ok;
}

/*
 * Random dictionaries of overlapping phrases, prefixes and nested concepts
 * over a few words, on random text: the matcher's shortcut for a start
 * that matches one token (its concepts kept with its labels, the trie
 * read only when the next token may go on) against the trie walk at every
 * start (slow_path).
 */
static int random_dicts_ok(void)
{
	static const char *const words[] = { "a", "b", "ab", "abc", "c", "ca", "the", "of" };
	static const char *const stars[] = { "a*", "ab*", "c*", "th*" };
	static const char *const concepts[] = { "x", "x/y", "x/y/z", "w", "w/v", "u" };
	static const char *const gaps[] = { " ", " ", " ", "-", "/", ". ", "\n", ", " };
	struct dict d;
	struct dict_run fast, slow, counting;
	struct buf err = BUF_INIT, pat = BUF_INIT, text = BUF_INIT;
	uint64_t x = 0x9E3779B97F4A7C15ull;
	size_t round, i, j, n, matched = 0;
	int ok = 1;

#define NEXT() check_next(&x)
#define PICK(a) (a[NEXT() % (sizeof(a) / sizeof(a[0]))])
	for (round = 0; round < 200 && ok; round++) {
		dict_init(&d);
		for (i = 0, n = 1 + NEXT() % 40; i < n; i++) {
			buf_reset(&pat);
			for (j = 0; j < 1 + NEXT() % 4; j++) {
				if (j)
					buf_addc(&pat, ' ');
				buf_adds(&pat, NEXT() % 5 ? PICK(words) : PICK(stars));
			}
			ok &= dict_add(&d, PICK(concepts), pat.data, &err) == 0;
		}
		if (!ok || dict_compile(&d, &err) < 0)
			return 0;
		dict_run_init(&fast, &d);
		dict_run_init(&slow, &d);
		dict_run_init(&counting, &d);
		slow.slow_path = 1;
		counting.counting = 1;
		for (i = 0; i < 20 && ok; i++) {
			buf_reset(&text);
			for (j = 0; j < 2 + NEXT() % 60; j++) {
				buf_adds(&text, NEXT() % 8 ? PICK(words) : "zz");
				buf_adds(&text, PICK(gaps));
			}
			ok &= same_runs(&fast, &slow, &d, text.data, text.len);
			matched += fast.nm;
			ok &= same_counts(&fast, &counting, &d, text.data, text.len);
		}
		dict_run_release(&fast);
		dict_run_release(&slow);
		dict_run_release(&counting);
		dict_release(&d);
	}
#undef NEXT
#undef PICK
	buf_release(&err);
	buf_release(&pat);
	buf_release(&text);
	return ok && matched > 10000;
}

int main(void)
{
	const char *m;

	/* leftmost-longest within a concept; a shorter overlapping pattern does not count again */
	m = matches("a\tharm\na\tharm reduction\na\treduction\n", "harm reduction now");
	check("longest match wins", !strcmp(m, "a:harm reduction"));
	/* overlapping patterns of two concepts both count */
	m = matches("a\tharm reduction\nb\treduction policy\n", "harm reduction policy");
	check("concepts overlap", !strcmp(m, "a:harm reduction|b:reduction policy"));
	/* leftmost first: the earlier start blocks a later, longer one in the same concept */
	m = matches("a\tneedle syringe\na\tsyringe programme\n", "needle syringe programme");
	check("leftmost first", !strcmp(m, "a:needle syringe"));
	/* prefix words, hyphens, case, accents */
	m = matches("s\tstigmati*\nh\tself help\nr\tréduction des risques\n",
		    "STIGMATISED self-help Self Help Reduction des RISQUES stigma");
	check("prefix, hyphen, case, accents",
	      !strcmp(m, "s:STIGMATISED|h:self-help|h:Self Help|r:Reduction des RISQUES"));
	m = matches("h\tself-help\n", "self help");
	check("hyphen in the pattern", !strcmp(m, "h:self help"));
	/* a prefix at the end of a phrase, and several prefixes on one token */
	m = matches("a\tdrug user*\nb\tus*\nc\tuse*\n", "drug users use");
	check("prefix phrases", !strcmp(m, "a:drug users|b:users|c:users|b:use|c:use"));
	/* not across punctuation, but across slashes and newlines */
	m = matches("a\tharm reduction\nb\thiv aids\n", "harm. Reduction; harm\nreduction HIV/AIDS");
	check("phrase boundaries", !strcmp(m, "a:harm\nreduction|b:HIV/AIDS"));
	/* elisions and possessives */
	m = matches("h\théroïne\nu\tuser\n", "l'héroïne dell\xE2\x80\x99heroine user's d'accord");
	check("elisions", !strcmp(m, "h:héroïne|h:heroine|u:user"));
	/* hierarchy: a parent counts its children's matches once per stretch */
	m = matches("t/s\tmethadone\nt/s/h\tdiamorphine\nt\tmethadone treatment\n",
		    "methadone treatment and diamorphine");
	check("roll-up", !strcmp(m, "t:methadone treatment|t/s:methadone|t:diamorphine|t/s:diamorphine|t/s/h:diamorphine"));
	/* LIWC */
	m = matches("%\n1\tpos\n2\tsoc\n%\nfriend*\t1 2\nkind of\t2\n:)\t1\n", "Friends, kind-of :)");
	check("liwc", !strcmp(m, "pos:Friends|soc:Friends|soc:kind-of"));
	m = matches("\xEF\xBB\xBF%\r\n1\tpos\r\n%\r\nhappy\t1\r\n", "happy");
	check("liwc with a BOM and CRLF", !strcmp(m, "pos:happy"));
	/* words as hrtk tok counts them: hyphenated words are one */
	check("word count", words("self-help and self help, co-op--x") == 6);
	check("no words", words(" ... ") == 0);
	/* errors name the file and line */
	check("missing tab", !strcmp(load_error("# c\n\na b\n"), "f.txt:3: expected CONCEPT<TAB>PATTERN"));
	check("bad name", !strcmp(load_error("a//b\tx\n"), "f.txt:1: bad concept name 'a//b'"));
	check("empty pattern", !strcmp(load_error("a\t  \n"), "f.txt:1: expected CONCEPT<TAB>PATTERN"));
	check("star inside", !strcmp(load_error("a\tst*gma\n"), "f.txt:1: '*' only ends a word in 'st*gma'"));
	check("lone star", !strcmp(load_error("a\t*\n"), "f.txt:1: '*' needs letters before it in '*'"));
	check("star after hyphen", !strcmp(load_error("a\tself-*\n"),
					   "f.txt:1: '*' must follow a letter or digit in 'self-*'"));
	check("no words", !strcmp(load_error("a\t&&\n"), "f.txt:1: no words in pattern '&&'"));
	check("described twice", !strcmp(load_error("a\t= x\na\t= y\n"), "f.txt:2: concept 'a' is described twice"));
	check("liwc category", !strcmp(load_error("%\n1\tpos\n%\nhappy\t3\n"), "f.txt:4: category 3 is not in the header"));
	check("liwc header", !strcmp(load_error("%\npos\n%\n"), "f.txt:2: expected NUMBER<TAB>CATEGORY in the header"));
	check("liwc unterminated", !strcmp(load_error("%\n1\tpos\n"), "f.txt: the LIWC header does not end with a '%' line"));
	{
		struct dict d;
		struct buf err = BUF_INIT;

		dict_init(&d);
		check("nul byte", dict_load_mem(&d, "f.txt", "a\tb\0c\n", 6, &err) < 0 &&
		      !strcmp(err.data, "f.txt: a NUL byte: not a text file"));
		dict_release(&d);
		buf_release(&err);
	}
	check("matches across the token window, in every document", window_ok());
	check("many distinct words", many_words_ok());
	check("plain words looked up in place give tok_each()'s matches", fast_path_ok());
	check("a word with hundreds of labels", many_labels_ok());
	check("random dictionaries: one-token starts as the trie walk finds them", random_dicts_ok());
	return check_report("t-dict");
}
