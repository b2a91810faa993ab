/*
 * doc.h: the document stream every command reads and writes.
 *
 * Inputs are files, directories (walked recursively, sorted by path, hidden
 * entries skipped, symlink loops detected), "-" for stdin, or nothing (stdin).
 * gzip-compressed inputs are read transparently.
 *
 * A plain input is one document whose id is its path ("stdin" for stdin).
 * In JSONL mode, stdin and inputs named *.jsonl, *.ndjson (optionally .gz)
 * are JSON Lines: one object per line, with a string "text" (or another of
 * docs_opts.text_fields); "id" is filled from "PATH:LINE" when absent; every
 * other member is written back byte for byte.
 *
 * Errors never stop the stream: docs_next() returns -1 with the message in
 * ds->err ("PATH:LINE: message" or "PATH: message") and goes on with the next
 * line or file on the following call.
 */
#ifndef HRTK_DOC_H
#define HRTK_DOC_H

#include <stdio.h>
#include <zlib.h>

#include "buf.h"
#include "jsonl.h"

struct doc_field {
	char *key;
	char *json;	/* the encoded JSON value, or NULL to delete the member */
	size_t len;	/* its length */
};

struct doc {
	char *id;		/* never NULL for a document from docs_next() */
	char *text;		/* the text, NUL-terminated; may contain NULs */
	size_t len;
	const char *field;	/* the JSONL member text came from, or NULL */
	const char *path;	/* input as named, "<stdin>" for stdin */
	const char *relpath;	/* path below the operand it was found in, or NULL (stdin, JSONL) */
	size_t line;		/* JSONL line number, 0 for a plain input */
	struct jsonl_obj obj;	/* the input object (JSONL only) */
	int text_shared;	/* text is the decoded member inside obj: not freed on its own */
	struct doc_field *set;	/* members set by the command, in order */
	size_t nset, aset;
};

void doc_init(struct doc *d);
void doc_release(struct doc *d);
/* Replaces the text written out (member "text" in JSONL). Copies s. */
void doc_set_text(struct doc *d, const char *s, size_t len);
/* Sets member key to a string, a raw JSON value, or deletes it (json NULL). */
void doc_set_str(struct doc *d, const char *key, const char *s, size_t len);
void doc_set_json(struct doc *d, const char *key, const char *json);
/* A decoded top-level string member of the JSONL input, or NULL. */
const char *doc_get_str(const struct doc *d, const char *key, size_t *len);
/*
 * Appends the document as one JSON line: input members in input order (those
 * set by the command replaced, deleted ones left out), then new members, each
 * set member once. A plain input gives {"id":..., <set members>}.
 */
void doc_write_jsonl(struct buf *out, const struct doc *d);
/*
 * doc_set_text(d, text, len) then doc_write_jsonl(out, d), the same bytes,
 * but d is left alone and the text is escaped once, straight into out.
 */
void doc_write_jsonl_text(struct buf *out, const struct doc *d, const char *text, size_t len);

/* A byte source: a file or stdin, gzip or not. */
struct reader {
	gzFile gz;
	const char *path;
	char *data;
	size_t pos, len, alloc;
	unsigned long long offset;	/* bytes consumed before data[pos] */
	int eof, error;
};

/* Opens path ("-" for stdin). Returns 0, or -1 with errno set. */
int reader_open(struct reader *r, const char *path);
void reader_close(struct reader *r);
/* Appends the next line (with its '\n') to line; returns 1, 0 at end, -1 on error. */
int reader_line(struct reader *r, struct buf *line);
/* Appends up to n bytes; returns the count, 0 at end, -1 on error. */
long reader_read(struct reader *r, struct buf *out, size_t n);
/* A message for the last error ("unexpected end of gzip data", strerror). */
const char *reader_strerror(struct reader *r);

struct docs_opts {
	int jsonl;			/* read JSON Lines from stdin and *.jsonl files */
	int nul_names;			/* --files-from names are NUL-separated */
	const char *files_from;		/* file of input names, "-" for stdin */
	const char *const *text_fields;	/* JSONL members to read text from, in order; NULL: "text" */
	int allow_binary;		/* accept NUL bytes in plain inputs (hrtk norm) */
};

struct docs_entry {
	char *path;
	char *error;	/* set: the walk failed here; reported in order */
	size_t rel;	/* path + rel: the part below the operand (a file operand: its name) */
	unsigned long long size;	/* bytes, for regular files; 0 otherwise */
};

struct docs {
	struct docs_opts opts;
	struct docs_entry *entries;
	size_t nentries, next;
	struct reader rd;		/* the JSONL input being read */
	int in_jsonl;
	size_t lineno;
	struct buf err;			/* the last error's message */
	unsigned long long bytes;	/* input bytes read so far */
	unsigned long long total;	/* bytes of all regular-file inputs, for progress */
};

/*
 * Expands the operands (argv[0..argc-1], and opts->files_from) into the
 * list of inputs. Returns 0, or -1 when files_from cannot be read (ds->err).
 */
int docs_open(struct docs *ds, const struct docs_opts *opts, int argc, char **argv);
/* Returns 1 with the next document in d (released first), 0 at end, -1 on an error. */
int docs_next(struct docs *ds, struct doc *d);
void docs_close(struct docs *ds);

/* True when path names JSON Lines (*.jsonl, *.ndjson, maybe .gz). */
int docs_is_jsonl_name(const char *path);
/* The next input operand for commands that stream plain inputs themselves; NULL at end. */
const struct docs_entry *docs_next_entry(struct docs *ds);

#endif
