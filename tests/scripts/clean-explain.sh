# clean-explain.sh: hrtk clean --explain accounts for every input line: its
# rows tile each document from line 1 to its last line, and the lines of the
# kept rows are exactly the output. On the seeds and, when lynx is installed,
# on a sample of the dev set's pages flattened by lynx.
set -u
command -v python3 > /dev/null || { echo "python3 is not installed"; exit 77; }
seeds=$SHARED/seeds
[ -d "$seeds" ] || { echo "no seeds at $seeds"; exit 77; }
mkdir in
cp "$seeds"/*.txt in/
if command -v lynx > /dev/null; then
	n=0
	for d in "$SHARED"/devset/readability/*/; do
		n=$((n + 1))
		[ $((n % 40)) = 0 ] || continue
		lynx -dump -nolist -force_html -display_charset=utf-8 "$d/source.html" > "in/lynx-$(basename "$d").txt" 2> /dev/null
	done
fi
fail=0
for f in in/*.txt; do
	"$HRTK" clean -q --explain e.tsv "$f" > out.txt || { echo "$f: hrtk clean failed"; fail=1; continue; }
	python3 - "$f" e.tsv out.txt <<'PY' || fail=1
import sys
src, tsv, out = sys.argv[1:]
lines = open(src, 'rb').read().split(b'\n')
if lines and lines[-1] == b'':
    lines.pop()
rows = [r.split(b'\t') for r in open(tsv, 'rb').read().split(b'\n')[1:] if r]
nxt, kept = 1, []
for r in rows:
    first, last, action = int(r[1]), int(r[2]), r[3]
    if first != nxt or last < first:
        sys.exit("%s: row %d-%d after line %d" % (src, first, last, nxt - 1))
    if action == b'keep':
        kept += [l for l in lines[first - 1:last] if l.strip(b' \t\r\xc2\xa0')]
    elif action != b'drop':
        sys.exit("%s: action %r" % (src, action))
    nxt = last + 1
if nxt != len(lines) + 1:
    sys.exit("%s: rows end at %d of %d lines" % (src, nxt - 1, len(lines)))
got = [l for l in open(out, 'rb').read().split(b'\n') if l.strip(b' \t\r\xc2\xa0')]
if got != kept:
    sys.exit("%s: output is not the kept lines" % src)
PY
done
exit $fail
