#!/bin/sh
# count-jobs.sh: -j 2 and -j 3 write the bytes of -j 1 on the paths that only
# threads take: tables in two shards summed and sorted on their own threads,
# merged as they are written (in two halves above 32768 rows, where the
# merge is cut in the middle), one document split over many chunks and
# threads, long keys (beyond 16 bytes) compared across shards, limits and
# formats on the merged rows, many small documents, tiny and empty inputs.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
set -e
python3 - <<'PY'
import json, random
rng = random.Random(11)
vocab = ["w%d" % i for i in range(45000)]
vocab += ["verylongcompoundwordnumber%d" % i for i in range(3000)]
vocab += ["ünïcödé%d" % i for i in range(1000)] + ["überlangesüberdosiswort%d" % i for i in range(1000)] + ["Naloxone", "NALOXONE", "naloxone"]
cum, total = [], 0.0
for r in range(len(vocab)):
    total += 1.0 / (r + 1) ** 0.7
    cum.append(total)
def words(n):
    return rng.choices(vocab, cum_weights=cum, k=n)
# One document of ~1.2 MB: a few chunks, every term in one document;
# each word of the vocabulary once more, so that the rows pass 32768.
with open("wide.txt", "w") as f:
    for _ in range(2000):
        f.write(" ".join(words(rng.randint(30, 90))) + ".\n\n")
    f.write(" ".join(vocab) + "\n")
with open("many.jsonl", "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": "d%d" % i, "text": " ".join(words(rng.randint(1, 40)))},
                           ensure_ascii=False) + "\n")
with open("one.txt", "w") as f:
    f.write("naloxone\n")
PY
: > empty.txt

# Runs "hrtk count ARGS" with -j 1 and each of $jobs; the outputs must be the same bytes.
jobs=2
same() {
	$HRTK count -j 1 "$@" > j1.out
	for j in $jobs; do
		$HRTK count -j $j "$@" > j$j.out
		cmp -s j1.out j$j.out || { echo "count -j $j $* differs from -j 1"; diff j1.out j$j.out | head -5; exit 1; }
	done
}

jobs="2 3"
same wide.txt
jobs=2
rows=$(tail -n +3 j1.out | wc -l)
[ "$rows" -gt 32768 ] || { echo "too few rows ($rows) for the two-halves writer"; exit 1; }
# One document: every term is in exactly one, however many threads saw it.
tail -n +3 j1.out | awk -F '\t' '$3 != 1 { print; bad = 1 } END { exit bad }' > /dev/null ||
	{ echo "a term of one document counted in several"; exit 1; }
head -1 j1.out | grep -q 'docs=1$' || { echo "wrong totals: $(head -1 j1.out)"; exit 1; }
grep -q '^verylongcompoundwordnumber0	' j1.out || { echo "long key missing"; exit 1; }

same wide.txt --top 100
[ "$(wc -l < j1.out)" -eq 102 ] || { echo "--top 100: $(wc -l < j1.out) lines"; exit 1; }
same wide.txt --min-count 5
same wide.txt wide.txt --min-docs 2 --format csv
same wide.txt --format jsonl
same wide.txt --keep-case
same wide.txt --ngrams 1-2
same wide.txt many.jsonl one.txt empty.txt wide.txt
jobs="2 3"
same --jsonl many.jsonl
jobs=2
head -1 j1.out | grep -q 'docs=3000$' || { echo "wrong totals: $(head -1 j1.out)"; exit 1; }
same --jsonl --by-doc many.jsonl
same one.txt
same empty.txt
[ "$(sed -n 1p j1.out)" = "$(printf '#hrtk\ttable=count\ttokens=0\tdocs=1')" ] || { echo "empty: $(sed -n 1p j1.out)"; exit 1; }
$HRTK count wide.txt > plain.out
$HRTK count -j 2 < wide.txt | cmp - plain.out || { echo "stdin differs"; exit 1; }
gzip -c wide.txt > wide.txt.gz
$HRTK count -j 2 wide.txt.gz | cmp - plain.out || { echo "gzip input differs"; exit 1; }
