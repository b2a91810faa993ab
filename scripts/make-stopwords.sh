#!/bin/sh
# make-stopwords.sh: builds stopwords/ from ../shared/stopwords-src (run by
# hand when the sources change; the result is committed and embedded).
#   stopwords/LANG.txt       Snowball lists, for keyword counting (--stop)
#   stopwords/wide/LANG.txt  jusText lists, for telling prose from boilerplate
# LANG is the ISO 639-1 code. One word a line, sorted, unique, UTF-8.
set -eu
src=${1:-../shared/stopwords-src}
out=stopwords
mkdir -p "$out/wide"
snowball="da:danish nl:dutch en:english fi:finnish fr:french de:german hu:hungarian
id:indonesian ga:irish it:italian no:norwegian pt:portuguese ru:russian st:sesotho
es:spanish sv:swedish"
for pair in $snowball; do
	code=${pair%%:*} name=${pair#*:}
	sed 's/|.*//' "$src/snowball/$name.txt" | tr -s ' \t' '\n\n' | grep -v '^$' |
		LC_ALL=C sort -u > "$out/$code.txt"
done
justext="da:Danish nl:Dutch en:English fi:Finnish fr:French de:German hu:Hungarian
id:Indonesian ga:Irish it:Italian no:Norwegian_Bokmal pt:Portuguese ru:Russian
es:Spanish sv:Swedish cs:Czech pl:Polish ro:Romanian hr:Croatian sk:Slovak
sl:Slovenian el:Greek tr:Turkish ca:Catalan uk:Ukrainian bg:Bulgarian"
for pair in $justext; do
	code=${pair%%:*} name=${pair#*:}
	tr -d '\r' < "$src/justext/$name.txt" | grep -v '^$' | LC_ALL=C sort -u > "$out/wide/$code.txt"
done
{
	echo "Stop word lists, built by scripts/make-stopwords.sh."
	echo
	echo "LANG.txt: from the Snowball project (snowballstem.org), BSD licence:"
	echo
	cat "$src/snowball/LICENSE.txt"
	echo
	echo "wide/LANG.txt: from jusText (github.com/miso-belica/jusText), BSD licence:"
	echo
	cat "$src/justext/LICENSE.rst"
} > "$out/LICENSE"
