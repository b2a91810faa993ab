/* conv.c: iconv behind hrtk's own names. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conv.h"

int conv_open(struct conv *c, const char *enc, struct buf *err)
{
	memset(c, 0, sizeof(*c));
	c->cd = iconv_open("UTF-8", enc);
	if (c->cd == (iconv_t)-1) {
		buf_addf(err, "unknown encoding '%s'", enc);
		return -1;
	}
	snprintf(c->name, sizeof(c->name), "%s", enc);
	return 0;
}

void conv_close(struct conv *c)
{
	if (c->cd != (iconv_t)-1 && c->cd)
		iconv_close(c->cd);
	buf_release(&c->carry);
}

void conv_feed(struct conv *c, const char *p, size_t len, int last, struct buf *out)
{
	char *in, *o;
	size_t inleft, outleft, room, done;

	buf_add(&c->carry, p, len);
	in = c->carry.data;
	inleft = c->carry.len;
	while (inleft) {
		room = inleft * 4 + 16;
		buf_grow(out, room);
		o = out->data + out->len;
		outleft = room;
		if (iconv(c->cd, &in, &inleft, &o, &outleft) != (size_t)-1) {
			out->len += room - outleft;
			continue;
		}
		out->len += room - outleft;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !last)
			break;	/* an incomplete character: wait for the rest */
		/* EILSEQ, or a truncated character at the end */
		if (!c->invalid++)
			c->first_invalid = c->consumed + (size_t)(in - c->carry.data);
		buf_adds(out, "\xEF\xBF\xBD");
		in++;
		inleft--;
	}
	if (out->alloc)
		out->data[out->len] = '\0';
	done = (size_t)(in - c->carry.data);
	c->consumed += done;
	memmove(c->carry.data, in, inleft);
	buf_truncate(&c->carry, inleft);
}
