# eval-score.sh: hrtk eval agrees with tests/score.py (an independent Python
# implementation of the score) to 1e-9, pair by pair and over folders, on
# empty texts, texts under four tokens, repeated shingles, and non-Latin
# scripts. Known difference: Python's re \w leaves out combining marks
# (Mn, Mc, Me) that hrtk counts as word characters, so the texts here have
# none (precomposed Latin, Greek, Cyrillic, Han, Arabic without harakat).
set -u
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
fail=0
mkdir g p
w() { printf '%s' "$2" > "g/$1.txt"; printf '%s' "$3" > "p/$1.txt"; }
w empty-both "" ""
w empty-pred "one two three four five six" ""
w empty-gold "" "one two three four five"
w short "one two three" "one two three"
w short-gold "a b" "a b c d e f"
w same "The quick brown fox jumps over the lazy dog." "The quick brown fox jumps over the lazy dog."
w repeat "go go go go go go go" "go go go go go"
w punct "naloxone_kit 2.6 mg, self-support; don't (stop)" "naloxone_kit 2 6 mg self support don t stop here"
w greek "Η μείωση της βλάβης σώζει ζωές κάθε μέρα στην πόλη" "Η μείωση της βλάβης σώζει ζωές κάθε εβδομάδα"
w cyrillic "Снижение вреда спасает жизни людей каждый день" "Снижение вреда спасает жизни людей"
w han "減 害 政策 拯救 生命 每 一 天" "減 害 政策 拯救 生命"
w arabic "الحد من الضرر ينقذ الأرواح كل يوم في المدينة" "الحد من الضرر ينقذ الأرواح"
w accents "Réduction des risques à Zürich: naïve café façade œuvre" "Réduction des risques à Zürich café"
w numbers "Ⅻ chapters ² squared ½ half and 3rd place today" "Ⅻ chapters ² squared ½ half and"
w bad-utf8 "$(printf 'abc def\377ghi jkl mno pqr')" "abc def ghi jkl mno"
close() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, " "); split(b, y, " ")
		for (i = 1; i <= n; i++) { d = x[i] - y[i]; if (d < 0) d = -d; if (d > 1e-9) exit 1 }
		exit 0 }'
}
# every pair in one Python run: "name f1 p r docs" per line
PYTHONPATH=$ROOT/tests python3 - > python.txt <<'PY'
import os, score
for n in sorted(os.listdir("g")):
    f, p, r, d = score.score_pairs([(score.read("g/" + n), score.read("p/" + n))])
    print("%s %.9f %.9f %.9f %d" % (n, f, p, r, d))
PY
while read -r n want; do
	got=$($HRTK eval "g/$n" "p/$n" | tail -1 | tr '\t' ' ')
	close "$want" "$got" || { echo "$n: python '$want', hrtk '$got'"; fail=1; }
done < python.txt
[ "$(wc -l < python.txt)" -eq 15 ] || { echo "python scored $(wc -l < python.txt) pairs"; fail=1; }
want=$(python3 "$ROOT/tests/score.py" g p)
got=$($HRTK eval g p | tail -1 | tr '\t' ' ')
close "$want" "$got" || { echo "folders: python '$want', hrtk '$got'"; fail=1; }
# the same documents as two JSON Lines streams in different orders, matched by id
python3 - <<'PY'
import json, os
for side in "gp":
    names = sorted(os.listdir(side), reverse=(side == "p"))
    with open(side + ".jsonl", "w", encoding="utf-8") as f:
        for n in names:
            t = open(os.path.join(side, n), encoding="utf-8", errors="replace").read()
            f.write(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n")
PY
jgot=$($HRTK eval g.jsonl p.jsonl | tail -1 | tr '\t' ' ')
[ "$jgot" = "$got" ] || { echo "jsonl '$jgot' vs folders '$got'"; fail=1; }
exit $fail
