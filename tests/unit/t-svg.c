/* t-svg.c: escaping, scales and chart geometry of svg.c, and report.c on empty data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "report.h"
#include "svg.h"

static int escaped_is(const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;
	int ok;

	svg_escape(&b, in, len);
	ok = b.data && !strcmp(b.data, want);
	buf_release(&b);
	return ok;
}

static size_t count_str(const char *s, const char *sub)
{
	size_t n = 0;

	while ((s = strstr(s, sub)))
		n++, s++;
	return n;
}

/* The width="..." of the i-th <rect class="bar">. */
static double bar_width(const char *svg, size_t i)
{
	const char *p = svg;

	for (;;) {
		p = strstr(p, "<rect class=\"bar\"");
		if (!p)
			return -1;
		if (!i--)
			break;
		p++;
	}
	p = strstr(p, "width=\"");
	return p ? atof(p + 7) : -1;
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;

	check("markup", escaped_is("<script>alert('x')</script>", 27,
				   "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
	check("ampersand and quote", escaped_is("a & \"b\"", 7, "a &amp; &quot;b&quot;"));
	check("UTF-8 kept", escaped_is("na\xC3\xAFve", 6, "na\xC3\xAFve"));
	check("invalid byte", escaped_is("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b"));
	check("control to space, NUL too", escaped_is("a\x01\0b", 4, "a  b"));
	check("chars", svg_chars("na\xC3\xAFve", 6) == 5);
	svg_escape_trunc(&b, "abcdefghij", 10, 5);
	check("truncated keeps both ends", !strcmp(b.data, "ab\xE2\x80\xA6ij"));
	buf_reset(&b);
	svg_escape_trunc(&b, "<b>", 3, 5);
	check("short not truncated, escaped", !strcmp(b.data, "&lt;b&gt;"));
	buf_release(&b);
}

static void test_ticks(void)
{
	struct svg_ticks t;

	svg_nice_ticks(17409.27, 5, &t);
	check("17409: step 5000", t.step == 5000 && t.top == 20000 && t.n == 4 && t.decimals == 0);
	svg_nice_ticks(100, 5, &t);
	check("100: step 20 to 100", t.step == 20 && t.top == 100 && t.n == 5);
	svg_nice_ticks(0.37, 4, &t);
	check("0.37: step 0.1", fabs(t.step - 0.1) < 1e-12 && t.n == 4 && t.decimals == 1);
	svg_nice_ticks(0, 5, &t);
	check("0: one step of 1", t.step == 1 && t.top == 1 && t.n == 1);
	svg_nice_ticks(NAN, 5, &t);
	check("NaN: one step of 1", t.step == 1 && t.n == 1);
	svg_nice_ticks(7, 5, &t);
	check("top covers max", t.top >= 7 && t.step == 2);
}

static void test_lengths(void)
{
	struct svg_bar b[] = { { "a", 1, 40 }, { "b", 1, 20 }, { "c", 1, 10 }, { "d", 1, 0 } };
	struct svg_chart c = { 0 };
	struct buf out = BUF_INIT;
	double w0, w1, w2;

	check("proportional", svg_bar_len(50, 100, 300) == 150);
	check("clamped", svg_bar_len(150, 100, 300) == 300);
	check("negative is 0", svg_bar_len(-3, 100, 300) == 0);
	check("zero top is 0", svg_bar_len(3, 0, 300) == 0);
	svg_bars(&out, b, 4, &c);
	check("one bar per row", count_str(out.data, "<rect class=\"bar\"") == 4);
	w0 = bar_width(out.data, 0);
	w1 = bar_width(out.data, 1);
	w2 = bar_width(out.data, 2);
	check("bars proportional to values", w0 > 0 && fabs(w0 / w1 - 2) < 0.01 && fabs(w1 / w2 - 2) < 0.01);
	check("zero bar has zero width", bar_width(out.data, 3) == 0);
	buf_reset(&out);
	b[1].value = -20;
	svg_diverging(&out, b, 3, &c);
	check("diverging: a bar per row", count_str(out.data, "<rect class=\"bar\"") == 3);
	check("diverging: lengths by magnitude", fabs(bar_width(out.data, 0) / bar_width(out.data, 1) - 2) < 0.01);
	check("diverging: negative in red", strstr(out.data, "#c0504d") != NULL);
	buf_release(&out);
}

static void test_heat(void)
{
	char c[8];
	const char *rows[] = { "d1", "<d2>" }, *cols[] = { "x", "y", "z" };
	double v[] = { 0, 5, 10, 2, 0, 1 };
	struct svg_matrix m = { rows, cols, 2, 3, v };
	struct svg_chart ch = { 0 };
	struct buf out = BUF_INIT;

	svg_heat_colour(0, 10, c);
	check("0 is white-ish", !strcmp(c, "#f7fbff"));
	svg_heat_colour(10, 10, c);
	check("max is dark", !strcmp(c, "#08306b"));
	svg_heat_colour(5, 10, c);
	check("middle stop", !strcmp(c, "#6baed6"));
	svg_heat_colour(50, 10, c);
	check("above max clamps", !strcmp(c, "#08306b"));
	svg_heat_colour(1, 0, c);
	check("max 0 is white", !strcmp(c, "#f7fbff"));
	check("dark text switch", svg_heat_dark(9, 10) && !svg_heat_dark(1, 10));
	svg_heatmap(&out, &m, &ch);
	check("a cell per value", count_str(out.data, "<rect class=\"cell\"") == 6);
	check("row id escaped", strstr(out.data, "&lt;d2&gt;") && !strstr(out.data, "<d2>"));
	buf_release(&out);
}

static void test_empty(void)
{
	struct svg_chart c = { "Empty <t>", NULL, NULL, NULL, 0, 0 };
	struct svg_matrix m = { NULL, NULL, 0, 0, NULL };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct report r;

	svg_bars(&out, NULL, 0, &c);
	check("empty bars: no bar, says so", !strstr(out.data, "class=\"bar\"") && strstr(out.data, "no data"));
	check("empty: title escaped", strstr(out.data, "Empty &lt;t&gt;") != NULL);
	buf_reset(&out);
	svg_heatmap(&out, &m, &c);
	check("empty heat map", !strstr(out.data, "class=\"cell\"") && strstr(out.data, "no data"));
	buf_reset(&out);
	report_init(&r);
	report_html(&out, &r);
	check("empty report is a page", strstr(out.data, "<!DOCTYPE html>") && strstr(out.data, "</html>"));
	check("empty report: no charts", !strstr(out.data, "<svg"));
	buf_reset(&out);
	check("svg of missing data fails", report_svg(&out, &r, "keywords", &err) < 0 && strstr(err.data, "needs"));
	r.have_counts = 1;
	buf_reset(&err);
	check("svg of an empty table", report_svg(&out, &r, "keywords", &err) == 0 && strstr(out.data, "no data"));
	check("unknown chart", report_svg(&out, &r, "pie", &err) < 0);
	report_release(&r);
	buf_release(&out);
	buf_release(&err);
}

static void test_num(void)
{
	struct buf b = BUF_INIT;

	svg_num(&b, -0.001, 2);
	check("no negative zero", !strcmp(b.data, "0.00"));
	buf_reset(&b);
	svg_num(&b, INFINITY, 1);
	check("infinite prints 0", !strcmp(b.data, "0.0"));
	buf_release(&b);
}

int main(void)
{
	test_escape();
	test_ticks();
	test_lengths();
	test_heat();
	test_empty();
	test_num();
	return check_report("t-svg");
}
