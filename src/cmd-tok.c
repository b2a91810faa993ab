/* cmd-tok.c: hrtk tok, text to tokens (or terms: stop words, stems, n-grams). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-terms.h"
#include "hrtk.h"
#include "jsonl.h"

static const char tok_usage[] =
	"usage: hrtk tok [--format tokens|text] [--sentences] [--lang lang] [--stop lang|file]\n"
	"                [--stem lang] [--min-len n] [--keep-case] [--split-hyphens]\n"
	"                [--ngrams n[-m]] [--no-urls] [--jsonl] [-j n] [file ...]\n"
	"\n"
	"Writes the tokens of each document, one a line: words (letters, marks and\n"
	"digits of any script, kept whole across an inner hyphen or apostrophe),\n"
	"numbers (\"2.6\"), URLs and e-mail addresses; case folded and NFC unless\n"
	"--keep-case. --format text writes a line of tokens for each input line.\n"
	"--sentences writes an empty line between sentences. With --jsonl, each\n"
	"object gets a \"tokens\" array (an array of arrays with --sentences).\n"
	"\n"
	"Options:\n"
	"      --format FORMAT    tokens (one a line, the default) or text (line for line)\n"
	"      --sentences        an empty line between sentences and documents\n"
	TERMS_HELP
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum { OPT_FORMAT = OPT_CMD_BASE, OPT_SENTENCES };

struct tok_ctx {
	struct terms terms;
	struct terms_ctx **per_worker;
	int jsonl, text_format, sentences;
};

/* One document's output state, for the term callback. */
struct tok_out {
	const struct tok_ctx *c;
	const char *text;
	struct buf *out;
	size_t scanned;		/* --format text: newlines counted up to here */
	size_t nterms;
	int line_has;		/* --format text: the current line has a term */
	int open;		/* --jsonl --sentences: a sentence array is open */
};

static int put_plain(struct tok_out *o, const struct term *t)
{
	const char *p, *end;

	if (o->c->text_format) {
		if (t->off > o->scanned) {
			for (p = o->text + o->scanned, end = o->text + t->off;
			     (p = memchr(p, '\n', (size_t)(end - p))); p++) {
				buf_addc(o->out, '\n');
				o->line_has = 0;
			}
			o->scanned = t->off;
		}
		if (o->line_has)
			buf_addc(o->out, ' ');
		buf_add(o->out, t->s, t->len);
		o->line_has = 1;
		return 0;
	}
	if (o->c->sentences && t->sent)
		buf_addc(o->out, '\n');
	buf_add(o->out, t->s, t->len);
	buf_addc(o->out, '\n');
	return 0;
}

static int put_json(struct tok_out *o, const struct term *t)
{
	if (o->c->sentences && (t->sent || !o->open)) {
		buf_adds(o->out, o->open ? "],[" : "[");
		o->open = 1;
		o->nterms = 0;
	}
	if (o->nterms)
		buf_addc(o->out, ',');
	json_add_string(o->out, t->s, t->len);
	return 0;
}

static int on_term(void *ctx, const struct term *t)
{
	struct tok_out *o = ctx;
	int rc = o->c->jsonl ? put_json(o, t) : put_plain(o, t);

	o->nterms++;
	return rc;
}

static int tok_doc(void *ctx, struct cli_job *job)
{
	struct tok_ctx *c = ctx;
	struct doc *d = job->doc;
	struct tok_out o = { c, d->text, &job->out, 0, 0, 0, 0 };
	struct terms_ctx **tc = &c->per_worker[job->worker];
	struct buf json = BUF_INIT;

	if (!*tc)
		*tc = terms_ctx_new(&c->terms);
	if (c->jsonl) {
		o.out = &json;
		buf_addc(&json, '[');
		terms_each(*tc, d->text, d->len, on_term, &o);
		buf_adds(&json, o.open ? "]]" : "]");
		doc_set_json(d, "tokens", json.data);
		doc_write_jsonl(&job->out, d);
		buf_release(&json);
		return EXIT_OK;
	}
	terms_each(*tc, d->text, d->len, on_term, &o);
	if (c->text_format) {
		const char *p = d->text + o.scanned, *end = d->text + d->len;

		/* The remaining line ends, so that output lines match input lines. */
		for (; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
			buf_addc(&job->out, '\n');
			o.line_has = 0;
		}
		if (o.line_has)
			buf_addc(&job->out, '\n');
	} else if (c->sentences && o.nterms) {
		buf_addc(&job->out, '\n');
	}
	return EXIT_OK;
}

int cmd_tok(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS, TERMS_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "sentences", no_argument, NULL, OPT_SENTENCES },
		{ 0 }
	};
	struct tok_ctx c;
	struct terms_opts to;
	struct cli cli;
	struct docs ds;
	int i, ch;

	memset(&c, 0, sizeof(c));
	memset(&to, 0, sizeof(to));
	cli_init(&cli, tok_usage);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			if (!strcmp(optarg, "text"))
				c.text_format = 1;
			else if (strcmp(optarg, "tokens"))
				cli_usage_error(&cli, "--format: '%s' is not tokens or text", optarg);
			break;
		case OPT_SENTENCES:
			c.sentences = 1;
			break;
		default:
			if (!terms_option(&cli, &to, ch))
				cli_common(&cli, ch, argv);
		}
	}
	c.jsonl = cli.docs.jsonl;
	if (c.sentences)
		to.tok.sentences = 1;
	terms_setup(&cli, &c.terms, &to);
	c.per_worker = ecalloc((size_t)cli.jobs, sizeof(*c.per_worker));
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	cli_run_docs(&cli, &ds, tok_doc, &c, NULL);
	docs_close(&ds);
	for (i = 0; i < cli.jobs; i++)
		terms_ctx_free(c.per_worker[i]);
	free(c.per_worker);
	terms_release(&c.terms);
	return cli.status;
}
