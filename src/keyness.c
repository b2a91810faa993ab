/* keyness.c: log-likelihood, log ratio and %DIFF for two frequency tables. */
#include <math.h>

#include "keyness.h"

void keyness_compute(struct keyness *k, double a, double b, double c, double d)
{
	double e1 = c * (a + b) / (c + d), e2 = d * (a + b) / (c + d);
	double ra = a / c, rb = b / d;

	k->g2 = 2.0 * ((a > 0 ? a * log(a / e1) : 0.0) + (b > 0 ? b * log(b / e2) : 0.0));
	k->log_ratio = log2(((a > 0 ? a : 0.5) / c) / ((b > 0 ? b : 0.5) / d));
	k->pct_diff_inf = b == 0 && a > 0;
	k->pct_diff = b > 0 ? (ra - rb) / rb * 100.0 : 0.0;
	k->sign = ra > rb ? 1 : ra < rb ? -1 : 0;
}

double keyness_threshold(double p)
{
	static const struct { double p, crit; } t[] = {
		{ 0.05, 3.84 }, { 0.01, 6.63 }, { 0.001, 10.83 }, { 0.0001, 15.13 }
	};
	unsigned i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (fabs(p - t[i].p) < t[i].p * 1e-6)
			return t[i].crit;
	return -1;
}
