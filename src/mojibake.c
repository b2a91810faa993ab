/* mojibake.c: Windows-1252 decoding and repair of UTF-8 read as Windows-1252. */
#include <string.h>

#include "mojibake.h"
#include "utf8.h"

/* Windows-1252 bytes 0x80-0x9F; 0 where the byte is undefined. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int32_t cp1252_decode(unsigned char b)
{
	if (b >= 0x80 && b < 0xA0 && cp1252_high[b - 0x80])
		return cp1252_high[b - 0x80];
	return b;
}

int cp1252_encode(int32_t cp)
{
	int i;

	if (cp < 0x100)
		return cp >= 0x80 ? cp : -1;
	for (i = 0; i < 32; i++)
		if (cp1252_high[i] == cp)
			return 0x80 + i;
	return -1;
}

/* The repaired character at p, its source length in *srclen; 0 when there is none. */
static size_t repair_at(const unsigned char *p, const unsigned char *end,
			unsigned char *bytes, size_t *srclen)
{
	const unsigned char *q = p;
	int32_t cp;
	size_t need, i;
	int b;

	q += utf8_decode(q, (size_t)(end - q), &cp);
	b = cp1252_encode(cp);
	if (b < 0xC2 || b > 0xF4)
		return 0;
	need = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	bytes[0] = (unsigned char)b;
	for (i = 1; i < need; i++) {
		if (q >= end || *q < 0x80)
			return 0;
		q += utf8_decode(q, (size_t)(end - q), &cp);
		b = cp1252_encode(cp);
		if (b < 0x80 || b > 0xBF)
			return 0;
		bytes[i] = (unsigned char)b;
	}
	if (utf8_valid_len(bytes, need) != need)
		return 0;
	*srclen = (size_t)(q - p);
	return need;
}

static size_t fix_once(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len, *run;
	unsigned char bytes[4];
	size_t n, src, fixes = 0;
	int32_t cp;

	while (p < end) {
		for (run = p; p < end && *p < 0x80; p++)
			;
		buf_add(out, run, (size_t)(p - run));
		if (p >= end)
			break;
		if ((n = repair_at(p, end, bytes, &src))) {
			buf_add(out, bytes, n);
			p += src;
			fixes++;
			continue;
		}
		n = utf8_decode(p, (size_t)(end - p), &cp);
		buf_add(out, p, n);
		p += n;
	}
	return fixes;
}

size_t mojibake_fix(struct buf *out, const char *s, size_t len)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t total = 0, n;
	int round;

	n = fix_once(&a, s, len);
	total += n;
	for (round = 1; round < 3 && n; round++) {
		buf_reset(&b);
		n = fix_once(&b, a.data, a.len);
		total += n;
		struct buf t = a;
		a = b;
		b = t;
	}
	buf_add(out, a.data ? a.data : "", a.len);
	buf_release(&a);
	buf_release(&b);
	return total;
}
