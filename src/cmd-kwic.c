/* cmd-kwic.c: hrtk kwic, a concordance of a pattern's or a concept's matches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dict.h"
#include "hrtk.h"
#include "unicode.h"
#include "utf8.h"

static const char kwic_usage[] =
	"usage: hrtk kwic [-d dict]... [--concept name | pattern] [--width n] [--format text|tsv]\n"
	"                 [--sort pos|right|left] [--jsonl] [-j n] [--files-from file [-0]] [file ...]\n"
	"\n"
	"Shows every match of a pattern (\"harm reduction\", \"stigmati*\") or of a\n"
	"dictionary concept in its context, one line per match, aligned on the match:\n"
	"document, left context, match, right context. Patterns match as in\n"
	"'hrtk concepts': case, accents and hyphens do not matter.\n"
	"\n"
	"Options:\n"
	"  -c, --concept NAME     the matches of a concept (and its sub-concepts)\n"
	"  -d, --dict FILE        the dictionary for --concept (default: harm reduction)\n"
	"  -w, --width N          characters of context on each side (default 40)\n"
	"      --format F         text (default: aligned columns) or tsv\n"
	"                         (id offset left match right, with a header line)\n"
	"      --sort KEY         pos: by document and position (default); right: by\n"
	"                         the words after the match; left: by the words before\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum { OPT_FORMAT = OPT_CMD_BASE, OPT_SORT };
enum sort_key { S_POS, S_RIGHT, S_LEFT };

struct kwic {
	struct dict dict;
	long concept;		/* -1: every match (one pattern) */
	size_t width;
	struct dict_run *runs;
};

/* One concordance line; fields point into the records read back from the side file. */
struct line {
	const char *id, *off, *left, *match, *right;
	char *key;
	size_t seq;
};

static int is_space_at(const unsigned char *p, size_t n, size_t *len)
{
	int32_t cp;

	*len = utf8_decode(p, n, &cp);
	return uni_is_space(cp);
}

/* Appends text[a..b) trimmed, each run of whitespace inside made one space. */
static void add_collapsed(struct buf *out, const char *text, size_t a, size_t b)
{
	const unsigned char *p = (const unsigned char *)text + a, *end = (const unsigned char *)text + b;
	size_t n, start = out->len;
	int space = 0;

	while (p < end) {
		if (is_space_at(p, (size_t)(end - p), &n)) {
			space = 1;
		} else {
			if (space && out->len > start)
				buf_addc(out, ' ');
			space = 0;
			buf_add(out, p, n);
		}
		p += n;
	}
}

/* The start of the width characters (whitespace runs counting one) before off. */
static size_t left_start(const char *text, size_t off, size_t width)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t q = off, n = 0, len;
	int prev_space = 0, sp;

	while (q > 0) {
		size_t p = q - 1;

		while (p > 0 && (s[p] & 0xC0) == 0x80 && q - p < 4)
			p--;
		sp = is_space_at(s + p, q - p, &len);
		if (len != q - p)	/* invalid bytes: step one byte */
			p = q - 1, sp = 0;
		if (!(sp && prev_space)) {
			if (n == width)
				break;
			n++;
		}
		prev_space = sp;
		q = p;
	}
	return q;
}

/* The end of the width characters after end. */
static size_t right_end(const char *text, size_t len, size_t end, size_t width)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t q = end, n = 0, l;
	int prev_space = 0, sp;

	while (q < len) {
		sp = is_space_at(s + q, len - q, &l);
		if (!(sp && prev_space)) {
			if (n == width)
				break;
			n++;
		}
		prev_space = sp;
		q += l;
	}
	return q;
}

/* Appends s with tabs and newlines made spaces: an id in a record. */
static void add_field(struct buf *out, const char *s)
{
	for (; *s; s++)
		buf_addc(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* A record: id TAB offset TAB left TAB match TAB right NL, to the side file. */
static int kwic_doc(void *ctx, struct cli_job *job)
{
	struct kwic *k = ctx;
	struct dict_run *r = &k->runs[job->worker];
	const struct doc *d = job->doc;
	size_t i;

	dict_run(r, &k->dict, d->text, d->len);
	for (i = 0; i < r->nm; i++) {
		if (k->concept >= 0 && r->m[i].concept != (uint32_t)k->concept)
			continue;
		add_field(&job->aux, d->id);
		buf_addf(&job->aux, "\t%zu\t", r->m[i].off);
		add_collapsed(&job->aux, d->text, left_start(d->text, r->m[i].off, k->width), r->m[i].off);
		buf_addc(&job->aux, '\t');
		add_collapsed(&job->aux, d->text, r->m[i].off, r->m[i].end);
		buf_addc(&job->aux, '\t');
		add_collapsed(&job->aux, d->text, r->m[i].end,
			      right_end(d->text, d->len, r->m[i].end, k->width));
		buf_addc(&job->aux, '\n');
	}
	return EXIT_OK;
}

static size_t cps(const char *s)
{
	return utf8_count((const unsigned char *)s, strlen(s));
}

static void pad(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, ' ');
}

/* The sort key: the context's words case folded, the left ones nearest first. */
static char *sort_key(const char *ctx, int reverse)
{
	struct buf f = BUF_INIT, out = BUF_INIT;
	const char *end, *sp;

	uni_normalize(&f, ctx, strlen(ctx), UNI_CASEFOLD | UNI_STRIP_MARKS);
	if (!reverse)
		return buf_detach(&f, NULL);
	end = f.data ? f.data + f.len : NULL;
	while (end && end > f.data) {
		for (sp = end; sp > f.data && sp[-1] != ' '; sp--)
			;
		buf_add(&out, sp, (size_t)(end - sp));
		buf_addc(&out, ' ');
		end = sp > f.data ? sp - 1 : sp;
	}
	buf_release(&f);
	return buf_detach(&out, NULL);
}

static int by_key(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int split_record(char *s, struct line *l)
{
	char *f[5];
	int i;

	for (i = 0; i < 5; i++) {
		f[i] = s;
		s = strchr(s, i < 4 ? '\t' : '\n');
		if (!s)
			return -1;
		*s++ = '\0';
	}
	l->id = f[0];
	l->off = f[1];
	l->left = f[2];
	l->match = f[3];
	l->right = f[4];
	return 0;
}

static void write_lines(FILE *side, enum sort_key key, int tsv, size_t width)
{
	struct buf all = BUF_INIT, out = BUF_INIT;
	struct line *lines = NULL;
	size_t n = 0, a = 0, i, idw = 0, w;
	char *p, *end;

	rewind(side);
	if (buf_read_file(&all, side) < 0)
		die(EXIT_OUTPUT, "cannot read back the temporary file:");
	for (p = all.data, end = all.data + all.len; p && p < end; p = strchr(p, '\0') + 1) {
		if (n == a) {
			a = a ? a * 2 : 256;
			lines = ereallocarray(lines, a, sizeof(*lines));
		}
		if (split_record(p, &lines[n]) < 0)
			break;
		lines[n].seq = n;
		lines[n].key = key == S_POS ? NULL : sort_key(key == S_RIGHT ? lines[n].right : lines[n].left,
							      key == S_LEFT);
		if ((w = cps(lines[n].id)) > idw)
			idw = w;
		p = (char *)lines[n].right;
		n++;
	}
	if (key != S_POS)
		sort_array(lines, n, sizeof(*lines), by_key);
	if (tsv)
		buf_adds(&out, "id\toffset\tleft\tmatch\tright\n");
	for (i = 0; i < n; i++) {
		if (tsv) {
			buf_addf(&out, "%s\t%s\t%s\t%s\t%s\n", lines[i].id, lines[i].off,
				 lines[i].left, lines[i].match, lines[i].right);
		} else {
			buf_adds(&out, lines[i].id);
			pad(&out, idw - cps(lines[i].id) + 2);
			pad(&out, width > cps(lines[i].left) ? width - cps(lines[i].left) : 0);
			buf_addf(&out, "%s  %s  %s\n", lines[i].left, lines[i].match, lines[i].right);
		}
		if (out.len > 1 << 16) {
			cli_write(out.data, out.len);
			buf_reset(&out);
		}
		free(lines[i].key);
	}
	cli_write(out.data, out.len);
	buf_release(&out);
	buf_release(&all);
	free(lines);
}

int cmd_kwic(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "dict", required_argument, NULL, 'd' },
		{ "concept", required_argument, NULL, 'c' },
		{ "width", required_argument, NULL, 'w' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ 0 }
	};
	struct kwic k = { .concept = -1, .width = 40 };
	const char **dicts = ecalloc((size_t)argc + 1, sizeof(*dicts));
	const char *concept = NULL;
	enum sort_key key = S_POS;
	size_t ndicts = 0;
	struct buf err = BUF_INIT;
	struct cli cli;
	struct docs ds;
	int c, t, tsv = 0;
	FILE *side;

	cli_init(&cli, kwic_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT "c:d:w:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dicts[ndicts++] = optarg;
			break;
		case 'c':
			concept = optarg;
			break;
		case 'w':
			k.width = (size_t)cli_long(&cli, "--width", optarg, 0, 10000);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "tsv"))
				cli_usage_error(&cli, "--format: '%s' is not text or tsv", optarg);
			tsv = !strcmp(optarg, "tsv");
			break;
		case OPT_SORT:
			if (!strcmp(optarg, "pos"))
				key = S_POS;
			else if (!strcmp(optarg, "right"))
				key = S_RIGHT;
			else if (!strcmp(optarg, "left"))
				key = S_LEFT;
			else
				cli_usage_error(&cli, "--sort: '%s' is not pos, right or left", optarg);
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	dict_init(&k.dict);
	if (concept) {
		if (dict_open(&k.dict, dicts, ndicts, &err) < 0)
			die(EXIT_INPUT, "%s", err.data);
		if ((k.concept = dict_find(&k.dict, concept)) < 0)
			cli_usage_error(&cli, "no concept '%s' in the dictionary", concept);
	} else {
		if (optind >= argc)
			cli_usage_error(&cli, "no pattern: give one, or --concept NAME");
		if (ndicts)
			cli_usage_error(&cli, "-d goes with --concept, not with a pattern");
		if (dict_add(&k.dict, "kwic", argv[optind], &err) < 0)
			cli_usage_error(&cli, "bad pattern: %s", err.data);
		optind++;
		dict_compile(&k.dict, &err);
	}
	free(dicts);
	buf_release(&err);
	k.runs = ecalloc((size_t)cli.jobs, sizeof(*k.runs));
	for (t = 0; t < cli.jobs; t++)
		dict_run_init(&k.runs[t], &k.dict);
	if (!(side = tmpfile()))
		die(EXIT_OUTPUT, "cannot make a temporary file:");
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	cli_run_docs(&cli, &ds, kwic_doc, &k, side);
	docs_close(&ds);
	if (fflush(side) || ferror(side))
		die(EXIT_OUTPUT, "write error on a temporary file:");
	write_lines(side, key, tsv, k.width);
	fclose(side);
	for (t = 0; t < cli.jobs; t++)
		dict_run_release(&k.runs[t]);
	free(k.runs);
	dict_release(&k.dict);
	return cli.status;
}
