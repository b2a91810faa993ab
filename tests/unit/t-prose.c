/* t-prose.c: unit tests of prose_smooth(), the context smoothing of block classes. */
#include <string.h>

#include "check.h"
#include "prose.h"

#define B PROSE_BAD
#define S PROSE_SHORT
#define N PROSE_NEARGOOD
#define G PROSE_GOOD
#define K PROSE_SKIP

/* Smooths n classes of 50-character blocks (no headings); true when they become want. */
static int smooths(const enum prose_class *in, const enum prose_class *want, size_t n)
{
	enum prose_class cls[2048];
	static struct prose_feat f[2048];
	size_t i;

	memcpy(cls, in, n * sizeof(*cls));
	for (i = 0; i < n; i++)
		f[i].chars = 50;
	prose_smooth(cls, f, n);
	return !memcmp(cls, want, n * sizeof(*cls));
}

int main(void)
{
	static const enum prose_class between_good[] = { G, S, S, G }, gg[] = { G, G, G, G };
	static const enum prose_class between_bad[] = { B, S, K, S, B }, bb[] = { B, B, K, B, B };
	static const enum prose_class lone_near[] = { S, N, S, B }, lone_bad[] = { B, B, B, B };
	static const enum prose_class near_after[] = { G, S, N, S, B }, near_want[] = { G, G, G, B, B };
	enum prose_class menu[2000], menu_want[2000];
	size_t i;

	check("short blocks between good ones are good", smooths(between_good, gg, 4));
	check("short blocks between bad ones are bad, skips stay", smooths(between_bad, bb, 5));
	check("a near-good block between bad ones is bad", smooths(lone_near, lone_bad, 4));
	check("a short block before a near-good one is good, after it bad",
	      smooths(near_after, near_want, 5));
	menu[0] = B, menu[1999] = G;
	for (i = 1; i < 1999; i++)
		menu[i] = i % 7 ? S : K;
	for (i = 0; i < 2000; i++)
		menu_want[i] = menu[i] == S ? B : menu[i];
	check("a long menu of short blocks between bad and good is bad", smooths(menu, menu_want, 2000));
	return check_report("t-prose");
}
