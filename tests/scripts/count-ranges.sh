#!/bin/sh
# count-ranges.sh: one large plain file is counted in a byte range per thread
# (cut after whitespace near 1/N of it), read by each thread itself: -j 1,
# 2 and 3 write the bytes of the chunked count of the same text on stdin,
# with words of every kind across the cuts; a file with no whitespace near
# its middle, a gzip file and one with a NUL byte take the chunked way.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
python3 - <<'PY'
import random
rng = random.Random(7)
kinds = ["word", "Word", "WORD", "naïve", "Ünïcödé", "e-mail", "don't", "3.14", "1,000",
         "a.b@example.org", "https://example.org/x?y=1", "www.example.org", "x-ray-s",
         "verylongcompoundwordnumber", "l'homme", "über", "日本語", "a_b", "ça"]
def text(n):
    out = []
    for i in range(n):
        w = rng.choice(kinds) + (str(rng.randrange(3000)) if rng.random() < 0.5 else "")
        out.append(w + rng.choice([" ", " ", " ", "\n", ". ", ", ", "\n\n", "\t"]))
    return "".join(out)
with open("big.txt", "w") as f:
    f.write(text(200000))
with open("run.txt", "w") as f:
    body = text(60000)
    mid = len(body) // 2
    f.write(body[:mid] + "z" * 200000 + body[mid:])
PY
for f in big.txt run.txt; do
	$HRTK count < $f > chunked.out
	for j in 1 2 3; do
		for opt in "" --keep-case "--min-len 3" --split-hyphens; do
			[ -z "$opt" ] || $HRTK count $opt < $f > chunked.out
			$HRTK count -j $j $opt $f > ranges.out
			cmp -s chunked.out ranges.out ||
				{ echo "count -j $j $opt $f differs from the chunked count"; diff chunked.out ranges.out | head -5; exit 1; }
		done
		$HRTK count < $f > chunked.out
	done
done
head -1 ranges.out | grep -q 'docs=1$' || { echo "wrong totals: $(head -1 ranges.out)"; exit 1; }
gzip -c big.txt > big.gz
$HRTK count < big.txt > chunked.out
$HRTK count -j 2 big.gz | cmp - chunked.out || { echo "gzip input differs"; exit 1; }
{ printf 'naloxone\0'; cat big.txt; } > nul.txt
status=0
$HRTK count -j 2 nul.txt > nul.out 2> nul.err || status=$?
[ "$status" = 3 ] && grep -q 'nul.txt: binary data' nul.err ||
	{ echo "NUL byte: status $status, $(cat nul.err)"; exit 1; }
