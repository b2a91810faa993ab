/* cmd-eval.c: hrtk eval, extraction scored against gold text, for CI gates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "hrtk.h"
#include "htab.h"
#include "jsonl.h"
#include "score.h"

static const char eval_usage[] =
	"usage: hrtk eval [--per-doc] [--format tsv|jsonl] [--min-f1 x]\n"
	"                 [--baseline file [--max-drop d]] [--diff id] [--jsonl] gold pred\n"
	"\n"
	"Scores predicted text against gold text with 4-token shingles (the score of\n"
	"published extraction benchmarks) and writes \"F1 precision recall docs\".\n"
	"gold and pred are two files, two folders of same-named files, or two JSON\n"
	"Lines streams (*.jsonl, or any name with --jsonl) matched by \"id\".\n"
	"A document missing on one side is reported and counts as empty.\n"
	"\n"
	"Options:\n"
	"      --per-doc          one row per document instead, worst first\n"
	"      --format FMT       tsv (the default) or jsonl\n"
	"      --min-f1 X         exit 1 when F1 is below X\n"
	"      --baseline FILE    a saved --per-doc result: exit 1 when a document's F1\n"
	"                         drops by more than --max-drop (default 0), naming it\n"
	"      --max-drop D       the largest drop allowed against --baseline\n"
	"      --diff ID          the gold paragraphs the prediction of ID misses (\"- \")\n"
	"                         and its paragraphs that are not in the gold (\"+ \")\n"
	"      --jsonl            read gold and pred as JSON Lines\n"
	CLI_HELP_COMMON;

enum { OPT_PER_DOC = OPT_CMD_BASE, OPT_FORMAT, OPT_MIN_F1, OPT_BASELINE, OPT_MAX_DROP, OPT_DIFF };

/* The small rounding of scores printed to 9 decimals and read back. */
#define EVAL_EPS 1e-9

/* One side's documents: key (id or path under the folder) to text. */
struct side {
	const char *name;
	struct htab keys;
	char **text;
	size_t *len;
};

struct row {
	const char *id;
	struct score_doc d;
	double p, r, f1;
};

struct eval_opts {
	int per_doc, jsonl_out;
	double min_f1, max_drop;
	const char *baseline, *diff;
};

static int is_dir(const char *path)
{
	struct stat st;

	return strcmp(path, "-") && !stat(path, &st) && S_ISDIR(st.st_mode);
}

static void side_add(struct side *s, const char *key, const char *text, size_t len)
{
	size_t n = htab_count(&s->keys);
	int added;
	size_t id = htab_intern(&s->keys, key, strlen(key), &added);

	if (!added) {
		warn("%s: document '%s' appears twice: the first one is scored", s->name, key);
		return;
	}
	s->text = ereallocarray(s->text, n + 1, sizeof(*s->text));
	s->len = ereallocarray(s->len, n + 1, sizeof(*s->len));
	s->text[id] = estrndup(text, len);
	s->len[id] = len;
}

/*
 * Reads one side: a folder (keys are paths under it), a JSON Lines stream
 * (keys are ids), or one plain file (key: the gold file's name).
 */
static void side_load(struct cli *cli, struct side *s, char *path, int jsonl, const char *key)
{
	struct docs_opts o = { 0 };
	struct docs ds;
	struct doc d;
	size_t skip = 0;

	s->name = path;
	htab_init(&s->keys);
	o.jsonl = jsonl;
	if (is_dir(path))
		skip = strlen(path) + (path[strlen(path) - 1] != '/');
	if (docs_open(&ds, &o, 1, &path) < 0)
		die(EXIT_INPUT, "%s", ds.err.data);
	doc_init(&d);
	while (cli_next_doc(cli, &ds, &d) > 0) {
		if (key)
			side_add(s, key, d.text, d.len);
		else
			side_add(s, strlen(d.id) >= skip ? d.id + skip : d.id, d.text, d.len);
	}
	doc_release(&d);
	docs_close(&ds);
}

static void side_release(struct side *s)
{
	size_t i;

	for (i = 0; i < htab_count(&s->keys); i++)
		free(s->text[i]);
	free(s->text);
	free(s->len);
	htab_release(&s->keys);
}

/* The text of key on side s, or "" (with *found 0) when it has none. */
static const char *side_text(const struct side *s, const char *key, size_t *len, int *found)
{
	long id = htab_find(&s->keys, key, strlen(key));

	*found = id >= 0;
	*len = id >= 0 ? s->len[id] : 0;
	return id >= 0 ? s->text[id] : "";
}

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->f1 != y->f1)
		return x->f1 < y->f1 ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Scores every key of gold, then the keys only pred has, reporting those missing. */
static struct row *score_all(const struct side *g, const struct side *p, size_t *nrows,
			     struct score_sum *sum)
{
	size_t ng = htab_count(&g->keys), np = htab_count(&p->keys), n = 0, i;
	struct row *rows = ecalloc(ng + np + 1, sizeof(*rows));
	const char *gt, *pt;
	size_t gl, pl;
	int gf, pf;

	for (i = 0; i < ng + np; i++) {
		const char *key = i < ng ? htab_key(&g->keys, i, NULL) : htab_key(&p->keys, i - ng, NULL);

		gt = side_text(g, key, &gl, &gf);
		pt = side_text(p, key, &pl, &pf);
		if (i >= ng && gf)
			continue;
		if (!gf)
			warn("%s: no document '%s' (counted as empty)", g->name, key);
		if (!pf)
			warn("%s: no document '%s' (counted as empty)", p->name, key);
		rows[n].id = key;
		score_pair(gt, gl, pt, pl, &rows[n].d);
		score_doc_prf(&rows[n].d, &rows[n].p, &rows[n].r, &rows[n].f1);
		score_sum_add(sum, &rows[n].d);
		n++;
	}
	*nrows = n;
	return rows;
}

static void print_summary(const struct eval_opts *o, const struct score_sum *sum)
{
	double f1, p, r;
	size_t docs;

	score_sum_result(sum, &f1, &p, &r, &docs);
	if (o->jsonl_out)
		printf("{\"f1\":%.9f,\"precision\":%.9f,\"recall\":%.9f,\"docs\":%zu}\n", f1, p, r, docs);
	else
		printf("F1\tprecision\trecall\tdocs\n%.9f\t%.9f\t%.9f\t%zu\n", f1, p, r, docs);
}

static void print_rows(const struct eval_opts *o, const struct row *rows, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (!o->jsonl_out)
		buf_adds(&b, "id\tF1\tprecision\trecall\tgold\tpred\tshared\n");
	for (i = 0; i < n; i++) {
		const struct row *w = &rows[i];

		if (o->jsonl_out) {
			buf_adds(&b, "{\"id\":");
			json_add_string(&b, w->id, strlen(w->id));
			buf_addf(&b, ",\"f1\":%.9f,\"precision\":%.9f,\"recall\":%.9f,"
				 "\"gold\":%zu,\"pred\":%zu,\"shared\":%zu}\n",
				 w->f1, w->p, w->r, w->d.gold, w->d.pred, w->d.tp);
		} else {
			/* ids with tabs or newlines would break the table */
			const char *c;

			for (c = w->id; *c; c++)
				buf_addc(&b, *c == '\t' || *c == '\n' ? ' ' : *c);
			buf_addf(&b, "\t%.9f\t%.9f\t%.9f\t%zu\t%zu\t%zu\n",
				 w->f1, w->p, w->r, w->d.gold, w->d.pred, w->d.tp);
		}
	}
	cli_write(b.data, b.len);
	buf_release(&b);
}

/* Parses one baseline row (TSV "id<TAB>F1..." or a JSON object) into id and f1. */
static int baseline_row(const char *line, size_t len, struct buf *id, double *f1)
{
	struct buf err = BUF_INIT;
	const char *tab;
	char *end;

	buf_reset(id);
	if (*line == '{') {
		struct jsonl_obj o;
		const char *jid;
		int ok;

		if (jsonl_parse(&o, line, len, &err) < 0) {
			buf_release(&err);
			return -1;
		}
		ok = jsonl_get_str(&o, "id", &jid, NULL) == 1 && jsonl_get_num(&o, "f1", f1);
		if (ok)
			buf_adds(id, jid);
		jsonl_release(&o);
		return ok ? 0 : -1;
	}
	if (!(tab = memchr(line, '\t', len)))
		return -1;
	buf_add(id, line, (size_t)(tab - line));
	*f1 = strtod(tab + 1, &end);
	return end == tab + 1 ? -1 : 0;
}

/* Compares with a saved per-doc result; returns the number of documents that dropped. */
static size_t check_baseline(const struct eval_opts *o, const struct row *rows, size_t n)
{
	struct htab ids;
	struct buf line = BUF_INIT, id = BUF_INIT;
	FILE *fp = fopen(o->baseline, "r");
	size_t lineno = 0, dropped = 0, i;
	double f1, *cur;
	long k;

	if (!fp)
		die(EXIT_INPUT, "cannot read '%s':", o->baseline);
	htab_init(&ids);
	for (i = 0; i < n; i++)
		htab_intern(&ids, rows[i].id, strlen(rows[i].id), NULL);
	cur = ecalloc(n + 1, sizeof(*cur));
	for (i = 0; i < n; i++)
		cur[htab_find(&ids, rows[i].id, strlen(rows[i].id))] = rows[i].f1;
	while (buf_reset(&line), buf_getline(&line, fp) > 0) {
		lineno++;
		while (line.len && (line.data[line.len - 1] == '\n' || line.data[line.len - 1] == '\r'))
			line.data[--line.len] = '\0';
		if (!line.len || !strncmp(line.data, "id\t", 3))
			continue;
		if (baseline_row(line.data, line.len, &id, &f1) < 0)
			die(EXIT_INPUT, "%s:%zu: not a --per-doc row (id and F1)", o->baseline, lineno);
		if ((k = htab_find(&ids, id.data, id.len)) < 0) {
			warn("%s:%zu: document '%s' is not in this run", o->baseline, lineno, id.data);
			continue;
		}
		if (f1 - cur[k] > o->max_drop + EVAL_EPS) {
			warn("'%s': F1 %.4f dropped to %.4f (by %.4f, more than --max-drop %g)",
			     id.data, f1, cur[k], f1 - cur[k], o->max_drop);
			dropped++;
		}
	}
	if (ferror(fp))
		die(EXIT_INPUT, "cannot read '%s':", o->baseline);
	fclose(fp);
	free(cur);
	buf_release(&line);
	buf_release(&id);
	htab_release(&ids);
	return dropped;
}

static int run_diff(const char *id, const struct side *g, const struct side *p)
{
	struct buf out = BUF_INIT;
	const char *gt, *pt;
	size_t gl, pl;
	int gf, pf;

	/* two files hold one document each: any id names it */
	if (htab_count(&g->keys) == 1 && htab_count(&p->keys) == 1 &&
	    htab_find(&g->keys, id, strlen(id)) < 0)
		id = htab_key(&g->keys, 0, NULL);
	gt = side_text(g, id, &gl, &gf);
	pt = side_text(p, id, &pl, &pf);
	if (!gf && !pf) {
		warn("no document '%s' in '%s' or '%s'", id, g->name, p->name);
		return EXIT_INPUT;
	}
	score_diff(gt, gl, pt, pl, &out);
	cli_write(out.data, out.len);
	buf_release(&out);
	return EXIT_OK;
}

static void parse_args(struct cli *cli, struct eval_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_LONGOPTS,
		{ "per-doc", no_argument, NULL, OPT_PER_DOC },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "min-f1", required_argument, NULL, OPT_MIN_F1 },
		{ "baseline", required_argument, NULL, OPT_BASELINE },
		{ "max-drop", required_argument, NULL, OPT_MAX_DROP },
		{ "diff", required_argument, NULL, OPT_DIFF },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, CLI_SHORT, longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PER_DOC:
			o->per_doc = 1;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "tsv") && strcmp(optarg, "jsonl"))
				cli_usage_error(cli, "--format: '%s' is not tsv or jsonl", optarg);
			o->jsonl_out = !strcmp(optarg, "jsonl");
			break;
		case OPT_MIN_F1:
			o->min_f1 = cli_double(cli, "--min-f1", optarg, 0, 1);
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_MAX_DROP:
			o->max_drop = cli_double(cli, "--max-drop", optarg, 0, 1);
			break;
		case OPT_DIFF:
			o->diff = optarg;
			break;
		default:
			cli_common(cli, c, argv);
		}
	}
	if (argc - optind != 2)
		cli_usage_error(cli, "name two inputs: gold and pred");
}

int cmd_eval(int argc, char **argv)
{
	struct eval_opts o = { 0 };
	struct score_sum sum = { 0 };
	struct side g = { 0 }, p = { 0 };
	struct row *rows;
	struct cli cli;
	char *gold, *pred;
	size_t n, docs, dropped;
	int dirs, jsonl;
	double f1, pr, rc;

	cli_init(&cli, eval_usage);
	o.min_f1 = -1;
	parse_args(&cli, &o, argc, argv);
	gold = argv[optind];
	pred = argv[optind + 1];
	dirs = is_dir(gold) + is_dir(pred);
	if (dirs == 1)
		cli_usage_error(&cli, "'%s' and '%s': give two folders or two files", gold, pred);
	jsonl = cli.docs.jsonl || docs_is_jsonl_name(gold) || docs_is_jsonl_name(pred);
	side_load(&cli, &g, gold, jsonl, dirs || jsonl ? NULL : gold);
	side_load(&cli, &p, pred, jsonl, dirs || jsonl ? NULL : gold);
	if (o.diff) {
		cli.status = exit_worse(cli.status, run_diff(o.diff, &g, &p));
		side_release(&g);
		side_release(&p);
		return cli.status;
	}
	rows = score_all(&g, &p, &n, &sum);
	sort_array(rows, n, sizeof(*rows), cmp_rows);
	if (o.per_doc)
		print_rows(&o, rows, n);
	else
		print_summary(&o, &sum);
	score_sum_result(&sum, &f1, &pr, &rc, &docs);
	if (o.min_f1 >= 0 && f1 < o.min_f1) {
		warn("F1 %.6f is below --min-f1 %g", f1, o.min_f1);
		cli.status = exit_worse(cli.status, EXIT_NEGATIVE);
	}
	if (o.baseline && (dropped = check_baseline(&o, rows, n)) > 0) {
		warn("%zu document%s dropped against '%s'", dropped, dropped == 1 ? "" : "s",
		     o.baseline);
		cli.status = exit_worse(cli.status, EXIT_NEGATIVE);
	}
	free(rows);
	side_release(&g);
	side_release(&p);
	return cli.status;
}
