# clean-seeds.sh: hrtk clean on the seed documents scores shingle F1 >= 0.98
# against their gold (tests/score.py), drops every listed kind of boilerplate
# of seed 000 and keeps each pull quote's sentence exactly once. Seed 004 is
# markdown: until hrtk extract --from markdown lands, a crude sed strips it.
set -u
command -v python3 > /dev/null || { echo "python3 is not installed"; exit 77; }
s0=$SHARED/seeds/000_7beadabb187f6882.txt
s4=$SHARED/seeds/004_10857b0561434cd5.txt
[ -f "$s0" ] && [ -f "$s4" ] || { echo "no seeds under $SHARED/seeds"; exit 77; }
fail=0
floor() {
	f1=$(python3 "$ROOT/tests/score.py" "$1" "$2" | cut -d' ' -f1)
	echo "$3: F1 $f1"
	python3 -c "import sys; sys.exit(0 if float('$f1') >= 0.98 else 1)" || { echo "$3: below 0.98"; fail=1; }
}
"$HRTK" clean "$s0" > 000.txt || fail=1
floor "$SHARED/gold/000_7beadabb187f6882.txt" 000.txt "seed 000"
for s in 'Today: 122' '54% United States' JoomlaWatch Payday 'PDF Print E-mail' 'User Rating' \
	'protected from spambots' 'document.write' 'Our valuable member'; do
	grep -qF "$s" 000.txt && { echo "seed 000: '$s' survived"; fail=1; }
done
for q in 'Self-support groups seek to speak for themselves and object when professionals speak' \
	'It is not enough just to say that one has the right to exist when one is a drug user' \
	'made it possible to evolve from a "culture of survival" to a "culture of progress"'; do
	n=$(grep -cF "$q" 000.txt)
	[ "$n" = 1 ] || { echo "seed 000: '$q' found $n times"; fail=1; }
done
sed -E -e 's/^#+ +//' -e 's/\*\*//g' -e 's/\[([^]]*)\]\([^)]*\)/\1/g' -e 's/<(https?:[^>]*)>/\1/g' \
	-e 's/^ *[-*] +//' -e 's/^ *[0-9]+\. +//' -e '/^---$/d' -e 's/\*([^*]+)\*/\1/g' "$s4" > 004.md.txt
"$HRTK" clean 004.md.txt > 004.txt || fail=1
floor "$SHARED/gold/004_10857b0561434cd5.txt" 004.txt "seed 004 (sed-stripped)"
for s in Colophon 'Leopoldo Grosso' 'For more information' 'Neither the European Commission' \
	'co-sponsored'; do
	grep -qF "$s" 004.txt && { echo "seed 004: '$s' survived"; fail=1; }
done
grep -qx '6' 004.txt && { echo "seed 004: the page number survived"; fail=1; }
exit $fail
