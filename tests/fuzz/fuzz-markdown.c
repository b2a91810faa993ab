/* fuzz-markdown.c: the PDF-to-markdown path, with its explain rows. */
#include <stdint.h>
#include <string.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract_opts o = { 0 };
	struct extract_result r;
	struct buf err = BUF_INIT;

	o.from = FROM_MARKDOWN;
	o.explain = 1;
	o.doc_id = "fuzz";
	extract_result_init(&r);
	markdown_extract((const char *)data, size, &o, &r, &err);
	extract_result_release(&r);
	buf_release(&err);
	return 0;
}
