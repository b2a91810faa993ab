/* cmd-cat.c: hrtk cat, the document stream read and written back. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hrtk.h"

static const char cat_usage[] =
	"usage: hrtk cat [--jsonl] [-j n] [-o path] [--files-from file [-0]] [file ...]\n"
	"\n"
	"Reads documents and writes them back: plain text, or with --jsonl one JSON\n"
	"object per document, its id filled from the file name and every other member\n"
	"passed through byte for byte. Turns a folder of texts into a JSON Lines stream.\n"
	"\n"
	"Options:\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_MIRROR
	CLI_HELP_COMMON;

struct cat_opts {
	int jsonl;
};

static int cat_doc(void *ctx, struct cli_job *job)
{
	const struct cat_opts *o = ctx;
	struct doc *d = job->doc;
	struct buf *out = &job->out;

	if (o->jsonl) {
		doc_write_jsonl(out, d);
		return EXIT_OK;
	}
	buf_add(out, d->text, d->len);
	if (d->len && d->text[d->len - 1] != '\n')
		buf_addc(out, '\n');
	return EXIT_OK;
}

int cmd_cat(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_LONGOPTS, { 0 } };
	struct cat_opts o = { 0 };
	struct cli cli;
	struct docs ds;
	int c;

	cli_init(&cli, cat_usage);
	cli.mirror_ok = 1;
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1)
		cli_common(&cli, c, argv);
	o.jsonl = cli.docs.jsonl;
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	cli_run_docs(&cli, &ds, cat_doc, &o, NULL);
	docs_close(&ds);
	return cli.status;
}
