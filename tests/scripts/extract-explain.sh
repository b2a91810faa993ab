# extract-explain.sh: hrtk extract --explain accounts for every input line,
# for --from pdftext (both pdftotext modes) and --from markdown: each line
# number of the input falls in some row, and rows name only real lines.
set -u
dev=${SHARED:-$ROOT/../shared}/devset/pdf
fail=0
check() {	# FROM FILE
	$HRTK extract --from "$1" --explain ex.tsv "$2" > out.txt || { echo "$2: exit $?"; fail=1; return; }
	lines=$(awk 'END { print NR }' "$2")
	awk -F'\t' -v n="$lines" -v f="$2" 'NR > 1 {
		if ($2 < 1 || $3 > n || $2 > $3) { print f ": bad row " $0; bad = 1 }
		for (i = $2; i <= $3; i++) seen[i] = 1
	} END {
		for (i = 1; i <= n; i++) if (!(i in seen)) { print f ": line " i " in no row"; bad = 1 }
		exit bad
	}' ex.tsv || fail=1
}
for c in "$ROOT"/tests/cases/extract/pdf-*/in; do check pdftext "$c"; done
check markdown "$ROOT/tests/cases/extract/markdown-seed-004/in"
if [ -d "$dev" ]; then
	for f in "$dev"/aclu.raw.txt "$dev"/aclu.pdftotext.txt "$dev"/000_7beadabb187f6882.raw.txt; do
		[ -f "$f" ] && check pdftext "$f"
	done
fi
# rows name the document and use the documented actions
awk -F'\t' 'NR > 1 && $4 !~ /^(keep|drop|join|edit)$/ { print "bad action: " $0; exit 1 }' ex.tsv || fail=1
exit $fail
