/* warc.c: WARC records and their HTTP payloads. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "conv.h"
#include "err.h"
#include "warc.h"

void warc_record_init(struct warc_record *r)
{
	memset(r, 0, sizeof(*r));
}

void warc_record_release(struct warc_record *r)
{
	buf_release(&r->type);
	buf_release(&r->uri);
	buf_release(&r->date);
	buf_release(&r->content_type);
	buf_release(&r->block);
	warc_record_init(r);
}

int warc_open(struct warc *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	return reader_open(&w->rd, path);
}

void warc_close(struct warc *w)
{
	reader_close(&w->rd);
	buf_release(&w->line);
}

static unsigned long long pos(const struct warc *w)
{
	return w->rd.offset + w->rd.pos;
}

static void chomp(struct buf *b)
{
	while (b->len && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == '\r'))
		b->data[--b->len] = '\0';
}

/* Splits "Name: value"; returns the value or NULL. */
static const char *header_value(char *line, const char *name)
{
	size_t n = strlen(name);
	char *v;

	if (strncasecmp(line, name, n) || line[n] != ':')
		return NULL;
	for (v = line + n + 1; *v == ' ' || *v == '\t'; v++)
		;
	return v;
}

/* Skips to the next line that starts a record, which is then read. */
static void resync(struct warc *w)
{
	unsigned long long at;

	for (;;) {
		at = pos(w);
		buf_reset(&w->line);
		if (reader_line(&w->rd, &w->line) <= 0) {
			w->done = 1;
			return;
		}
		if (!strncmp(w->line.data, "WARC/1.", 7)) {
			w->have_version = 1;
			w->version_at = at;
			return;
		}
	}
}

int warc_next(struct warc *w, struct warc_record *r, struct buf *err)
{
	unsigned long long length = 0;
	int have_length = 0, rc;
	const char *v;
	char *end;

	warc_record_release(r);
	if (w->done)
		return 0;
	if (w->have_version) {
		r->offset = w->version_at;
		w->have_version = 0;
	} else {
		/* Records are separated by blank lines. */
		do {
			r->offset = pos(w);
			buf_reset(&w->line);
			rc = reader_line(&w->rd, &w->line);
			if (rc < 0) {
				buf_addf(err, "byte %llu: %s", pos(w), reader_strerror(&w->rd));
				w->done = 1;
				return -2;
			}
			if (rc == 0) {
				w->done = 1;
				return 0;
			}
			chomp(&w->line);
		} while (!w->line.len);
		if (strncmp(w->line.data, "WARC/1.", 7)) {
			buf_addf(err, "byte %llu: not a WARC record (no 'WARC/1.x' version line); skipped to the next record",
				 r->offset);
			resync(w);
			return -1;
		}
	}
	for (;;) {
		buf_reset(&w->line);
		rc = reader_line(&w->rd, &w->line);
		if (rc <= 0) {
			buf_addf(err, "byte %llu: record cut short in its headers", r->offset);
			w->done = 1;
			return -2;
		}
		chomp(&w->line);
		if (!w->line.len)
			break;
		if ((v = header_value(w->line.data, "WARC-Type")))
			buf_adds(&r->type, v);
		else if ((v = header_value(w->line.data, "WARC-Target-URI")))
			buf_adds(&r->uri, v);
		else if ((v = header_value(w->line.data, "WARC-Date")))
			buf_adds(&r->date, v);
		else if ((v = header_value(w->line.data, "Content-Type")))
			buf_adds(&r->content_type, v);
		else if ((v = header_value(w->line.data, "Content-Length"))) {
			errno = 0;
			length = strtoull(v, &end, 10);
			have_length = !errno && end != v;
		}
	}
	/* Angle brackets around the URI are WARC/1.0 draft style. */
	if (r->uri.len > 1 && r->uri.data[0] == '<' && r->uri.data[r->uri.len - 1] == '>') {
		memmove(r->uri.data, r->uri.data + 1, r->uri.len - 2);
		buf_truncate(&r->uri, r->uri.len - 2);
	}
	if (!have_length) {
		buf_addf(err, "byte %llu: record without a valid Content-Length; skipped", r->offset);
		resync(w);
		return -1;
	}
	while (r->block.len < length) {
		long n = reader_read(&w->rd, &r->block, (size_t)(length - r->block.len));

		if (n <= 0) {
			buf_addf(err, "byte %llu: record cut short: %llu of %llu content bytes%s%s",
				 r->offset, (unsigned long long)r->block.len, length,
				 n < 0 ? ": " : "", n < 0 ? reader_strerror(&w->rd) : "");
			w->done = 1;
			return -2;
		}
	}
	return 1;
}

void warc_payload_init(struct warc_payload *p)
{
	memset(p, 0, sizeof(*p));
}

void warc_payload_release(struct warc_payload *p)
{
	buf_release(&p->content_type);
	buf_release(&p->body);
}

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

/* The media type, lowercased, and its charset parameter (lowercased) if any. */
static void parse_content_type(const char *v, struct buf *type, struct buf *charset)
{
	const char *p, *c;

	buf_reset(type);
	for (p = v; *p && *p != ';' && *p != ' '; p++)
		buf_addc(type, tolower((unsigned char)*p));
	if ((c = find_ci(v, "charset="))) {
		c += 8;
		if (*c == '"' || *c == '\'')
			c++;
		for (; *c && *c != ';' && *c != '"' && *c != '\'' && *c != ' '; c++)
			buf_addc(charset, tolower((unsigned char)*c));
	}
}

/* Decodes chunked transfer coding; -1 when malformed. */
static int dechunk(const char *in, size_t len, struct buf *out)
{
	const char *p = in, *end = in + len;
	unsigned long size;
	char *e;

	while (p < end) {
		size = strtoul(p, &e, 16);
		if (e == p)
			return -1;
		p = memchr(e, '\n', (size_t)(end - e));
		if (!p)
			return -1;
		p++;
		if (size == 0)
			return 0;
		if (size > (size_t)(end - p))
			return -1;
		buf_add(out, p, size);
		p += size;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	return 0;
}

/* Inflates gzip, zlib or raw deflate data. */
static int inflate_all(const char *in, size_t len, struct buf *out)
{
	z_stream z;
	int rc, raw;

	for (raw = 0; raw < 2; raw++) {
		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, raw ? -MAX_WBITS : MAX_WBITS + 32) != Z_OK)
			return -1;
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		buf_reset(out);
		do {
			buf_grow(out, 65536);
			z.next_out = (Bytef *)out->data + out->len;
			z.avail_out = (uInt)(out->alloc - out->len - 1);
			rc = inflate(&z, Z_NO_FLUSH);
			out->len = out->alloc - 1 - z.avail_out;
		} while (rc == Z_OK && (z.avail_in || !z.avail_out));
		inflateEnd(&z);
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && out->len))
			return 0;
	}
	return -1;
}

/* Converts to UTF-8 from charset (conv.c); unknown charsets are kept as they are. */
static void to_utf8(const char *charset, struct buf *body)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct conv c;

	if (!*charset || !strcmp(charset, "utf-8") || !strcmp(charset, "utf8") ||
	    !strcmp(charset, "us-ascii"))
		return;
	/* Browsers read ISO-8859-1 as Windows-1252; so do we. */
	if (!strcmp(charset, "iso-8859-1") || !strcmp(charset, "latin1"))
		charset = "windows-1252";
	if (conv_open(&c, charset, &err) == 0) {
		conv_feed(&c, body->data ? body->data : "", body->len, 1, &out);
		conv_close(&c);
		buf_release(body);
		*body = out;
		if (!body->alloc)
			buf_grow(body, 0);
	}
	buf_release(&err);
}

static int is_text_type(const char *type, int *html)
{
	*html = !strcmp(type, "text/html") || !strcmp(type, "application/xhtml+xml");
	return *html || !strcmp(type, "text/plain");
}

int warc_payload(const struct warc_record *r, struct warc_payload *p, struct buf *err)
{
	const char *b = r->block.data ? r->block.data : "", *end = b + r->block.len, *nl, *v;
	struct buf charset = BUF_INIT, line = BUF_INIT, tmp = BUF_INIT;
	const char *body = b;
	int chunked = 0, encoded = 0, response, rc = 1;
	size_t n;

	response = !strcmp(r->type.data ? r->type.data : "", "response");
	if (!response && strcmp(r->type.data ? r->type.data : "", "resource"))
		return 0;
	if (response) {
		if (strncasecmp(r->content_type.data ? r->content_type.data : "", "application/http", 16))
			return 0;
		if (r->block.len < 5 || strncmp(b, "HTTP/", 5)) {
			buf_adds(err, "response record without an HTTP status line");
			return -1;
		}
		for (body = b; body < end; body = nl + 1) {
			nl = memchr(body, '\n', (size_t)(end - body));
			if (!nl) {
				body = end;
				break;
			}
			buf_reset(&line);
			buf_add(&line, body, (size_t)(nl - body));
			chomp(&line);
			if (!line.len && body != b) {
				body = nl + 1;
				break;
			}
			if ((v = header_value(line.data, "Content-Type")))
				parse_content_type(v, &p->content_type, &charset);
			else if ((v = header_value(line.data, "Transfer-Encoding")))
				chunked = find_ci(v, "chunked") != NULL;
			else if ((v = header_value(line.data, "Content-Encoding")))
				encoded = find_ci(v, "gzip") || find_ci(v, "deflate");
		}
	} else {
		parse_content_type(r->content_type.data ? r->content_type.data : "", &p->content_type, &charset);
	}
	if (!p->content_type.len || !is_text_type(p->content_type.data, &p->html)) {
		rc = 0;
		goto out;
	}
	n = (size_t)(end - body);
	buf_add(&p->body, body, n);
	if (chunked) {
		if (dechunk(p->body.data, p->body.len, &tmp) < 0) {
			buf_adds(err, "malformed chunked transfer coding");
			rc = -1;
			goto out;
		}
		buf_release(&p->body);
		p->body = tmp;
		buf_init(&tmp);
	}
	if (encoded) {
		if (inflate_all(p->body.data ? p->body.data : "", p->body.len, &tmp) < 0) {
			buf_adds(err, "content encoding: not valid gzip or deflate data");
			rc = -1;
			goto out;
		}
		buf_release(&p->body);
		p->body = tmp;
		buf_init(&tmp);
	}
	if (!p->body.alloc)
		buf_grow(&p->body, 0);
	to_utf8(charset.data ? charset.data : "", &p->body);
out:
	buf_release(&charset);
	buf_release(&line);
	buf_release(&tmp);
	return rc;
}
