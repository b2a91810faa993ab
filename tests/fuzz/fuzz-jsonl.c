/*
 * fuzz-jsonl.c: JSON Lines parsing and byte-exact re-serialisation, and
 * jsonl.c's scanner against jansson on the same bytes (jsonl-diff.h):
 * any disagreement aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "err.h"
#include "jsonl.h"
#include "../unit/jsonl-diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	struct doc d;

	if (jsonl_diff((const char *)data, size))
		abort();
	doc_init(&d);
	if (jsonl_parse(&d.obj, (const char *)data, size, &err) == 0) {
		d.id = estrdup("fuzz");
		doc_set_text(&d, "x", 1);
		doc_write_jsonl(&out, &d);
	}
	doc_release(&d);
	buf_release(&err);
	buf_release(&out);
	return 0;
}
