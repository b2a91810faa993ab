/*
 * table.h: frequency tables (count, concepts) that can be written, read
 * back, summed and re-normalised, so that shards counted anywhere merge
 * exactly.
 *
 * The TSV form, the one every hrtk table reader accepts:
 *
 *	#hrtk	table=count	tokens=123456	docs=12
 *	term	count	docs	per_million
 *	naloxone	42	3	340.21
 *
 * The first line carries the corpus totals (and "partial=1" when rows were
 * left out by --top, --min-count or --min-docs: such a table cannot be
 * summed exactly). The normalised column is recomputed from the totals on
 * every write, never read. Rows are sorted by count descending, then key
 * bytewise, so the bytes never depend on hashing or on -j.
 *
 *	struct table t;
 *	table_init(&t, TABLE_COUNT);
 *	table_add(&t, "naloxone", 8, 42, 3);
 *	t.tokens = 123456; t.docs = 12;
 *	table_write(&out, &t, TABLE_TSV, NULL);
 */
#ifndef HRTK_TABLE_H
#define HRTK_TABLE_H

#include <stddef.h>

#include "buf.h"
#include "htab.h"

enum table_kind { TABLE_ANY, TABLE_COUNT, TABLE_CONCEPTS };
enum table_format { TABLE_TSV, TABLE_CSV, TABLE_JSONL };

struct table {
	enum table_kind kind;		/* TABLE_ANY until set or read */
	unsigned long long tokens;	/* corpus tokens (the normalising total) */
	unsigned long long docs;	/* corpus documents */
	int partial;			/* rows were left out: not exactly mergeable */
	struct htab keys;		/* key -> row id */
	unsigned long long *count, *ndocs;	/* per row id */
	size_t alloc;
};

/* Output limits; zero fields do not limit. */
struct table_limits {
	size_t top;
	unsigned long long min_count, min_docs;
};

void table_init(struct table *t, enum table_kind kind);
void table_release(struct table *t);
static inline size_t table_rows(const struct table *t) { return htab_count(&t->keys); }

/* Adds count and docs to key's row (created at zero when new); returns its id. */
size_t table_add(struct table *t, const char *key, size_t len,
		 unsigned long long count, unsigned long long docs);
/* Adds every row and the totals of src into t (partial is carried over). */
void table_sum(struct table *t, const struct table *src);

/* Column names and normalisation of a kind: "term", "per_million", 1e6. */
const char *table_kind_name(enum table_kind kind);
const char *table_key_col(enum table_kind kind);
const char *table_norm_col(enum table_kind kind);
double table_norm_scale(enum table_kind kind);
/* The normalised frequency of count in t ("per million" for count tables). */
double table_norm(const struct table *t, unsigned long long count);

/*
 * Reads a TSV table from path ("-": stdin; gzip is read transparently) and
 * sums it into t. A t of kind TABLE_ANY takes the file's kind; another kind
 * is an error. Returns 0, or -1 with "PATH:LINE: message" in err (t may
 * then hold part of the file).
 */
int table_read(struct table *t, const char *path, struct buf *err);

/*
 * Row ids sorted by count descending, then key bytewise; *n rows. The caller
 * frees the array.
 */
size_t *table_sorted(const struct table *t, size_t *n);

/* A row to sort: records carry their keys so that qsort needs no context. */
struct table_rec {
	unsigned long long count;
	unsigned long long docs;	/* for table_write_rows() */
	const char *key;
	size_t len, id;
};

/* Sorts by count descending, then key bytewise: the order of every table. */
void table_sort_recs(struct table_rec *r, size_t n);

/*
 * Appends t to out in fmt, rows limited by lim (NULL: all). Only TSV
 * carries the totals line; it says partial=1 when t is partial or when lim
 * left rows out.
 */
void table_write(struct buf *out, const struct table *t, enum table_format fmt,
		 const struct table_limits *lim);

/*
 * table_write() of n rows given in order by row(ctx, i, &rec) (count, docs,
 * key, len), with the kind and totals of t (its rows are not read): for
 * callers that count and sort in tables of their own (count).
 */
typedef void (*table_row_fn)(void *ctx, size_t i, struct table_rec *r);
void table_write_rows(struct buf *out, const struct table *t, size_t n, table_row_fn row, void *ctx,
		      enum table_format fmt, const struct table_limits *lim);
/*
 * The two halves of table_write_rows() without limits, for writers that
 * format parts of a table on threads: the lines before the rows (totals,
 * header), and rows [i0, i1) of row().
 */
void table_write_head(struct buf *out, const struct table *t, enum table_format fmt, int partial);
void table_write_range(struct buf *out, const struct table *t, size_t i0, size_t i1,
		       table_row_fn row, void *ctx, enum table_format fmt);

/* Appends v >= 0 formatted as "%.2f" (exactly printf's digits, faster). */
void table_add_fixed2(struct buf *out, double v);

/* Parses "tsv", "csv", "jsonl"; -1 for anything else. */
int table_format_parse(const char *s);
/* Appends one CSV field, quoted when it holds a comma, quote or line break. */
void csv_add_field(struct buf *out, const char *s, size_t len);

#endif
