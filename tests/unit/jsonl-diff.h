/*
 * jsonl-diff.h: does jsonl_parse() (its own scanner, jansson for the rest)
 * agree with jansson reading the whole line? Shared by t-jsonl.c (generated
 * inputs) and tests/fuzz/fuzz-jsonl.c (libFuzzer's).
 */
#ifndef HRTK_JSONL_DIFF_H
#define HRTK_JSONL_DIFF_H

#include <stdio.h>
#include <string.h>

#include "jsonl.h"

/* Does the member's raw span read back (alone, through jansson) as v? */
static int jsonl_diff_raw(const struct jsonl_member *m, json_t *v)
{
	json_t *back = json_loadb(m->raw, m->rawlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	int same = back && json_equal(back, v);

	json_decref(back);
	return same;
}

/* NULL when they agree; else what differs (a static string). */
static const char *jsonl_diff(const char *s, size_t n)
{
	struct buf err = BUF_INIT, want = BUF_INIT;
	struct jsonl_obj o;
	json_error_t jerr;
	json_t *root = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr), *v;
	const char *why = NULL, *key;
	void *it;
	size_t i = 0;
	int ok = jsonl_parse(&o, s, n, &err) == 0;

	if (!root)
		buf_addf(&want, "column %d: %s", jerr.column, jerr.text);
	else if (!json_is_object(root))
		buf_adds(&want, "not a JSON object");
	if (ok != (root && json_is_object(root))) {
		why = ok ? "accepted what jansson rejects" : "rejected what jansson accepts";
	} else if (!ok) {
		if (err.len != want.len || memcmp(err.data, want.data, err.len))
			why = "another error message than jansson's";
	} else if (o.nm != json_object_size(root)) {
		why = "another number of members";
	} else {
		for (it = json_object_iter(root); it && !why; it = json_object_iter_next(root, it), i++) {
			key = json_object_iter_key(it);
			v = json_object_iter_value(it);
			if (strcmp(o.m[i].key, key) || o.m[i].keylen != strlen(key))
				why = "another key, or another order";
			else if (json_is_string(v) && (!o.m[i].str || o.m[i].val ||
						      o.m[i].len != json_string_length(v) ||
						      memcmp(o.m[i].str, json_string_value(v), o.m[i].len) ||
						      o.m[i].str[o.m[i].len]))
				why = "another decoded string";
			else if (!json_is_string(v) && (o.m[i].str || !json_equal(o.m[i].val, v)))
				why = "another value";
			else if (!jsonl_diff_raw(&o.m[i], v))
				why = "a raw span that is not the value";
		}
	}
	if (why) {
		fprintf(stderr, "jsonl-diff: %s: got \"%s\", jansson \"%s\"; input (%zu bytes): ",
			why, ok ? "ok" : err.data, want.len ? want.data : "ok", n);
		fwrite(s, 1, n < 300 ? n : 300, stderr);
		fputc('\n', stderr);
	}
	if (ok)
		jsonl_release(&o);
	json_decref(root);
	buf_release(&err);
	buf_release(&want);
	return why;
}

#endif
