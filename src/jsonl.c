/* jsonl.c: JSON Lines objects with byte-exact passthrough of their members. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jsonl.h"
#include "utf8.h"

/* Skips one JSON string starting at its opening quote; returns the byte after it. */
static const char *skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return end;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Skips one value that jansson has already validated. */
static const char *skip_value(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		switch (*p) {
		case '"':
			p = skip_string(p, end) - 1;
			if (!depth)
				return p + 1;
			break;
		case '{': case '[':
			depth++;
			break;
		case '}': case ']':
			if (!depth)
				return p;
			if (!--depth)
				return p + 1;
			break;
		case ',':
			if (!depth)
				return p;
			break;
		case ' ': case '\t': case '\n': case '\r':
			if (!depth)
				return p;
			break;
		}
	}
	return end;
}

/* Records the raw span of each top-level member, in input order. */
static void slice_members(struct jsonl_obj *o)
{
	const char *p = o->line, *end = o->line + o->len, *k, *v;
	size_t alloc = 0;
	json_t *key;

	p = skip_space(p, end) + 1;	/* '{' */
	for (;;) {
		p = skip_space(p, end);
		if (p >= end || *p != '"')
			break;
		k = p;
		p = skip_string(p, end);
		key = json_loadb(k, (size_t)(p - k), JSON_DECODE_ANY, NULL);
		p = skip_space(p, end) + 1;	/* ':' */
		p = skip_space(p, end);
		v = p;
		p = skip_value(p, end);
		if (o->nm == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			o->m = ereallocarray(o->m, alloc, sizeof(*o->m));
		}
		o->m[o->nm].key = estrdup(key ? json_string_value(key) : "");
		o->m[o->nm].raw = v;
		o->m[o->nm].rawlen = (size_t)(p - v);
		o->nm++;
		json_decref(key);
		p = skip_space(p, end);
		if (p < end && *p == ',')
			p++;
	}
}

int jsonl_parse(struct jsonl_obj *o, const char *line, size_t len, struct buf *err)
{
	json_error_t jerr;

	memset(o, 0, sizeof(*o));
	o->root = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!o->root) {
		buf_addf(err, "column %d: %s", jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(o->root)) {
		json_decref(o->root);
		o->root = NULL;
		buf_adds(err, "not a JSON object");
		return -1;
	}
	o->line = estrndup(line, len);
	o->len = len;
	slice_members(o);
	return 0;
}

void jsonl_release(struct jsonl_obj *o)
{
	size_t i;

	for (i = 0; i < o->nm; i++)
		free(o->m[i].key);
	free(o->m);
	free(o->line);
	json_decref(o->root);
	memset(o, 0, sizeof(*o));
}

int jsonl_get_str(const struct jsonl_obj *o, const char *key, const char **s, size_t *len)
{
	json_t *v = o->root ? json_object_get(o->root, key) : NULL;

	if (!v)
		return 0;
	if (!json_is_string(v))
		return -1;
	*s = json_string_value(v);
	if (len)
		*len = json_string_length(v);
	return 1;
}

int jsonl_get_int(const struct jsonl_obj *o, const char *key, long long *v)
{
	json_t *j = o->root ? json_object_get(o->root, key) : NULL;

	if (!json_is_integer(j))
		return 0;
	*v = (long long)json_integer_value(j);
	return 1;
}

int jsonl_get_num(const struct jsonl_obj *o, const char *key, double *v)
{
	json_t *j = o->root ? json_object_get(o->root, key) : NULL;

	if (!json_is_number(j))
		return 0;
	*v = json_number_value(j);
	return 1;
}

long jsonl_find(const struct jsonl_obj *o, const char *key)
{
	size_t i;

	for (i = 0; i < o->nm; i++)
		if (!strcmp(o->m[i].key, key))
			return (long)i;
	return -1;
}

void json_add_string(struct buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run;
	size_t n;

	buf_grow(out, len + 2);
	buf_addc(out, '"');
	while (p < end) {
		run = p;
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		buf_add(out, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p >= 0x80) {
			n = utf8_valid_len(p, (size_t)(end - p));
			if (n) {
				buf_add(out, p, n);
				p += n;
			} else {
				buf_adds(out, "\xEF\xBF\xBD");
				p++;
			}
			continue;
		}
		buf_addc(out, '\\');
		switch (*p) {
		case '"': buf_addc(out, '"'); break;
		case '\\': buf_addc(out, '\\'); break;
		case '\n': buf_addc(out, 'n'); break;
		case '\t': buf_addc(out, 't'); break;
		case '\r': buf_addc(out, 'r'); break;
		case '\b': buf_addc(out, 'b'); break;
		case '\f': buf_addc(out, 'f'); break;
		default:
			buf_adds(out, "u00");
			buf_addc(out, hex[*p >> 4]);
			buf_addc(out, hex[*p & 15]);
		}
		p++;
	}
	buf_addc(out, '"');
}
