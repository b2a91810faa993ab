/* fuzz-tok.c: the tokeniser on arbitrary bytes, with and without its options. */
#include <stdint.h>
#include <string.h>

#include "tok.h"

static int sink(void *ctx, const struct token *t)
{
	size_t *n = ctx;

	*n += t->len + (t->end - t->off);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tok_opts o = { 0 };
	size_t n = 0;

	if (size) {
		o.split_hyphens = data[0] & 1;
		o.keep_case = data[0] & 2;
		o.strip_accents = data[0] & 4;
		o.no_urls = data[0] & 8;
		o.lang = data[0] & 16 ? "fr" : NULL;
	}
	tok_each(&o, (const char *)data, size, sink, &n);
	return 0;
}
