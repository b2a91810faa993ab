/* cmd-concepts.c: hrtk concepts, concept frequencies from a dictionary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "cli.h"
#include "dict.h"
#include "hrtk.h"
#include "rowfmt.h"

static const char concepts_usage[] =
	"usage: hrtk concepts [-d dict]... [--by-doc | --matches | --list] [--format tsv|csv|jsonl]\n"
	"                     [--jsonl] [-j n] [--files-from file [-0]] [file ...]\n"
	"\n"
	"Counts the concepts of a dictionary in the documents: per concept, its\n"
	"non-overlapping leftmost-longest matches, the documents it occurs in, and\n"
	"matches per 10,000 words. Counts roll up: \"treatment/substitution\" counts\n"
	"for \"treatment\" too. Without -d, the built-in harm-reduction dictionary.\n"
	"\n"
	"Options:\n"
	"  -d, --dict FILE        a dictionary (native or LIWC .dic); repeat for several\n"
	"      --by-doc           one row per document and concept: id concept count per_10k\n"
	"      --matches          one row per match: id offset concept match\n"
	"      --list             the dictionary's concepts: concept patterns description\n"
	"      --format F         tsv (default, with a #hrtk totals line), csv or jsonl\n"
	CLI_HELP_STREAM
	CLI_HELP_JOBS
	CLI_HELP_COMMON;

enum { OPT_BY_DOC = OPT_CMD_BASE, OPT_MATCHES, OPT_LIST, OPT_FORMAT };
enum mode { M_TABLE, M_BY_DOC, M_MATCHES, M_LIST };

struct worker {
	struct dict_run run;
	unsigned long long *count, *docs;
	unsigned long long words, ndocs;
	size_t *doc_count;	/* with --matches, this document's counts */
	uint32_t *doc_seen;	/* with --matches, its concepts in order of first match */
	size_t nseen;
};

struct concepts {
	struct dict dict;
	enum mode mode;
	enum row_format fmt;
	struct worker *w;
};

static const char *const table_cols[] = { "concept", "count", "docs", "per_10k", NULL };
static const char *const by_doc_cols[] = { "id", "concept", "count", "per_10k", NULL };
static const char *const match_cols[] = { "id", "offset", "concept", "match", NULL };
static const char *const list_cols[] = { "concept", "patterns", "description", NULL };

static void add_num(struct buf *out, enum row_format f, const char *const *cols, size_t i,
		    unsigned long long n)
{
	char s[32];

	snprintf(s, sizeof(s), "%llu", n);
	row_num(out, f, cols, i, s);
}

static void add_per_10k(struct buf *out, enum row_format f, const char *const *cols, size_t i,
			unsigned long long n, unsigned long long words)
{
	char s[64];

	snprintf(s, sizeof(s), "%.2f", words ? n * 10000.0 / (double)words : 0.0);
	row_num(out, f, cols, i, s);
}

/* The matched text with runs of whitespace made one space, so a row stays one line. */
static void add_collapsed(struct buf *tmp, const char *s, size_t len)
{
	size_t i;
	int space = 0;

	buf_reset(tmp);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v') {
			space = 1;
			continue;
		}
		if (space)
			buf_addc(tmp, ' ');
		space = 0;
		buf_addc(tmp, s[i]);
	}
}

static void match_rows(const struct concepts *cc, struct cli_job *job, const struct dict_run *r)
{
	const struct doc *d = job->doc;
	struct buf tmp = BUF_INIT;
	const char *name;
	size_t i;

	for (i = 0; i < r->nm; i++) {
		name = cc->dict.concepts[r->m[i].concept].name;
		row_str(&job->out, cc->fmt, match_cols, 0, d->id, strlen(d->id));
		add_num(&job->out, cc->fmt, match_cols, 1, r->m[i].off);
		row_str(&job->out, cc->fmt, match_cols, 2, name, strlen(name));
		add_collapsed(&tmp, d->text + r->m[i].off, r->m[i].end - r->m[i].off);
		row_str(&job->out, cc->fmt, match_cols, 3, tmp.data ? tmp.data : "", tmp.len);
		row_end(&job->out, cc->fmt);
	}
	buf_release(&tmp);
}

static const size_t *sort_counts;

/* Count descending, then concept id (ids are in name order). */
static int by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (sort_counts[x] != sort_counts[y])
		return sort_counts[x] < sort_counts[y] ? 1 : -1;
	return (x > y) - (x < y);
}

/* A small insertion sort: qsort would need the counts in a global, not thread-safe. */
static void sort_doc(uint32_t *ids, size_t n, const size_t *count)
{
	size_t i, j;
	uint32_t t;

	for (i = 1; i < n; i++)
		for (j = i; j > 0; j--) {
			uint32_t a = ids[j - 1], b = ids[j];

			if (count[a] > count[b] || (count[a] == count[b] && a < b))
				break;
			t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
}

/* A match of the list --matches writes, counted as dict_run() counts for the others. */
static void count_match(struct worker *w, const struct dict_match *m)
{
	if (!w->doc_count[m->concept]++)
		w->doc_seen[w->nseen++] = m->concept;
}

static int concepts_doc(void *ctx, struct cli_job *job)
{
	struct concepts *cc = ctx;
	struct worker *w = &cc->w[job->worker];
	struct dict_run *r = &w->run;
	const char *name, *id = job->doc->id;
	size_t i, nseen, *count = r->counts;
	uint32_t c, *seen = r->seen;

	dict_run(r, &cc->dict, job->doc->text, job->doc->len);
	w->words += r->words;
	w->ndocs++;
	nseen = r->nseen;
	if (cc->mode == M_MATCHES) {
		match_rows(cc, job, r);
		w->nseen = 0;
		for (i = 0; i < r->nm; i++)
			count_match(w, &r->m[i]);
		count = w->doc_count;
		seen = w->doc_seen;
		nseen = w->nseen;
	}
	if (cc->mode == M_BY_DOC)
		sort_doc(seen, nseen, count);
	for (i = 0; i < nseen; i++) {
		c = seen[i];
		w->count[c] += count[c];
		w->docs[c]++;
		if (cc->mode == M_BY_DOC) {
			name = cc->dict.concepts[c].name;
			row_str(&job->out, cc->fmt, by_doc_cols, 0, id, strlen(id));
			row_str(&job->out, cc->fmt, by_doc_cols, 1, name, strlen(name));
			add_num(&job->out, cc->fmt, by_doc_cols, 2, count[c]);
			add_per_10k(&job->out, cc->fmt, by_doc_cols, 3, count[c], r->words);
			row_end(&job->out, cc->fmt);
		}
	}
	for (i = 0; cc->mode == M_MATCHES && i < nseen; i++)
		count[seen[i]] = 0;
	return EXIT_OK;
}

/* The corpus table: worker sums, sorted by count then name. */
static void write_table(struct concepts *cc, int jobs)
{
	size_t n = cc->dict.nconcepts, i, nrows = 0;
	size_t *count = ecalloc(n + 1, sizeof(*count));
	unsigned long long *docs = ecalloc(n + 1, sizeof(*docs)), words = 0, ndocs = 0;
	uint32_t *rows = ecalloc(n + 1, sizeof(*rows));
	struct buf out = BUF_INIT;
	const char *name;
	int t;

	for (t = 0; t < jobs; t++) {
		words += cc->w[t].words;
		ndocs += cc->w[t].ndocs;
		for (i = 0; i < n; i++) {
			count[i] += cc->w[t].count[i];
			docs[i] += cc->w[t].docs[i];
		}
	}
	for (i = 0; i < n; i++)
		if (count[i])
			rows[nrows++] = (uint32_t)i;
	sort_counts = count;
	sort_array(rows, nrows, sizeof(*rows), by_count);
	if (cc->fmt == ROW_TSV)
		buf_addf(&out, "#hrtk\ttable=concepts\ttokens=%llu\tdocs=%llu\n", words, ndocs);
	row_header(&out, cc->fmt, table_cols);
	for (i = 0; i < nrows; i++) {
		name = cc->dict.concepts[rows[i]].name;
		row_str(&out, cc->fmt, table_cols, 0, name, strlen(name));
		add_num(&out, cc->fmt, table_cols, 1, count[rows[i]]);
		add_num(&out, cc->fmt, table_cols, 2, docs[rows[i]]);
		add_per_10k(&out, cc->fmt, table_cols, 3, count[rows[i]], words);
		row_end(&out, cc->fmt);
	}
	cli_write(out.data, out.len);
	buf_release(&out);
	free(count);
	free(docs);
	free(rows);
}

static void write_list(const struct concepts *cc)
{
	const struct dict *d = &cc->dict;
	struct buf out = BUF_INIT;
	const char *s;
	size_t i;

	row_header(&out, cc->fmt, list_cols);
	for (i = 0; i < d->nconcepts; i++) {
		s = d->concepts[i].name;
		row_str(&out, cc->fmt, list_cols, 0, s, strlen(s));
		add_num(&out, cc->fmt, list_cols, 1, d->concepts[i].npatterns);
		s = d->concepts[i].desc ? d->concepts[i].desc : "";
		row_str(&out, cc->fmt, list_cols, 2, s, strlen(s));
		row_end(&out, cc->fmt);
	}
	cli_write(out.data, out.len);
	buf_release(&out);
}

static void set_mode(struct cli *cli, struct concepts *cc, enum mode m)
{
	if (cc->mode != M_TABLE && cc->mode != m)
		cli_usage_error(cli, "--by-doc, --matches and --list exclude each other");
	cc->mode = m;
}

int cmd_concepts(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "dict", required_argument, NULL, 'd' },
		{ "by-doc", no_argument, NULL, OPT_BY_DOC },
		{ "matches", no_argument, NULL, OPT_MATCHES },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ 0 }
	};
	struct concepts cc = { 0 };
	const char **dicts = ecalloc((size_t)argc + 1, sizeof(*dicts));
	size_t ndicts = 0, n;
	struct buf err = BUF_INIT;
	struct cli cli;
	struct docs ds;
	int c, t, f;

	cli_keep_heap();
	cli_init(&cli, concepts_usage);
	while ((c = getopt_long(argc, argv, CLI_SHORT "d:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dicts[ndicts++] = optarg;
			break;
		case OPT_BY_DOC:
			set_mode(&cli, &cc, M_BY_DOC);
			break;
		case OPT_MATCHES:
			set_mode(&cli, &cc, M_MATCHES);
			break;
		case OPT_LIST:
			set_mode(&cli, &cc, M_LIST);
			break;
		case OPT_FORMAT:
			if ((f = row_format_parse(optarg)) < 0)
				cli_usage_error(&cli, "--format: '%s' is not tsv, csv or jsonl", optarg);
			cc.fmt = (enum row_format)f;
			break;
		default:
			cli_common(&cli, c, argv);
		}
	}
	dict_init(&cc.dict);
	if (dict_open(&cc.dict, dicts, ndicts, &err) < 0)
		die(EXIT_INPUT, "%s", err.data);
	free(dicts);
	buf_release(&err);
	if (cc.mode == M_LIST) {
		write_list(&cc);
		dict_release(&cc.dict);
		return EXIT_OK;
	}
	n = cc.dict.nconcepts + 1;
	cc.w = ecalloc((size_t)cli.jobs, sizeof(*cc.w));
	for (t = 0; t < cli.jobs; t++) {
		dict_run_init(&cc.w[t].run, &cc.dict);
		cc.w[t].count = ecalloc(n, sizeof(*cc.w[t].count));
		cc.w[t].docs = ecalloc(n, sizeof(*cc.w[t].docs));
		cc.w[t].doc_count = ecalloc(n, sizeof(*cc.w[t].doc_count));
		cc.w[t].doc_seen = ecalloc(n, sizeof(*cc.w[t].doc_seen));
		cc.w[t].run.counting = cc.mode != M_MATCHES;	/* no list of matches to write */
	}
	cli_open_docs(&cli, &ds, argc - optind, argv + optind);
	if (cc.mode == M_BY_DOC || cc.mode == M_MATCHES) {
		struct buf head = BUF_INIT;

		row_header(&head, cc.fmt, cc.mode == M_BY_DOC ? by_doc_cols : match_cols);
		cli_write(head.data, head.len);
		buf_release(&head);
	}
	cli_run_docs(&cli, &ds, concepts_doc, &cc, NULL);
	docs_close(&ds);
	if (cc.mode == M_TABLE)
		write_table(&cc, cli.jobs);
	for (t = 0; t < cli.jobs; t++) {
		dict_run_release(&cc.w[t].run);
		free(cc.w[t].count);
		free(cc.w[t].docs);
		free(cc.w[t].doc_count);
		free(cc.w[t].doc_seen);
	}
	free(cc.w);
	dict_release(&cc.dict);
	return cli.status;
}
