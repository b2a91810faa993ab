/* buf.c: growable byte strings. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->alloc = 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void buf_grow(struct buf *b, size_t n)
{
	size_t want = b->len + n + 1;

	if (want <= b->alloc)
		return;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	if (want < 64)
		want = 64;
	b->data = erealloc(b->data, want);
	b->alloc = want;
	b->data[b->len] = '\0';
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (!b->alloc)
		buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	buf_init(b);
	return p;
}

int buf_read_file(struct buf *b, FILE *fp)
{
	size_t n;

	for (;;) {
		buf_grow(b, 65536);
		n = fread(b->data + b->len, 1, b->alloc - b->len - 1, fp);
		b->len += n;
		b->data[b->len] = '\0';
		if (n == 0)
			break;
	}
	return ferror(fp) ? -1 : 0;
}

int buf_read_path(struct buf *b, const char *path, struct buf *err)
{
	FILE *fp = fopen(path, "rb");
	int rc;

	if (!fp) {
		buf_addf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = buf_read_file(b, fp);
	if (rc < 0)
		buf_addf(err, "%s: %s", path, strerror(errno));
	fclose(fp);
	return rc;
}

long buf_getline(struct buf *b, FILE *fp)
{
	size_t start = b->len;
	int c;

	while ((c = getc_unlocked(fp)) != EOF) {
		if (b->len + 1 >= b->alloc)
			buf_grow(b, 1);
		b->data[b->len++] = (char)c;
		if (c == '\n')
			break;
	}
	if (b->alloc)
		b->data[b->len] = '\0';
	if (ferror(fp))
		return -1;
	return (long)(b->len - start);
}
