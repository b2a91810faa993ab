/* cmd-report.c: hrtk report, a corpus at a glance as one self-contained HTML page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-terms.h"
#include "ctab.h"
#include "hrtk.h"
#include "report.h"
#include "stop.h"

static const char report_usage[] =
	"usage: hrtk report [--counts file] [--concepts file] [--concepts-by-doc file]\n"
	"                   [--keyness file | --reference file] [--explain file] [--title text]\n"
	"                   [--top k] [--max-docs n] [--format html|svg] [--chart name]\n"
	"                   [--stop lang|file|auto] [--stem lang|auto] [--jsonl] [-j n]\n"
	"                   [--files-from file [-0]] [-o file] [file ...]\n"
	"\n"
	"Writes one self-contained HTML page (inline SVG charts, nothing fetched) that\n"
	"shows a corpus at a glance: documents, tokens, types and languages; the top\n"
	"keywords; concepts and a documents-by-concepts heat map; keyness against a\n"
	"reference; and what cleaning dropped. Each chart comes with its table.\n"
	"Given files (or --jsonl, --files-from) it counts the corpus itself, as\n"
	"'hrtk count --stop auto' would, and guesses each document's language;\n"
	"otherwise it draws the tables other commands wrote. Concepts come from\n"
	"tables only (hrtk concepts, hrtk concepts --by-doc).\n"
	"\n"
	"Options:\n"
	"      --counts FILE      a count table (hrtk count) instead of counting a corpus\n"
	"      --concepts FILE    a concept table (hrtk concepts)\n"
	"      --concepts-by-doc FILE  per document concept rates (hrtk concepts --by-doc)\n"
	"      --keyness FILE     a keyness table (hrtk keyness)\n"
	"      --reference FILE   a count table to compare the corpus with (keyness computed here)\n"
	"      --explain FILE     the --explain TSV of hrtk clean: lines kept and dropped\n"
	"      --title TEXT       the page's title (default \"Corpus report\")\n"
	"      --top K            rows charted: keywords, concepts, keyness per side (default 25)\n"
	"      --max-docs N       documents in the heat map (default 60)\n"
	"      --format F         html (default) or svg: one chart, named by --chart\n"
	"      --chart NAME       keywords, concepts, heatmap or keyness (implies --format svg)\n"
	TERMS_HELP
	"                         (the report counts with --stop auto unless told otherwise)\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_OUTPUT
	CLI_HELP_COMMON;

enum {
	OPT_COUNTS = OPT_CMD_BASE,
	OPT_CONCEPTS,
	OPT_BY_DOC,
	OPT_KEYNESS,
	OPT_REFERENCE,
	OPT_TITLE,
	OPT_TOP,
	OPT_MAX_DOCS,
	OPT_FORMAT,
	OPT_CHART
};

struct report_opts {
	const char *counts, *concepts, *by_doc, *keyness, *reference, *explain;
	const char *chart;
	int svg;
	struct terms_opts topts;
};

/* ---- counting the corpus ---- */

struct worker {
	struct terms_ctx *terms;
	struct ctab doc;		/* this document's terms */
	struct table tab;		/* the worker's documents so far */
	unsigned long long tokens;
};

struct counting {
	struct worker *w;
	struct report *r;
	int ngram_min;
};

static int on_term(void *ctx, const struct term *t)
{
	struct worker *w = ctx;

	w->tokens++;
	ctab_get(&w->doc, t->s, t->len)->count++;
	return 0;
}

/*
 * A document is counted whole on one thread, so each term counts one
 * document there; the per-thread tables sum to the same for any -j.
 */
static int count_job(void *ctx, struct cli_job *job)
{
	struct counting *c = ctx;
	struct worker *w = &c->w[job->worker];
	const char *lang = stop_detect(job->doc->text, job->doc->len);
	size_t i;

	ctab_clear(&w->doc);
	terms_each(w->terms, job->doc->text, job->doc->len, on_term, w);
	for (i = 0; i < w->doc.nslots; i++)
		if (w->doc.slots[i].used)
			table_add(&w->tab, ctab_key(&w->doc, &w->doc.slots[i]), ctab_len(&w->doc.slots[i]),
				  w->doc.slots[i].count, 1);
	/* The language goes to the main thread through aux (no side file is written). */
	buf_adds(&job->aux, lang ? lang : "");
	return EXIT_OK;
}

static int count_in_order(void *ctx, struct cli_job *job)
{
	struct counting *c = ctx;

	report_add_lang(c->r, job->aux.data ? job->aux.data : "", 1);
	c->r->counts.docs++;
	buf_reset(&job->aux);
	return 0;
}

static void count_corpus(struct cli *cli, struct report_opts *o, struct report *r, int argc, char **argv)
{
	struct counting c = { 0 };
	struct terms terms;
	struct docs ds;
	int t;

	if (!o->topts.stop)
		o->topts.stop = "auto";
	if (!o->topts.ngram_min)
		o->topts.ngram_min = o->topts.ngram_max = 1;
	terms_setup(cli, &terms, &o->topts);
	cli_open_docs(cli, &ds, argc, argv);
	c.r = r;
	c.w = ecalloc((size_t)cli->jobs, sizeof(*c.w));
	for (t = 0; t < cli->jobs; t++) {
		c.w[t].terms = terms_ctx_new(&terms);
		ctab_init(&c.w[t].doc);
		table_init(&c.w[t].tab, TABLE_COUNT);
	}
	cli->in_order = count_in_order;
	cli_run_docs(cli, &ds, count_job, &c, NULL);
	for (t = 0; t < cli->jobs; t++) {
		table_sum(&r->counts, &c.w[t].tab);
		r->counts.tokens += c.w[t].tokens;
		terms_ctx_free(c.w[t].terms);
		ctab_release(&c.w[t].doc);
		table_release(&c.w[t].tab);
	}
	r->have_counts = 1;
	buf_addf(&r->notes, "Counted by hrtk report: stop words dropped (--stop %s); "
		 "tokens are the terms counted.", o->topts.stop);
	free(c.w);
	docs_close(&ds);
	terms_release(&terms);
}

/* ---- tables ---- */

static void read_table(struct table *t, const char *path, enum table_kind kind)
{
	struct buf err = BUF_INIT;

	table_init(t, kind);
	if (table_read(t, path, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	buf_release(&err);
}

static void read_tsv(struct report *r, const char *path,
		     int (*fn)(struct report *, const char *, struct buf *))
{
	struct buf err = BUF_INIT;

	if (fn(r, path, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	buf_release(&err);
}

/* Every table is read before the corpus is counted: a bad one stops hrtk before -o is written. */
static void read_inputs(struct report_opts *o, struct report *r, struct table *ref)
{
	if (o->counts) {
		read_table(&r->counts, o->counts, TABLE_COUNT);
		r->have_counts = 1;
	}
	if (o->concepts) {
		read_table(&r->concepts, o->concepts, TABLE_CONCEPTS);
		r->have_concepts = 1;
	}
	if (o->by_doc)
		read_tsv(r, o->by_doc, report_read_by_doc);
	if (o->keyness)
		read_tsv(r, o->keyness, report_read_keyness);
	if (o->explain)
		read_tsv(r, o->explain, report_read_explain);
	if (o->reference)
		read_table(ref, o->reference, TABLE_COUNT);
}

static void parse_options(struct cli *cli, struct report_opts *o, struct report *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "counts", required_argument, NULL, OPT_COUNTS },
		{ "concepts", required_argument, NULL, OPT_CONCEPTS },
		{ "concepts-by-doc", required_argument, NULL, OPT_BY_DOC },
		{ "keyness", required_argument, NULL, OPT_KEYNESS },
		{ "reference", required_argument, NULL, OPT_REFERENCE },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "max-docs", required_argument, NULL, OPT_MAX_DOCS },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "chart", required_argument, NULL, OPT_CHART },
		TERMS_LONGOPTS,
		CLI_LONGOPTS,
		{ 0 }
	};
	int c, format = -1;

	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_COUNTS: o->counts = optarg; break;
		case OPT_CONCEPTS: o->concepts = optarg; break;
		case OPT_BY_DOC: o->by_doc = optarg; break;
		case OPT_KEYNESS: o->keyness = optarg; break;
		case OPT_REFERENCE: o->reference = optarg; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_TITLE: r->title = optarg; break;
		case OPT_TOP: r->top = (size_t)cli_long(cli, "--top", optarg, 1, 100000); break;
		case OPT_MAX_DOCS: r->max_docs = (size_t)cli_long(cli, "--max-docs", optarg, 1, 100000); break;
		case OPT_CHART: o->chart = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "html") && strcmp(optarg, "svg"))
				cli_usage_error(cli, "--format: '%s' is not html or svg", optarg);
			format = !strcmp(optarg, "svg");
			break;
		default:
			if (!terms_option(cli, &o->topts, c))
				cli_common(cli, c, argv);
		}
	}
	if (format == 0 && o->chart)
		cli_usage_error(cli, "--chart draws one chart as SVG: not with --format html");
	if (format == 1 && !o->chart)
		cli_usage_error(cli, "--format svg needs --chart keywords, concepts, heatmap or keyness");
	o->svg = o->chart != NULL;
	if (o->keyness && o->reference)
		cli_usage_error(cli, "--keyness and --reference: give one");
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct report r;
	struct table ref;
	struct docs none = { 0 };
	struct cli cli;
	int corpus;

	cli_init(&cli, report_usage);
	report_init(&r);
	parse_options(&cli, &o, &r, argc, argv);
	argc -= optind;
	argv += optind;
	/* A filter: with no table to draw, the corpus comes from stdin. */
	corpus = argc > 0 || cli.docs.jsonl || cli.docs.files_from ||
		 !(o.counts || o.concepts || o.by_doc || o.keyness || o.explain);
	if (corpus && o.counts)
		cli_usage_error(&cli, "--counts and a corpus: give one");
	if (o.reference && !corpus && !o.counts)
		cli_usage_error(&cli, "--reference needs a corpus or --counts to compare with it");
	if (o.chart && strcmp(o.chart, "keywords") && strcmp(o.chart, "concepts") &&
	    strcmp(o.chart, "heatmap") && strcmp(o.chart, "keyness"))
		cli_usage_error(&cli, "--chart: '%s' is not keywords, concepts, heatmap or keyness", o.chart);
	read_inputs(&o, &r, &ref);
	if (corpus)
		count_corpus(&cli, &o, &r, argc, argv);
	else
		cli_setup_output(&cli, &none);
	if (o.reference) {
		report_keyness(&r, &ref);
		r.reference = o.reference;
		table_release(&ref);
	}
	if (!o.svg)
		report_html(&out, &r);
	else if (report_svg(&out, &r, o.chart, &err) < 0)
		die(EXIT_USAGE, "%s", err.data);
	cli_write(out.data, out.len);
	buf_release(&out);
	buf_release(&err);
	report_release(&r);
	return cli.status;
}
