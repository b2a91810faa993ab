/* doc.c: the document stream (inputs, JSON Lines, passthrough on output). */
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc.h"
#include "err.h"

void doc_init(struct doc *d)
{
	memset(d, 0, sizeof(*d));
}

static void doc_free_fields(struct doc *d)
{
	size_t i;

	free(d->id);
	if (!d->text_shared)
		free(d->text);
	for (i = 0; i < d->nset; i++) {
		free(d->set[i].key);
		free(d->set[i].json);
	}
	free(d->set);
}

void doc_release(struct doc *d)
{
	doc_free_fields(d);
	jsonl_release(&d->obj);
	doc_init(d);
}

/*
 * Empties d for the next document but keeps its JSONL object's memory:
 * reading a stream, each slot's line and decoded strings reuse the same
 * buffers instead of a malloc and free (and page faults) per document.
 */
static void doc_clear(struct doc *d)
{
	struct jsonl_obj obj;

	doc_free_fields(d);
	jsonl_clear(&d->obj);
	obj = d->obj;
	doc_init(d);
	d->obj = obj;
}

static struct doc_field *doc_field(struct doc *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nset; i++)
		if (!strcmp(d->set[i].key, key))
			return &d->set[i];
	if (d->nset == d->aset) {
		d->aset = d->aset ? d->aset * 2 : 4;
		d->set = ereallocarray(d->set, d->aset, sizeof(*d->set));
	}
	d->set[d->nset].key = estrdup(key);
	d->set[d->nset].json = NULL;
	d->set[d->nset].len = 0;
	return &d->set[d->nset++];
}

void doc_set_json(struct doc *d, const char *key, const char *json)
{
	struct doc_field *f = doc_field(d, key);

	free(f->json);
	f->json = json ? estrdup(json) : NULL;
	f->len = json ? strlen(json) : 0;
}

void doc_set_str(struct doc *d, const char *key, const char *s, size_t len)
{
	struct doc_field *f = doc_field(d, key);
	struct buf b = BUF_INIT;

	json_add_string(&b, s, len);
	free(f->json);
	f->json = buf_detach(&b, &f->len);
}

void doc_set_text(struct doc *d, const char *s, size_t len)
{
	char *copy = emalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	if (!d->text_shared)
		free(d->text);
	d->text_shared = 0;
	d->text = copy;
	d->len = len;
	doc_set_str(d, "text", s, len);
}

const char *doc_get_str(const struct doc *d, const char *key, size_t *len)
{
	const char *s;

	return jsonl_get_str(&d->obj, key, &s, len) == 1 ? s : NULL;
}

static const struct doc_field *find_set(const struct doc *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nset; i++)
		if (!strcmp(d->set[i].key, key))
			return &d->set[i];
	return NULL;
}

static void add_member(struct buf *out, int *first, const char *key, const char *json, size_t len)
{
	if (!*first)
		buf_addc(out, ',');
	*first = 0;
	json_add_string(out, key, strlen(key));
	buf_addc(out, ':');
	buf_add(out, json, len);
}

/* The "text" member replaced by text (when not NULL), escaped straight into out. */
static void add_text(struct buf *out, int *first, const char *text, size_t len)
{
	if (!*first)
		buf_addc(out, ',');
	*first = 0;
	buf_adds(out, "\"text\":");
	json_add_string(out, text, len);
}

/*
 * doc_write_jsonl(), with text (when not NULL) written as the "text" member
 * doc_set_text() would have set, in the place that member would take.
 */
static void write_jsonl(struct buf *out, const struct doc *d, const char *text, size_t tlen)
{
	const struct jsonl_member *m;
	const struct doc_field *f;
	struct buf id = BUF_INIT;
	int first = 1, text_set = 0;
	size_t i;

	buf_grow(out, d->obj.line.len + tlen + tlen / 8 + 64);
	buf_addc(out, '{');
	if (!d->obj.parsed || jsonl_find(&d->obj, "id") < 0) {
		json_add_string(&id, d->id, strlen(d->id));
		if (!find_set(d, "id"))
			add_member(out, &first, "id", id.data, id.len);
		buf_release(&id);
	}
	for (i = 0; i < d->obj.nm; i++) {
		m = &d->obj.m[i];
		if (text && !strcmp(m->key, "text")) {
			add_text(out, &first, text, tlen);
			continue;
		}
		f = find_set(d, m->key);
		if (!f)
			add_member(out, &first, m->key, m->raw, m->rawlen);
		else if (f->json)
			add_member(out, &first, f->key, f->json, f->len);
	}
	if (!text && !d->obj.parsed && !find_set(d, "text") && d->text) {
		/* A plain input's text is its implicit "text" member. */
		struct buf plain = BUF_INIT;

		json_add_string(&plain, d->text, d->len);
		add_member(out, &first, "text", plain.data, plain.len);
		buf_release(&plain);
	}
	for (i = 0; i < d->nset; i++) {
		f = &d->set[i];
		if (text && !strcmp(f->key, "text")) {
			text_set = 1;
			if (jsonl_find(&d->obj, "text") < 0)
				add_text(out, &first, text, tlen);
		} else if (f->json && jsonl_find(&d->obj, f->key) < 0) {
			add_member(out, &first, f->key, f->json, f->len);
		}
	}
	if (text && !text_set && jsonl_find(&d->obj, "text") < 0)
		add_text(out, &first, text, tlen);
	buf_adds(out, "}\n");
}

void doc_write_jsonl(struct buf *out, const struct doc *d)
{
	write_jsonl(out, d, NULL, 0);
}

void doc_write_jsonl_text(struct buf *out, const struct doc *d, const char *text, size_t len)
{
	write_jsonl(out, d, text, len);
}

/* ---- reader ---- */

/* Reads of this much or more bypass the window: see reader_read(). */
enum { READ_DIRECT = 1 << 18 };

int reader_open(struct reader *r, const char *path)
{
	int fd;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if (!strcmp(path, "-"))
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	r->gz = gzdopen(fd, "rb");
	if (!r->gz) {
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	gzbuffer(r->gz, READ_DIRECT / 2);
	return 0;
}

void reader_close(struct reader *r)
{
	if (r->gz)
		gzclose(r->gz);
	free(r->data);
	memset(r, 0, sizeof(*r));
}

/* Refills the window; returns the bytes available, 0 at end, -1 on error. */
static long reader_fill(struct reader *r)
{
	int n;

	if (r->pos < r->len)
		return (long)(r->len - r->pos);
	if (r->eof || r->error)
		return r->error ? -1 : 0;
	if (!r->alloc) {
		r->alloc = 1 << 17;
		r->data = emalloc(r->alloc);
	}
	r->offset += r->len;
	r->pos = r->len = 0;
	n = gzread(r->gz, r->data, (unsigned)r->alloc);
	if (n < 0) {
		r->error = 1;
		return -1;
	}
	if (n == 0) {
		/* gzread() returns 0 for a gzip stream cut short, too. */
		int errnum;

		gzerror(r->gz, &errnum);
		if (errnum != Z_OK && errnum != Z_STREAM_END) {
			r->error = 1;
			return -1;
		}
		r->eof = 1;
		return 0;
	}
	r->len = (size_t)n;
	return n;
}

int reader_line(struct reader *r, struct buf *line)
{
	long avail;
	char *nl;
	size_t n;
	int got = 0;

	while ((avail = reader_fill(r)) > 0) {
		nl = memchr(r->data + r->pos, '\n', (size_t)avail);
		n = nl ? (size_t)(nl - (r->data + r->pos)) + 1 : (size_t)avail;
		buf_add(line, r->data + r->pos, n);
		r->pos += n;
		got = 1;
		if (nl)
			return 1;
	}
	if (avail < 0)
		return -1;
	return got;
}

/* Reads at most n bytes into out's room, past the window; like reader_fill() for the rest. */
static long read_direct(struct reader *r, struct buf *out, size_t n)
{
	int got;

	r->offset += r->len;
	r->pos = r->len = 0;
	got = gzread(r->gz, out->data + out->len, (unsigned)n);
	if (got <= 0)
		return reader_fill(r);	/* the end or the error, as the window sees them */
	out->len += (size_t)got;
	out->data[out->len] = '\0';
	r->offset += (unsigned long long)got;
	return got;
}

long reader_read(struct reader *r, struct buf *out, size_t n)
{
	long avail;
	size_t take;

	/*
	 * A large read with the window empty goes straight into out: zlib reads
	 * (or inflates) into the caller's memory when asked for twice its buffer
	 * (gzbuffer() above), with no copy through its buffer and the window.
	 * Only into room out already has: it must not grow by what is asked
	 * for (a whole file is asked for as 1 GiB, a WARC record by its
	 * length), nor a small document take READ_DIRECT bytes.
	 */
	if (r->pos == r->len && !r->eof && !r->error && n >= READ_DIRECT &&
	    out->alloc > out->len + READ_DIRECT)
		return read_direct(r, out, READ_DIRECT);
	avail = reader_fill(r);
	if (avail <= 0)
		return avail;
	take = (size_t)avail < n ? (size_t)avail : n;
	buf_add(out, r->data + r->pos, take);
	r->pos += take;
	return (long)take;
}

const char *reader_strerror(struct reader *r)
{
	int errnum;
	const char *msg = r->gz ? gzerror(r->gz, &errnum) : "not open";

	if (r->gz && errnum == Z_ERRNO)
		return strerror(errno);
	if (r->gz && errnum == Z_BUF_ERROR)
		return "unexpected end of compressed data";
	return msg;
}

/* ---- inputs ---- */

struct walk {
	struct docs *ds;
	size_t rel;	/* where the relative part of entries starts */
	size_t alloc;
	dev_t *devs;
	ino_t *inos;
	size_t depth, dalloc;
};

static void add_entry(struct walk *w, const char *path, char *error, unsigned long long size)
{
	struct docs *ds = w->ds;

	if (ds->nentries == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 16;
		ds->entries = ereallocarray(ds->entries, w->alloc, sizeof(*ds->entries));
	}
	ds->entries[ds->nentries].path = estrdup(path);
	ds->entries[ds->nentries].error = error;
	ds->entries[ds->nentries].rel = w->rel <= strlen(path) ? w->rel : 0;
	ds->entries[ds->nentries].size = size;
	ds->total += size;
	ds->nentries++;
}

static char *errorf(const char *fmt, const char *path, const char *why)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, fmt, path, why);
	return buf_detach(&b, NULL);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_path(struct walk *w, const char *path);

static void walk_dir(struct walk *w, const char *path, const struct stat *st)
{
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	struct buf child = BUF_INIT;
	DIR *dir;

	for (i = 0; i < w->depth; i++)
		if (w->devs[i] == st->st_dev && w->inos[i] == st->st_ino) {
			add_entry(w, path, errorf("%s: %s", path,
				"directory loop (a symbolic link to an enclosing directory): not followed"), 0);
			return;
		}
	if (!(dir = opendir(path))) {
		add_entry(w, path, errorf("%s: %s", path, strerror(errno)), 0);
		return;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			names = ereallocarray(names, alloc, sizeof(*names));
		}
		names[n++] = estrdup(de->d_name);
	}
	closedir(dir);
	sort_array(names, n, sizeof(*names), cmp_names);
	if (w->depth == w->dalloc) {
		w->dalloc = w->dalloc ? w->dalloc * 2 : 16;
		w->devs = ereallocarray(w->devs, w->dalloc, sizeof(*w->devs));
		w->inos = ereallocarray(w->inos, w->dalloc, sizeof(*w->inos));
	}
	w->devs[w->depth] = st->st_dev;
	w->inos[w->depth] = st->st_ino;
	w->depth++;
	for (i = 0; i < n; i++) {
		buf_reset(&child);
		buf_adds(&child, path);
		if (child.len && child.data[child.len - 1] != '/')
			buf_addc(&child, '/');
		buf_adds(&child, names[i]);
		walk_path(w, child.data);
		free(names[i]);
	}
	w->depth--;
	free(names);
	buf_release(&child);
}

static void walk_path(struct walk *w, const char *path)
{
	struct stat st;

	if (!strcmp(path, "-")) {
		add_entry(w, path, NULL, 0);
		return;
	}
	if (stat(path, &st) < 0) {
		add_entry(w, path, errorf("%s: %s", path, strerror(errno)), 0);
		return;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(w, path, &st);
	else
		add_entry(w, path, NULL, S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0);
}

/* An operand: below a directory operand, entries are named relative to it. */
static void walk_operand(struct walk *w, const char *path)
{
	struct stat st;
	const char *slash;
	size_t n = strlen(path);

	if (strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		w->rel = n + (n && path[n - 1] != '/');
	} else {
		slash = strrchr(path, '/');
		w->rel = slash ? (size_t)(slash - path) + 1 : 0;
	}
	walk_path(w, path);
}

/* Reads operand names from a file, one per line or NUL-separated. */
static int read_names(struct walk *w, const char *from, int nul)
{
	struct reader r;
	struct buf all = BUF_INIT;
	char *p, *end, *sep;
	int rc;

	if (reader_open(&r, from) < 0) {
		buf_addf(&w->ds->err, "%s: %s", from, strerror(errno));
		return -1;
	}
	while ((rc = (int)reader_read(&r, &all, 1 << 20)) > 0)
		;
	if (rc < 0) {
		buf_addf(&w->ds->err, "%s: %s", from, reader_strerror(&r));
		reader_close(&r);
		buf_release(&all);
		return -1;
	}
	reader_close(&r);
	for (p = all.data, end = all.data + all.len; p && p < end; p = sep + 1) {
		sep = memchr(p, nul ? '\0' : '\n', (size_t)(end - p));
		if (!sep)
			sep = end;
		*sep = '\0';
		if (!nul && sep > p && sep[-1] == '\r')
			sep[-1] = '\0';
		if (*p)
			walk_operand(w, p);
	}
	buf_release(&all);
	return 0;
}

int docs_open(struct docs *ds, const struct docs_opts *opts, int argc, char **argv)
{
	struct walk w = { 0 };
	int i, rc = 0;

	memset(ds, 0, sizeof(*ds));
	ds->opts = *opts;
	w.ds = ds;
	for (i = 0; i < argc; i++)
		walk_operand(&w, argv[i]);
	if (opts->files_from)
		rc = read_names(&w, opts->files_from, opts->nul_names);
	if (!argc && !opts->files_from)
		walk_operand(&w, "-");
	free(w.devs);
	free(w.inos);
	return rc;
}

void docs_close(struct docs *ds)
{
	size_t i;

	for (i = 0; i < ds->nentries; i++) {
		free(ds->entries[i].path);
		free(ds->entries[i].error);
	}
	free(ds->entries);
	if (ds->in_jsonl)
		reader_close(&ds->rd);
	buf_release(&ds->err);
	memset(ds, 0, sizeof(*ds));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int docs_is_jsonl_name(const char *path)
{
	return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ||
	       ends_with(path, ".jsonl.gz") || ends_with(path, ".ndjson.gz");
}

const struct docs_entry *docs_next_entry(struct docs *ds)
{
	return ds->next < ds->nentries ? &ds->entries[ds->next++] : NULL;
}

static const char *display_path(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}

static const char *id_path(const char *path)
{
	return strcmp(path, "-") ? path : "stdin";
}

/*
 * Rejects what is plainly not text: a NUL byte in the first 8 KiB.
 * UTF-16 gets a message of its own because it is a common surprise.
 */
static int sniff_binary(struct docs *ds, const char *path, const char *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	const char *nul = memchr(data, '\0', n);

	if (!nul)
		return 0;
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)))
		buf_addf(&ds->err, "%s: UTF-16 text: convert it first "
			 "(hrtk norm --from-encoding UTF-16)", display_path(path));
	else
		buf_addf(&ds->err, "%s: binary data (NUL byte at offset %zu), not text",
			 display_path(path), (size_t)(nul - data));
	return -1;
}

/*
 * Reads an uncompressed regular file straight into text, with read() and
 * no copy: the common input, a folder of text files, where the reader's
 * window and zlib's buffers (allocated per file) cost more than the text
 * itself. Returns 1 when read, 0 for another kind of input (a pipe, gzip
 * data: nothing is read, the reader takes it), -1 on an error (ds->err).
 */
static int read_regular_file(struct docs *ds, const char *path, struct buf *text)
{
	struct stat st;
	ssize_t n;
	int fd;

	if (!strcmp(path, "-"))
		return 0;
	if ((fd = open(path, O_RDONLY)) < 0) {
		buf_addf(&ds->err, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	/* The size plus one byte, so that the read that finds the end needs no growing. */
	buf_grow(text, (size_t)st.st_size + 1);
	for (;;) {
		if (text->alloc - text->len < 2)
			buf_grow(text, text->len);	/* it grew since the stat */
		n = read(fd, text->data + text->len, text->alloc - text->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_addf(&ds->err, "%s: byte %zu: %s", path, text->len, strerror(errno));
			close(fd);
			return -1;
		}
		if (text->len < 2 && text->len + (size_t)n >= 2 &&
		    !memcmp(text->data, "\x1F\x8B", 2)) {
			close(fd);	/* gzip: the reader inflates it */
			buf_reset(text);
			return 0;
		}
		if (!n)
			break;
		text->len += (size_t)n;
	}
	close(fd);
	text->data[text->len] = '\0';
	return 1;
}

/* Reads path through the reader (stdin, pipes, gzip): 0, or -1 on an error (ds->err). */
static int read_stream(struct docs *ds, const char *path, struct buf *text)
{
	struct reader r;
	long rc;

	if (reader_open(&r, path) < 0) {
		buf_addf(&ds->err, "%s: %s", display_path(path), strerror(errno));
		return -1;
	}
	while ((rc = reader_read(&r, text, (size_t)1 << 30)) > 0)
		;
	if (rc < 0) {
		buf_addf(&ds->err, "%s: byte %llu: %s", display_path(path),
			 r.offset + r.pos, reader_strerror(&r));
		reader_close(&r);
		return -1;
	}
	reader_close(&r);
	return 0;
}

static int read_plain(struct docs *ds, const struct docs_entry *e, struct doc *d)
{
	const char *path = e->path;
	struct buf text = BUF_INIT;
	int rc;

	if ((rc = read_regular_file(ds, path, &text)) == 0)
		rc = read_stream(ds, path, &text);
	if (rc < 0) {
		buf_release(&text);
		return -1;
	}
	ds->bytes += text.len;
	if (!ds->opts.allow_binary && sniff_binary(ds, path, text.data ? text.data : "", text.len) < 0) {
		buf_release(&text);
		return -1;
	}
	d->path = display_path(path);
	d->relpath = strcmp(path, "-") ? path + e->rel : NULL;
	d->id = estrdup(id_path(path));
	d->text = buf_detach(&text, &d->len);
	return 1;
}

static const char *const default_fields[] = { "text", NULL };

/* Fills d from one parsed JSONL line; the object moves into d. */
static int take_object(struct docs *ds, struct doc *d, const char *path)
{
	const char *const *field = ds->opts.text_fields ? ds->opts.text_fields : default_fields;
	const char *s;
	size_t len;
	long long num;
	int rc;

	for (; *field; field++) {
		rc = jsonl_get_str(&d->obj, *field, &s, &len);
		if (!rc)
			continue;
		if (rc < 0) {
			buf_addf(&ds->err, "%s:%zu: \"%s\" is not a string", display_path(path),
				 ds->lineno, *field);
			return -1;
		}
		d->field = *field;
		d->len = len;
		d->text = (char *)s;	/* NUL-terminated inside d->obj */
		d->text_shared = 1;
		break;
	}
	if (!d->text) {
		buf_addf(&ds->err, "%s:%zu: no \"%s\" string member", display_path(path), ds->lineno,
			 (ds->opts.text_fields ? ds->opts.text_fields : default_fields)[0]);
		return -1;
	}
	if (jsonl_get_str(&d->obj, "id", &s, NULL) == 1) {
		d->id = estrdup(s);
	} else if (jsonl_get_int(&d->obj, "id", &num)) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%lld", num);
		d->id = buf_detach(&b, NULL);
	} else {
		struct buf b = BUF_INIT;

		buf_addf(&b, "%s:%zu", id_path(path), ds->lineno);
		d->id = buf_detach(&b, NULL);
	}
	d->path = display_path(path);
	d->line = ds->lineno;
	return 1;
}

/* The next document of the JSONL input being read; 0 at its end. */
static int next_jsonl(struct docs *ds, struct doc *d)
{
	const char *path = ds->rd.path;
	int rc;

	for (;;) {
		struct buf *line = &d->obj.line;	/* read in place: no copy */

		buf_reset(line);
		rc = reader_line(&ds->rd, line);
		if (rc < 0) {
			buf_addf(&ds->err, "%s:%zu: %s", display_path(path), ds->lineno + 1,
				 reader_strerror(&ds->rd));
			reader_close(&ds->rd);
			ds->in_jsonl = 0;
			return -1;
		}
		if (rc == 0) {
			reader_close(&ds->rd);
			ds->in_jsonl = 0;
			return 0;
		}
		ds->lineno++;
		ds->bytes += line->len;
		while (line->len && (line->data[line->len - 1] == '\n' ||
				     line->data[line->len - 1] == '\r'))
			line->len--;
		if (!line->len)
			continue;	/* blank lines separate nothing */
		line->data[line->len] = '\0';
		{
			struct buf why = BUF_INIT;

			if (jsonl_parse_line(&d->obj, &why) < 0) {
				buf_addf(&ds->err, "%s:%zu: malformed JSON line: %s",
					 display_path(path), ds->lineno, why.data);
				buf_release(&why);
				return -1;
			}
		}
		return take_object(ds, d, path);
	}
}

int docs_next(struct docs *ds, struct doc *d)
{
	const struct docs_entry *e;
	int rc;

	doc_clear(d);
	buf_reset(&ds->err);
	for (;;) {
		if (ds->in_jsonl) {
			rc = next_jsonl(ds, d);
			if (rc != 0)
				return rc;
		}
		if (!(e = docs_next_entry(ds)))
			return 0;
		if (e->error) {
			buf_adds(&ds->err, e->error);
			return -1;
		}
		if (ds->opts.jsonl && (!strcmp(e->path, "-") || docs_is_jsonl_name(e->path))) {
			if (reader_open(&ds->rd, e->path) < 0) {
				buf_addf(&ds->err, "%s: %s", display_path(e->path), strerror(errno));
				return -1;
			}
			ds->in_jsonl = 1;
			ds->lineno = 0;
			continue;
		}
		return read_plain(ds, e, d);
	}
}
