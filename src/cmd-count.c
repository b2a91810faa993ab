/* cmd-count.c: hrtk count, term frequencies and document counts over a corpus. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-table.h"
#include "cli-terms.h"
#include "ctab.h"
#include "hrtk.h"
#include "jsonl.h"

static const char count_usage[] =
	"usage: hrtk count [--stop lang|file|auto] [--stem lang|auto] [--min-len n] [--keep-case]\n"
	"                  [--split-hyphens] [--ngrams n[-m]] [--by-doc] [--top k] [--min-count n]\n"
	"                  [--min-docs n] [--format f] [--jsonl] [-j n] [--files-from file [-0]]\n"
	"                  [file ...]\n"
	"\n"
	"Counts the terms of a corpus: how often, in how many documents, and per\n"
	"million tokens. Terms are those of 'hrtk tok' (case folded, NFC). The TSV\n"
	"output starts with a line of corpus totals so that 'hrtk merge' can sum tables\n"
	"and 'hrtk keyness' compare them. Memory grows with the vocabulary, not the input.\n"
	"\n"
	"Options:\n"
	TERMS_HELP
	"      --by-doc           one row per document and term: id, term, count\n"
	CLI_HELP_TABLE
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum { OPT_BY_DOC = OPT_CMD_BASE };

struct count_opts {
	struct terms_opts topts;
	struct terms terms;
	int by_doc;
	struct cli_table out;
};

/* ---- one thread's counting ---- */

/* A term first seen in a document split over several chunks (and maybe threads). */
struct seen {
	unsigned long long doc;
	uint64_t hash;
	size_t off, len;	/* in the list's keys */
};

/* The terms a worker saw first in split documents, in document order. */
struct seen_list {
	struct seen *v;
	size_t n, a;
	struct buf keys;
};

/*
 * Plain words waiting for their lookup, their slots being prefetched: the
 * table is larger than the cache, and PENDING misses at once overlap.
 * 64 rather than 16: a prefetch issued further ahead has landed by the
 * lookup (5-10% less CPU time; 128 and 256 were no better).
 */
enum { PENDING = 64 };

struct pending {
	uint64_t w0, w1, hash;
	size_t len;
	struct ctab *t;		/* the hash's shard */
};

/* Aligned and padded: threads write their workers constantly; no shared cache lines. */
struct worker {
	_Alignas(64) const struct count_opts *o;
	struct terms_ctx *terms;
	struct ctab_shards tab;		/* in shards when threads finish the count together */
	unsigned long long tokens;
	unsigned long long doc;		/* the document being counted */
	unsigned stamp;			/* its ctab_stamp() in the worker's table */
	int split;			/* it is split over chunks: docs resolved later */
	int solo;			/* the only thread */
	uint64_t fold;			/* OR-ed into plain words: 0x20 per byte, or 0 (--keep-case) */
	const char *safe_end;		/* plain words may be loaded 16 bytes at a time up to here */
	struct seen_list seen;		/* filled by this batch */
	struct seen_list done;		/* the last batch's, resolved during this one */
	struct buf long_key;		/* a folded plain word longer than CTAB_INLINE */
	struct pending pend[PENDING];
	int npend;
	char pad[64];
};

/* Counts one occurrence of the term of e (of the shard t) in the worker's document. */
static void count_ent(struct worker *w, const struct ctab *t, struct ctab_ent *e, uint64_t hash)
{
	e->count++;
	if (e->stamp == w->stamp)
		return;
	e->stamp = w->stamp;
	if (!w->split) {
		e->docs++;
		return;
	}
	if (w->seen.n == w->seen.a) {
		w->seen.a = w->seen.a ? w->seen.a * 2 : 4096;
		w->seen.v = ereallocarray(w->seen.v, w->seen.a, sizeof(*w->seen.v));
	}
	w->seen.v[w->seen.n].doc = w->doc;
	w->seen.v[w->seen.n].hash = hash;
	w->seen.v[w->seen.n].off = w->seen.keys.len;
	w->seen.v[w->seen.n++].len = ctab_len(e);
	buf_add(&w->seen.keys, ctab_key(t, e), ctab_len(e));
}

static void flush_plain(struct worker *w)
{
	const struct pending *p;
	unsigned bits = w->tab.bits;
	int i;

	for (i = 0; i < w->npend; i++) {
		p = &w->pend[i];
		count_ent(w, p->t, ctab_get16(p->t, p->w0, p->w1, p->len, p->hash << bits), p->hash);
	}
	w->npend = 0;
}

/* Counts a term that is not queued (a long one). */
static void count_key(struct worker *w, const char *key, size_t len)
{
	uint64_t hash = ctab_hash(key, len);
	struct ctab *t = ctab_shard(&w->tab, hash);

	count_ent(w, t, ctab_get_hashed(t, key, len, ctab_shard_hash(&w->tab, hash)), hash);
}

/* Queues a plain word for flush_plain(). */
static void queue_plain(struct worker *w, uint64_t w0, uint64_t w1, size_t len)
{
	struct pending *p = &w->pend[w->npend++];

	p->w0 = w0;
	p->w1 = w1;
	p->len = len;
	p->hash = ctab_hash16(w0, w1, len);
	p->t = ctab_shard(&w->tab, p->hash);
	ctab_prefetch(p->t, ctab_shard_hash(&w->tab, p->hash));
	if (w->npend == PENDING)
		flush_plain(w);
}

static uint64_t load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/*
 * tokens= counts the terms of the smallest n: words, after stop words.
 * Short terms join the plain words' queue: rare words miss the cache most.
 */
static int on_term(void *ctx, const struct term *t)
{
	struct worker *w = ctx;
	char pad[CTAB_INLINE] = { 0 };

	w->tokens += t->n == w->o->topts.ngram_min;
	if (t->len <= CTAB_INLINE) {
		memcpy(pad, t->s, t->len);
		queue_plain(w, load64(pad), load64(pad + 8), t->len);
		return 0;
	}
	count_key(w, t->s, t->len);
	return 0;
}

/* The low n bytes of a word (n < 8): the first n in memory on a little-endian machine. */
static uint64_t low_bytes(uint64_t v, size_t n)
{
	return v & (((uint64_t)1 << (8 * n)) - 1);
}

/*
 * The hot path: a word of ASCII letters and digits, folded by OR-ing 0x20
 * into each byte (letters to lower case, digits unchanged) while it is
 * loaded as the table's two key words, hashed and counted with no copy.
 */
static int on_plain(void *ctx, const char *s, size_t len)
{
	struct worker *w = ctx;
	char pad[CTAB_INLINE] = { 0 };
	uint64_t w0, w1;
	size_t i;

	w->tokens++;
	if (len > CTAB_INLINE) {
		buf_reset(&w->long_key);
		buf_add(&w->long_key, s, len);
		for (i = 0; i < len; i++)
			w->long_key.data[i] |= (char)(w->fold & 0xFF);
		count_key(w, w->long_key.data, len);
		return 0;
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (s + CTAB_INLINE <= w->safe_end) {
		w0 = load64(s) | w->fold;
		w1 = load64(s + 8) | w->fold;
		if (len < 8) {
			w0 = low_bytes(w0, len);
			w1 = 0;
		} else if (len < 16) {
			w1 = low_bytes(w1, len - 8);
		}
		queue_plain(w, w0, w1, len);
		return 0;
	}
#endif
	for (i = 0; i < len; i++)
		pad[i] = (char)(s[i] | (char)(w->fold & 0xFF));
	queue_plain(w, load64(pad), load64(pad + 8), len);
	return 0;
}

/* Counts the terms of text[0..len); the caller says how far past len plain words may be loaded. */
static void count_text(struct worker *w, const char *text, size_t len, size_t slack)
{
	w->safe_end = text + len + slack;
	terms_each_plain(w->terms, text, len, on_plain, on_term, w);
	flush_plain(w);
}

/* shard_bits: 1 when the threads are to sum and sort the tables' two shards at once. */
static void worker_init(struct worker *w, const struct count_opts *o, unsigned shard_bits)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->terms = terms_ctx_new(&o->terms);
	w->fold = o->topts.tok.keep_case ? 0 : 0x2020202020202020ull;
	ctab_shards_init(&w->tab, shard_bits);
	w->stamp = ctab_stamp(&w->tab.part[0], 0);
}

static void worker_release(struct worker *w)
{
	terms_ctx_free(w->terms);
	ctab_shards_release(&w->tab);
	free(w->seen.v);
	buf_release(&w->seen.keys);
	free(w->done.v);
	buf_release(&w->done.keys);
	buf_release(&w->long_key);
}

/* ---- the corpus cut into chunks at whitespace ---- */

/*
 * A chunk of one document. Cuts fall after ASCII whitespace, which no token
 * contains or looks across, so chunked and whole counts are the same; with
 * n-grams, after a blank line, which ends a sentence, and n-grams never
 * cross one. (A document with no blank line in CHUNK_MAX bytes is cut at
 * whitespace: n-grams across that cut are lost, the same for any -j.)
 */
struct chunk {
	struct buf text;
	unsigned long long doc;
	int first, last;
};

enum {
	CHUNK_BYTES = 256 << 10,
	CHUNK_MAX = 64 << 20,	/* no whitespace in this much: cut at a character */
	BATCH_PER_JOB = 8,
	CTAB_RESERVE = 100000,	/* a corpus's vocabulary: 12 MB of slots, touched as used */
	CHUNK_SLACK = CTAB_INLINE	/* bytes readable past a chunk's end: see on_plain() */
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
	int sentences;		/* cut at blank lines (n-grams) */
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

/* After the last blank line of pend ("\n", spaces or tabs, "\n"), or 0. */
static size_t blank_line_cut(const struct buf *pend)
{
	size_t i = pend->len, j;

	while (i > 0) {
		while (i > 0 && pend->data[i - 1] != '\n')
			i--;
		if (!i)
			break;
		for (j = i - 1; j > 0 && (pend->data[j - 1] == ' ' || pend->data[j - 1] == '\t' ||
					  pend->data[j - 1] == '\r'); j--)
			;
		if (j > 0 && pend->data[j - 1] == '\n')
			return i;
		i--;
	}
	return 0;
}

/* Where to cut pend: after its last whitespace (blank line), or 0 to read on. */
static size_t cut_point(const struct buf *pend, int sentences)
{
	size_t i = pend->len;

	if (sentences && (i = blank_line_cut(pend)))
		return i;
	if (sentences && pend->len < CHUNK_MAX)
		return 0;
	i = pend->len;
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
		/* Whole CHUNK_BYTES reads: the reader puts those straight into pend. */
		while (!f->eof && f->pend.len < want)
			read_more(f, CHUNK_BYTES);
		if (f->first && binary_first_chunk(f)) {
			close_doc(f);
			continue;
		}
		if (f->eof)
			break;
		if ((cut = cut_point(&f->pend, f->sentences)))
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
	/* on_plain() loads words 16 bytes at a time. */
	if (c->text.data)
		buf_grow(&c->text, CHUNK_SLACK);
	return 1;
}

/* ---- the threads ---- */

/*
 * The main thread is worker 0: it reads the next batch and resolves the
 * last one's split documents while the other threads count, then counts
 * what is left of the batch with them. -j N is N threads in all.
 */
struct batch {
	struct chunk *c;
	size_t n, next;
	int jobs;
	pthread_mutex_t lock;
	struct worker *w;
};

struct thread_arg {
	struct batch *b;
	int id;
};

/* The document being counted: a worker's come in order. */
static void set_doc(struct worker *w, unsigned long long doc)
{
	int i;

	w->doc = doc;
	for (i = 0; i < 1 << w->tab.bits; i++)
		w->stamp = ctab_stamp(&w->tab.part[i], doc);
}

static void count_chunk(struct worker *w, const struct chunk *c)
{
	set_doc(w, c->doc);
	/* One thread counts the chunks of a document in order: its stamps suffice. */
	w->split = !(c->first && c->last) && !w->solo;
	count_text(w, c->text.data ? c->text.data : "", c->text.len, c->text.data ? CHUNK_SLACK : 0);
}

static void *thread_main(void *arg)
{
	struct thread_arg *a = arg;
	struct batch *b = a->b;
	struct worker *w = &b->w[a->id];
	size_t i;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			return NULL;
		count_chunk(w, &b->c[i]);
	}
}

/*
 * The split documents' terms wait for their lookup in batches, their slots
 * prefetched, like plain words: the split table is as large as the others.
 */
enum { RESOLVE_BATCH = 16 };

struct resolve {
	struct ctab_shards *split;
	const struct seen *e[RESOLVE_BATCH];
	const char *key[RESOLVE_BATCH];
	int n;
};

/* A term counts once per document, however many threads saw it there. */
static void resolve_flush(struct resolve *r)
{
	const struct seen *e;
	struct ctab_ent *g;
	struct ctab *t;
	unsigned stamp;
	int i;

	for (i = 0; i < r->n; i++) {
		e = r->e[i];
		t = ctab_shard(r->split, e->hash);
		stamp = ctab_stamp(t, e->doc);
		g = ctab_get_hashed(t, r->key[i], e->len, ctab_shard_hash(r->split, e->hash));
		if (g->stamp != stamp) {
			g->stamp = stamp;
			g->docs++;
		}
	}
	r->n = 0;
}

static void resolve_add(struct resolve *r, const struct seen_list *l, const struct seen *e)
{
	ctab_prefetch(ctab_shard(r->split, e->hash), ctab_shard_hash(r->split, e->hash));
	r->e[r->n] = e;
	r->key[r->n++] = l->keys.data + e->off;
	if (r->n == RESOLVE_BATCH)
		resolve_flush(r);
}

/*
 * Documents split over threads: each thread listed the terms it saw first
 * in them, in document order; they are taken in document order from all
 * the lists. Called once per batch, in batch order.
 */
static void resolve_split(struct worker *w, int jobs, struct ctab_shards *split)
{
	size_t *pos = ecalloc((size_t)jobs, sizeof(*pos));
	struct resolve r = { split, { 0 }, { 0 }, 0 };
	unsigned long long doc;
	struct seen_list *l;
	int t, any;

	for (;;) {
		any = 0;
		doc = 0;
		for (t = 0; t < jobs; t++)
			if (pos[t] < w[t].done.n && (!any++ || w[t].done.v[pos[t]].doc < doc))
				doc = w[t].done.v[pos[t]].doc;
		if (!any)
			break;
		for (t = 0; t < jobs; t++) {
			l = &w[t].done;
			for (; pos[t] < l->n && l->v[pos[t]].doc == doc; pos[t]++)
				resolve_add(&r, l, &l->v[pos[t]]);
		}
	}
	resolve_flush(&r);
	for (t = 0; t < jobs; t++) {
		w[t].done.n = 0;
		buf_reset(&w[t].done.keys);
	}
	free(pos);
}

/* The batch just counted is resolved during the next: its lists become done. */
static void end_batch(struct batch *b)
{
	struct seen_list tmp;
	int t;

	for (t = 0; t < b->jobs; t++) {
		tmp = b->w[t].done;
		b->w[t].done = b->w[t].seen;
		b->w[t].seen = tmp;
	}
}

static void start_threads(struct batch *b, pthread_t *th, struct thread_arg *args)
{
	int t;

	for (t = 1; t < b->jobs; t++)
		if (pthread_create(&th[t], NULL, thread_main, &args[t]))
			die(EXIT_OUTPUT, "cannot start a thread:");
}

static void join_threads(struct batch *b, pthread_t *th)
{
	int t;

	for (t = 1; t < b->jobs; t++)
		pthread_join(th[t], NULL);
}

/* ---- the end: tables summed, sorted, written ---- */

/* One shard's last steps: every thread's part and the split documents' summed into worker 0's. */
struct finish {
	struct worker *w;
	int jobs;
	struct ctab_shards *split;
	int shard;
	int one_doc;		/* the corpus is one document: every term is in it */
};

static void *finish_shard(void *arg)
{
	struct finish *f = arg;
	struct ctab *dst = &f->w[0].tab.part[f->shard];
	size_t i;
	int t;

	for (t = 1; t < f->jobs; t++)
		ctab_sum(dst, &f->w[t].tab.part[f->shard]);
	ctab_sum(dst, &f->split->part[f->shard]);
	/* In its own memory: no second table of the vocabulary, no new pages to fault in. */
	ctab_sort(dst);
	for (i = 0; f->one_doc && i < dst->n; i++)
		dst->slots[i].docs = 1;
	return NULL;
}

/* Sums and sorts each shard on its own thread: these steps come after the counting. */
static void finish_shards(struct worker *w, int jobs, struct ctab_shards *split, int one_doc)
{
	struct finish f[CTAB_SHARDS];
	pthread_t th;
	int s, nshards = 1 << w[0].tab.bits;

	for (s = 0; s < nshards; s++) {
		f[s].w = w;
		f[s].jobs = jobs;
		f[s].split = split;
		f[s].shard = s;
		f[s].one_doc = one_doc;
	}
	if (nshards == 1 || pthread_create(&th, NULL, finish_shard, &f[1])) {
		for (s = 0; s < nshards; s++)
			finish_shard(&f[s]);
		return;
	}
	finish_shard(&f[0]);
	pthread_join(th, NULL);
}

/* A row of the sorted shards: its entry and the table its long key is in. */
struct row_ref {
	const struct ctab *t;
	const struct ctab_ent *e;
};

/* The table row of entry e of table t. */
static void ent_rec(struct table_rec *r, const struct ctab *t, const struct ctab_ent *e)
{
	r->count = e->count;
	r->docs = e->docs;
	r->key = ctab_key(t, e);
	r->len = ctab_len(e);
}

static void ref_row(void *ctx, size_t i, struct table_rec *r)
{
	const struct row_ref *ref = (const struct row_ref *)ctx + i;

	ent_rec(r, ref->t, ref->e);
	r->id = i;
}

/* The two sorted shards merged into rows, half of them formatted on a second thread. */
struct merged {
	const struct ctab *a, *b;
	struct row_ref *r;
	size_t n, mid, amid;	/* rows [0, mid) take a[0, amid) and b[0, mid - amid) */
	const struct table *t;
	enum table_format fmt;
	struct buf out;		/* rows [mid, n) */
};

/* Rows [o, end) of the merge, from a[i] and b[j] on. */
static void merge_rows(struct merged *m, size_t i, size_t j, size_t o, size_t end)
{
	const struct ctab_ent *a = m->a->slots, *b = m->b->slots;

	for (; o < end; o++) {
		if (j == m->b->n || (i < m->a->n && ctab_before(m->a, &a[i], m->b, &b[j]))) {
			m->r[o].t = m->a;
			m->r[o].e = &a[i++];
		} else {
			m->r[o].t = m->b;
			m->r[o].e = &b[j++];
		}
	}
}

/* How many of the first mid rows of the merge come from a (a key is in one shard only). */
static size_t merge_split(const struct merged *m, size_t mid)
{
	size_t lo = mid > m->b->n ? mid - m->b->n : 0, hi = mid < m->a->n ? mid : m->a->n, i;

	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		if (ctab_before(m->a, &m->a->slots[i], m->b, &m->b->slots[mid - i - 1]))
			lo = i + 1;
		else
			hi = i;
	}
	return lo;
}

static void *write_second_half(void *arg)
{
	struct merged *m = arg;

	merge_rows(m, m->amid, m->mid - m->amid, m->mid, m->n);
	table_write_range(&m->out, m->t, m->mid, m->n, ref_row, m->r, m->fmt);
	return NULL;
}

enum { PARALLEL_TAIL = 1 << 15 };	/* rows below this: one thread is quicker */

/*
 * Writes the rows of two sorted shards in order. A large table with no
 * limits is merged and formatted in two halves, the second on a thread.
 */
static void write_merged(struct buf *out, const struct ctab_shards *s, const struct table *t,
			 const struct cli_table *o)
{
	const struct table_limits *lim = &o->lim;
	struct merged m = { &s->part[0], &s->part[1], NULL, 0, 0, 0, t, o->format, BUF_INIT };
	pthread_t th;

	m.n = m.a->n + m.b->n;
	m.r = emalloc((m.n ? m.n : 1) * sizeof(*m.r));
	m.mid = m.n / 2;
	m.amid = merge_split(&m, m.mid);
	if (lim->top || lim->min_count || lim->min_docs || m.n < PARALLEL_TAIL ||
	    pthread_create(&th, NULL, write_second_half, &m)) {
		merge_rows(&m, 0, 0, 0, m.n);
		table_write_rows(out, t, m.n, ref_row, m.r, o->format, lim);
	} else {
		merge_rows(&m, 0, 0, 0, m.mid);
		table_write_head(out, t, o->format, t->partial);
		table_write_range(out, t, 0, m.mid, ref_row, m.r, o->format);
		pthread_join(th, NULL);
	}
	cli_write(out->data, out->len);
	cli_write(m.out.data, m.out.len);
	buf_release(&m.out);
	free(m.r);
}

static void ent_row(void *ctx, size_t i, struct table_rec *r)
{
	const struct ctab *c = ctx;

	ent_rec(r, c, &c->slots[i]);
	r->id = i;
}

/* Writes the finished (summed, sorted) shards of s with the totals of t. */
static void write_shards(const struct ctab_shards *s, const struct table *t, const struct cli_table *o)
{
	struct buf out = BUF_INIT;

	if (s->bits) {
		write_merged(&out, s, t, o);
	} else {
		table_write_rows(&out, t, s->part[0].n, ent_row, (void *)&s->part[0], o->format, &o->lim);
		cli_write(out.data, out.len);
	}
	buf_release(&out);
}

/* A corpus's vocabulary, over the shards. */
static void reserve_shards(struct ctab_shards *s)
{
	int i;

	for (i = 0; i < 1 << s->bits; i++)
		ctab_reserve(&s->part[i], CTAB_RESERVE >> s->bits);
}

/* ---- one large plain file: a byte range per thread ---- */

/*
 * One regular file is one document: with -j N, thread t reads (pread(),
 * straight into its buffer) and counts the bytes from about t/N of it on,
 * cut after ASCII whitespace like the chunks of count_corpus(). No batches,
 * no reading thread, no list of the terms of split documents: every term of
 * the file is in one document. -j 1 reads so too: one copy fewer than the
 * reader's (zlib's transparent mode), no batches.
 */
enum {
	RANGE_WINDOW = 64 << 10,	/* a range starts after whitespace within this */
	RANGE_RUN = CHUNK_MAX / 2	/* this much with no whitespace: the chunks' way */
};

struct range {
	struct worker *w;
	int fd;
	unsigned long long start, end;	/* bytes [start, end) of the file */
	int err;			/* errno of a failed read, at byte err_off */
	unsigned long long err_off;
	int run;			/* RANGE_RUN bytes without whitespace */
};

/*
 * Where a range starting near off starts: after the first ASCII whitespace
 * at or after off, or at the end. 0 when there is none within RANGE_WINDOW.
 */
static unsigned long long range_start(int fd, unsigned long long off, unsigned long long size)
{
	char *b = emalloc(RANGE_WINDOW);
	ssize_t n = pread(fd, b, RANGE_WINDOW, (off_t)off), i;
	unsigned long long at = 0;

	for (i = 0; i < n && !at; i++)
		if (is_ascii_space(b[i]))
			at = off + (unsigned long long)i + 1;
	if (!at && n >= 0 && off + (unsigned long long)n >= size)
		at = size;
	free(b);
	return at;
}

static void *range_main(void *arg)
{
	struct range *r = arg;
	struct buf pend = BUF_INIT;
	unsigned long long pos = r->start;
	size_t cut, n;
	ssize_t got;

	while (pos < r->end) {
		n = r->end - pos < CHUNK_BYTES ? (size_t)(r->end - pos) : CHUNK_BYTES;
		buf_grow(&pend, n + CHUNK_SLACK);
		got = pread(r->fd, pend.data + pend.len, n, (off_t)pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			r->err = got < 0 ? errno : 0;
			r->err_off = pos;
			break;
		}
		pend.len += (size_t)got;
		pos += (unsigned long long)got;
		for (cut = pend.len; cut > 0 && !is_ascii_space(pend.data[cut - 1]); cut--)
			;
		if (!cut && pend.len >= RANGE_RUN) {
			r->run = 1;
			break;
		}
		if (!cut)
			continue;
		count_text(r->w, pend.data, cut, CHUNK_SLACK);
		memmove(pend.data, pend.data + cut, pend.len - cut);
		pend.len -= cut;
	}
	if (!r->run && pend.len)
		count_text(r->w, pend.data, pend.len, CHUNK_SLACK);
	buf_release(&pend);
	return NULL;
}

/* The file fits: large, plain text (not gzip, no NUL byte where count_corpus() looks). */
static int range_file(int fd, int jobs, unsigned long long size)
{
	unsigned char head[8192];
	ssize_t n;

	if (size < (unsigned long long)jobs * CHUNK_BYTES)
		return 0;
	n = pread(fd, head, sizeof(head), 0);
	return n >= 2 && !(head[0] == 0x1f && head[1] == 0x8b) && !memchr(head, '\0', (size_t)n);
}

/* Cuts the file into a range per thread; 0 when it does not fit. */
static int cut_ranges(struct range *r, int jobs, int fd, unsigned long long size)
{
	int t;

	if (!range_file(fd, jobs, size))
		return 0;
	r[0].start = 0;
	for (t = 1; t < jobs; t++) {
		r[t].start = range_start(fd, size / (unsigned)jobs * (unsigned)t, size);
		if (!r[t].start || r[t].start < r[t - 1].start)
			return 0;
	}
	for (t = 0; t < jobs; t++) {
		r[t].end = t + 1 < jobs ? r[t + 1].start : size;
		r[t].fd = fd;
	}
	return 1;
}

/* Counts its ranges on the threads; 0 when one met a run for the chunks' way (nothing written). */
static int count_ranges(struct cli *cli, struct count_opts *o, const char *path, struct range *r)
{
	struct worker *w = ecalloc((size_t)cli->jobs, sizeof(*w));
	pthread_t *th = ecalloc((size_t)cli->jobs, sizeof(*th));
	struct ctab_shards none;
	struct table out;
	int t, run = 0;

	for (t = 0; t < cli->jobs; t++) {
		worker_init(&w[t], o, cli->jobs > 1);
		reserve_shards(&w[t].tab);
		r[t].w = &w[t];
		if (t && pthread_create(&th[t], NULL, range_main, &r[t]))
			die(EXIT_OUTPUT, "cannot start a thread:");
	}
	range_main(&r[0]);
	table_init(&out, TABLE_COUNT);
	for (t = 0; t < cli->jobs; t++) {
		if (t)
			pthread_join(th[t], NULL);
		run |= r[t].run;
		out.tokens += w[t].tokens;
	}
	for (t = 0; t < cli->jobs && !run; t++) {
		if (r[t].err) {
			warn("%s: byte %llu: %s", path, r[t].err_off, strerror(r[t].err));
			cli->status = exit_worse(cli->status, EXIT_INPUT);
		}
	}
	out.docs = 1;
	ctab_shards_init(&none, cli->jobs > 1);
	if (!run) {
		finish_shards(w, cli->jobs, &none, 1);
		write_shards(&w[0].tab, &out, &o->out);
	}
	for (t = 0; t < cli->jobs; t++)
		worker_release(&w[t]);
	table_release(&out);
	free(w);
	free(th);
	return !run;
}

/*
 * A single large plain file (no n-grams, stop words, stemming or language
 * detection, which see whole chunks): a range per thread. 0 when the input
 * is anything else, for count_corpus().
 */
static int count_one_file(struct cli *cli, struct count_opts *o, int argc, char **argv)
{
	struct range *r;
	struct stat st;
	int fd, done = 0;

	if (cli->docs.jsonl || cli->docs.files_from || argc != 1 ||
	    !strcmp(argv[0], "-") || !terms_plain(&o->terms) || o->terms.lang_auto)
		return 0;
	if ((fd = open(argv[0], O_RDONLY)) < 0)
		return 0;
	r = ecalloc((size_t)cli->jobs, sizeof(*r));
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && cut_ranges(r, cli->jobs, fd, (unsigned long long)st.st_size))
		done = count_ranges(cli, o, argv[0], r);
	free(r);
	close(fd);
	return done;
}

/*
 * Reads the next batch while the other threads count the current one. The
 * threads never see a chunk being filled: the two chunk arrays alternate.
 */
static void count_corpus(struct cli *cli, struct count_opts *o, int argc, char **argv)
{
	size_t cap = (size_t)cli->jobs * BATCH_PER_JOB, i;
	struct chunk *bufs[2];
	struct batch b = { 0 };
	struct thread_arg *args = ecalloc((size_t)cli->jobs, sizeof(*args));
	pthread_t *th = ecalloc((size_t)cli->jobs, sizeof(*th));
	struct feeder f = { 0 };
	struct ctab_shards split;
	struct table out;
	unsigned bits = cli->jobs > 1;
	int cur = 0, t;

	f.cli = cli;
	cli_open_docs(cli, &f.ds, argc, argv);
	bufs[0] = ecalloc(cap, sizeof(*bufs[0]));
	bufs[1] = ecalloc(cap, sizeof(*bufs[1]));
	b.jobs = cli->jobs;
	f.sentences = o->topts.ngram_max > 1;
	b.w = ecalloc((size_t)cli->jobs, sizeof(*b.w));
	pthread_mutex_init(&b.lock, NULL);
	for (t = 0; t < cli->jobs; t++) {
		worker_init(&b.w[t], o, bits);
		reserve_shards(&b.w[t].tab);
		b.w[t].solo = cli->jobs == 1;
		args[t].b = &b;
		args[t].id = t;
	}
	table_init(&out, TABLE_COUNT);
	ctab_shards_init(&split, bits);
	if (cli->jobs > 1)
		reserve_shards(&split);
	/* A chunk per thread first: the threads start counting while the next batch is read. */
	for (b.n = 0; b.n < (size_t)cli->jobs && feed(&f, &bufs[cur][b.n]); b.n++)
		;
	while (b.n) {
		b.c = bufs[cur];
		b.next = 0;
		start_threads(&b, th, args);
		cur ^= 1;
		for (i = 0; i < cap && feed(&f, &bufs[cur][i]); i++)
			;
		resolve_split(b.w, cli->jobs, &split);
		thread_main(&args[0]);
		join_threads(&b, th);
		end_batch(&b);
		b.n = i;
	}
	resolve_split(b.w, cli->jobs, &split);
	for (t = 0; t < cli->jobs; t++)
		out.tokens += b.w[t].tokens;
	out.docs = f.ndocs;
	finish_shards(b.w, cli->jobs, &split, 0);
	write_shards(&b.w[0].tab, &out, &o->out);
	for (t = 0; t < cli->jobs; t++)
		worker_release(&b.w[t]);
	ctab_shards_release(&split);
	table_release(&out);
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
	struct ctab *tab = &w->tab.part[0];	/* one shard */
	struct table_rec *r;
	size_t i, n, top = o->out.lim.top ? o->out.lim.top : (size_t)-1;

	ctab_clear(tab);
	count_text(w, job->doc->text, job->doc->len, 0);
	r = emalloc((tab->n ? tab->n : 1) * sizeof(*r));
	for (i = n = 0; i < tab->nslots; i++) {
		const struct ctab_ent *e = &tab->slots[i];

		if (!e->used || e->count < o->out.lim.min_count)
			continue;
		r[n].count = e->count;
		r[n].key = ctab_key(tab, e);
		r[n].len = ctab_len(e);
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
		worker_init(&bd.w[t], o, 0);
	cli_write(header[o->out.format], strlen(header[o->out.format]));
	cli_run_docs(cli, &ds, by_doc_job, &bd, NULL);
	for (t = 0; t < cli->jobs; t++)
		worker_release(&bd.w[t]);
	free(bd.w);
	docs_close(&ds);
}

int cmd_count(int argc, char **argv)
{
	static const struct option longopts[] = {
		TERMS_LONGOPTS,
		{ "by-doc", no_argument, NULL, OPT_BY_DOC },
		CLI_TABLE_LONGOPTS,
		CLI_LONGOPTS,
		{ 0 }
	};
	struct count_opts o = { 0 };
	struct cli cli;
	int c;

	cli_init(&cli, count_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		if (c == OPT_BY_DOC)
			o.by_doc = 1;
		else if (!terms_option(&cli, &o.topts, c) && !cli_table_option(&cli, c, &o.out))
			cli_common(&cli, c, argv);
	}
	if (!o.topts.ngram_min)
		o.topts.ngram_min = o.topts.ngram_max = 1;
	if (o.by_doc && o.out.lim.min_docs)
		cli_usage_error(&cli, "--min-docs has no meaning with --by-doc");
	terms_setup(&cli, &o.terms, &o.topts);
	if (o.by_doc) {
		count_by_doc(&cli, &o, argc - optind, argv + optind);
	} else if (!count_one_file(&cli, &o, argc - optind, argv + optind)) {
		count_corpus(&cli, &o, argc - optind, argv + optind);
	}
	terms_release(&o.terms);
	return cli.status;
}
