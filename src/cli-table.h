/*
 * cli-table.h: the output options of the commands that write frequency
 * tables (count, merge, keyness), spelled the same in each.
 */
#ifndef HRTK_CLI_TABLE_H
#define HRTK_CLI_TABLE_H

#include "cli.h"
#include "table.h"

enum {
	OPT_TOP = 1080,
	OPT_MIN_COUNT,
	OPT_MIN_DOCS,
	OPT_FORMAT
};

#define CLI_TABLE_LONGOPTS \
	{ "top", required_argument, NULL, OPT_TOP }, \
	{ "min-count", required_argument, NULL, OPT_MIN_COUNT }, \
	{ "min-docs", required_argument, NULL, OPT_MIN_DOCS }, \
	{ "format", required_argument, NULL, OPT_FORMAT }

#define CLI_HELP_TABLE \
	"      --top K            only the K most frequent rows\n" \
	"      --min-count N      only rows counted at least N times\n" \
	"      --min-docs N       only rows found in at least N documents\n" \
	"      --format F         tsv (default, with the totals line), csv or jsonl\n"

struct cli_table {
	struct table_limits lim;
	enum table_format format;
};

/* Handles one of CLI_TABLE_LONGOPTS; returns 0 when c is not one of them. */
int cli_table_option(const struct cli *cli, int c, struct cli_table *o);
/* Writes t to stdout as o asks. */
void cli_table_write(const struct table *t, const struct cli_table *o);

#endif
