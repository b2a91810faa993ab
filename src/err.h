/* err.h: diagnostics and the allocation wrappers that die on out-of-memory. */
#ifndef HRTK_ERR_H
#define HRTK_ERR_H

#include <stddef.h>

/*
 * Exit codes, the same for every command (man/hrtk.1, EXIT STATUS).
 * With several inputs the worst one wins: see exit_worse().
 */
enum {
	EXIT_OK = 0,
	EXIT_NEGATIVE = 1,	/* a negative result, e.g. a score below a threshold */
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,		/* bad or unreadable input */
	EXIT_OUTPUT = 4		/* write error on the output */
};

/* Returns the worse of two exit codes (output > input > usage > negative). */
int exit_worse(int a, int b);

/*
 * The command layer's voice. Messages go to stderr as "hrtk CMD: msg".
 * A format ending in ':' gets ": strerror(errno)" appended.
 * Only commands call these; library modules return errors instead.
 */
void err_set_cmd(const char *cmd);
const char *err_cmd(void);
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Allocation that cannot fail: out of memory ends the process with EXIT_OUTPUT. */
void *emalloc(size_t n);
void *ecalloc(size_t nmemb, size_t size);
void *erealloc(void *p, size_t n);
void *ereallocarray(void *p, size_t nmemb, size_t size);
char *estrdup(const char *s);
char *estrndup(const char *s, size_t n);

/*
 * qsort() that accepts an empty array with a NULL base (qsort's contract
 * forbids NULL even for zero elements, and UBSan holds us to it).
 */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
