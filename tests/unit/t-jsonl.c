/*
 * t-jsonl.c: jsonl.c's scanner against jansson, on edge cases written out
 * and on many generated lines (valid ones, then mutated): the same lines
 * accepted, the same decoded keys and values, the same error messages.
 * Also the reuse of one object line after line (jsonl_parse_line).
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "jsonl-diff.h"
#include "jsonl.h"

static const char *const edges[] = {
	"{}", " { } ", "{\"a\":1}", "{\"a\":\"x\"}", "{\"a\" : \"x\" , \"b\" :2 }",
	"\t{\"a\":\"x\"}\r", "{\"a\":\"x\"} x", "{\"a\":\"x\"}}", "{\"a\":\"x\",}", "{,}",
	"{\"a\"}", "{\"a\":}", "{\"a\" \"b\"}", "{\"a\":1 \"b\":2}", "{a:1}", "{'a':1}",
	"[1]", "\"s\"", "1", "null", "", " ", "{", "{\"a", "{\"a\":\"x", "{\"a\":\"x\"",
	"{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}", "{\"a\\u0000b\":1}", "{\"\":1}",
	"{\"a\":\"\\u0000\"}", "{\"a\":\"x\\u0000y\"}", "{\"a\":\"\\ud83d\\ude00\"}",
	"{\"a\":\"\\uD83D\\uDE00\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}",
	"{\"a\":\"\\ud83d\\u0041\"}", "{\"a\":\"\\ud83dx\"}", "{\"a\":\"\\ud83d\\\"}",
	"{\"a\":\"\\ud83d\\ud83d\"}", "{\"a\":\"\\u00e9\\u20AC\\uFFFF\"}", "{\"a\":\"\\u12G4\"}",
	"{\"a\":\"\\u12\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\\"}", "{\"a\":\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"}",
	"{\"a\":\"\x01\"}", "{\"a\":\"\t\"}", "{\"a\":\"\n\"}", "{\"a\":\"\x7f\"}",
	"{\"a\":\"\xC3\xA9\"}", "{\"a\":\"\xF0\x9F\x98\x80\"}", "{\"a\":\"\xFF\"}", "{\"a\":\"\xC3\"}",
	"{\"a\":\"\xC0\x80\"}", "{\"a\":\"\xED\xA0\x80\"}", "{\"a\":\"\xF4\x90\x80\x80\"}",
	"{\"a\":\"\xE0\x80\xAF\"}", "{\"\xFF\":1}", "{\"a\":1}\xFF", "\xEF\xBB\xBF{\"a\":1}",
	"{\"a\":0}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}",
	"{\"a\":1.5e3}", "{\"a\":1E+5}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":0x1}",
	"{\"a\":9223372036854775807}", "{\"a\":9223372036854775808}",
	"{\"a\":-9223372036854775808}", "{\"a\":-9223372036854775809}", "{\"a\":1e400}",
	"{\"a\":1e-400}", "{\"a\":true,\"b\":false,\"c\":null}", "{\"a\":tru}", "{\"a\":True}",
	"{\"a\":nulll}", "{\"a\":[]}", "{\"a\":[1,2,[3,{\"b\":\"}\"}]]}", "{\"a\":[1,]}",
	"{\"a\":[1}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":{\"b\\u0000\":1}}", "{\"a\":{}}",
	"{\"a\":[\"\\ud800\"]}", "{\"a\":1\"b\"}", "{\"a\":1,\"b\":[1 2]}", "{\"a\":\"x\"\x0b}",
	"{\"a\":\"x\"\xC2\xA0}", "{\"a\":\"x\",\"b\":\"\x00\"}", "{\"a\":1}\x00",
	"{\"a\":[\"\\\\\"],\"b\":\"x\"}", "{\"a\":[\"\\\"]\"],\"b\":1}", "{\"a\":[\"\\",
};

static uint64_t seed = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
	return (unsigned)(check_next(&seed) % n);
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}
#define PICK(v) pick(v, sizeof(v) / sizeof(*(v)))

static const char *const pieces[] = {
	"a", "text", " ", "x y z", "\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t",
	"\\u00e9", "\\u0000", "\\uD83D\\uDE00", "\\u20ac", "\xC3\xA9", "\xE2\x82\xAC",
	"\xF0\x9F\x98\x80", "\x7f", "}", "]", ",", ":", "{", "[",
	"a plain run of more than sixteen bytes",
};
static const char *const bad_pieces[] = {
	"\\ud83d", "\\ude00", "\\ud83d\\u0041", "\\uzzzz", "\\q", "\xFF", "\xC0\x80",
	"\xED\xA0\x80", "\xC3", "\x01", "\t",
};
static const char *const keys[] = {
	"a", "b", "c", "id", "text", "", "\\u0061", "a\\u0000b", "\xC3\xA9", "k\\n",
};
static const char *const scalars[] = {
	"0", "-0", "12", "-3", "1.5", "1e5", "1E+5", "9223372036854775807", "-9223372036854775808",
	"1e-400", "true", "false", "null", "2.5e-3",
};
static const char *const bad_scalars[] = {
	"01", "1.", "1e", "-", ".5", "+1", "9223372036854775808", "-9223372036854775809", "1e400",
	"tru", "nul", "True", "0x1",
};
static const char *const spaces[] = { "", "", "", " ", "\t", "\r", "\n", "  ", "", "", "", "", "", "\x0b" };

static void gen_string(struct buf *b)
{
	/* now and then long enough for the scanner's 16-byte steps */
	unsigned n = rnd(8) ? rnd(6) : rnd(40), i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++)
		buf_adds(b, rnd(40) ? PICK(pieces) : PICK(bad_pieces));
	buf_addc(b, '"');
}

static void gen_value(struct buf *b, int depth);

static void gen_members(struct buf *b, int depth, unsigned n)
{
	unsigned i;

	buf_addc(b, '{');
	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(b, rnd(50) ? "," : "");
		buf_adds(b, PICK(spaces));
		buf_addc(b, '"');
		if (rnd(3))
			buf_addf(b, "k%u", i);	/* mostly distinct keys */
		else
			buf_adds(b, PICK(keys));
		buf_addc(b, '"');
		buf_adds(b, PICK(spaces));
		buf_adds(b, rnd(60) ? ":" : "");
		buf_adds(b, PICK(spaces));
		gen_value(b, depth + 1);
	}
	buf_adds(b, rnd(60) ? "" : ",");
	buf_addc(b, '}');
}

static void gen_value(struct buf *b, int depth)
{
	unsigned k = rnd(depth > 3 ? 6 : 8), i, n;

	if (k < 3) {
		gen_string(b);
	} else if (k < 6) {
		buf_adds(b, rnd(40) ? PICK(scalars) : PICK(bad_scalars));
	} else if (k == 6) {
		n = rnd(4);
		buf_addc(b, '[');
		for (i = 0; i < n; i++) {
			if (i)
				buf_adds(b, rnd(50) ? "," : "");
			gen_value(b, depth + 1);
		}
		buf_addc(b, ']');
	} else {
		gen_members(b, depth, rnd(4));
	}
}

/* One line: an object (sometimes something else), maybe mutated. */
static void gen_line(struct buf *b)
{
	unsigned k = rnd(100), i, n;

	buf_reset(b);
	buf_adds(b, PICK(spaces));
	if (k < 2)
		gen_value(b, 0);
	else
		gen_members(b, 0, rnd(10) ? rnd(6) : 10 + rnd(30));
	buf_adds(b, PICK(spaces));
	if (rnd(30) == 0)
		buf_adds(b, rnd(40) ? PICK(pieces) : PICK(bad_pieces));
	if (rnd(4) == 0 && b->len) {
		n = 1 + rnd(3);
		for (i = 0; i < n; i++)
			b->data[rnd((unsigned)b->len)] = (char)rnd(256);
	}
	if (rnd(10) == 0 && b->len)
		buf_truncate(b, rnd((unsigned)b->len));
}

/* Arrays nested d deep in member "a", around jansson's limit. */
static void gen_deep(struct buf *b, unsigned d)
{
	unsigned i;

	buf_reset(b);
	buf_adds(b, "{\"t\":\"x\",\"a\":");
	for (i = 0; i < d; i++)
		buf_addc(b, '[');
	for (i = 0; i < d; i++)
		buf_addc(b, ']');
	buf_addc(b, '}');
}

/* n members k0..k(n-1), member j named as member i (no duplicate when i == j). */
static void gen_wide(struct buf *b, unsigned n, unsigned i, unsigned j)
{
	unsigned m;

	buf_reset(b);
	buf_addc(b, '{');
	for (m = 0; m < n; m++)
		buf_addf(b, "%s\"k%u\":%u", m ? "," : "", m == j ? i : m, m);
	buf_addc(b, '}');
}

static void check_reuse(void)
{
	struct jsonl_obj o = JSONL_OBJ_INIT;
	struct buf err = BUF_INIT;
	const char *s;
	size_t len;
	long long id;

	buf_adds(&o.line, "{\"id\":7,\"text\":\"caf\\u00e9\",\"n\":1.5}");
	check("parses in place", jsonl_parse_line(&o, &err) == 0);
	check("decodes a string", jsonl_get_str(&o, "text", &s, &len) == 1 && len == 5 &&
	      !strcmp(s, "caf\xC3\xA9"));
	check("reads an integer", jsonl_get_int(&o, "id", &id) == 1 && id == 7);
	check("a number is not a string", jsonl_get_str(&o, "n", &s, &len) == -1);
	check("an absent member", jsonl_get_str(&o, "z", &s, &len) == 0 && jsonl_find(&o, "z") < 0);
	jsonl_clear(&o);
	check("cleared", o.nm == 0 && !o.parsed && o.line.len == 0);
	buf_adds(&o.line, "{\"text\":\"a\\u0000b\",\"x\":[1,{\"y\":null}]}");
	check("parses the next line", jsonl_parse_line(&o, &err) == 0 && o.nm == 2);
	check("keeps NULs", jsonl_get_str(&o, "text", &s, &len) == 1 && len == 3 && !memcmp(s, "a\0b", 3));
	check("keeps raw members", o.m[1].rawlen == 14 && !memcmp(o.m[1].raw, "[1,{\"y\":null}]", 14));
	jsonl_clear(&o);
	buf_adds(&o.line, "{\"a\":1,\"a\":2}");
	check("a duplicate key fails", jsonl_parse_line(&o, &err) < 0 && o.nm == 0 &&
	      strstr(err.data, "duplicate object key"));
	jsonl_release(&o);
	buf_release(&err);
}

int main(void)
{
	struct buf b = BUF_INIT;
	size_t i;
	unsigned d, bad = 0, valid = 0;
	json_t *root;

	for (i = 0; i < sizeof(edges) / sizeof(*edges); i++)
		check(edges[i], !jsonl_diff(edges[i], strlen(edges[i])));
	/* edges with a NUL byte inside, and inputs cut short at every byte */
	check("a raw NUL in a string", !jsonl_diff("{\"a\":\"\0\"}", 9));
	check("a raw NUL after the object", !jsonl_diff("{\"a\":1}\0", 8));
	for (i = 0; i < sizeof(edges) / sizeof(*edges); i++) {
		size_t n = strlen(edges[i]), k;

		for (k = 0; k < n; k++)
			bad += jsonl_diff(edges[i], k) != NULL;
	}
	for (d = 995; d <= 1005; d++) {
		gen_deep(&b, d);
		bad += jsonl_diff(b.data, b.len) != NULL;
	}
	for (d = 2040; d <= 2052; d++) {
		gen_deep(&b, d);
		bad += jsonl_diff(b.data, b.len) != NULL;
	}
	for (d = 1; d <= 40; d++) {
		for (i = 0; i < d; i++) {
			gen_wide(&b, d, (unsigned)i, d - 1);
			bad += jsonl_diff(b.data, b.len) != NULL;
			gen_wide(&b, d, (unsigned)i, (unsigned)i / 2);
			bad += jsonl_diff(b.data, b.len) != NULL;
		}
	}
	for (i = 0; i < 100000; i++) {
		gen_line(&b);
		bad += jsonl_diff(b.data, b.len) != NULL;
		root = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
		valid += json_is_object(root);
		json_decref(root);
	}
	check("generated inputs agree with jansson", bad == 0);
	check("a fair share of them is valid", valid > 20000 && valid < 80000);
	check_reuse();
	buf_release(&b);
	return check_report("t-jsonl");
}
