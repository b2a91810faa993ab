#!/usr/bin/env python3
"""make-warc.py: writes test WARC files, so no archive is downloaded or committed.

  make-warc.py OUT.warc            plain
  make-warc.py --gzip-records OUT  gzip member per record (the usual .warc.gz)
  make-warc.py --gzip-file OUT     one gzip stream for the whole file
  make-warc.py --truncated OUT     the last record cut short
  make-warc.py --malformed OUT     garbage between records
  make-warc.py --articles DIR OUT  one gzip response record per text file of DIR,
                                   as an HTML page (paragraphs at blank lines),
                                   chunked and gzip-encoded in turn
"""
import gzip
import sys
import zlib


def record(wtype, uri, block, content_type, date="2024-05-01T10:00:00Z"):
    head = (
        "WARC/1.1\r\n"
        f"WARC-Type: {wtype}\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"WARC-Date: {date}\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def http(headers, body):
    lines = ["HTTP/1.1 200 OK"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunk(body, size=7):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def records():
    page = "<html><head><title>Naloxone</title></head><body><p>Naloxone saves lives.</p></body></html>"
    latin = "<html><body><p>Réduction des risques à Paris.</p></body></html>".encode("iso-8859-1")
    deflated = zlib.compress(b"<p>Deflated page about peer support.</p>")
    return [
        record("warcinfo", "", b"software: make-warc.py\r\n", "application/warc-fields"),
        record("request", "http://example.org/a", b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n",
               "application/http; msgtype=request"),
        record("response", "http://example.org/a",
               http([("Content-Type", "text/html; charset=utf-8")], page.encode()),
               "application/http; msgtype=response"),
        record("response", "http://example.org/chunked",
               http([("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                    chunk(b"<p>Chunked body about methadone.</p>")),
               "application/http; msgtype=response"),
        record("response", "http://example.org/gzip",
               http([("Content-Type", "text/html; charset=UTF-8"), ("Content-Encoding", "gzip")],
                    gzip.compress(b"<p>Gzipped body about harm reduction.</p>", mtime=0)),
               "application/http; msgtype=response"),
        record("response", "http://example.org/deflate",
               http([("Content-Type", "text/html"), ("Content-Encoding", "deflate")], deflated),
               "application/http; msgtype=response"),
        record("response", "http://example.org/latin1",
               http([("Content-Type", 'text/html; charset="ISO-8859-1"')], latin),
               "application/http; msgtype=response"),
        record("response", "http://example.org/logo.png",
               http([("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n"),
               "application/http; msgtype=response"),
        record("resource", "file:///notes.txt", "Plain notes: outreach.\n".encode(), "text/plain"),
    ]


def articles(folder):
    import html
    import os
    recs = []
    for i, name in enumerate(sorted(os.listdir(folder))):
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        paras = "".join("<p>%s</p>\n" % html.escape(p.strip()) for p in text.split("\n\n") if p.strip())
        page = ("<html><head><title>%s</title></head><body><nav><a href=/>Home</a></nav>"
                "<article>%s</article></body></html>" % (html.escape(name), paras)).encode()
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if i % 2:
            headers.append(("Content-Encoding", "gzip"))
            page = gzip.compress(page, mtime=0)
        else:
            headers.append(("Transfer-Encoding", "chunked"))
            page = chunk(page, 1000)
        recs.append(record("response", "http://example.org/" + name, http(headers, page),
                           "application/http; msgtype=response"))
    return recs


def main(argv):
    if argv[1] == "--articles":
        with open(argv[3], "wb") as f:
            f.write(b"".join(gzip.compress(r, mtime=0) for r in articles(argv[2])))
        return
    mode, out = (argv[1], argv[2]) if len(argv) == 3 else ("", argv[1])
    recs = records()
    if mode == "--truncated":
        data = b"".join(recs)
        data = data[:-60]
    elif mode == "--malformed":
        data = recs[2] + b"this is not a record\r\nnor this\r\n" + recs[3] + \
            record("response", "http://example.org/nolength", b"", "text/plain").replace(
                b"Content-Length: 0", b"Content-Length: lots") + recs[8]
    elif mode == "--gzip-records":
        data = b"".join(gzip.compress(r, mtime=0) for r in recs)
    elif mode == "--gzip-file":
        data = gzip.compress(b"".join(recs), mtime=0)
    else:
        data = b"".join(recs)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
