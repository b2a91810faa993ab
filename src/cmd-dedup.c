/* cmd-dedup.c: hrtk dedup, exact and near-duplicate documents dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hrtk.h"
#include "minhash.h"
#include "tok.h"

static const char dedup_usage[] =
	"usage: hrtk dedup [--threshold x] [--shingle k] [--report file] [--jsonl] [-j n] [file ...]\n"
	"\n"
	"Writes the documents that are not duplicates of an earlier one. Exact\n"
	"duplicates have the same tokens (case folded, punctuation and spacing\n"
	"ignored); near-duplicates share at least the threshold of their k-word\n"
	"shingles (Jaccard similarity, estimated by MinHash with 128 hashes and found\n"
	"through 16 LSH bands). The first document of each cluster is kept.\n"
	"Memory holds signatures (about 600 bytes a kept document), never texts.\n"
	"\n"
	"Options:\n"
	"      --threshold X      near-duplicate Jaccard similarity, 0.5 to 1 (default 0.8;\n"
	"                         1: exact duplicates only)\n"
	"      --shingle K        words per shingle, 1 to 20 (default 5)\n"
	"      --report FILE      a TSV of the dropped: kept_id, dropped_id, similarity, kind\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_OUTPUT
	CLI_HELP_COMMON;

enum { OPT_THRESHOLD = OPT_CMD_BASE, OPT_SHINGLE, OPT_REPORT };

struct kept_id {
	char **ids;
	size_t n, alloc;
};

struct dedup_ctx {
	double threshold;
	size_t shingle;
	int jsonl;
	FILE *report;
	struct minhash_index index;
	struct kept_id kept;
	unsigned long long dropped;
};

struct token_hashes {
	uint64_t *h;
	size_t n, alloc;
};

static int add_token(void *ctx, const struct token *t)
{
	struct token_hashes *th = ctx;

	if (th->n == th->alloc) {
		th->alloc = th->alloc ? th->alloc * 2 : 256;
		th->h = ereallocarray(th->h, th->alloc, sizeof(*th->h));
	}
	th->h[th->n++] = hash_bytes(t->s, t->len);
	return 0;
}

/* Runs on the worker threads: the signature goes to job->aux, the output to job->out. */
static int sign_doc(void *vctx, struct cli_job *job)
{
	const struct dedup_ctx *c = vctx;
	struct tok_opts to = { 0 };
	struct token_hashes th = { 0 };
	struct minhash_sig sig;
	struct doc *d = job->doc;

	tok_each(&to, d->text, d->len, add_token, &th);
	minhash_sign(&sig, th.h, th.n, c->shingle);
	free(th.h);
	buf_add(&job->aux, &sig, sizeof(sig));
	if (c->jsonl) {
		doc_write_jsonl(&job->out, d);
	} else {
		buf_add(&job->out, d->text, d->len);
		if (d->len && d->text[d->len - 1] != '\n')
			buf_addc(&job->out, '\n');
	}
	return EXIT_OK;
}

/* Runs in input order: keep or drop. */
static int decide(void *vctx, struct cli_job *job)
{
	struct dedup_ctx *c = vctx;
	struct minhash_sig sig;
	double similarity = 0;
	long dup;

	memcpy(&sig, job->aux.data, sizeof(sig));
	buf_reset(&job->aux);
	/* A threshold of 1 means exact duplicates only: estimates of 1 may differ a little. */
	dup = minhash_index_find(&c->index, &sig, c->threshold, &similarity);
	if (dup >= 0 && c->threshold >= 1.0 && sig.exact != c->index.sigs[dup].exact)
		dup = -1;
	if (dup >= 0) {
		c->dropped++;
		if (c->report)
			fprintf(c->report, "%s\t%s\t%.3f\t%s\n", c->kept.ids[dup], job->doc->id, similarity,
				similarity == 1.0 && sig.exact == c->index.sigs[dup].exact ? "exact" : "near");
		return 1;
	}
	minhash_index_add(&c->index, &sig);
	if (c->kept.n == c->kept.alloc) {
		c->kept.alloc = c->kept.alloc ? c->kept.alloc * 2 : 64;
		c->kept.ids = ereallocarray(c->kept.ids, c->kept.alloc, sizeof(*c->kept.ids));
	}
	c->kept.ids[c->kept.n++] = estrdup(job->doc->id);
	return 0;
}

int cmd_dedup(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "shingle", required_argument, NULL, OPT_SHINGLE },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ 0 }
	};
	struct dedup_ctx ctx;
	const char *report_path = NULL;
	struct cli cli;
	struct docs ds;
	size_t i;
	int c;

	memset(&ctx, 0, sizeof(ctx));
	ctx.threshold = 0.8;
	ctx.shingle = 5;
	cli_init(&cli, dedup_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_THRESHOLD:
			ctx.threshold = cli_double(&cli, "--threshold", optarg, 0.5, 1.0);
			break;
		case OPT_SHINGLE:
			ctx.shingle = (size_t)cli_long(&cli, "--shingle", optarg, 1, 20);
			break;
		case OPT_REPORT:
			report_path = optarg;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	ctx.jsonl = cli.docs.jsonl;
	if (report_path) {
		if (!(ctx.report = fopen(report_path, "w")))
			die(EXIT_OUTPUT, "cannot write '%s':", report_path);
		fputs("kept_id\tdropped_id\tsimilarity\tkind\n", ctx.report);
	}
	minhash_index_init(&ctx.index);
	cli.in_order = decide;
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	cli_run_docs(&cli, &ds, sign_doc, &ctx, NULL);
	docs_close(&ds);
	if (ctx.report && fclose(ctx.report))
		die(EXIT_OUTPUT, "write error on '%s':", report_path);
	if (!cli.quiet)
		warn("%zu kept, %llu dropped as duplicates", ctx.kept.n, ctx.dropped);
	for (i = 0; i < ctx.kept.n; i++)
		free(ctx.kept.ids[i]);
	free(ctx.kept.ids);
	minhash_index_release(&ctx.index);
	return cli.status;
}
