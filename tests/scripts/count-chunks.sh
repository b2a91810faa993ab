#!/bin/sh
# count-chunks.sh: documents larger than a chunk (256 KiB) are cut and counted
# on several threads; the table must not show it. Checks, on a 5 MB corpus:
# -j 2 equals -j 1; terms and documents agree with --by-doc (which counts
# each document whole); n-grams too (cuts fall on blank lines); JSON Lines
# input gives the same table; merging two halves equals counting both.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
set -e
python3 - <<'PY'
import random
rng = random.Random(7)
vocab = ["naloxone", "fentanyl", "peer", "support", "harm", "reduction", "the", "of",
         "Straße", "überdosis", "снижение", "self-support", "don't", "2.6", "kits"]
vocab += ["w%d" % i for i in range(20000)]
cum, total = [], 0.0
for r in range(len(vocab)):
    total += 1.0 / (r + 1)
    cum.append(total)
def para(n):
    words = rng.choices(vocab, cum_weights=cum, k=n)
    return " ".join(words) + ".\n\n"
with open("big.txt", "w") as f:
    for _ in range(9000):
        f.write(para(rng.randint(20, 120)))
with open("small.txt", "w") as f:
    f.write(para(50))
# One long paragraph: cut at whitespace.
with open("flat.txt", "w") as f:
    f.write(" ".join(rng.choices(vocab, cum_weights=cum, k=120000)) + "\n")
PY
files="big.txt small.txt flat.txt big.txt"
$HRTK count -j 1 $files > j1.tsv
$HRTK count -j 2 $files > j2.tsv
cmp j1.tsv j2.tsv || { echo "-j 2 differs from -j 1"; exit 1; }
head -1 j1.tsv | grep -q 'docs=4$' || { echo "wrong docs total: $(head -1 j1.tsv)"; exit 1; }

# The same table from --by-doc rows: count = sum, docs = number of rows.
from_by_doc() {
	tail -n +2 | awk -F '\t' '{ c[$2] += $3; d[$2]++ } END { for (t in c) print t "\t" c[t] "\t" d[t] }' |
		LC_ALL=C sort
}
tail -n +3 j1.tsv | cut -f 1-3 | LC_ALL=C sort > whole.txt
$HRTK count --by-doc -j 2 $files | from_by_doc > by-doc.txt
cmp whole.txt by-doc.txt || { echo "counts differ from --by-doc"; diff whole.txt by-doc.txt | head; exit 1; }

head -c 700000 big.txt > mid.txt
$HRTK count --ngrams 2-3 -j 2 mid.txt small.txt > ng.tsv
tail -n +3 ng.tsv | cut -f 1-3 | LC_ALL=C sort > ng-whole.txt
$HRTK count --ngrams 2-3 --by-doc mid.txt small.txt | from_by_doc > ng-by-doc.txt
cmp ng-whole.txt ng-by-doc.txt || { echo "n-grams differ from --by-doc"; diff ng-whole.txt ng-by-doc.txt | head; exit 1; }

python3 -c '
import json, sys
for p in sys.argv[1:]:
    print(json.dumps({"id": p, "text": open(p).read()}, ensure_ascii=False))' $files > docs.jsonl
$HRTK count -j 2 --jsonl docs.jsonl > jl.tsv
cmp j1.tsv jl.tsv || { echo "JSON Lines input differs"; exit 1; }

head -c 2000000 big.txt > h1.txt
tail -c +2000001 big.txt > h2.txt
$HRTK count h1.txt > a.tsv
$HRTK count -j 2 h2.txt > b.tsv
$HRTK count h1.txt h2.txt > ab.tsv
$HRTK merge a.tsv b.tsv | cmp - ab.tsv || { echo "merge of halves differs"; exit 1; }
