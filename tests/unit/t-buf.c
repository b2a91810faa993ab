/* t-buf.c: unit tests of buf.c and the JSON string writer. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "jsonl.h"
#include "utf8.h"

/* json_add_string() a byte at a time, as it was before its 16-byte steps. */
static void json_slow(struct buf *out, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	size_t n;

	buf_addc(out, '"');
	while (p < end) {
		if (*p >= 0x20 && *p != '"' && *p != '\\' && *p < 0x80) {
			buf_addc(out, *p++);
		} else if (*p >= 0x80) {
			n = utf8_valid_len(p, (size_t)(end - p));
			buf_add(out, n ? (const char *)p : "\xEF\xBF\xBD", n ? n : 3);
			p += n ? n : 1;
		} else {
			buf_addf(out, *p == '"' ? "\\\"" : *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" :
				 *p == '\t' ? "\\t" : *p == '\r' ? "\\r" : *p == '\b' ? "\\b" :
				 *p == '\f' ? "\\f" : "\\u%04x", *p);
			p++;
		}
	}
	buf_addc(out, '"');
}

/* Random texts of words, escapes and UTF-8 (some of it broken) escape as byte by byte. */
static int json_add_agrees(void)
{
	static const char *const bits[] = { "word ", "a longer run of plain ASCII text ", "\n", "\"",
					    "\\", "\x01", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
					    "\xF0\x9F\x98\x80", "\xFF", "\xC3", "\xED\xA0\x80", "\t" };
	struct buf in = BUF_INIT, fast = BUF_INIT, slow = BUF_INIT;
	uint64_t st = 0x2545F4914F6CDD1Dull;
	size_t t, i, n;
	int ok = 1;

	for (t = 0; t < 2000; t++) {
		buf_reset(&in), buf_reset(&fast), buf_reset(&slow);
		n = (size_t)(check_next(&st) % 60);
		for (i = 0; i < n; i++)
			buf_adds(&in, bits[check_next(&st) % (sizeof(bits) / sizeof(*bits))]);
		buf_adds(&fast, "x");	/* not at the start of the buffer */
		json_add_string(&fast, in.data ? in.data : "", in.len);
		buf_adds(&slow, "x");
		json_slow(&slow, (const unsigned char *)(in.data ? in.data : ""), in.len);
		ok &= fast.len == slow.len && !memcmp(fast.data, slow.data, fast.len) &&
		      fast.data[fast.len] == '\0';
	}
	buf_release(&in), buf_release(&fast), buf_release(&slow);
	return ok;
}

int main(void)
{
	struct buf b = BUF_INIT, err = BUF_INIT;
	struct jsonl_obj o;
	const char *line;
	size_t i;

	buf_adds(&b, "abc");
	buf_addc(&b, 'd');
	buf_addf(&b, "%d-%s", 42, "x");
	check("appends", b.len == 8 && !strcmp(b.data, "abcd42-x"));
	for (i = 0; i < 10000; i++)
		buf_addc(&b, 'y');
	check("grows", b.len == 10008 && b.data[b.len] == '\0');
	buf_truncate(&b, 2);
	check("truncates", b.len == 2 && !strcmp(b.data, "ab"));
	buf_reset(&b);
	json_add_string(&b, "a\"b\\c\n\x01\xC3\xA9\xFF", 10);
	check("json escapes and repairs", !strcmp(b.data, "\"a\\\"b\\\\c\\n\\u0001\xC3\xA9\xEF\xBF\xBD\""));
	check("json escapes as byte by byte", json_add_agrees());

	line = "{\"a\": 1.50, \"b\":\"x,}\" ,\"c\":[1,{\"d\":2}]}";
	check("jsonl parses", jsonl_parse(&o, line, strlen(line), &err) == 0);
	check("jsonl keeps raw members", o.nm == 3 && o.m[0].rawlen == 4 && !memcmp(o.m[0].raw, "1.50", 4) &&
	      !memcmp(o.m[1].raw, "\"x,}\"", 5) && o.m[2].rawlen == 11);
	check("jsonl finds", jsonl_find(&o, "c") == 2 && jsonl_find(&o, "z") == -1);
	jsonl_release(&o);
	check("jsonl rejects arrays", jsonl_parse(&o, "[1]", 3, &err) < 0 && strstr(err.data, "not a JSON object"));
	buf_reset(&err);
	check("jsonl rejects a cut line", jsonl_parse(&o, "{\"a\": \"b", 8, &err) < 0 && strstr(err.data, "column"));
	buf_release(&b);
	buf_release(&err);
	return check_report("t-buf");
}
