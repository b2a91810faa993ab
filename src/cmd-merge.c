/* cmd-merge.c: hrtk merge, count tables summed as if counted together. */
#include <stdio.h>
#include <string.h>

#include "cli-table.h"
#include "hrtk.h"

static const char merge_usage[] =
	"usage: hrtk merge [--top k] [--min-count n] [--min-docs n] [--format f] table ...\n"
	"\n"
	"Sums frequency tables written by 'hrtk count' (or 'hrtk concepts') in TSV:\n"
	"counts, document counts and corpus totals, then re-normalises. The result is\n"
	"byte for byte what one count over all the inputs writes. Tables cut by --top,\n"
	"--min-count or --min-docs (marked partial=1) are refused: their sums would be wrong.\n"
	"\n"
	"Options:\n"
	CLI_HELP_TABLE
	CLI_HELP_COMMON;

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_TABLE_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ 0 }
	};
	struct cli_table o = { 0 };
	struct table t, one;
	struct buf err = BUF_INIT;
	struct cli cli;
	int c, i;

	cli_init(&cli, merge_usage);
	while ((c = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1)
		if (!cli_table_option(&cli, c, &o))
			cli_common(&cli, c, argv);
	if (optind >= argc)
		cli_usage_error(&cli, "no tables to merge");
	table_init(&t, TABLE_ANY);
	for (i = optind; i < argc; i++) {
		table_init(&one, t.kind);
		if (table_read(&one, argv[i], &err) < 0)
			die(EXIT_INPUT, "%s", err.data);
		if (one.partial)
			die(EXIT_INPUT, "%s: a partial table (cut by --top, --min-count or --min-docs) "
			    "cannot be merged exactly", strcmp(argv[i], "-") ? argv[i] : "<stdin>");
		t.kind = one.kind;
		table_sum(&t, &one);
		table_release(&one);
	}
	cli_table_write(&t, &o);
	table_release(&t);
	buf_release(&err);
	return EXIT_OK;
}
