#!/bin/sh
# count-stamps.sh: a term counts once per document past 65535 documents.
# The table's per-entry document stamps are 16 bits and are wiped every
# 65535 documents: a term seen in documents 0, 65535 and 131070 (the same
# stamp but for the wipe) is in 3 documents, for -j 1 and -j 2.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
set -e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - > "$tmp/in.jsonl" <<'PY'
import json
for i in range(140000):
    t = "w%d common" % (i % 7)
    if i in (0, 65535, 131070):
        t += " rare"
    if i in (1, 65536):
        t += " twice"
    print(json.dumps({"id": str(i), "text": t}))
PY
for j in 1 2; do
	$HRTK count -j $j --jsonl "$tmp/in.jsonl" | grep -E '^(rare|twice|common)	' > "$tmp/out"
	printf 'common\t140000\t140000\t499991.07\nrare\t3\t3\t10.71\ntwice\t2\t2\t7.14\n' | cmp - "$tmp/out" ||
		{ echo "count -j $j: wrong document counts past 65535 documents:"; cat "$tmp/out"; exit 1; }
done
