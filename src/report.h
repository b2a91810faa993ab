/*
 * report.h: what hrtk report shows, read from tables, and the page (or one
 * chart) written from it. The command fills a struct report from a corpus
 * or from the files other commands wrote; report_html() writes one
 * self-contained HTML page (inline CSS, SVG and a few lines of JS, nothing
 * fetched), report_svg() one chart alone.
 *
 *	struct report r;
 *	report_init(&r);
 *	table_read(&r.counts, "counts.tsv", &err); r.have_counts = 1;
 *	report_read_explain(&r, "explain.tsv", &err);
 *	report_html(&out, &r);
 *	report_release(&r);
 */
#ifndef HRTK_REPORT_H
#define HRTK_REPORT_H

#include <stddef.h>

#include "buf.h"
#include "htab.h"
#include "table.h"

/* Lines kept or dropped by one cleaning mechanism (hrtk clean --explain). */
struct report_clean {
	char *action, *mechanism;
	unsigned long long lines, docs;
	unsigned long long last_doc;	/* while reading: the last document counted, + 1 */
};

/* A language and how many documents are in it ("" when undetected). */
struct report_lang {
	char code[16];
	unsigned long long docs;
};

/* One value of the documents-by-concepts matrix. */
struct report_cell {
	size_t doc, concept;	/* ids in doc_ids, concept_ids */
	double per_10k;
};

/* One keyness row, from a keyness table or computed against a reference. */
struct report_key {
	char *term;
	unsigned long long target, reference;
	double g2, log_ratio;
	int sign;	/* +1 more frequent in the target, -1 less */
};

struct report {
	const char *title;
	size_t top;			/* rows charted: keywords, concepts, keyness per side */
	size_t max_docs;		/* heat map rows */

	struct table counts;		/* TABLE_COUNT */
	int have_counts;
	struct table concepts;		/* TABLE_CONCEPTS */
	int have_concepts;

	/* Documents by concepts, per 10k tokens (concepts --by-doc), in input order. */
	struct htab doc_ids, concept_ids;
	struct report_cell *cells;
	size_t ncells, acells;
	int have_by_doc;

	struct report_key *keys;
	size_t nkeys, akeys;
	int have_keyness;
	const char *reference;		/* its name, for the captions */

	struct report_lang *langs;
	size_t nlangs;

	struct report_clean *clean;
	size_t nclean;
	unsigned long long clean_docs;
	int have_clean;

	struct buf notes;		/* sentences shown under the summary (escaped on output) */
};

void report_init(struct report *r);
void report_release(struct report *r);

/* Adds n documents in language code ("" unknown). */
void report_add_lang(struct report *r, const char *code, unsigned long long n);

/*
 * Readers of the TSVs without a totals line. Each takes the header row
 * (after any "#" lines) by column names, so extra columns are fine. They
 * return 0, or -1 with "PATH:LINE: message" in err.
 *
 * by-doc: columns id, concept, and per_10k (hrtk concepts --by-doc).
 * explain: columns doc, first, last, action, mechanism (hrtk clean --explain).
 * keyness: the key column first, then target, reference, g2, log_ratio,
 * direction (hrtk keyness).
 */
int report_read_by_doc(struct report *r, const char *path, struct buf *err);
int report_read_explain(struct report *r, const char *path, struct buf *err);
int report_read_keyness(struct report *r, const char *path, struct buf *err);

/* Keyness of r->counts (the target) against ref, as hrtk keyness computes it. */
void report_keyness(struct report *r, const struct table *ref);

/* Appends the HTML page. */
void report_html(struct buf *out, const struct report *r);

/*
 * Appends one chart as a standalone SVG document: "keywords", "concepts",
 * "heatmap" or "keyness". Returns 0, or -1 with a message in err (an
 * unknown chart, or no data for it).
 */
int report_svg(struct buf *out, const struct report *r, const char *chart, struct buf *err);

#endif
