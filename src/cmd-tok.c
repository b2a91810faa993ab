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
	int piece_break;	/* a streamed piece ended at a blank line after terms */
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
	if (o->c->sentences && (t->sent || o->piece_break))
		buf_addc(o->out, '\n');
	o->piece_break = 0;
	if (o->out->alloc - o->out->len < t->len + 2)
		buf_grow(o->out, t->len + 1);
	memcpy(o->out->data + o->out->len, t->s, t->len);
	o->out->len += t->len;
	o->out->data[o->out->len++] = '\n';
	o->out->data[o->out->len] = '\0';
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

/* After the terms of text[0, len): the rest of --format text lines, the last sentence end. */
static void piece_end(struct tok_out *o, size_t len, int last)
{
	const char *p = o->text + o->scanned, *end = o->text + len;

	if (o->c->text_format) {
		/* The remaining line ends, so that output lines match input lines. */
		for (; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
			buf_addc(o->out, '\n');
			o->line_has = 0;
		}
		if (o->line_has && last)
			buf_addc(o->out, '\n');
	} else if (o->c->sentences && o->nterms && last) {
		buf_addc(o->out, '\n');
	}
}

static int tok_doc(void *ctx, struct cli_job *job)
{
	struct tok_ctx *c = ctx;
	struct doc *d = job->doc;
	struct tok_out o = { .c = c, .text = d->text, .out = &job->out };
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
	piece_end(&o, d->len, 1);
	return EXIT_OK;
}

/* Where a streamed piece may end: after a blank line, else (when long) after a newline. */
static size_t piece_cut(const struct buf *b)
{
	const char *s = b->data, *p;
	size_t i;

	for (i = b->len; i > 1; i--) {
		if (s[i - 1] != '\n')
			continue;
		for (p = s + i - 2; p > s && (*p == ' ' || *p == '\t' || *p == '\r'); p--)
			;
		if (*p == '\n')
			return i;
	}
	if (b->len < ((size_t)8 << 20))
		return 0;
	for (i = b->len; i > 0; i--)
		if (s[i - 1] == '\n')
			return i;
	/* No line end in 8 MiB: a space will do, else any character boundary. */
	for (i = b->len; i > 0; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t')
			return i;
	for (i = b->len - 1; i > 0 && (s[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

/* Streams one plain input in pieces cut at blank lines: constant memory. */
static int tok_stream(struct tok_ctx *c, const char *path)
{
	const char *shown = strcmp(path, "-") ? path : "<stdin>";
	struct terms_ctx **tc = &c->per_worker[0];
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct tok_out o = { .c = c, .out = &out };
	struct reader r;
	size_t cut;
	int first = 1, status = EXIT_OK;
	long got;

	if (!*tc)
		*tc = terms_ctx_new(&c->terms);
	if (reader_open(&r, path) < 0) {
		warn("%s:", shown);
		return EXIT_INPUT;
	}
	do {
		got = reader_read(&r, &in, (size_t)1 << 20);
		if (got < 0) {
			warn("%s: byte %llu: %s", shown, r.offset + r.pos, reader_strerror(&r));
			status = EXIT_INPUT;
		}
		if (first && memchr(in.data ? in.data : "", '\0', in.len < 8192 ? in.len : 8192)) {
			/* As the document stream does for -j: binary and UTF-16 are not text. */
			warn("%s: binary data or UTF-16, not text (try hrtk norm first)", shown);
			status = EXIT_INPUT;
			break;
		}
		cut = got > 0 ? piece_cut(&in) : in.len;
		if (!cut && got > 0)
			continue;
		o.text = in.data ? in.data : "";
		o.scanned = 0;
		o.piece_break = o.nterms > 0;
		if (first)
			terms_each(*tc, o.text, cut, on_term, &o);
		else
			terms_each_more(*tc, o.text, cut, on_term, &o);
		first = 0;
		piece_end(&o, cut, got <= 0);
		cli_write(out.data, out.len);
		buf_reset(&out);
		if (in.len > cut)
			memmove(in.data, in.data + cut, in.len - cut);
		buf_truncate(&in, in.len - cut);
	} while (got > 0);
	reader_close(&r);
	buf_release(&in);
	buf_release(&out);
	return status;
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
	if (c.jsonl || cli.jobs > 1) {
		cli_run_docs(&cli, &ds, tok_doc, &c, NULL);
	} else {
		const struct docs_entry *e;

		while ((e = docs_next_entry(&ds))) {
			if (e->error) {
				warn("%s", e->error);
				cli.status = exit_worse(cli.status, EXIT_INPUT);
				continue;
			}
			cli.status = exit_worse(cli.status, tok_stream(&c, e->path));
		}
	}
	docs_close(&ds);
	for (i = 0; i < cli.jobs; i++)
		terms_ctx_free(c.per_worker[i]);
	free(c.per_worker);
	terms_release(&c.terms);
	return cli.status;
}
