/* cli-table.c: the shared options and output of the table commands. */
#include <stdlib.h>

#include "cli-table.h"

int cli_table_option(const struct cli *cli, int c, struct cli_table *o)
{
	int f;

	switch (c) {
	case OPT_TOP:
		o->lim.top = (size_t)cli_long(cli, "--top", optarg, 1, 0x7fffffffL);
		return 1;
	case OPT_MIN_COUNT:
		o->lim.min_count = (unsigned long long)cli_long(cli, "--min-count", optarg, 0, 0x7fffffffL);
		return 1;
	case OPT_MIN_DOCS:
		o->lim.min_docs = (unsigned long long)cli_long(cli, "--min-docs", optarg, 0, 0x7fffffffL);
		return 1;
	case OPT_FORMAT:
		if ((f = table_format_parse(optarg)) < 0)
			cli_usage_error(cli, "--format: '%s' is not tsv, csv or jsonl", optarg);
		o->format = (enum table_format)f;
		return 1;
	}
	return 0;
}

void cli_table_write(const struct table *t, const struct cli_table *o)
{
	struct buf out = BUF_INIT;

	table_write(&out, t, o->format, &o->lim);
	cli_write(out.data, out.len);
	buf_release(&out);
}
