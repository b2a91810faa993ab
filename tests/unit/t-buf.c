/* t-buf.c: unit tests of buf.c and the JSON string writer. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "jsonl.h"

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
