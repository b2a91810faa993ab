/*
 * svg.h: escaping for HTML and SVG, and the charts of hrtk report drawn as
 * inline SVG: scales, nice axis ticks, bar lengths, the heat map's colour
 * scale, and three chart kinds (bars, bars either side of an axis, heat map).
 *
 * Every text from the input (terms, document ids) goes through
 * svg_escape(): the markup characters become entities, invalid UTF-8 bytes
 * become U+FFFD and control characters a space, so the output is always
 * well-formed and nothing in the input can become an element.
 *
 *	struct svg_bar b[] = { { "naloxone", 8, 340.2 }, ... };
 *	struct svg_chart c = { .title = "Top keywords", .unit = "per million" };
 *	svg_bars(&out, b, n, &c);	// <rect class="bar"> per row
 */
#ifndef HRTK_SVG_H
#define HRTK_SVG_H

#include <stddef.h>

#include "buf.h"

/* Appends s with & < > " ' as entities; safe in element text and quoted attributes. */
void svg_escape(struct buf *out, const char *s, size_t len);
/*
 * Like svg_escape() but at most max characters: a longer s keeps its first
 * and last characters around an ellipsis (document paths differ at the end).
 */
void svg_escape_trunc(struct buf *out, const char *s, size_t len, size_t max);
/* Characters (code points; an invalid byte counts one) in s. */
size_t svg_chars(const char *s, size_t len);

/*
 * Axis ticks from 0: steps of 1, 2 or 5 times a power of ten, about want of
 * them, the last at or above max. max <= 0 gives one step of 1.
 */
struct svg_ticks {
	double step, top;	/* top = step * n >= max */
	int n;			/* intervals */
	int decimals;		/* to print a tick value */
};
void svg_nice_ticks(double max, int want, struct svg_ticks *t);

/* The length of a bar for v on an axis from 0 to top drawn width long: clamped to [0, width]. */
double svg_bar_len(double v, double top, double width);

/* The heat map's colour for v in [0, max] (white to dark blue), as "#rrggbb". */
void svg_heat_colour(double v, double max, char out[8]);
/* True when text on that colour should be white. */
int svg_heat_dark(double v, double max);

/* Appends v with decimals digits after the point (no exponent, no locale). */
void svg_num(struct buf *out, double v, int decimals);

struct svg_bar {
	const char *label;
	size_t len;
	double value;
};

struct svg_chart {
	const char *title;	/* a caption inside the SVG (escaped), or NULL */
	const char *unit;	/* the axis label, e.g. "per million tokens" */
	const char *left, *right;	/* svg_diverging: what each side means */
	int width;		/* the SVG's width in pixels; 0: 720 */
	int decimals;		/* of the values printed at the bars */
};

/* Horizontal bars from 0, one <rect class="bar"> per row, in the order given. Negative values draw as 0. */
void svg_bars(struct buf *out, const struct svg_bar *b, size_t n, const struct svg_chart *c);
/* Bars either side of a central axis: negative values to the left, labels outside the bar's end. */
void svg_diverging(struct buf *out, const struct svg_bar *b, size_t n, const struct svg_chart *c);

/* A rows x cols matrix of values (row-major), rows and columns labelled. */
struct svg_matrix {
	const char *const *rows;
	const char *const *cols;
	size_t nrows, ncols;
	const double *v;
};
/* One <rect class="cell"> per value, a colour legend with the maximum. */
void svg_heatmap(struct buf *out, const struct svg_matrix *m, const struct svg_chart *c);

#endif
