/*
 * warc.h: reading WARC/1.0 and 1.1 files (ISO 28500), plain or gzip (per
 * record or whole file; zlib reads concatenated members as one stream), and
 * the HTTP payloads of their response and resource records.
 */
#ifndef HRTK_WARC_H
#define HRTK_WARC_H

#include "buf.h"
#include "doc.h"

struct warc_record {
	unsigned long long offset;	/* of the record's first byte, uncompressed */
	struct buf type, uri, date, content_type;	/* WARC headers, "" when absent */
	struct buf block;		/* the content block */
};

struct warc {
	struct reader rd;
	struct buf line;
	int done;
	int have_version;		/* a resync has read the next record's version line */
	unsigned long long version_at;	/* where that line started */
};

int warc_open(struct warc *w, const char *path);
void warc_close(struct warc *w);
void warc_record_init(struct warc_record *r);
void warc_record_release(struct warc_record *r);

/*
 * Reads the next record. Returns 1, 0 at the end, -1 for a malformed record
 * (message in err with its byte offset; the reader has skipped to the next
 * "WARC/" line, so call again), -2 when the file ends inside a record or
 * cannot be read (message in err; no more records).
 */
int warc_next(struct warc *w, struct warc_record *r, struct buf *err);

struct warc_payload {
	int html;			/* text/html or XHTML; else text/plain */
	struct buf content_type;	/* the payload's media type, lowercased, no parameters */
	struct buf body;		/* UTF-8 */
};

void warc_payload_init(struct warc_payload *p);
void warc_payload_release(struct warc_payload *p);

/*
 * The document inside a response or resource record: HTTP headers parsed,
 * chunked transfer and gzip/deflate content encodings decoded, converted to
 * UTF-8 from the charset the headers name. Returns 1 for an HTML or text
 * payload, 0 for a record to skip (request, metadata, images, ...), -1 on
 * a broken payload (message in err).
 */
int warc_payload(const struct warc_record *r, struct warc_payload *p, struct buf *err);

#endif
