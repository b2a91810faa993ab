#!/bin/sh
# count-python.sh: hrtk count on the seeds (an ASCII sample: other characters
# made spaces) agrees, term by term, count and docs, with an independent count
# in Python that follows the token rules of src/tok.h.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
[ -d "$SHARED/seeds" ] || { echo "no seeds in $SHARED"; exit 77; }
set -e
for f in "$SHARED"/seeds/*.txt; do
	python3 -c 'import sys; d = open(sys.argv[1], encoding="utf-8", errors="replace").read(); sys.stdout.write("".join(c if c.isascii() else " " for c in d))' "$f" > "$(basename "$f")"
done
# Twice over, so that documents and counts differ.
cat 000_*.txt 004_*.txt > both.txt
$HRTK count 000_*.txt 004_*.txt both.txt > got.tsv
python3 - 000_*.txt 004_*.txt both.txt > want.tsv <<'PY'
import sys

def alnum(c):
    return c.isascii() and c.isalnum()

def email_char(c):
    return alnum(c) or c in "._-+"

def email_end(s, p):
    at = p
    while at < len(s) and email_char(s[at]):
        at += 1
    if at == p or at >= len(s) or s[at] != "@":
        return None
    q = at + 1
    while q < len(s) and email_char(s[q]):
        q += 1
    while q > at + 1 and s[q - 1] in ".-":
        q -= 1
    dot = s.find(".", at + 1, q)
    return q if dot > at + 1 and dot < q - 1 else None

def tokens(s):
    i, n = 0, len(s)
    while i < n:
        if not alnum(s[i]):
            i += 1
            continue
        start = i
        if s[i:i + 8].lower().startswith(("http://", "https://", "www.")):
            j = i
            while j < n and s[j] > " " and s[j] not in '<>"()[]{}':
                j += 1
            while s[j - 1] in ".,;:!?'":
                j -= 1
            yield s[start:j].lower()
            i = j
            continue
        j, digits = i, True
        while True:
            if j < n and alnum(s[j]):
                digits = digits and s[j].isdigit()
                j += 1
                continue
            if j + 1 >= n or not alnum(s[j + 1]):
                break
            if s[j] in "'-":
                digits = False
                j += 1
                continue
            if s[j] in ".," and digits and s[j + 1].isdigit():
                j += 1
                continue
            break
        if j < n and s[j] in "@._+-":
            e = email_end(s, start)
            if e:
                yield s[start:e].lower()
                i = e
                continue
        yield s[start:j].lower()
        i = j

count, docs, total = {}, {}, 0
for path in sys.argv[1:]:
    seen = set()
    for t in tokens(open(path, encoding="ascii").read()):
        total += 1
        count[t] = count.get(t, 0) + 1
        seen.add(t)
    for t in seen:
        docs[t] = docs.get(t, 0) + 1
print("tokens=%d docs=%d" % (total, len(sys.argv) - 1))
for t in sorted(count, key=lambda t: (-count[t], t.encode())):
    print("%s\t%d\t%d" % (t, count[t], docs[t]))
PY
{
	sed -n '1s/^#hrtk\ttable=count\ttokens=\([0-9]*\)\tdocs=\([0-9]*\)$/tokens=\1 docs=\2/p' got.tsv
	tail -n +3 got.tsv | cut -f 1-3
} > got.cmp
if ! cmp -s want.tsv got.cmp; then
	echo "hrtk count and the Python count differ:"
	diff want.tsv got.cmp | head -20
	exit 1
fi
[ "$(wc -l < want.tsv)" -gt 300 ] || { echo "too few terms: the sample is not being counted"; exit 1; }
