/* cli.c: common options, usage errors and the parallel document loop. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

#include "cli.h"

void cli_init(struct cli *cli, const char *usage)
{
	memset(cli, 0, sizeof(*cli));
	cli->usage = usage;
	cli->jobs = 1;
	opterr = 0;
	optind = 1;
}

/*
 * glibc gives the heap back to the kernel after each document and faults
 * it in again for the next: for concepts that cost more than the matching
 * itself; clean's bench took 4,400 faults, 1,100 with the heap kept.
 * Even kept, a batch of documents and the matcher's tables first touch
 * some thousands of pages, and a page fault costs 15 us on a paravirtual
 * machine (a tenth of a run): the heap is grown once by HEAP_PAD and
 * marked for huge pages, 2 MB a fault.
 */
enum { HEAP_PAD = 32 << 20, HUGE_PAGE = 2 << 20 };

void cli_keep_heap(void)
{
#ifdef __GLIBC__
	uintptr_t a, b;
	void *volatile grow;	/* volatile: the compiler would drop a malloc() freed unused */

	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	/*
	 * One arena for every thread: with -j N the reader's and the workers'
	 * own arenas were fresh pages, faulted in 4 kB at a time (the 16 MB
	 * batches), and -j 2 spent 3.5x the system time of -j 1.
	 */
	mallopt(M_ARENA_MAX, 1);
#ifdef MADV_HUGEPAGE
	mallopt(M_TOP_PAD, HEAP_PAD);
	a = (uintptr_t)sbrk(0);
	grow = malloc(1 << 20);	/* below the mmap threshold: the heap grows by the pad */
	free(grow);
	b = (uintptr_t)sbrk(0);
	a = (a + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	b &= ~(uintptr_t)(HUGE_PAGE - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
	mallopt(M_TOP_PAD, 128 << 10);	/* glibc's default */
#endif
#endif
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
		if (cli->progress < 1)
			cli->progress = -1;
		return;
	case OPT_PROGRESS:
		cli->progress = 1;
		return;
	case 'o':
		cli->output = optarg;
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

/* ---- output: -o FILE and -o DIR ---- */

static char *out_tmp, *out_final;

static void rename_output(void)
{
	if (out_tmp && rename(out_tmp, out_final) < 0) {
		warn("cannot rename '%s' to '%s':", out_tmp, out_final);
		unlink(out_tmp);
	}
}

/* True when path is the same file as one of the inputs. */
static int is_input(const struct docs *ds, const char *path)
{
	struct stat out, in;
	size_t i;

	if (stat(path, &out) < 0)
		return 0;
	for (i = 0; i < ds->nentries; i++)
		if (!ds->entries[i].error && stat(ds->entries[i].path, &in) == 0 &&
		    in.st_dev == out.st_dev && in.st_ino == out.st_ino)
			return 1;
	return 0;
}

/* mkdir -p for the folders above path's last component. */
static int make_parents(const char *path)
{
	char *copy = estrdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p && !rc; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(copy);
	return rc;
}

/* A temporary file beside path; returns its fd and name (free it). */
static int open_temp(const char *path, char **tmp)
{
	struct buf b = BUF_INIT;
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash)
		buf_add(&b, path, (size_t)(slash - path) + 1);
	buf_addf(&b, ".%s.XXXXXX", slash ? slash + 1 : path);
	fd = mkstemp(b.data);
	if (fd >= 0)
		fchmod(fd, 0644);
	*tmp = buf_detach(&b, NULL);
	return fd;
}

void cli_setup_output(struct cli *cli, struct docs *ds)
{
	struct stat st;
	size_t n;
	int fd;

	if (!cli->output)
		return;
	n = strlen(cli->output);
	if (cli->mirror_ok && !cli->docs.jsonl) {
		cli->mirror = 1;
		if (stat(cli->output, &st) == 0 && !S_ISDIR(st.st_mode))
			cli_usage_error(cli, "-o: '%s' is not a folder (without --jsonl, -o names a folder)",
					cli->output);
		return;
	}
	if (n && cli->output[n - 1] == '/')
		cli_usage_error(cli, "-o: '%s' names a folder; this output is one file", cli->output);
	if (is_input(ds, cli->output))
		cli_usage_error(cli, "-o: refusing to write over the input '%s'", cli->output);
	if ((fd = open_temp(cli->output, &out_tmp)) < 0)
		die(EXIT_OUTPUT, "cannot write '%s':", cli->output);
	fflush(stdout);
	if (dup2(fd, STDOUT_FILENO) < 0)
		die(EXIT_OUTPUT, "cannot write '%s':", cli->output);
	close(fd);
	out_final = estrdup(cli->output);
	atexit(rename_output);
}

/* The mirror's file for an input: DIR/relpath, .html and .htm becoming .txt. */
static void mirror_path(struct buf *b, const char *dir, const char *rel)
{
	static const char *const html_ext[] = { ".html", ".htm", ".xhtml", NULL };
	size_t n = strlen(rel), i, m;

	buf_reset(b);
	buf_adds(b, dir);
	if (b->len && b->data[b->len - 1] != '/')
		buf_addc(b, '/');
	for (i = 0; html_ext[i]; i++) {
		m = strlen(html_ext[i]);
		if (n > m && !strcasecmp(rel + n - m, html_ext[i])) {
			buf_add(b, rel, n - m);
			buf_adds(b, ".txt");
			return;
		}
	}
	buf_adds(b, rel);
}

/* Writes one document's output into the mirror; returns an exit code. */
static int write_mirror(const struct cli *cli, const struct doc *d, const struct buf *out)
{
	struct buf path = BUF_INIT;
	struct stat in, st;
	char *tmp = NULL;
	int fd, rc = EXIT_OK;

	if (!d->relpath) {
		warn("%s: -o FOLDER needs file inputs (use --jsonl for a stream)", d->path);
		return EXIT_USAGE;
	}
	mirror_path(&path, cli->output, d->relpath);
	if (stat(path.data, &st) == 0 && stat(d->path, &in) == 0 &&
	    st.st_dev == in.st_dev && st.st_ino == in.st_ino) {
		warn("%s: refusing to write over the input", path.data);
		buf_release(&path);
		return EXIT_USAGE;
	}
	if (make_parents(path.data) < 0 || (fd = open_temp(path.data, &tmp)) < 0) {
		warn("cannot write '%s':", path.data);
		free(tmp);
		buf_release(&path);
		return EXIT_OUTPUT;
	}
	if ((out->len && write(fd, out->data, out->len) != (ssize_t)out->len) | (close(fd) < 0) ||
	    rename(tmp, path.data) < 0) {
		warn("write error on '%s':", path.data);
		unlink(tmp);
		rc = EXIT_OUTPUT;
	}
	free(tmp);
	buf_release(&path);
	return rc;
}

/* Copies stdin to a temporary file (*.jsonl for JSON Lines) and returns its name. */
static char *stdin_to_file(int jsonl)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp;
	int fd;

	buf_addf(&path, "%s/hrtk-XXXXXX%s", dir && *dir ? dir : "/tmp", jsonl ? ".jsonl" : "");
	if ((fd = mkstemps(path.data, jsonl ? 6 : 0)) < 0 || !(fp = fdopen(fd, "w")))
		die(EXIT_OUTPUT, "cannot make a temporary file in '%s':", dir && *dir ? dir : "/tmp");
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (fwrite(chunk, 1, n, fp) != n)
			die(EXIT_OUTPUT, "write error on '%s':", path.data);
	if (ferror(stdin))
		die(EXIT_INPUT, "<stdin>:");
	if (fclose(fp))
		die(EXIT_OUTPUT, "write error on '%s':", path.data);
	return buf_detach(&path, NULL);
}

char **cli_reread_args(struct cli *cli, const char *option, int *argc, char **argv, char **tmp)
{
	char **args;
	int i, n = *argc;

	if (cli->docs.files_from && !strcmp(cli->docs.files_from, "-"))
		cli_usage_error(cli, "%s reads its inputs twice: --files-from cannot be stdin", option);
	if (!n && !cli->docs.files_from && isatty(STDIN_FILENO))
		cli_usage_error(cli, "no input: name files, or pipe text in");
	*tmp = NULL;
	args = ecalloc((size_t)n + 2, sizeof(*args));
	for (i = 0; i < n; i++)
		args[i] = argv[i];
	if (!n && !cli->docs.files_from)
		args[n++] = "-";
	for (i = 0; i < n; i++)
		if (!strcmp(args[i], "-")) {
			if (!*tmp)
				*tmp = stdin_to_file(cli->docs.jsonl);
			args[i] = *tmp;
		}
	*argc = n;
	return args;
}

void cli_stdin_name(const char *tmp, struct doc *d)
{
	struct buf id = BUF_INIT;
	size_t n;

	if (!tmp || strcmp(d->path, tmp))
		return;
	n = strlen(tmp);
	d->path = "<stdin>";
	if (strncmp(d->id, tmp, n))
		return;
	buf_adds(&id, "stdin");
	buf_adds(&id, d->id + n);
	free(d->id);
	d->id = buf_detach(&id, NULL);
}

void cli_reread_done(char **args, char **argv, char *tmp)
{
	if (tmp)
		unlink(tmp);
	free(tmp);
	if (args != argv)
		free(args);
}

void cli_open_docs(struct cli *cli, struct docs *ds, int argc, char **argv)
{
	if (!argc && !cli->docs.files_from && isatty(STDIN_FILENO))
		cli_usage_error(cli, "no input: name files, or pipe text in");
	if (docs_open(ds, &cli->docs, argc, argv) < 0) {
		warn("%s", ds->err.data);
		exit(EXIT_INPUT);
	}
	cli_setup_output(cli, ds);
}

/* ---- progress ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct progress {
	int on, forced;
	double start;
	unsigned long long docs;
};

static void progress_start(struct progress *p, const struct cli *cli)
{
	p->on = cli->progress > 0 ||
		(cli->progress == 0 && isatty(STDERR_FILENO) && !getenv("CI"));
	p->forced = cli->progress > 0;
	p->start = now();
	p->docs = 0;
}

/* One line, redrawn; shown only once a job has run for a second. */
static void progress_show(struct progress *p, const struct docs *ds, int last)
{
	double t = now() - p->start, mb = ds->bytes / 1e6, rate = t > 0 ? mb / t : 0;

	if (!p->on || (t < 1 && !p->forced))
		return;
	fprintf(stderr, "\r%llu docs, %.1f MB, %.1f MB/s", p->docs, mb, rate);
	if (ds->total > ds->bytes && rate > 0)
		fprintf(stderr, ", ETA %.0f s", (ds->total - ds->bytes) / 1e6 / rate);
	fputs(last ? "\n" : "   ", stderr);
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
	size_t max_bytes;	/* of text per batch */
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
enum { BATCH_DOCS = 256, BATCH_BYTES = 16 << 20 };
/*
 * With one job a batch only keeps the output in order, so it is kept small:
 * its documents' buffers, freed and taken again batch after batch, then stay
 * in the allocator and the caches instead of being fresh pages each time.
 */
enum { SOLO_BATCH_BYTES = 1 << 18 };

static size_t fill_batch(struct docs *ds, struct batch *b)
{
	size_t bytes = 0;
	struct slot *s;
	int rc;

	for (b->n = 0; b->n < BATCH_DOCS && bytes < b->max_bytes; b->n++) {
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

struct reader_arg {
	struct docs *ds;
	struct batch *b;
};

static void *reader_main(void *arg)
{
	struct reader_arg *r = arg;

	fill_batch(r->ds, r->b);
	return NULL;
}

static void run_batch(struct cli *cli, struct batch *b, struct worker_arg *args, pthread_t *threads)
{
	int t;

	for (t = 0; t < cli->jobs; t++)
		args[t].b = b;
	if (cli->jobs == 1) {
		worker_main(&args[0]);
		return;
	}
	for (t = 1; t < cli->jobs; t++)
		if (pthread_create(&threads[t], NULL, worker_main, &args[t]))
			die(EXIT_OUTPUT, "cannot start a thread:");
	worker_main(&args[0]);
	for (t = 1; t < cli->jobs; t++)
		pthread_join(threads[t], NULL);
}

static void write_batch(struct cli *cli, struct batch *b, FILE *aux_fp)
{
	struct slot *s;
	size_t i;

	for (i = 0; i < b->n; i++) {
		s = &b->slots[i];
		if (s->err) {
			warn("%s", s->ds_err.data);
			cli->status = exit_worse(cli->status, EXIT_INPUT);
			continue;
		}
		if (cli->in_order && cli->in_order(b->ctx, &s->job))
			buf_reset(&s->job.out);
		if (cli->mirror)
			cli->status = exit_worse(cli->status, write_mirror(cli, &s->doc, &s->job.out));
		else
			cli_write(s->job.out.data, s->job.out.len);
		if (aux_fp && s->job.aux.len &&
		    fwrite(s->job.aux.data, 1, s->job.aux.len, aux_fp) != s->job.aux.len)
			die(EXIT_OUTPUT, "write error on a side file:");
		if (s->job.msg.len)
			warn_lines(s->job.msg.data, s->job.msg.len);
		cli->status = exit_worse(cli->status, s->status);
	}
}

static void batch_release(struct batch *b)
{
	size_t i;

	if (!b->slots)
		return;	/* the second batch, not taken at -j 1 */
	for (i = 0; i < BATCH_DOCS; i++) {
		doc_release(&b->slots[i].doc);
		buf_release(&b->slots[i].job.out);
		buf_release(&b->slots[i].job.aux);
		buf_release(&b->slots[i].job.msg);
		buf_release(&b->slots[i].ds_err);
	}
	pthread_mutex_destroy(&b->lock);
	free(b->slots);
}

/*
 * With more than one job, the next batch is read on a thread of its own
 * while this one is processed and written: reading (JSON decoding of whole
 * pages, decompression) would otherwise leave the workers idle. Only that
 * thread touches ds until it is joined; output order is the input's.
 */
int cli_run_docs(struct cli *cli, struct docs *ds, cli_doc_fn fn, void *ctx, FILE *aux_fp)
{
	struct batch bs[2] = { { 0 }, { 0 } }, *cur = &bs[0], *next = &bs[1], *tmp;
	struct reader_arg reader = { ds, NULL };
	struct worker_arg *args;
	struct progress prog;
	pthread_t *threads, reader_thread;
	int t, ahead;

	/* -j 1 reads the next batch into the same one: no second one */
	for (t = 0; t < (cli->jobs > 1 ? 2 : 1); t++) {
		bs[t].slots = ecalloc(BATCH_DOCS, sizeof(*bs[t].slots));
		bs[t].fn = fn;
		bs[t].ctx = ctx;
		bs[t].max_bytes = cli->jobs > 1 ? BATCH_BYTES : SOLO_BATCH_BYTES;
		pthread_mutex_init(&bs[t].lock, NULL);
	}
	args = ecalloc((size_t)cli->jobs, sizeof(*args));
	threads = ecalloc((size_t)cli->jobs, sizeof(*threads));
	for (t = 0; t < cli->jobs; t++)
		args[t].id = t;
	progress_start(&prog, cli);
	fill_batch(ds, cur);
	while (cur->n) {
		reader.b = next;
		ahead = cli->jobs > 1 && !pthread_create(&reader_thread, NULL, reader_main, &reader);
		run_batch(cli, cur, args, threads);
		write_batch(cli, cur, aux_fp);
		prog.docs += cur->n;
		if (ahead) {
			pthread_join(reader_thread, NULL);
			tmp = cur;
			cur = next;
			next = tmp;
		} else {
			fill_batch(ds, cur);	/* one batch's memory at -j 1 */
		}
		progress_show(&prog, ds, 0);
	}
	if (prog.docs)
		progress_show(&prog, ds, 1);
	batch_release(&bs[0]);
	batch_release(&bs[1]);
	free(args);
	free(threads);
	return cli->status;
}
