/* t-utf8.c: the vector character counts (utf8_count(), layout_columns()) against byte loops. */
#include <string.h>

#include "check.h"
#include "layout.h"
#include "utf8.h"

static size_t count_slow(const unsigned char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (s[i] & 0xC0) != 0x80;
	return c;
}

/* The first word's columns, up to a space or an East Asian lead byte (counted as one). */
static size_t first_slow(const unsigned char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n && s[i] != ' '; i++) {
		if ((s[i] & 0xC0) == 0x80)
			continue;
		if (s[i] >= 0xE3 && s[i] <= 0xED)
			return c + 1;
		c++;
	}
	return c;
}

int main(void)
{
	/* bytes a text is made of: ASCII, a space, lead and continuation bytes, CJK leads */
	static const unsigned char pick[] = { 'a', 'Z', '.', ' ', 0xC3, 0xA9, 0x80, 0xBF, 0xE3, 0xED,
					      0xE2, 0xF0, 0xFF, '\n' };
	unsigned char s[5000];
	uint64_t st = 0x9E3779B97F4A7C15ull;
	size_t t, i, n, off;
	int counts = 1, first = 1;

	for (t = 0; t < 3000; t++) {
		n = (size_t)(check_next(&st) % (t < 2000 ? 70 : sizeof(s)));
		/* mostly ASCII letters, as text is, with the other bytes here and there */
		for (i = 0; i < n; i++) {
			uint64_t r = check_next(&st);

			s[i] = r % 4 ? (unsigned char)('a' + r % 26) : pick[(r >> 8) % sizeof(pick)];
		}
		off = n ? (size_t)(check_next(&st) % (n < 5 ? n : 5)) : 0;
		counts &= utf8_count(s + off, n - off) == count_slow(s + off, n - off);
		first &= layout_columns((const char *)s + off, n - off, 1) == first_slow(s + off, n - off);
		first &= layout_columns((const char *)s + off, n - off, 0) == count_slow(s + off, n - off);
	}
	check("utf8_count counts as a byte loop", counts);
	check("layout_columns counts as a byte loop", first);
	memset(s, 0x80, sizeof(s));
	check("utf8_count past 255 rounds of 16", utf8_count(s, sizeof(s)) == 0 &&
	      utf8_count(s + 1, 4095) == 0);
	memset(s, 'x', sizeof(s));
	check("layout_columns of a long word", layout_columns((const char *)s, 4099, 1) == 4099);
	check("layout_columns stops at a space", layout_columns("abcdefghijklmnopqrstuvwxyz hi", 29, 1) == 26);
	check("layout_columns stops after a CJK character",
	      layout_columns("abcdefghijklmnopq\xE4\xB8\xAD\xE6\x96\x87", 23, 1) == 18);
	return check_report("t-utf8");
}
