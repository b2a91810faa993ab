/* fuzz-html.c: HTML extraction; the first byte picks the options (all, meta, title). */
#include <stdint.h>
#include <string.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct extract_opts o = { 0 };
	struct extract_result r;
	struct buf err = BUF_INIT;

	if (size) {
		o.all = data[0] & 1;
		o.want_meta = data[0] & 2;
		o.title = data[0] & 4;
		data++, size--;
	}
	o.from = FROM_HTML;
	o.doc_id = "fuzz";
	extract_result_init(&r);
	html_extract((const char *)data, size, &o, &r, &err);
	extract_result_release(&r);
	buf_release(&err);
	return 0;
}
