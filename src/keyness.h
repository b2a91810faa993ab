/*
 * keyness.h: the keyness statistics of one term in a target corpus against
 * a reference corpus (a, b: its counts; c, d: the corpora's token totals).
 *
 *	G2 (log-likelihood, Rayson & Garside 2000):
 *	  E1 = c (a + b) / (c + d), E2 = d (a + b) / (c + d),
 *	  G2 = 2 (a ln(a / E1) + b ln(b / E2)), a term with a zero count adding 0.
 *	log ratio (Hardie 2014): log2((a / c) / (b / d)), a zero count taken
 *	  as 0.5 so that words absent from one corpus get a finite value.
 *	%DIFF (Gabrielatos & Marchi 2012): (a/c - b/d) / (b/d) * 100;
 *	  infinite (pct_diff_inf set) when b is 0.
 */
#ifndef HRTK_KEYNESS_H
#define HRTK_KEYNESS_H

struct keyness {
	double g2, log_ratio, pct_diff;
	int pct_diff_inf;	/* b == 0 and a > 0 */
	int sign;		/* +1 relatively more frequent in the target, -1 less, 0 the same */
};

void keyness_compute(struct keyness *k, double a, double b, double c, double d);

/* The G2 critical value for p (0.05, 0.01, 0.001, 0.0001; 1 df), or -1. */
double keyness_threshold(double p);

#endif
