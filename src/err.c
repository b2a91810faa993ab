/* err.c: "hrtk CMD: message" diagnostics and allocation wrappers. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const char *cmd_name = "";

void err_set_cmd(const char *cmd)
{
	cmd_name = cmd ? cmd : "";
}

const char *err_cmd(void)
{
	return cmd_name;
}

/* Higher rank is worse; 0 is best. */
static int exit_rank(int code)
{
	switch (code) {
	case EXIT_OK: return 0;
	case EXIT_NEGATIVE: return 1;
	case EXIT_USAGE: return 2;
	case EXIT_INPUT: return 3;
	default: return 4;
	}
}

int exit_worse(int a, int b)
{
	return exit_rank(a) >= exit_rank(b) ? a : b;
}

static void vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	/* Keep stdout and stderr in order when both go to one terminal. */
	fflush(stdout);
	if (*cmd_name)
		fprintf(stderr, "hrtk %s: ", cmd_name);
	else
		fputs("hrtk: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

static void *oom(size_t n)
{
	die(EXIT_OUTPUT, "out of memory allocating %zu bytes", n);
}

void *emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : oom(n);
}

void *ecalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	return p ? p : oom(nmemb * size);
}

void *erealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	return q ? q : oom(n);
}

void *ereallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		return oom(SIZE_MAX);
	return erealloc(p, nmemb * size);
}

char *estrdup(const char *s)
{
	return estrndup(s, strlen(s));
}

char *estrndup(const char *s, size_t n)
{
	char *p = emalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}
