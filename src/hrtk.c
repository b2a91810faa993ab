/* hrtk.c: the harm-reduction text kit's entry point and command table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "err.h"
#include "hrtk.h"

#ifndef HRTK_VERSION
#define HRTK_VERSION "unknown"
#endif

enum group { G_INGEST, G_CLEAN, G_COUNT, G_EVAL };

static const char *const group_names[] = {
	[G_INGEST] = "Read and extract",
	[G_CLEAN] = "Clean and normalise",
	[G_COUNT] = "Count and compare",
	[G_EVAL] = "Evaluate and report",
};

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	enum group group;
	const char *summary;
} cmds[] = {
	{ "cat", cmd_cat, G_INGEST, "read the document stream and write it back (plain or JSON Lines)" },
	{ "count", cmd_count, G_COUNT, "term frequencies, document counts and per-million rates of a corpus" },
	{ "extract", cmd_extract, G_INGEST, "the article text out of HTML pages and PDF-extracted text" },
	{ "keyness", cmd_keyness, G_COUNT, "terms over- and under-used in a target corpus (G2, log ratio, %DIFF)" },
	{ "merge", cmd_merge, G_COUNT, "sum count tables as if counted together" },
	{ "norm", cmd_norm, G_CLEAN, "Unicode normalisation: valid NFC UTF-8 out of any bytes" },
	{ "tok", cmd_tok, G_COUNT, "tokens, stop words, stems and n-grams, one a line" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

static void list_cmds(FILE *fp)
{
	size_t g, i;

	fputs("usage: hrtk <command> [<options>] [<file>...]\n"
	      "       hrtk help <command> | --help | --version | --list-cmds\n", fp);
	for (g = 0; g < sizeof(group_names) / sizeof(group_names[0]); g++) {
		int header = 0;

		for (i = 0; i < NCMDS; i++) {
			if (cmds[i].group != g)
				continue;
			if (!header++)
				fprintf(fp, "\n%s:\n", group_names[g]);
			fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
		}
	}
	fputs("\nInputs are files, directories or - (stdin); see 'hrtk help <command>'.\n", fp);
}

/*
 * Flushes stdout and reports a write error, as git's run_builtin() does:
 * a command that printed into a full disk must not exit 0.
 */
static int finish_stdout(int status)
{
	struct stat st;

	if (fstat(fileno(stdout), &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
		/* A closed pipe already ended us through SIGPIPE; nothing to add. */
	}
	if (fflush(stdout) || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		warn("write error on standard output:");
		return EXIT_OUTPUT;
	}
	if (fclose(stdout) && errno != EPIPE) {
		warn("write error on standard output:");
		return EXIT_OUTPUT;
	}
	return status;
}

static int run(const struct cmd *c, int argc, char **argv)
{
	err_set_cmd(c->name);
	return finish_stdout(c->fn(argc, argv));
}

int main(int argc, char **argv)
{
	const struct cmd *c;
	char *help_argv[3];
	size_t i;

	if (argc < 2) {
		list_cmds(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		list_cmds(stdout);
		return finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[1], "--version")) {
		printf("hrtk %s\n", HRTK_VERSION);
		return finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[1], "--list-cmds")) {
		for (i = 0; i < NCMDS; i++)
			printf("%s\n", cmds[i].name);
		return finish_stdout(EXIT_OK);
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			list_cmds(stdout);
			return finish_stdout(EXIT_OK);
		}
		if (!(c = find_cmd(argv[2]))) {
			fprintf(stderr, "hrtk: '%s' is not an hrtk command; see 'hrtk --help'\n", argv[2]);
			return EXIT_USAGE;
		}
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		return run(c, 2, help_argv);
	}
	if (!(c = find_cmd(argv[1]))) {
		fprintf(stderr, "hrtk: '%s' is not an hrtk command; see 'hrtk --help'\n", argv[1]);
		return EXIT_USAGE;
	}
	return run(c, argc - 1, argv + 1);
}
