/* t-html.c: unit tests of html_extract() on inputs that are not NUL-terminated. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "extract.h"

/* Extracts from a heap copy of s without a terminating NUL, so ASan sees any overread. */
static int extract(const char *s, size_t len, struct extract_result *r)
{
	struct extract_opts o = { 0 };
	struct buf err = BUF_INIT;
	char *p = malloc(len ? len : 1);
	int rc;

	memcpy(p, len ? s : " ", len ? len : 1);
	o.from = FROM_HTML;
	o.all = 1;
	extract_result_init(r);
	rc = html_extract(p, len, &o, r, &err);
	free(p);
	buf_release(&err);
	return rc;
}

int main(void)
{
	struct extract_result r;

	check("empty page (a byte after it) is empty, not an error",
	      extract("", 0, &r) == 0 && r.text.len == 0);
	extract_result_release(&r);
	check("white space only is empty, not an error",
	      extract(" \n\t", 3, &r) == 0 && r.text.len == 0);
	extract_result_release(&r);
	check("a paragraph comes out",
	      extract("<p>hello world</p>", 18, &r) == 0 && strstr(r.text.data, "hello world"));
	extract_result_release(&r);
	return check_report("t-html");
}
