# clean-lynx.sh: hrtk clean on a third of the dev set's real web pages
# (source.html of 10 KB or more, every third by name), flattened by lynx as
# scripts/eval-clean does, keeps its shingle F1 against their article text
# above a floor: the figure when it was last raised, less a small margin.
# scripts/eval-clean gives the score over the whole dev set.
set -u
FLOOR=0.86
command -v python3 > /dev/null || { echo "python3 is not installed"; exit 77; }
command -v lynx > /dev/null || { echo "lynx is not installed"; exit 77; }
dev=$SHARED/devset/readability
[ -d "$dev" ] || { echo "no dev set at $dev"; exit 77; }
: > pairs
n=0
for d in "$dev"/*/; do
	[ -f "$d/source.html" ] && [ -f "$d/expected.txt" ] || continue
	[ "$(wc -c < "$d/source.html")" -ge 10240 ] || continue
	n=$((n + 1))
	[ $((n % 3)) = 1 ] || continue
	name=$(basename "$d")
	lynx -dump -nolist -force_html -display_charset=utf-8 "$d/source.html" > "$name.txt" 2> /dev/null
	"$HRTK" clean -q "$name.txt" > "$name.clean" || { echo "$name: hrtk clean failed"; exit 1; }
	printf '%s\t%s\n' "$d/expected.txt" "$name.clean" >> pairs
done
score=$(python3 "$ROOT/tests/score.py" --pairs pairs)
echo "real pages (every third): F1 precision recall docs: $score"
python3 -c "import sys; sys.exit(0 if float('${score%% *}') >= $FLOOR else 1)" || { echo "F1 below $FLOOR"; exit 1; }
