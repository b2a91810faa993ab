/* explain.c: rows of the --explain TSV. */
#include <string.h>

#include "explain.h"

static void add_field(struct buf *out, const char *s)
{
	for (; s && *s; s++)
		buf_addc(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

void explain_row(struct buf *out, const char *doc, size_t first, size_t last,
		 const char *action, const char *mechanism, const char *detail)
{
	add_field(out, doc);
	buf_addf(out, "\t%zu\t%zu\t%s\t%s\t", first, last, action, mechanism);
	add_field(out, detail);
	buf_addc(out, '\n');
}
