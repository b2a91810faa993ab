/* terms.c: tokens to terms: stop words, stems, n-grams. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "stem.h"
#include "terms.h"
#include "unicode.h"

struct gram {
	struct buf s;
	size_t off, end;
};

struct terms_ctx {
	const struct terms *t;
	struct stemmer *stem;		/* the fixed stemmer */
	struct stemmer **auto_stem;	/* per stop_wide_langs[] entry, opened on first use */
	const struct stoplist *stop;	/* this document's list */
	struct stemmer *doc_stem;	/* this document's stemmer */
	char lang[16];
	struct gram ring[TERMS_MAX_N];	/* the last terms, for n-grams */
	size_t nring, head;
	struct buf fold, joined;
	term_fn fn;
	void *fctx;
};

static int is_auto(const char *s)
{
	return s && !strcmp(s, "auto");
}

/* Loads the Snowball list of lang, or the wide one when there is no Snowball list. */
static int load_lang_list(struct stoplist *sl, const char *lang)
{
	if (stop_load_lang(sl, lang, 0) == 0)
		return 0;
	stop_release(sl);
	if (stop_load_lang(sl, lang, 1) == 0)
		return 0;
	stop_release(sl);
	return -1;
}

static int load_stop(struct terms *t, const char *arg, struct buf *err)
{
	struct stat st;
	size_t i, n;

	if (is_auto(arg)) {
		t->stop_auto = 1;
		for (n = 0; stop_wide_langs[n]; n++)
			;
		t->auto_stop = ecalloc(n, sizeof(*t->auto_stop));
		for (i = 0; i < n; i++)
			if (load_lang_list(&t->auto_stop[i], stop_wide_langs[i]) < 0)
				htab_init(&t->auto_stop[i].words);
		return 0;
	}
	if (stop_lang_code(arg) && load_lang_list(&t->stop, arg) == 0) {
		t->has_stop = 1;
		return 0;
	}
	if (stat(arg, &st) == 0 || errno != ENOENT || strchr(arg, '/') || strchr(arg, '.')) {
		if (stop_load_file(&t->stop, arg, err) < 0) {
			stop_release(&t->stop);
			return -1;
		}
		t->has_stop = 1;
		return 0;
	}
	buf_addf(err, "no stop word list for '%s' and no such file", arg);
	return -1;
}

int terms_init(struct terms *t, const struct terms_opts *o, struct buf *err)
{
	struct stemmer *st;
	const char *code;

	memset(t, 0, sizeof(*t));
	t->o = *o;
	if (t->o.ngram_min < 1)
		t->o.ngram_min = 1;
	if (t->o.ngram_max < t->o.ngram_min)
		t->o.ngram_max = t->o.ngram_min;
	if (t->o.ngram_max > TERMS_MAX_N) {
		buf_addf(err, "n-grams longer than %d are not supported", TERMS_MAX_N);
		return -1;
	}
	if (t->o.ngram_max > 1)
		t->o.tok.sentences = 1;
	if (is_auto(o->lang)) {
		t->lang_auto = 1;
	} else if (o->lang) {
		if (!(code = stop_lang_code(o->lang)))
			code = o->lang;
		if (strlen(code) >= sizeof(t->lang)) {
			buf_addf(err, "unknown language '%s'", o->lang);
			return -1;
		}
		memcpy(t->lang, code, strlen(code) + 1);
	}
	if (o->stop && load_stop(t, o->stop, err) < 0)
		return -1;
	if (is_auto(o->stem)) {
		t->stem_auto = 1;
	} else if (o->stem) {
		if (!(st = stem_open(o->stem, err))) {
			terms_release(t);
			return -1;
		}
		stem_close(st);
	}
	return 0;
}

void terms_release(struct terms *t)
{
	size_t i;

	if (t->has_stop)
		stop_release(&t->stop);
	if (t->auto_stop) {
		for (i = 0; stop_wide_langs[i]; i++)
			stop_release(&t->auto_stop[i]);
		free(t->auto_stop);
	}
	t->has_stop = 0;
	t->auto_stop = NULL;
}

static size_t nlangs(void)
{
	size_t n;

	for (n = 0; stop_wide_langs[n]; n++)
		;
	return n;
}

struct terms_ctx *terms_ctx_new(const struct terms *t)
{
	struct terms_ctx *c = ecalloc(1, sizeof(*c));
	struct buf err = BUF_INIT;

	c->t = t;
	if (t->o.stem && !t->stem_auto)
		c->stem = stem_open(t->o.stem, &err);	/* checked by terms_init() */
	if (t->stem_auto)
		c->auto_stem = ecalloc(nlangs(), sizeof(*c->auto_stem));
	buf_release(&err);
	return c;
}

void terms_ctx_free(struct terms_ctx *c)
{
	size_t i;

	if (!c)
		return;
	stem_close(c->stem);
	if (c->auto_stem) {
		for (i = 0; stop_wide_langs[i]; i++)
			stem_close(c->auto_stem[i]);
		free(c->auto_stem);
	}
	for (i = 0; i < TERMS_MAX_N; i++)
		buf_release(&c->ring[i].s);
	buf_release(&c->fold);
	buf_release(&c->joined);
	free(c);
}

const char *terms_doc_lang(const struct terms_ctx *c)
{
	return c->lang;
}

static long lang_index(const char *code)
{
	long i;

	for (i = 0; stop_wide_langs[i]; i++)
		if (!strcmp(stop_wide_langs[i], code))
			return i;
	return -1;
}

/* Picks this document's language, stop list and stemmer. */
static void doc_setup(struct terms_ctx *c, const char *text, size_t len)
{
	const struct terms *t = c->t;
	const char *code = t->lang;
	struct buf err = BUF_INIT;
	long i;

	if (t->lang_auto || ((t->stop_auto || t->stem_auto) && !*code)) {
		code = stop_detect(text, len);
		if (!code)
			code = "";
	}
	memcpy(c->lang, code, strlen(code) + 1);
	c->stop = t->has_stop ? &t->stop : NULL;
	c->doc_stem = c->stem;
	i = *code ? lang_index(code) : -1;
	if (t->stop_auto)
		c->stop = i >= 0 ? &t->auto_stop[i] : NULL;
	if (t->stem_auto) {
		c->doc_stem = NULL;
		if (i >= 0) {
			if (!c->auto_stem[i] && stem_algorithm(code))
				c->auto_stem[i] = stem_open(code, &err);
			c->doc_stem = c->auto_stem[i];
		}
	}
	buf_release(&err);
}

static int emit_grams(struct terms_ctx *c, const struct token *tk, int sent)
{
	const struct terms *t = c->t;
	struct term out;
	struct gram *g;
	size_t k, n, first;
	int rc;

	for (n = (size_t)t->o.ngram_min; n <= (size_t)t->o.ngram_max; n++) {
		if (n > c->nring)
			break;
		/* The ring's newest entry is at head - 1; the n-gram starts n - 1 before it. */
		first = (c->head + TERMS_MAX_N - n) % TERMS_MAX_N;
		if (n == 1) {
			g = &c->ring[first];
			out.s = g->s.data;
			out.len = g->s.len;
		} else {
			buf_reset(&c->joined);
			for (k = 0; k < n; k++) {
				g = &c->ring[(first + k) % TERMS_MAX_N];
				if (k)
					buf_addc(&c->joined, ' ');
				buf_add(&c->joined, g->s.data, g->s.len);
			}
			out.s = c->joined.data;
			out.len = c->joined.len;
		}
		out.off = c->ring[first].off;
		out.end = c->ring[(c->head + TERMS_MAX_N - 1) % TERMS_MAX_N].end;
		out.n = (int)n;
		out.sent = n == 1 && sent;
		out.tok = tk;
		if ((rc = c->fn(c->fctx, &out)))
			return rc;
	}
	return 0;
}

static int on_token(void *ctx, const struct token *tk)
{
	struct terms_ctx *c = ctx;
	const struct terms *t = c->t;
	const char *s = tk->s;
	size_t len = tk->len;
	struct gram *g;
	struct term out;

	if (tk->sent)
		c->nring = 0;
	if (c->stop) {
		const char *key = s;
		size_t klen = len;

		if (t->o.tok.keep_case) {
			buf_reset(&c->fold);
			uni_normalize(&c->fold, s, len, UNI_NFC | UNI_CASEFOLD);
			key = c->fold.data;
			klen = c->fold.len;
		}
		if (stop_has(c->stop, key, klen))
			return 0;
	}
	if (c->doc_stem)
		s = stem_word(c->doc_stem, s, len, &len);
	if (t->o.ngram_max == 1) {
		/* The common case needs no ring. */
		out.s = s;
		out.len = len;
		out.off = tk->off;
		out.end = tk->end;
		out.n = 1;
		out.sent = tk->sent;
		out.tok = tk;
		return c->fn(c->fctx, &out);
	}
	g = &c->ring[c->head];
	buf_reset(&g->s);
	buf_add(&g->s, s, len);
	g->off = tk->off;
	g->end = tk->end;
	c->head = (c->head + 1) % TERMS_MAX_N;
	if (c->nring < TERMS_MAX_N)
		c->nring++;
	return emit_grams(c, tk, tk->sent);
}

int terms_each_more(struct terms_ctx *c, const char *text, size_t len, term_fn fn, void *ctx)
{
	struct tok_opts to = c->t->o.tok;
	const struct terms *t = c->t;

	c->fn = fn;
	c->fctx = ctx;
	c->nring = 0;
	c->head = 0;
	if (!t->o.tok.lang)
		to.lang = *c->lang ? c->lang : NULL;
	return tok_each(&to, text, len, on_token, c);
}

int terms_each(struct terms_ctx *c, const char *text, size_t len, term_fn fn, void *ctx)
{
	doc_setup(c, text, len);
	return terms_each_more(c, text, len, fn, ctx);
}

int terms_plain(const struct terms *t)
{
	return !t->o.stop && !t->o.stem && t->o.ngram_max == 1;
}

int terms_each_plain(struct terms_ctx *c, const char *text, size_t len, tok_plain_fn plain,
		     term_fn fn, void *ctx)
{
	struct tok_opts to = c->t->o.tok;

	if (!terms_plain(c->t))
		return terms_each(c, text, len, fn, ctx);
	doc_setup(c, text, len);
	c->fn = fn;
	c->fctx = ctx;
	c->nring = 0;
	c->head = 0;
	if (!to.lang)
		to.lang = *c->lang ? c->lang : NULL;
	return tok_each_plain(&to, text, len, plain, ctx, on_token, c);
}
