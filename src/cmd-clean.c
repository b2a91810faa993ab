/* cmd-clean.c: hrtk clean, boilerplate out of scraped and converted text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean.h"
#include "cli.h"
#include "explain.h"
#include "hrtk.h"
#include "layout.h"
#include "stop.h"

static const char clean_usage[] =
	"usage: hrtk clean [--rules file] [--disable rule|family] [--only-rules] [--corpus]\n"
	"                  [--min-docs k] [--min-share f] [--lang lang] [--explain file]\n"
	"                  [--list-rules] [--jsonl] [-j n] [file ...]\n"
	"\n"
	"Writes each document's article text: blocks (paragraphs, list items, lines)\n"
	"that are boilerplate are dropped by named rules, spam terms, prose\n"
	"classification, repetition inside the document and, with --corpus, repetition\n"
	"across documents. --explain accounts for every input line.\n"
	"\n"
	"Options:\n"
	"      --rules FILE       add the rules in FILE (see hrtk-clean(1) for the format)\n"
	"      --disable NAME     turn off a rule or a family of rules (repeatable)\n"
	"      --only-rules       drop only what rules match; keep everything else\n"
	"      --corpus           also drop blocks and lines found in many documents (two passes)\n"
	"      --min-docs K       --corpus: in at least K documents of a group (default 3)\n"
	"      --min-share F      --corpus: and in at least share F of them (default 0.05)\n"
	"      --lang LANG        stop words of LANG for every document (default: detect)\n"
	"      --explain FILE     a TSV row for every block: kept or dropped, and why\n"
	"      --list-rules       print the rules in use and exit\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum {
	OPT_RULES = OPT_CMD_BASE, OPT_DISABLE, OPT_ONLY_RULES, OPT_CORPUS, OPT_MIN_DOCS,
	OPT_MIN_SHARE, OPT_LANG, OPT_LIST_RULES
};

/* A document that loses more than this share of its words gets a warning. */
#define WARN_DROPPED 0.9

struct clean_ctx {
	struct clean_opts opts;
	struct clean_scratch **scratch;	/* per worker */
	int jsonl, quiet;
	const char *tmp_path;		/* stdin's copy for --corpus, or NULL */
};

/* The corpus group of a document: its "site" member, else its URL's host, else none. */
static const char *doc_group(const struct doc *d, struct buf *g)
{
	const char *s, *p, *e;
	size_t n;

	buf_reset(g);
	if ((s = doc_get_str(d, "site", &n)) && n) {
		buf_add(g, s, n);
		return g->data;
	}
	if ((s = doc_get_str(d, "url", &n)) && n) {
		for (p = s; p + 3 <= s + n && memcmp(p, "://", 3); p++)
			;
		p = p + 3 <= s + n ? p + 3 : s;
		for (e = p; e < s + n && *e != '/' && *e != '?' && *e != '#'; e++)
			;
		buf_add(g, p, (size_t)(e - p));
		return g->data;
	}
	return NULL;
}

static int clean_job(void *ctx, struct cli_job *job)
{
	struct clean_ctx *c = ctx;
	struct doc *d = job->doc;
	struct clean_result r;
	struct buf group = BUF_INIT;

	cli_stdin_name(c->tmp_path, d);
	clean_result_init(&r);
	buf_grow(&r.text, d->len);	/* at most the input: no copies as it grows */
	clean_doc(&c->opts, c->scratch[job->worker], d->id, doc_group(d, &group), d->text, d->len,
		  &r);
	if (!c->quiet && r.words_in >= 20 &&
	    (double)(r.words_in - r.words_out) > WARN_DROPPED * (double)r.words_in)
		buf_addf(&job->msg, "%s: dropped %zu of %zu words; the document may be misclassified\n",
			 d->id, r.words_in - r.words_out, r.words_in);
	if (c->jsonl) {
		doc_write_jsonl_text(&job->out, d, r.text.data ? r.text.data : "", r.text.len);
	} else {
		buf_add(&job->out, r.text.data, r.text.len);
	}
	buf_add(&job->aux, r.explain.data, r.explain.len);
	clean_result_release(&r);
	buf_release(&group);
	return EXIT_OK;
}

/* The first pass of --corpus: every document's block and line hashes counted. */
static void corpus_pass(struct cli *cli, struct clean_ctx *c, struct corpus *corpus, int argc,
			char **argv)
{
	struct clean_scratch *s = clean_scratch_new();
	struct buf group = BUF_INIT;
	struct docs ds;
	struct doc d;
	int rc;

	cli_open_docs(cli, &ds, argc, argv);
	doc_init(&d);
	/* Bad inputs are reported by the second pass, once. */
	while ((rc = docs_next(&ds, &d)) != 0)
		if (rc > 0)
			clean_corpus_add(&c->opts, s, corpus, doc_group(&d, &group), d.text, d.len);
	doc_release(&d);
	docs_close(&ds);
	buf_release(&group);
	clean_scratch_free(s);
}

static void list_rules(const struct rules *r)
{
	static const char *const actions[] = { "line", "block", "rest", "section", "term" };
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct rule *ru = &r->v[i];

		if (ru->disabled)
			continue;
		printf("%s\t%s\t%s", ru->name, ru->family, actions[ru->action]);
		if (ru->action == RULE_TERM)
			printf(":%d", ru->weight);
		printf("\t%s\n", ru->pattern);
	}
}

int cmd_clean(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "disable", required_argument, NULL, OPT_DISABLE },
		{ "only-rules", no_argument, NULL, OPT_ONLY_RULES },
		{ "corpus", no_argument, NULL, OPT_CORPUS },
		{ "min-docs", required_argument, NULL, OPT_MIN_DOCS },
		{ "min-share", required_argument, NULL, OPT_MIN_SHARE },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
		{ 0 }
	};
	struct clean_ctx ctx;
	struct rules rules;
	struct buf err = BUF_INIT;
	const char *explain_path = NULL, **disable = NULL;
	char **user_rules = NULL, *tmp = NULL, **args;
	size_t ndisable = 0, nuser = 0, i;
	int c, corpus = 0, list = 0, nargs;
	long min_docs = 3;
	double min_share = 0.05;
	FILE *explain_fp = NULL;
	struct corpus *counts = NULL;
	struct cli cli;
	struct docs ds;

	cli_keep_heap();
	memset(&ctx, 0, sizeof(ctx));
	cli_init(&cli, clean_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_RULES:
			user_rules = ereallocarray(user_rules, nuser + 1, sizeof(*user_rules));
			user_rules[nuser++] = optarg;
			break;
		case OPT_DISABLE:
			disable = ereallocarray(disable, ndisable + 1, sizeof(*disable));
			disable[ndisable++] = optarg;
			break;
		case OPT_ONLY_RULES:
			ctx.opts.only_rules = 1;
			break;
		case OPT_CORPUS:
			corpus = 1;
			break;
		case OPT_MIN_DOCS:
			min_docs = cli_long(&cli, "--min-docs", optarg, 1, 1000000000);
			break;
		case OPT_MIN_SHARE:
			min_share = cli_double(&cli, "--min-share", optarg, 0, 1);
			break;
		case OPT_LANG:
			if (!(ctx.opts.lang = stop_lang_code(optarg)) || !stop_wide(ctx.opts.lang))
				cli_usage_error(&cli, "--lang: no stop word list for '%s'", optarg);
			break;
		case OPT_EXPLAIN:
			explain_path = optarg;
			break;
		case OPT_LIST_RULES:
			list = 1;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	rules_init(&rules);
	if (rules_add_defaults(&rules, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	for (i = 0; i < nuser; i++)
		if (rules_add_file(&rules, user_rules[i], &err) < 0)
			die(EXIT_INPUT, "%s", err.data);
	for (i = 0; i < ndisable; i++)
		if (!layout_disable(&ctx.opts.layout_off, disable[i]) &&
		    !rules_disable(&rules, disable[i]))
			cli_usage_error(&cli, "--disable: no rule or family '%s'", disable[i]);
	if (rules_compile(&rules, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	if (list) {
		list_rules(&rules);
		rules_release(&rules);
		free(user_rules);
		free(disable);
		return EXIT_OK;
	}
	ctx.opts.rules = &rules;
	ctx.jsonl = cli.docs.jsonl;
	ctx.quiet = cli.quiet;
	args = argv + optind;
	nargs = argc - optind;
	if (corpus) {
		/* Two passes over the inputs: stdin is copied to a temporary file first. */
		args = cli_reread_args(&cli, "--corpus", &nargs, args, &tmp);
		ctx.tmp_path = tmp;
		counts = corpus_new((unsigned)min_docs, min_share);
		corpus_pass(&cli, &ctx, counts, nargs, args);
		ctx.opts.corpus = counts;
	}
	if (explain_path) {
		if (!(explain_fp = fopen(explain_path, "w")))
			die(EXIT_OUTPUT, "cannot write '%s':", explain_path);
		fputs(EXPLAIN_HEADER, explain_fp);
		ctx.opts.explain = 1;
	}
	ctx.scratch = ecalloc((size_t)cli.jobs, sizeof(*ctx.scratch));
	for (i = 0; i < (size_t)cli.jobs; i++)
		ctx.scratch[i] = clean_scratch_new();
	cli_open_docs(&cli, &ds, nargs, args);
	cli_run_docs(&cli, &ds, clean_job, &ctx, explain_fp);
	docs_close(&ds);
	if (explain_fp && fclose(explain_fp))
		die(EXIT_OUTPUT, "write error on '%s':", explain_path);
	for (i = 0; i < (size_t)cli.jobs; i++)
		clean_scratch_free(ctx.scratch[i]);
	free(ctx.scratch);
	cli_reread_done(args, argv + optind, tmp);
	corpus_free(counts);
	rules_release(&rules);
	free(user_rules);
	free(disable);
	buf_release(&err);
	return cli.status;
}
