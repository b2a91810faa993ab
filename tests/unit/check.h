/* check.h: the unit tests' whole framework: check(desc, expr), then check_report(). */
#ifndef HRTK_CHECK_H
#define HRTK_CHECK_H

#include <stdint.h>
#include <stdio.h>

static int check_passed, check_failed;

#define check(desc, expr) do { \
	if (expr) { \
		check_passed++; \
	} else { \
		check_failed++; \
		fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, desc); \
	} \
} while (0)

/* Prints "NAME: N passed, N failed" and returns the exit status for main(). */
static inline int check_report(const char *name)
{
	printf("%s: %d checks passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

/* The tests' reproducible random numbers (xorshift64); *state must not be 0. */
static inline uint64_t check_next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif
