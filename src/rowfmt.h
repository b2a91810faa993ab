/*
 * rowfmt.h: table rows as TSV, CSV or JSON Lines, for the table-writing
 * commands. In TSV a tab, newline or CR inside a field becomes a space; CSV
 * quotes fields as RFC 4180 does; JSONL writes one object per row, keyed by
 * the column names.
 *
 *	static const char *const cols[] = { "concept", "count", NULL };
 *	row_header(out, fmt, cols);
 *	row_str(out, fmt, cols, 0, "naloxone", 8);
 *	row_num(out, fmt, cols, 1, "12");
 *	row_end(out, fmt);
 */
#ifndef HRTK_ROWFMT_H
#define HRTK_ROWFMT_H

#include <stddef.h>

#include "buf.h"

enum row_format { ROW_TSV, ROW_CSV, ROW_JSONL };

/* The format named s ("tsv", "csv", "jsonl"), or -1. */
int row_format_parse(const char *s);
/* The line of column names (TSV, CSV); nothing for JSONL. cols ends with NULL. */
void row_header(struct buf *out, enum row_format f, const char *const *cols);
/* Appends field i of a row: a string, or a number written as given. */
void row_str(struct buf *out, enum row_format f, const char *const *cols, size_t i,
	     const char *s, size_t len);
void row_num(struct buf *out, enum row_format f, const char *const *cols, size_t i, const char *num);
void row_end(struct buf *out, enum row_format f);

#endif
