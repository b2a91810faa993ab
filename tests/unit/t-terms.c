/* t-terms.c: unit tests of the terms layer: stop words, stems, n-grams. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "terms.h"

static int join(void *ctx, const struct term *t)
{
	struct buf *b = ctx;

	if (b->len)
		buf_addc(b, '|');
	buf_add(b, t->s, t->len);
	return 0;
}

static int spans(void *ctx, const struct term *t)
{
	struct buf *b = ctx;

	buf_addf(b, "%s%zu-%zu", b->len ? "|" : "", t->off, t->end);
	return 0;
}

static const char *terms(const struct terms_opts *o, const char *text, term_fn fn)
{
	static struct buf b;
	struct buf err = BUF_INIT;
	struct terms tm;
	struct terms_ctx *c;

	buf_reset(&b);
	buf_adds(&b, "");
	if (terms_init(&tm, o, &err) < 0) {
		buf_adds(&b, "ERROR ");
		buf_add(&b, err.data, err.len);
		buf_release(&err);
		return b.data;
	}
	c = terms_ctx_new(&tm);
	terms_each(c, text, strlen(text), fn, &b);
	terms_ctx_free(c);
	terms_release(&tm);
	buf_release(&err);
	return b.data;
}

int main(void)
{
	struct terms_opts o;
	const char *en = "The users of the services were counting.";

	memset(&o, 0, sizeof(o));
	check("plain", !strcmp(terms(&o, en, join), "the|users|of|the|services|were|counting"));
	o.stop = "en";
	check("stop en", !strcmp(terms(&o, en, join), "users|services|counting"));
	o.stop = "English";
	check("stop by name", !strcmp(terms(&o, en, join), "users|services|counting"));
	o.stop = "auto";
	check("stop auto", !strcmp(terms(&o, en, join), "users|services|counting"));
	o.stop = "xx-no-such";
	check("stop unknown", !strncmp(terms(&o, en, join), "ERROR no stop word list", 23));
	o.stop = "en";
	o.stem = "english";
	check("stem", !strcmp(terms(&o, en, join), "user|servic|count"));
	o.stem = "klingon";
	check("stem unknown", !strncmp(terms(&o, en, join), "ERROR no Snowball stemmer", 25));
	o.stem = NULL;
	o.ngram_min = o.ngram_max = 2;
	check("bigrams skip stop words", !strcmp(terms(&o, en, join), "users services|services counting"));
	check("bigrams stop at sentences",
	      !strcmp(terms(&o, "Harm reduction works. Peer support helps.", join),
		      "harm reduction|reduction works|peer support|support helps"));
	check("bigrams across Dr.", !strcmp(terms(&o, "Ask Dr. Smith now", join), "ask dr|dr smith|smith now"));
	o.ngram_min = 1;
	check("1-2 grams", !strcmp(terms(&o, "harm reduction", join), "harm|reduction|harm reduction"));
	check("spans", !strcmp(terms(&o, "harm reduction", spans), "0-4|5-14|0-14"));
	memset(&o, 0, sizeof(o));
	o.tok.keep_case = 1;
	o.stop = "en";
	check("keep case stop", !strcmp(terms(&o, "The Users", join), "Users"));
	memset(&o, 0, sizeof(o));
	o.lang = "fr";
	check("french elision", !strcmp(terms(&o, "l'usage d\xE2\x80\x99h\xC3\xA9ro\xC3\xAFne", join),
					 "usage|h\xC3\xA9ro\xC3\xAFne"));
	o.lang = "en";
	check("no elision in english", !strcmp(terms(&o, "l'usage", join), "l'usage"));
	o.lang = "auto";
	check("auto elision", !strcmp(terms(&o, "Nous pensons que la r\xC3\xA9" "duction des risques est "
					    "une approche qui a fait ses preuves pour l'usage", join),
				      "nous|pensons|que|la|r\xC3\xA9" "duction|des|risques|est|une|approche|"
				      "qui|a|fait|ses|preuves|pour|usage"));
	{
		/* Every Snowball list of stopwords/ is embedded, by code and by name. */
		static const char *const langs[] = {
			"da", "de", "en", "es", "fi", "fr", "ga", "hu", "id", "it", "nl", "no",
			"pt", "ru", "st", "sv", "danish", "sesotho", "Portuguese", NULL
		};
		struct stoplist sl;
		int i, all = 1;

		for (i = 0; langs[i]; i++) {
			all &= stop_load_lang(&sl, langs[i], 0) == 0 && htab_count(&sl.words) > 20;
			stop_release(&sl);
		}
		check("snowball lists", all);
	}
	memset(&o, 0, sizeof(o));
	o.tok.min_len = 3;
	check("min len", !strcmp(terms(&o, "an ox and a cow", join), "and|cow"));
	return check_report("t-terms");
}
