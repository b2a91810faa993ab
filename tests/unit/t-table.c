/* t-table.c: unit tests of frequency tables, the counting table and the keyness formulas. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "ctab.h"
#include "keyness.h"
#include "table.h"

static int write_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	if (!fp)
		return -1;
	fputs(s, fp);
	return fclose(fp);
}

static void test_table(void)
{
	struct table t, r;
	struct buf out = BUF_INIT, err = BUF_INIT;
	char path[] = "/tmp/t-table.XXXXXX";
	int fd = mkstemp(path);

	table_init(&t, TABLE_COUNT);
	table_add(&t, "b", 1, 2, 1);
	table_add(&t, "a", 1, 2, 2);
	table_add(&t, "zz", 2, 5, 1);
	table_add(&t, "a", 1, 1, 0);
	t.tokens = 10;
	t.docs = 2;
	table_write(&out, &t, TABLE_TSV, NULL);
	check("tsv: totals, sort by count then key, per million",
	      !strcmp(out.data, "#hrtk\ttable=count\ttokens=10\tdocs=2\nterm\tcount\tdocs\tper_million\n"
			       "zz\t5\t1\t500000.00\na\t3\t2\t300000.00\nb\t2\t1\t200000.00\n"));
	check("temp file", fd >= 0 && write_file(path, out.data) == 0);
	table_init(&r, TABLE_ANY);
	check("read back", table_read(&r, path, &err) == 0 && r.kind == TABLE_COUNT);
	check("read back twice sums", table_read(&r, path, &err) == 0 && r.tokens == 20 && r.docs == 4);
	check("summed row", r.count[htab_find(&r.keys, "a", 1)] == 6 && r.ndocs[htab_find(&r.keys, "a", 1)] == 4);
	buf_reset(&out);
	struct table_limits lim = { .top = 1 };
	table_write(&out, &t, TABLE_TSV, &lim);
	check("a cut table says partial", strstr(out.data, "\tpartial=1\n") != NULL);
	buf_reset(&out);
	table_write(&out, &t, TABLE_CSV, &lim);
	check("csv", !strcmp(out.data, "term,count,docs,per_million\nzz,5,1,500000.00\n"));
	buf_reset(&out);
	csv_add_field(&out, "a,\"b", 4);
	check("csv quoting", !strcmp(out.data, "\"a,\"\"b\""));
	write_file(path, "#hrtk\ttable=count\ttokens=1\tdocs=1\nterm\tcount\tdocs\tper_million\nx\t-1\t1\t0\n");
	buf_reset(&err);
	table_release(&r);
	table_init(&r, TABLE_ANY);
	check("bad row names file and line", table_read(&r, path, &err) < 0 && strstr(err.data, ":3: count '-1'"));
	table_release(&r);
	table_release(&t);
	buf_release(&out);
	buf_release(&err);
	unlink(path);
}

static void test_ctab(void)
{
	struct ctab t;
	char key[64];
	int i, ok = 1;

	ctab_init(&t);
	for (i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), i % 2 ? "k%d" : "a-rather-long-key-number-%d", i % 20000);
		ctab_get(&t, key, strlen(key))->count++;
	}
	check("distinct keys", t.n == 20000);
	for (i = 0; i < 20000 && ok; i++) {
		snprintf(key, sizeof(key), i % 2 ? "k%d" : "a-rather-long-key-number-%d", i);
		ok = ctab_get(&t, key, strlen(key))->count == (i < 10000 ? 3 : 2);
	}
	check("counts survive growth, short and long keys", ok);
	ctab_release(&t);
}

/* ctab_sum() then ctab_sort() give the rows of a table of the same counts, in its order. */
static void test_ctab_sort(void)
{
	struct ctab a, b;
	struct table t;
	char key[64];
	size_t i, n, *ids, len;
	const char *k;
	int ok = 1;

	ctab_init(&a);
	ctab_init(&b);
	table_init(&t, TABLE_COUNT);
	for (i = 0; i < 30000; i++) {
		/* Short, 8- and 16-byte, long keys; shared prefixes; counts with many ties. */
		snprintf(key, sizeof(key), i % 5 ? "w%zu" : i % 3 ? "prefix-%08zu" : "a-long-key-beyond-sixteen-%zu",
			 i % 7000);
		len = strlen(key);
		ctab_get(i % 2 ? &a : &b, key, len)->count += i % 4 + 1;
		ctab_get(i % 2 ? &a : &b, key, len)->docs = 1;
		table_add(&t, key, len, i % 4 + 1, 0);
	}
	for (i = 0; i < b.nslots; i++)
		if (b.slots[i].used)
			table_add(&t, ctab_key(&b, &b.slots[i]), ctab_len(&b.slots[i]), 0, 1);
	for (i = 0; i < a.nslots; i++)
		if (a.slots[i].used)
			table_add(&t, ctab_key(&a, &a.slots[i]), ctab_len(&a.slots[i]), 0, 1);
	ctab_sum(&a, &b);
	ctab_sort(&a);
	ids = table_sorted(&t, &n);
	check("sum: one entry per key", a.n == n);
	for (i = 0; i < n && ok; i++) {
		k = htab_key(&t.keys, ids[i], &len);
		ok = ctab_len(&a.slots[i]) == len && !memcmp(ctab_key(&a, &a.slots[i]), k, len) &&
		     a.slots[i].count == t.count[ids[i]] && a.slots[i].docs == t.ndocs[ids[i]];
	}
	check("sorted like a table: count descending, then key bytewise", ok);
	free(ids);
	table_release(&t);
	ctab_release(&a);
	ctab_release(&b);
}

/* The fast "%.2f" of table rows gives printf's digits: ties, tiny and large values, random rates. */
static void test_fixed2(void)
{
	static const double fixed[] = { 0, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, 0.994999, 0.995,
					999999.995, 1e6, 123456789.125, 5e-324, 1e15, 3e17 };
	struct buf out = BUF_INIT;
	char want[64];
	unsigned long long x = 88172645463325252ull, count, tokens;
	size_t i;
	int ok = 1;
	double v;

	for (i = 0; i < 300000 && ok; i++) {
		if (i < sizeof(fixed) / sizeof(fixed[0])) {
			v = fixed[i];
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			count = x % (i % 3 ? 1000 : 100000000) + 1;
			tokens = count + (x >> 20) % (i % 2 ? 100000 : 100000000000ull);
			v = (double)count * 1e6 / (double)tokens;
		}
		buf_reset(&out);
		table_add_fixed2(&out, v);
		snprintf(want, sizeof(want), "%.2f", v);
		ok = !strcmp(out.data, want);
		if (!ok)
			fprintf(stderr, "%.17g: %s, not %s\n", v, out.data, want);
	}
	check("fixed2 equals printf's %.2f", ok);
	buf_release(&out);
}

static void test_keyness(void)
{
	struct keyness k;

	/* Worked by hand in tests/cases/keyness/hand-worked/README. */
	keyness_compute(&k, 30, 10, 1000, 2000);
	check("G2", fabs(k.g2 - 29.0392) < 1e-3);
	check("log ratio", fabs(k.log_ratio - log2(6)) < 1e-9);
	check("%DIFF", fabs(k.pct_diff - 500) < 1e-9 && k.sign == 1);
	keyness_compute(&k, 0, 20, 1000, 2000);
	check("zero in target", fabs(k.g2 - 40 * log(1.5)) < 1e-9 && fabs(k.log_ratio - log2(0.05)) < 1e-9 &&
	      k.sign == -1);
	keyness_compute(&k, 5, 0, 1000, 2000);
	check("zero in reference", k.pct_diff_inf && fabs(k.log_ratio - log2(20)) < 1e-9);
	check("thresholds", keyness_threshold(0.01) == 6.63 && keyness_threshold(0.0001) == 15.13 &&
	      keyness_threshold(0.02) < 0);
}

int main(void)
{
	test_table();
	test_ctab();
	test_ctab_sort();
	test_fixed2();
	test_keyness();
	return check_report("t-table");
}
