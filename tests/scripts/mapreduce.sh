# mapreduce.sh: the map-reduce contract (mapper hrtk count, sort, reducer
# hrtk merge) equals one hrtk count, for words and for bigrams; and GNU
# parallel over a file list merges to the same table.
set -u
$HRTK --list-cmds | grep -qx merge || { echo "no merge command in this build"; exit 77; }
mkdir docs
i=0
for f in "$ROOT"/corpus/*.txt; do
	for part in 1 2 3 4 5 6; do
		i=$((i + 1))
		sed -n "$((part * 40 - 39)),$((part * 40))p" "$f" > "docs/d$i.txt"
	done
done
$HRTK cat --jsonl docs > corpus.jsonl || exit 1
HRTK="$HRTK" sh "$ROOT/scripts/mapreduce" corpus.jsonl 4 || exit 1
HRTK="$HRTK" sh "$ROOT/scripts/mapreduce" corpus.jsonl 3 --ngrams 2 --stop en || exit 1
if command -v parallel > /dev/null; then
	ls docs/* | parallel -X -j 2 --will-cite "$HRTK count -q {} > shard-{#}.tsv" || exit 1
	$HRTK merge shard-*.tsv > merged.tsv && $HRTK count -q docs > whole.tsv && cmp merged.tsv whole.tsv || exit 1
	echo "parallel: shards merged = one count"
fi
