/* report.c: the data of hrtk report read from TSVs, and the HTML page or one SVG chart. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "err.h"
#include "keyness.h"
#include "report.h"
#include "svg.h"

enum { DEFAULT_TOP = 25, DEFAULT_MAX_DOCS = 60 };

void report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->top = DEFAULT_TOP;
	r->max_docs = DEFAULT_MAX_DOCS;
	table_init(&r->counts, TABLE_COUNT);
	table_init(&r->concepts, TABLE_CONCEPTS);
	htab_init(&r->doc_ids);
	htab_init(&r->concept_ids);
}

void report_release(struct report *r)
{
	size_t i;

	table_release(&r->counts);
	table_release(&r->concepts);
	htab_release(&r->doc_ids);
	htab_release(&r->concept_ids);
	free(r->cells);
	for (i = 0; i < r->nkeys; i++)
		free(r->keys[i].term);
	free(r->keys);
	free(r->langs);
	for (i = 0; i < r->nclean; i++) {
		free(r->clean[i].action);
		free(r->clean[i].mechanism);
	}
	free(r->clean);
	buf_release(&r->notes);
	memset(r, 0, sizeof(*r));
}

void report_add_lang(struct report *r, const char *code, unsigned long long n)
{
	size_t i;

	for (i = 0; i < r->nlangs; i++)
		if (!strcmp(r->langs[i].code, code))
			break;
	if (i == r->nlangs) {
		r->langs = ereallocarray(r->langs, ++r->nlangs, sizeof(*r->langs));
		memset(&r->langs[i], 0, sizeof(r->langs[i]));
		snprintf(r->langs[i].code, sizeof(r->langs[i].code), "%s", code);
	}
	r->langs[i].docs += n;
}

/* ---- a TSV with a header row ---- */

enum { TSV_MAX_COLS = 8 };

/* A row's wanted fields, in the order the reader asked for them, NUL-terminated. */
struct tsv_row {
	char *f[TSV_MAX_COLS];
	size_t len[TSV_MAX_COLS];
};

typedef int (*tsv_fn)(struct report *r, struct tsv_row *row, struct buf *msg);

/* Maps the wanted column names to their positions in the header; "" is the first column. */
static int tsv_header(char *line, const char *const *want, size_t nwant, int *pos, struct buf *msg)
{
	size_t i, k, len;
	char *p, *tab;

	for (k = 0; k < nwant; k++)
		pos[k] = *want[k] ? -1 : 0;
	for (p = line, i = 0; p; i++, p = tab ? tab + 1 : NULL) {
		tab = strchr(p, '\t');
		len = tab ? (size_t)(tab - p) : strlen(p);
		for (k = 0; k < nwant; k++)
			if (pos[k] < 0 && strlen(want[k]) == len && !memcmp(p, want[k], len))
				pos[k] = (int)i;
	}
	for (k = 0; k < nwant; k++)
		if (pos[k] < 0) {
			buf_addf(msg, "no column '%s' in the header row", want[k]);
			return -1;
		}
	return 0;
}

static int tsv_fields(char *line, const int *pos, size_t nwant, struct tsv_row *row, struct buf *msg)
{
	char *f[64], *p, *tab;
	size_t n = 0, k;

	for (p = line; p && n < 64; p = tab ? tab + 1 : NULL) {
		tab = strchr(p, '\t');
		if (tab)
			*tab = '\0';
		f[n++] = p;
	}
	for (k = 0; k < nwant; k++) {
		if ((size_t)pos[k] >= n) {
			buf_addf(msg, "%zu fields, fewer than the header's", n);
			return -1;
		}
		row->f[k] = f[pos[k]];
		row->len[k] = strlen(f[pos[k]]);
	}
	return 0;
}

/*
 * Calls fn for every row of path after the header, with the columns of want.
 * Lines starting with '#' before the header are skipped (a totals line).
 */
static int tsv_read(struct report *r, const char *path, const char *const *want, size_t nwant,
		    tsv_fn fn, struct buf *err)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	struct buf line = BUF_INIT, msg = BUF_INIT;
	struct tsv_row row;
	struct reader rd;
	int pos[TSV_MAX_COLS], header = 0, rc;
	size_t lineno = 0;

	if (reader_open(&rd, path) < 0) {
		buf_addf(err, "%s: %s", name, strerror(errno));
		return -1;
	}
	while (buf_reset(&line), (rc = reader_line(&rd, &line)) > 0) {
		lineno++;
		if (line.len && line.data[line.len - 1] == '\n')
			line.data[--line.len] = '\0';
		if (line.len && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (memchr(line.data, '\0', line.len)) {
			buf_adds(&msg, "a NUL byte: not a TSV table");
			break;
		}
		if (!header) {
			if (line.data[0] == '#')
				continue;
			if (tsv_header(line.data, want, nwant, pos, &msg) < 0)
				break;
			header = 1;
			continue;
		}
		if (!line.len)
			continue;
		if (tsv_fields(line.data, pos, nwant, &row, &msg) < 0 || fn(r, &row, &msg) < 0)
			break;
	}
	if (rc < 0 && !msg.len)
		buf_adds(&msg, reader_strerror(&rd));
	if (!msg.len && !header)
		buf_adds(&msg, "no header row");
	if (msg.len)
		buf_addf(err, "%s:%zu: %s", name, lineno ? lineno : 1, msg.data);
	reader_close(&rd);
	buf_release(&line);
	rc = msg.len ? -1 : 0;
	buf_release(&msg);
	return rc;
}

static int parse_num(const char *s, double *v, const char *what, struct buf *msg)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (!*s || *end || errno == ERANGE || !isfinite(*v)) {
		buf_addf(msg, "%s '%s' is not a number", what, s);
		return -1;
	}
	return 0;
}

static int parse_whole(const char *s, unsigned long long *v, const char *what, struct buf *msg)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9' || (*v = strtoull(s, &end, 10), *end) || errno == ERANGE) {
		buf_addf(msg, "%s '%s' is not a whole number", what, s);
		return -1;
	}
	return 0;
}

/* ---- the readers ---- */

static int by_doc_row(struct report *r, struct tsv_row *row, struct buf *msg)
{
	struct report_cell *c;
	double v;

	if (!row->len[0] || !row->len[1]) {
		buf_adds(msg, row->len[0] ? "empty concept" : "empty id");
		return -1;
	}
	if (parse_num(row->f[2], &v, "per_10k", msg) < 0)
		return -1;
	if (r->ncells == r->acells) {
		r->acells = r->acells ? 2 * r->acells : 256;
		r->cells = ereallocarray(r->cells, r->acells, sizeof(*r->cells));
	}
	c = &r->cells[r->ncells++];
	c->doc = htab_intern(&r->doc_ids, row->f[0], row->len[0], NULL);
	c->concept = htab_intern(&r->concept_ids, row->f[1], row->len[1], NULL);
	c->per_10k = v;
	return 0;
}

int report_read_by_doc(struct report *r, const char *path, struct buf *err)
{
	static const char *const cols[] = { "id", "concept", "per_10k" };

	r->have_by_doc = 1;
	return tsv_read(r, path, cols, 3, by_doc_row, err);
}

static int explain_row_read(struct report *r, struct tsv_row *row, struct buf *msg)
{
	unsigned long long first, last, doc;
	struct report_clean *c;
	size_t i;

	if (parse_whole(row->f[1], &first, "first", msg) < 0 || parse_whole(row->f[2], &last, "last", msg) < 0)
		return -1;
	if (last < first) {
		buf_addf(msg, "last line %llu before first line %llu", last, first);
		return -1;
	}
	/* Documents are told apart by id; the doc_ids table is the heat map's, so a local count. */
	doc = hash_bytes(row->f[0], row->len[0]) | 1;
	for (i = 0; i < r->nclean; i++)
		if (!strcmp(r->clean[i].action, row->f[3]) && !strcmp(r->clean[i].mechanism, row->f[4]))
			break;
	if (i == r->nclean) {
		r->clean = ereallocarray(r->clean, ++r->nclean, sizeof(*r->clean));
		c = &r->clean[i];
		memset(c, 0, sizeof(*c));
		c->action = estrdup(row->f[3]);
		c->mechanism = estrdup(row->f[4]);
	}
	c = &r->clean[i];
	c->lines += last - first + 1;
	/* Rows come grouped by document: a new id is a new document for this mechanism. */
	if (c->last_doc != doc) {
		c->docs++;
		c->last_doc = doc;
	}
	return 0;
}

static int cmp_clean(const void *pa, const void *pb)
{
	const struct report_clean *a = pa, *b = pb;
	int c = strcmp(a->action, b->action);

	if (c)
		return c;
	if (a->lines != b->lines)
		return a->lines > b->lines ? -1 : 1;
	return strcmp(a->mechanism, b->mechanism);
}

int report_read_explain(struct report *r, const char *path, struct buf *err)
{
	static const char *const cols[] = { "doc", "first", "last", "action", "mechanism" };
	int rc;

	r->have_clean = 1;
	rc = tsv_read(r, path, cols, 5, explain_row_read, err);
	if (r->nclean)
		sort_array(r->clean, r->nclean, sizeof(*r->clean), cmp_clean);
	return rc;
}

static void add_key(struct report *r, const char *term, size_t len, unsigned long long a,
		    unsigned long long b, double g2, double lr, int sign)
{
	struct report_key *k;

	if (r->nkeys == r->akeys) {
		r->akeys = r->akeys ? 2 * r->akeys : 64;
		r->keys = ereallocarray(r->keys, r->akeys, sizeof(*r->keys));
	}
	k = &r->keys[r->nkeys++];
	k->term = estrndup(term, len);
	k->target = a;
	k->reference = b;
	k->g2 = g2;
	k->log_ratio = lr;
	k->sign = sign;
}

static int keyness_row(struct report *r, struct tsv_row *row, struct buf *msg)
{
	unsigned long long a, b;
	double g2, lr;
	int sign;

	if (!row->len[0]) {
		buf_adds(msg, "empty term");
		return -1;
	}
	if (parse_whole(row->f[1], &a, "target", msg) < 0 || parse_whole(row->f[2], &b, "reference", msg) < 0 ||
	    parse_num(row->f[3], &g2, "g2", msg) < 0 || parse_num(row->f[4], &lr, "log_ratio", msg) < 0)
		return -1;
	sign = !strcmp(row->f[5], "+") ? 1 : !strcmp(row->f[5], "-") ? -1 : 0;
	add_key(r, row->f[0], row->len[0], a, b, g2, lr, sign);
	return 0;
}

int report_read_keyness(struct report *r, const char *path, struct buf *err)
{
	static const char *const cols[] = { "", "target", "reference", "g2", "log_ratio", "direction" };

	r->have_keyness = 1;
	return tsv_read(r, path, cols, 6, keyness_row, err);
}

static int cmp_keys(const void *pa, const void *pb)
{
	const struct report_key *a = pa, *b = pb;

	if (a->g2 != b->g2)
		return a->g2 > b->g2 ? -1 : 1;
	return strcmp(a->term, b->term);
}

static void add_keyness(struct report *r, const char *key, size_t len, unsigned long long a,
			unsigned long long b, const struct table *ref)
{
	struct keyness k;

	keyness_compute(&k, (double)a, (double)b, (double)r->counts.tokens, (double)ref->tokens);
	add_key(r, key, len, a, b, k.g2, k.log_ratio, k.sign);
}

/* Every term of either table; a term absent from one counts 0 there. */
void report_keyness(struct report *r, const struct table *ref)
{
	const char *key;
	size_t i, len;
	long j;

	for (i = 0; i < table_rows(&r->counts); i++) {
		key = htab_key(&r->counts.keys, i, &len);
		j = htab_find(&ref->keys, key, len);
		add_keyness(r, key, len, r->counts.count[i], j >= 0 ? ref->count[j] : 0, ref);
	}
	for (i = 0; i < table_rows(ref); i++) {
		key = htab_key(&ref->keys, i, &len);
		if (htab_find(&r->counts.keys, key, len) < 0)
			add_keyness(r, key, len, 0, ref->count[i], ref);
	}
	sort_array(r->keys, r->nkeys, sizeof(*r->keys), cmp_keys);
	r->have_keyness = 1;
}
