/* cli.c: common options, usage errors and the parallel document loop. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_init(struct cli *cli, const char *usage)
{
	memset(cli, 0, sizeof(*cli));
	cli->usage = usage;
	cli->jobs = 1;
	opterr = 0;
	optind = 1;
}

static void usage_line(const struct cli *cli)
{
	const char *nl = strchr(cli->usage, '\n');

	fprintf(stderr, "%.*s\n", nl ? (int)(nl - cli->usage) : (int)strlen(cli->usage), cli->usage);
	fprintf(stderr, "try 'hrtk help %s' for more\n", err_cmd());
}

void cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "hrtk %s: ", err_cmd());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage_line(cli);
	exit(EXIT_USAGE);
}

long cli_long(const struct cli *cli, const char *name, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		cli_usage_error(cli, "%s: '%s' is not a whole number from %ld to %ld", name, arg, min, max);
	return v;
}

double cli_double(const struct cli *cli, const char *name, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v >= min && v <= max))
		cli_usage_error(cli, "%s: '%s' is not a number from %g to %g", name, arg, min, max);
	return v;
}

void cli_common(struct cli *cli, int c, char **argv)
{
	long n;

	switch (c) {
	case OPT_JSONL:
		cli->docs.jsonl = 1;
		return;
	case OPT_FILES_FROM:
		cli->docs.files_from = optarg;
		return;
	case '0':
		cli->docs.nul_names = 1;
		return;
	case 'j':
		n = cli_long(cli, "-j", optarg, 0, 1024);
		if (!n) {
			n = sysconf(_SC_NPROCESSORS_ONLN);
			if (n < 1)
				n = 1;
		}
		cli->jobs = (int)n;
		return;
	case 'q':
		cli->quiet = 1;
		return;
	case 'h':
		fputs(cli->usage, stdout);
		exit(fflush(stdout) || ferror(stdout) ? EXIT_OUTPUT : EXIT_OK);
	case ':':
		cli_usage_error(cli, "option '%s' needs a value", argv[optind - 1]);
	case '?':
		if (optopt)
			cli_usage_error(cli, "unknown option '-%c'", optopt);
		cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
	default:
		cli_usage_error(cli, "option '%s' is not handled", argv[optind - 1]);
	}
}

void cli_open_docs(struct cli *cli, struct docs *ds, int argc, char **argv)
{
	if (!argc && !cli->docs.files_from && isatty(STDIN_FILENO))
		cli_usage_error(cli, "no input: name files, or pipe text in");
	if (docs_open(ds, &cli->docs, argc, argv) < 0) {
		warn("%s", ds->err.data);
		exit(EXIT_INPUT);
	}
}

void cli_input_error(struct cli *cli, struct docs *ds)
{
	warn("%s", ds->err.data);
	cli->status = exit_worse(cli->status, EXIT_INPUT);
}

int cli_next_doc(struct cli *cli, struct docs *ds, struct doc *d)
{
	int rc;

	while ((rc = docs_next(ds, d)) < 0)
		cli_input_error(cli, ds);
	return rc;
}

void cli_write(const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, stdout) != n)
		die(EXIT_OUTPUT, "write error on standard output:");
}

/* ---- the parallel loop ---- */

struct slot {
	struct doc doc;
	struct cli_job job;
	int status;
	int err;	/* the stream's error, in ds_err */
	struct buf ds_err;
};

struct batch {
	struct slot *slots;
	size_t n;
	size_t next;		/* next slot to take, under lock */
	pthread_mutex_t lock;
	cli_doc_fn fn;
	void *ctx;
};

struct worker_arg {
	struct batch *b;
	int id;
};

/* Warns once per line of a job's messages. */
static void warn_lines(const char *s, size_t len)
{
	const char *end = s + len, *nl;

	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		if (nl > s)
			warn("%.*s", (int)(nl - s), s);
	}
}

static void *worker_main(void *arg)
{
	struct worker_arg *w = arg;
	struct batch *b = w->b;
	struct slot *s;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			break;
		s = &b->slots[i];
		if (!s->err) {
			s->job.worker = w->id;
			s->job.doc = &s->doc;
			s->status = b->fn(b->ctx, &s->job);
		}
	}
	return NULL;
}

/* Batches are bounded by count and by bytes, so memory stays bounded. */
enum { BATCH_DOCS = 256, BATCH_BYTES = 64 << 20 };

static size_t fill_batch(struct docs *ds, struct batch *b)
{
	size_t bytes = 0;
	struct slot *s;
	int rc;

	for (b->n = 0; b->n < BATCH_DOCS && bytes < BATCH_BYTES; b->n++) {
		s = &b->slots[b->n];
		buf_reset(&s->job.out);
		buf_reset(&s->job.aux);
		buf_reset(&s->job.msg);
		buf_reset(&s->ds_err);
		s->status = EXIT_OK;
		s->err = 0;
		rc = docs_next(ds, &s->doc);
		if (rc == 0)
			break;
		if (rc < 0) {
			s->err = 1;
			buf_add(&s->ds_err, ds->err.data, ds->err.len);
			continue;
		}
		bytes += s->doc.len;
	}
	b->next = 0;
	return b->n;
}

int cli_run_docs(struct cli *cli, struct docs *ds, cli_doc_fn fn, void *ctx, FILE *aux_fp)
{
	struct batch b = { 0 };
	struct worker_arg *args;
	pthread_t *threads;
	struct slot *s;
	size_t i;
	int t;

	b.slots = ecalloc(BATCH_DOCS, sizeof(*b.slots));
	b.fn = fn;
	b.ctx = ctx;
	pthread_mutex_init(&b.lock, NULL);
	args = ecalloc((size_t)cli->jobs, sizeof(*args));
	threads = ecalloc((size_t)cli->jobs, sizeof(*threads));
	for (t = 0; t < cli->jobs; t++) {
		args[t].b = &b;
		args[t].id = t;
	}
	while (fill_batch(ds, &b)) {
		if (cli->jobs == 1) {
			worker_main(&args[0]);
		} else {
			for (t = 1; t < cli->jobs; t++)
				if (pthread_create(&threads[t], NULL, worker_main, &args[t]))
					die(EXIT_OUTPUT, "cannot start a thread:");
			worker_main(&args[0]);
			for (t = 1; t < cli->jobs; t++)
				pthread_join(threads[t], NULL);
		}
		for (i = 0; i < b.n; i++) {
			s = &b.slots[i];
			if (s->err) {
				warn("%s", s->ds_err.data);
				cli->status = exit_worse(cli->status, EXIT_INPUT);
				continue;
			}
			cli_write(s->job.out.data, s->job.out.len);
			if (aux_fp && s->job.aux.len &&
			    fwrite(s->job.aux.data, 1, s->job.aux.len, aux_fp) != s->job.aux.len)
				die(EXIT_OUTPUT, "write error on a side file:");
			if (s->job.msg.len)
				warn_lines(s->job.msg.data, s->job.msg.len);
			cli->status = exit_worse(cli->status, s->status);
		}
	}
	for (i = 0; i < BATCH_DOCS; i++) {
		doc_release(&b.slots[i].doc);
		buf_release(&b.slots[i].job.out);
		buf_release(&b.slots[i].job.aux);
		buf_release(&b.slots[i].job.msg);
		buf_release(&b.slots[i].ds_err);
	}
	pthread_mutex_destroy(&b.lock);
	free(b.slots);
	free(args);
	free(threads);
	return cli->status;
}
