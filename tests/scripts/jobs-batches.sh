#!/bin/sh
# jobs-batches.sh: with -j 2 the next batch of documents is read on its own
# thread while the current one is processed; over many batches (more than
# 256 documents, some pages large, a bad line in the middle) extract and
# clean must still write the bytes, messages and status of -j 1.
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
set -e
python3 - <<'PY'
import json, random
rng = random.Random(7)
words = "harm reduction naloxone peer support outreach methadone services users policy".split()
with open("pages.jsonl", "w") as f:
    for i in range(900):
        if i == 450:
            f.write('{"id": "cut", "html": "<p>no end\n')
            continue
        paras = "".join("<p>%s.</p>" % " ".join(rng.choice(words) for _ in range(rng.randrange(5, 60)))
                        for _ in range(rng.randrange(1, 200 if i % 97 == 0 else 12)))
        page = "<html><body><nav><a href=/>Home</a></nav><article>%s</article></body></html>" % paras
        f.write(json.dumps({"id": "p%04d" % i, "html": page, "extra": i}) + "\n")
PY
for j in 1 2 3; do
	set +e
	$HRTK extract --jsonl -j $j pages.jsonl > ext$j.jsonl 2> ext$j.err
	echo $? > ext$j.status
	$HRTK clean --jsonl -j $j ext1.jsonl > cl$j.out 2> cl$j.err
	echo $? > cl$j.status
	set -e
done
[ "$(cat ext1.status)" = 3 ] || { echo "the cut line should exit 3"; exit 1; }
grep -q 'pages.jsonl:451' ext1.err || { echo "the cut line is not named"; cat ext1.err; exit 1; }
[ "$(wc -l < ext1.jsonl)" = 899 ] || { echo "expected 899 documents"; exit 1; }
for j in 2 3; do
	for x in ext$j.jsonl ext$j.err ext$j.status cl$j.out cl$j.err cl$j.status; do
		cmp $x $(echo $x | sed "s/$j\./1./") || { echo "-j $j: $x differs from -j 1"; exit 1; }
	done
done
