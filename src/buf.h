/* buf.h: a growable byte string, always NUL-terminated, binary-safe. */
#ifndef HRTK_BUF_H
#define HRTK_BUF_H

#include <stddef.h>
#include <stdio.h>

struct buf {
	char *data;	/* NUL-terminated when alloc > 0; may hold NULs */
	size_t len;	/* used bytes, not counting the terminator */
	size_t alloc;	/* allocated bytes */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
/* Frees the contents; the buf is empty and usable again. */
void buf_release(struct buf *b);
/* Empties the buf but keeps its memory for reuse. */
static inline void buf_reset(struct buf *b) { b->len = 0; if (b->alloc) b->data[0] = '\0'; }
/* Makes room for n more bytes beyond len. */
void buf_grow(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Shortens to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
/* Hands the contents to the caller (free() them) and empties the buf. */
char *buf_detach(struct buf *b, size_t *len);
/*
 * Appends all of fp; returns 0, or -1 with errno set on a read error
 * (what was read before the error stays in the buf).
 */
int buf_read_file(struct buf *b, FILE *fp);
/*
 * Appends the whole file at path; returns 0, or -1 with "PATH: reason" in
 * err (what was read stays in b).
 */
int buf_read_path(struct buf *b, const char *path, struct buf *err);
/*
 * Appends one line of fp including its '\n' (none at end of file).
 * Returns the bytes read, 0 at end of file, -1 on a read error.
 */
long buf_getline(struct buf *b, FILE *fp);

#endif
