/* extract.c: what extract's input modules share: results and input sniffing. */
#include <string.h>
#include <strings.h>

#include "extract.h"

void extract_result_init(struct extract_result *r)
{
	memset(r, 0, sizeof(*r));
}

void extract_result_release(struct extract_result *r)
{
	buf_release(&r->text);
	buf_release(&r->explain);
	buf_release(&r->title);
	buf_release(&r->author);
	buf_release(&r->date);
	buf_release(&r->lang);
	buf_release(&r->site);
	buf_release(&r->url);
}

/* True when one of the first bytes opens an HTML document. */
static int looks_html(const char *in, size_t len)
{
	static const char *const marks[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta", "<div", "<p>", "<title", NULL
	};
	size_t n = len < 4096 ? len : 4096, i, j;

	for (i = 0; i < n; i++) {
		if (in[i] != '<')
			continue;
		for (j = 0; marks[j]; j++)
			if (n - i >= strlen(marks[j]) && !strncasecmp(in + i, marks[j], strlen(marks[j])))
				return 1;
	}
	return 0;
}

/* Markdown from PDF converters: '#' headings, '**' emphasis, '---' rules, '](' links. */
static int looks_markdown(const char *in, size_t len)
{
	const char *p = in, *end = in + len, *nl;
	int score = 0;

	for (; p < end && score < 3; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (*p == '#' && nl - p > 2 && (p[1] == ' ' || p[1] == '#'))
			score++;
		else if (nl - p >= 3 && !strncmp(p, "---", 3))
			score++;
		else if (nl - p > 4 && !strncmp(p, "**", 2) && !strncmp(nl - 2, "**", 2))
			score++;
	}
	return score >= 3;
}

enum extract_from extract_sniff(const char *in, size_t len)
{
	if (looks_html(in, len))
		return FROM_HTML;
	if (memchr(in, '\f', len))
		return FROM_PDFTEXT;
	if (looks_markdown(in, len))
		return FROM_MARKDOWN;
	return FROM_TEXT;
}
