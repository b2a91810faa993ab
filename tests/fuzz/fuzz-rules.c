/* fuzz-rules.c: the rule-file parser and compiler, then a match over the same bytes. */
#include <stdint.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = BUF_INIT;
	struct rules r;
	struct rules_md *md;
	long first;
	size_t words, a;

	rules_init(&r);
	if (rules_add(&r, "fuzz.rules", (const char *)data, size, &err) == 0 &&
	    rules_compile(&r, &err) == 0) {
		md = rules_md_new();
		for (a = 0; a < RULE_TERM; a++)
			rules_match(&r, a, md, (const char *)data, size);
		rules_score(&r, md, (const char *)data, size, &first, &words);
		rules_md_free(md);
	}
	rules_release(&r);
	buf_release(&err);
	return 0;
}
