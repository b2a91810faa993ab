/*
 * fuzz-clean.c: clean_doc() with the default rules; the first byte picks
 * explain, only_rules, a fixed language and a corpus pass over the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clean.h"

static struct rules rules;	/* compiled once; reachable, not a leak */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct clean_opts o = { 0 };
	struct clean_result r;
	struct clean_scratch *s;
	struct corpus *c = NULL;
	struct buf err = BUF_INIT;
	unsigned flags = 0;

	if (!ready) {
		rules_init(&rules);
		if (rules_add_defaults(&rules, &err) < 0 || rules_compile(&rules, &err) < 0)
			abort();
		ready = 1;
	}
	if (size) {
		flags = data[0];
		data++, size--;
	}
	o.rules = &rules;
	o.explain = flags & 1;
	o.only_rules = flags & 2;
	o.lang = flags & 4 ? "en" : NULL;
	s = clean_scratch_new();
	if (flags & 8) {
		c = corpus_new(1, 0.0);
		clean_corpus_add(&o, s, c, "g", (const char *)data, size);
		clean_corpus_add(&o, s, c, "g", (const char *)data, size / 2);
		o.corpus = c;
	}
	clean_result_init(&r);
	clean_doc(&o, s, "fuzz", "g", (const char *)data, size, &r);
	clean_result_release(&r);
	clean_scratch_free(s);
	corpus_free(c);
	buf_release(&err);
	return 0;
}
