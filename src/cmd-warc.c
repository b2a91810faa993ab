/* cmd-warc.c: hrtk warc, web archive records to the document stream. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hrtk.h"
#include "jsonl.h"
#include "warc.h"

static const char warc_usage[] =
	"usage: hrtk warc [-o file] [file.warc[.gz] ...]\n"
	"\n"
	"Writes one JSON line per response or resource record with an HTML or text\n"
	"payload: \"id\" (WARC-Target-URI), \"date\" (WARC-Date), \"html\" or \"text\" (the\n"
	"payload in UTF-8), \"content_type\". HTTP headers are parsed; chunked transfer\n"
	"coding and gzip or deflate content encodings are decoded; the charset comes\n"
	"from the HTTP header. WARC/1.0 and 1.1, gzip per record or whole file.\n"
	"A malformed or truncated record is reported with its byte offset (in the\n"
	"uncompressed stream) and skipped; the rest is read.\n"
	"\n"
	"Options:\n"
	"      --files-from FILE  read input names from FILE (- for stdin), one a line\n"
	"  -0, --null             names in --files-from are NUL-separated\n"
	CLI_HELP_OUTPUT
	CLI_HELP_COMMON;

static const char *shown(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

static void write_record(const struct warc_record *r, const struct warc_payload *p)
{
	struct buf line = BUF_INIT;

	buf_adds(&line, "{\"id\":");
	json_add_string(&line, r->uri.data ? r->uri.data : "", r->uri.len);
	buf_adds(&line, ",\"date\":");
	json_add_string(&line, r->date.data ? r->date.data : "", r->date.len);
	buf_adds(&line, p->html ? ",\"html\":" : ",\"text\":");
	json_add_string(&line, p->body.data ? p->body.data : "", p->body.len);
	buf_adds(&line, ",\"content_type\":");
	json_add_string(&line, p->content_type.data, p->content_type.len);
	buf_adds(&line, "}\n");
	cli_write(line.data, line.len);
	buf_release(&line);
}

static int read_warc(struct cli *cli, const char *path)
{
	struct warc w;
	struct warc_record r;
	struct warc_payload p;
	struct buf err = BUF_INIT;
	int rc, status = EXIT_OK;

	if (warc_open(&w, path) < 0) {
		warn("%s:", shown(path));
		return EXIT_INPUT;
	}
	warc_record_init(&r);
	while ((rc = warc_next(&w, &r, &err)) != 0) {
		if (rc < 0) {
			warn("%s: %s", shown(path), err.data);
			buf_reset(&err);
			status = EXIT_INPUT;
			if (rc == -2)
				break;
			continue;
		}
		warc_payload_init(&p);
		rc = warc_payload(&r, &p, &err);
		if (rc < 0) {
			warn("%s: byte %llu: %s: %s", shown(path), r.offset,
			     r.uri.data ? r.uri.data : "", err.data);
			buf_reset(&err);
			status = EXIT_INPUT;
		} else if (rc > 0) {
			write_record(&r, &p);
		}
		warc_payload_release(&p);
	}
	warc_record_release(&r);
	warc_close(&w);
	buf_release(&err);
	return status;
}

int cmd_warc(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_LONGOPTS, { 0 } };
	const struct docs_entry *e;
	struct cli cli;
	struct docs ds;
	int c;

	cli_init(&cli, warc_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1)
		cli_common(&cli, c, argv);
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	while ((e = docs_next_entry(&ds))) {
		if (e->error) {
			warn("%s", e->error);
			cli.status = exit_worse(cli.status, EXIT_INPUT);
			continue;
		}
		cli.status = exit_worse(cli.status, read_warc(&cli, e->path));
	}
	docs_close(&ds);
	return cli.status;
}
