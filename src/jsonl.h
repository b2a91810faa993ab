/*
 * jsonl.h: one JSON Lines object, with the raw bytes of every top-level
 * member kept so that fields a command does not touch are written back byte
 * for byte (jansson would re-print numbers and escapes).
 *
 * The top level is read by a narrow scanner of our own (jsonl.c says why);
 * jansson stays the reference: it decodes every value that is not a string,
 * and it judges and words every line the scanner does not accept.
 */
#ifndef HRTK_JSONL_H
#define HRTK_JSONL_H

#include <stddef.h>
#include <jansson.h>

#include "buf.h"

struct jsonl_member {
	const char *key;	/* decoded key, NUL-terminated, inside the object */
	size_t keylen;
	const char *raw;	/* the value's bytes inside the object's line */
	size_t rawlen;
	const char *str;	/* a string value, decoded and NUL-terminated; or NULL */
	size_t len;		/* its length (it may hold NULs) */
	json_t *val;		/* any other value, decoded by jansson; or NULL */
};

struct jsonl_obj {
	struct buf line;	/* the input line, owned */
	struct buf dec;		/* the decoded keys and strings */
	struct jsonl_member *m;
	size_t nm, am;
	int parsed;		/* 1 once a line was parsed (until cleared) */
};

#define JSONL_OBJ_INIT { BUF_INIT, BUF_INIT, NULL, 0, 0, 0 }

/*
 * Parses one line holding one JSON object. Returns 0, or -1 with a message
 * in err ("column N: ..." from jansson), leaving o empty. The line is
 * copied; o need not be initialised (and is not released first).
 */
int jsonl_parse(struct jsonl_obj *o, const char *line, size_t len, struct buf *err);
/*
 * The same for the line the caller has put in o->line (without its '\n'),
 * reusing o's memory from earlier lines: o is zeroed, cleared or parsed.
 */
int jsonl_parse_line(struct jsonl_obj *o, struct buf *err);
/* Empties o (line and all) but keeps its memory for the next line, unless large. */
void jsonl_clear(struct jsonl_obj *o);
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
/* The four hex digits at p (a \uXXXX escape's), or -1 when they are not four hex digits. */
long json_hex4(const char *p, const char *end);

#endif
