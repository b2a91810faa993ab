/*
 * fuzz-norm.c: streaming normalisation; the first two bytes pick the
 * options and the chunk size, so that cuts fall everywhere.
 */
#include <stdint.h>
#include <string.h>

#include "norm.h"
#include "unicode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int forms[] = { UNI_NFC, UNI_NFKC, UNI_NFC | UNI_CASEFOLD,
				     UNI_NFKC | UNI_CASEFOLD | UNI_STRIP_MARKS };
	struct norm_opts o = { 0 };
	struct buf out = BUF_INIT;
	struct norm n;
	size_t chunk = size ? size : 1, i;
	unsigned long long invalid;

	if (size >= 2) {
		o.form = forms[data[0] & 3];
		o.fold_punct = data[0] & 4;
		o.squeeze = data[0] & 8;
		o.fix_mojibake = data[0] & 16;
		o.cp1252_fallback = data[0] & 32;
		o.strict = data[0] & 64;
		o.hold = data[0] & 128 ? 16 : 0;
		chunk = data[1] ? data[1] : 1;
		data += 2, size -= 2;
	} else {
		o.form = UNI_NFC;
	}
	norm_init(&n, &o);
	for (i = 0; i < size; i += chunk)
		if (norm_feed(&n, (const char *)data + i, size - i < chunk ? size - i : chunk, &out) < 0)
			break;
	if (i >= size)
		norm_finish(&n, &out);
	norm_release(&n);
	buf_reset(&out);
	norm_string(&o, (const char *)data, size, &out, &invalid);
	buf_release(&out);
	return 0;
}
