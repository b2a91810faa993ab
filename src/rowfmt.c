/* rowfmt.c: one table row in TSV, CSV or JSON Lines. */
#include <string.h>

#include "jsonl.h"
#include "rowfmt.h"

int row_format_parse(const char *s)
{
	if (!strcmp(s, "tsv"))
		return ROW_TSV;
	if (!strcmp(s, "csv"))
		return ROW_CSV;
	if (!strcmp(s, "jsonl"))
		return ROW_JSONL;
	return -1;
}

static void field_start(struct buf *out, enum row_format f, const char *const *cols, size_t i)
{
	if (f == ROW_JSONL) {
		buf_addc(out, i ? ',' : '{');
		json_add_string(out, cols[i], strlen(cols[i]));
		buf_addc(out, ':');
	} else if (i) {
		buf_addc(out, f == ROW_TSV ? '\t' : ',');
	}
}

static void add_plain(struct buf *out, enum row_format f, const char *s, size_t len)
{
	size_t i;

	if (f == ROW_CSV && (memchr(s, ',', len) || memchr(s, '"', len) ||
			     memchr(s, '\n', len) || memchr(s, '\r', len))) {
		buf_addc(out, '"');
		for (i = 0; i < len; i++) {
			if (s[i] == '"')
				buf_addc(out, '"');
			buf_addc(out, s[i]);
		}
		buf_addc(out, '"');
		return;
	}
	for (i = 0; i < len; i++)
		buf_addc(out, f == ROW_TSV && (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') ? ' ' : s[i]);
}

void row_header(struct buf *out, enum row_format f, const char *const *cols)
{
	size_t i;

	if (f == ROW_JSONL)
		return;
	for (i = 0; cols[i]; i++) {
		field_start(out, f, cols, i);
		add_plain(out, f, cols[i], strlen(cols[i]));
	}
	buf_addc(out, '\n');
}

void row_str(struct buf *out, enum row_format f, const char *const *cols, size_t i,
	     const char *s, size_t len)
{
	field_start(out, f, cols, i);
	if (f == ROW_JSONL)
		json_add_string(out, s, len);
	else
		add_plain(out, f, s, len);
}

void row_num(struct buf *out, enum row_format f, const char *const *cols, size_t i, const char *num)
{
	field_start(out, f, cols, i);
	buf_adds(out, num);
}

void row_end(struct buf *out, enum row_format f)
{
	if (f == ROW_JSONL)
		buf_addc(out, '}');
	buf_addc(out, '\n');
}
