/* cmd-count.c: hrtk count, term frequencies and document counts over a corpus. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli-table.h"
#include "ctab.h"
#include "hrtk.h"
#include "jsonl.h"
#include "stop.h"
#include "tok.h"

static const char count_usage[] =
	"usage: hrtk count [--stop lang|file] [--min-len n] [--keep-case] [--split-hyphens]\n"
	"                  [--ngrams n[-m]] [--by-doc] [--top k] [--min-count n] [--min-docs n]\n"
	"                  [--format f] [--jsonl] [-j n] [--files-from file [-0]] [file ...]\n"
	"\n"
	"Counts the terms of a corpus: how often, in how many documents, and per\n"
	"million tokens. Tokens are those of 'hrtk tok' (case folded, NFC). The TSV\n"
	"output starts with a line of corpus totals so that 'hrtk merge' can sum tables\n"
	"and 'hrtk keyness' compare them. Memory grows with the vocabulary, not the input.\n"
	"\n"
	"Options:\n"
	"      --stop L           drop the stop words of language L (en, english, ...) or of\n"
	"                         file L (one word a line); they still count in the tokens total\n"
	"      --min-len N        drop tokens shorter than N characters\n"
	"      --keep-case        no case folding\n"
	"      --split-hyphens    count \"self-support\" as \"self\" and \"support\"\n"
	"      --ngrams N[-M]     count word N-grams (N to M words, at most 5), joined by a space\n"
	"      --by-doc           one row per document and term: id, term, count\n"
	CLI_HELP_TABLE
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum {
	OPT_STOP = OPT_CMD_BASE,
	OPT_MIN_LEN,
	OPT_KEEP_CASE,
	OPT_SPLIT_HYPHENS,
	OPT_NGRAMS,
	OPT_BY_DOC
};

enum { MAX_NGRAM = 5 };

struct count_opts {
	struct tok_opts tok;
	struct stoplist stop;
	int have_stop;
	int ngram_min, ngram_max;
	int by_doc;
	struct cli_table out;
};

/* ---- one thread's counting ---- */

/* A term first seen in a document split over several chunks (and maybe threads). */
struct seen {
	unsigned long long doc;
	size_t id;
};

struct worker {
	const struct count_opts *o;
	struct ctab tab;
	unsigned long long tokens;
	unsigned long long doc;		/* the document being counted */
	int split;			/* it is split over chunks: docs resolved later */
	struct seen *seen;
	size_t nseen, aseen;
	struct buf win[MAX_NGRAM];	/* the previous terms, for n-grams */
	int nwin;
	unsigned long long win_doc;
	struct buf gram;
};

static void count_term(struct worker *w, const char *s, size_t len)
{
	struct ctab_ent *e = ctab_get(&w->tab, s, len);

	e->count++;
	if (e->stamp == w->doc + 1)
		return;
	e->stamp = w->doc + 1;
	if (!w->split) {
		e->docs++;
		return;
	}
	if (w->nseen == w->aseen) {
		w->aseen = w->aseen ? w->aseen * 2 : 4096;
		w->seen = ereallocarray(w->seen, w->aseen, sizeof(*w->seen));
	}
	w->seen[w->nseen].doc = w->doc;
	w->seen[w->nseen++].id = (size_t)(e - w->tab.e);
}

/* Counts the n-grams that end with term s, then shifts it into the window. */
static void count_ngrams(struct worker *w, const char *s, size_t len)
{
	const struct count_opts *o = w->o;
	int n, i, keep = o->ngram_max - 1;

	for (n = o->ngram_min > 2 ? o->ngram_min : 2; n <= o->ngram_max; n++) {
		if (w->nwin < n - 1)
			break;
		buf_reset(&w->gram);
		for (i = w->nwin - (n - 1); i < w->nwin; i++) {
			buf_add(&w->gram, w->win[i].data, w->win[i].len);
			buf_addc(&w->gram, ' ');
		}
		buf_add(&w->gram, s, len);
		count_term(w, w->gram.data, w->gram.len);
	}
	if (w->nwin == keep) {
		struct buf first = w->win[0];

		memmove(w->win, w->win + 1, (size_t)(keep - 1) * sizeof(*w->win));
		w->win[keep - 1] = first;
		w->nwin--;
	}
	buf_reset(&w->win[w->nwin]);
	buf_add(&w->win[w->nwin++], s, len);
}

static int on_token(void *ctx, const struct token *t)
{
	struct worker *w = ctx;
	const struct count_opts *o = w->o;

	w->tokens++;
	if (o->have_stop && stop_has(&o->stop, t->s, t->len)) {
		/* An n-gram never spans a dropped stop word. */
		w->nwin = 0;
		return 0;
	}
	if (o->ngram_min == 1)
		count_term(w, t->s, t->len);
	if (o->ngram_max > 1)
		count_ngrams(w, t->s, t->len);
	return 0;
}

static void worker_init(struct worker *w, const struct count_opts *o)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	ctab_init(&w->tab);
}

static void worker_release(struct worker *w)
{
	int i;

	ctab_release(&w->tab);
	free(w->seen);
	for (i = 0; i < MAX_NGRAM; i++)
		buf_release(&w->win[i]);
	buf_release(&w->gram);
}

/* ---- the corpus cut into chunks at whitespace ---- */

/*
 * A chunk of one document. Cuts fall after ASCII whitespace, which no token
 * contains or looks across, so chunked and whole counts are the same.
 */
struct chunk {
	struct buf text;
	unsigned long long doc;
	int first, last;
};

enum {
	CHUNK_BYTES = 1 << 20,
	CHUNK_MAX = 64 << 20,	/* no whitespace in this much: cut at a character */
	BATCH_PER_JOB = 16
};

struct feeder {
	struct cli *cli;
	struct docs ds;
	struct reader rd;	/* the plain input being read */
	struct doc d;		/* the JSONL document being cut */
	size_t dpos;
	int open;		/* a document is being cut */
	int first;		/* no chunk of it emitted yet */
	int eof;
	const char *path;
	struct buf pend;	/* read, not yet emitted */
	unsigned long long ndocs;
};

/* Opens the next document; 0 at the end of the inputs. */
static int open_doc(struct feeder *f)
{
	const struct docs_entry *e;

	for (;;) {
		if (f->cli->docs.jsonl) {
			if (!cli_next_doc(f->cli, &f->ds, &f->d))
				return 0;
			f->dpos = 0;
			f->path = f->d.path;
			break;
		}
		if (!(e = docs_next_entry(&f->ds)))
			return 0;
		if (e->error) {
			warn("%s", e->error);
			f->cli->status = exit_worse(f->cli->status, EXIT_INPUT);
			continue;
		}
		f->path = strcmp(e->path, "-") ? e->path : "<stdin>";
		if (reader_open(&f->rd, e->path) < 0) {
			warn("%s: %s", f->path, strerror(errno));
			f->cli->status = exit_worse(f->cli->status, EXIT_INPUT);
			continue;
		}
		break;
	}
	f->open = f->first = 1;
	f->eof = 0;
	buf_reset(&f->pend);
	return 1;
}

static void close_doc(struct feeder *f)
{
	if (!f->cli->docs.jsonl)
		reader_close(&f->rd);
	f->open = 0;
}

/* Reads up to n more bytes of the document into pend; sets eof at its end. */
static void read_more(struct feeder *f, size_t n)
{
	long rc;

	if (f->cli->docs.jsonl) {
		if (n > f->d.len - f->dpos)
			n = f->d.len - f->dpos;
		if (n)
			buf_add(&f->pend, f->d.text + f->dpos, n);
		f->dpos += n;
		f->eof = f->dpos == f->d.len;
		return;
	}
	rc = reader_read(&f->rd, &f->pend, n);
	if (rc > 0)
		return;
	f->eof = 1;
	if (rc < 0) {
		warn("%s: byte %llu: %s", f->path, f->rd.offset + f->rd.pos, reader_strerror(&f->rd));
		f->cli->status = exit_worse(f->cli->status, EXIT_INPUT);
	}
}

static int is_ascii_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Where to cut pend: after its last whitespace, or 0 to read on. */
static size_t cut_point(const struct buf *pend)
{
	size_t i = pend->len;

	while (i > 0 && !is_ascii_space(pend->data[i - 1]))
		i--;
	if (i == 0 && pend->len >= CHUNK_MAX) {
		/* Before the last character's first byte. */
		for (i = pend->len - 1; i > 0 && ((unsigned char)pend->data[i] & 0xC0) == 0x80; i--)
			;
		if (i == 0)
			i = pend->len;
	}
	return i;
}

/* Plain inputs must be text: the check of doc.c, on the first chunk. */
static int binary_first_chunk(struct feeder *f)
{
	size_t n = f->pend.len < 8192 ? f->pend.len : 8192;
	const char *nul = f->pend.len ? memchr(f->pend.data, '\0', n) : NULL;

	if (f->cli->docs.jsonl || !nul)
		return 0;
	warn("%s: binary data (NUL byte at offset %zu), not text", f->path, (size_t)(nul - f->pend.data));
	f->cli->status = exit_worse(f->cli->status, EXIT_INPUT);
	return 1;
}

/* The next chunk into c; 0 at the end of the inputs. */
static int feed(struct feeder *f, struct chunk *c)
{
	struct buf tmp;
	size_t cut = 0, want = CHUNK_BYTES;

	for (;;) {
		if (!f->open && !open_doc(f))
			return 0;
		while (!f->eof && f->pend.len < want)
			read_more(f, want - f->pend.len);
		if (f->first && binary_first_chunk(f)) {
			close_doc(f);
			continue;
		}
		if (f->eof)
			break;
		if ((cut = cut_point(&f->pend)))
			break;
		want = f->pend.len + CHUNK_BYTES;
	}
	c->doc = f->ndocs;
	c->first = f->first;
	c->last = f->eof;
	f->first = 0;
	/* The chunk takes pend's memory; what follows the cut moves to a fresh pend. */
	tmp = c->text;
	c->text = f->pend;
	f->pend = tmp;
	buf_reset(&f->pend);
	if (!c->last) {
		buf_add(&f->pend, c->text.data + cut, c->text.len - cut);
		buf_truncate(&c->text, cut);
	} else {
		close_doc(f);
		f->ndocs++;
	}
	return 1;
}

/* ---- the threads ---- */

struct batch {
	struct chunk *c;
	size_t n, next;
	int dynamic;		/* chunks to any thread; else by document */
	int jobs;
	pthread_mutex_t lock;
	struct worker *w;
};

struct thread_arg {
	struct batch *b;
	int id;
};

static void count_chunk(struct worker *w, const struct chunk *c, int dynamic)
{
	if (c->doc != w->win_doc || c->first) {
		w->nwin = 0;
		w->win_doc = c->doc;
	}
	w->doc = c->doc;
	w->split = dynamic && !(c->first && c->last);
	tok_each(&w->o->tok, c->text.data ? c->text.data : "", c->text.len, on_token, w);
}

static void *thread_main(void *arg)
{
	struct thread_arg *a = arg;
	struct batch *b = a->b;
	struct worker *w = &b->w[a->id];
	size_t i;

	if (!b->dynamic) {
		/* N-grams run across chunks: one thread takes all of a document, in order. */
		for (i = 0; i < b->n; i++)
			if (b->c[i].doc % (unsigned long long)b->jobs == (unsigned long long)a->id)
				count_chunk(w, &b->c[i], 0);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			return NULL;
		count_chunk(w, &b->c[i], 1);
	}
}

/*
 * Documents split over threads: each thread listed the terms it saw first
 * in them, in document order; a term counts once per document overall.
 */
static void resolve_split(struct worker *w, int jobs, struct ctab *split)
{
	size_t *pos = ecalloc((size_t)jobs, sizeof(*pos));
	unsigned long long doc;
	struct ctab_ent *e, *g;
	int t, any;

	for (;;) {
		any = 0;
		doc = 0;
		for (t = 0; t < jobs; t++)
			if (pos[t] < w[t].nseen && (!any++ || w[t].seen[pos[t]].doc < doc))
				doc = w[t].seen[pos[t]].doc;
		if (!any)
			break;
		for (t = 0; t < jobs; t++) {
			for (; pos[t] < w[t].nseen && w[t].seen[pos[t]].doc == doc; pos[t]++) {
				e = &w[t].tab.e[w[t].seen[pos[t]].id];
				g = ctab_get(split, ctab_key(&w[t].tab, e), e->len);
				if (g->stamp != doc + 1) {
					g->stamp = doc + 1;
					g->docs++;
				}
			}
		}
	}
	for (t = 0; t < jobs; t++)
		w[t].nseen = 0;
	free(pos);
}

static void run_batch(struct batch *b, pthread_t *th, struct thread_arg *args, int start)
{
	int t;

	if (start) {
		for (t = 0; t < b->jobs; t++)
			if (pthread_create(&th[t], NULL, thread_main, &args[t]))
				die(EXIT_OUTPUT, "cannot start a thread:");
		return;
	}
	for (t = 0; t < b->jobs; t++)
		pthread_join(th[t], NULL);
}

static void add_ctab(struct table *t, const struct ctab *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		table_add(t, ctab_key(c, &c->e[i]), c->e[i].len, c->e[i].count, c->e[i].docs);
}

/*
 * Reads the next batch while the threads count the current one. The
 * threads never see a chunk being filled: the two chunk arrays alternate.
 */
static void count_corpus(struct cli *cli, struct count_opts *o, struct table *out,
			 int argc, char **argv)
{
	size_t cap = (size_t)cli->jobs * BATCH_PER_JOB, i;
	struct chunk *bufs[2];
	struct batch b = { 0 };
	struct thread_arg *args = ecalloc((size_t)cli->jobs, sizeof(*args));
	pthread_t *th = ecalloc((size_t)cli->jobs, sizeof(*th));
	struct feeder f = { 0 };
	struct ctab split;
	int cur = 0, t;

	f.cli = cli;
	cli_open_docs(cli, &f.ds, argc, argv);
	bufs[0] = ecalloc(cap, sizeof(*bufs[0]));
	bufs[1] = ecalloc(cap, sizeof(*bufs[1]));
	b.jobs = cli->jobs;
	b.dynamic = o->ngram_max == 1;
	b.w = ecalloc((size_t)cli->jobs, sizeof(*b.w));
	pthread_mutex_init(&b.lock, NULL);
	for (t = 0; t < cli->jobs; t++) {
		worker_init(&b.w[t], o);
		args[t].b = &b;
		args[t].id = t;
	}
	ctab_init(&split);
	for (b.n = 0; b.n < cap && feed(&f, &bufs[cur][b.n]); b.n++)
		;
	while (b.n) {
		b.c = bufs[cur];
		b.next = 0;
		run_batch(&b, th, args, 1);
		cur ^= 1;
		for (i = 0; i < cap && feed(&f, &bufs[cur][i]); i++)
			;
		run_batch(&b, th, args, 0);
		resolve_split(b.w, cli->jobs, &split);
		b.n = i;
	}
	for (t = 0; t < cli->jobs; t++) {
		add_ctab(out, &b.w[t].tab);
		out->tokens += b.w[t].tokens;
		worker_release(&b.w[t]);
	}
	add_ctab(out, &split);
	out->docs = f.ndocs;
	ctab_release(&split);
	for (i = 0; i < cap; i++) {
		buf_release(&bufs[0][i].text);
		buf_release(&bufs[1][i].text);
	}
	buf_release(&f.pend);
	doc_release(&f.d);
	docs_close(&f.ds);
	pthread_mutex_destroy(&b.lock);
	free(bufs[0]);
	free(bufs[1]);
	free(b.w);
	free(args);
	free(th);
}

/* ---- --by-doc: one table per document ---- */

struct by_doc {
	const struct count_opts *o;
	struct worker *w;
};

static void add_by_doc_row(struct buf *out, enum table_format fmt, const struct doc *d,
			   const char *term, size_t len, unsigned long long count)
{
	switch (fmt) {
	case TABLE_TSV:
		buf_adds(out, d->id);
		buf_addc(out, '\t');
		buf_add(out, term, len);
		buf_addf(out, "\t%llu\n", count);
		break;
	case TABLE_CSV:
		csv_add_field(out, d->id, strlen(d->id));
		buf_addc(out, ',');
		csv_add_field(out, term, len);
		buf_addf(out, ",%llu\n", count);
		break;
	case TABLE_JSONL:
		buf_adds(out, "{\"id\":");
		json_add_string(out, d->id, strlen(d->id));
		buf_adds(out, ",\"term\":");
		json_add_string(out, term, len);
		buf_addf(out, ",\"count\":%llu}\n", count);
		break;
	}
}

static int by_doc_job(void *ctx, struct cli_job *job)
{
	struct by_doc *bd = ctx;
	const struct count_opts *o = bd->o;
	struct worker *w = &bd->w[job->worker];
	struct table_rec *r;
	size_t i, n, top = o->out.lim.top ? o->out.lim.top : (size_t)-1;

	ctab_clear(&w->tab);
	w->nwin = 0;
	tok_each(&o->tok, job->doc->text, job->doc->len, on_token, w);
	r = emalloc((w->tab.n ? w->tab.n : 1) * sizeof(*r));
	for (i = n = 0; i < w->tab.n; i++) {
		if (w->tab.e[i].count < o->out.lim.min_count)
			continue;
		r[n].count = w->tab.e[i].count;
		r[n].key = ctab_key(&w->tab, &w->tab.e[i]);
		r[n].len = w->tab.e[i].len;
		r[n++].id = i;
	}
	table_sort_recs(r, n);
	for (i = 0; i < n && i < top; i++)
		add_by_doc_row(&job->out, o->out.format, job->doc, r[i].key, r[i].len, r[i].count);
	free(r);
	return EXIT_OK;
}

static void count_by_doc(struct cli *cli, struct count_opts *o, int argc, char **argv)
{
	static const char *const header[] = {
		[TABLE_TSV] = "id\tterm\tcount\n", [TABLE_CSV] = "id,term,count\n", [TABLE_JSONL] = ""
	};
	struct by_doc bd = { o, NULL };
	struct docs ds;
	int t;

	cli_open_docs(cli, &ds, argc, argv);
	bd.w = ecalloc((size_t)cli->jobs, sizeof(*bd.w));
	for (t = 0; t < cli->jobs; t++)
		worker_init(&bd.w[t], o);
	cli_write(header[o->out.format], strlen(header[o->out.format]));
	cli_run_docs(cli, &ds, by_doc_job, &bd, NULL);
	for (t = 0; t < cli->jobs; t++)
		worker_release(&bd.w[t]);
	free(bd.w);
	docs_close(&ds);
}

/* ---- options ---- */

static void parse_ngrams(const struct cli *cli, const char *arg, struct count_opts *o)
{
	const char *dash = strchr(arg, '-');
	char lo[16];

	if (!dash) {
		o->ngram_min = o->ngram_max = (int)cli_long(cli, "--ngrams", arg, 1, MAX_NGRAM);
		return;
	}
	if ((size_t)(dash - arg) >= sizeof(lo))
		cli_usage_error(cli, "--ngrams: '%s' is not N or N-M", arg);
	memcpy(lo, arg, (size_t)(dash - arg));
	lo[dash - arg] = '\0';
	o->ngram_min = (int)cli_long(cli, "--ngrams", lo, 1, MAX_NGRAM);
	o->ngram_max = (int)cli_long(cli, "--ngrams", dash + 1, 1, MAX_NGRAM);
	if (o->ngram_min > o->ngram_max)
		cli_usage_error(cli, "--ngrams: '%s' runs backwards", arg);
}

static void load_stop(const struct cli *cli, const char *arg, struct count_opts *o)
{
	struct buf err = BUF_INIT;
	const char *code = stop_lang_code(arg);

	if (o->have_stop)
		stop_release(&o->stop);
	memset(&o->stop, 0, sizeof(o->stop));
	if (code && stop_load_lang(&o->stop, code, 0) == 0) {
		o->have_stop = 1;
		return;
	}
	if (stop_load_file(&o->stop, arg, &err) < 0) {
		if (!strchr(arg, '/') && !strchr(arg, '.') && errno == ENOENT)
			cli_usage_error(cli, "--stop: no stop word list for language '%s'", arg);
		die(EXIT_INPUT, "%s", err.data);
	}
	o->have_stop = 1;
	buf_release(&err);
}

int cmd_count(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "stop", required_argument, NULL, OPT_STOP },
		{ "min-len", required_argument, NULL, OPT_MIN_LEN },
		{ "keep-case", no_argument, NULL, OPT_KEEP_CASE },
		{ "split-hyphens", no_argument, NULL, OPT_SPLIT_HYPHENS },
		{ "ngrams", required_argument, NULL, OPT_NGRAMS },
		{ "by-doc", no_argument, NULL, OPT_BY_DOC },
		CLI_TABLE_LONGOPTS,
		CLI_LONGOPTS,
		{ 0 }
	};
	struct count_opts o = { 0 };
	struct table t;
	struct cli cli;
	int c;

	cli_init(&cli, count_usage);
	o.ngram_min = o.ngram_max = 1;
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_STOP:
			load_stop(&cli, optarg, &o);
			break;
		case OPT_MIN_LEN:
			o.tok.min_len = (size_t)cli_long(&cli, "--min-len", optarg, 0, 1000);
			break;
		case OPT_KEEP_CASE:
			o.tok.keep_case = 1;
			break;
		case OPT_SPLIT_HYPHENS:
			o.tok.split_hyphens = 1;
			break;
		case OPT_NGRAMS:
			parse_ngrams(&cli, optarg, &o);
			break;
		case OPT_BY_DOC:
			o.by_doc = 1;
			break;
		default:
			if (!cli_table_option(&cli, c, &o.out))
				cli_common(&cli, c, argv);
		}
	}
	if (o.by_doc && o.out.lim.min_docs)
		cli_usage_error(&cli, "--min-docs has no meaning with --by-doc");
	if (o.by_doc) {
		count_by_doc(&cli, &o, argc - optind, argv + optind);
	} else {
		table_init(&t, TABLE_COUNT);
		count_corpus(&cli, &o, &t, argc - optind, argv + optind);
		cli_table_write(&t, &o.out);
		table_release(&t);
	}
	if (o.have_stop)
		stop_release(&o.stop);
	return cli.status;
}
