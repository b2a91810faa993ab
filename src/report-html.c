/* report-html.c: the page of hrtk report (HTML, inline CSS and SVG) and its charts alone. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "report.h"
#include "svg.h"

enum { HEAT_MAX_CONCEPTS = 30 };

/* Enough digits to tell values of this size apart, and no more. */
static int decimals_for(double max)
{
	return max >= 1000 ? 0 : max >= 10 ? 1 : 2;
}

static void text(struct buf *out, const char *s)
{
	svg_escape(out, s, strlen(s));
}

/* ---- the charts' data ---- */

/* The first top rows of t (in table order) as bars of their normalised frequency. */
static size_t table_bars(const struct table *t, size_t top, struct svg_bar **bars, int *decimals)
{
	size_t n, i, *ids = table_sorted(t, &n);
	double max = 0;

	if (n > top)
		n = top;
	*bars = ecalloc(n ? n : 1, sizeof(**bars));
	for (i = 0; i < n; i++) {
		(*bars)[i].label = htab_key(&t->keys, ids[i], &(*bars)[i].len);
		(*bars)[i].value = table_norm(t, t->count[ids[i]]);
		if ((*bars)[i].value > max)
			max = (*bars)[i].value;
	}
	*decimals = decimals_for(max);
	free(ids);
	return n;
}

/* The keyness rows charted: up to top over-represented, then up to top under-represented, by G2. */
static size_t key_rows(const struct report *r, size_t **rows)
{
	size_t i, n = 0, over = 0, under = 0;
	int side;

	*rows = ecalloc(2 * r->top + 1, sizeof(**rows));
	for (side = 1; side >= -1; side -= 2)
		for (i = 0; i < r->nkeys; i++) {
			if (r->keys[i].sign != side)
				continue;
			if (side > 0 ? over++ >= r->top : under++ >= r->top)
				break;
			(*rows)[n++] = i;
		}
	return n;
}

struct heat {
	const char **rows, **cols;
	size_t *col_ids;	/* concept ids, in column order */
	double *v;
	struct svg_matrix m;
};

struct col_rank {
	size_t id;
	double sum;
	const char *name;
};

static int cmp_rank(const void *pa, const void *pb)
{
	const struct col_rank *a = pa, *b = pb;

	if (a->sum != b->sum)
		return a->sum > b->sum ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Documents in input order (the first max_docs), concepts by their summed rate. */
static void heat_build(struct heat *h, const struct report *r)
{
	size_t nc = htab_count(&r->concept_ids), nd = htab_count(&r->doc_ids), i, len, *where;
	struct col_rank *rank = ecalloc(nc ? nc : 1, sizeof(*rank));

	for (i = 0; i < nc; i++) {
		rank[i].id = i;
		rank[i].name = htab_key(&r->concept_ids, i, &len);
	}
	for (i = 0; i < r->ncells; i++)
		rank[r->cells[i].concept].sum += r->cells[i].per_10k;
	sort_array(rank, nc, sizeof(*rank), cmp_rank);
	h->m.ncols = nc < HEAT_MAX_CONCEPTS ? nc : HEAT_MAX_CONCEPTS;
	h->m.nrows = nd < r->max_docs ? nd : r->max_docs;
	h->rows = ecalloc(h->m.nrows + 1, sizeof(*h->rows));
	h->cols = ecalloc(h->m.ncols + 1, sizeof(*h->cols));
	h->v = ecalloc(h->m.nrows * h->m.ncols + 1, sizeof(*h->v));
	where = emalloc((nc ? nc : 1) * sizeof(*where));
	for (i = 0; i < nc; i++)
		where[i] = (size_t)-1;
	for (i = 0; i < h->m.ncols; i++) {
		h->cols[i] = rank[i].name;
		where[rank[i].id] = i;
	}
	for (i = 0; i < h->m.nrows; i++)
		h->rows[i] = htab_key(&r->doc_ids, i, &len);
	for (i = 0; i < r->ncells; i++) {
		const struct report_cell *c = &r->cells[i];

		if (c->doc < h->m.nrows && where[c->concept] != (size_t)-1)
			h->v[c->doc * h->m.ncols + where[c->concept]] += c->per_10k;
	}
	h->m.rows = h->rows;
	h->m.cols = h->cols;
	h->m.v = h->v;
	free(where);
	free(rank);
}

static void heat_release(struct heat *h)
{
	free(h->rows);
	free(h->cols);
	free(h->v);
}

/* ---- the charts ---- */

static void chart_table(struct buf *out, const struct table *t, size_t top, const char *title, const char *unit)
{
	struct svg_chart c = { 0 };
	struct svg_bar *b;
	size_t n = table_bars(t, top, &b, &c.decimals);

	c.title = title;
	c.unit = unit;
	svg_bars(out, b, n, &c);
	free(b);
}

static void chart_keywords(struct buf *out, const struct report *r, const char *title)
{
	chart_table(out, &r->counts, r->top, title, "per million tokens");
}

static void chart_concepts(struct buf *out, const struct report *r, const char *title)
{
	chart_table(out, &r->concepts, r->top, title, "per 10,000 tokens");
}

static void chart_heatmap(struct buf *out, const struct report *r, const char *title)
{
	struct svg_chart c = { 0 };
	struct heat h;
	double max = 0;
	size_t i;

	heat_build(&h, r);
	for (i = 0; i < h.m.nrows * h.m.ncols; i++)
		if (h.v[i] > max)
			max = h.v[i];
	c.title = title;
	c.unit = "per 10,000 tokens";
	c.decimals = decimals_for(max);
	svg_heatmap(out, &h.m, &c);
	heat_release(&h);
}

static void chart_keyness(struct buf *out, const struct report *r, const char *title)
{
	struct svg_chart c = { 0 };
	struct svg_bar *b;
	size_t *rows, n = key_rows(r, &rows), i;

	b = ecalloc(n ? n : 1, sizeof(*b));
	for (i = 0; i < n; i++) {
		b[i].label = r->keys[rows[i]].term;
		b[i].len = strlen(b[i].label);
		b[i].value = r->keys[rows[i]].log_ratio;
	}
	c.title = title;
	c.unit = "log ratio (log2 of the ratio of relative frequencies)";
	c.left = "more in the reference";
	c.right = "more in the target";
	c.decimals = 2;
	svg_diverging(out, b, n, &c);
	free(b);
	free(rows);
}

int report_svg(struct buf *out, const struct report *r, const char *chart, struct buf *err)
{
	static const struct {
		const char *name, *title, *needs;
		void (*draw)(struct buf *, const struct report *, const char *);
	} charts[] = {
		{ "keywords", "Top keywords", "a corpus or --counts", chart_keywords },
		{ "concepts", "Concepts", "--concepts", chart_concepts },
		{ "heatmap", "Concepts by document", "--concepts-by-doc", chart_heatmap },
		{ "keyness", "Keyness", "--keyness or --reference", chart_keyness },
	};
	const int have[] = { r->have_counts, r->have_concepts, r->have_by_doc, r->have_keyness };
	size_t i;

	for (i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		if (strcmp(chart, charts[i].name))
			continue;
		if (!have[i]) {
			buf_addf(err, "the %s chart needs %s", chart, charts[i].needs);
			return -1;
		}
		buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		charts[i].draw(out, r, r->title ? r->title : charts[i].title);
		return 0;
	}
	buf_addf(err, "unknown chart '%s' (keywords, concepts, heatmap or keyness)", chart);
	return -1;
}

/* ---- the page ---- */

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	/* Nothing may be fetched: the page must work offline, and injected markup could not load anything. */
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	"style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

static const char page_style[] =
	"<style>\n"
	"body{font-family:sans-serif;color:#222;max-width:1100px;margin:1em auto;padding:0 1em;line-height:1.4}\n"
	"h1{font-size:1.6em;margin-bottom:0}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}\n"
	".sub{color:#666;margin-top:.2em}\n"
	"figure{margin:1em 0}figure svg{max-width:100%;height:auto}\n"
	"table{border-collapse:collapse;font-size:.9em;margin:.5em 0}\n"
	"th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}\n"
	"th{background:#f3f3f3}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"table.sortable th{cursor:pointer}table.sortable th:after{content:' \\2195';color:#aaa}\n"
	".scroll{overflow-x:auto}dl.summary{display:grid;grid-template-columns:max-content auto;gap:2px 1em}\n"
	"dl.summary dt{font-weight:bold}dl.summary dd{margin:0}\n"
	"details{margin:.5em 0}summary{cursor:pointer;color:#3b75af}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}section{break-inside:avoid-page}\n"
	"figure{break-inside:avoid}details>*{display:block}summary{display:none}\n"
	"table.sortable th:after{content:none}.scroll{overflow:visible}th{background:none}}\n"
	"</style>\n";

/* Click a column head to sort by it; numbers (class n) as numbers. */
static const char page_script[] =
	"<script>\n"
	"document.querySelectorAll('table.sortable th').forEach(function(th){\n"
	" th.addEventListener('click',function(){\n"
	"  var tb=th.closest('table').tBodies[0],i=th.cellIndex,num=th.classList.contains('n'),\n"
	"   up=th.getAttribute('data-dir')!=='up',rows=Array.prototype.slice.call(tb.rows);\n"
	"  th.parentNode.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir')});\n"
	"  th.setAttribute('data-dir',up?'up':'down');\n"
	"  rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent,\n"
	"   c=num?parseFloat(x)-parseFloat(y):x<y?-1:x>y?1:0;return up?c:-c});\n"
	"  rows.forEach(function(row){tb.appendChild(row)});\n"
	" });\n"
	"});\n"
	"</script>\n";

/* A header row; names starting with '#' are numeric columns (the '#' is not shown). */
static void table_open(struct buf *out, const char *id, const char *const *cols)
{
	buf_adds(out, "<div class=\"scroll\"><table class=\"sortable\"");
	if (id)
		buf_addf(out, " id=\"%s\"", id);
	buf_adds(out, ">\n<thead><tr>");
	for (; *cols; cols++) {
		buf_adds(out, **cols == '#' ? "<th class=\"n\">" : "<th>");
		text(out, *cols + (**cols == '#'));
		buf_adds(out, "</th>");
	}
	buf_adds(out, "</tr></thead>\n<tbody>\n");
}

static void table_close(struct buf *out)
{
	buf_adds(out, "</tbody></table></div>\n");
}

static void td_text(struct buf *out, const char *s, size_t len)
{
	buf_adds(out, "<td>");
	svg_escape(out, s, len);
	buf_adds(out, "</td>");
}

static void td_ull(struct buf *out, unsigned long long v)
{
	buf_addf(out, "<td class=\"n\">%llu</td>", v);
}

static void td_num(struct buf *out, double v, int decimals)
{
	buf_adds(out, "<td class=\"n\">");
	svg_num(out, v, decimals);
	buf_adds(out, "</td>");
}

/* A thousands-separated whole number, for the summary. */
static void big_num(struct buf *out, unsigned long long v)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%llu", v), i;

	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf_adds(out, ",");
		buf_addc(out, s[i]);
	}
}

static void section_open(struct buf *out, const char *id, const char *title)
{
	buf_addf(out, "<section id=\"%s\">\n<h2>", id);
	text(out, title);
	buf_adds(out, "</h2>\n");
}

static void figure(struct buf *out, const struct report *r,
		   void (*draw)(struct buf *, const struct report *, const char *))
{
	buf_adds(out, "<figure>\n");
	draw(out, r, NULL);
	buf_adds(out, "</figure>\n");
}

static int cmp_langs(const void *pa, const void *pb)
{
	const struct report_lang *a = pa, *b = pb;

	if (a->docs != b->docs)
		return a->docs > b->docs ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* Most documents first; "" (no language found) says so. */
static void summary_langs(struct buf *out, const struct report *r)
{
	struct report_lang *l = emalloc(r->nlangs * sizeof(*l));
	size_t i;

	memcpy(l, r->langs, r->nlangs * sizeof(*l));
	sort_array(l, r->nlangs, sizeof(*l), cmp_langs);
	buf_adds(out, "<dt>Languages</dt><dd>");
	for (i = 0; i < r->nlangs; i++) {
		if (i)
			buf_adds(out, ", ");
		text(out, *l[i].code ? l[i].code : "undetected");
		buf_adds(out, " (");
		big_num(out, l[i].docs);
		buf_adds(out, l[i].docs == 1 ? " document)" : " documents)");
	}
	buf_adds(out, "</dd>\n");
	free(l);
}

static void summary_clean(struct buf *out, const struct report *r)
{
	static const char *const cols[] = { "action", "mechanism", "#lines", "#documents", NULL };
	size_t i;

	buf_adds(out, "<h3>Cleaning</h3>\n<p>Input lines kept and dropped by <code>hrtk clean</code>, per mechanism.</p>\n");
	table_open(out, "clean-table", cols);
	for (i = 0; i < r->nclean; i++) {
		buf_adds(out, "<tr>");
		td_text(out, r->clean[i].action, strlen(r->clean[i].action));
		td_text(out, r->clean[i].mechanism, strlen(r->clean[i].mechanism));
		td_ull(out, r->clean[i].lines);
		td_ull(out, r->clean[i].docs);
		buf_adds(out, "</tr>\n");
	}
	table_close(out);
}

static void summary(struct buf *out, const struct report *r)
{
	const struct table *t = r->have_counts ? &r->counts : r->have_concepts ? &r->concepts : NULL;

	section_open(out, "summary", "Summary");
	buf_adds(out, "<dl class=\"summary\">\n");
	if (t || r->have_by_doc) {
		buf_adds(out, "<dt>Documents</dt><dd>");
		big_num(out, t ? t->docs : htab_count(&r->doc_ids));
		buf_adds(out, "</dd>\n");
	}
	if (t) {
		buf_adds(out, "<dt>Tokens</dt><dd>");
		big_num(out, t->tokens);
		buf_adds(out, "</dd>\n");
	}
	if (r->have_counts) {
		buf_adds(out, "<dt>Types</dt><dd>");
		if (r->counts.partial)
			buf_adds(out, "at least ");
		big_num(out, table_rows(&r->counts));
		buf_adds(out, r->counts.partial ? " (the count table is partial)</dd>\n" : "</dd>\n");
	}
	if (r->nlangs)
		summary_langs(out, r);
	buf_adds(out, "</dl>\n");
	if (r->notes.len) {
		buf_adds(out, "<p class=\"notes\">");
		svg_escape(out, r->notes.data, r->notes.len);
		buf_adds(out, "</p>\n");
	}
	if (r->have_clean)
		summary_clean(out, r);
	buf_adds(out, "</section>\n");
}

static void section_table(struct buf *out, const struct report *r, const struct table *t, const char *id,
			  const char *title, const char *intro,
			  void (*draw)(struct buf *, const struct report *, const char *))
{
	const char *cols[] = { "#rank", table_key_col(t->kind), "#count", "#documents", "", NULL };
	size_t n, i, *ids = table_sorted(t, &n), len;
	struct buf tid = BUF_INIT, norm = BUF_INIT;
	const char *k;

	buf_addf(&norm, "#%s", table_norm_col(t->kind));
	cols[4] = norm.data;
	buf_addf(&tid, "%s-table", id);
	section_open(out, id, title);
	buf_adds(out, "<p>");
	text(out, intro);
	buf_adds(out, "</p>\n");
	figure(out, r, draw);
	table_open(out, tid.data, cols);
	for (i = 0; i < n && i < r->top; i++) {
		k = htab_key(&t->keys, ids[i], &len);
		buf_adds(out, "<tr>");
		td_ull(out, i + 1);
		td_text(out, k, len);
		td_ull(out, t->count[ids[i]]);
		td_ull(out, t->ndocs[ids[i]]);
		td_num(out, table_norm(t, t->count[ids[i]]), 2);
		buf_adds(out, "</tr>\n");
	}
	table_close(out);
	buf_adds(out, "</section>\n");
	free(ids);
	buf_release(&tid);
	buf_release(&norm);
}

static void section_heatmap(struct buf *out, const struct report *r)
{
	struct heat h;
	size_t i, j, nd = htab_count(&r->doc_ids);
	const char **cols;

	heat_build(&h, r);
	section_open(out, "heatmap", "Concepts by document");
	buf_adds(out, "<p>Matches per 10,000 tokens of each document");
	if (nd > h.m.nrows)
		buf_addf(out, " (the first %zu of %zu documents)", h.m.nrows, nd);
	if (htab_count(&r->concept_ids) > h.m.ncols)
		buf_addf(out, " for the %zu concepts with the highest rates", h.m.ncols);
	buf_adds(out, ".</p>\n");
	figure(out, r, chart_heatmap);
	cols = ecalloc(h.m.ncols + 2, sizeof(*cols));
	cols[0] = "id";
	/* Concept names become header cells: escaped by table_open(); '#' marks them numeric. */
	for (j = 0; j < h.m.ncols; j++) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "#%s", h.m.cols[j]);
		cols[j + 1] = buf_detach(&b, NULL);
	}
	buf_adds(out, "<details open><summary>table</summary>\n");
	table_open(out, "heatmap-table", cols);
	for (i = 0; i < h.m.nrows; i++) {
		buf_adds(out, "<tr>");
		td_text(out, h.m.rows[i], strlen(h.m.rows[i]));
		for (j = 0; j < h.m.ncols; j++)
			td_num(out, h.v[i * h.m.ncols + j], 2);
		buf_adds(out, "</tr>\n");
	}
	table_close(out);
	buf_adds(out, "</details>\n</section>\n");
	for (j = 0; j < h.m.ncols; j++)
		free((char *)cols[j + 1]);
	free(cols);
	heat_release(&h);
}

static void section_keyness(struct buf *out, const struct report *r)
{
	static const char *const cols[] = { "term", "#target", "#reference", "#g2", "#log_ratio", "direction", NULL };
	size_t *rows, n = key_rows(r, &rows), i;
	const struct report_key *k;

	section_open(out, "keyness", "Keyness");
	buf_adds(out, "<p>Terms over-represented (right) and under-represented (left) in this corpus");
	if (r->reference) {
		buf_adds(out, " against <em>");
		text(out, r->reference);
		buf_adds(out, "</em>");
	}
	buf_addf(out, ": the %zu with the highest log-likelihood (G2) on each side; bars show the log ratio.</p>\n",
		 r->top);
	figure(out, r, chart_keyness);
	table_open(out, "keyness-table", cols);
	for (i = 0; i < n; i++) {
		k = &r->keys[rows[i]];
		buf_adds(out, "<tr>");
		td_text(out, k->term, strlen(k->term));
		td_ull(out, k->target);
		td_ull(out, k->reference);
		td_num(out, k->g2, 2);
		td_num(out, k->log_ratio, 2);
		buf_addf(out, "<td>%s</td></tr>\n", k->sign > 0 ? "+" : k->sign < 0 ? "-" : "=");
	}
	table_close(out);
	buf_adds(out, "</section>\n");
	free(rows);
}

/* What is missing, and the option that would add it. */
static void not_shown(struct buf *out, const struct report *r)
{
	const char *miss[4];
	size_t n = 0, i;

	if (!r->have_counts)
		miss[n++] = "keywords (a corpus or --counts FILE)";
	if (!r->have_concepts)
		miss[n++] = "concepts (--concepts FILE from hrtk concepts)";
	if (!r->have_by_doc)
		miss[n++] = "concepts by document (--concepts-by-doc FILE from hrtk concepts --by-doc)";
	if (!r->have_keyness)
		miss[n++] = "keyness (--reference FILE or --keyness FILE)";
	if (!n)
		return;
	buf_adds(out, "<section id=\"missing\"><h2>Not in this report</h2><ul>\n");
	for (i = 0; i < n; i++) {
		buf_adds(out, "<li>");
		text(out, miss[i]);
		buf_adds(out, "</li>\n");
	}
	buf_adds(out, "</ul></section>\n");
}

void report_html(struct buf *out, const struct report *r)
{
	const char *title = r->title ? r->title : "Corpus report";

	buf_adds(out, page_head);
	buf_adds(out, "<title>");
	text(out, title);
	buf_adds(out, "</title>\n");
	buf_adds(out, page_style);
	buf_adds(out, "</head>\n<body>\n<h1>");
	text(out, title);
	buf_adds(out, "</h1>\n<p class=\"sub\">Written by hrtk report. Click a column head to sort a table.</p>\n");
	summary(out, r);
	if (r->have_counts)
		section_table(out, r, &r->counts, "keywords", "Top keywords",
			      "The most frequent terms, per million tokens.", chart_keywords);
	if (r->have_concepts)
		section_table(out, r, &r->concepts, "concepts", "Concepts",
			      "Dictionary concepts, matches per 10,000 tokens.", chart_concepts);
	if (r->have_by_doc)
		section_heatmap(out, r);
	if (r->have_keyness)
		section_keyness(out, r);
	not_shown(out, r);
	buf_adds(out, page_script);
	buf_adds(out, "</body>\n</html>\n");
}
