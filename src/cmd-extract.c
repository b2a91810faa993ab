/* cmd-extract.c: hrtk extract, the article out of a page or a PDF's text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "corpus.h"
#include "explain.h"
#include "extract.h"
#include "hrtk.h"

static const char extract_usage[] =
	"usage: hrtk extract [--from html|text|pdftext|markdown] [--all] [--title] [--corpus]\n"
	"                    [--explain file] [--jsonl] [-j n] [file ...]\n"
	"\n"
	"Writes the main text of each document: title first, then paragraphs\n"
	"separated by blank lines. The input kind is detected (HTML; pdftotext output,\n"
	"which has form feeds between pages; PDF-to-markdown output; plain text) or\n"
	"forced with --from. With --jsonl, input objects give their \"html\" or \"text\"\n"
	"member, and output objects get \"text\" and the metadata found (\"title\",\n"
	"\"author\", \"date\", \"lang\", \"site\", \"url\"); \"html\" is dropped.\n"
	"\n"
	"Options:\n"
	"      --from KIND        the input kind: html, text, pdftext or markdown\n"
	"      --all              HTML: every visible block, no content detection\n"
	"      --title            HTML: the page title first, as a paragraph of its own\n"
	"      --corpus           pdftext: line-end hyphens decided on the forms all inputs\n"
	"                         write too (two passes)\n"
	"      --explain FILE     pdftext, markdown: a TSV row for every removed or joined line\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_MIRROR
	CLI_HELP_COMMON;

enum { OPT_FROM = OPT_CMD_BASE, OPT_ALL, OPT_TITLE, OPT_CORPUS };

struct extract_ctx {
	struct extract_opts opts;
	int jsonl;
	int explain;
	const char *tmp_path;		/* stdin's copy for --corpus, or NULL */
};

static enum extract_from input_kind(const struct extract_opts *o, const char *in, size_t len)
{
	return o->from == FROM_AUTO ? extract_sniff(in, len) : o->from;
}

static int run_module(const struct extract_opts *o, const char *in, size_t len,
		      struct extract_result *r, struct buf *err)
{
	switch (input_kind(o, in, len)) {
	case FROM_HTML:
		return html_extract(in, len, o, r, err);
	case FROM_PDFTEXT:
		return pdftext_extract(in, len, o, r, err);
	case FROM_MARKDOWN:
		return markdown_extract(in, len, o, r, err);
	default:
		buf_add(&r->text, in, len);
		return 0;
	}
}

static void set_meta(struct doc *d, const char *key, const struct buf *value)
{
	if (value->len)
		doc_set_str(d, key, value->data, value->len);
}

static int extract_doc(void *ctx, struct cli_job *job)
{
	const struct extract_ctx *c = ctx;
	struct extract_opts o = c->opts;
	struct extract_result r;
	struct buf err = BUF_INIT;
	struct doc *d = job->doc;
	int status = EXIT_OK;

	cli_stdin_name(c->tmp_path, d);
	o.doc_id = d->id;
	o.explain = c->explain;
	extract_result_init(&r);
	if (run_module(&o, d->text, d->len, &r, &err) < 0) {
		buf_addf(&job->msg, "%s: %s\n", d->path, err.data);
		status = EXIT_INPUT;
	} else if (c->jsonl) {
		doc_set_text(d, r.text.data ? r.text.data : "", r.text.len);
		if (d->field && strcmp(d->field, "text"))
			doc_set_json(d, d->field, NULL);
		set_meta(d, "title", &r.title);
		set_meta(d, "author", &r.author);
		set_meta(d, "date", &r.date);
		set_meta(d, "lang", &r.lang);
		set_meta(d, "site", &r.site);
		set_meta(d, "url", &r.url);
		doc_write_jsonl(&job->out, d);
	} else {
		buf_add(&job->out, r.text.data, r.text.len);
		if (r.text.len && r.text.data[r.text.len - 1] != '\n')
			buf_addc(&job->out, '\n');
	}
	buf_add(&job->aux, r.explain.data, r.explain.len);
	extract_result_release(&r);
	buf_release(&err);
	return status;
}

/*
 * The first pass of --corpus: the word forms of every pdftext input, as
 * hashes. Bad inputs are reported by the second pass, once.
 */
static struct corpus *corpus_pass(struct cli *cli, const struct extract_opts *o, int argc,
				  char **argv)
{
	struct corpus *c = corpus_new(1, 0);
	struct docs ds;
	struct doc d;
	int rc;

	if (docs_open(&ds, &cli->docs, argc, argv) < 0) {
		docs_close(&ds);
		return c;
	}
	doc_init(&d);
	while ((rc = docs_next(&ds, &d)) != 0)
		if (rc > 0 && input_kind(o, d.text, d.len) == FROM_PDFTEXT)
			pdftext_learn(d.text, d.len, c);
	doc_release(&d);
	docs_close(&ds);
	return c;
}

static enum extract_from parse_from(const struct cli *cli, const char *arg)
{
	static const char *const names[] = {
		[FROM_AUTO] = "auto", [FROM_HTML] = "html", [FROM_TEXT] = "text",
		[FROM_PDFTEXT] = "pdftext", [FROM_MARKDOWN] = "markdown",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(arg, names[i]))
			return (enum extract_from)i;
	cli_usage_error(cli, "--from: '%s' is not one of html, text, pdftext, markdown", arg);
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "from", required_argument, NULL, OPT_FROM },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "title", no_argument, NULL, OPT_TITLE },
		{ "corpus", no_argument, NULL, OPT_CORPUS },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ 0 }
	};
	static const char *const fields[] = { "html", "text", NULL };
	struct extract_ctx ctx;
	struct corpus *hyphens = NULL;
	const char *explain_path = NULL;
	char **args, *tmp = NULL;
	int nargs, corpus = 0;
	FILE *explain_fp = NULL;
	struct cli cli;
	struct docs ds;
	int c;

	memset(&ctx, 0, sizeof(ctx));
	cli_init(&cli, extract_usage);
	/* hrtk(1): -o DIR mirrors the inputs, one text each */
	cli.mirror_ok = 1;
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_FROM:
			ctx.opts.from = parse_from(&cli, optarg);
			break;
		case OPT_ALL:
			ctx.opts.all = 1;
			break;
		case OPT_TITLE:
			ctx.opts.title = 1;
			break;
		case OPT_CORPUS:
			corpus = 1;
			break;
		case OPT_EXPLAIN:
			explain_path = optarg;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	ctx.jsonl = cli.docs.jsonl;
	ctx.opts.want_meta = ctx.jsonl;
	cli.docs.text_fields = fields;
	args = argv + optind;
	nargs = argc - optind;
	if (corpus) {
		args = cli_reread_args(&cli, "--corpus", &nargs, args, &tmp);
		ctx.tmp_path = tmp;
		ctx.opts.hyphens = hyphens = corpus_pass(&cli, &ctx.opts, nargs, args);
	}
	if (explain_path) {
		if (!(explain_fp = fopen(explain_path, "w")))
			die(EXIT_OUTPUT, "cannot write '%s':", explain_path);
		fputs(EXPLAIN_HEADER, explain_fp);
		ctx.explain = 1;
	}
	cli_open_docs(&cli, &ds, nargs, args);
	cli_run_docs(&cli, &ds, extract_doc, &ctx, explain_fp);
	docs_close(&ds);
	if (explain_fp && fclose(explain_fp))
		die(EXIT_OUTPUT, "write error on '%s':", explain_path);
	cli_reread_done(args, argv + optind, tmp);
	corpus_free(hyphens);
	return cli.status;
}
