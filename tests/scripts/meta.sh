# meta.sh: every command in the table answers --help on stdout with an empty
# stderr, agrees with its man page's synopsis, and has golden cases.
set -u
fail=0
for cmd in $($HRTK --list-cmds); do
	if ! $HRTK $cmd --help > help.out 2> help.err || [ -s help.err ]; then
		echo "hrtk $cmd --help: failed or wrote to stderr"; fail=1
	fi
	head -1 help.out | grep -q "^usage: hrtk $cmd" || { echo "hrtk $cmd: usage line"; fail=1; }
	$HRTK help $cmd > help2.out 2>&1 && cmp -s help.out help2.out || { echo "hrtk help $cmd differs"; fail=1; }
	page=$ROOT/man/hrtk-$cmd.1
	[ -f "$page" ] || { echo "no man page man/hrtk-$cmd.1"; fail=1; continue; }
	grep -q "Xr hrtk-$cmd 1" "$ROOT/man/hrtk.1" || { echo "man/hrtk.1 does not list $cmd"; fail=1; }
	ls "$ROOT/tests/cases/$cmd"/*/cmd > /dev/null 2>&1 || { echo "no golden cases for $cmd"; fail=1; }
done
$HRTK --version | grep -q '^hrtk [0-9]' || { echo "--version"; fail=1; }
$HRTK frob > /dev/null 2> err; [ $? = 2 ] && grep -q "'frob' is not an hrtk command" err || { echo "unknown command"; fail=1; }
exit $fail
