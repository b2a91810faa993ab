/*
 * explain.h: the --explain TSV that accounts for every input line a cleaning
 * step keeps or drops (hrtk clean, hrtk extract --from pdftext|markdown).
 *
 * Columns: doc, first, last (1-based input line numbers, inclusive), action
 * (keep, drop, join, edit), mechanism (rule, spam, prose, repeat, corpus,
 * layout, header, footer, pagenum, hyphen, markup, ...), detail (the rule's name or
 * the score that decided). Kept plus dropped rows cover every input line.
 */
#ifndef HRTK_EXPLAIN_H
#define HRTK_EXPLAIN_H

#include <stddef.h>

#include "buf.h"

#define EXPLAIN_HEADER "doc\tfirst\tlast\taction\tmechanism\tdetail\n"

/* Appends one row; tabs and newlines in doc or detail become spaces. */
void explain_row(struct buf *out, const char *doc, size_t first, size_t last,
		 const char *action, const char *mechanism, const char *detail);

#endif
