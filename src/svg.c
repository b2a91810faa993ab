/* svg.c: escaping, scales and the charts of hrtk report, drawn as SVG text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"
#include "utf8.h"

/* ---- text ---- */

/* Appends the character at s (n bytes left) escaped; returns the bytes it took. */
static size_t escape_char(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = utf8_valid_len(p, n);

	if (!len) {
		buf_adds(out, "\xEF\xBF\xBD");
		return 1;
	}
	if (len > 1) {
		buf_add(out, s, len);
		return len;
	}
	switch (*p) {
	case '&': buf_adds(out, "&amp;"); break;
	case '<': buf_adds(out, "&lt;"); break;
	case '>': buf_adds(out, "&gt;"); break;
	case '"': buf_adds(out, "&quot;"); break;
	case '\'': buf_adds(out, "&#39;"); break;
	default:
		/* XML 1.0 allows no C0 control but tab and line breaks; DEL is legal but unseen. */
		buf_addc(out, *p < 0x20 || *p == 0x7F ? ' ' : *p);
	}
	return 1;
}

void svg_escape(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		i += escape_char(out, s + i, len - i);
}

static size_t char_len(const char *s, size_t n)
{
	size_t len = utf8_valid_len((const unsigned char *)s, n);

	return len ? len : 1;
}

size_t svg_chars(const char *s, size_t len)
{
	size_t i = 0, n = 0;

	for (; i < len; n++)
		i += char_len(s + i, len - i);
	return n;
}

void svg_escape_trunc(struct buf *out, const char *s, size_t len, size_t max)
{
	size_t n = svg_chars(s, len), head, tail, i = 0, k;

	if (n <= max || max < 3) {
		svg_escape(out, s, len);
		return;
	}
	head = (max - 1) / 2 + (max - 1) % 2;
	tail = max - 1 - head;
	for (k = 0; k < head; k++)
		i += escape_char(out, s + i, len - i);
	buf_adds(out, "\xE2\x80\xA6");
	/* Then the last tail characters. */
	for (i = 0, k = 0; k < n - tail; k++)
		i += char_len(s + i, len - i);
	svg_escape(out, s + i, len - i);
}

void svg_num(struct buf *out, double v, int decimals)
{
	if (!isfinite(v))
		v = 0;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	/* No "-0": a rounded negative zero prints as 0. */
	if (fabs(v) < 0.5 * pow(10, -decimals))
		v = 0;
	buf_addf(out, "%.*f", decimals, v);
}

/* ---- scales ---- */

void svg_nice_ticks(double max, int want, struct svg_ticks *t)
{
	double raw, mag, f, step;

	if (want < 1)
		want = 1;
	if (!(max > 0) || !isfinite(max)) {
		t->step = t->top = 1;
		t->n = 1;
		t->decimals = 0;
		return;
	}
	raw = max / want;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	step *= mag;
	t->step = step;
	t->n = (int)ceil(max / step - 1e-9);
	if (t->n < 1)
		t->n = 1;
	t->top = step * t->n;
	t->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
}

double svg_bar_len(double v, double top, double width)
{
	double len;

	if (!(top > 0) || !(v > 0) || !isfinite(v))
		return 0;
	len = v / top * width;
	return len > width ? width : len;
}

/* Blues: white, light blue, dark blue; linear in v between the stops. */
static const unsigned char heat_stops[3][3] = {
	{ 0xf7, 0xfb, 0xff }, { 0x6b, 0xae, 0xd6 }, { 0x08, 0x30, 0x6b }
};

static double heat_pos(double v, double max)
{
	double x = max > 0 && v > 0 && isfinite(v) ? v / max : 0;

	return x > 1 ? 1 : x;
}

void svg_heat_colour(double v, double max, char out[8])
{
	double x = heat_pos(v, max) * 2, f;
	int i = x >= 2 ? 1 : (int)x, k, c[3];

	f = x - i;
	for (k = 0; k < 3; k++)
		c[k] = (int)lround(heat_stops[i][k] + (heat_stops[i + 1][k] - heat_stops[i][k]) * f);
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

int svg_heat_dark(double v, double max)
{
	return heat_pos(v, max) > 0.55;
}

/* ---- drawing ---- */

enum {
	FONT = 12,
	CHAR_W = 7,		/* an average character at FONT pixels */
	ROW_H = 20,
	BAR_H = 14,
	PAD = 10,
	TITLE_H = 24,
	AXIS_H = 34,
	LABEL_MAX = 28,		/* characters of a label drawn; the table has them whole */
	VALUE_W = 64
};

static int chart_width(const struct svg_chart *c)
{
	return c->width > 0 ? c->width : 720;
}

static void open_svg(struct buf *out, int w, int h, const struct svg_chart *c)
{
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" "
		 "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"%d\" role=\"img\"",
		 w, h, w, h, FONT);
	if (c->title) {
		buf_adds(out, " aria-label=\"");
		svg_escape(out, c->title, strlen(c->title));
		buf_addc(out, '"');
	}
	buf_adds(out, ">\n");
	if (c->title) {
		buf_addf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">", PAD, 17);
		svg_escape(out, c->title, strlen(c->title));
		buf_adds(out, "</text>\n");
	}
}

static void text_at(struct buf *out, double x, double y, const char *anchor, const char *extra)
{
	buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra ? extra : "");
}

static void empty_chart(struct buf *out, const struct svg_chart *c)
{
	int top = c->title ? TITLE_H : 0;

	open_svg(out, chart_width(c), top + 40, c);
	text_at(out, PAD, top + 24, "start", " class=\"empty\" fill=\"#666\"");
	buf_adds(out, "no data</text>\n</svg>\n");
}

/* The widest label, in characters, capped at LABEL_MAX. */
static size_t label_chars(const struct svg_bar *b, size_t n)
{
	size_t i, w = 4, k;

	for (i = 0; i < n; i++) {
		k = svg_chars(b[i].label, b[i].len);
		if (k > w)
			w = k;
	}
	return w > LABEL_MAX ? LABEL_MAX : w;
}

/* A tooltip: the whole label and the value. */
static void bar_title(struct buf *out, const struct svg_bar *b, int decimals)
{
	buf_adds(out, "<title>");
	svg_escape(out, b->label, b->len);
	buf_adds(out, ": ");
	svg_num(out, b->value, decimals);
	buf_adds(out, "</title>");
}

/* Vertical grid lines and tick labels under the plot, from x0 (value 0) rightwards or leftwards. */
static void axis(struct buf *out, const struct svg_ticks *t, double x0, double width, int dir,
		 double y0, double y1, int signed_labels)
{
	int i;
	double x;

	for (i = 0; i <= t->n; i++) {
		if (i == 0 && dir < 0)
			continue;	/* the right half drew 0 */
		x = x0 + dir * svg_bar_len(t->step * i, t->top, width);
		buf_addf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			 "stroke=\"%s\" stroke-width=\"1\"/>\n", x, y0, x, y1, i ? "#ddd" : "#333");
		text_at(out, x, y1 + 14, "middle", " fill=\"#333\"");
		if (signed_labels && dir < 0 && i)
			buf_addc(out, '-');
		svg_num(out, t->step * i, t->decimals);
		buf_adds(out, "</text>\n");
	}
}

static void unit_label(struct buf *out, const struct svg_chart *c, double x, double y)
{
	if (!c->unit)
		return;
	text_at(out, x, y, "middle", " fill=\"#333\" font-style=\"italic\"");
	svg_escape(out, c->unit, strlen(c->unit));
	buf_adds(out, "</text>\n");
}

void svg_bars(struct buf *out, const struct svg_bar *b, size_t n, const struct svg_chart *c)
{
	struct svg_ticks t;
	double max = 0, x0, plot, y, len;
	int w = chart_width(c), top = c->title ? TITLE_H : 0, h;
	size_t i;

	if (!n) {
		empty_chart(out, c);
		return;
	}
	for (i = 0; i < n; i++)
		if (b[i].value > max)
			max = b[i].value;
	svg_nice_ticks(max, 5, &t);
	x0 = PAD + (double)label_chars(b, n) * CHAR_W + PAD;
	plot = w - x0 - VALUE_W;
	if (plot < 100) {
		plot = 100;
		w = (int)(x0 + plot + VALUE_W);
	}
	h = top + (int)n * ROW_H + AXIS_H + (c->unit ? 16 : 0);
	open_svg(out, w, h, c);
	axis(out, &t, x0, plot, 1, top, top + (double)n * ROW_H, 0);
	for (i = 0; i < n; i++) {
		y = top + (double)i * ROW_H;
		len = svg_bar_len(b[i].value, t.top, plot);
		text_at(out, x0 - 6, y + ROW_H / 2 + 4, "end", NULL);
		svg_escape_trunc(out, b[i].label, b[i].len, LABEL_MAX);
		buf_adds(out, "</text>\n");
		buf_addf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"#3b75af\">",
			 x0, y + (ROW_H - BAR_H) / 2.0, len, BAR_H);
		bar_title(out, &b[i], c->decimals);
		buf_adds(out, "</rect>\n");
		text_at(out, x0 + len + 4, y + ROW_H / 2 + 4, "start", " fill=\"#333\"");
		svg_num(out, b[i].value, c->decimals);
		buf_adds(out, "</text>\n");
	}
	unit_label(out, c, x0 + plot / 2, top + (double)n * ROW_H + AXIS_H);
	buf_adds(out, "</svg>\n");
}

void svg_diverging(struct buf *out, const struct svg_bar *b, size_t n, const struct svg_chart *c)
{
	struct svg_ticks t;
	double max = 0, mid, half, y, len, v;
	int w = chart_width(c), top = (c->title ? TITLE_H : 0) + 18, h, neg;
	size_t i;

	if (!n) {
		empty_chart(out, c);
		return;
	}
	for (i = 0; i < n; i++)
		if (fabs(b[i].value) > max)
			max = fabs(b[i].value);
	svg_nice_ticks(max, 3, &t);
	/* Labels sit beside the axis on the side without the bar, so each half needs room for one. */
	half = (w - 2.0 * PAD) / 2 - VALUE_W;
	if (half < (double)label_chars(b, n) * CHAR_W + 60) {
		half = (double)label_chars(b, n) * CHAR_W + 60;
		w = (int)(2 * (half + VALUE_W + PAD));
	}
	mid = w / 2.0;
	h = top + (int)n * ROW_H + AXIS_H + (c->unit ? 16 : 0);
	open_svg(out, w, h, c);
	if (c->left) {
		text_at(out, mid - 6, top - 6, "end", " fill=\"#a33\"");
		buf_adds(out, "\xE2\x86\x90 ");
		svg_escape(out, c->left, strlen(c->left));
		buf_adds(out, "</text>\n");
	}
	if (c->right) {
		text_at(out, mid + 6, top - 6, "start", " fill=\"#3b75af\"");
		svg_escape(out, c->right, strlen(c->right));
		buf_adds(out, " \xE2\x86\x92</text>\n");
	}
	axis(out, &t, mid, half, 1, top, top + (double)n * ROW_H, 1);
	axis(out, &t, mid, half, -1, top, top + (double)n * ROW_H, 1);
	for (i = 0; i < n; i++) {
		y = top + (double)i * ROW_H;
		v = isfinite(b[i].value) ? b[i].value : 0;
		neg = v < 0;
		len = svg_bar_len(fabs(v), t.top, half);
		text_at(out, neg ? mid + 6 : mid - 6, y + ROW_H / 2 + 4, neg ? "start" : "end", NULL);
		svg_escape_trunc(out, b[i].label, b[i].len, LABEL_MAX);
		buf_adds(out, "</text>\n");
		buf_addf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\">",
			 neg ? mid - len : mid, y + (ROW_H - BAR_H) / 2.0, len, BAR_H, neg ? "#c0504d" : "#3b75af");
		bar_title(out, &b[i], c->decimals);
		buf_adds(out, "</rect>\n");
		text_at(out, neg ? mid - len - 4 : mid + len + 4, y + ROW_H / 2 + 4, neg ? "end" : "start",
			" fill=\"#333\"");
		svg_num(out, v, c->decimals);
		buf_adds(out, "</text>\n");
	}
	unit_label(out, c, mid, top + (double)n * ROW_H + AXIS_H);
	buf_adds(out, "</svg>\n");
}

static size_t max_chars(const char *const *s, size_t n, size_t cap)
{
	size_t i, w = 1, k;

	for (i = 0; i < n; i++) {
		k = svg_chars(s[i], strlen(s[i]));
		if (k > w)
			w = k;
	}
	return w > cap ? cap : w;
}

enum { HM_ROW_H = 18, HM_ROWLAB = 32, HM_COLLAB = 24, LEGEND_STEPS = 10 };

static void heat_legend(struct buf *out, double max, double x, double y, const struct svg_chart *c)
{
	char col[8];
	int i;

	for (i = 0; i < LEGEND_STEPS; i++) {
		svg_heat_colour(max * (i + 0.5) / LEGEND_STEPS, max, col);
		buf_addf(out, "<rect class=\"legend\" x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"10\" fill=\"%s\"/>\n",
			 x + i * 16, y, col);
	}
	text_at(out, x, y + 24, "start", " fill=\"#333\"");
	buf_adds(out, "0</text>\n");
	text_at(out, x + LEGEND_STEPS * 16, y + 24, "end", " fill=\"#333\"");
	svg_num(out, max, c->decimals);
	buf_adds(out, "</text>\n");
	if (c->unit) {
		text_at(out, x + LEGEND_STEPS * 16 + 8, y + 9, "start", " fill=\"#333\" font-style=\"italic\"");
		svg_escape(out, c->unit, strlen(c->unit));
		buf_adds(out, "</text>\n");
	}
}

void svg_heatmap(struct buf *out, const struct svg_matrix *m, const struct svg_chart *c)
{
	double max = 0, x0, y0, cw, x, y, v;
	int w = chart_width(c), top = c->title ? TITLE_H : 0, h;
	size_t i, j;
	char col[8];

	if (!m->nrows || !m->ncols) {
		empty_chart(out, c);
		return;
	}
	for (i = 0; i < m->nrows * m->ncols; i++)
		if (isfinite(m->v[i]) && m->v[i] > max)
			max = m->v[i];
	x0 = PAD + (double)max_chars(m->rows, m->nrows, HM_ROWLAB) * CHAR_W + PAD;
	/* Column labels are turned 45 degrees: their height is about 0.7 of their length. */
	y0 = top + 0.72 * (double)max_chars(m->cols, m->ncols, HM_COLLAB) * CHAR_W + 14;
	cw = (w - x0 - 3 * PAD) / (double)m->ncols;
	cw = cw < 16 ? 16 : cw > 64 ? 64 : cw;
	w = (int)(x0 + cw * (double)m->ncols + 0.72 * HM_COLLAB * CHAR_W);
	h = (int)(y0 + (double)m->nrows * HM_ROW_H + 50);
	open_svg(out, w, h, c);
	for (j = 0; j < m->ncols; j++) {
		x = x0 + cw * ((double)j + 0.5);
		buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\" transform=\"rotate(-45 %.1f %.1f)\">",
			 x, y0 - 6, x, y0 - 6);
		svg_escape_trunc(out, m->cols[j], strlen(m->cols[j]), HM_COLLAB);
		buf_adds(out, "</text>\n");
	}
	for (i = 0; i < m->nrows; i++) {
		y = y0 + (double)i * HM_ROW_H;
		text_at(out, x0 - 6, y + HM_ROW_H / 2 + 4, "end", NULL);
		svg_escape_trunc(out, m->rows[i], strlen(m->rows[i]), HM_ROWLAB);
		buf_adds(out, "</text>\n");
		for (j = 0; j < m->ncols; j++) {
			v = m->v[i * m->ncols + j];
			svg_heat_colour(v, max, col);
			buf_addf(out, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
				 "fill=\"%s\" stroke=\"#fff\"><title>", x0 + cw * (double)j, y, cw, HM_ROW_H, col);
			svg_escape(out, m->rows[i], strlen(m->rows[i]));
			buf_adds(out, ", ");
			svg_escape(out, m->cols[j], strlen(m->cols[j]));
			buf_adds(out, ": ");
			svg_num(out, v, c->decimals);
			buf_adds(out, "</title></rect>\n");
		}
	}
	heat_legend(out, max, x0, y0 + (double)m->nrows * HM_ROW_H + 12, c);
	buf_adds(out, "</svg>\n");
}
