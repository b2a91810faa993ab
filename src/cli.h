/*
 * cli.h: what every command shares: the common options (spelled the same in
 * every command), usage handling, and the document loop with -j threads.
 * This is command-layer code: it prints diagnostics and may exit.
 */
#ifndef HRTK_CLI_H
#define HRTK_CLI_H

#include <getopt.h>

#include "buf.h"
#include "doc.h"
#include "err.h"

enum {
	OPT_JSONL = 1000,
	OPT_FILES_FROM,
	OPT_EXPLAIN,
	OPT_PROGRESS,
	OPT_CMD_BASE = 1100	/* first code free for a command's own long options */
};

/* The common short options; a leading colon makes getopt report a missing value as ':'. Start every optstring with it. */
#define CLI_SHORT ":0hj:o:q"
#define CLI_LONGOPTS \
	{ "jsonl", no_argument, NULL, OPT_JSONL }, \
	{ "files-from", required_argument, NULL, OPT_FILES_FROM }, \
	{ "null", no_argument, NULL, '0' }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "progress", no_argument, NULL, OPT_PROGRESS }, \
	{ "help", no_argument, NULL, 'h' }

/* Help text for the common options, for a command's usage string. */
#define CLI_HELP_STREAM \
	"      --jsonl            read JSON Lines from stdin and *.jsonl inputs; write JSON Lines\n" \
	"      --files-from FILE  read input names from FILE (- for stdin), one a line\n" \
	"  -0, --null             names in --files-from are NUL-separated\n"
#define CLI_HELP_JOBS \
	"  -j, --jobs N           work on N documents at once (0: all cores); same output\n"
/* For commands that write one text per document (extract, clean, norm). */
#define CLI_HELP_MIRROR \
	"  -o, --output PATH      without --jsonl: a folder, one output file per input at the\n" \
	"                         same relative path (.html becomes .txt); with --jsonl: a file\n"
#define CLI_HELP_OUTPUT \
	"  -o, --output FILE      write to FILE (through a temporary file and a rename)\n"
#define CLI_HELP_COMMON \
	"      --progress         progress on stderr even when it is not a terminal\n" \
	"  -q, --quiet            no warnings that are not errors, no progress\n" \
	"  -h, --help             show this help\n"

struct cli_job;

struct cli {
	const char *usage;	/* "usage: hrtk NAME ...\n" then the options */
	struct docs_opts docs;
	int jobs;		/* >= 1 */
	int quiet;
	int progress;		/* 1 forced (--progress), -1 off (--quiet), 0 on a terminal */
	const char *output;	/* -o PATH */
	int mirror_ok;		/* the command writes one text per document: -o DIR mirrors */
	int mirror;		/* -o names the folder to mirror into */
	/*
	 * Optional: called on the main thread for each document in input order,
	 * after its job and before its output is written; returning non-zero
	 * discards the output (hrtk dedup decides here, in order).
	 */
	int (*in_order)(void *ctx, struct cli_job *job);
	int status;		/* the worst exit code so far */
};

void cli_init(struct cli *cli, const char *usage);
/*
 * Handles a common option or a getopt error for the command's switch
 * default case. -h prints the usage to stdout and exits 0; a bad or
 * unknown option prints the usage line and a hint to stderr and exits 2.
 */
void cli_common(struct cli *cli, int c, char **argv);
/* A usage error: the message, the usage line and a hint; exits 2. */
void cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
/* Parses a whole number in [min, max] for option name, or exits 2. */
long cli_long(const struct cli *cli, const char *name, const char *arg, long min, long max);
double cli_double(const struct cli *cli, const char *name, const char *arg, double min, double max);
/*
 * Opens the document stream on the operands. With no operands and stdin a
 * terminal, prints usage and exits 2 (a filter waiting on a terminal looks hung).
 */
void cli_open_docs(struct cli *cli, struct docs *ds, int argc, char **argv);
/*
 * For a command that reads its inputs twice (option, such as --corpus): the
 * operands to open twice, stdin ("-", or no operand) copied to a temporary
 * file whose name goes to *tmp (NULL when stdin is not read; unlink and free
 * it at the end). *argc is updated; free the array returned.
 */
char **cli_reread_args(struct cli *cli, const char *option, int *argc, char **argv, char **tmp);
/* At the end: removes the copy of stdin and frees what cli_reread_args() made. */
void cli_reread_done(char **args, char **argv, char *tmp);
/* A document read from that copy gets stdin's path and id back. */
void cli_stdin_name(const char *tmp, struct doc *d);
/*
 * After the options: with -o, sends stdout to the file (through a temporary
 * file renamed at exit), or, for a mirror_ok command without --jsonl, sets
 * up mirroring into the folder. Refuses to write over an input (exit 2).
 * cli_open_docs() calls it.
 */
void cli_setup_output(struct cli *cli, struct docs *ds);
/* Reports ds->err as a warning and records EXIT_INPUT. */
void cli_input_error(struct cli *cli, struct docs *ds);
/* The next document, warning about bad inputs on the way; 0 at the end. */
int cli_next_doc(struct cli *cli, struct docs *ds, struct doc *d);

/*
 * One document's work for cli_run_docs(). The job function reads doc (which
 * it may change), appends its output to out, rows for a side file (such as
 * --explain) to aux, and any message to msg (lines without the "hrtk CMD:"
 * prefix), and returns an exit code. worker is 0..jobs-1, for per-thread
 * state kept in ctx.
 */
struct cli_job {
	int worker;
	struct doc *doc;
	struct buf out, aux, msg;
};
typedef int (*cli_doc_fn)(void *ctx, struct cli_job *job);

/*
 * Runs fn on every document of ds with cli->jobs threads. Output, aux rows
 * (to aux_fp, when not NULL) and messages are written in input order, so the
 * bytes do not depend on -j. Returns the worst exit code (also in cli->status).
 */
int cli_run_docs(struct cli *cli, struct docs *ds, cli_doc_fn fn, void *ctx, FILE *aux_fp);

/* Writes n bytes to stdout; a write error ends the process with EXIT_OUTPUT. */
void cli_write(const void *p, size_t n);

/*
 * Keeps freed memory in the process (no trim, no per-block mmap, one arena,
 * the heap grown once in huge pages): for commands that allocate and free
 * per document, whose pages were otherwise faulted in again every time.
 */
void cli_keep_heap(void);

#endif
