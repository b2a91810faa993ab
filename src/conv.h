/*
 * conv.h: legacy encodings to UTF-8 through iconv(3), streaming.
 * Bytes that are not valid in the encoding become U+FFFD and are counted.
 */
#ifndef HRTK_CONV_H
#define HRTK_CONV_H

#include <iconv.h>

#include "buf.h"

struct conv {
	iconv_t cd;
	char name[64];
	struct buf carry;		/* an incomplete character held for the next call */
	unsigned long long consumed;	/* input bytes before carry */
	unsigned long long invalid, first_invalid;
};

/* Opens a converter from enc; 0, or -1 with a message in err. */
int conv_open(struct conv *c, const char *enc, struct buf *err);
void conv_close(struct conv *c);
/* Converts len more bytes, appending UTF-8 to out; last: no more input follows. */
void conv_feed(struct conv *c, const char *p, size_t len, int last, struct buf *out);

#endif
