/* cmd-norm.c: hrtk norm, any bytes in, normalised UTF-8 out. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "conv.h"
#include "hrtk.h"
#include "norm.h"
#include "unicode.h"

static const char norm_usage[] =
	"usage: hrtk norm [--nfkc] [--casefold] [--strip-accents] [--fold-punct] [--squeeze]\n"
	"                 [--fix-mojibake] [--from-encoding enc] [--strict] [--jsonl] [-j n]\n"
	"                 [file ...]\n"
	"\n"
	"Writes each input as valid NFC UTF-8, streaming in constant memory. Always: a\n"
	"leading BOM removed; CRLF and CR to LF; NUL and C0/C1 controls other than tab,\n"
	"newline and form feed removed; soft hyphens and zero-width spaces removed\n"
	"(ZWJ and ZWNJ kept); invalid UTF-8 to U+FFFD, counted on stderr. UTF-16 with\n"
	"a byte order mark is converted. With --jsonl, \"text\" and \"title\" are\n"
	"normalised and every other member passed through.\n"
	"\n"
	"Options:\n"
	"      --nfkc             compatibility forms: ligatures, full-width forms, superscripts\n"
	"      --casefold         full Unicode case folding (\"Straße\" and \"STRASSE\" meet)\n"
	"      --strip-accents    remove combining marks after decomposition\n"
	"      --fold-punct       curly quotes, primes, dashes, ellipsis and spaces to ASCII\n"
	"      --squeeze          spaces and tabs to one space, trailing ones cut, at most\n"
	"                         one blank line\n"
	"      --fix-mojibake     repair UTF-8 read as Windows-1252 or Latin-1 (\"Ã©\" to \"é\")\n"
	"      --from-encoding ENC  the input encoding (iconv names); auto: UTF-8 where\n"
	"                         valid, other bytes Windows-1252\n"
	"      --strict           fail (exit 3) at the first invalid UTF-8 byte\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum {
	OPT_NFKC = OPT_CMD_BASE, OPT_CASEFOLD, OPT_STRIP_ACCENTS, OPT_FOLD_PUNCT, OPT_SQUEEZE,
	OPT_FIX_MOJIBAKE, OPT_FROM_ENCODING, OPT_STRICT
};

struct norm_ctx {
	struct norm_opts o;
	const char *encoding;	/* NULL: UTF-8 (UTF-16 by its BOM) */
	int quiet;
};

static void report_invalid(const struct norm_ctx *c, struct buf *msg, const char *path,
			   unsigned long long count, unsigned long long first, const char *what)
{
	if (c->quiet || !count)
		return;
	buf_addf(msg, "%s: %llu invalid %s sequence%s replaced by U+FFFD, the first at byte %llu\n",
		 path, count, what, count == 1 ? "" : "s", first);
}

/* --jsonl: "text" and "title" normalised, other members passed through. */
static int norm_doc(void *ctx, struct cli_job *job)
{
	const struct norm_ctx *c = ctx;
	struct doc *d = job->doc;
	struct buf out = BUF_INIT;
	unsigned long long invalid = 0;
	const char *title;
	size_t tlen;
	int status = EXIT_OK;

	if (norm_string(&c->o, d->text, d->len, &out, &invalid) < 0) {
		buf_addf(&job->msg, "%s: invalid UTF-8\n", d->path);
		buf_release(&out);
		return EXIT_INPUT;
	}
	report_invalid(c, &job->msg, d->path, invalid, 0, "UTF-8");
	doc_set_text(d, out.data ? out.data : "", out.len);
	if (d->field && strcmp(d->field, "text"))
		doc_set_json(d, d->field, NULL);
	if ((title = doc_get_str(d, "title", &tlen))) {
		buf_reset(&out);
		norm_string(&c->o, title, tlen, &out, NULL);
		doc_set_str(d, "title", out.data ? out.data : "", out.len);
	}
	doc_write_jsonl(&job->out, d);
	buf_release(&out);
	return status;
}

/* Writes out, remembering whether the last byte was a newline. */
static void flush_out(struct buf *out, int *at_nl)
{
	if (out->len) {
		cli_write(out->data, out->len);
		*at_nl = out->data[out->len - 1] == '\n';
	}
	buf_reset(out);
}

static int is_utf16_bom(const struct buf *b)
{
	const unsigned char *s = (const unsigned char *)b->data;

	return b->len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF));
}

/* Opens the converter for this input, if it needs one; -1 after a warning. */
static int pick_encoding(const struct norm_ctx *c, struct norm_opts *o, const struct buf *head,
			 struct conv *cv, int *use_conv)
{
	const char *enc = c->encoding;
	struct buf err = BUF_INIT;

	*use_conv = 0;
	o->cp1252_fallback = 0;
	if (!enc || !strcasecmp(enc, "auto")) {
		if (is_utf16_bom(head))
			enc = "UTF-16";
		else {
			o->cp1252_fallback = enc != NULL;
			return 0;
		}
	}
	if (!strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8"))
		return 0;
	if (conv_open(cv, enc, &err) < 0) {
		warn("%s", err.data);
		buf_release(&err);
		return -1;
	}
	*use_conv = 1;
	return 0;
}

/* Streams one plain input; returns its exit status. */
static int norm_file(const struct norm_ctx *c, const char *path)
{
	const char *shown = strcmp(path, "-") ? path : "<stdin>";
	struct norm_opts o = c->o;
	struct reader r;
	struct conv cv;
	struct norm n;
	struct buf in = BUF_INIT, utf8 = BUF_INIT, out = BUF_INIT, msg = BUF_INIT;
	int use_conv = 0, at_nl = 1, status = EXIT_OK, first = 1, rc = 0;
	long got;

	if (reader_open(&r, path) < 0) {
		warn("%s:", shown);
		return EXIT_INPUT;
	}
	for (;;) {
		buf_reset(&in);
		got = reader_read(&r, &in, (size_t)1 << 16);
		if (got < 0) {
			warn("%s: byte %llu: %s", shown, r.offset + r.pos, reader_strerror(&r));
			status = EXIT_INPUT;
			break;
		}
		if (first) {
			first = 0;
			if (pick_encoding(c, &o, &in, &cv, &use_conv) < 0) {
				reader_close(&r);
				buf_release(&in);
				return EXIT_USAGE;
			}
			norm_init(&n, &o);
		}
		if (use_conv) {
			buf_reset(&utf8);
			conv_feed(&cv, in.data ? in.data : "", in.len, got == 0, &utf8);
			rc = norm_feed(&n, utf8.data ? utf8.data : "", utf8.len, &out);
		} else {
			rc = norm_feed(&n, in.data ? in.data : "", in.len, &out);
		}
		if (rc == 0 && got == 0)
			rc = norm_finish(&n, &out);
		flush_out(&out, &at_nl);
		if (rc < 0) {
			warn("%s: byte %llu: invalid UTF-8", shown, n.first_invalid);
			status = EXIT_INPUT;
			break;
		}
		if (got == 0)
			break;
	}
	if (!first) {
		if (!at_nl && status == EXIT_OK)
			cli_write("\n", 1);
		if (status == EXIT_OK)
			report_invalid(c, &msg, shown, n.invalid, n.first_invalid, "UTF-8");
		if (use_conv) {
			report_invalid(c, &msg, shown, cv.invalid, cv.first_invalid, cv.name);
			conv_close(&cv);
		}
		norm_release(&n);
	}
	if (msg.len) {
		msg.data[msg.len - 1] = '\0';
		warn("%s", msg.data);
	}
	reader_close(&r);
	buf_release(&in);
	buf_release(&utf8);
	buf_release(&out);
	buf_release(&msg);
	return status;
}

int cmd_norm(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "nfkc", no_argument, NULL, OPT_NFKC },
		{ "casefold", no_argument, NULL, OPT_CASEFOLD },
		{ "strip-accents", no_argument, NULL, OPT_STRIP_ACCENTS },
		{ "fold-punct", no_argument, NULL, OPT_FOLD_PUNCT },
		{ "squeeze", no_argument, NULL, OPT_SQUEEZE },
		{ "fix-mojibake", no_argument, NULL, OPT_FIX_MOJIBAKE },
		{ "from-encoding", required_argument, NULL, OPT_FROM_ENCODING },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ 0 }
	};
	struct norm_ctx c;
	const struct docs_entry *e;
	struct buf err = BUF_INIT;
	struct conv probe;
	struct cli cli;
	struct docs ds;
	int ch;

	memset(&c, 0, sizeof(c));
	c.o.form = UNI_NFC;
	cli_init(&cli, norm_usage);
	while ((ch = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_NFKC: c.o.form = (c.o.form & ~UNI_NFC) | UNI_NFKC; break;
		case OPT_CASEFOLD: c.o.form |= UNI_CASEFOLD; break;
		case OPT_STRIP_ACCENTS: c.o.form |= UNI_STRIP_MARKS; break;
		case OPT_FOLD_PUNCT: c.o.fold_punct = 1; break;
		case OPT_SQUEEZE: c.o.squeeze = 1; break;
		case OPT_FIX_MOJIBAKE: c.o.fix_mojibake = 1; break;
		case OPT_FROM_ENCODING: c.encoding = optarg; break;
		case OPT_STRICT: c.o.strict = 1; break;
		default: cli_common(&cli, ch, argv);
		}
	}
	c.quiet = cli.quiet;
	if (c.encoding && strcasecmp(c.encoding, "auto")) {
		if (conv_open(&probe, c.encoding, &err) < 0)
			cli_usage_error(&cli, "--from-encoding: %s", err.data);
		conv_close(&probe);
	}
	if (c.encoding && cli.docs.jsonl)
		cli_usage_error(&cli, "--from-encoding does not apply to --jsonl (JSON is UTF-8)");
	cli.docs.allow_binary = 1;
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	if (cli.docs.jsonl) {
		cli_run_docs(&cli, &ds, norm_doc, &c, NULL);
	} else {
		while ((e = docs_next_entry(&ds))) {
			if (e->error) {
				warn("%s", e->error);
				cli.status = exit_worse(cli.status, EXIT_INPUT);
				continue;
			}
			cli.status = exit_worse(cli.status, norm_file(&c, e->path));
		}
	}
	docs_close(&ds);
	buf_release(&err);
	return cli.status;
}
