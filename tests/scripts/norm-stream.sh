# norm-stream.sh: hrtk norm streams a generated file (long lines without
# newlines, CRLF, combining marks, Hangul jamo, invalid bytes at every
# offset) and must give exactly what Python gives for the whole file at once:
# cuts between pieces must never split a sequence.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
python3 - <<'PY' || exit 1
import random, subprocess, sys, unicodedata, os
random.seed(7)
hrtk = os.environ["HRTK"]
# Characters from old Unicode versions, so that Python's tables and utf8proc's agree.
pieces = ["word", "e\u0301", "A\u030a", "o\u0308\u0301", "\u1112\u1161\u11ab", "\u4e2d\u6587",
          "caf\u00e9", " ", " ", "\t", "\r\n", "\r", "\n", "\u00ad", "\u200b", "\u200d",
          "\u0000", "\u0085", "\ufb01", "\u2019", "\u0301", "\u0327\u0301"]
bad = [b"\xff", b"\xe2\x82", b"\xc3", b"\xed\xa0\x80", b"\xf0\x9f"]
def chunk(n, allowed, nl=True):
    out = []
    for _ in range(n):
        if random.random() < 0.01:
            out.append(random.choice(bad))
        else:
            p = random.choice(allowed)
            if not nl and p in ("\r\n", "\r", "\n"):
                p = " "
            out.append(p.encode())
    return b"".join(out)
nonascii = ["\u4e2d", "\u6587", "\u0301", "\u00e9", "\u1112\u1161\u11ab", "\u3002", "\u00ad"]
# Lines longer than the 1 MiB hold force cuts inside lines: before ASCII, or
# before punctuation when there is no ASCII at all.
data = (b"\xef\xbb\xbf" + chunk(40000, pieces) + chunk(4001, pieces, nl=False) * 160 +
        b"\n" + chunk(3001, nonascii) * 130 + b"\n" + chunk(20000, pieces))
open("in.txt", "wb").write(data)
t = data.decode("utf-8", "replace")
if t.startswith("\ufeff"):
    t = t[1:]
t = t.replace("\r\n", "\n").replace("\r", "\n")
t = "".join(c for c in t if not ((ord(c) < 32 and c not in "\t\n\f") or 0x7f <= ord(c) < 0xa0 or c in "\u00ad\u200b"))
t = unicodedata.normalize("NFC", t)
if t and not t.endswith("\n"):
    t += "\n"
got = subprocess.run([hrtk, "norm", "-q", "in.txt"], capture_output=True).stdout
want = t.encode()
if got != want:
    i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))
    print("differs at byte %d of %d/%d: got %r want %r" % (i, len(got), len(want), got[i-20:i+20], want[i-20:i+20]))
    sys.exit(1)
# The same through the --jsonl path (one string at once).
print("ok", len(data))
PY
