/*
 * jsonl.h: one JSON Lines object, parsed by jansson, with the raw bytes of
 * every top-level member kept so that fields a command does not touch are
 * written back byte for byte (jansson would re-print numbers and escapes).
 */
#ifndef HRTK_JSONL_H
#define HRTK_JSONL_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"

struct jsonl_member {
	char *key;		/* decoded key, owned */
	const char *raw;	/* the value's bytes inside the object's line */
	size_t rawlen;
};

struct jsonl_obj {
	json_t *root;		/* jansson's view, for decoded values */
	char *line;		/* the input line, owned */
	size_t len;
	struct jsonl_member *m;
	size_t nm;
};

/*
 * Parses one line holding one JSON object. Returns 0, or -1 with a message
 * in err ("column N: ..."), leaving o empty. The line is copied.
 */
int jsonl_parse(struct jsonl_obj *o, const char *line, size_t len, struct buf *err);
void jsonl_release(struct jsonl_obj *o);

/*
 * A top-level member's value: 1 with the decoded string (and its length;
 * it may hold NULs), 0 when absent, -1 when present but not a string.
 */
int jsonl_get_str(const struct jsonl_obj *o, const char *key, const char **s, size_t *len);
/* 1 with an integer member's value, 0 when absent or not an integer. */
int jsonl_get_int(const struct jsonl_obj *o, const char *key, long long *v);
/* 1 with a number member's value, 0 when absent or not a number. */
int jsonl_get_num(const struct jsonl_obj *o, const char *key, double *v);

/* The member's index, or -1. */
long jsonl_find(const struct jsonl_obj *o, const char *key);

/*
 * Appends s as a JSON string literal. Invalid UTF-8 becomes U+FFFD so that
 * the output is always valid JSON; control characters are escaped.
 */
void json_add_string(struct buf *out, const char *s, size_t len);

#endif
