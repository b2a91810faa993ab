# pipeline.sh: the documented pipelines end to end.
# 1. Seed 004 (PDF-to-markdown): extract --from markdown, then clean, scores
#    F1 >= 0.98 against its gold (issue 11), with the furniture gone.
# 2. A WARC crawl through warc | extract | clean | count, identical at -j 2.
set -u
seeds=$SHARED/seeds gold=$SHARED/gold
[ -d "$seeds" ] || { echo "no shared seeds"; exit 77; }
$HRTK extract --from markdown "$seeds/004_10857b0561434cd5.txt" | $HRTK clean > 004.txt || exit 1
$HRTK eval --min-f1 0.98 "$gold/004_10857b0561434cd5.txt" 004.txt || { echo "seed 004 pipeline below 0.98"; exit 1; }
for gone in "Colophon" "Postbus 10887" "For more information" "Fax." "co-sponsored by the European Commission"; do
	if grep -qF "$gone" 004.txt; then echo "seed 004: '$gone' survived"; exit 1; fi
done
$HRTK clean "$seeds/000_7beadabb187f6882.txt" > 000.txt || exit 1
$HRTK eval --min-f1 0.98 "$gold/000_7beadabb187f6882.txt" 000.txt || { echo "seed 000 below 0.98"; exit 1; }

python3 "$ROOT/tests/make-warc.py" --articles "$ROOT/corpus" crawl.warc.gz || exit 77
for j in 1 2; do
	$HRTK warc crawl.warc.gz | $HRTK extract --jsonl -j $j | $HRTK clean --jsonl -q -j $j |
		$HRTK count --jsonl -j $j > counts-$j.tsv || exit 1
done
cmp counts-1.tsv counts-2.tsv || { echo "pipeline differs at -j 2"; exit 1; }
grep -q "^junkiebond	" counts-1.tsv && grep -q "^co-management	" counts-1.tsv || { echo "pipeline lost text:"; cat counts-1.tsv; exit 1; }
head -1 counts-1.tsv | grep -q "docs=2" || { echo "expected 2 documents:"; head -1 counts-1.tsv; exit 1; }
