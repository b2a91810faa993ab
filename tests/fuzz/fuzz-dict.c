/* fuzz-dict.c: the dictionary parser (native and LIWC), compiler and matcher. */
#include <stdint.h>
#include <string.h>

#include "dict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct dict_run run;
	struct dict d;

	dict_init(&d);
	if (dict_load_mem(&d, "fuzz.dic", (const char *)data, size, &err) == 0 &&
	    dict_compile(&d, &err) == 0) {
		dict_find(&d, "a");
		dict_run_init(&run, &d);
		dict_run(&run, &d, (const char *)data, size);
		dict_run_release(&run);
	}
	dict_release(&d);
	buf_release(&err);
	return 0;
}
