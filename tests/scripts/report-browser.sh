# report-browser.sh: hrtk report rendered by headless Chromium: the charts are
# drawn (one bar per table row, one heat map cell per document and concept),
# a screenshot is taken, and terms holding markup stay text in the DOM.
set -u
browser=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" > /dev/null 2>&1 && { browser=$b; break; }
done
if [ -z "$browser" ]; then
	echo "skipped: no chromium (Debian package 'chromium') to render the report"
	exit 77
fi
command -v python3 > /dev/null 2>&1 || { echo "skipped: no python3"; exit 77; }
data=$ROOT/tests/cases/report/data
$HRTK report --counts "$data/counts.tsv" --concepts "$data/concepts.tsv" \
	--concepts-by-doc "$data/byDoc.tsv" --keyness "$data/keyness.tsv" \
	--explain "$data/explain.tsv" -o report.html || { echo "hrtk report failed"; exit 1; }
profile=$(mktemp -d)
run() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" 2> browser.err
}
run --screenshot="$PWD/shot.png" --window-size=1200,2000 "file://$PWD/report.html" > /dev/null
run --dump-dom "file://$PWD/report.html" > dom.html
rm -rf "$profile"
[ -s shot.png ] && [ "$(wc -c < shot.png)" -gt 10000 ] || { echo "no screenshot"; cat browser.err; exit 1; }
python3 - dom.html <<'EOF'
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.section = None
        self.n = {}
        self.tags = {}
        self.texts = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == 'section':
            self.section = a.get('id')
        if tag == 'rect' and a.get('class') in ('bar', 'cell'):
            k = (self.section, a['class'])
            self.n[k] = self.n.get(k, 0) + 1
            if float(a.get('width', 0)) <= 0 and self.section != 'keyness':
                fail('a bar of zero width in %s' % self.section)
        if tag == 'tr':
            k = (self.section, 'tr')
            self.n[k] = self.n.get(k, 0) + 1
    def handle_data(self, d):
        self.texts.append(d)

def fail(msg):
    print(msg)
    sys.exit(1)

p = P()
p.feed(open(sys.argv[1], encoding='utf-8').read())
want = {('keywords', 'bar'): 3, ('concepts', 'bar'): 3, ('keyness', 'bar'): 3, ('heatmap', 'cell'): 9}
for k, v in want.items():
    if p.n.get(k, 0) != v:
        fail('%s: %d %s elements, expected %d' % (k[0], p.n.get(k, 0), k[1], v))
    # The table beside the chart: a header row and one row per bar (per document for the heat map).
    rows = p.n.get((k[0], 'tr'), 0) - 1
    if rows != (3 if k[1] == 'bar' else 3):
        fail('%s: %d table rows' % (k[0], rows))
if p.tags.get('script') != 1:
    fail('%d script elements: markup from the input became an element' % p.tags.get('script', 0))
if p.tags.get('img') or p.tags.get('b') or p.tags.get('i'):
    fail('an img, b or i element from the input')
text = ''.join(p.texts)
for s in ('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<b>bold</b>'):
    if s not in text:
        fail('%r is not shown as text' % s)
print('ok: charts drawn, markup shown as text')
EOF
