/* cmd-keyness.c: hrtk keyness, the terms over- and under-used in a target corpus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-table.h"
#include "hrtk.h"
#include "jsonl.h"
#include "keyness.h"

static const char keyness_usage[] =
	"usage: hrtk keyness [--p p] [--min-count n] [--top k] [--format f] target reference\n"
	"\n"
	"Compares two frequency tables written by 'hrtk count' (or 'hrtk concepts'):\n"
	"for every term, its counts and normalised frequencies in both, the\n"
	"log-likelihood G2 (Rayson & Garside 2000), the log ratio (Hardie 2014; a zero\n"
	"count is taken as 0.5) and %DIFF. Sorted by G2; direction + marks terms\n"
	"relatively more frequent in the target, - less frequent.\n"
	"\n"
	"Options:\n"
	"      --p P              only terms significant at P: 0.05 (G2 >= 3.84), 0.01 (6.63),\n"
	"                         0.001 (10.83) or 0.0001 (15.13); default: every term\n"
	"      --min-count N      only terms counted at least N times in both tables together\n"
	"      --top K            only the first K rows\n"
	"      --format F         tsv (default), csv or jsonl\n"
	CLI_HELP_COMMON;

struct krow {
	size_t key_id;		/* in the union table */
	unsigned long long a, b;
	struct keyness k;
};

struct kopts {
	double threshold;
	unsigned long long min_count;
	size_t top;
	enum table_format format;
};

static int cmp_krows(const void *pa, const void *pb, const struct htab *keys)
{
	const struct krow *x = pa, *y = pb;
	const char *kx, *ky;
	size_t lx, ly;
	int c;

	if (x->k.g2 != y->k.g2)
		return x->k.g2 > y->k.g2 ? -1 : 1;
	kx = htab_key(keys, x->key_id, &lx);
	ky = htab_key(keys, y->key_id, &ly);
	c = memcmp(kx, ky, lx < ly ? lx : ly);
	return c ? c : (lx > ly) - (lx < ly);
}

static const struct htab *sort_keys;	/* for qsort; keyness runs on one thread */

static int cmp_krows_q(const void *pa, const void *pb)
{
	return cmp_krows(pa, pb, sort_keys);
}

static void read_table(struct table *t, const char *path, enum table_kind kind, int quiet)
{
	struct buf err = BUF_INIT;

	table_init(t, kind);
	if (table_read(t, path, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	if (!t->tokens)
		die(EXIT_INPUT, "%s: the table counts no tokens", path);
	if (t->partial && !quiet)
		warn("%s: a partial table: terms cut from it count as 0", path);
	buf_release(&err);
}

static void add_num(struct buf *out, double v, char sep)
{
	buf_addf(out, "%c%.2f", sep, v);
}

static void write_header(struct buf *out, const struct table *t, enum table_format fmt)
{
	const char *norm = table_norm_col(t->kind);
	char sep = fmt == TABLE_CSV ? ',' : '\t';

	buf_addf(out, "%s%ctarget%creference%ctarget_%s%creference_%s%cg2%clog_ratio%cpct_diff%cdirection\n",
		 table_key_col(t->kind), sep, sep, sep, norm, sep, norm, sep, sep, sep, sep);
}

static void write_krow(struct buf *out, const struct krow *r, const struct table *u,
		       const struct table *tg, const struct table *rf, enum table_format fmt)
{
	const char *dir = r->k.sign > 0 ? "+" : r->k.sign < 0 ? "-" : "=";
	const char *norm = table_norm_col(u->kind);
	char sep = fmt == TABLE_CSV ? ',' : '\t';
	size_t len;
	const char *key = htab_key(&u->keys, r->key_id, &len);

	if (fmt == TABLE_JSONL) {
		buf_addf(out, "{\"%s\":", table_key_col(u->kind));
		json_add_string(out, key, len);
		buf_addf(out, ",\"target\":%llu,\"reference\":%llu,\"target_%s\":%.2f,"
			 "\"reference_%s\":%.2f,\"g2\":%.2f,\"log_ratio\":%.2f,\"pct_diff\":",
			 r->a, r->b, norm, table_norm(tg, r->a), norm, table_norm(rf, r->b),
			 r->k.g2, r->k.log_ratio);
		if (r->k.pct_diff_inf)
			buf_adds(out, "null");
		else
			buf_addf(out, "%.2f", r->k.pct_diff);
		buf_addf(out, ",\"direction\":\"%s\"}\n", dir);
		return;
	}
	if (fmt == TABLE_CSV)
		csv_add_field(out, key, len);
	else
		buf_add(out, key, len);
	buf_addf(out, "%c%llu%c%llu", sep, r->a, sep, r->b);
	add_num(out, table_norm(tg, r->a), sep);
	add_num(out, table_norm(rf, r->b), sep);
	add_num(out, r->k.g2, sep);
	add_num(out, r->k.log_ratio, sep);
	if (r->k.pct_diff_inf)
		buf_addf(out, "%cinf", sep);
	else
		add_num(out, r->k.pct_diff, sep);
	buf_addf(out, "%c%s\n", sep, dir);
}

static void keyness(const struct table *tg, const struct table *rf, const struct kopts *o)
{
	struct table u;
	struct krow *rows;
	struct buf out = BUF_INIT;
	size_t i, n = 0, len;
	const char *k;
	long j;

	/* The union of both vocabularies; counts stay in tg and rf. */
	table_init(&u, tg->kind);
	for (i = 0; i < table_rows(tg); i++)
		k = htab_key(&tg->keys, i, &len), table_add(&u, k, len, 0, 0);
	for (i = 0; i < table_rows(rf); i++)
		k = htab_key(&rf->keys, i, &len), table_add(&u, k, len, 0, 0);
	rows = emalloc((table_rows(&u) ? table_rows(&u) : 1) * sizeof(*rows));
	for (i = 0; i < table_rows(&u); i++) {
		struct krow *r = &rows[n];

		k = htab_key(&u.keys, i, &len);
		r->key_id = i;
		r->a = (j = htab_find(&tg->keys, k, len)) >= 0 ? tg->count[j] : 0;
		r->b = (j = htab_find(&rf->keys, k, len)) >= 0 ? rf->count[j] : 0;
		if (r->a + r->b < o->min_count)
			continue;
		keyness_compute(&r->k, (double)r->a, (double)r->b, (double)tg->tokens, (double)rf->tokens);
		if (r->k.g2 < o->threshold)
			continue;
		n++;
	}
	sort_keys = &u.keys;
	sort_array(rows, n, sizeof(*rows), cmp_krows_q);
	if (o->format != TABLE_JSONL)
		write_header(&out, &u, o->format);
	for (i = 0; i < n && (!o->top || i < o->top); i++) {
		write_krow(&out, &rows[i], &u, tg, rf, o->format);
		if (out.len > 1 << 16) {
			cli_write(out.data, out.len);
			buf_reset(&out);
		}
	}
	cli_write(out.data, out.len);
	buf_release(&out);
	free(rows);
	table_release(&u);
}

int cmd_keyness(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "p", required_argument, NULL, 'p' },
		CLI_TABLE_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ 0 }
	};
	struct cli_table to = { 0 };
	struct kopts o = { 0 };
	struct table tg, rf;
	struct cli cli;
	int c;

	cli_init(&cli, keyness_usage);
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		if (c == 'p') {
			o.threshold = keyness_threshold(cli_double(&cli, "--p", optarg, 0, 1));
			if (o.threshold < 0)
				cli_usage_error(&cli, "--p: '%s' is not 0.05, 0.01, 0.001 or 0.0001", optarg);
		} else if (c == OPT_MIN_DOCS) {
			cli_usage_error(&cli, "unknown option '--min-docs'");
		} else if (!cli_table_option(&cli, c, &to)) {
			cli_common(&cli, c, argv);
		}
	}
	if (argc - optind != 2)
		cli_usage_error(&cli, "need two tables: target and reference");
	o.min_count = to.lim.min_count;
	o.top = to.lim.top;
	o.format = to.format;
	read_table(&tg, argv[optind], TABLE_ANY, cli.quiet);
	read_table(&rf, argv[optind + 1], tg.kind, cli.quiet);
	keyness(&tg, &rf, &o);
	table_release(&tg);
	table_release(&rf);
	return EXIT_OK;
}
