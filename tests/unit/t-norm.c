/* t-norm.c: unit tests of the streaming normaliser and mojibake repair. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "mojibake.h"
#include "norm.h"
#include "unicode.h"

static const char *whole(const struct norm_opts *o, const char *s)
{
	static struct buf b;

	buf_reset(&b);
	buf_adds(&b, "");
	norm_string(o, s, strlen(s), &b, NULL);
	return b.data;
}

/* Feeds s in pieces of random sizes. */
static const char *pieces(const struct norm_opts *o, const char *s, size_t len, unsigned seed)
{
	static struct buf b;
	struct norm n;
	size_t i = 0, k;

	buf_reset(&b);
	buf_adds(&b, "");
	srand(seed);
	norm_init(&n, o);
	while (i < len) {
		k = 1 + (size_t)rand() % 7;
		if (k > len - i)
			k = len - i;
		norm_feed(&n, s + i, k, &b);
		i += k;
	}
	norm_finish(&n, &b);
	norm_release(&n);
	return b.data;
}

static const char *fix(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	buf_adds(&b, "");
	mojibake_fix(&b, s, strlen(s));
	return b.data;
}

int main(void)
{
	struct norm_opts o = { .form = UNI_NFC }, sq = { .form = UNI_NFC, .squeeze = 1 };
	/* CRLF, combining marks after ASCII and after CJK, jamo, invalid bytes. */
	const char *hard = "a\r\nb\re\xCC\x81\xCC\xA7 \xE4\xB8\xAD\xCC\x81\xE1\x84\x92\xE1\x85\xA1"
			   "\xE1\x86\xAB x\xFF\xE2\x82y\r\r\n z\xC2\xAD\xE2\x80\x8B  \t\n\n\n\nend  ";
	char want[256];
	unsigned seed;
	int same = 1;

	check("nfc", !strcmp(whole(&o, "Cafe\xCC\x81"), "Caf\xC3\xA9"));
	check("bom only at start", !strcmp(whole(&o, "\xEF\xBB\xBFx\xEF\xBB\xBF"), "x\xEF\xBB\xBF"));
	check("crlf", !strcmp(whole(&o, "a\r\nb\rc\n"), "a\nb\nc\n"));
	check("controls", !strcmp(whole(&o, "a\x01\x1b\x7f\t\f\xC2\x85z"), "a\t\fz"));
	check("maximal subparts", !strcmp(whole(&o, "\xE2\x82x\xF0\x9F\x98"), "\xEF\xBF\xBDx\xEF\xBF\xBD"));
	check("squeeze", !strcmp(whole(&sq, "a  \t b  \n\n\n\nc  "), "a b\n\nc"));
	/* Any cut of the input gives the same output, also with forced cuts inside lines. */
	strcpy(want, whole(&o, hard));
	o.hold = 4;
	for (seed = 1; seed < 200; seed++)
		same &= !strcmp(pieces(&o, hard, strlen(hard), seed), want);
	check("pieces nfc", same);
	strcpy(want, whole(&sq, hard));
	sq.hold = 4;
	same = 1;
	for (seed = 1; seed < 200; seed++)
		same &= !strcmp(pieces(&sq, hard, strlen(hard), seed), want);
	check("pieces squeeze", same);

	/* Forced cuts never split mojibake: a long line of it, fed in pieces. */
	{
		struct norm_opts mo = { .form = UNI_NFC, .fix_mojibake = 1, .hold = 8 };
		const char *bad = "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2\xC3\x83\xC2\xA9";
		struct buf line = BUF_INIT, exp = BUF_INIT;
		int i;

		for (i = 0; i < 20; i++) {
			buf_adds(&line, bad);
			buf_adds(&exp, "\xE2\x80\x99\xC3\xA9");
		}
		same = 1;
		for (seed = 1; seed < 50; seed++)
			same &= !strcmp(pieces(&mo, line.data, line.len, seed), exp.data);
		check("pieces mojibake", same);
		buf_release(&line);
		buf_release(&exp);
	}
	check("mojibake e acute", !strcmp(fix("Caf\xC3\x83\xC2\xA9"), "Caf\xC3\xA9"));
	check("mojibake quote", !strcmp(fix("it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s"), "it\xE2\x80\x99s"));
	check("mojibake twice", !strcmp(fix("\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2\xE2\x80\x9E\xC2\xA2"),
					"\xE2\x80\x99"));
	check("portuguese untouched", !strcmp(fix("N\xC3\x83O S\xC3\x83O PAULO n\xC3\xA3o"), "N\xC3\x83O S\xC3\x83O PAULO n\xC3\xA3o"));
	check("cp1252", cp1252_decode(0x92) == 0x2019 && cp1252_encode(0x2019) == 0x92 &&
			cp1252_decode(0x81) == 0x81 && cp1252_encode(0x41) == -1);
	return check_report("t-norm");
}
